//! The organisation of the district: regions, the account directory, and locating a point.

mod accounts;
mod accounts_page;
mod doc;
mod locate;
pub mod place;
mod regions;

pub use regions::{page_size, Page};

use crate::area::{Area, Nav, Source};
use crate::AppState;
use axum::routing::{get, post};
use fengqiao_core::Role;
use axum::Router;

/// The region tree, the account directory, locating a point, and regions in the search box.
pub const AREA: Area = Area {
    name: "org",
    label: "区划与账号",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[
        Nav {
            href: "/regions/{region}",
            label: "区划",
            order: 40,
            shown_to: Nav::staff,
        },
        Nav {
            href: "/accounts",
            label: "账号",
            order: 95,
            shown_to: Role::may_list_accounts,
        },
    ],
    sources: &[Source::Search(&crate::search::RegionSearch)],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/regions", get(regions::api_list))
        .route("/api/v1/regions/{code}", get(regions::api_get))
        .route("/api/v1/locate", get(locate::api_locate))
        .route("/api/v1/accounts", get(accounts::api_list))
        .route(
            "/api/v1/accounts/{username}/password-reset",
            post(accounts::api_reset_password),
        )
        .route(
            "/api/v1/accounts/{username}/deactivate",
            post(accounts::api_deactivate),
        )
        .route(
            "/api/v1/accounts/{username}/reactivate",
            post(accounts::api_reactivate),
        )
        .route(
            "/api/v1/accounts/{username}/totp-reset",
            post(accounts::api_totp_reset),
        )
        .route("/accounts", get(accounts_page::list))
        .route("/accounts/{username}/{action}", post(accounts_page::act))
        .route("/regions/{code}", get(regions::page))
}
