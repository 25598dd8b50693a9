//! Volunteer service over JSON: positions (public), sign-up (signed in), the sign-ups and hour
//! confirmation (staff over the place), and one's own hours.

use super::service::{self, PositionBody};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::time::minute;
use fengqiao_store::now_ms;
use fengqiao_store::services::volunteering::{self as store, PositionRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct PositionView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub place: String,
    pub area: String,
    pub starts: String,
    pub ends: String,
    pub seats: i64,
    pub taken: i64,
    pub full: bool,
}

pub fn view(state: &AppState, p: PositionRow) -> PositionView {
    PositionView {
        area: state.atlas().get(&p.grid_code).map_or_else(String::new, |r| r.name.clone()),
        starts: minute(p.starts_at),
        ends: minute(p.ends_at),
        full: p.taken >= p.seats,
        id: p.id,
        title: p.title,
        description: p.description,
        place: p.place,
        seats: p.seats,
        taken: p.taken,
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    pub region: Option<String>,
}

pub async fn positions_in(state: &AppState, region: Option<&str>) -> Result<Vec<PositionView>, ApiError> {
    let path = match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(code) => state.atlas().get(code).ok_or_else(|| ApiError::new(crate::error::Code::Unprocessable, "没有这个地区编码"))?.path.clone(),
        None => String::new(),
    };
    Ok(store::within(state.store.pool(), &path, now_ms()).await?.into_iter().map(|p| view(state, p)).collect())
}

pub async fn list(State(state): State<AppState>, ApiQuery(q): ApiQuery<ListQuery>) -> Result<Json<Vec<PositionView>>, ApiError> {
    Ok(Json(positions_in(&state, q.region.as_deref()).await?))
}

pub async fn post(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<PositionBody>) -> Result<(StatusCode, Json<PositionView>), ApiError> {
    let id = service::post(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(view(&state, service::position(&state, id).await?))))
}

pub async fn sign_up(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<(StatusCode, Json<PositionView>), ApiError> {
    service::sign_up(&state, &user, id).await?;
    Ok((StatusCode::CREATED, Json(view(&state, service::position(&state, id).await?))))
}

#[derive(Debug, Clone, Serialize)]
pub struct SignupView {
    pub username: String,
    pub name: String,
    pub signed: String,
    pub hours: Option<f64>,
}

/// Who signed up, for staff over the position's place.
pub async fn signups_for(state: &AppState, user: &User, id: i64) -> Result<Vec<SignupView>, ApiError> {
    let scope = user.staff_scope()?;
    let p = service::position(state, id).await?;
    if !scope.contains_path(&p.region_path) {
        return Err(ApiError::not_found("没有这个志愿服务岗位"));
    }
    let rows = store::signups(state.store.pool(), id).await?;
    let names = crate::people::names(state, rows.iter().map(|r| r.username.as_str())).await?;
    Ok(rows
        .into_iter()
        .map(|r| SignupView { name: names.of(&r.username), signed: minute(r.signed_at), hours: r.minutes_served.map(|m| m as f64 / 60.0), username: r.username })
        .collect())
}

pub async fn signups(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<Vec<SignupView>>, ApiError> {
    Ok(Json(signups_for(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct HoursBody {
    pub username: String,
    pub hours: f64,
}

pub async fn confirm(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<HoursBody>) -> Result<Json<Vec<SignupView>>, ApiError> {
    service::confirm(&state, &user, id, &b.username, b.hours).await?;
    Ok(Json(signups_for(&state, &user, id).await?))
}

#[derive(Debug, Clone, Serialize)]
pub struct MyHours {
    pub hours: f64,
}

pub async fn mine(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<MyHours>, ApiError> {
    let minutes = store::minutes_of(state.store.pool(), &user.username).await?;
    Ok(Json(MyHours { hours: minutes as f64 / 60.0 }))
}
