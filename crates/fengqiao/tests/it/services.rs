//! Serving residents, as they meet it: the catalogue, an online application whose deadline is
//! counted in working days on the calendar the coordinator loaded (make-up days included,
//! the clock stopped while on hold), and the calendar itself.

use crate::support::{on_both, App};
use chrono::{Datelike, Duration as Days, NaiveDate, Weekday};
use fengqiao_core::calendar::date_of;
use serde_json::{json, Value};

const GRID_A: &str = "610302001001001";

/// A holiday file around today: tomorrow a make-up working day, then a week off, then two
/// working days named as such (so the weekday today falls on does not matter).
fn holiday_week(today: NaiveDate) -> String {
    let d = |n: i64| (today + Days::days(n)).format("%Y-%m-%d").to_string();
    let mut lines = vec![format!("{},workday,调休上班", d(1))];
    lines.extend((2..=8).map(|n| format!("{},holiday,国庆节", d(n))));
    lines.push(format!("{},workday,工作日", d(9)));
    lines.push(format!("{},workday,工作日", d(10)));
    lines.join("\n")
}

#[tokio::test]
async fn an_application_is_due_after_its_working_days_counting_the_make_up_day() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (coordinator, resident, gw) = (app.token("coordinator").await, app.token("res001").await, app.token("gw0001").await);
        let (_, catalogue) = app.get_json("/api/v1/services", "").await;
        assert!(catalogue.as_array().unwrap().len() >= 40, "the demo's catalogue");
        let (s, guide) = app.get_json("/api/v1/services/no-crime-cert", "").await;
        assert_eq!(s, 200);
        assert_eq!(guide["time_limit"], "3 个工作日");

        let today = date_of(fengqiao_store::now_ms());
        let file = holiday_week(today);
        let post = |token: &str, body: String| {
            let req = app.http.post(app.url("/api/v1/calendar")).bearer_auth(token).body(body);
            async move { req.send().await.unwrap() }
        };
        assert_eq!(post(&resident, file.clone()).await.status(), 403);
        let bad = post(&coordinator, "2026-02-30,holiday,不存在的日子".into()).await;
        assert_eq!(bad.status(), 422);
        let bad: Value = bad.json().await.unwrap();
        assert!(bad["detail"].as_str().unwrap().contains("第 1 行"), "{bad}");
        let res = post(&coordinator, file).await;
        assert_eq!(res.status(), 200);

        let (s, a) = app.post_json("/api/v1/service-requests", &resident, &json!({"matter_code": "no-crime-cert", "applicant_name": "李秀英", "applicant_phone": "13909170013", "grid_code": GRID_A})).await;
        assert_eq!(s, 201, "{a}");
        // The make-up day (tomorrow), then the two days after the holiday week.
        let due = (today + Days::days(10)).format("%Y-%m-%d").to_string();
        assert_eq!(a["due"], due, "{a}");
        let today_works = !matches!(today.weekday(), Weekday::Sat | Weekday::Sun);
        assert_eq!(a["remaining_working_days"], 3 + i64::from(today_works), "{a}");
        assert!(a["tracking_code"].as_str().unwrap().starts_with("FS"));
        let id = a["id"].as_i64().unwrap();

        let (s, p) = app.post_json(&format!("/api/v1/service-requests/{id}/act"), &resident, &json!({"action": "done", "text": "自己办结"})).await;
        assert_eq!(s, 403, "{p}");
        let (s, p) = app.post_json(&format!("/api/v1/service-requests/{id}/act"), &gw, &json!({"action": "hold"})).await;
        assert_eq!(s, 422, "a hold says why: {p}");
        let (s, held) = app.post_json(&format!("/api/v1/service-requests/{id}/act"), &gw, &json!({"action": "hold", "text": "缺少身份证复印件"})).await;
        assert_eq!(s, 200, "{held}");
        assert_eq!(held["status_label"], "暂停计时(等待补正)");
        assert_eq!(held["remaining_working_days"], a["remaining_working_days"], "the days left are kept");
        let (s, resumed) = app.post_json(&format!("/api/v1/service-requests/{id}/act"), &gw, &json!({"action": "resume"})).await;
        assert_eq!(s, 200, "{resumed}");
        assert_eq!(resumed["due"], due, "resumed the same day: the same due day");
        let (s, _) = app.post_json(&format!("/api/v1/service-requests/{id}/act"), &gw, &json!({"action": "resume"})).await;
        assert_eq!(s, 409);
        let (s, done) = app.post_json(&format!("/api/v1/service-requests/{id}/act"), &gw, &json!({"action": "done", "text": "证明已开具,请到派出所领取"})).await;
        assert_eq!(s, 200);
        assert_eq!(done["status_label"], "已办结");

        let (_, mine) = app.get_json("/api/v1/service-requests", &resident).await;
        assert!(mine.as_array().unwrap().iter().any(|x| x["id"] == id));
        let (_, theirs) = app.get_json("/api/v1/service-requests", &app.token("res002").await).await;
        assert!(!theirs.as_array().unwrap().iter().any(|x| x["id"] == id), "another resident does not see it");
        let (_, staff) = app.get_json("/api/v1/service-requests", &gw).await;
        let listed = staff.as_array().unwrap().iter().find(|x| x["id"] == id).unwrap().clone();
        assert_ne!(listed["applicant_phone"], "13909170013", "masked in lists");
        let (_, results) = app.get_json("/api/v1/lists/results", &gw).await;
        assert!(results.to_string().contains("无犯罪记录证明 已办结"), "{results}");

        let page = app.page(&format!("/service-requests/{id}"), &resident).await;
        assert!(page.contains(&due) && page.contains("证明已开具"), "{page}");
        let page = app.page("/calendar", &coordinator).await;
        assert!(page.contains("调休上班") && page.contains("导入一年的安排"), "{page}");
        let guide = app.http.get(app.url("/services/no-crime-cert")).send().await.unwrap().text().await.unwrap();
        assert!(guide.contains("3 个工作日") && guide.contains("登录"), "the guide is public; applying needs an account");
        let (s, p) = app.post_json("/api/v1/service-requests", &resident, &json!({"matter_code": "no-such-thing", "applicant_name": "李秀英", "applicant_phone": "13909170013", "grid_code": GRID_A})).await;
        assert_eq!(s, 422, "{p}");
        let (s, p) = app.post_json("/api/v1/service-requests", &resident, &json!({"matter_code": "dibao", "applicant_name": "李秀英", "applicant_phone": "12345", "grid_code": GRID_A})).await;
        assert_eq!(s, 422, "{p}");
        app.stop().await;
    })
    .await;
}

