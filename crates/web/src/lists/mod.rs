//! The four lists (四单): duty, tasks, problems and results. Every area contributes through
//! [`ListSource`]; this module only gathers and orders, and never reads an area's tables.

use crate::auth::User;
use crate::error::ApiError;
use crate::extract::ApiUser;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use fengqiao_store::{BoxFuture, Store, StoreError};
use serde::Serialize;

/// Which of the four lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    /// 职责单: what a person or unit answers for.
    Duty,
    /// 任务单: what is due, by deadline.
    Tasks,
    /// 问题单: risks, overdue items, gaps.
    Problems,
    /// 成效单: what was done.
    Results,
}

impl ListKind {
    pub fn parse(s: &str) -> Option<ListKind> {
        match s {
            "duty" => Some(ListKind::Duty),
            "tasks" => Some(ListKind::Tasks),
            "problems" => Some(ListKind::Problems),
            "results" => Some(ListKind::Results),
            _ => None,
        }
    }
}

/// One line of a list.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    /// The area it comes from, e.g. 矛盾调解.
    pub area: &'static str,
    pub title: String,
    pub detail: String,
    pub href: String,
    pub due_at: Option<i64>,
    pub overdue: bool,
}

/// An area's contribution to the four lists of a user.
pub trait ListSource: Send + Sync {
    fn items<'a>(
        &'a self,
        store: &'a Store,
        user: &'a User,
        kind: ListKind,
    ) -> BoxFuture<'a, Result<Vec<ListItem>, StoreError>>;
}

/// Everything every area puts on one list of a user: overdue first, then by deadline.
pub async fn gather(
    state: &AppState,
    user: &User,
    kind: ListKind,
) -> Result<Vec<ListItem>, StoreError> {
    let mut all = Vec::new();
    for source in state.list_sources() {
        all.extend(source.items(&state.store, user, kind).await?);
    }
    all.sort_by_key(|i| (!i.overdue, i.due_at.unwrap_or(i64::MAX)));
    Ok(all)
}

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/lists/{kind}", get(api_list))
}

async fn api_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(kind): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    user.staff_scope()?;
    let k = ListKind::parse(&kind).ok_or_else(|| {
        ApiError::not_found(format!(
            "没有「{kind}」清单,应为 duty、tasks、problems 或 results"
        ))
    })?;
    let items = gather(&state, &user, k).await?;
    Ok(Json(
        serde_json::json!({"kind": k, "total": items.len(), "items": items}),
    ))
}
