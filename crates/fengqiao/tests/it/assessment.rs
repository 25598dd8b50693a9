use crate::support::{on_both, problem, App};
use calamine::{open_workbook_auto, Reader};
use serde_json::json;

#[tokio::test]
async fn the_assessment_ranks_each_level_with_weighted_indicators() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coord = app.token("coordinator").await;
        let (s, t) = app.get_json("/api/v1/assessment?level=town", &coord).await;
        assert_eq!(s, 200, "{t}");
        let rows = t["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 10);
        assert_eq!(rows[0]["rank"], 1);
        let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "ranked by score: {scores:?}");
        assert!(rows.iter().all(|r| r["values"]["coverage_met"].as_f64().is_some()));
        assert!(rows.iter().any(|r| r["values"]["settled_low_share"].as_f64().is_some()));
        assert!(rows.iter().all(|r| r["values"]["patrol_hours"].as_f64().is_some()), "patrol hours from the patrols");
        assert!(rows.iter().any(|r| r["values"]["patrol_hours"].as_f64().unwrap() > 0.0));
        let bayu = rows.iter().find(|r| r["region_name"] == "八鱼镇").unwrap();
        assert!(bayu["values"]["coverage_met"].as_f64().unwrap() < 100.0, "the town without a rescue team is not fully covered");

        let (_, grids) = app.get_json("/api/v1/assessment?level=grid", &coord).await;
        assert_eq!(grids["rows"].as_array().unwrap().len(), 600);
        let town = app.token("town01").await;
        let (_, mine) = app.get_json("/api/v1/assessment?level=community", &town).await;
        assert_eq!(mine["rows"].as_array().unwrap().len(), 10, "a town sees its own communities");
        problem(app.get("/api/v1/assessment?level=building", &coord).await, 400).await;
        let (_, teams) = app.get_json("/api/v1/assessment?level=team", &town).await;
        let team_rows = teams["rows"].as_array().unwrap();
        assert!(team_rows.len() > 30, "the street's teams are ranked");
        assert!(team_rows.iter().all(|r| r["region_code"].as_str().unwrap().starts_with("team:")));

        let w = json!({"settled_low_share": 0, "overdue": 0, "followup_completion": 0, "patrol_hours": 0, "services_completed": 0, "coverage_met": 100});
        let res = app.http.put(app.url("/api/v1/assessment/weights")).bearer_auth(&coord).json(&w).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let (_, t) = app.get_json("/api/v1/assessment?level=town", &coord).await;
        for r in t["rows"].as_array().unwrap() {
            let cov = r["values"]["coverage_met"].as_f64().unwrap();
            assert!((r["score"].as_f64().unwrap() - (cov * 10.0).round() / 10.0).abs() < 0.11, "score follows the only weighted indicator");
        }
        let bad = app.http.put(app.url("/api/v1/assessment/weights")).bearer_auth(&coord).json(&json!({"luck": 5})).send().await.unwrap();
        problem(bad, 422).await;
        let denied = app.http.put(app.url("/api/v1/assessment/weights")).bearer_auth(&town).json(&w).send().await.unwrap();
        problem(denied, 403).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_assessment_exports_one_sheet_per_level() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coord = app.token("coordinator").await;
        let res = app.get("/assessment.xlsx", &coord).await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        // Named with the region and the period (RFC 6266 filename* for the Chinese name).
        let disposition = res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
        let encoded = disposition.split("filename*=UTF-8''").nth(1).unwrap();
        let name: String = form_urlencoded::parse(format!("n={encoded}").as_bytes())
            .next()
            .unwrap()
            .1
            .into_owned();
        assert!(
            name.starts_with("渭滨区考核_") && name.ends_with(".xlsx"),
            "{name}"
        );
        let bytes = res.bytes().await.unwrap();
        // Every sheet keeps its header row in view and sets its column widths.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(
            xml.contains(r#"ySplit="1""#) && xml.contains("<cols>"),
            "frozen header and widths"
        );
        let file =
            std::env::temp_dir().join(format!("fq-assessment-{:x}.xlsx", rand::random::<u64>()));
        std::fs::write(&file, &bytes).unwrap();
        let mut book = open_workbook_auto(&file).unwrap();
        assert_eq!(book.sheet_names(), vec!["镇街", "社区", "网格", "队伍"]);
        for (sheet, rows) in [("镇街", 11), ("社区", 101), ("网格", 601)] {
            let range = book.worksheet_range(sheet).unwrap();
            assert_eq!(range.height(), rows, "{sheet}");
        }
        let page = app
            .get("/assessment?level=community", &coord)
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("综合得分") && page.contains("保存权重"));
        app.stop().await;
    })
    .await;
}
