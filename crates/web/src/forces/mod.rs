//! The four forces (四支力量): teams of each force bound to regions, their members, the
//! district's mandates and the coverage scorecard, and what they feed to the lists and the map.

mod api;
pub mod coverage;
mod doc;
mod feeds;
mod pages;
pub mod roster;

use crate::area::{Area, Edited, Nav, Source};
use crate::assessment::Indicator;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

/// The four forces: teams, members, mandates and coverage.
pub const AREA: Area = Area {
    name: "forces",
    label: "四支力量",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[Nav {
        href: "/teams",
        label: "力量",
        order: 20,
        shown_to: Nav::staff,
    }],
    indicators: &[Indicator {
            code: "coverage_met",
            name: "常态化要求达标率(%)",
            higher_is_better: true,
            percent: true,
        default_weight: 30.0,
    }],
    sources: &[
        Source::Indicators(&feeds::CoverageIndicator),
        Source::List(&feeds::ForceLists),
        Source::Layer(&feeds::CoverageLayer),
        Source::Layer(&feeds::TeamsLayer),
        Source::Search(&feeds::TeamSearch),
        Source::Units(&feeds::TeamUnits),
    ],
    documents: &[Edited {
        document: fengqiao_store::forces::MANDATES,
        title: "常态化要求",
        page: "/coverage",
    }],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/teams", get(api::list_teams).post(api::create_team))
        .route("/api/v1/teams/{id}", get(api::get_team))
        .route(
            "/api/v1/teams/roster",
            post(api::import_roster).layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024)),
        )
        .route("/api/v1/teams/{id}/members", post(api::add_member))
        .route(
            "/api/v1/teams/{id}/members/{member}/end",
            post(api::end_member),
        )
        .route("/api/v1/facilities", post(api::add_facility))
        .route("/api/v1/coverage", get(api::coverage))
        .route(
            "/api/v1/mandates",
            get(api::get_mandates).put(api::put_mandates),
        )
        .route("/teams", get(pages::teams).post(pages::create_team))
        .route("/teams/roster-template.xlsx", get(roster::template_download))
        .route("/teams/{id}", get(pages::team))
        .route("/teams/{id}/members", post(pages::add_member))
        .route("/coverage", get(pages::coverage))
}
