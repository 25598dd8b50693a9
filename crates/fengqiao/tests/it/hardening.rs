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
        // The planted words are not stored as scope words: the index cannot be fooled either.
        for table in ["disputes", "service_requests"] {
            let texts: Vec<String> = sqlx::query_scalar(&format!("SELECT search_text FROM {table} WHERE search_text LIKE '%610302001001002%'"))
                .fetch_all(app.server.state.store.pool()).await.unwrap();
            for t in texts {
                let words: Vec<&str> = t.split(' ').collect();
                let grid_a = words.contains(&"r610302001001001");
                assert!(grid_a && !words.contains(&"r610302001001002"), "{table}: {t}");
            }
        }
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
            list_cache_ms: 0,
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

/// Lists and search answers carry residents' words, addresses and masked phones: each answer
/// leaves one audit entry naming who asked.
#[tokio::test]
async fn list_and_search_answers_are_audited_once_per_answer() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("coordinator").await;
        let count = |action: &'static str| {
            let store = app.server.state.store.clone();
            async move {
                store.flush_reads().await.unwrap();
                let pool = store.pool();
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM audit_log WHERE actor = 'coordinator' AND action = $1",
                )
                .bind(action)
                .fetch_one(pool)
                .await
                .unwrap()
            }
        };
        for (path, action) in [
            ("/api/v1/disputes?page_size=5", "dispute.list"),
            ("/api/v1/requests", "request.list"),
            ("/api/v1/search?q=%E9%82%BB%E5%B1%85", "search.query"),
            ("/mediation", "dispute.list"),
            ("/search?q=%E6%BC%8F%E6%B0%B4", "search.query"),
        ] {
            let before = count(action).await;
            let res = if path.starts_with("/api/") {
                app.get(path, &token).await
            } else {
                app.http
                    .get(app.url(path))
                    .header(COOKIE, format!("fq_session={token}"))
                    .send()
                    .await
                    .unwrap()
            };
            assert_eq!(res.status(), 200, "{path}");
            assert_eq!(
                count(action).await,
                before + 1,
                "{path} leaves one {action}"
            );
        }
        app.audit_settled().await;
        let detail: String = sqlx::query_scalar(
            "SELECT detail FROM audit_log WHERE action = 'search.query' ORDER BY seq DESC LIMIT 1",
        )
        .fetch_one(app.server.state.store.pool())
        .await
        .unwrap();
        assert!(
            detail.contains("漏水"),
            "the words searched for are kept: {detail}"
        );
        app.stop().await;
    })
    .await;
}

/// The running server signs the audit head into its checkpoint file by itself, and the file
/// checks against the live database.
#[tokio::test]
async fn the_server_writes_signed_checkpoints_that_verify() {
    use fengqiao_store::audit::{checkpoint, Verdict};
    on_both(|db| async move {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("checkpoints.jsonl");
        let config = fengqiao_web::Config {
            checkpoints: Some(file.clone()),
            checkpoint_every_ms: 50,
            ..fengqiao_web::Config::default()
        };
        let app = App::with_config(crate::support::demo_store(db).await, config).await;
        app.token("coordinator").await;
        let mut lines = Vec::new();
        for _ in 0..100 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            lines = checkpoint::read(&file).unwrap_or_default();
            if !lines.is_empty() {
                break;
            }
        }
        assert!(!lines.is_empty(), "a checkpoint was written");
        let public = app.server.state.config.key.verifying_key();
        let pool = app.server.state.store.pool();
        let verdict = checkpoint::verify(pool, &lines, &public).await.unwrap();
        assert!(matches!(verdict, Verdict::Intact { .. }), "{verdict:?}");
        app.stop().await;
    })
    .await;
}

