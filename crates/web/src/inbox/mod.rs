//! Notices for staff: the in-app inbox (assignments, escalations, overdue cases, high risk,
//! new hazards and needs) with its unread count on every page, and outbound webhooks so SMS or
//! WeChat gateways hear the same events. Areas write notices through
//! `fengqiao_store::inbox::notify` in the transaction of the change itself.

mod api;
pub mod deliver;
mod pages;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/notifications", get(api::list))
        .route("/api/v1/notifications/read", post(api::read))
        .route(
            "/api/v1/webhooks",
            get(api::webhooks).post(api::add_webhook),
        )
        .route("/api/v1/webhooks/{id}/deactivate", post(api::deactivate))
        .route("/api/v1/webhooks/deliveries", get(api::deliveries))
        .route("/api/v1/webhooks/deliveries/{id}/replay", post(api::replay))
        .route("/inbox", get(pages::inbox))
        .route("/inbox/read", post(pages::read))
        .route(
            "/webhooks",
            get(pages::webhooks).post(pages::webhooks_submit),
        )
}
