//! Eco reports for staff over JSON: the list in scope, one report with its steps (the exact
//! place, the reporter's phone masked), the rectification order and the re-check.

use super::service;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser, ScopedRegion};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use fengqiao_core::prevention::eco::{EcoKind, EcoStatus};
use fengqiao_core::Phone;
use fengqiao_store::now_ms;
use fengqiao_store::prevention::eco::{self as store, EcoRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct EcoView {
    pub id: i64,
    pub tracking_code: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub description: String,
    pub grid_code: String,
    pub grid_name: String,
    pub address: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub reporter_phone: Option<String>,
    pub channel: String,
    pub department: String,
    pub assignee: Option<String>,
    pub status: String,
    pub status_label: &'static str,
    pub due: String,
    pub overdue: bool,
    pub rectify_order: String,
    pub created: String,
    pub steps: Vec<(String, String)>,
}

pub fn view(state: &AppState, r: EcoRow) -> EcoView {
    let now = now_ms();
    EcoView {
        kind_label: EcoKind::parse(&r.kind).map_or("生态问题", EcoKind::label),
        grid_name: state.atlas().get(&r.grid_code).map_or_else(|| r.grid_code.clone(), |g| g.name.clone()),
        reporter_phone: r.reporter_phone.as_deref().map(|p| p.parse::<Phone>().map_or_else(|_| p.to_owned(), |p| p.masked())),
        status_label: EcoStatus::parse(&r.status).map_or("未知", EcoStatus::label),
        due: fengqiao_core::time::day(r.due_at),
        overdue: r.status != "closed" && r.due_at < now,
        created: fengqiao_core::time::minute(r.created_at),
        id: r.id,
        tracking_code: r.tracking_code,
        kind: r.kind,
        description: r.description,
        grid_code: r.grid_code,
        address: r.address,
        lon: r.lon,
        lat: r.lat,
        channel: r.channel,
        department: r.department,
        assignee: r.assignee,
        status: r.status,
        rectify_order: r.rectify_order,
        steps: Vec::new(),
    }
}

pub async fn detail(state: &AppState, r: EcoRow) -> Result<EcoView, ApiError> {
    let events = store::events(state.store.pool(), r.id).await?;
    let names = crate::people::names(state, events.iter().map(|e| e.actor.as_str())).await?;
    let mut v = view(state, r);
    v.steps = events
        .into_iter()
        .map(|e| (fengqiao_core::time::minute(e.at), format!("{} {}", names.of(&e.actor), e.detail)))
        .collect();
    Ok(v)
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub open: bool,
    #[serde(default)]
    pub mine: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    region: ScopedRegion,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Vec<EcoView>>, ApiError> {
    let rows = store::list(state.store.pool(), &region.path, q.open, q.mine.then_some(user.username.as_str()), 300).await?;
    Ok(Json(rows.into_iter().map(|r| view(&state, r)).collect()))
}

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<EcoView>, ApiError> {
    let r = service::in_scope(&state, &user, id).await?;
    Ok(Json(detail(&state, r).await?))
}

#[derive(Deserialize)]
pub struct RectifyBody {
    pub order: String,
    pub days: i64,
}

pub async fn rectify(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RectifyBody>,
) -> Result<Json<EcoView>, ApiError> {
    service::rectify(&state, &user, id, &b.order, b.days).await?;
    let r = service::in_scope(&state, &user, id).await?;
    Ok(Json(detail(&state, r).await?))
}

#[derive(Deserialize)]
pub struct RecheckBody {
    pub passed: bool,
    pub notes: String,
}

pub async fn recheck(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RecheckBody>,
) -> Result<Json<EcoView>, ApiError> {
    service::recheck(&state, &user, id, b.passed, &b.notes).await?;
    let r = service::in_scope(&state, &user, id).await?;
    Ok(Json(detail(&state, r).await?))
}
