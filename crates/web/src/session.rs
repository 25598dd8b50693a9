//! Who is asking: the signed-in user, resolved from a bearer token or the session cookie.
//! Sits below the extractors, pages and the sign-in area, and depends only on the error
//! table and the store, so none of those import each other in a circle.

use crate::error::{ApiError, Code};
use crate::AppState;
use axum::http::{header, HeaderMap};
use fengqiao_core::region::Scope;
use fengqiao_core::{RegionCode, Role};
use fengqiao_store::{accounts, now_ms, sessions};
use serde::Serialize;
use sha2::{Digest, Sha256};

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
    /// An administrator reset the password: nothing but the change is open until it is made.
    pub must_change_password: bool,
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

/// The user of a stored account.
pub fn user_of(a: accounts::AccountRow) -> Result<User, ApiError> {
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
        must_change_password: a.must_change_password != 0,
        unread: 0,
    })
}

/// 256 random bits, hex-encoded: session tokens and CSRF tokens.
pub fn random_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// What the store keeps of a token: its SHA-256.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The value of one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The credential a request carries: a bearer token, else the session cookie.
pub fn credential(headers: &HeaderMap) -> Option<&str> {
    bearer(headers).or_else(|| cookie(headers, SESSION_COOKIE))
}

/// The bearer token of a request, if it sends one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
}

/// Resolves a bearer token or session cookie to its user.
pub async fn user_for_token(state: &AppState, token: &str) -> Result<User, ApiError> {
    let invalid = || ApiError::new(Code::Unauthorized, "登录凭据无效,请重新登录");
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid());
    }
    let (account, expires_at) = sessions::account_of(state.store.pool(), &token_hash(token))
        .await?
        .ok_or_else(invalid)?;
    if expires_at <= now_ms() {
        return Err(ApiError::new(Code::SessionExpired, "登录已过期,请重新登录"));
    }
    if account.active == 0 {
        return Err(invalid());
    }
    user_of(account)
}

/// The user behind a request's credential; 401 when it carries none.
pub async fn user_of_request(state: &AppState, headers: &HeaderMap) -> Result<User, ApiError> {
    let token = credential(headers).ok_or_else(|| {
        ApiError::new(
            Code::Unauthorized,
            "请先登录(Authorization: Bearer 令牌或会话 Cookie)",
        )
    })?;
    user_for_token(state, token).await
}
