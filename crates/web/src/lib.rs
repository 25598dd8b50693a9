//! The HTTP side of Fengqiao: one axum router serving server-rendered pages and the JSON API
//! under `/api/v1`, one folder per area.

pub mod apidoc;
pub mod assessment;
mod assets;
pub mod auth;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod forces;
mod home;
pub mod inbox;
pub mod lists;
pub mod map;
pub mod mediation;
mod ops;
pub mod org;
mod page;
pub mod portal;
pub mod requests;
pub mod search;
pub mod session;
pub mod state;
pub mod upload;

use axum::extract::DefaultBodyLimit;
use axum::{middleware, Router};

pub use state::{load_atlas, AppState, Config};

/// Largest request body accepted anywhere; larger ones get 413.
pub const MAX_BODY: usize = 1 << 20;

/// The whole application: every area's routes, the error fallback and the shared layers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(auth::router())
        .merge(org::router())
        .merge(map::router())
        .merge(home::router())
        .merge(lists::router())
        .merge(mediation::router())
        .merge(forces::router())
        .merge(assessment::router())
        .merge(requests::router())
        .merge(inbox::router())
        .merge(search::router())
        .merge(apidoc::router())
        .merge(portal::router())
        .merge(ops::router())
        .merge(assets::router())
        .fallback(error::fallback)
        .layer(middleware::from_fn(csrf::csrf_cookie))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}