/// 掌上问: a resident's question is theirs and staff's until answered, then everyone's, found by
/// its words; it is answered once.
#[tokio::test]
async fn an_answered_question_is_public_and_found_by_its_words() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (resident, cs) = (app.token("res001").await, app.token("cs001").await);
        let (s, q) = app.post_json("/api/v1/questions", &resident, &json!({"matter_code": "elderly-allowance", "question": "父亲刚满八十岁,高龄补贴从哪个月开始发?"})).await;
        assert_eq!(s, 201, "{q}");
        let id = q["id"].as_i64().unwrap();
        let (s, p) = app.post_json("/api/v1/questions", &resident, &json!({"matter_code": "no-such-matter", "question": "这个事项怎么办理?"})).await;
        assert_eq!(s, 422, "{p}");
        let (_, public) = app.get_json("/api/v1/questions?q=高龄补贴", "").await;
        assert!(!public.to_string().contains("八十岁"), "not public before it is answered");
        let (_, theirs) = app.get_json("/api/v1/questions?matter=elderly-allowance", &resident).await;
        assert!(theirs.to_string().contains("八十岁"), "the asker sees it");
        let (_, staff) = app.get_json("/api/v1/questions", &cs).await;
        assert!(staff.to_string().contains("八十岁"), "staff see it to answer");
        let (s, _) = app.post_json(&format!("/api/v1/questions/{id}/answer"), &resident, &json!({"answer": "自己答"})).await;
        assert_eq!(s, 403);
        let (s, a) = app.post_json(&format!("/api/v1/questions/{id}/answer"), &cs, &json!({"answer": "满 80 周岁的次月起按月发放,需先提交申请"})).await;
        assert_eq!(s, 200, "{a}");
        assert!(a["answered_by"].as_str().unwrap().contains("社区工作人员"), "{a}");
        let (s, _) = app.post_json(&format!("/api/v1/questions/{id}/answer"), &cs, &json!({"answer": "再答一次"})).await;
        assert_eq!(s, 409);
        let (_, found) = app.get_json("/api/v1/questions?q=高龄补贴%20八十岁", "").await;
        assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
        assert_eq!(found[0]["answer"], "满 80 周岁的次月起按月发放,需先提交申请");
        let (_, none) = app.get_json("/api/v1/questions?q=%25", "").await;
        assert!(none.as_array().unwrap().iter().all(|x| x["answered"].is_string()), "a wildcard is only a character");
        let page = app.http.get(app.url("/services/elderly-allowance")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("八十岁") && page.contains("次月起按月发放"), "{page}");
        // The search box (staff) finds it too, whatever their place, linking the matter.
        let (_, hits) = app.get_json("/api/v1/search?q=八十岁", &app.token("gw0002").await).await;
        assert!(hits.to_string().contains("办事问答") && hits.to_string().contains("/services/elderly-allowance"), "{hits}");
        app.stop().await;
    })
    .await;
}

