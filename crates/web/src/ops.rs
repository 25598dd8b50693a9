//! Health endpoints for load balancers and operators, and the job that anchors the audit
//! chain with signed checkpoints.

use crate::area::{Area, Job};
use crate::error::{ApiError, Code};
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

/// Health endpoints, the checkpoint job and the clean-up of shared rate counters; no pages, no
/// API operations.
pub const AREA: Area = Area {
    name: "ops",
    label: "运行状态",
    routes: router,
    jobs: &[Job {
        name: "audit-checkpoint",
        on_one_node: false,
        every: |c| std::time::Duration::from_millis(c.checkpoint_every_ms.max(10)),
        run: |state| Box::pin(checkpoint(state)),
    }, Job {
        name: "rate-counts-forget",
        on_one_node: true,
        every: |_| std::time::Duration::from_secs(600),
        run: |state| Box::pin(forget_rate_counts(state)),
    }],
    ..Area::EMPTY
};

/// Drops shared rate counters whose window ended a day ago (the longest window is an hour).
pub async fn forget_rate_counts(state: &AppState) -> Result<(), String> {
    let before = fengqiao_store::now_ms() - 86_400_000;
    fengqiao_store::rate::forget_before(state.store.pool(), before)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

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
            json!({"status": "ready", "regions": state.atlas().len(), "leader": state.leadership.is_leader(), "replicas": state.store.replica_count(),
                // How often the four lists were gathered from the areas rather than shown
                // again: against the requests, how well lists are kept (`lists::cache`).
                "lists_gathered_afresh": state.list_cache.gathered_afresh(),
                "list_parts_gathered_afresh": state.list_cache.parts_gathered_afresh()}),
        ))
    } else {
        Err(ApiError::new(Code::Unavailable, "数据库无响应"))
    }
}
