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
