use crate::support::{on_both, problem, App};
use serde_json::{json, Value};

#[tokio::test]
async fn one_search_box_finds_two_character_words_across_areas_in_scope_highlighted() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let body = json!({"category": "neighbour", "source": "screening", "description": "楼上卫生间漏水,楼下厨房天花板一直滴水", "grid_code": "610302001001001"});
        let (status, case) = app.post_json("/api/v1/disputes", &gw, &body).await;
        assert_eq!(status, 201);
        let report = json!({"service_code": "need-repair", "description": "小区水管漏水好几天了,地下室积水", "grid_code": "610302001001001", "callback_phone": "13900000901"});
        let res = app.http.post(app.url("/api/v1/reports")).json(&report).send().await.unwrap();
        let request: Value = res.json().await.unwrap();

        let (status, found) = app.get_json("/api/v1/search?q=漏水", &gw).await;
        assert_eq!(status, 200);
        let hits = found["hits"].as_array().unwrap();
        let areas: Vec<&str> = hits.iter().map(|h| h["area"].as_str().unwrap()).collect();
        assert!(areas.contains(&"矛盾调解") && areas.contains(&"隐患诉求"), "{areas:?}");
        let case_hit = hits.iter().find(|h| h["href"] == format!("/mediation/{}", case["id"])).expect("the new case");
        assert!(case_hit["snippet_html"].as_str().unwrap().contains("<mark>漏水</mark>"));
        assert!(hits.iter().any(|h| h["title"].as_str().unwrap().contains(request["tracking_code"].as_str().unwrap())));
        let scores: Vec<i64> = hits.iter().map(|h| h["score"].as_i64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "ranked: {scores:?}");

        let (_, noise) = app.get_json("/api/v1/search?q=噪音", &gw).await;
        assert!(noise["hits"].as_array().unwrap().iter().all(|h| !h["href"].as_str().unwrap().ends_with(&format!("/{}", case["id"]))));

        // Another grid's worker does not find this grid's records; the coordinator does.
        let other = app.token("gw0002").await;
        let (_, theirs) = app.get_json("/api/v1/search?q=漏水", &other).await;
        assert!(theirs["hits"].as_array().unwrap().iter().all(|h| h["href"] != format!("/mediation/{}", case["id"])));
        let coordinator = app.token("coordinator").await;
        let (_, all) = app.get_json("/api/v1/search?q=漏水", &coordinator).await;
        assert!(all["hits"].as_array().unwrap().iter().any(|h| h["href"] == format!("/mediation/{}", case["id"])));

        // Regions and teams by name; the page shows the marks; bad queries are answered.
        let (_, places) = app.get_json("/api/v1/search?q=福临", &coordinator).await;
        assert!(places["hits"].as_array().unwrap().iter().any(|h| h["area"] == "区划"));
        problem(app.get("/api/v1/search?q=", &coordinator).await, 400).await;
        let resident = app.token("res001").await;
        problem(app.get("/api/v1/search?q=漏水", &resident).await, 403).await;
        let page = app.http.get(app.url("/search?q=%E6%BC%8F%E6%B0%B4")).bearer_auth(&gw).header("cookie", format!("fq_session={gw}")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<mark>漏水</mark>"));
        app.stop().await;
    })
    .await;
}
