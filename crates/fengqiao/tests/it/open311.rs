use crate::support::{on_both, App};
use serde_json::{json, Value};

const GRID: &str = "610302001001001";

#[tokio::test]
async fn an_open311_client_lists_services_posts_a_request_and_reads_it_back() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let get = |path: String| {
            let http = app.http.clone();
            let url = app.url(&path);
            async move { http.get(url).send().await.unwrap() }
        };
        let discovery: Value = get("/open311/v2/discovery.json".into())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            discovery["endpoints"][0]["specification"],
            "http://wiki.open311.org/GeoReport_v2"
        );
        let services: Value = get("/open311/v2/services.json".into())
            .await
            .json()
            .await
            .unwrap();
        let codes: Vec<&str> = services
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["service_code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(&"dispute-neighbour")
                && codes.contains(&"hazard-road")
                && codes.contains(&"need-elderly")
        );
        assert!(services
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["type"] == "realtime" && s["metadata"] == false));
        let xml = get("/open311/v2/services.xml".into()).await;
        assert!(xml.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/xml"));
        let xml = xml.text().await.unwrap();
        assert!(
            xml.starts_with(r#"<?xml version="1.0" encoding="utf-8"?><services><service>"#),
            "{}",
            &xml[..200]
        );
        assert!(xml.contains("<service_code>hazard-road</service_code>"));
        let definition: Value = get("/open311/v2/services/hazard-road.json".into())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(definition["service_code"], "hazard-road");

        // Keys: issued by the coordinator, refused to others.
        let coordinator = app.token("coordinator").await;
        let gw = app.token("gw0001").await;
        let (status, _) = app
            .post_json("/api/v1/open311/keys", &gw, &json!({"name": "自己发的"}))
            .await;
        assert_eq!(status, 403);
        let (status, key) = app
            .post_json(
                "/api/v1/open311/keys",
                &coordinator,
                &json!({"name": "12345 热线"}),
            )
            .await;
        assert_eq!(status, 201);
        let api_key = key["api_key"].as_str().unwrap().to_owned();
        let (_, listed) = app.get_json("/api/v1/open311/keys", &coordinator).await;
        assert!(
            !listed.to_string().contains(&api_key),
            "keys are shown once, then only their prefix"
        );

        let post = |fields: Vec<(&'static str, String)>| {
            let http = app.http.clone();
            let url = app.url("/open311/v2/requests.json");
            async move { http.post(url).form(&fields).send().await.unwrap() }
        };
        let no_key = post(vec![
            ("service_code", "hazard-road".into()),
            ("description", "井盖缺失".into()),
        ])
        .await;
        assert_eq!(no_key.status(), 403);
        let errors: Value = no_key.json().await.unwrap();
        assert_eq!(
            errors[0]["code"], 403,
            "the standard's error list: {errors}"
        );
        let bad_service = post(vec![
            ("api_key", api_key.clone()),
            ("service_code", "nope".into()),
            ("description", "不存在的服务".into()),
            ("address_id", GRID.into()),
        ])
        .await;
        assert_eq!(bad_service.status(), 400);
        // GCJ-02 coordinates are converted; this point lies in the demo district.
        let (status, located) = app
            .get_json(&format!("/api/v1/regions/{GRID}"), &coordinator)
            .await;
        assert_eq!(status, 200);
        let created = post(vec![
            ("api_key", api_key.clone()),
            ("service_code", "hazard-road".into()),
            ("description", "人民路口井盖缺失,夜里有人差点踩空".into()),
            ("address_id", located["code"].as_str().unwrap().into()),
            ("address_string", "人民路口".into()),
            ("phone", "13900000601".into()),
            ("first_name", "先生".into()),
            ("last_name", "赵".into()),
        ])
        .await;
        assert_eq!(created.status(), 201);
        let created: Value = created.json().await.unwrap();
        let id = created[0]["service_request_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let dispute = post(vec![
            ("api_key", api_key.clone()),
            ("service_code", "dispute-labour-wages".into()),
            ("description", "工地拖欠二十名工人三个月工资".into()),
            ("address_id", GRID.into()),
        ])
        .await;
        assert_eq!(
            dispute.status(),
            201,
            "the hotline may forward without a phone"
        );
        let dispute_id = dispute.json::<Value>().await.unwrap()[0]["service_request_id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(dispute_id.starts_with("FQ"));

        // Read back: the posting client sees its description; the public sees the status only.
        let mine: Value = get(format!("/open311/v2/requests/{id}.json?api_key={api_key}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine[0]["status"], "open");
        assert_eq!(mine[0]["service_code"], "hazard-road");
        assert!(mine[0]["description"].as_str().unwrap().contains("井盖"));
        let public: Value = get(format!("/open311/v2/requests/{id}.json"))
            .await
            .json()
            .await
            .unwrap();
        assert!(public[0]["description"].is_null() && public[0]["lat"].is_null());
        let list: Value = get(format!(
            "/open311/v2/requests.json?service_request_id={id},{dispute_id}"
        ))
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2);
        let by_code: Value =
            get("/open311/v2/requests.json?service_code=dispute-labour-wages&status=open".into())
                .await
                .json()
                .await
                .unwrap();
        assert!(by_code
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["service_request_id"] == dispute_id.as_str()));
        assert!(by_code
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["service_code"] == "dispute-labour-wages"));
        let xml = get(format!("/open311/v2/requests/{id}.xml"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            xml.contains("<service_requests><request>")
                && xml.contains(&format!("<service_request_id>{id}</service_request_id>")),
            "{xml}"
        );
        let token: Value = get(format!("/open311/v2/tokens/{id}.json"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(token[0]["service_request_id"], id.as_str());
        let bad_date = get("/open311/v2/requests.json?start_date=yesterday".into()).await;
        assert_eq!(bad_date.status(), 400);
        let missing = get("/open311/v2/requests/FQNOSUCH.xml".into()).await;
        assert_eq!(missing.status(), 404);
        assert!(missing
            .text()
            .await
            .unwrap()
            .contains("<errors><error><code>404</code>"));

        // The resident can follow the same request on the tracking page.
        let track = get(format!("/track/{id}")).await;
        assert_eq!(track.status(), 200);

        // Revoked keys stop working.
        let key_id = key["id"].as_i64().unwrap();
        let (status, _) = app
            .post_json(
                &format!("/api/v1/open311/keys/{key_id}/revoke"),
                &coordinator,
                &json!({}),
            )
            .await;
        assert_eq!(status, 204);
        let revoked = post(vec![
            ("api_key", api_key.clone()),
            ("service_code", "hazard-road".into()),
            ("description", "吊销后再提交".into()),
            ("address_id", GRID.into()),
        ])
        .await;
        assert_eq!(revoked.status(), 403);
        app.stop().await;
    })
    .await;
}
