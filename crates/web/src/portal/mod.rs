//! The residents' portal and the open interfaces: the public report, tracking and rating pages
//! and API, the service catalogue, and Open311 GeoReport v2 for outside systems. Everything
//! reported comes in through [`submit`], which hands disputes to mediation and hazards and needs
//! to requests.

pub mod api;
mod desk;
mod doc;
pub mod feeds;
mod keys;
pub mod open311;
mod pages;
mod pick;
pub mod submit;
pub mod track;

pub use desk::{desk_for, desks, reported_by, Desk};

use crate::area::{Area, Nav, Source};
use crate::assessment::Indicator;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

/// The residents' portal and Open311; its services and tracking codes come from the desks of
/// the other areas.
pub const AREA: Area = Area {
    name: "portal",
    label: "居民门户",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[
        Nav {
            href: "/report",
            label: "反映问题",
            order: 10,
            shown_to: Nav::residents,
        },
        Nav {
            href: "/track",
            label: "查询进度",
            order: 11,
            shown_to: Nav::residents,
        },
        Nav {
            href: "/open311/keys",
            label: "接口",
            order: 90,
            shown_to: Nav::district,
        },
    ],
    indicators: &[Indicator {
        code: "satisfaction",
        name: "群众满意度(%)",
        higher_is_better: true,
        percent: true,
        default_weight: 10.0,
    }],
    sources: &[Source::Indicators(&feeds::Satisfaction)],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/reports", get(api::mine).post(api::report))
        .route("/api/v1/track/{code}", get(api::track))
        .route("/api/v1/track/{code}/rating", post(api::rating))
        .route("/api/v1/open311/keys", get(keys::list).post(keys::create))
        .route("/api/v1/open311/keys/{id}/revoke", post(keys::revoke))
        .route("/open311/keys", get(keys::page).post(keys::page_submit))
        .route(
            "/report",
            get(pages::report_form).post(pages::report_submit).layer(
                axum::extract::DefaultBodyLimit::max(crate::upload::MAX_REPORT_BODY),
            ),
        )
        .route("/report/map", get(pick::page))
        .route("/track", get(pages::track_form))
        .route("/track/{code}", get(pages::track))
        .route("/track/{code}/rating", post(pages::rate_submit))
        .merge(open311::router())
}
