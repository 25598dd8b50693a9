use crate::support::{on_both, problem, App, PASSWORD};
use serde_json::{json, Value};

const COMMUNITY: &str = "610302001001";

#[tokio::test]
async fn removing_the_only_police_officer_shows_the_gap_everywhere_it_should() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coord = app.token("coordinator").await;
        let station = app.token("station01").await;
        let path = "/610302/610302001/610302001001/";
        let before = fengqiao_web::forces::coverage::grid_shares(&app.server.state, path)
            .await
            .unwrap();
        let (_, card) = app
            .get_json("/api/v1/coverage?region=610302001", &station)
            .await;
        let police = |card: &Value| {
            card["mandates"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["code"] == "community_police_officer")
                .unwrap()
                .clone()
        };
        assert_eq!(police(&card)["gaps"].as_array().unwrap().len(), 0);

        let res = app
            .http
            .post(app.url("/api/v1/accounts/po001/deactivate"))
            .bearer_auth(&coord)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        problem(app.login("po001", PASSWORD).await, 401).await;

        let (_, card) = app
            .get_json("/api/v1/coverage?region=610302001", &station)
            .await;
        let gaps = police(&card)["gaps"].as_array().unwrap().clone();
        assert_eq!(gaps.len(), 1);
        assert_eq!(gaps[0]["region_code"], COMMUNITY);
        assert_eq!(police(&card)["met"], 9);

        let after = fengqiao_web::forces::coverage::grid_shares(&app.server.state, path)
            .await
            .unwrap();
        for (grid, share) in &after {
            assert!(*share < before[grid], "{grid} lost coverage");
        }
        let svg = app
            .get(
                &format!("/map.svg?region={COMMUNITY}&layer=coverage"),
                &station,
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !svg.contains(r##"<path fill="#34a853""##),
            "no grid of the community is fully covered any more"
        );
        assert!(svg.contains("达标"), "the coverage legend is drawn");

        let (_, problems) = app.get_json("/api/v1/lists/problems", &station).await;
        let titles: Vec<&str> = problems["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap())
            .collect();
        assert!(
            titles
                .iter()
                .any(|t| t.contains("福临社区") && t.contains("一社区(村)一民警")),
            "{titles:?}"
        );
        problem(app.get("/map.svg?layer=weather", &station).await, 400).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn teams_are_formed_at_their_level_inside_the_scope_and_count_once_staffed() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let cs = app.token("cs001").await;
        let (s, body) = app.post_json("/api/v1/teams", &cs, &json!({"name": "福临社区小区护院队(二)", "kind": "volunteer_patrol", "region_code": COMMUNITY})).await;
        assert_eq!(s, 201, "{body}");
        let id = body["id"].as_i64().unwrap();
        let (s, _) = app.post_json("/api/v1/teams", &cs, &json!({"name": "错层级", "kind": "rule_of_law_team", "region_code": COMMUNITY})).await;
        assert_eq!(s, 422, "a town's team cannot sit in a community");
        let (s, _) = app.post_json("/api/v1/teams", &cs, &json!({"name": "别人的", "kind": "volunteer_patrol", "region_code": "610302001002"})).await;
        assert_eq!(s, 404);
        let (s, _) = app.post_json("/api/v1/teams", &cs, &json!({"name": "x", "kind": "book_club", "region_code": COMMUNITY})).await;
        assert_eq!(s, 422);
        let gw = app.token("gw0001").await;
        let (s, _) = app.post_json("/api/v1/teams", &gw, &json!({"name": "x", "kind": "volunteer_patrol", "region_code": COMMUNITY})).await;
        assert_eq!(s, 403);

        let members = format!("/api/v1/teams/{id}/members");
        let (s, _) = app.post_json(&members, &cs, &json!({"name": "郑队长", "member_role": "队长", "phone": "123"})).await;
        assert_eq!(s, 422);
        let (s, _) = app.post_json(&members, &cs, &json!({"name": "郑队长", "member_role": "队长", "phone": "13600000006"})).await;
        assert_eq!(s, 201);
        let (_, team) = app.get_json(&format!("/api/v1/teams/{id}"), &cs).await;
        assert_eq!(team["team"]["members"], 1);
        assert_eq!(team["members"][0]["phone"], "136****0006");
        let (_, list) = app.get_json(&format!("/api/v1/teams?region={COMMUNITY}&kind=volunteer_patrol"), &cs).await;
        assert_eq!(list["total"], 2);
        problem(app.get(&format!("/api/v1/teams/{id}"), &app.token("cs002").await).await, 404).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_coordinator_edits_mandates_as_a_new_version() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coord = app.token("coordinator").await;
        let (_, current) = app.get_json("/api/v1/mandates", &coord).await;
        let mut list = current["mandates"].as_array().unwrap().clone();
        list.push(json!({"code": "community_two_officers", "name": "每社区两名民警", "level": "community", "requirement": {"type": "staff", "role": "police_officer", "min": 2}}));
        let res = app.http.put(app.url("/api/v1/mandates")).bearer_auth(&coord).json(&list).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let (_, card) = app.get_json("/api/v1/coverage", &coord).await;
        let two = card["mandates"].as_array().unwrap().iter().find(|m| m["code"] == "community_two_officers").unwrap();
        assert_eq!(two["met"], 0, "the demo has one officer per community");
        list.push(list[0].clone());
        problem(app.http.put(app.url("/api/v1/mandates")).bearer_auth(&coord).json(&list).send().await.unwrap(), 422).await;
        problem(app.http.put(app.url("/api/v1/mandates")).bearer_auth(&coord).json(&json!([{"code": "x"}])).send().await.unwrap(), 422).await;
        let town = app.token("town01").await;
        problem(app.http.put(app.url("/api/v1/mandates")).bearer_auth(&town).json(&json!([])).send().await.unwrap(), 403).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn teams_and_coverage_pages_render_for_a_town_centre() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let town = app.token("town01").await;
        let teams = app.get("/teams", &town).await.text().await.unwrap();
        assert!(teams.contains("经二路街道综合法治队伍") && teams.contains("组建队伍"));
        let coverage = app.get("/coverage", &town).await.text().await.unwrap();
        assert!(coverage.contains("一社区(村)一民警") && coverage.contains("100%"));
        let map = app
            .get("/map?layer=teams", &town)
            .await
            .text()
            .await
            .unwrap();
        assert!(map.contains("支力量"));
        let (_, duty) = app.get_json("/api/v1/lists/duty", &town).await;
        assert!(duty["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["title"].as_str().unwrap().contains("落实常态化要求")));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn lists_narrow_to_a_region_inside_the_scope() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coord = app.token("coordinator").await;
        let (_, all) = app.get_json("/api/v1/lists/problems", &coord).await;
        let (s, one) = app
            .get_json("/api/v1/lists/problems?region=610302100", &coord)
            .await;
        assert_eq!(s, 200);
        assert_eq!(one["region"], "610302100");
        assert!(one["total"].as_i64().unwrap() < all["total"].as_i64().unwrap());
        let (s, _) = app
            .get_json("/api/v1/lists/results?from=2026-13-01", &coord)
            .await;
        assert_eq!(s, 400);
        let (s, _) = app
            .get_json(
                "/api/v1/lists/results?from=2026-01-02&to=2026-01-01",
                &coord,
            )
            .await;
        assert_eq!(s, 400);
        let town = app.token("town01").await;
        let (s, _) = app
            .get_json("/api/v1/lists/tasks?region=610302100", &town)
            .await;
        assert_eq!(s, 404, "another town is out of scope");
        let (_, teams) = app
            .get_json(
                "/api/v1/teams?region=610302001&kind=rule_of_law_team",
                &town,
            )
            .await;
        let team = teams["items"][0]["id"].as_i64().unwrap();
        let (s, duty) = app
            .get_json(&format!("/api/v1/lists/duty?team={team}"), &town)
            .await;
        assert_eq!(s, 200);
        let titles: Vec<&str> = duty["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap())
            .collect();
        assert!(
            titles.iter().any(|t| t.contains("镇街综合法治队伍")),
            "{titles:?}"
        );
        let (s, _) = app.get_json("/api/v1/lists/duty?team=999999", &town).await;
        assert_eq!(s, 404);
        let (s, _) = app.get_json("/api/v1/lists/everything", &town).await;
        assert_eq!(s, 404);
        app.stop().await;
    })
    .await;
}

fn roster(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["队伍编号", "姓名", "职务", "手机", "身份证号"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn a_roster_with_bad_rows_is_refused_whole_unless_told_to_skip() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let cs = app.token("cs001").await;
        let (_, body) = app.post_json("/api/v1/teams", &cs, &json!({"name": "福临社区名册测试队", "kind": "volunteer_patrol", "region_code": COMMUNITY})).await;
        let team = body["id"].as_i64().unwrap().to_string();
        let (_, theirs) = app.get_json("/api/v1/teams?region=610302001002", &app.token("cs002").await).await;
        let foreign = theirs["items"][0]["id"].as_i64().unwrap().to_string();
        let file = roster(&[
            [&team, "孙甲", "队长", "13500000001", "11010519491231002X"],
            [&team, "孙乙", "队员", "12345", ""],
            [&team, "孙丙", "队员", "", "110105194912310021"],
            [&foreign, "孙丁", "队员", "", ""],
            [&team, "孙甲", "队员", "", "11010519491231002X"],
        ]);
        let post = |skip: bool| {
            app.http
                .post(app.url(&format!("/api/v1/teams/roster?skip_bad={skip}")))
                .bearer_auth(&cs)
                .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .body(file.clone())
                .send()
        };
        let refused = post(false).await.unwrap();
        assert_eq!(refused.status(), 422);
        let report: Value = refused.json().await.unwrap();
        let rows: Vec<i64> = report["rejected"].as_array().unwrap().iter().map(|r| r["row"].as_i64().unwrap()).collect();
        assert_eq!(rows, vec![3, 4, 5, 6]);
        assert!(report["rejected"][1]["reason"].as_str().unwrap().contains("校验位"));
        let (_, t) = app.get_json(&format!("/api/v1/teams/{team}"), &cs).await;
        assert_eq!(t["team"]["members"], 0, "nothing half-imported");

        let done = post(true).await.unwrap();
        assert_eq!(done.status(), 200);
        let report: Value = done.json().await.unwrap();
        assert_eq!(report["imported"], 1);
        let (_, t) = app.get_json(&format!("/api/v1/teams/{team}"), &cs).await;
        assert_eq!(t["members"][0]["id_number"], "110105********002X");
        let garbage = app.http.post(app.url("/api/v1/teams/roster")).bearer_auth(&cs).body(b"not a workbook".to_vec()).send().await.unwrap();
        problem(garbage, 422).await;
        // A damaged workbook that made calamine panic (found by fuzzing) is a clean 422 too.
        let damaged = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/corpus/roster_sheet/calamine-panic.xlsx")).unwrap();
        let res = app.http.post(app.url("/api/v1/teams/roster")).bearer_auth(&cs).body(damaged).send().await.unwrap();
        problem(res, 422).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_tiny_workbook_with_a_cell_at_the_last_column_and_row_is_refused_and_the_server_lives() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let cs = app.token("cs001").await;
        // The review's attack: cells at A1 and XFD1048576 (about 5 KB here) once made calamine
        // allocate a dense range of 17 billion cells and abort the whole process.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "队伍编号").unwrap();
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
        let bomb = book.save_to_buffer().unwrap();
        assert!(bomb.len() < 10_000);
        let res = app
            .http
            .post(app.url("/api/v1/teams/roster"))
            .bearer_auth(&cs)
            .body(bomb)
            .send()
            .await
            .unwrap();
        let p = problem(res, 422).await;
        assert!(p["detail"].as_str().unwrap().contains("行或"), "{p}");
        // A zip bomb: one part that unpacks past the budget.
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            use std::io::Write;
            let mut zip = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("xl/sharedStrings.xml", opts).unwrap();
            let block = vec![b' '; 1 << 20];
            for _ in 0..=(fengqiao_web::sheet::UNPACKED_BUDGET >> 20) {
                zip.write_all(&block).unwrap();
            }
            zip.finish().unwrap();
        }
        let res = app
            .http
            .post(app.url("/api/v1/teams/roster"))
            .bearer_auth(&cs)
            .body(buf.into_inner())
            .send()
            .await
            .unwrap();
        let p = problem(res, 422).await;
        assert!(p["detail"].as_str().unwrap().contains("解压后"), "{p}");
        // The server is still there and still imports a real roster.
        let (status, _) = app.get_json("/api/v1/teams", &cs).await;
        assert_eq!(status, 200);
        app.stop().await;
    })
    .await;
}

