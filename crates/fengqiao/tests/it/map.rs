use crate::support::{on_both, problem, App};
use fengqiao_core::RiskLevel;
use fengqiao_store::{BoxFuture, Store, StoreError};
use fengqiao_web::map::RiskSource;
use std::collections::HashMap;

struct FixedRisk;

impl RiskSource for FixedRisk {
    fn region_risks<'a>(
        &'a self,
        _: &'a Store,
        _: &'a str,
    ) -> BoxFuture<'a, Result<HashMap<String, RiskLevel>, StoreError>> {
        Box::pin(async {
            Ok(HashMap::from([
                ("610302001001002".to_owned(), RiskLevel::Orange),
                ("610302001001002".to_owned(), RiskLevel::Red),
                ("610302002001001".to_owned(), RiskLevel::Blue),
            ]))
        })
    }
}

fn count(svg: &str, needle: &str) -> usize {
    svg.matches(needle).count()
}

#[tokio::test]
async fn the_coordinator_map_draws_every_grid_and_compound_of_the_district() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("coordinator").await;
        let res = app.get("/map.svg", &token).await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers()["content-type"],
            "image/svg+xml; charset=utf-8"
        );
        let svg = res.text().await.unwrap();
        assert_eq!(count(&svg, "<path fill="), 600);
        assert_eq!(count(&svg, "<circle "), 244);
        assert!(
            svg.contains(r#"href="/regions/610302100001001""#),
            "grids link to their pages"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_grid_worker_map_stops_at_their_grid() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let token = app.token("gw0001").await;
        let svg = app.get("/map.svg", &token).await.text().await.unwrap();
        assert_eq!(count(&svg, "<path fill="), 1);
        problem(app.get("/map.svg?region=610302", &token).await, 404).await;
        problem(
            app.get("/map.svg?region=610302001001002", &token).await,
            404,
        )
        .await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_plugged_in_risk_source_colours_the_grids() {
    on_both(|db| async move {
        static FIXED: fengqiao_web::area::Area = fengqiao_web::area::Area {
            name: "fixed-risk",
            sources: &[fengqiao_web::area::Source::Risk(&FixedRisk)],
            ..fengqiao_web::area::Area::EMPTY
        };
        let mut areas = fengqiao_web::areas::ALL.to_vec();
        areas.push(&FIXED);
        let app = App::demo_with_areas(db, areas).await;
        let token = app.token("town01").await;
        let svg = app
            .get("/map.svg?region=610302001001", &token)
            .await
            .text()
            .await
            .unwrap();
        let red = format!(
            r#"data-code="610302001001002"><path fill="{}""#,
            RiskLevel::Red.colour()
        );
        assert!(svg.contains(&red));
        let risks =
            fengqiao_web::map::combined_risks(&app.server.state, "/610302/610302001/610302001001/")
                .await
                .unwrap();
        let calm = (1..=6)
            .map(|g| format!("610302001001{g:03}"))
            .find(|g| !risks.contains_key(g))
            .expect("a grid without risk");
        let neutral = format!(
            r#"data-code="{calm}"><path fill="{}""#,
            fengqiao_core::risk::NEUTRAL_COLOUR
        );
        assert!(
            svg.contains(&neutral),
            "grids no source knows about stay neutral"
        );
        assert!(
            !svg.contains("610302002001001"),
            "only the asked region is drawn"
        );
        app.stop().await;
    })
    .await;
}
