//! The HTTP side of Fengqiao: one axum router serving server-rendered pages and the JSON API
//! under `/api/v1`, one folder per area.

#[macro_use]
pub mod area;
mod assets;
pub mod csrf;
pub mod error;
pub mod extract;
mod headers;
pub mod jobs;
pub mod live;
mod page;
pub mod people;
pub mod session;
pub mod sheet;
pub mod state;
pub mod upload;

areas! {
    home,
    auth,
    org,
    mediation,
    forces,
    requests,
    prevention,
    emergency,
    services,
    culture,
    assessment,
    lists,
    map,
    search,
    portal,
    inbox,
    apidoc,
    ops,
}

use axum::extract::DefaultBodyLimit;
use axum::{middleware, Router};

pub use state::{load_atlas, AppState, Config};

/// The change-notice topic that tells every node to reload its atlas (see `jobs`).
pub const ATLAS_TOPIC: &str = "atlas";

/// Largest request body accepted anywhere; larger ones get 413.
pub const MAX_BODY: usize = 1 << 20;

/// The whole application: the routes of every area served, the error fallback and the
/// shared layers.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new();
    for area in state.areas() {
        app = app.merge((area.routes)());
    }
    app.merge(assets::router())
        .fallback(error::fallback)
        .layer(middleware::from_fn(csrf::csrf_cookie))
        .layer(middleware::from_fn_with_state(
            headers::Policy::for_config(&state.config),
            headers::security,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}
