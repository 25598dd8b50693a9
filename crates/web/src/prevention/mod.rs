//! Risk prevention (安全防控), the first of the four priorities: order kept by people, things,
//! technology and deterrence. Patrols with their tracks (人防) and the cameras of the 雪亮工程
//! (物防) so far, each in its own folder.

pub mod cameras;
mod doc;
pub mod eco;
pub mod events;
pub mod patrols;
pub mod sites;
pub mod smart;

use patrols::{api, feeds, pages};

use crate::area::{Area, Edited, Event, Nav, Source};
use crate::assessment::Indicator;
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

/// Largest GPX file taken (a day's track at one fix a second is about 8 MB).
pub const MAX_GPX: usize = 20 * 1024 * 1024;

/// Risk prevention.
pub const AREA: Area = Area {
    name: "prevention",
    label: "安全防控",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[
        Nav {
            href: "/patrols",
            label: "巡逻",
            order: 55,
            shown_to: Nav::staff,
        },
        Nav {
            href: "/cameras",
            label: "视频监控",
            order: 56,
            shown_to: Nav::staff,
        },
        Nav {
            href: "/risk-sites",
            label: "风险点",
            order: 58,
            shown_to: Nav::staff,
        },
        Nav {
            href: "/large-events",
            label: "大型活动",
            order: 59,
            shown_to: Nav::everyone,
        },
        Nav {
            href: "/eco-reports",
            label: "生态保护",
            order: 61,
            shown_to: Nav::staff,
        },
        Nav {
            href: "/smart-compounds",
            label: "智慧安防小区",
            order: 57,
            shown_to: Nav::staff,
        },
    ],
    documents: &[Edited {
        document: fengqiao_store::prevention::smart::STANDARD,
        title: "智慧安防小区标准",
        page: "/smart-compounds/standard",
    }],
    events: &[
        Event {
            code: "camera_fault",
            label: "摄像机故障待修",
        },
        Event {
            code: "large_event",
            label: "大型活动待审批",
        },
        Event {
            code: "eco_report",
            label: "生态问题待处理",
        },
    ],
    desk: Some(&eco::desk::Eco),
    indicators: &[
        Indicator {
            code: "patrol_hours",
            name: "巡逻时长(小时)",
            higher_is_better: true,
            percent: false,
            default_weight: 10.0,
        },
        Indicator {
            code: "smart_compounds",
            name: "智慧安防小区(个)",
            higher_is_better: true,
            percent: false,
            default_weight: 5.0,
        },
        Indicator {
            code: "inspections_on_time",
            name: "风险点按期检查率(%)",
            higher_is_better: true,
            percent: true,
            default_weight: 10.0,
        },
        Indicator {
            code: "camera_uptime",
            name: "摄像机完好率(%)",
            higher_is_better: true,
            percent: true,
            default_weight: 10.0,
        },
    ],
    sources: &[
        Source::Indicators(&feeds::PatrolHours),
        Source::List(&feeds::PatrolGaps),
        Source::List(&feeds::ShiftDuties),
        Source::Layer(&feeds::PatrolLayer),
        Source::Indicators(&cameras::feeds::CameraUptime),
        Source::List(&cameras::feeds::CameraLists),
        Source::Layer(&cameras::feeds::CameraLayer),
        Source::Indicators(&smart::feeds::SmartCompounds),
        Source::List(&sites::feeds::SiteLists),
        Source::Risk(&sites::feeds::SiteRisk),
        Source::Layer(&sites::feeds::SiteLayer),
        Source::Indicators(&sites::feeds::InspectionsOnTime),
        Source::List(&events::feeds::EventLists),
        Source::List(&eco::feeds::EcoLists),
    ],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/patrols", get(api::list).post(api::start))
        .route(
            "/api/v1/patrols/import",
            post(api::import).layer(DefaultBodyLimit::max(MAX_GPX)),
        )
        .route(
            "/api/v1/patrols/checkpoints",
            get(api::checkpoints).post(api::add_checkpoint),
        )
        .route("/api/v1/patrols/weekly", get(api::weekly))
        .route("/api/v1/patrols/shifts", get(api::shifts).post(api::add_shift))
        .route("/api/v1/patrols/{id}", get(api::get))
        .route("/api/v1/patrols/{id}/points", post(api::points))
        .route("/api/v1/patrols/{id}/finish", post(api::finish))
        .route("/api/v1/patrols/{id}/track.gpx", get(api::track_gpx))
        .route("/api/v1/patrols/{id}/track.geojson", get(api::track_geojson))
        .route("/patrols", get(pages::list).post(pages::start))
        .route(
            "/patrols/import",
            post(pages::import).layer(DefaultBodyLimit::max(MAX_GPX)),
        )
        .route("/patrols/shifts", post(pages::add_shift))
        .route("/patrols/{id}", get(pages::detail))
        .route("/patrols/{id}/finish", post(pages::finish))
        .merge(cameras_router())
        .merge(smart_router())
        .merge(sites_router())
        .merge(events_router())
        .merge(eco_router())
}

