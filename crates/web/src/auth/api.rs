//! The sign-in API: bearer tokens for programs, and TOTP set-up for the signed-in account.

use super::{begin_totp, end_session, finish_totp, sign_in, totp, LoginRequest, User};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser};
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (token, expires_at, account) = sign_in(&state, addr.ip(), &req, "bearer").await?;
    Ok(Json(
        json!({"token": token, "expires_at": expires_at, "account": account}),
    ))
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(user): ApiUser,
) -> Result<StatusCode, ApiError> {
    end_session(&state, &headers, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn me(ApiUser(user): ApiUser) -> Json<User> {
    Json(user)
}

pub async fn totp_setup(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let secret = begin_totp(&state, &user).await?;
    Ok(Json(
        json!({"secret": secret, "otpauth_url": totp::otpauth_url(&secret, &user.username)}),
    ))
}

#[derive(Deserialize)]
pub struct TotpConfirm {
    code: String,
}

pub async fn totp_confirm(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<TotpConfirm>,
) -> Result<Json<serde_json::Value>, ApiError> {
    finish_totp(&state, &user, &body.code).await?;
    Ok(Json(json!({"totp_enabled": true})))
}
