//! Static assets compiled into the binary, no build step: the site's stylesheet and script,
//! the map's script, and Leaflet (vendored from the npm registry, see `assets/vendor/leaflet`).

use crate::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const APP_CSS: &str = include_str!("assets/app.css");
const APP_JS: &str = include_str!("assets/app.js");
const MAP_JS: &str = include_str!("assets/map.js");
const PATROL_JS: &str = include_str!("assets/patrol.js");
const INCIDENT_JS: &str = include_str!("assets/incident.js");
const LEAFLET_JS: &str = include_str!("assets/vendor/leaflet/leaflet.js");
const LEAFLET_CSS: &str = include_str!("assets/vendor/leaflet/leaflet.css");

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/app.css", get(|| serve(CSS, APP_CSS)))
        .route("/static/app.js", get(|| serve(JS, APP_JS)))
        .route("/static/map.js", get(|| serve(JS, MAP_JS)))
        .route("/static/patrol.js", get(|| serve(JS, PATROL_JS)))
        .route("/static/incident.js", get(|| serve(JS, INCIDENT_JS)))
        .route("/static/leaflet.js", get(|| serve(JS, LEAFLET_JS)))
        .route("/static/leaflet.css", get(|| serve(CSS, LEAFLET_CSS)))
}

async fn serve(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
