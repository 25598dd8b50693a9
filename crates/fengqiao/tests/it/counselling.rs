//! Psychological services' confidentiality as the done-when puts it: a counsellor's note is
//! read by that counsellor, by nobody else through any page, API, search or audit entry, and
//! is not in the database file; a supervisor reads it only by breaking the glass, which is
//! audited and told to the counsellor; a crisis flag reaches the supervisor and the community.

use crate::support::{on_both, App};
use serde_json::json;

const NOTE: &str = "机密笔记-枫桥-7Q3Z:来访者提到长期失眠与家庭冲突";
/// What of the note is looked for in stored bytes: long enough that no random text holds it by
/// chance (the four characters 7Q3Z alone once turned up inside a demo account's password hash).
const MARK: &str = "枫桥-7Q3Z";

fn contains_bytes(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The demo's appointment of res001 with counsellor xl01, supervised by xl03.
async fn appointment(app: &App, counsellor: &str) -> i64 {
    let (s, list) = app
        .get_json("/api/v1/counselling/appointments", counsellor)
        .await;
    assert_eq!(s, 200, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["alias"] == "小林")
        .expect("the demo's appointment")["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_counsellors_note_is_theirs_alone_and_break_glass_is_audited_and_told() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let counsellor = app.token("xl01").await;
        let id = appointment(&app, &counsellor).await;
        let (s, notes) = app.post_json(&format!("/api/v1/counselling/appointments/{id}/notes"), &counsellor, &json!({"text": NOTE})).await;
        assert_eq!(s, 201, "{notes}");
        assert_eq!(notes[0]["text"], NOTE);

        // Nobody else reads it: not the coordinator, the administrator, another counsellor, the
        // resident who booked, the supervisor without breaking the glass.
        for who in ["coordinator", "admin", "xl02", "res001", "xl03", "cs001"] {
            let token = app.token(who).await;
            let (_, found) = app.get_json("/api/v1/search?q=长期失眠", &token).await;
            assert!(!found.to_string().contains("counselling") && found["hits"].as_array().is_none_or(|h| h.iter().all(|h| !h.to_string().contains("失眠"))), "{who} searched: {found}");
            for path in [format!("/api/v1/counselling/appointments/{id}/notes"), format!("/api/v1/counselling/appointments/{id}"), "/api/v1/counselling/appointments".into()] {
                let res = app.get(&path, &token).await;
                let text = res.text().await.unwrap();
                assert!(!text.contains(MARK) && !text.contains("长期失眠"), "{who} {path}: {text}");
            }
            let page = app.page(&format!("/counselling/appointments/{id}"), &token).await;
            assert!(!page.contains(MARK), "{who}'s page");
        }
        let (s, _) = app.get_json(&format!("/api/v1/counselling/appointments/{id}"), &app.token("coordinator").await).await;
        assert_eq!(s, 404, "the coordinator does not even find the appointment");
        let (s, _) = app.get_json(&format!("/api/v1/counselling/appointments/{id}/notes"), &app.token("xl03").await).await;
        assert_eq!(s, 403, "the supervisor must break the glass");
        let (s, _) = app.post_json(&format!("/api/v1/counselling/appointments/{id}/break-glass"), &app.token("coordinator").await, &json!({"reason": "区协调员要求查看全部个案记录以便统计"})).await;
        assert_eq!(s, 404);

        // Not in the store as text: not in the notes table, not in the audit log, not in any
        // notice, and (on SQLite) nowhere in the database file.
        let pool = app.server.state.store.pool().clone();
        let sealed: Vec<String> = sqlx::query_scalar("SELECT sealed FROM counselling_notes").fetch_all(&pool).await.unwrap();
        assert!(!sealed.is_empty() && sealed.iter().all(|s| s.starts_with("n1:") && !s.contains(MARK)));
        app.audit_settled().await;
        let audit: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_log").fetch_all(&pool).await.unwrap();
        assert!(audit.iter().all(|d| !d.contains(MARK)));
        let notices: Vec<String> = sqlx::query_scalar("SELECT title FROM notifications").fetch_all(&pool).await.unwrap();
        assert!(notices.iter().all(|d| !d.contains(MARK)));
        let url = app.server.state.store.url().to_owned();
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            let path = path.split('?').next().unwrap();
            let main = std::fs::read(path).expect("the database file");
            assert!(main.len() > 100_000 && !contains_bytes(&main, MARK), "the note is in the database file as text");
            if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
                assert!(!contains_bytes(&wal, MARK), "the note is in the write-ahead log as text");
            }
        }

        // The supervisor breaks the glass: a reason is needed; the reading is audited and the
        // counsellor told.
        let supervisor = app.token("xl03").await;
        let (s, p) = app.post_json(&format!("/api/v1/counselling/appointments/{id}/break-glass"), &supervisor, &json!({"reason": "看看"})).await;
        assert_eq!(s, 422, "{p}");
        let (s, read) = app.post_json(&format!("/api/v1/counselling/appointments/{id}/break-glass"), &supervisor, &json!({"reason": "来访者家属来电称其有自伤念头,需了解既往评估"})).await;
        assert_eq!(s, 200, "{read}");
        assert_eq!(read[0]["text"], NOTE);
        app.audit_settled().await;
        let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'counselling.break_glass' AND actor = 'xl03' AND record_id = $1")
            .bind(id.to_string())
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(logged, 1);
        let (_, inbox) = app.get_json("/api/v1/notifications", &counsellor).await;
        assert!(inbox.to_string().contains("紧急查阅了您的个案"), "{inbox}");
        let page = app.page(&format!("/counselling/appointments/{id}"), &counsellor).await;
        assert!(page.contains("紧急查阅:来访者家属来电") && page.contains(NOTE), "the counsellor sees who read and why");
        app.stop().await;
    })
    .await;
}

