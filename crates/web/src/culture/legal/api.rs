//! Legal education over JSON: the series with their sessions as they will be held and the
//! menu (public), planning and exceptions, orders, scheduling, check-in, book corners.

use super::service::{self, CornerBody, ExceptionBody, OrderBody, ScheduleBody, SeriesBody};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::culture::legal::{Cadence, Theme};
use fengqiao_core::time::minute;
use fengqiao_store::culture::legal::{self as store, OrderRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    pub original: String,
    /// The planned start as a form sends it back, `2026-12-14T09:00`.
    pub original_at: String,
    pub starts: String,
    pub ends: String,
    pub moved: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesView {
    pub id: i64,
    pub cadence: String,
    pub cadence_label: &'static str,
    pub theme: String,
    pub theme_label: &'static str,
    pub title: String,
    pub description: String,
    pub place: String,
    pub count: i64,
    pub sessions: Vec<SessionView>,
    /// Cancelled sessions with their reasons: (planned start, reason).
    pub cancelled: Vec<(String, String)>,
}

pub async fn series_views(state: &AppState) -> Result<Vec<SeriesView>, ApiError> {
    let pool = state.store.pool();
    let exceptions = store::exceptions(pool).await?;
    Ok(store::series(pool)
        .await?
        .into_iter()
        .map(|s| {
            let plan = s.plan(&exceptions);
            SeriesView {
                cadence_label: Cadence::parse(&s.cadence).map_or("", |c| c.label()),
                theme_label: Theme::parse(&s.theme).map_or("", |t| t.label()),
                sessions: plan.occurrences().into_iter().map(|o| SessionView { original_at: minute(o.original).replace(' ', "T"), original: minute(o.original), starts: minute(o.start), ends: minute(o.end), moved: o.moved }).collect(),
                cancelled: exceptions.iter().filter(|e| e.series_id == s.id && e.moved_to.is_none()).map(|e| (minute(e.original_start), e.reason.clone())).collect(),
                id: s.id,
                cadence: s.cadence,
                theme: s.theme,
                title: s.title,
                description: s.description,
                place: s.place,
                count: s.count,
            }
        })
        .collect())
}

pub async fn series(State(state): State<AppState>) -> Result<Json<Vec<SeriesView>>, ApiError> {
    Ok(Json(series_views(&state).await?))
}

pub async fn plan(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<SeriesBody>) -> Result<(StatusCode, Json<SeriesView>), ApiError> {
    let id = service::plan(&state, &user, b).await?;
    let v = series_views(&state).await?.into_iter().find(|s| s.id == id).ok_or_else(|| ApiError::not_found("没有这个普法系列"))?;
    Ok((StatusCode::CREATED, Json(v)))
}

pub async fn except(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<ExceptionBody>) -> Result<Json<SeriesView>, ApiError> {
    service::except(&state, &user, id, b).await?;
    let v = series_views(&state).await?.into_iter().find(|s| s.id == id).ok_or_else(|| ApiError::not_found("没有这个普法系列"))?;
    Ok(Json(v))
}

#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    pub theme: &'static str,
    pub label: &'static str,
}