async fn sign_in_as(
    app: &App,
    username: &str,
    password: &str,
    totp: Option<&str>,
) -> reqwest::Response {
    let mut body = json!({"username": username, "password": password});
    if let Some(code) = totp {
        body["totp"] = json!(code);
    }
    app.http
        .post(app.url("/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn post(app: &App, path: &str, token: &str, body: serde_json::Value) -> reqwest::Response {
    app.http
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Item 7: a code signs in once; the secret is sealed at rest; turning TOTP on ends the
/// other sessions; an administrator can clear it, audited.
#[tokio::test]
async fn a_totp_code_signs_in_once_and_its_secret_is_not_stored_in_clear() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("town01").await;
        let other = app.token("town01").await;
        let res = post(&app, "/api/v1/me/totp", &token, json!({"password": PASSWORD})).await;
        let secret = res.json::<serde_json::Value>().await.unwrap()["secret"]
            .as_str()
            .unwrap()
            .to_owned();
        let stored: String =
            sqlx::query_scalar("SELECT totp_secret FROM accounts WHERE username = 'town01'")
                .fetch_one(app.server.state.store.pool())
                .await
                .unwrap();
        assert!(stored.starts_with("v1:") && !stored.contains(&secret), "sealed: {stored}");
        let code = fengqiao_web::auth::totp::current(&secret).unwrap();
        let ok = post(&app, "/api/v1/me/totp/confirm", &token, json!({"code": code})).await;
        assert_eq!(ok.status(), 200);
        assert_eq!(app.get("/api/v1/me", &token).await.status(), 200, "this session stays");
        assert_eq!(app.get("/api/v1/me", &other).await.status(), 401, "the other one ended");

        let next = crate::auth::next_code(&secret);
        assert_eq!(sign_in_as(&app, "town01", PASSWORD, Some(&next)).await.status(), 200);
        let replay = sign_in_as(&app, "town01", PASSWORD, Some(&next)).await;
        assert_eq!(replay.status(), 401);
        assert!(replay.text().await.unwrap().contains("已经用过"));

        let admin = app.token("admin").await;
        let coordinator = app.token("coordinator").await;
        let path = "/api/v1/accounts/town01/totp-reset";
        assert_eq!(post(&app, path, &coordinator, json!({})).await.status(), 403);
        assert_eq!(post(&app, path, &admin, json!({})).await.status(), 204);
        assert_eq!(app.get("/api/v1/me", &token).await.status(), 401, "sessions end");
        assert_eq!(sign_in_as(&app, "town01", PASSWORD, None).await.status(), 200);
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE actor = 'admin' AND action = 'account.totp_reset' AND record_id = 'town01'",
        )
        .fetch_one(app.server.state.store.pool())
        .await
        .unwrap();
        assert_eq!(audited, 1);
        app.stop().await;
    })
    .await;
}

