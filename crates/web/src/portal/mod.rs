//! The residents' portal and the open interfaces: the public report, tracking and rating pages
//! and API, the service catalogue, and Open311 GeoReport v2 for outside systems. Everything
//! reported comes in through [`submit`], which hands disputes to mediation and hazards and needs
//! to requests.

mod api;
pub mod feeds;
mod keys;
pub mod open311;
mod pages;
mod pick;
pub mod submit;
pub mod track;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/services", get(api::catalogue))
        .route("/api/v1/reports", post(api::report))
        .route("/api/v1/track/{code}", get(api::track))
        .route("/api/v1/track/{code}/rating", post(api::rating))
        .route("/api/v1/open311/keys", get(keys::list).post(keys::create))
        .route("/api/v1/open311/keys/{id}/revoke", post(keys::revoke))
        .route("/open311/keys", get(keys::page).post(keys::page_submit))
        .route(
            "/report",
            get(pages::report_form).post(pages::report_submit),
        )
        .route("/report/map", get(pick::page))
        .route("/track", get(pages::track_form))
        .route("/track/{code}", get(pages::track))
        .route("/track/{code}/rating", post(pages::rate_submit))
        .merge(open311::router())
}
