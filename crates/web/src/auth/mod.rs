//! Accounts, sign-in and sessions: the login API and page, the current user, TOTP set-up.

mod account_page;
mod limiter;
pub mod password;
pub mod totp;

pub use limiter::Limiter;

use crate::error::{ApiError, Code, PageError};
use crate::extract::{check_csrf, ApiJson, ApiUser, CsrfToken};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use fengqiao_core::region::Scope;
use fengqiao_core::{RegionCode, Role};
use fengqiao_store::{accounts, now_ms, sessions};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "fq_session";

/// The signed-in user as handlers see it.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub role_label: &'static str,
    pub region_code: String,
    #[serde(skip)]
    pub region_path: String,
    pub department: Option<String>,
    pub totp_enabled: bool,
    /// Unread notices, filled in for pages so the header can show the count.
    #[serde(skip)]
    pub unread: i64,
}

impl User {
    /// The region subtree this user works over; residents have none.
    pub fn scope(&self) -> Option<Scope> {
        let code: RegionCode = self.region_code.parse().ok()?;
        self.role
            .is_staff()
            .then(|| Scope::new(code, self.region_path.clone()))
    }

    /// The scope, or 403 for residents on staff-only routes.
    pub fn staff_scope(&self) -> Result<Scope, ApiError> {
        self.scope()
            .ok_or_else(|| ApiError::forbidden("此功能仅限工作人员使用"))
    }
}

fn user_of(a: accounts::AccountRow) -> Result<User, ApiError> {
    let role: Role = a.role.parse().map_err(ApiError::internal)?;
    Ok(User {
        id: a.id,
        username: a.username,
        name: a.name,
        role,
        role_label: role.label(),
        region_code: a.region_code,
        region_path: a.region_path,
        department: a.department,
        totp_enabled: a.totp_enabled != 0,
        unread: 0,
    })
}

/// 256 random bits, hex-encoded: session tokens and CSRF tokens.
pub fn random_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Resolves a bearer token or session cookie to its user.
pub async fn user_for_token(state: &AppState, token: &str) -> Result<User, ApiError> {
    let invalid = || ApiError::new(Code::Unauthorized, "登录凭据无效,请重新登录");
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid());
    }
    let (account_id, expires_at) = sessions::lookup(state.store.pool(), &token_hash(token))
        .await?
        .ok_or_else(invalid)?;
    if expires_at <= now_ms() {
        return Err(ApiError::new(Code::SessionExpired, "登录已过期,请重新登录"));
    }
    let account = accounts::by_id(state.store.pool(), account_id)
        .await?
        .ok_or_else(invalid)?;
    if account.active == 0 {
        return Err(invalid());
    }
    user_of(account)
}

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

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/login", post(api_login))
        .route("/api/v1/auth/logout", post(api_logout))
        .route("/api/v1/me", get(api_me))
        .route("/api/v1/me/totp", post(api_totp_setup))
        .route("/api/v1/me/totp/confirm", post(api_totp_confirm))
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout_submit))
        .route("/account", get(account_page::show))
        .route("/account/totp", post(account_page::setup))
        .route("/account/totp/confirm", post(account_page::confirm))
}

async fn api_login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (token, expires_at, account) = sign_in(&state, addr.ip(), &req, "bearer").await?;
    Ok(Json(
        json!({"token": token, "expires_at": expires_at, "account": account}),
    ))
}

async fn end_session(state: &AppState, headers: &HeaderMap, user: &User) -> Result<(), ApiError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = bearer.or_else(|| crate::extract::cookie(headers, SESSION_COOKIE)) else {
        return Ok(());
    };
    let (hash, name) = (token_hash(token), user.username.clone());
    state
        .store
        .write(move |c| Box::pin(async move { sessions::delete(c, &hash, &name).await }))
        .await?;
    Ok(())
}

async fn api_logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(user): ApiUser,
) -> Result<StatusCode, ApiError> {
    end_session(&state, &headers, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_me(ApiUser(user): ApiUser) -> Json<User> {
    Json(user)
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

async fn api_totp_setup(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let secret = begin_totp(&state, &user).await?;
    Ok(Json(
        json!({"secret": secret, "otpauth_url": totp::otpauth_url(&secret, &user.username)}),
    ))
}

#[derive(Deserialize)]
struct TotpConfirm {
    code: String,
}

async fn api_totp_confirm(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<TotpConfirm>,
) -> Result<Json<serde_json::Value>, ApiError> {
    finish_totp(&state, &user, &body.code).await?;
    Ok(Json(json!({"totp_enabled": true})))
}

#[derive(Template)]
#[template(path = "auth/templates/login.html")]
struct LoginPage {
    chrome: Chrome,
    username: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// Only same-site relative paths are followed after sign-in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

async fn login_page(
    Extension(csrf): Extension<CsrfToken>,
    axum::extract::Query(q): axum::extract::Query<NextQuery>,
) -> Result<Response, PageError> {
    let page = LoginPage {
        chrome: Chrome::anonymous(csrf),
        username: String::new(),
        next: safe_next(q.next.as_deref()),
        error: None,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    totp: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    csrf: String,
}

async fn login_submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Extension(csrf): Extension<CsrfToken>,
    method: Method,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    check_csrf(&method, &headers, &form.csrf)?;
    let req = LoginRequest {
        username: form.username.clone(),
        password: form.password,
        totp: Some(form.totp),
    };
    let next = safe_next(Some(&form.next));
    match sign_in(&state, addr.ip(), &req, "cookie").await {
        Ok((token, _, _)) => {
            let secure = if state.config.secure_cookies {
                "; Secure"
            } else {
                ""
            };
            let max_age = state.config.session_hours * 3600;
            let cookie = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
            let mut res = Redirect::to(&next).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                HeaderValue::from_str(&cookie).map_err(ApiError::internal)?,
            );
            Ok(res)
        }
        Err(e) if e.code == Code::Internal => Err(PageError(e)),
        Err(e) => {
            let status = e.code.status();
            let page = LoginPage {
                chrome: Chrome::anonymous(csrf),
                username: form.username,
                next,
                error: Some(e.detail),
            };
            Ok((status, render(&page)?).into_response())
        }
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout_submit(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&method, &headers, &form.csrf)?;
    if let Some(token) = crate::extract::cookie(&headers, SESSION_COOKIE) {
        if let Ok(user) = user_for_token(&state, token).await {
            end_session(&state, &headers, &user).await?;
        }
    }
    let mut res = Redirect::to("/login").into_response();
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&clear).map_err(ApiError::internal)?,
    );
    Ok(res)
}
