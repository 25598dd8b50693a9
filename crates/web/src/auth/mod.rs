//! Accounts, sign-in and sessions: the login API and page, sign-out, TOTP set-up. Who is
//! asking is resolved in [`crate::session`]; this area opens and ends sessions.

mod account_page;
mod api;
mod doc;
mod limiter;
mod login;
pub mod manage;
pub mod password;
pub mod policy;
mod throttle;
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
use fengqiao_store::keys::ServerKey;
use fengqiao_store::{accounts, now_ms, sessions, sign_in};
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

/// Checks credentials (throttled, same answer for unknown user and wrong password) and
/// opens a session of the given kind.
pub async fn sign_in(
    state: &AppState,
    ip: IpAddr,
    req: &LoginRequest,
    kind: &str,
) -> Result<(String, i64, User), ApiError> {
    let username = req.username.trim();
    throttle::check(state, username, ip).await?;
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
            throttle::failed(state, username, ip).await?;
            return Err(wrong());
        }
    };
    let step = if account.totp_enabled != 0 {
        let secret = totp_secret(state, &account)?;
        match req.totp.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => {
                return Err(ApiError::new(
                    Code::TotpRequired,
                    "此账号已开启动态验证码,请输入 6 位验证码",
                ))
            }
            Some(code) => match totp::matching_step(&secret, code, totp::now_secs()) {
                Some(step) => Some(step),
                None => {
                    throttle::failed(state, username, ip).await?;
                    return Err(ApiError::new(Code::Unauthorized, "动态验证码不正确"));
                }
            },
        }
    } else {
        None
    };
    let token = random_token();
    let expires_at = now_ms() + state.config.session_hours * 3_600_000;
    let (hash, id, name, kind) = (
        token_hash(&token),
        account.id,
        account.username.clone(),
        kind.to_owned(),
    );
    let cleared = throttle::cleared_by_success(username, ip);
    let opened = state
        .store
        .write(move |c| {
            Box::pin(async move {
                // A code signs in once: the step is claimed in the same transaction as the
                // session, so two requests racing with one code cannot both win.
                if let Some(step) = step {
                    if !accounts::use_totp_step(c, id, step).await? {
                        return Ok(false);
                    }
                }
                sign_in::clear(c, &[&cleared[0], &cleared[1]]).await?;
                sessions::create(c, &hash, id, &name, &kind, expires_at).await?;
                Ok(true)
            })
        })
        .await?;
    if !opened {
        throttle::failed(state, username, ip).await?;
        return Err(ApiError::new(
            Code::Unauthorized,
            "这个动态验证码已经用过,请等验证器显示下一个验证码",
        ));
    }
    Ok((token, expires_at, user_of(account)?))
}

/// The account's TOTP secret in clear, opened with the server key (secrets stored before
/// sealing are still plain until the server seals them at start).
fn totp_secret(state: &AppState, account: &accounts::AccountRow) -> Result<String, ApiError> {
    let stored = account.totp_secret.as_deref().unwrap_or_default();
    if !ServerKey::is_sealed(stored) {
        return Ok(stored.to_owned());
    }
    state.config.key.open(stored).ok_or_else(|| {
        ApiError::new(
            Code::Internal,
            "动态验证码密钥无法解开(服务器密钥不符),请联系系统管理员重置",
        )
    })
}

/// Seals TOTP secrets stored in plain text by earlier versions; run once at start.
pub async fn seal_plain_secrets(state: &AppState) -> Result<usize, ApiError> {
    let plain = accounts::unsealed_totp(state.store.pool()).await?;
    let n = plain.len();
    for (id, secret) in plain {
        let sealed = state.config.key.seal(&secret);
        state
            .store
            .write(move |c| {
                Box::pin(async move { accounts::store_sealed_totp(c, id, &sealed).await })
            })
            .await?;
    }
    Ok(n)
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
        .route("/account/password", post(account_page::change_password))
        .route("/api/v1/me/password", post(api::change_password))
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

/// Stores a fresh secret for the user, sealed and not yet required at sign-in, and returns
/// it. The password is asked again: a borrowed session must not be able to bind a phone.
pub(crate) async fn begin_totp(
    state: &AppState,
    user: &User,
    ip: IpAddr,
    password: &str,
) -> Result<String, ApiError> {
    if user.totp_enabled {
        return Err(ApiError::new(Code::Conflict, "动态验证码已开启"));
    }
    manage::confirm_password(state, user, ip, password).await?;
    let secret = totp::new_secret();
    let sealed = state.config.key.seal(&secret);
    let (id, actor) = (user.id, user.username.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move { accounts::set_totp(c, &actor, id, Some(&sealed), false).await })
        })
        .await?;
    Ok(secret)
}

/// The secret waiting for its first code, if set-up was begun.
pub(crate) async fn pending_totp(state: &AppState, user: &User) -> Result<Option<String>, ApiError> {
    let account = accounts::by_id(state.store.pool(), user.id)
        .await?
        .ok_or_else(|| ApiError::not_found("账号不存在"))?;
    if account.totp_secret.is_none() || account.totp_enabled != 0 {
        return Ok(None);
    }
    totp_secret(state, &account).map(Some)
}

/// Turns TOTP on once the first code from the app matches the stored secret; every other
/// session of the account ends (one opened before may be someone else's).
pub(crate) async fn finish_totp(
    state: &AppState,
    user: &User,
    headers: &HeaderMap,
    code: &str,
) -> Result<(), ApiError> {
    let secret = pending_totp(state, user)
        .await?
        .ok_or_else(|| ApiError::new(Code::Conflict, "请先生成动态验证码密钥"))?;
    let Some(step) = totp::matching_step(&secret, code, totp::now_secs()) else {
        return Err(ApiError::new(
            Code::Unprocessable,
            "验证码不正确,请核对手机上显示的 6 位数字",
        ));
    };
    let keep = crate::session::credential(headers).map(token_hash);
    let sealed = state.config.key.seal(&secret);
    let (id, actor) = (user.id, user.username.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                accounts::set_totp(c, &actor, id, Some(&sealed), true).await?;
                accounts::use_totp_step(c, id, step).await?;
                sessions::end_all_but(c, &actor, keep.as_deref()).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}