/// A crisis flag reaches the supervisor's and the community's lists and inboxes at once;
/// residents book under an alias; the coordinator keeps the pool but can be no counsellor.
#[tokio::test]
async fn a_crisis_reaches_supervisor_and_community_and_the_pool_keeps_managers_out() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let counsellor = app.token("xl01").await;
        let id = appointment(&app, &counsellor).await;
        let (s, _) = app.post_json(&format!("/api/v1/counselling/appointments/{id}/crisis"), &app.token("res001").await, &json!({})).await;
        assert_eq!(s, 403);
        let (s, flagged) = app.post_json(&format!("/api/v1/counselling/appointments/{id}/crisis"), &counsellor, &json!({})).await;
        assert_eq!(s, 200, "{flagged}");
        assert_eq!(flagged["crisis"], true);
        for who in ["xl03", "cs001"] {
            let token = app.token(who).await;
            let (_, tasks) = app.get_json("/api/v1/lists/tasks", &token).await;
            assert!(tasks.to_string().contains("心理危机干预"), "{who}: {tasks}");
            let (_, inbox) = app.get_json("/api/v1/notifications", &token).await;
            assert!(inbox.to_string().contains("心理危机干预"), "{who}: {inbox}");
        }

        let resident = app.token("res002").await;
        let (_, pool) = app.get_json("/api/v1/counsellors", "").await;
        let xl02 = pool.as_array().unwrap().iter().find(|c| c["level"] == "town").unwrap()["id"].as_i64().unwrap();
        assert!(!pool.to_string().contains("xl0"), "no usernames in the public pool");
        let day = fengqiao_core::time::day(fengqiao_store::now_ms() + 3 * fengqiao_core::time::DAY_MS);
        let (s, booked) = app.post_json("/api/v1/counselling/appointments", &resident, &json!({"counsellor_id": xl02, "alias": "路人甲", "day": day, "time": "15:00", "contact": "13909170099"})).await;
        assert_eq!(s, 201, "{booked}");
        assert_eq!(booked["status_label"], "已预约,待确认");
        assert!(!booked.to_string().contains("13909170099"));
        let (s, _) = app.post_json("/api/v1/counselling/appointments", &resident, &json!({"counsellor_id": xl02, "alias": "路人甲", "day": day, "time": "23:00"})).await;
        assert_eq!(s, 422);

        let coordinator = app.token("coordinator").await;
        let (s, p) = app.post_json("/api/v1/counsellors", &coordinator, &json!({"username": "admin", "qualification": "心理咨询师", "level": "district", "region_code": "610302"})).await;
        assert_eq!(s, 422, "{p}");
        let (s, p) = app.post_json("/api/v1/counsellors", &resident, &json!({"username": "cs001", "qualification": "心理咨询师", "level": "community", "region_code": "610302001001"})).await;
        assert_eq!(s, 403, "{p}");
        let (s, added) = app.post_json("/api/v1/counsellors", &coordinator, &json!({"username": "cs001", "qualification": "社区心理服务志愿者", "level": "community", "region_code": "610302001001", "supervisor": "xl03"})).await;
        assert_eq!(s, 201, "{added}");
        assert_eq!(added["level_label"], "社区");
        app.stop().await;
    })
    .await;
}