const XLSX_READER: &str = r#"
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))
print(json.dumps({"header": rows[0][0], "rows": len(rows) - 1, "days": [r[7] for r in rows[1:] if r[0] == "no-crime-cert"]}, ensure_ascii=False))
"#;

/// The catalogue goes out as .xlsx (openpyxl reads it) and comes back in: the same file updates
/// every matter; a file with a bad row writes nothing and names the row.
#[tokio::test]
async fn the_catalogue_goes_out_and_comes_back_as_excel() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        let res = app.get("/api/v1/services/export", &coordinator).await;
        assert_eq!(res.status(), 200);
        let bytes = res.bytes().await.unwrap();
        if let Some(out) = crate::support::python(&["openpyxl"], XLSX_READER, (".xlsx", &bytes)) {
            let v: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(
                (v["header"].as_str(), v["rows"].as_i64()),
                (Some("事项编码"), Some(40)),
                "{v}"
            );
            assert_eq!(v["days"][0], 3);
        }
        let post = |body: Vec<u8>| {
            let req = app
                .http
                .post(app.url("/api/v1/services/import"))
                .bearer_auth(&coordinator)
                .body(body);
            async move { req.send().await.unwrap() }
        };
        let res = post(bytes.to_vec()).await;
        assert_eq!(res.status(), 200);
        let report: Value = res.json().await.unwrap();
        assert_eq!(
            (report["added"].as_i64(), report["updated"].as_i64()),
            (Some(0), Some(40)),
            "{report}"
        );

        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in [
            "事项编码",
            "事项名称",
            "类别",
            "所需材料",
            "办理流程",
            "办理地点",
            "收费",
            "承诺时限(工作日)",
            "办理依据",
            "可在线办理",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, (code, name, days)) in [
            ("new-matter", "新增测试事项", "5"),
            ("bad code!", "编码有误", "5"),
            ("slow", "时限有误", "很快"),
        ]
        .iter()
        .enumerate()
        {
            let r = r as u32 + 1;
            ws.write_string(r, 0, *code).unwrap();
            ws.write_string(r, 1, *name).unwrap();
            ws.write_string(r, 2, "测试").unwrap();
            ws.write_string(r, 7, *days).unwrap();
        }
        let res = post(book.save_to_buffer().unwrap()).await;
        assert_eq!(res.status(), 422);
        let report: Value = res.json().await.unwrap();
        assert_eq!(report["written"], false);
        let rows: Vec<i64> = report["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[0].as_i64().unwrap())
            .collect();
        assert_eq!(rows, [3, 4], "{report}");
        let (s, _) = app.get_json("/api/v1/services/new-matter", "").await;
        assert_eq!(s, 404, "nothing written");
        let res = post(b"PK\x03\x04 not really a workbook".to_vec()).await;
        assert_eq!(res.status(), 422);
        let res = app
            .http
            .post(app.url("/api/v1/services/import"))
            .bearer_auth(app.token("cs001").await)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        app.stop().await;
    })
    .await;
}

