use crate::support::{on_both, problem, App};
use fengqiao_core::geo::{Crs, Shape};

#[tokio::test]
async fn a_grid_worker_sees_only_their_own_subtree() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (status, grid) = app.get_json("/api/v1/regions/610302001001001", &gw).await;
        assert_eq!(status, 200);
        assert_eq!(grid["level"], "grid");
        assert_eq!(grid["parent_code"], "610302001001");
        assert!(grid["children"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["level"] == "compound"));
        for elsewhere in [
            "610302001001002",
            "610302001001",
            "610302",
            "610302100001001",
        ] {
            let body = problem(
                app.get(&format!("/api/v1/regions/{elsewhere}"), &gw).await,
                404,
            )
            .await;
            assert_eq!(body["code"], "not-found");
        }
        let (_, list) = app.get_json("/api/v1/regions?level=grid", &gw).await;
        assert_eq!(list["total"], 1);
        problem(app.get("/api/v1/regions?under=610302001", &gw).await, 404).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_coordinator_sees_the_whole_district_with_counts() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("coordinator").await;
        let (status, district) = app.get_json("/api/v1/regions/610302", &token).await;
        assert_eq!(status, 200);
        assert_eq!(district["name"], "渭滨区");
        assert_eq!(district["children"].as_array().unwrap().len(), 10);
        assert_eq!(district["counts"]["town"], 10);
        assert_eq!(district["counts"]["community"], 100);
        assert_eq!(district["counts"]["grid"], 600);
        assert_eq!(district["counts"]["compound"], 244);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn region_lists_page_through_every_match_exactly_once() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("town01").await;
        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let (status, page) = app
                .get_json(
                    &format!("/api/v1/regions?level=grid&page_size=7&cursor={cursor}"),
                    &token,
                )
                .await;
            assert_eq!(status, 200);
            assert_eq!(page["total"], 60);
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["code"].as_str().unwrap().to_owned()),
            );
            match page["next_cursor"].as_str() {
                Some(c) => cursor = c.to_owned(),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.dedup();
        assert_eq!(unique.len(), 60);
        assert!(seen.iter().all(|c| c.starts_with("610302001")));
        problem(app.get("/api/v1/regions?level=province", &token).await, 400).await;
        problem(app.get("/api/v1/regions?page_size=0", &token).await, 400).await;
        problem(app.get("/api/v1/regions/61x", &token).await, 400).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn locate_finds_the_grid_in_any_coordinate_system() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let atlas = app.server.state.atlas();
        let compound = atlas
            .regions()
            .iter()
            .find(|r| r.level == fengqiao_core::Level::Compound && r.code.starts_with("610302003"))
            .expect("a compound of the demo");
        let Some(Shape::Point(p)) = &compound.shape else {
            panic!("compound point")
        };
        for crs in [Crs::Wgs84, Crs::Gcj02, Crs::Bd09] {
            let (lon, lat) = crs.from_wgs84(p.x(), p.y());
            let name = match crs {
                Crs::Wgs84 => "wgs84",
                Crs::Gcj02 => "gcj02",
                Crs::Bd09 => "bd09",
            };
            let res = app
                .http
                .get(app.url(&format!("/api/v1/locate?lon={lon}&lat={lat}&crs={name}")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{name}");
            let found: serde_json::Value = res.json().await.unwrap();
            let grid = compound.parent_code.as_deref().unwrap();
            assert_eq!(found["grid"]["code"], grid, "{name}");
            assert_eq!(found["community"]["code"], &grid[..12]);
            assert_eq!(found["town"]["name"], "姜谭路街道");
            assert_eq!(found["district"]["code"], "610302");
        }
        let get = |q: &str| app.http.get(app.url(&format!("/api/v1/locate?{q}"))).send();
        problem(get("lon=116.4&lat=39.9").await.unwrap(), 404).await;
        problem(get("lon=NaN&lat=34.3").await.unwrap(), 400).await;
        problem(get("lon=107.1&lat=134.3").await.unwrap(), 400).await;
        problem(get("lon=107.1&lat=34.3&crs=utm").await.unwrap(), 400).await;
        problem(get("lon=abc&lat=34.3").await.unwrap(), 400).await;
        problem(get("lat=34.3").await.unwrap(), 400).await;
        app.stop().await;
    })
    .await;
}