/// The coverage scorecard is kept between calls while the forces' data version stands. Every
/// table it reads moves the version, written here straight to the database as another node or
/// an import would (this server's writer never sees it), so the next answer follows at once;
/// a change to what it does not read (a team's name) leaves the version where it was.
#[tokio::test]
async fn the_kept_scorecard_follows_every_change_to_what_it_reads_from_any_process() {
    use fengqiao_store::versions::{version, FORCES};
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coord = app.token("coordinator").await;
        let pool = app.server.state.store.pool().clone();
        let met = |card: Value, code: &str| {
            card["mandates"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["code"] == code)
                .unwrap_or_else(|| panic!("mandate {code}"))["met"]
                .as_i64()
                .unwrap()
        };
        let card = || async { app.get_json("/api/v1/coverage", &coord).await.1 };
        let first = card().await;
        assert_eq!(card().await, first, "asked twice, the same scorecard");

        let stands = version(&pool, FORCES).await.unwrap();
        sqlx::query("UPDATE teams SET name = name || '(改名)'")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(version(&pool, FORCES).await.unwrap(), stands, "a name is not counted");
        assert_eq!(card().await, first);

        let changes = [
            (
                "community_police_officer",
                "UPDATE accounts SET active = 0 WHERE username = 'po001'",
            ),
            (
                "community_joint_defence",
                "UPDATE team_members SET active_to = 1 WHERE team_id IN \
                 (SELECT id FROM teams WHERE kind = 'joint_defence_team' AND region_code = '610302001001')",
            ),
            (
                "community_legal_adviser",
                "UPDATE teams SET active = 0 WHERE kind = 'legal_advisers' AND region_code = '610302001001'",
            ),
            (
                "community_psychological_room",
                "DELETE FROM facilities WHERE kind = 'psychological_service_room' AND region_code = '610302001001'",
            ),
            (
                "compound_video",
                "UPDATE cameras SET status = 'faulty' WHERE region_path LIKE '/610302/610302001/610302001001/%'",
            ),
        ];
        for (code, sql) in changes {
            let before = met(card().await, code);
            let v = version(&pool, FORCES).await.unwrap();
            let done = sqlx::query(sql).execute(&pool).await.unwrap();
            assert!(done.rows_affected() > 0, "{sql} changed nothing in the demo");
            assert!(version(&pool, FORCES).await.unwrap() > v, "{sql} moves the version");
            assert!(
                met(card().await, code) < before,
                "{code}: the next scorecard counts the change at once"
            );
        }
        app.stop().await;
    })
    .await;
}
