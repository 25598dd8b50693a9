//! Health endpoints for load balancers and operators, and the job that anchors the audit
//! chain with signed checkpoints.

use crate::area::{Area, Job};
use crate::error::{ApiError, Code};
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

/// Health endpoints and the checkpoint job; no pages, no API operations.
pub const AREA: Area = Area {
    name: "ops",
    label: "运行状态",
    routes: router,
    jobs: &[Job {
        name: "audit-checkpoint",
        on_one_node: false,
        every: |c| std::time::Duration::from_millis(c.checkpoint_every_ms.max(10)),
        run: |state| Box::pin(checkpoint(state)),
    }],
    ..Area::EMPTY
};

/// Appends a signed checkpoint of the audit head to the configured file (when the head moved).
pub async fn checkpoint(state: &AppState) -> Result<(), String> {
    let Some(file) = &state.config.checkpoints else {
        return Ok(());
    };
    fengqiao_store::audit::checkpoint::append(state.store.pool(), &state.config.key, file)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

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
            json!({"status": "ready", "regions": state.atlas().len(), "leader": state.leadership.is_leader(), "replicas": state.store.replica_count()}),
        ))
    } else {
        Err(ApiError::new(Code::Unavailable, "数据库无响应"))
    }
}