/// Item 8: a guesser behind one address is slowed down; the owner, at another address behind
/// the same trusted proxy, still signs in; the counts live in the database, so another
/// server on it (or a restarted one) keeps refusing the guesser.
#[tokio::test]
async fn a_guesser_is_slowed_without_locking_the_owner_out() {
    on_both(|db| async move {
        let proxy = fengqiao_web::Config {
            client_ip_header: Some("X-Forwarded-For".into()),
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..fengqiao_web::Config::default()
        };
        let app = App::with_config(crate::support::demo_store(db).await, proxy.clone()).await;
        let from = |ip: &'static str, password: &'static str| {
            app.http
                .post(app.url("/api/v1/auth/login"))
                .header("X-Forwarded-For", format!("10.9.9.9, {ip}"))
                .json(&json!({"username": "gw0001", "password": password}))
                .send()
        };
        let mut statuses = Vec::new();
        for _ in 0..6 {
            statuses.push(
                from("203.0.113.7", "guess")
                    .await
                    .unwrap()
                    .status()
                    .as_u16(),
            );
        }
        assert_eq!(&statuses[..3], &[401, 401, 401]);
        assert!(
            statuses[3..].contains(&429),
            "the guesser waits: {statuses:?}"
        );
        let wait = from("203.0.113.7", PASSWORD).await.unwrap();
        assert_eq!(
            wait.status(),
            429,
            "even the right password waits at that address"
        );
        assert!(wait.headers().contains_key("retry-after"));
        let owner = from("198.51.100.20", PASSWORD).await.unwrap();
        assert_eq!(owner.status(), 200, "the owner elsewhere is not locked out");

        // A second server on the same database (as after a restart) remembers.
        let again = App::with_config(app.server.state.store.clone(), proxy).await;
        let res = again
            .http
            .post(again.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", "203.0.113.7")
            .json(&json!({"username": "gw0001", "password": "guess"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429);
        // Without a trusted proxy configured the header is not believed.
        let plain = App::with_config(
            app.server.state.store.clone(),
            fengqiao_web::Config::default(),
        )
        .await;
        let res = plain
            .http
            .post(plain.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", "198.51.100.99")
            .json(&json!({"username": "gw0001", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "the loopback pair has no failures");
        again.server.stop_serving().await.unwrap();
        plain.server.stop_serving().await.unwrap();
        app.stop().await;
    })
    .await;
}

/// Item 13: changing one's password, an administrator's forced reset, reactivation, and the
/// last administrator or coordinator kept.
#[tokio::test]
async fn accounts_change_and_reset_passwords_and_the_last_administrator_stays() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let mine = app.token("gw0001").await;
        let elsewhere = app.token("gw0001").await;
        let change = |current: &'static str, new: &'static str| {
            post(
                &app,
                "/api/v1/me/password",
                &mine,
                json!({"current_password": current, "new_password": new}),
            )
        };
        let short = change(PASSWORD, "short").await;
        assert_eq!(short.status(), 422);
        assert!(short.text().await.unwrap().contains("10 个字符"));
        let common = change(PASSWORD, "password123").await;
        assert!(common.text().await.unwrap().contains("太常见"));
        assert_eq!(change("wrong-one", "渭河岸边的新密码2026").await.status(), 422);
        assert_eq!(change(PASSWORD, "渭河岸边的新密码2026").await.status(), 200);
        assert_eq!(app.get("/api/v1/me", &mine).await.status(), 200);
        assert_eq!(app.get("/api/v1/me", &elsewhere).await.status(), 401);
        assert_eq!(sign_in_as(&app, "gw0001", PASSWORD, None).await.status(), 401);
        assert_eq!(
            sign_in_as(&app, "gw0001", "渭河岸边的新密码2026", None).await.status(),
            200
        );
        let phc: String =
            sqlx::query_scalar("SELECT password_hash FROM accounts WHERE username = 'gw0001'")
                .fetch_one(app.server.state.store.pool())
                .await
                .unwrap();
        assert!(phc.starts_with("$argon2id$") && !phc.contains("m=256,"), "full parameters");

        // Forced reset: the temporary password only opens the change.
        let admin = app.token("admin").await;
        let res = post(&app, "/api/v1/accounts/gw0002/password-reset", &admin, json!({})).await;
        assert_eq!(res.status(), 200);
        let temp = res.json::<serde_json::Value>().await.unwrap()["temporary_password"]
            .as_str()
            .unwrap()
            .to_owned();
        let res = sign_in_as(&app, "gw0002", &temp, None).await;
        assert_eq!(res.status(), 200);
        let t = res.json::<serde_json::Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let blocked = app.get("/api/v1/disputes", &t).await;
        assert_eq!(blocked.status(), 403);
        assert!(blocked.text().await.unwrap().contains("password-change-required"));
        let me = app.get_json("/api/v1/me", &t).await.1;
        assert_eq!(me["must_change_password"], true);
        let body = json!({"current_password": temp, "new_password": "网格员自己的新密码啊"});
        assert_eq!(post(&app, "/api/v1/me/password", &t, body).await.status(), 200);
        assert_eq!(app.get("/api/v1/disputes", &t).await.status(), 200);

        // Reactivation, and nobody removes the last administrator or coordinator.
        let path = |who: &str, what: &str| format!("/api/v1/accounts/{who}/{what}");
        assert_eq!(post(&app, &path("res002", "deactivate"), &admin, json!({})).await.status(), 204);
        assert_eq!(sign_in_as(&app, "res002", PASSWORD, None).await.status(), 401);
        assert_eq!(post(&app, &path("res002", "reactivate"), &admin, json!({})).await.status(), 204);
        assert_eq!(sign_in_as(&app, "res002", PASSWORD, None).await.status(), 200);
        let last = post(&app, &path("coordinator", "deactivate"), &admin, json!({})).await;
        assert_eq!(last.status(), 409);
        assert!(last.text().await.unwrap().contains("最后一个"));
        let coordinator = app.token("coordinator").await;
        let last = post(&app, &path("admin", "deactivate"), &coordinator, json!({})).await;
        assert_eq!(last.status(), 409);
        let audited: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_log WHERE action IN ('account.password_change', 'account.password_reset', 'account.reactivate') ORDER BY seq",
        )
        .fetch_all(app.server.state.store.pool())
        .await
        .unwrap();
        assert_eq!(
            audited,
            ["account.password_change", "account.password_reset", "account.password_change", "account.reactivate"]
        );
        app.stop().await;
    })
    .await;
}

/// Item 13: demo accounts share a password but not a hash.
#[tokio::test]
async fn every_demo_account_has_its_own_salt() {
    let store = crate::support::demo_store(crate::support::Db::Sqlite).await;
    let (all, distinct): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT password_hash) FROM accounts")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert!(all > 1000);
    assert_eq!(all, distinct);
}
