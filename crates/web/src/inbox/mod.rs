//! Notices for staff: the in-app inbox (assignments, escalations, overdue cases, high risk,
//! new hazards and needs) with its unread count on every page, and outbound webhooks so SMS or
//! WeChat gateways hear the same events. Areas write notices through
//! `fengqiao_store::inbox::notify` in the transaction of the change itself.

mod api;
pub mod deliver;
pub mod target;
mod doc;
mod pages;

use crate::area::{Area, Job, Nav};
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Notices and webhooks; the notice kinds come from the other areas.
pub const AREA: Area = Area {
    name: "inbox",
    label: "消息与推送",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[
        Nav {
            href: "/webhooks",
            label: "推送",
            order: 91,
            shown_to: Nav::district,
        },
        Nav {
            href: "/inbox",
            label: "消息",
            order: 99,
            shown_to: Nav::everyone,
        },
    ],
    jobs: &[Job {
        name: "webhook-delivery",
        on_one_node: true,
        every: |c| std::time::Duration::from_millis(c.webhook_poll_ms.max(10)),
        run: deliver::job,
    }],
    ..Area::EMPTY
};

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