/// Errand proxy (民生实事代办) and the feedback book (意见建议) are in the catalogue and on the
/// report page; an entry reaches the grid worker, is answered, the resident reads the answer
/// by tracking code, and it counts among the services completed.
#[tokio::test]
async fn errands_and_the_feedback_book_are_answered_and_counted_like_other_requests() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (resident, gw) = (app.token("res001").await, app.token("gw0001").await);
        let (_, catalogue) = app.get_json("/api/v1/services", "").await;
        for code in ["need-errand", "need-feedback"] {
            assert!(
                catalogue
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["service_code"] == code && s["kind"] == "need"),
                "{code}"
            );
        }
        let form = app
            .http
            .get(app.url("/report"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(form.contains("民生实事代办") && form.contains("意见建议"));
        let mut codes = Vec::new();
        for (service, text) in [
            ("need-errand", "母亲行动不便,请帮忙代办高龄补贴年审"),
            ("need-feedback", "建议小区门口增设一处公交站牌的遮阳棚"),
        ] {
            let (s, r) = app
                .post_json(
                    "/api/v1/reports",
                    &resident,
                    &json!({"service_code": service, "description": text, "grid_code": GRID_A}),
                )
                .await;
            assert_eq!(s, 201, "{r}");
            codes.push(r["tracking_code"].as_str().unwrap().to_owned());
        }
        let (_, list) = app.get_json("/api/v1/requests", &gw).await;
        let feedback = list["items"]
            .as_array()
            .or(list.as_array())
            .unwrap()
            .iter()
            .find(|r| {
                r["description"]
                    .as_str()
                    .is_some_and(|d| d.contains("遮阳棚"))
            })
            .expect("the worker has it")
            .clone();
        let id = feedback["id"].as_i64().unwrap();
        let (s, done) = app
            .post_json(
                &format!("/api/v1/requests/{id}/done"),
                &gw,
                &json!({"reply": "已向公交公司反映,下月安装"}),
            )
            .await;
        assert_eq!(s, 200, "{done}");
        let track = app
            .http
            .get(app.url(&format!("/track/{}", codes[1])))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(track.contains("下月安装"), "{track}");
        let (_, results) = app.get_json("/api/v1/lists/results", &gw).await;
        assert!(results.to_string().contains("意见建议"), "{results}");
        app.stop().await;
    })
    .await;
}

/// The coordinator keeps the catalogue from its page: exports it as Excel and imports it back
/// (all or nothing); a damaged file is refused beside the form and nothing changes.
#[tokio::test]
async fn the_coordinator_exports_and_imports_the_catalogue_from_its_page() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        let page = app.page("/services", &coordinator).await;
        assert!(
            page.contains("导出全部事项(Excel)") && page.contains(r#"action="/services/import""#)
        );
        assert!(
            !app.page("/services", &app.token("gw0001").await)
                .await
                .contains("目录维护"),
            "only the coordinator keeps it"
        );
        let sheet = app
            .http
            .get(app.url("/api/v1/services/export"))
            .header("cookie", format!("fq_session={coordinator}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            sheet.status(),
            200,
            "the page's link works with the session"
        );
        let bytes = sheet.bytes().await.unwrap().to_vec();
        let upload = |bytes: Vec<u8>| {
            let req = app
                .http
                .post(app.url("/services/import"))
                .header("cookie", format!("fq_csrf=tok; fq_session={coordinator}"))
                .multipart(reqwest::multipart::Form::new().text("csrf", "tok").part(
                    "sheet",
                    reqwest::multipart::Part::bytes(bytes).file_name("services.xlsx"),
                ));
            async move { req.send().await.unwrap() }
        };
        let res = upload(bytes).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("已导入:新增 0 项,修改 4"), "{html}");
        let res = upload(b"PK\x03\x04 not really a workbook".to_vec()).await;
        assert!(res.status().is_client_error(), "{}", res.status());
        assert!(res.text().await.unwrap().contains(r#"role="alert""#));
        app.stop().await;
    })
    .await;
}
