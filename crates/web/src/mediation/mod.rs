//! 四级联调: four-level joint mediation — intake, placement, sessions, escalation, agreements,
//! follow-up visits and early warning. The model the other areas copy: rules in
//! `fengqiao_core::mediation`, storage in `fengqiao_store::mediation`, workflow in
//! [`service`], and the API, pages and feeds here.

mod api;
pub mod feeds;
mod funnel;
pub mod intake;
mod pages;
pub mod service;
mod views;

use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

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
