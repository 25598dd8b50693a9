//! The HTTP side of Fengqiao: one axum router serving server-rendered pages and the JSON API
//! under `/api/v1`, one folder per area.

pub mod apidoc;
pub mod area;
pub mod areas;
pub mod assessment;
mod assets;
pub mod auth;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod forces;
mod home;
pub mod inbox;
pub mod jobs;
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
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}
