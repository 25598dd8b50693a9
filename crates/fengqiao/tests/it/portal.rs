use crate::support::{on_both, problem, App};
use serde_json::{json, Value};

const GRID: &str = "610302001001001";

/// The tracking code shown on the report page's success card.
fn code_on(page: &str) -> String {
    page.split(r#"<strong class="secret">"#)
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("tracking code on the page")
        .to_owned()
}

#[tokio::test]
async fn a_report_from_the_phone_page_reaches_the_grid_workers_inbox() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let form = app.http.get(app.url("/report")).send().await.unwrap();
        assert_eq!(form.status(), 200);
        let html = form.text().await.unwrap();
        assert!(
            html.contains("hazard-fire")
                && html.contains("need-elderly")
                && html.contains("dispute-neighbour")
        );
        let res = app
            .post_form(
                "/report",
                "",
                &[
                    ("service", "hazard-fire"),
                    ("description", "三号楼楼道堆满纸箱,电动车在楼道里充电"),
                    ("grid_code", GRID),
                    ("callback_phone", "13900000321"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        let code = code_on(&res.text().await.unwrap());
        assert!(
            code.starts_with("FR"),
            "hazards become service requests: {code}"
        );

        let coordinator = app.token("coordinator").await;
        let (_, list) = app
            .get_json("/api/v1/requests?status=open", &coordinator)
            .await;
        let item = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["tracking_code"] == code.as_str())
            .unwrap()
            .clone();
        assert_eq!(
            item["reporter_phone"], "139****0321",
            "phones masked in lists"
        );
        let worker = item["assignee"]
            .as_str()
            .expect("assigned to the grid's worker")
            .to_owned();
        let gw = app.token(&worker).await;
        let (status, inbox) = app.get_json("/api/v1/notifications", &gw).await;
        assert_eq!(status, 200);
        assert!(inbox["unread"].as_i64().unwrap() >= 1);
        let notice = inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["title"].as_str().unwrap().contains(&code))
            .expect("notice in the inbox")
            .clone();
        assert_eq!(notice["link"], format!("/requests/{}", item["id"]));

        // The unread count is on every page, and opening the notice reads it.
        // The session cookie and the bearer token are the same session.
        let session = format!("fq_session={gw}");
        let home = app
            .http
            .get(app.url("/"))
            .header("cookie", format!("fq_csrf=tok; {session}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let unread = inbox["unread"].as_i64().unwrap();
        assert!(
            home.contains(&format!(r#"id="unread-count">{unread}<"#)),
            "header shows {unread} unread"
        );
        let open = app
            .post_form(
                "/inbox/read",
                &format!("; {session}"),
                &[
                    ("id", &notice["id"].to_string()),
                    ("go", notice["link"].as_str().unwrap()),
                ],
            )
            .await;
        assert_eq!(open.status(), 303);
        assert_eq!(open.headers()["location"], notice["link"].as_str().unwrap());
        let (_, after) = app.get_json("/api/v1/notifications", &gw).await;
        assert_eq!(after["unread"].as_i64().unwrap(), unread - 1);
        let offsite = app
            .post_form(
                "/inbox/read",
                &format!("; {session}"),
                &[("go", "//evil.example/")],
            )
            .await;
        assert_eq!(offsite.headers()["location"], "/inbox", "no open redirect");

        // The worker finishes it; the resident sees the reply, not the worker's name.
        let id = item["id"].as_i64().unwrap();
        let (status, _) = app
            .post_json(&format!("/api/v1/requests/{id}/done"), &gw, &json!({}))
            .await;
        assert_eq!(status, 422, "finishing needs a reply");
        let (status, done) = app
            .post_json(
                &format!("/api/v1/requests/{id}/done"),
                &gw,
                &json!({"reply": "已清理楼道,电动车已移至集中充电棚"}),
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(done["status"], "done");
        let (status, _) = app
            .post_json(&format!("/api/v1/requests/{id}/accept"), &gw, &json!({}))
            .await;
        assert_eq!(status, 409, "a finished request cannot be accepted again");
        let track = app
            .http
            .get(app.url(&format!("/track/{code}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            track.contains("集中充电棚")
                && !track.contains(&worker)
                && !track.contains("13900000321")
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_same_phone_reporting_in_the_same_grid_on_the_same_day_is_linked_not_doubled() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let report = |service: &str, description: &str, phone: &str| {
            json!({"service_code": service, "description": description, "grid_code": GRID, "callback_phone": phone})
        };
        for service in ["need-repair", "dispute-neighbour"] {
            let first = app.http.post(app.url("/api/v1/reports")).json(&report(service, "小区路灯坏了一个星期", "13900000401")).send().await.unwrap();
            assert_eq!(first.status(), 201);
            let first: Value = first.json().await.unwrap();
            assert_eq!(first["linked"], false);
            let again = app.http.post(app.url("/api/v1/reports")).json(&report(service, "还是那个路灯,晚上很黑", "13900000401")).send().await.unwrap();
            assert_eq!(again.status(), 200);
            let again: Value = again.json().await.unwrap();
            assert_eq!(again["linked"], true);
            assert_ne!(again["tracking_code"], first["tracking_code"], "{service}: a receipt of its own, never the first report's code");
            let receipt: Value = app.http.get(app.url(&format!("/api/v1/track/{}", again["tracking_code"].as_str().unwrap()))).send().await.unwrap().json().await.unwrap();
            assert_eq!(receipt["tracking_code"], again["tracking_code"]);
            assert!(receipt["steps"].as_array().unwrap().iter().any(|s| s["label"].as_str().unwrap().contains("合并")), "the receipt follows the case it joined: {receipt}");
            let other = app.http.post(app.url("/api/v1/reports")).json(&report(service, "另一个人也反映了路灯", "13900000402")).send().await.unwrap();
            assert_eq!(other.status(), 201, "another phone is another report");
            let track: Value = app.http.get(app.url(&format!("/api/v1/track/{}", first["tracking_code"].as_str().unwrap()))).send().await.unwrap().json().await.unwrap();
            assert!(track["steps"].as_array().unwrap().iter().any(|s| s["label"].as_str().unwrap().contains("合并")));
        }
        // A typed address naming a compound finds its grid; an address outside the district does not.
        let coordinator = app.token("coordinator").await;
        let (_, compounds) = app.get_json("/api/v1/regions?level=compound&page_size=1", &coordinator).await;
        let compound = compounds["items"][0].clone();
        let by_address = app.http.post(app.url("/api/v1/reports")).json(&json!({"service_code": "need-elderly", "description": "独居老人需要上门照看", "address": format!("{}5号楼", compound["name"].as_str().unwrap()), "callback_phone": "13900000403"})).send().await.unwrap();
        assert_eq!(by_address.status(), 201);
        let code = by_address.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_owned();
        let (_, all) = app.get_json("/api/v1/requests", &coordinator).await;
        let found = all["items"].as_array().unwrap().iter().find(|r| r["tracking_code"] == code.as_str()).unwrap().clone();
        assert_eq!(found["grid_code"], compound["parent_code"]);
        let nowhere = app.http.post(app.url("/api/v1/reports")).json(&json!({"service_code": "need-elderly", "description": "独居老人需要上门照看", "address": "北京市朝阳区", "callback_phone": "13900000404"})).send().await.unwrap();
        problem(nowhere, 422).await;
        let unknown = app.http.post(app.url("/api/v1/reports")).json(&json!({"service_code": "no-such", "description": "不存在的服务代码", "grid_code": GRID, "callback_phone": "13900000404"})).send().await.unwrap();
        problem(unknown, 422).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn residents_rate_finished_handling_once_with_their_phone_and_it_feeds_assessment() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let res = app.http.post(app.url("/api/v1/reports")).json(&json!({"service_code": "need-legal", "description": "想咨询租房押金不退怎么办", "grid_code": GRID, "callback_phone": "13900000501"})).send().await.unwrap();
        let code = res.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_owned();
        let rate = |stars: i64, phone: &str| json!({"stars": stars, "phone": phone, "comment": "律师讲得很清楚"});
        let early = app.http.post(app.url(&format!("/api/v1/track/{code}/rating"))).json(&rate(5, "13900000501")).send().await.unwrap();
        problem(early, 409).await;
        let coordinator = app.token("coordinator").await;
        let (_, list) = app.get_json("/api/v1/requests", &coordinator).await;
        let id = list["items"].as_array().unwrap().iter().find(|r| r["tracking_code"] == code.as_str()).unwrap()["id"].as_i64().unwrap();
        let (status, _) = app.post_json(&format!("/api/v1/requests/{id}/done"), &coordinator, &json!({"reply": "已安排法律顾问电话解答"})).await;
        assert_eq!(status, 200);
        let wrong = app.http.post(app.url(&format!("/api/v1/track/{code}/rating"))).json(&rate(1, "13900000599")).send().await.unwrap();
        problem(wrong, 403).await;
        let bad = app.http.post(app.url(&format!("/api/v1/track/{code}/rating"))).json(&rate(9, "13900000501")).send().await.unwrap();
        problem(bad, 422).await;
        let ok = app.http.post(app.url(&format!("/api/v1/track/{code}/rating"))).json(&rate(4, "13900000501")).send().await.unwrap();
        assert_eq!(ok.status(), 201);
        assert_eq!(ok.json::<Value>().await.unwrap()["rating"], 4);
        let twice = app.http.post(app.url(&format!("/api/v1/track/{code}/rating"))).json(&rate(5, "13900000501")).send().await.unwrap();
        problem(twice, 409).await;
        // Guessing the phone is limited like guessing a password: the sixth wrong try waits.
        for _ in 0..4 {
            let guess = app.http.post(app.url(&format!("/api/v1/track/{code}/rating"))).json(&rate(1, "13900000598")).send().await.unwrap();
            problem(guess, 403).await;
        }
        let limited = app.http.post(app.url(&format!("/api/v1/track/{code}/rating"))).json(&rate(1, "13900000597")).send().await.unwrap();
        problem(limited, 429).await;
        let (status, table) = app.get_json("/api/v1/assessment?level=town", &coordinator).await;
        assert_eq!(status, 200);
        let town = table["rows"].as_array().unwrap().iter().find(|r| GRID.starts_with(r["region_code"].as_str().unwrap())).expect("the grid's town").clone();
        assert_eq!(town["values"]["satisfaction"], 80.0, "4 stars of 5: {town}");
        assert!(town["values"]["services_completed"].as_f64().unwrap() >= 1.0);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_report_page_weighs_under_100_kb_before_photos() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let mut total = 0;
        for path in ["/report", "/static/app.css", "/report/map?region=610302001"] {
            let res = app.http.get(app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            total += res.bytes().await.unwrap().len();
        }
        assert!(
            total < 100 * 1024,
            "report page, its style sheet and the town pick map: {total} bytes"
        );
        let pick = app
            .http
            .get(app.url("/report/map?region=610302001"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            pick.contains(&format!("/report?grid_code={GRID}")),
            "grids link back to the form"
        );
        let preset = app
            .http
            .get(app.url(&format!("/report?grid_code={GRID}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(preset.contains(&format!(r#"name="grid_code" value="{GRID}""#)));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_and_the_reference_page_describe_the_api() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let res = app
            .http
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let doc: Value = res.json().await.unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let report = &doc["paths"]["/api/v1/reports"]["post"];
        assert_eq!(
            report["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ReportBody"
        );
        // A phone is needed without signing in, not from a signed-in resident.
        let body = &doc["components"]["schemas"]["ReportBody"];
        assert!(!body["required"]
            .as_array()
            .unwrap()
            .contains(&json!("callback_phone")));
        assert!(body["properties"]["callback_phone"]["description"]
            .as_str()
            .unwrap()
            .contains("without signing in"));
        assert!(doc["paths"]["/api/v1/disputes/{id}"]["get"]["responses"]["404"].is_object());
        let coordinator = app.token("coordinator").await;
        let home = app.page("/", &coordinator).await;
        assert!(
            home.contains(r#"href="/open311/keys""#) && home.contains(r#"href="/webhooks""#),
            "administrators reach the interface pages"
        );
        let gw = app.token("gw0001").await;
        let theirs = app.page("/", &gw).await;
        assert!(!theirs.contains(r#"href="/open311/keys""#));
        let page = app
            .http
            .get(app.url("/api"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("/api/v1/track/{code}/rating") && page.contains("/api/v1/openapi.json")
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn photos_from_the_report_page_reach_the_handler_and_other_files_are_refused() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let jpeg: Vec<u8> = [0xFF, 0xD8, 0xFF, 0xE0]
            .iter()
            .copied()
            .chain((0..2000).map(|i| (i % 251) as u8))
            .collect();
        let send = |photo: Vec<u8>, name: &'static str| {
            let form = reqwest::multipart::Form::new()
                .text("csrf", "tok")
                .text("submission", format!("photo-{name}"))
                .text("service", "hazard-building")
                .text("description", "外墙瓷砖脱落,楼下是小孩玩的地方")
                .text("grid_code", GRID)
                .text("callback_phone", "13900000701")
                .part(
                    "photos",
                    reqwest::multipart::Part::bytes(photo).file_name(name),
                );
            let http = app.http.clone();
            let url = app.url("/report");
            async move {
                http.post(url)
                    .header("cookie", "fq_csrf=tok")
                    .multipart(form)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let refused = send(b"<html>not a photo</html>".to_vec(), "x.jpg").await;
        assert_eq!(refused.status(), 415);
        assert!(refused.text().await.unwrap().contains("只接受 JPEG"));
        let ok = send(jpeg.clone(), "wall.jpg").await;
        assert_eq!(ok.status(), 200);
        let code = code_on(&ok.text().await.unwrap());
        let coordinator = app.token("coordinator").await;
        let (_, list) = app.get_json("/api/v1/requests", &coordinator).await;
        let id = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["tracking_code"] == code.as_str())
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let (_, detail) = app
            .get_json(&format!("/api/v1/requests/{id}"), &coordinator)
            .await;
        let link = detail["photos"][0]
            .as_str()
            .expect("a photo link")
            .to_owned();
        let photo = app.get(&link, &coordinator).await;
        assert_eq!(photo.headers()["content-type"], "image/jpeg");
        assert_eq!(photo.bytes().await.unwrap().to_vec(), jpeg);
        app.audit_settled().await;
        let seen: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE actor = 'coordinator' AND action = 'request.photo_read' AND record_id = $1",
        )
        .bind(id.to_string())
        .fetch_one(app.server.state.store.pool())
        .await
        .unwrap();
        assert_eq!(seen, 1, "the photo download is in the audit log");
        let resident = app.http.get(app.url(&link)).send().await.unwrap();
        assert_eq!(resident.status(), 401, "photos are for staff");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn public_reports_are_rate_limited_per_phone() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let mut last = 0;
        for i in 0..11 {
            // Different grids, so none is linked to another.
            let grid = format!("6103020010010{:02}", (i % 6) + 1);
            let body = json!({"service_code": "need-other", "description": format!("第 {i} 次反映同一件事"), "grid_code": grid, "callback_phone": "13900000801"});
            let res = app.http.post(app.url("/api/v1/reports")).json(&body).send().await.unwrap();
            last = res.status().as_u16();
            if last == 429 {
                assert!(res.headers().contains_key("retry-after"));
                break;
            }
        }
        assert_eq!(last, 429, "the eleventh report within the hour from one phone is refused");
        app.stop().await;
    })
    .await;
}
