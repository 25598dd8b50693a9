//! Smart-security compounds over JSON: a compound's checklist read and recorded, the region's
//! progress to the year's target, and the standard.

use super::service::{self, CheckIn, Checklist, Progress};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser, ScopedRegion};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use fengqiao_core::prevention::smart::Standard;
use serde::Deserialize;
use serde_json::{json, Value};

pub async fn get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
) -> Result<Json<Checklist>, ApiError> {
    let compound = service::compound_in_scope(&state, &user, &code)?;
    Ok(Json(service::checklist(&state, &compound).await?))
}

#[derive(Deserialize)]
pub struct ChecklistBody {
    pub items: Vec<CheckIn>,
}

pub async fn put(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<ChecklistBody>,
) -> Result<Json<Checklist>, ApiError> {
    let compound = service::compound_in_scope(&state, &user, &code)?;
    Ok(Json(service::record(&state, &user, &compound, b.items).await?))
}

pub async fn progress(
    State(state): State<AppState>,
    region: ScopedRegion,
) -> Result<Json<Progress>, ApiError> {
    let atlas = state.atlas();
    let r = atlas
        .get(&region.code)
        .ok_or_else(|| ApiError::not_found("区划不存在"))?;
    Ok(Json(service::progress(&state, r).await?))
}

pub async fn get_standard(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    user.staff_scope()?;
    let (version, standard) = service::standard(&state).await?;
    Ok(Json(json!({"version": version, "standard": standard})))
}

pub async fn put_standard(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(s): ApiJson<Standard>,
) -> Result<Json<Value>, ApiError> {
    let version = service::save_standard(&state, &user, s.clone()).await?;
    Ok(Json(json!({"version": version, "standard": s})))
}
