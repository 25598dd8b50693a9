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

/// Words stored with another dictionary are made afresh, the same as intake makes them, and
/// found again; until then the search misses them.
#[tokio::test]
async fn words_made_with_another_dictionary_are_made_afresh_and_found_again() {
    use fengqiao_store::versions::version;
    use fengqiao_web::mediation::service::CASE_WORDS;
    use fengqiao_web::requests::words::REQUEST_WORDS;
    use fengqiao_web::search::words::refresh;
    on_both(|db| async move {
        let postgres = matches!(db, crate::support::Db::Postgres);
        let app = App::demo(db).await;
        let store = app.server.state.store.clone();
        let pool = store.pool().clone();
        let gw = app.token("gw0001").await;
        let body = json!({"category": "neighbour", "source": "screening", "description": "楼上卫生间漏水,楼下厨房天花板一直滴水", "grid_code": "610302001001001",
            "parties": [{"side": "applicant", "kind": "person", "name": "王秀兰"}]});
        let (status, case) = app.post_json("/api/v1/disputes", &gw, &body).await;
        assert_eq!(status, 201, "{case}");
        let report = json!({"service_code": "need-repair", "description": "小区水管漏水好几天了,地下室积水", "grid_code": "610302001001001", "callback_phone": "13900000901"});
        let res = app.http.post(app.url("/api/v1/reports")).json(&report).send().await.unwrap();
        let request: Value = res.json().await.unwrap();
        let (case_id, request_id) = (case["id"].as_i64().unwrap(), request["id"].as_i64().unwrap());
        let found = |q: &'static str| {
            let (app, gw) = (&app, &gw);
            async move {
                let (_, v) = app.get_json(&format!("/api/v1/search?q={q}"), gw).await;
                v["hits"].as_array().unwrap().iter().map(|h| h["href"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
            }
        };
        let words_of = |table: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query_as::<_, (i64, String)>(&format!("SELECT id, search_text FROM {table} ORDER BY id"))
                    .fetch_all(&pool).await.unwrap()
            }
        };
        let (cases_before, requests_before) = (words_of("disputes").await, words_of("service_requests").await);

        // The jobs' first round (at leadership) is over; the next is a minute away.
        while !app.server.state.leadership.is_leader() {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        // As a server with the old dictionary left them: these two rows' words split otherwise.
        for (table, id) in [("disputes", case_id), ("service_requests", request_id)] {
            sqlx::query(&format!("UPDATE {table} SET search_text = '旧 词 r610302' WHERE id = $1")).bind(id).execute(&pool).await.unwrap();
            if !postgres {
                sqlx::query(&format!("UPDATE {table}_fts SET search_text = '旧 词 r610302' WHERE rowid = $1")).bind(id).execute(&pool).await.unwrap();
            }
        }
        sqlx::query("UPDATE data_versions SET version = 1 WHERE topic LIKE 'search_words:%'").execute(&pool).await.unwrap();
        let hits = found("漏水").await;
        assert!(!hits.contains(&format!("/mediation/{case_id}")), "{hits:?}");

        let cases = refresh(&store, &CASE_WORDS).await.unwrap();
        let requests = refresh(&store, &REQUEST_WORDS).await.unwrap();
        assert_eq!(cases as usize, cases_before.len());
        assert_eq!(requests as usize, requests_before.len());
        assert_eq!(words_of("disputes").await, cases_before, "made afresh as intake made them");
        assert_eq!(words_of("service_requests").await, requests_before);
        let hits = found("漏水").await;
        assert!(hits.contains(&format!("/mediation/{case_id}")), "{hits:?}");
        assert!(hits.iter().any(|h| h.ends_with(&format!("/{request_id}"))), "{hits:?}");
        assert!(found("王秀兰").await.contains(&format!("/mediation/{case_id}")), "the parties' names too");
        for topic in ["search_words:disputes", "search_words:requests"] {
            assert_eq!(version(&pool, topic).await.unwrap(), fengqiao_core::text::SEGMENTATION);
        }
        assert_eq!(refresh(&store, &CASE_WORDS).await.unwrap(), 0, "current words are left alone");
        app.stop().await;
    })
    .await;
}
