//! The organisation of the district: regions, the account directory, and locating a point.

mod accounts;
mod doc;
mod locate;
pub mod place;
mod regions;

pub use regions::{page_size, Page};

use crate::area::{Area, Nav, Source};
use crate::AppState;
use axum::routing::get;
use axum::Router;

/// The region tree, the account directory, locating a point, and regions in the search box.
pub const AREA: Area = Area {
    name: "org",
    label: "区划与账号",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[Nav {
        href: "/regions/{region}",
        label: "区划",
        order: 40,
        shown_to: Nav::everyone,
    }],
    sources: &[Source::Search(&crate::search::RegionSearch)],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/regions", get(regions::api_list))
        .route("/api/v1/regions/{code}", get(regions::api_get))
        .route("/api/v1/locate", get(locate::api_locate))
        .route("/api/v1/accounts", get(accounts::api_list))
        .route("/regions/{code}", get(regions::page))
}