fn eco_router() -> Router<AppState> {
    use eco::{api, pages};
    Router::new()
        .route("/api/v1/eco-reports", get(api::list))
        .route("/api/v1/eco-reports/{id}", get(api::get))
        .route("/api/v1/eco-reports/{id}/rectify", post(api::rectify))
        .route("/api/v1/eco-reports/{id}/recheck", post(api::recheck))
        .route("/eco-reports", get(pages::list))
        .route("/eco-reports/{id}", get(pages::get))
        .route("/eco-reports/{id}/rectify", post(pages::rectify))
        .route("/eco-reports/{id}/recheck", post(pages::recheck))
}

fn events_router() -> Router<AppState> {
    use events::{api, pages};
    Router::new()
        .route("/api/v1/large-events", get(api::list).post(api::apply))
        .route("/api/v1/large-events/{id}", get(api::get))
        .route("/api/v1/large-events/{id}/decision", post(api::decide))
        .route("/api/v1/large-events/{id}/report", post(api::report))
        .route("/large-events", get(pages::list).post(pages::apply))
        .route("/large-events/{id}", get(pages::detail))
        .route("/large-events/{id}/decision", post(pages::decide))
        .route("/large-events/{id}/report", post(pages::report))
}

fn sites_router() -> Router<AppState> {
    use sites::{api, pages};
    Router::new()
        .route("/api/v1/risk-sites", get(api::list).post(api::register))
        .route("/api/v1/risk-sites/report", get(api::report))
        .route("/api/v1/risk-sites/{id}", get(api::get))
        .route("/api/v1/risk-sites/{id}/inspections", post(api::inspect))
        .route("/api/v1/risk-sites/rectifications/{id}", post(api::recheck))
        .route("/risk-sites", get(pages::list).post(pages::register))
        .route("/risk-sites/{id}", get(pages::detail))
        .route("/risk-sites/{id}/inspections", post(pages::inspect))
        .route("/risk-sites/{id}/rectifications/{rect}", post(pages::recheck))
}

fn smart_router() -> Router<AppState> {
    use smart::{api, pages};
    Router::new()
        .route(
            "/api/v1/compounds/{code}/security",
            get(api::get).put(api::put),
        )
        .route("/api/v1/prevention/smart-compounds", get(api::progress))
        .route(
            "/api/v1/prevention/smart-standard",
            get(api::get_standard).put(api::put_standard),
        )
        .route("/smart-compounds", get(pages::progress))
        .route(
            "/smart-compounds/standard",
            get(pages::standard).post(pages::save_standard),
        )
        .route(
            "/compounds/{code}/security",
            get(pages::checklist).post(pages::record),
        )
}

/// Largest registry sheet taken.
pub const MAX_SHEET: usize = 10 * 1024 * 1024;

fn cameras_router() -> Router<AppState> {
    use cameras::{api, pages};
    Router::new()
        .route("/api/v1/cameras", get(api::list).post(api::register))
        .route("/api/v1/cameras/export", get(api::export))
        .route(
            "/api/v1/cameras/import",
            post(api::import).layer(DefaultBodyLimit::max(MAX_SHEET)),
        )
        .route("/api/v1/cameras/{id}", get(api::get))
        .route("/api/v1/cameras/{id}/faults", post(api::fault))
        .route("/api/v1/cameras/{id}/faults/{fault}/repair", post(api::repair))
        .route("/api/v1/prevention/compounds", get(api::compounds))
        .route("/cameras", get(pages::list).post(pages::register))
        .route(
            "/cameras/import",
            post(pages::import).layer(DefaultBodyLimit::max(MAX_SHEET)),
        )
        .route("/cameras/{id}", get(pages::detail))
        .route("/cameras/{id}/faults", post(pages::fault))
        .route("/cameras/{id}/faults/{fault}/repair", post(pages::repair))
}
