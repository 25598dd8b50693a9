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
