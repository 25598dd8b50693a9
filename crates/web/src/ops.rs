//! Health endpoints for load balancers and operators.

use crate::area::Area;
use crate::error::{ApiError, Code};
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

/// Health endpoints; no pages, no API operations.
pub const AREA: Area = Area {
    name: "ops",
    label: "运行状态",
    routes: router,
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The process answers.
async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// The database answers too.
async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    if state.store.ping().await {
        Ok(Json(
            json!({"status": "ready", "regions": state.atlas().len()}),
        ))
    } else {
        Err(ApiError::new(Code::Unavailable, "数据库无响应"))
    }
}
