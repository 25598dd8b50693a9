//! 安全隐患 and 服务诉求: hazards residents point out and needs they ask help with. Simpler
//! than disputes — the grid worker accepts and finishes them with a reply the resident sees —
//! but scoped, audited and on the four lists the same way.

mod api;
mod desk;
mod doc;
pub mod feeds;
mod pages;
pub mod service;
pub mod words;

use crate::area::{Area, Event, Job, Nav, Source};
use crate::assessment::Indicator;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Hazards and needs residents report.
pub const AREA: Area = Area {
    name: "requests",
    label: "隐患与诉求",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[Nav {
        href: "/requests",
        label: "诉求",
        order: 60,
        shown_to: Nav::staff,
    }],
    events: &[Event {
        code: "request_assigned",
        label: "新的隐患或诉求",
    }],
    indicators: &[Indicator {
        code: "services_completed",
        name: "服务办结件数",
        higher_is_better: true,
        percent: false,
        default_weight: 10.0,
    }],
    sources: &[
        Source::List(&feeds::RequestLists),
        Source::Indicators(&feeds::ServicesCompleted),
        Source::Search(&feeds::RequestSearch),
        Source::Markers(&feeds::RequestMarkers),
    ],
    desk: Some(&desk::Requests),
    jobs: &[Job {
        name: "requests-search-words",
        on_one_node: true,
        every: |_| std::time::Duration::from_secs(60),
        run: words::job,
    }],
    ..Area::EMPTY
};

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
