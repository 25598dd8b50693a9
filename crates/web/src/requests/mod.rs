//! 安全隐患 and 服务诉求: hazards residents point out and needs they ask help with. Simpler
//! than disputes — the grid worker accepts and finishes them with a reply the resident sees —
//! but scoped, audited and on the four lists the same way.

mod api;
pub mod feeds;
mod pages;
pub mod service;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/requests", get(api::list))
        .route("/api/v1/requests/{id}", get(api::get))
        .route("/api/v1/requests/{id}/{step}", post(api::act))
        .route("/api/v1/requests/{id}/photos/{photo}", get(api::photo))
        .route("/requests", get(pages::list))
        .route("/requests/{id}", get(pages::detail))
        .route("/requests/{id}/{step}", post(pages::act))
}
