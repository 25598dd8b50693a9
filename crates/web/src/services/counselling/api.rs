//! Psychological services over JSON. The pool is public (names, qualifications, levels); an
//! appointment is seen by its counsellor, their supervisor and the resident who booked it, and
//! only `…/notes` (the counsellor) and `…/break-glass` (the supervisor, recorded) carry notes.

use super::service::{self, AppointmentBody, CounsellorBody, Note};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::services::counselling::{AppointmentStatus, Reader, ServiceLevel};
use fengqiao_core::time::minute;
use fengqiao_store::services::counselling::{self as store, AppointmentRow, CounsellorRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct CounsellorView {
    pub id: i64,
    pub name: String,
    pub qualification: String,
    pub level: String,
    pub level_label: &'static str,
    pub region: String,
}

pub fn counsellor_view(state: &AppState, c: CounsellorRow) -> CounsellorView {
    CounsellorView {
        level_label: ServiceLevel::parse(&c.level).map_or("", ServiceLevel::label),
        region: state.atlas().get(&c.region_code).map_or_else(String::new, |r| r.name.clone()),
        id: c.id,
        name: c.name,
        qualification: c.qualification,
        level: c.level,
    }
}

pub async fn pool_views(state: &AppState) -> Result<Vec<CounsellorView>, ApiError> {
    Ok(store::counsellors(state.store.pool()).await?.into_iter().map(|c| counsellor_view(state, c)).collect())
}

pub async fn counsellors(State(state): State<AppState>) -> Result<Json<Vec<CounsellorView>>, ApiError> {
    Ok(Json(pool_views(&state).await?))
}

pub async fn register(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<CounsellorBody>) -> Result<(StatusCode, Json<CounsellorView>), ApiError> {
    let id = service::register(&state, &user, b).await?;
    let c = store::counsellor(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这位咨询师"))?;
    Ok((StatusCode::CREATED, Json(counsellor_view(&state, c))))
}

/// An appointment without its notes: whether there are any, and whether it is in crisis.
#[derive(Debug, Clone, Serialize)]
pub struct AppointmentView {
    pub id: i64,
    pub counsellor_id: i64,
    pub counsellor_name: String,
    pub alias: String,
    pub when: String,
    pub place: String,
    pub status: String,
    pub status_label: &'static str,
    pub crisis: bool,
    pub crisis_since: Option<String>,
    pub notes: i64,
    /// How the caller stands: `counsellor`, `supervisor` or `resident`.
    pub you_are: &'static str,
}

pub fn view(user: &User, a: AppointmentRow) -> AppointmentView {
    AppointmentView {
        you_are: match service::reader(user, &a) {
            Reader::Counsellor => "counsellor",
            Reader::Supervisor => "supervisor",
            Reader::Other => "resident",
        },
        status_label: AppointmentStatus::parse(&a.status).map_or("", AppointmentStatus::label),
        when: minute(a.starts_at),
        crisis: a.crisis_at.is_some(),
        crisis_since: a.crisis_at.map(minute),
        id: a.id,
        counsellor_id: a.counsellor_id,
        counsellor_name: a.counsellor_name,
        alias: a.alias,
        place: a.place,
        status: a.status,
        notes: a.notes,
    }
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<AppointmentView>>, ApiError> {
    let rows = store::appointments_for(state.store.pool(), &user.username).await?;
    Ok(Json(rows.into_iter().map(|a| view(&user, a)).collect()))
}

pub async fn book(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<AppointmentBody>) -> Result<(StatusCode, Json<AppointmentView>), ApiError> {
    let id = service::book(&state, &user, b).await?;
    let a = service::visible(&state, &user, id).await?;
    Ok((StatusCode::CREATED, Json(view(&user, a))))
}

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<AppointmentView>, ApiError> {
    let a = service::visible(&state, &user, id).await?;
    Ok(Json(view(&user, a)))
}

pub async fn notes(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<Vec<Note>>, ApiError> {
    Ok(Json(service::notes(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct TextBody {
    pub text: String,
}

pub async fn write_note(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<TextBody>) -> Result<(StatusCode, Json<Vec<Note>>), ApiError> {
    service::write_note(&state, &user, id, &b.text).await?;
    Ok((StatusCode::CREATED, Json(service::notes(&state, &user, id).await?)))
}

#[derive(Debug, Deserialize)]
pub struct ReasonBody {
    pub reason: String,
}

pub async fn break_glass(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<ReasonBody>) -> Result<Json<Vec<Note>>, ApiError> {
    Ok(Json(service::break_glass(&state, &user, id, &b.reason).await?))
}

pub async fn crisis(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<AppointmentView>, ApiError> {
    service::crisis(&state, &user, id).await?;
    let a = service::visible(&state, &user, id).await?;
    Ok(Json(view(&user, a)))
}

#[derive(Debug, Deserialize)]
pub struct StatusBody {
    pub status: String,
}

pub async fn status(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<StatusBody>) -> Result<Json<AppointmentView>, ApiError> {
    service::set_status(&state, &user, id, &b.status).await?;
    let a = service::visible(&state, &user, id).await?;
    Ok(Json(view(&user, a)))
}
