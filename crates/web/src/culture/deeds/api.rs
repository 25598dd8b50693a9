//! Deeds over JSON: the boards (public), reporting (anyone), the staff's queue, verification
//! and consent.

use super::service::{self, DeedBody};
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser, ClientIp, MaybeApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::culture::{Board, DeedState};
use fengqiao_core::time::day;
use fengqiao_store::culture::deeds::{self as store, DeedRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct DeedView {
    pub id: i64,
    pub board: String,
    pub board_label: &'static str,
    pub title: String,
    pub story: String,
    pub people: String,
    pub occurred_on: String,
    pub area: String,
    pub state: String,
    pub state_label: &'static str,
    pub note: String,
    pub consent_note: String,
    pub published: Option<String>,
    pub reported: String,
}

pub fn view(state: &AppState, d: DeedRow) -> DeedView {
    DeedView {
        board_label: Board::parse(&d.board).map_or("", |b| b.label()),
        state_label: DeedState::parse(&d.state).map_or("", |s| s.label()),
        area: state.atlas().get(&d.grid_code).map_or_else(String::new, |r| r.name.clone()),
        published: d.published_at.map(day),
        reported: day(d.reported_at),
        consent_note: d.consent_note.unwrap_or_default(),
        id: d.id,
        board: d.board,
        title: d.title,
        story: d.story,
        people: d.people,
        occurred_on: d.occurred_on,
        state: d.state,
        note: d.note,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct BoardQuery {
    pub board: Option<String>,
}

pub async fn published(state: &AppState, board: Option<&str>) -> Result<Vec<DeedView>, ApiError> {
    let board = match board.map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) => Some(b.parse::<Board>().map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?.as_str()),
        None => None,
    };
    Ok(store::board(state.store.pool(), board, 200).await?.into_iter().map(|d| view(state, d)).collect())
}

pub async fn boards(State(state): State<AppState>, ApiQuery(q): ApiQuery<BoardQuery>) -> Result<Json<Vec<DeedView>>, ApiError> {
    Ok(Json(published(&state, q.board.as_deref()).await?))
}

/// Reports from people without an account are limited per address, like the portal's.
pub async fn report(state: &AppState, user: Option<&User>, ip: std::net::IpAddr, b: DeedBody) -> Result<i64, ApiError> {
    let by = match user {
        Some(u) => u.username.clone(),
        None => {
            if let Err(wait) = state.public_limiter.take(&state.store, "deed", ip).await? {
                return Err(ApiError::new(Code::TooManyRequests, format!("提交过于频繁,请 {} 分钟后再试", wait.div_ceil(60))));
            }
            "anonymous".to_owned()
        }
    };
    service::report(state, &by, b).await
}

pub async fn create(State(state): State<AppState>, MaybeApiUser(user): MaybeApiUser, ClientIp(ip): ClientIp, ApiJson(b): ApiJson<DeedBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = report(&state, user.as_ref(), ip, b).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id, "message": "事迹已提交,核实并经本人同意后上榜" }))))
}

pub async fn queue(state: &AppState, user: &User) -> Result<Vec<DeedView>, ApiError> {
    let scope = user.staff_scope()?;
    Ok(store::within(state.store.pool(), scope.path(), 200).await?.into_iter().map(|d| view(state, d)).collect())
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<DeedView>>, ApiError> {
    Ok(Json(queue(&state, &user).await?))
}

#[derive(Debug, Deserialize)]
pub struct VerifyBody {
    pub verified: bool,
    #[serde(default)]
    pub note: String,
}

pub async fn verify(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<VerifyBody>) -> Result<Json<DeedView>, ApiError> {
    service::verify(&state, &user, id, b.verified, &b.note).await?;
    Ok(Json(view(&state, service::in_scope(&state, &user, id).await?)))
}

#[derive(Debug, Deserialize)]
pub struct ConsentBody {
    pub agreed: bool,
    #[serde(default)]
    pub note: String,
}

pub async fn consent(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<ConsentBody>) -> Result<Json<DeedView>, ApiError> {
    service::consent(&state, &user, id, b.agreed, &b.note).await?;
    Ok(Json(view(&state, service::in_scope(&state, &user, id).await?)))
}
