//! Door-to-door care as staff meet it: registering with consent and a checked ID number, the
//! first visit planned by category, a visit moving the plan on and a finding opening a need
//! with its tracking code, missed visits on the problem lists and the overdue list, masking
//! in lists and audited reads, "visits on time" in the assessment.

use crate::support::{on_both, App};
use fengqiao_core::IdNumber;
use serde_json::json;

const GRID_A: &str = "610302001001001";

fn id_number() -> String {
    let first17 = "61030219400215002";
    format!(
        "{first17}{}",
        IdNumber::check_char(first17.as_bytes()) as char
    )
}

#[tokio::test]
async fn a_registered_person_is_visited_on_plan_and_a_finding_opens_a_need() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (gw, out, resident) = (app.token("gw0001").await, app.token("gw0002").await, app.token("res001").await);
        let today = fengqiao_core::time::day(fengqiao_store::now_ms());
        let body = json!({"category": "elderly_alone", "name": "郝桂芝", "id_number": id_number(), "phone": "13909175555", "grid_code": GRID_A, "consent_day": today, "consent_note": "本人签字同意书"});
        let (s, p) = app.post_json("/api/v1/care", &resident, &body).await;
        assert_eq!(s, 403, "{p}");
        let mut no_consent = body.clone();
        no_consent["consent_day"] = json!("");
        let (s, p) = app.post_json("/api/v1/care", &gw, &no_consent).await;
        assert_eq!(s, 422);
        assert!(p["detail"].as_str().unwrap().contains("同意"), "{p}");
        let mut bad_id = body.clone();
        bad_id["id_number"] = json!("610302194002150021");
        if bad_id["id_number"] != json!(id_number()) {
            assert_eq!(app.post_json("/api/v1/care", &gw, &bad_id).await.0, 422);
        }
        let (s, p) = app.post_json("/api/v1/care", &out, &body).await;
        assert_eq!(s, 422, "another grid's worker: {p}");
        let (s, person) = app.post_json("/api/v1/care", &gw, &body).await;
        assert_eq!(s, 201, "{person}");
        assert_eq!(person["plan"], "每月走访一次(可延后 7 天)");
        let due = fengqiao_core::time::day(fengqiao_store::now_ms() + 30 * fengqiao_core::time::DAY_MS);
        assert_eq!(person["due"], due);
        let id = person["id"].as_i64().unwrap();

        let (_, list) = app.get_json("/api/v1/care", &gw).await;
        let row = list.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
        assert_ne!(row["id_number"], id_number(), "masked in lists");
        assert_ne!(row["phone"], "13909175555");
        let (s, _) = app.get_json(&format!("/api/v1/care/{id}"), &out).await;
        assert_eq!(s, 404, "out of scope");

        let (s, visited) = app.post_json(&format!("/api/v1/care/{id}/visits"), &gw, &json!({"done": "送去米面油,讲解高龄补贴", "found": "老人腿脚不便,需要助餐服务", "open_service": "need-elderly"})).await;
        assert_eq!(s, 201, "{visited}");
        let code = visited["finding"].as_str().unwrap().to_owned();
        assert_eq!(visited["visits"][0]["on_time"], true);
        assert_eq!(visited["person"]["id_number"], id_number(), "whole when one person is opened");
        let (s, tracked) = app.get_json(&format!("/api/v1/track/{code}"), "").await;
        assert_eq!(s, 200, "the need exists: {tracked}");
        app.audit_settled().await;
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'care.read' AND record_id = $1")
            .bind(id.to_string())
            .fetch_one(app.server.state.store.pool())
            .await
            .unwrap();
        assert!(audited >= 1);
        let (s, p) = app.post_json(&format!("/api/v1/care/{id}/visits"), &gw, &json!({"done": "回访", "visited_at": "2099-01-01T10:00"})).await;
        assert_eq!(s, 422, "{p}");

        // The demo's missed visits: counted on the server, on the overdue list and the problems.
        let (s, overdue) = app.get_json("/api/v1/care/overdue", &app.token("town01").await).await;
        assert_eq!(s, 200);
        assert!(overdue["count"].as_i64().unwrap() >= 1, "{overdue}");
        assert!(overdue["items"].as_array().unwrap().iter().all(|r| r["overdue"] == true));
        let (_, problems) = app.get_json("/api/v1/lists/problems", &app.token("town01").await).await;
        assert!(problems.to_string().contains("逾期未走访"), "{problems}");
        let page = app.page("/care?overdue=1", &gw).await;
        assert!(page.contains("逾期未走访") && page.contains("逾期 ") && !page.contains(">elderly_alone") && !page.contains("· elderly_alone"), "names, not codes");
        let page = app.page(&format!("/care/{id}"), &gw).await;
        assert!(page.contains("郝桂芝") && page.contains(&code) && page.contains("独居老人"), "{page}");

        let (_, table) = app.get_json("/api/v1/assessment?level=town", &app.token("coordinator").await).await;
        assert!(table.to_string().contains("visits_on_time"), "{table}");
        app.stop().await;
    })
    .await;
}

/// The results list counts the visits made inside the person's own scope over the period, and
/// a visit made now shows at once for its grid and its town and not for another grid.
#[tokio::test]
async fn the_results_list_counts_the_visits_made_inside_the_scope() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let pool = app.server.state.store.pool().clone();
        let users = ["gw0001", "gw0002", "town01", "coordinator"];
        let mut tokens = Vec::new();
        for u in users {
            tokens.push(app.token(u).await);
        }
        let shown = |results: serde_json::Value| {
            results["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|i| i["title"].as_str()?.strip_prefix("入户走访 ")?.strip_suffix(" 次")?.parse::<i64>().ok())
                .sum::<i64>()
        };
        let mut before = Vec::new();
        for (u, token) in users.iter().zip(&tokens) {
            let now = fengqiao_store::now_ms();
            let (from, to) = (now - 30 * fengqiao_core::time::DAY_MS, now + fengqiao_core::time::DAY_MS);
            let path: String = sqlx::query_scalar("SELECT region_path FROM accounts WHERE username = $1").bind(*u).fetch_one(&pool).await.unwrap();
            let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM care_visits WHERE visited_at >= $1 AND visited_at < $2 AND substr(region_path, 1, length($3)) = $3")
                .bind(from)
                .bind(to)
                .bind(&path)
                .fetch_one(&pool)
                .await
                .unwrap();
            let n = shown(app.get_json("/api/v1/lists/results", token).await.1);
            assert_eq!(n, counted, "{u}: the visits of the scope {path}");
            before.push(n);
        }
        assert!(before[3] >= before[2] && before[2] >= before[0] && before[0] > 0, "{before:?}");

        let gw = &tokens[0];
        let (_, list) = app.get_json("/api/v1/care", gw).await;
        let id = list.as_array().unwrap()[0]["id"].as_i64().unwrap();
        let (s, visited) = app.post_json(&format!("/api/v1/care/{id}/visits"), gw, &json!({"done": "送去米面油"})).await;
        assert_eq!(s, 201, "{visited}");
        for ((u, token), (was, grows)) in users.iter().zip(&tokens).zip(before.iter().zip([1, 0, 1, 1])) {
            let n = shown(app.get_json("/api/v1/lists/results", token).await.1);
            assert_eq!(n, was + grows, "{u} after a visit in {GRID_A}");
        }
        app.stop().await;
    })
    .await;
}
