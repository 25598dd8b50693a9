//! The organisation of the district: regions, the account directory, and locating a point.

mod accounts;
mod locate;
mod regions;

pub use regions::{page_size, Page};

use crate::AppState;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/regions", get(regions::api_list))
        .route("/api/v1/regions/{code}", get(regions::api_get))
        .route("/api/v1/locate", get(locate::api_locate))
        .route("/api/v1/accounts", get(accounts::api_list))
        .route("/regions/{code}", get(regions::page))
}
