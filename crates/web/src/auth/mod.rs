//! Accounts, sign-in and sessions: the login API and page, sign-out, TOTP set-up. Who is
//! asking is resolved in [`crate::session`]; this area opens and ends sessions.

mod account_page;
mod api;
mod doc;
mod limiter;
mod login;
pub mod password;
pub mod totp;

pub use crate::session::{random_token, user_for_token, User, SESSION_COOKIE};
pub use limiter::Limiter;

use crate::area::Area;
use crate::error::{ApiError, Code};
use crate::session::{token_hash, user_of};
use crate::AppState;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;
use fengqiao_store::{accounts, now_ms, sessions};
use serde::Deserialize;
use std::net::IpAddr;

/// Credentials as submitted by the API or the sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    #[serde(default)]
    pub totp: Option<String>,
}

/// Checks credentials (rate-limited, same answer for unknown user and wrong password) and
/// opens a session of the given kind.
pub async fn sign_in(
    state: &AppState,
    ip: IpAddr,
    req: &LoginRequest,
    kind: &str,
) -> Result<(String, i64, User), ApiError> {
    let username = req.username.trim();
    if let Err(wait) = state.limiter.check(username, ip) {
        let mut e = ApiError::new(
            Code::TooManyRequests,
            format!("登录失败次数过多,请 {} 分钟后再试", wait.div_ceil(60)),
        );
        e.retry_after = Some(wait);
        return Err(e);
    }
    let wrong = || ApiError::new(Code::Unauthorized, "用户名或密码错误");
    let account = accounts::by_username(state.store.pool(), username).await?;
    let phc = match &account {
        Some(a) if a.active != 0 => a.password_hash.clone(),
        _ => password::decoy().to_owned(),
    };
    let verified = password::verify_async(phc, req.password.clone()).await;
    let account = match account {
        Some(a) if verified && a.active != 0 => a,
        _ => {
            state.limiter.record_failure(username, ip);
            return Err(wrong());
        }
    };
    if account.totp_enabled != 0 {
        let secret = account.totp_secret.as_deref().unwrap_or_default();
        match req.totp.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => {
                return Err(ApiError::new(
                    Code::TotpRequired,
                    "此账号已开启动态验证码,请输入 6 位验证码",
                ))
            }
            Some(code) if !totp::check(secret, code) => {
                state.limiter.record_failure(username, ip);
                return Err(ApiError::new(Code::Unauthorized, "动态验证码不正确"));
            }
            Some(_) => {}
        }
    }
    state.limiter.clear(username);
    let token = random_token();
    let expires_at = now_ms() + state.config.session_hours * 3_600_000;
    let (hash, id, name, kind) = (
        token_hash(&token),
        account.id,
        account.username.clone(),
        kind.to_owned(),
    );
    state
        .store
        .write(move |c| {
            Box::pin(async move { sessions::create(c, &hash, id, &name, &kind, expires_at).await })
        })
        .await?;
    Ok((token, expires_at, user_of(account)?))
}

/// Sign-in, sign-out and the account page.
pub const AREA: Area = Area {
    name: "auth",
    label: "账号登录",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/login", post(api::login))
        .route("/api/v1/auth/logout", post(api::logout))
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/me/totp", post(api::totp_setup))
        .route("/api/v1/me/totp/confirm", post(api::totp_confirm))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/account", get(account_page::show))
        .route("/account/totp", post(account_page::setup))
        .route("/account/totp/confirm", post(account_page::confirm))
}

/// Ends the session the request is carried by (its bearer token or its cookie).
pub(crate) async fn end_session(
    state: &AppState,
    headers: &HeaderMap,
    user: &User,
) -> Result<(), ApiError> {
    let Some(token) = crate::session::credential(headers) else {
        return Ok(());
    };
    let (hash, name) = (token_hash(token), user.username.clone());
    state
        .store
        .write(move |c| Box::pin(async move { sessions::delete(c, &hash, &name).await }))
        .await?;
    Ok(())
}

/// Stores a fresh secret for the user, not yet required at sign-in, and returns it.
pub(crate) async fn begin_totp(state: &AppState, user: &User) -> Result<String, ApiError> {
    if user.totp_enabled {
        return Err(ApiError::new(Code::Conflict, "动态验证码已开启"));
    }
    let secret = totp::new_secret();
    let (s, id, actor) = (secret.clone(), user.id, user.username.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move { accounts::set_totp(c, &actor, id, Some(&s), false).await })
        })
        .await?;
    Ok(secret)
}

/// Turns TOTP on once the first code from the app matches the stored secret.
pub(crate) async fn finish_totp(state: &AppState, user: &User, code: &str) -> Result<(), ApiError> {
    let account = accounts::by_id(state.store.pool(), user.id)
        .await?
        .ok_or_else(|| ApiError::not_found("账号不存在"))?;
    let secret = account
        .totp_secret
        .ok_or_else(|| ApiError::new(Code::Conflict, "请先生成动态验证码密钥"))?;
    if !totp::check(&secret, code) {
        return Err(ApiError::new(
            Code::Unprocessable,
            "验证码不正确,请核对手机上显示的 6 位数字",
        ));
    }
    let (id, actor) = (user.id, user.username.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move { accounts::set_totp(c, &actor, id, Some(&secret), true).await })
        })
        .await?;
    Ok(())
}
