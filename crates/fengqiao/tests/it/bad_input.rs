use crate::support::{on_both, problem, App};

#[tokio::test]
async fn malformed_oversized_and_mistyped_bodies_get_problem_json() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let post = |body: Vec<u8>, ct: &'static str| {
            app.http
                .post(app.url("/api/v1/auth/login"))
                .header("content-type", ct)
                .body(body)
                .send()
        };
        problem(
            post(b"{\"username\": ".to_vec(), "application/json")
                .await
                .unwrap(),
            400,
        )
        .await;
        problem(
            post(
                b"{\"username\": 5, \"password\": \"x\"}".to_vec(),
                "application/json",
            )
            .await
            .unwrap(),
            422,
        )
        .await;
        problem(
            post(b"username=a".to_vec(), "text/plain").await.unwrap(),
            415,
        )
        .await;
        let huge = format!(
            "{{\"username\": \"{}\", \"password\": \"x\"}}",
            "a".repeat(2 << 20)
        );
        problem(
            post(huge.into_bytes(), "application/json").await.unwrap(),
            413,
        )
        .await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn unknown_api_routes_answer_problem_json_and_unknown_pages_a_page() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        problem(
            app.http
                .get(app.url("/api/v1/nothing-here"))
                .send()
                .await
                .unwrap(),
            404,
        )
        .await;
        let page = app.http.get(app.url("/nothing-here")).send().await.unwrap();
        assert_eq!(page.status(), 404);
        assert!(page
            .text()
            .await
            .unwrap()
            .contains("没有 /nothing-here 这个地址"));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn residents_are_kept_out_of_staff_routes() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("res001").await;
        problem(app.get("/api/v1/regions/610302", &token).await, 403).await;
        problem(app.get("/map.svg", &token).await, 403).await;
        problem(app.get("/api/v1/accounts", &token).await, 403).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn cookie_carried_api_writes_must_come_from_this_site() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("gw0001").await;
        let cookie = format!("fq_session={token}");
        let body = serde_json::json!({"category": "neighbour", "description": "跨站请求测试的纠纷", "grid_code": "610302001001001"});
        let forged = app.http.post(app.url("/api/v1/disputes")).header("cookie", &cookie).header("origin", "https://evil.example").json(&body).send().await.unwrap();
        let problem_body = problem(forged, 403).await;
        assert!(problem_body["detail"].as_str().unwrap().contains("跨站"));
        let bare = app.http.post(app.url("/api/v1/me/totp")).header("cookie", &cookie).send().await.unwrap();
        problem(bare, 403).await;
        let host = app.base.trim_start_matches("http://").to_owned();
        let ours = app.http.post(app.url("/api/v1/disputes")).header("cookie", &cookie).header("origin", format!("http://{host}")).json(&body).send().await.unwrap();
        assert_eq!(ours.status(), 201, "the pages' own scripts may write");
        let read = app.http.get(app.url("/api/v1/me")).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(read.status(), 200, "reads need no origin");
        app.stop().await;
    })
    .await;
}