/// The menu communities and units order from.
pub async fn menu() -> Json<Vec<MenuItem>> {
    Json(Theme::ALL.iter().map(|t| MenuItem { theme: t.as_str(), label: t.label() }).collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderView {
    pub id: i64,
    pub theme: String,
    pub theme_label: &'static str,
    pub unit: String,
    pub area: String,
    pub audience: i64,
    pub wanted_on: String,
    pub note: String,
    pub state: String,
    pub state_label: &'static str,
    pub speaker: Option<String>,
    pub starts: Option<String>,
    pub place: Option<String>,
    /// The door code, for the staff over the place and the speaker.
    pub door_code: Option<String>,
    pub attended: i64,
}

pub async fn order_views(state: &AppState, rows: Vec<OrderRow>) -> Result<Vec<OrderView>, ApiError> {
    let who: Vec<String> = rows.iter().filter_map(|o| o.speaker.clone()).collect();
    let names = crate::people::names(state, who.iter().map(String::as_str)).await?;
    Ok(rows
        .into_iter()
        .map(|o| OrderView {
            theme_label: Theme::parse(&o.theme).map_or("", |t| t.label()),
            area: state.atlas().get(&o.grid_code).map_or_else(String::new, |r| r.name.clone()),
            state_label: match o.state.as_str() {
                "ordered" => "待安排讲师",
                "scheduled" => "已安排",
                "held" => "已举办",
                _ => "已取消",
            },
            speaker: o.speaker.as_deref().map(|s| names.of(s)),
            starts: o.starts_at.map(minute),
            id: o.id,
            theme: o.theme,
            unit: o.unit,
            audience: o.audience,
            wanted_on: o.wanted_on,
            note: o.note,
            state: o.state,
            place: o.place,
            door_code: o.door_code,
            attended: o.attended,
        })
        .collect())
}

/// Orders over the caller's place, and the sessions they speak at.
pub async fn orders_for(state: &AppState, user: &User) -> Result<Vec<OrderView>, ApiError> {
    let pool = state.store.pool();
    let mut rows = store::orders_of_speaker(pool, &user.username).await?;
    if let (true, Some(scope)) = (user.role.is_staff(), user.scope()) {
        for o in store::orders_within(pool, scope.path()).await? {
            if !rows.iter().any(|r| r.id == o.id) {
                rows.push(o);
            }
        }
    }
    order_views(state, rows).await
}

pub async fn orders(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<OrderView>>, ApiError> {
    Ok(Json(orders_for(&state, &user).await?))
}

async fn one(state: &AppState, user: &User, id: i64) -> Result<OrderView, ApiError> {
    let o = service::order_in_scope(state, user, id).await?;
    order_views(state, vec![o]).await?.pop().ok_or_else(|| ApiError::not_found("没有这个普法预约"))
}

pub async fn order(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<OrderBody>) -> Result<(StatusCode, Json<OrderView>), ApiError> {
    let id = service::order(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(one(&state, &user, id).await?)))
}

pub async fn schedule(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<ScheduleBody>) -> Result<Json<OrderView>, ApiError> {
    service::schedule(&state, &user, id, b).await?;
    Ok(Json(one(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct CheckInBody {
    pub code: String,
}

pub async fn check_in(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<CheckInBody>) -> Result<Json<serde_json::Value>, ApiError> {
    let counted = service::check_in(&state, &user, id, &b.code).await?;
    Ok(Json(serde_json::json!({ "counted": counted, "message": if counted { "签到成功" } else { "您已签到过,无需重复签到" } })))
}

pub async fn held(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<OrderView>, ApiError> {
    service::held(&state, &user, id).await?;
    Ok(Json(one(&state, &user, id).await?))
}

#[derive(Debug, Clone, Serialize)]
pub struct CornerView {
    pub id: i64,
    pub hall_id: i64,
    pub hall: String,
    pub name: String,
    pub holdings: i64,
    pub titles: String,
    pub updated: String,
}

pub async fn corner_views(state: &AppState) -> Result<Vec<CornerView>, ApiError> {
    let pool = state.store.pool();
    let mut out = Vec::new();
    for c in store::corners(pool).await? {
        let hall = fengqiao_store::culture::archive::get(pool, c.hall_id).await?.map(|h| h.title).unwrap_or_default();
        out.push(CornerView { id: c.id, hall_id: c.hall_id, hall, name: c.name, holdings: c.holdings, titles: c.titles, updated: fengqiao_core::time::day(c.updated_at) });
    }
    Ok(out)
}

pub async fn corners(State(state): State<AppState>) -> Result<Json<Vec<CornerView>>, ApiError> {
    Ok(Json(corner_views(&state).await?))
}

pub async fn add_corner(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<CornerBody>) -> Result<(StatusCode, Json<Vec<CornerView>>), ApiError> {
    service::add_corner(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(corner_views(&state).await?)))
}
