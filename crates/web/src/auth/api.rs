//! The sign-in API: bearer tokens for programs, and TOTP set-up for the signed-in account.

use super::{begin_totp, end_session, finish_totp, sign_in, totp, LoginRequest, User};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser};
use crate::AppState;
use axum::extract::{State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

pub async fn login(
    State(state): State<AppState>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (token, expires_at, account) = sign_in(&state, ip, &req, "bearer").await?;
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

/// The password again, for changes to how the account signs in.
#[derive(Deserialize)]
pub struct PasswordAgain {
    password: String,
}

pub async fn totp_setup(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    ApiJson(body): ApiJson<PasswordAgain>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let secret = begin_totp(&state, &user, ip, &body.password).await?;
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
    headers: HeaderMap,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<TotpConfirm>,
) -> Result<Json<serde_json::Value>, ApiError> {
    finish_totp(&state, &user, &headers, &body.code).await?;
    Ok(Json(
        json!({"totp_enabled": true, "message": "动态验证码已开启,其他登录已结束"}),
    ))
}

#[derive(Deserialize)]
pub struct PasswordChange {
    current_password: String,
    new_password: String,
}

/// The holder changes their own password; other sessions end, this one stays.
pub async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(user): ApiUser,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<Json<serde_json::Value>, ApiError> {
    super::manage::change_password(
        &state,
        &user,
        &headers,
        ip,
        &body.current_password,
        &body.new_password,
    )
    .await?;
    Ok(Json(
        json!({"changed": true, "message": "密码已修改,其他设备上的登录已结束"}),
    ))
}
