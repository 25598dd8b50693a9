//! 四级联调: four-level joint mediation — intake, placement, sessions, escalation, agreements,
//! follow-up visits and early warning. The model the other areas copy: rules in
//! `fengqiao_core::mediation`, storage in `fengqiao_store::mediation`, workflow in
//! [`service`], and the API, pages and feeds here.

mod api;
mod charts;
pub mod commands;
mod desk;
mod doc;
pub mod feeds;
mod funnel;
pub mod intake;
mod pages;
pub mod service;
mod views;

use crate::area::{Area, Edited, Event, Job, Nav, Source};
use crate::assessment::Indicator;
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

/// Four-level joint mediation.
pub const AREA: Area = Area {
    name: "mediation",
    label: "矛盾调解",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[Nav {
        href: "/mediation",
        label: "调解",
        order: 10,
        shown_to: Nav::staff,
    }],
    events: &[
        Event {
            code: "assigned",
            label: "新案件或交回",
        },
        Event {
            code: "escalated",
            label: "案件上交",
        },
        Event {
            code: "overdue",
            label: "超期自动上交",
        },
        Event {
            code: "high_risk",
            label: "高风险预警",
        },
    ],
    indicators: &[
        Indicator {
            code: "settled_low_share",
            name: "一二级化解率(%)",
            higher_is_better: true,
            percent: true,
            default_weight: 30.0,
        },
        Indicator {
            code: "overdue",
            name: "超期件数",
            higher_is_better: false,
            percent: false,
            default_weight: 20.0,
        },
        Indicator {
            code: "followup_completion",
            name: "回访完成率(%)",
            higher_is_better: true,
            percent: true,
            default_weight: 20.0,
        },
    ],
    sources: &[
        Source::Indicators(&feeds::MediationIndicators),
        Source::Risk(&feeds::MediationRisk),
        Source::Markers(&feeds::MediationMarkers),
        Source::List(&feeds::MediationLists),
        Source::Search(&feeds::MediationSearch),
    ],
    desk: Some(&desk::Disputes),
    documents: &[Edited {
        document: fengqiao_store::mediation::POLICY,
        title: "调解定级策略",
        page: "/mediation/policy",
    }],
    jobs: &[Job {
        name: "mediation-sweep",
        on_one_node: true,
        every: |_| std::time::Duration::from_secs(60),
        run: service::sweep_job,
    }, Job {
        name: "mediation-search-words",
        on_one_node: true,
        every: |_| std::time::Duration::from_secs(60),
        run: service::case_words_job,
    }],
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/disputes", post(api::create).get(api::list))
        .route("/api/v1/disputes/{id}", get(api::get))
        .route("/api/v1/disputes/{id}/sessions", post(api::add_session))
        .route("/api/v1/disputes/{id}/escalate", post(api::escalate))
        .route("/api/v1/disputes/{id}/handback", post(api::handback))
        .route("/api/v1/disputes/{id}/agreement", post(api::agreement))
        .route("/api/v1/disputes/{id}/followups", post(api::followup))
        .route("/api/v1/disputes/{id}/refer", post(api::refer))
        .route(
            "/api/v1/disputes/{id}/photos",
            post(api::add_photo).layer(DefaultBodyLimit::max(crate::upload::MAX_PHOTO + 1024)),
        )
        .route("/api/v1/disputes/{id}/photos/{photo}", get(api::get_photo))
        .route(
            "/api/v1/disputes/{id}/parties/{party}/phone",
            post(api::reveal_phone),
        )
        .route(
            "/mediation/{id}/parties/{party}/phone",
            post(pages::reveal),
        )
        .route("/api/v1/mediation/funnel", get(api::funnel))
        .route(
            "/api/v1/mediation/policy",
            get(api::get_policy).put(api::put_policy),
        )
        .route(
            "/api/v1/mediation/mediators",
            get(api::mediators).post(api::add_mediator),
        )
        .route("/mediation", get(pages::list))
        .route(
            "/mediation/new",
            get(pages::new_form).post(pages::new_submit),
        )
        .route("/mediation/overdue", get(pages::overdue))
        .route("/mediation/overview", get(pages::overview))
        .route("/mediation/funnel", get(pages::funnel))
        .route(
            "/mediation/policy",
            get(pages::policy).post(pages::policy_save),
        )
        .route("/mediation/funnel.svg", get(pages::funnel_svg))
        .route("/mediation/{id}", get(pages::case))
        .route("/mediation/{id}/print", get(pages::agreement_print))
        .route("/mediation/{id}/{action}", post(pages::act))
}
