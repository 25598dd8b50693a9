//! The incident page's live updates: a job passes every new log line to this node's
//! watchers (a few milliseconds after it is written, whichever node wrote it), and
//! `GET /api/v1/incidents/{id}/stream` sends them as server-sent events, starting with what
//! the watcher missed since the line it names.

use super::{service, view};
use crate::error::ApiError;
use crate::extract::ApiUser;
use crate::live::LiveEvent;
use fengqiao_core::emergency::incident::IncidentStatus;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use fengqiao_store::emergency::incidents as store;
use fengqiao_store::BoxFuture;
use serde::Deserialize;

/// How often a node looks for new lines.
pub const POLL_MS: u64 = 100;

fn topic(incident: i64) -> String {
    format!("incident:{incident}")
}

async fn events(state: &AppState, rows: Vec<store::LogRow>) -> Result<Vec<LiveEvent>, ApiError> {
    let names = crate::people::names(state, rows.iter().map(|r| r.actor.as_str())).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (incident, id) = (r.incident_id, r.id);
            let data = serde_json::to_string(&view::line(r, &names)).unwrap_or_default();
            LiveEvent { topic: topic(incident), id, data }
        })
        .collect())
}

/// Passes the lines written since the last look to this node's watchers.
pub fn job(state: &AppState) -> BoxFuture<'_, Result<(), String>> {
    Box::pin(async move {
        let pool = state.store.pool();
        if state.live.cursor() < 0 {
            let last = store::last_log_id(pool).await.map_err(|e| e.to_string())?;
            state.live.set_cursor(last);
            return Ok(());
        }
        loop {
            let rows = store::log_after(pool, state.live.cursor(), 500).await.map_err(|e| e.to_string())?;
            let Some(last) = rows.last().map(|r| r.id) else {
                return Ok(());
            };
            // Nobody watching: move on without naming anyone.
            if state.live.watchers() > 0 {
                for e in events(state, rows).await.map_err(|e| e.detail)? {
                    state.live.publish(e);
                }
            }
            state.live.set_cursor(last);
        }
    })
}

#[derive(Debug, Deserialize)]
pub struct StreamQuery {
    /// The last line the page shows.
    pub after: Option<i64>,
}

/// `GET /api/v1/incidents/{id}/stream`: the log as it grows.
pub async fn stream(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<StreamQuery>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let incident = service::visible(&state, &user, id).await?;
    let resumed = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    let missed = match resumed.or(q.after) {
        Some(after) => {
            let rows = store::log(state.store.pool(), id).await?;
            events(&state, rows.into_iter().filter(|r| r.id > after).collect()).await?
        }
        None => Vec::new(),
    };
    let follow = incident.status == IncidentStatus::Responding.as_str();
    Ok(state.live.stream(topic(id), missed, follow))
}
