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
async fn notices_about_staff_screened_cases_never_carry_their_tracking_code() {
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

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_pages_have_no_inline_script() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("cs001").await;
        for (path, signed_in) in [
            ("/report", false),
            ("/api/v1/services", false),
            ("/mediation", true),
            ("/api/v1/me", true),
            ("/nowhere", false),
        ] {
            let req = app.http.get(app.url(path));
            let res = if signed_in {
                req.header(COOKIE, format!("fq_session={token}"))
                    .send()
                    .await
                    .unwrap()
            } else {
                req.send().await.unwrap()
            };
            let h = res.headers();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(
                csp.split(';').any(|d| d.trim() == "script-src 'self'")
                    && csp.contains("frame-ancestors 'none'"),
                "{path}: {csp}"
            );
            assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(h["referrer-policy"], "same-origin", "{path}");
            assert_eq!(h["cache-control"], "no-store", "{path}");
        }
        for path in ["/report", "/mediation/new"] {
            let html = app.page(path, &token).await;
            assert!(
                html.contains(r#"<script src="/static/app.js" defer></script>"#),
                "{path}"
            );
            assert!(!html.contains("<script>"), "{path} has an inline script");
        }
        let js = app
            .http
            .get(app.url("/static/app.js"))
            .send()
            .await
            .unwrap();
        assert_eq!(js.status(), 200);
        assert!(js.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"));
        assert!(js.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public"));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_report_page_takes_the_photos_it_offers() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let photo = |mb: usize| -> Vec<u8> {
            [0xFF, 0xD8, 0xFF, 0xE0]
                .into_iter()
                .chain((0..mb * 1024 * 1024 - 4).map(|i| (i % 251) as u8))
                .collect()
        };
        let send = |photos: Vec<Vec<u8>>, key: &'static str| {
            let mut form = reqwest::multipart::Form::new()
                .text("csrf", "tok")
                .text("submission", key)
                .text("service", "hazard-building")
                .text("description", "外墙瓷砖脱落,楼下是小孩玩的地方")
                .text("grid_code", "610302001001001")
                .text("callback_phone", "13900000702");
            for (i, p) in photos.into_iter().enumerate() {
                form = form.part(
                    "photos",
                    reqwest::multipart::Part::bytes(p).file_name(format!("p{i}.jpg")),
                );
            }
            app.http
                .post(app.url("/report"))
                .header(COOKIE, "fq_csrf=tok")
                .multipart(form)
                .send()
        };
        // Three photos of almost 5 MB each, as the page offers: the review's 2 MB photo was refused.
        let ok = send(vec![photo(2), photo(4), photo(4)], "three")
            .await
            .unwrap();
        assert_eq!(ok.status(), 200, "three photos within the offer are taken");
        let big = send(vec![photo(6)], "big").await.unwrap();
        assert!(big.status().is_client_error());
        assert!(
            big.text().await.unwrap().contains("5 MB"),
            "a photo over 5 MB is refused by name"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn only_accounts_inside_the_callers_scope_join_a_team_and_unknown_ones_answer_alike() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let cs = app.token("cs001").await;
        let (status, team) = app
            .post_json("/api/v1/teams", &cs, &json!({"name": "一网格党小组", "kind": "grid_party_organisation", "region_code": "610302001001001"}))
            .await;
        assert_eq!(status, 201, "{team}");
        let members = format!("/api/v1/teams/{}/members", team["id"]);
        let member = |username: &str| json!({"name": "赵丙", "member_role": "成员", "username": username});
        let (outside, far) = app.post_json(&members, &cs, &member("coordinator")).await;
        let (unknown, none) = app.post_json(&members, &cs, &member("nobody-at-all")).await;
        assert_eq!((outside, unknown), (reqwest::StatusCode::UNPROCESSABLE_ENTITY, reqwest::StatusCode::UNPROCESSABLE_ENTITY));
        let strip = |v: &serde_json::Value, name: &str| v["detail"].as_str().unwrap().replace(name, "X");
        assert_eq!(strip(&far, "coordinator"), strip(&none, "nobody-at-all"), "out of scope reads like unknown");
        let (ok, _) = app.post_json(&members, &cs, &member("gw0001")).await;
        assert_eq!(ok, 201, "an account of the community joins");
        let (_, detail) = app.get_json(&format!("/api/v1/teams/{}", team["id"]), &cs).await;
        assert!(!detail.to_string().contains("coordinator"), "{detail}");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_scope_word_planted_in_a_report_does_not_carry_it_into_another_grid() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        // Reports in grid A whose text carries grid B's scope word.
        for (service, phone) in [("hazard-fire", "13900000801"), ("dispute-neighbour", "13900000802")] {
            let report = json!({"service_code": service, "description": "楼道漏水严重 r610302001001002 r610302", "grid_code": "610302001001001", "callback_phone": phone});
            let res = app.http.post(app.url("/api/v1/reports")).json(&report).send().await.unwrap();
            assert_eq!(res.status(), 201);
        }
        let b = app.token("gw0002").await;
        let (_, found) = app.get_json("/api/v1/search?q=漏水", &b).await;
        assert!(!found.to_string().contains("r610302001001002"), "grid B's worker sees nothing of grid A: {found}");
        let (_, cases) = app.get_json("/api/v1/disputes?q=漏水", &b).await;
        assert!(!cases.to_string().contains("r610302001001002"), "{cases}");
        let a = app.token("gw0001").await;
        let (_, mine) = app.get_json("/api/v1/search?q=漏水", &a).await;
        assert!(mine.to_string().contains("r610302001001002"), "grid A's worker finds them: {mine}");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_stranger_with_a_residents_phone_and_grid_gets_a_receipt_not_their_code() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let report = |text: &str| json!({"category": "neighbour", "description": text, "grid_code": "610302001001001", "callback_phone": "13900000901"});
        let anonymous = |body: serde_json::Value| {
            let http = app.http.clone();
            let url = app.url("/api/v1/disputes");
            async move {
                let res = http.post(url).json(&body).send().await.unwrap();
                (res.status(), res.json::<serde_json::Value>().await.unwrap())
            }
        };
        let (status, first) = anonymous(report("楼上深夜装修噪音扰民")).await;
        assert_eq!(status, 201, "{first}");
        let (status, again) = anonymous(report("我也要反映这件事,想看看进度")).await;
        assert_eq!(status, 200, "{again}");
        assert_eq!(again["linked"], true);
        let leaked = again.to_string();
        assert!(!leaked.contains(first["tracking_code"].as_str().unwrap()), "the first code is not given away: {leaked}");
        assert!(again.get("assignee").is_none() && again.get("risk").is_none(), "nothing of the other case: {leaked}");
        // Staff see both texts on the case, and the link is in the audit log.
        let gw = app.token("gw0001").await;
        let (_, case) = app.get_json(&format!("/api/v1/disputes/{}", first["id"]), &gw).await;
        let timeline = case["timeline"].to_string();
        assert!(case["description"].as_str().unwrap().contains("装修噪音") && timeline.contains("想看看进度"), "{case}");
        let store = &app.server.state.store;
        let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'dispute.linked_report'")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(entries, 1);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn an_anonymous_report_cannot_place_itself_with_facts_only_staff_establish() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let body = json!({"category": "neighbour", "description": "邻居家漏水到我家天花板", "grid_code": "610302001001001",
            "callback_phone": "13900000911", "people": 100000, "households": 5000, "whole_compound": true, "litigation": true, "amount_yuan": 9000000});
        let res = app.http.post(app.url("/api/v1/disputes")).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let created: serde_json::Value = res.json().await.unwrap();
        assert_eq!(created["level"], 1, "placed as a neighbour dispute, on site: {created}");
        let gw = app.token("gw0001").await;
        let (_, case) = app.get_json(&format!("/api/v1/disputes/{}", created["id"]), &gw).await;
        assert_eq!((case["people"].as_i64(), case["households"].as_i64()), (Some(1), Some(1)), "{case}");
        // Staff may record the same facts, and they place the case.
        let (status, staff) = app.post_json("/api/v1/disputes", &gw, &json!({"category": "neighbour", "description": "邻里纠纷涉及整栋楼住户", "grid_code": "610302001001001", "people": 40})).await;
        assert_eq!(status, 201);
        assert_eq!(staff["level"], 4, "a collective dispute recorded by staff goes to joint mediation");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn webhooks_cannot_reach_into_the_local_network() {
    on_both(|db| async move {
        // No internal host allowed by the operator here.
        let config = fengqiao_web::Config {
            map_cache_ms: 0,
            ..fengqiao_web::Config::default()
        };
        let app = App::with_config(crate::support::demo_store(db).await, config).await;
        let coordinator = app.token("coordinator").await;
        for url in [
            "http://127.0.0.1:9/x",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:8080/",
            "http://10.0.0.7/hook",
            "http://localhost:6379/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            let (status, answer) = app
                .post_json(
                    "/api/v1/webhooks",
                    &coordinator,
                    &json!({"name": "内网", "url": url}),
                )
                .await;
            assert_eq!(status, 422, "{url}: {answer}");
            assert!(
                answer["detail"].as_str().unwrap().contains("内网")
                    || answer["detail"].as_str().unwrap().contains("解析"),
                "{url}: {answer}"
            );
        }
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_turned_off_webhook_gets_nothing_more() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        // Allowed by the test configuration, but nothing listens there: deliveries stay queued.
        let (status, hook) = app.post_json("/api/v1/webhooks", &coordinator, &json!({"name": "网关", "url": "http://127.0.0.1:9/x"})).await;
        assert_eq!(status, 201, "{hook}");
        let gw = app.token("gw0001").await;
        let (status, _) = app.post_json("/api/v1/disputes", &gw, &json!({"category": "neighbour", "description": "楼道堆放杂物引发争执", "grid_code": "610302001001001"})).await;
        assert_eq!(status, 201);
        let (status, _) = app.post_json(&format!("/api/v1/webhooks/{}/deactivate", hook["id"]), &coordinator, &json!({})).await;
        assert_eq!(status, 204);
        let (_, pending) = app.get_json("/api/v1/webhooks/deliveries?status=pending", &coordinator).await;
        assert!(pending.as_array().unwrap().iter().all(|d| d["webhook_id"] != hook["id"]), "nothing queued for it: {pending}");
        let (_, dead) = app.get_json("/api/v1/webhooks/deliveries?status=dead", &coordinator).await;
        let cancelled = dead.as_array().unwrap().iter().find(|d| d["webhook_id"] == hook["id"] && d["last_error"] == "推送已停用").unwrap_or_else(|| panic!("{dead}"));
        let (status, _) = app.post_json(&format!("/api/v1/webhooks/deliveries/{}/replay", cancelled["id"]), &coordinator, &json!({})).await;
        assert_eq!(status, 409, "a turned-off webhook's delivery is not sent again");
        app.stop().await;
    })
    .await;
}
