//! Large events over JSON: apply (any account; the rules answer at once), list and read
//! (staff in scope, organisers their own; contacts masked in lists), decide, report.

use super::service::{self, Application};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::prevention::events::EventStatus;
use fengqiao_core::time::minute;
use fengqiao_core::{Phone, RiskLevel};
use fengqiao_store::now_ms;
use fengqiao_store::prevention::events::{self as store, EventRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: i64,
    pub name: String,
    pub organiser: String,
    pub organiser_contact: String,
    pub venue: String,
    pub grid_code: String,
    pub grid_name: String,
    pub starts_at: i64,
    pub starts: String,
    pub ends: String,
    pub expected_people: i64,
    pub venue_capacity: i64,
    pub exits: i64,
    pub plan: String,
    pub status: String,
    pub status_label: &'static str,
    pub status_reason: String,
    pub risk_level: String,
    pub risk_label: &'static str,
    pub risk_reasons: String,
    pub decide_by: Option<String>,
    pub decision_overdue: bool,
    pub conditions: String,
    pub decided: Option<String>,
    pub report: String,
    pub reported: Option<String>,
}

pub fn view(state: &AppState, e: EventRow, mask: bool) -> EventView {
    let now = now_ms();
    EventView {
        grid_name: state.atlas().get(&e.grid_code).map_or_else(|| e.grid_code.clone(), |g| g.name.clone()),
        organiser_contact: match (mask, e.organiser_contact.parse::<Phone>()) {
            (true, Ok(p)) => p.masked(),
            _ => e.organiser_contact.clone(),
        },
        starts: minute(e.starts_at),
        ends: minute(e.ends_at),
        status_label: EventStatus::parse(&e.status).map_or("未知", EventStatus::label),
        risk_label: RiskLevel::parse(&e.risk_level).map_or("未评定", RiskLevel::label),
        decide_by: e.decide_by.map(fengqiao_core::time::day),
        decision_overdue: e.status == "accepted" && e.decide_by.is_some_and(|d| d < now),
        decided: e.decided_at.map(minute),
        reported: e.reported_at.map(minute),
        id: e.id,
        name: e.name,
        organiser: e.organiser,
        venue: e.venue,
        grid_code: e.grid_code,
        starts_at: e.starts_at,
        expected_people: e.expected_people,
        venue_capacity: e.venue_capacity,
        exits: e.exits,
        plan: e.plan,
        status: e.status,
        status_reason: e.status_reason,
        risk_level: e.risk_level,
        risk_reasons: e.risk_reasons,
        conditions: e.conditions,
        report: e.report,
    }
}

/// Staff see the applications in their scope; anyone else their own.
pub async fn visible_list(state: &AppState, user: &crate::session::User) -> Result<Vec<EventView>, ApiError> {
    let rows = match user.scope() {
        Some(scope) => store::list(state.store.pool(), Some(scope.path()), None, 300).await?,
        None => store::list(state.store.pool(), None, Some(&user.username), 300).await?,
    };
    Ok(rows.into_iter().map(|e| view(state, e, true)).collect())
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<EventView>>, ApiError> {
    Ok(Json(visible_list(&state, &user).await?))
}

pub async fn apply(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(a): ApiJson<Application>,
) -> Result<(StatusCode, Json<EventView>), ApiError> {
    let id = service::apply(&state, &user, a).await?;
    let e = service::visible(&state, &user, id).await?;
    Ok((StatusCode::CREATED, Json(view(&state, e, false))))
}

pub async fn get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<EventView>, ApiError> {
    let e = service::visible(&state, &user, id).await?;
    Ok(Json(view(&state, e, false)))
}

#[derive(Deserialize)]
pub struct DecisionBody {
    pub approve: bool,
    /// The conditions of a permit, or the reasons of a refusal.
    #[serde(default)]
    pub text: String,
}

pub async fn decide(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Json<EventView>, ApiError> {
    service::decide(&state, &user, id, b.approve, &b.text).await?;
    let e = service::visible(&state, &user, id).await?;
    Ok(Json(view(&state, e, false)))
}

#[derive(Deserialize)]
pub struct ReportBody {
    pub report: String,
}

pub async fn report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ReportBody>,
) -> Result<Json<EventView>, ApiError> {
    service::report(&state, &user, id, &b.report).await?;
    let e = service::visible(&state, &user, id).await?;
    Ok(Json(view(&state, e, false)))
}
