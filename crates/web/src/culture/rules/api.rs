//! Family rules over JSON: the gallery (public), submitting (signed in), the community's queue,
//! review, "hung", households and coverage.

use super::service::{self, RuleBody};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::culture::{Review, RuleKind};
use fengqiao_store::culture::rules::{self as store, RuleRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub household: String,
    pub text: String,
    pub area: String,
    pub state: String,
    pub state_label: &'static str,
    pub review_note: String,
    pub hung: bool,
    pub submitted: String,
}

pub fn view(state: &AppState, r: RuleRow) -> RuleView {
    RuleView {
        kind_label: RuleKind::parse(&r.kind).map_or("", |k| k.label()),
        state_label: Review::parse(&r.state).map_or("", |s| s.label()),
        area: state.atlas().get(&r.grid_code).map_or_else(String::new, |g| g.name.clone()),
        submitted: fengqiao_core::time::day(r.submitted_at),
        hung: r.hung_at.is_some(),
        review_note: r.review_note.unwrap_or_default(),
        id: r.id,
        kind: r.kind,
        household: r.household,
        text: r.text,
        state: r.state,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct GalleryQuery {
    pub region: Option<String>,
}

pub async fn gallery_of(state: &AppState, region: Option<&str>) -> Result<Vec<RuleView>, ApiError> {
    let path = match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(code) => state.atlas().get(code).map(|r| r.path.clone()).ok_or_else(|| ApiError::new(crate::error::Code::Unprocessable, "没有这个地区编码"))?,
        None => String::new(),
    };
    Ok(store::gallery(state.store.pool(), &path, 300).await?.into_iter().map(|r| view(state, r)).collect())
}

pub async fn gallery(State(state): State<AppState>, ApiQuery(q): ApiQuery<GalleryQuery>) -> Result<Json<Vec<RuleView>>, ApiError> {
    Ok(Json(gallery_of(&state, q.region.as_deref()).await?))
}

pub async fn submit(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<RuleBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = service::submit(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id, "message": "已提交,社区审核后进入展示" }))))
}

/// The staff's queue over their place, or a resident's own submissions.
pub async fn queue_for(state: &AppState, user: &User) -> Result<Vec<RuleView>, ApiError> {
    let rows = match (user.role.is_staff(), user.scope()) {
        (true, Some(scope)) => store::within(state.store.pool(), scope.path(), 300).await?,
        _ => store::of(state.store.pool(), &user.username).await?,
    };
    Ok(rows.into_iter().map(|r| view(state, r)).collect())
}

pub async fn queue(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<RuleView>>, ApiError> {
    Ok(Json(queue_for(&state, &user).await?))
}

#[derive(Debug, Deserialize)]
pub struct ReviewBody {
    pub publish: bool,
    #[serde(default)]
    pub note: String,
}

pub async fn review(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<ReviewBody>) -> Result<Json<RuleView>, ApiError> {
    service::review(&state, &user, id, b.publish, &b.note).await?;
    Ok(Json(view(&state, service::in_scope(&state, &user, id).await?)))
}

pub async fn hung(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<RuleView>, ApiError> {
    service::hung(&state, &user, id).await?;
    Ok(Json(view(&state, service::in_scope(&state, &user, id).await?)))
}

#[derive(Debug, Deserialize)]
pub struct HouseholdsBody {
    pub households: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub community_code: String,
    pub community: String,
    pub households: i64,
    pub hung: i64,
    /// Percent, one decimal.
    pub share: f64,
}

pub async fn coverage_of(state: &AppState, user: &User) -> Result<Vec<Coverage>, ApiError> {
    let scope = user.staff_scope()?;
    Ok(store::coverage(state.store.pool(), scope.path())
        .await?
        .into_iter()
        .map(|(code, _, households, hung, community)| Coverage {
            community,
            share: if households > 0 { (hung as f64 * 1000.0 / households as f64).round() / 10.0 } else { 0.0 },
            community_code: code,
            households,
            hung,
        })
        .collect())
}

pub async fn set_households(State(state): State<AppState>, ApiUser(user): ApiUser, Path(code): Path<String>, ApiJson(b): ApiJson<HouseholdsBody>) -> Result<Json<Vec<Coverage>>, ApiError> {
    service::households(&state, &user, &code, b.households).await?;
    Ok(Json(coverage_of(&state, &user).await?))
}

pub async fn coverage(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<Coverage>>, ApiError> {
    Ok(Json(coverage_of(&state, &user).await?))
}
