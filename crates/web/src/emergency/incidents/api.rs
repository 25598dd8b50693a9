//! Incidents over JSON: report, list, read (with its checklist, log and warnings), and each
//! action of the response. There is no route that edits or deletes a line of the log.

use super::service::{self, Report, Warning};
use super::view::{self, AlertView, IncidentView, LogLineView, StepView};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_store::emergency::incidents as store;
use serde::{Deserialize, Serialize};

/// An incident with everything about it.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    #[serde(flatten)]
    pub incident: IncidentView,
    pub steps: Vec<StepView>,
    pub log: Vec<LogLineView>,
    pub alerts: Vec<AlertView>,
}

pub async fn detail(state: &AppState, user: &User, id: i64) -> Result<Detail, ApiError> {
    let i = service::visible(state, user, id).await?;
    let pool = state.store.pool();
    let (steps, log) = (store::steps(pool, id).await?, store::log(pool, id).await?);
    let names = crate::people::names(
        state,
        std::iter::once(i.opened_by.as_str())
            .chain(log.iter().map(|l| l.actor.as_str()))
            .chain(steps.iter().filter_map(|s| s.done_by.as_deref())),
    )
    .await?;
    let alerts = store::alerts_of(pool, id).await?;
    Ok(Detail {
        incident: view::incident(state, i, &names),
        steps: steps.into_iter().map(|s| view::step(s, &names)).collect(),
        log: log.into_iter().map(|l| view::line(l, &names)).collect(),
        alerts: alerts.into_iter().map(view::alert).collect(),
    })
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// `1`: only those still being handled.
    pub open: Option<u8>,
}

pub async fn visible_list(state: &AppState, user: &User, open_only: bool) -> Result<Vec<IncidentView>, ApiError> {
    let Some(scope) = user.scope() else {
        return Ok(Vec::new());
    };
    let rows = store::list(state.store.pool(), scope.path(), open_only, 300).await?;
    let names = crate::people::names(state, rows.iter().map(|r| r.opened_by.as_str())).await?;
    Ok(rows.into_iter().map(|r| view::incident(state, r, &names)).collect())
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser, Query(q): Query<ListQuery>) -> Result<Json<Vec<IncidentView>>, ApiError> {
    if !user.role.is_staff() {
        return Err(ApiError::forbidden("突发事件只对工作人员开放"));
    }
    Ok(Json(visible_list(&state, &user, q.open == Some(1)).await?))
}

pub async fn open(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(r): ApiJson<Report>) -> Result<(StatusCode, Json<Detail>), ApiError> {
    let id = service::open(&state, &user, r, None).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &user, id).await?)))
}

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<Detail>, ApiError> {
    Ok(Json(detail(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct NoteBody {
    pub text: String,
    /// The line this one corrects.
    pub corrects: Option<i64>,
}

/// Answers the line written, not the whole incident: appending stays as cheap on the
/// thousandth line as on the first.
pub async fn note(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<NoteBody>) -> Result<(StatusCode, Json<LogLineView>), ApiError> {
    let line = service::note(&state, &user, id, &b.text, b.corrects).await?;
    let names = crate::people::names(&state, [line.actor.as_str()]).await?;
    Ok((StatusCode::CREATED, Json(view::line(line, &names))))
}

pub async fn step_done(State(state): State<AppState>, ApiUser(user): ApiUser, Path((id, step)): Path<(i64, i64)>) -> Result<Json<Detail>, ApiError> {
    service::complete_step(&state, &user, id, step).await?;
    Ok(Json(detail(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct SeverityBody {
    pub severity: String,
}

pub async fn severity(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<SeverityBody>) -> Result<Json<Detail>, ApiError> {
    service::regrade(&state, &user, id, &b.severity).await?;
    Ok(Json(detail(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct DispatchBody {
    pub task: String,
}

pub async fn dispatch(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<DispatchBody>) -> Result<Json<Detail>, ApiError> {
    service::dispatch(&state, &user, id, &b.task).await?;
    Ok(Json(detail(&state, &user, id).await?))
}

pub async fn warn(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(w): ApiJson<Warning>) -> Result<(StatusCode, Json<AlertView>), ApiError> {
    let alert = service::warn(&state, &user, id, w).await?;
    let row = store::alert(state.store.pool(), alert).await?.ok_or_else(|| ApiError::not_found("预警不存在"))?;
    Ok((StatusCode::CREATED, Json(view::alert(row))))
}

#[derive(Debug, Deserialize)]
pub struct CloseBody {
    pub report: String,
}

pub async fn close(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<CloseBody>) -> Result<Json<Detail>, ApiError> {
    service::close(&state, &user, id, &b.report).await?;
    Ok(Json(detail(&state, &user, id).await?))
}
