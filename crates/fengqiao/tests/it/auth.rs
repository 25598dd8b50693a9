use crate::support::{on_both, problem, App, PASSWORD};
use fengqiao_store::sessions;
use serde_json::json;

#[tokio::test]
async fn login_returns_a_token_that_identifies_the_account() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let res = app.login("gw0001", PASSWORD).await;
        assert_eq!(res.status(), 200);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["account"]["role"], "grid_worker");
        let token = body["token"].as_str().unwrap();
        let (status, me) = app.get_json("/api/v1/me", token).await;
        assert_eq!(status, 200);
        assert_eq!(me["username"], "gw0001");
        assert_eq!(me["region_code"], "610302001001001");
        assert!(me.get("password_hash").is_none());
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer_and_repeats_are_limited() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let unknown = problem(app.login("nobody", PASSWORD).await, 401).await;
        let wrong = problem(app.login("cs001", "wrong").await, 401).await;
        assert_eq!(unknown["detail"], wrong["detail"]);
        for _ in 0..2 {
            problem(app.login("cs001", "wrong").await, 401).await;
        }
        // Three failures from this address: the next attempt from it waits, right or wrong.
        let res = app.login("cs001", PASSWORD).await;
        assert!(res.headers().contains_key("retry-after"));
        problem(res, 429).await;
        assert_eq!(
            app.login("cs002", PASSWORD).await.status(),
            200,
            "other accounts are unaffected"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn forged_and_expired_tokens_are_refused() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let forged = "ab".repeat(32);
        let body = problem(app.get("/api/v1/me", &forged).await, 401).await;
        assert_eq!(body["code"], "unauthorized");
        problem(app.get("/api/v1/me", "not-a-token").await, 401).await;
        problem(
            app.http.get(app.url("/api/v1/me")).send().await.unwrap(),
            401,
        )
        .await;

        let token = "cd".repeat(32);
        let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(token.as_bytes()));
        let id = fengqiao_store::accounts::by_username(app.server.state.store.pool(), "gw0002")
            .await
            .unwrap()
            .unwrap()
            .id;
        app.server
            .state
            .store
            .write(move |c| {
                Box::pin(async move { sessions::create(c, &hash, id, "gw0002", "bearer", 1).await })
            })
            .await
            .unwrap();
        let body = problem(app.get("/api/v1/me", &token).await, 401).await;
        assert_eq!(body["code"], "session-expired");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn logout_ends_the_session() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("po001").await;
        let res = app
            .http
            .post(app.url("/api/v1/auth/logout"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        problem(app.get("/api/v1/me", &token).await, 401).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn totp_once_enabled_is_required_at_sign_in() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("town01").await;
        let res = app
            .http
            .post(app.url("/api/v1/me/totp"))
            .bearer_auth(&token)
            .json(&json!({"password": "not-it"}))
            .send()
            .await
            .unwrap();
        problem(res, 422).await;
        let res = app
            .http
            .post(app.url("/api/v1/me/totp"))
            .bearer_auth(&token)
            .json(&json!({"password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let setup: serde_json::Value = res.json().await.unwrap();
        let secret = setup["secret"].as_str().unwrap().to_owned();
        assert!(setup["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/"));

        let bad = app
            .http
            .post(app.url("/api/v1/me/totp/confirm"))
            .bearer_auth(&token)
            .json(&json!({"code": "000000"}))
            .send()
            .await
            .unwrap();
        problem(bad, 422).await;
        let code = fengqiao_web::auth::totp::current(&secret).unwrap();
        let ok = app
            .http
            .post(app.url("/api/v1/me/totp/confirm"))
            .bearer_auth(&token)
            .json(&json!({"code": code}))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);

        let body = problem(app.login("town01", PASSWORD).await, 401).await;
        assert_eq!(body["code"], "totp-required");
        let with_code = app
            .http
            .post(app.url("/api/v1/auth/login"))
            // The code that confirmed the set-up is spent: the next one signs in.
            .json(&json!({"username": "town01", "password": PASSWORD, "totp": next_code(&secret)}))
            .send()
            .await
            .unwrap();
        assert_eq!(with_code.status(), 200);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn only_coordinator_and_admin_read_the_directory_with_phones_masked_and_reads_audited() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        problem(app.get("/api/v1/accounts", &gw).await, 403).await;

        let coord = app.token("coordinator").await;
        let pool = app.server.state.store.pool().clone();
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'accounts.read'").fetch_one(&pool).await.unwrap();
        let (status, page) = app.get_json("/api/v1/accounts?role=grid_worker&region=610302001&page_size=25", &coord).await;
        assert_eq!(status, 200);
        assert_eq!(page["total"], 60, "6 grids in each of 10 communities of the street");
        let items = page["items"].as_array().unwrap();
        assert_eq!(items.len(), 25);
        assert!(items.iter().all(|a| a["role"] == "grid_worker" && a["region_code"].as_str().unwrap().starts_with("610302001")));
        let phone = items[0]["phone"].as_str().unwrap();
        assert!(phone.contains("****"), "phone {phone} is masked");
        let cursor = page["next_cursor"].as_str().unwrap();
        let (_, next) = app.get_json(&format!("/api/v1/accounts?role=grid_worker&region=610302001&page_size=25&cursor={cursor}"), &coord).await;
        assert_ne!(next["items"][0]["username"], items[0]["username"]);
        app.audit_settled().await;
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'accounts.read'").fetch_one(&pool).await.unwrap();
        assert_eq!(after, before + 2);
        problem(app.get("/api/v1/accounts?role=mayor", &coord).await, 400).await;
        app.stop().await;
    })
    .await;
}

/// The code of the next 30-second step (the current one may already be spent).
pub fn next_code(secret: &str) -> String {
    let t = fengqiao_web::auth::totp::now_secs() + 30;
    fengqiao_web::auth::totp::code_at(secret, t).unwrap()
}
