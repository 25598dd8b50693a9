//! The portal's JSON side: the service catalogue, a report from a phone app, following it and
//! rating it — all without an account; a signed-in resident's reports are kept under their
//! account and listed back to them.

use super::submit::{submit, Channel, Submission, Submitted};
use super::track::{lookup, rate, Tracked};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser, MaybeApiUser};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct ServiceView {
    pub service_code: &'static str,
    pub service_name: &'static str,
    pub group: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

/// What residents can report, for the services area's catalogue (`GET /api/v1/services`).
pub fn catalogue(state: &AppState) -> Vec<ServiceView> {
    super::desk::catalogue(state)
            .into_iter()
            .map(|s| ServiceView {
                service_code: s.code,
                service_name: s.name,
                group: s.group,
                kind: s.handling.kind(),
                description: s.description,
            })
            .collect()
}

#[derive(Deserialize)]
pub struct Point {
    pub lon: f64,
    pub lat: f64,
    pub crs: Option<String>,
}

#[derive(Deserialize)]
pub struct ReportBody {
    pub service_code: String,
    pub description: String,
    pub location: Option<Point>,
    pub grid_code: Option<String>,
    pub address: Option<String>,
    pub callback_phone: Option<String>,
    pub name: Option<String>,
}

/// Reads the optional `Idempotency-Key` header.
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    match headers.get("idempotency-key").map(|v| v.to_str()) {
        None => Ok(None),
        Some(Ok(k)) if !k.is_empty() && k.len() <= 200 => Ok(Some(k.to_owned())),
        Some(_) => Err(ApiError::bad_request(
            "Idempotency-Key 应为 1 到 200 个可见字符",
        )),
    }
}

/// A resident's report: 201 with the tracking code; 200 when it was linked to the same phone's
/// report from earlier today, or is a retry.
pub async fn report(
    State(state): State<AppState>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    MaybeApiUser(user): MaybeApiUser,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ReportBody>,
) -> Result<Response, ApiError> {
    let s = Submission {
        service_code: b.service_code,
        description: b.description,
        lon: b.location.as_ref().map(|p| p.lon),
        lat: b.location.as_ref().map(|p| p.lat),
        crs: b.location.and_then(|p| p.crs),
        grid_code: b.grid_code,
        address: b.address,
        phone: b.callback_phone,
        name: b.name,
        idempotency_key: idempotency_key(&headers)?,
        photos: Vec::new(),
    };
    let done: Submitted = submit(&state, Channel::of(user.as_ref(), ip), s).await?;
    let status = if done.linked || done.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(done)).into_response())
}

/// What the signed-in account reported, newest first, each as its tracking page shows it
/// without the steps.
pub async fn mine(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<Tracked>>, ApiError> {
    Ok(Json(
        super::desk::reported_by(&state, &user.username).await?,
    ))
}

pub async fn track(
    State(state): State<AppState>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    Path(code): Path<String>,
) -> Result<Json<Tracked>, ApiError> {
    super::track::count_lookup(&state, &code, ip).await?;
    lookup(&state, &code)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("没有这个查询码,请核对后重试"))
}

#[derive(Deserialize)]
pub struct RatingBody {
    pub stars: i64,
    #[serde(default)]
    pub comment: String,
    pub phone: String,
}

pub async fn rating(
    State(state): State<AppState>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<RatingBody>,
) -> Result<(StatusCode, Json<Tracked>), ApiError> {
    let t = rate(&state, &code, b.stars, &b.comment, &b.phone, ip).await?;
    Ok((StatusCode::CREATED, Json(t)))
}
