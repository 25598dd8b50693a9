//! The outside security review's attacks (issue 11), replayed against the real server: each
//! now fails the way the review asked.

use crate::support::{on_both, App, PASSWORD};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::json;

#[tokio::test]
async fn sign_in_never_redirects_to_another_site() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let form = app
            .http
            .get(app.url("/login?next=/%09/evil.example/phish"))
            .send()
            .await
            .unwrap();
        let csrf = form
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("fq_csrf="))
            .and_then(|v| v.split(';').next())
            .unwrap()
            .to_owned();
        let html = form.text().await.unwrap();
        assert!(
            html.contains(r#"name="next" value="/""#),
            "the page offers no foreign next"
        );
        for (next, expected) in [
            ("/\t/evil.example/phish", "/"),
            ("/\\evil.example", "/"),
            ("//evil.example", "/"),
            ("https://evil.example", "/"),
            ("/mediation?status=open", "/mediation?status=open"),
        ] {
            let res = app
                .http
                .post(app.url("/login"))
                .header(COOKIE, format!("fq_csrf={csrf}"))
                .form(&[
                    ("username", "cs001"),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                    ("next", next),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 303);
            assert_eq!(res.headers()[LOCATION], expected, "next = {next:?}");
        }
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn guessing_tracking_codes_is_limited_per_address() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let mut limited = None;
        for i in 0..80 {
            let res = app
                .http
                .get(app.url(&format!("/api/v1/track/FQGUESS{i:04}")))
                .send()
                .await
                .unwrap();
            if res.status() == 429 {
                assert!(res.headers().contains_key("retry-after"));
                limited = Some(i);
                break;
            }
            assert_eq!(res.status(), 404);
        }
        assert_eq!(
            limited,
            Some(60),
            "the 61st lookup within a minute is refused"
        );
        let page = app
            .http
            .get(app.url("/track/FQGUESS9999"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 429, "the page is limited like the API");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn notices_and_webhooks_never_carry_a_tracking_code() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let body = json!({"category": "neighbour", "description": "楼道堆放杂物引发争执", "grid_code": "610302001001001"});
        let (status, created) = app.post_json("/api/v1/disputes", &gw, &body).await;
        assert_eq!(status, 201);
        let code = created["tracking_code"].as_str().unwrap();
        let (_, inbox) = app.get_json("/api/v1/notifications", &gw).await;
        let items = inbox["items"].as_array().unwrap();
        assert!(items.iter().any(|n| n["link"] == format!("/mediation/{}", created["id"])), "{inbox}");
        assert!(!inbox.to_string().contains(code), "no notice names the code: {inbox}");
        app.stop().await;
    })
    .await;
}
