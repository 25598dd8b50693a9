//! Extractors shared by every area: JSON and query bodies whose rejections are problem+json,
//! the signed-in user (from a bearer token or the session cookie), and CSRF protection.

use crate::auth::{self, User};
use crate::error::{ApiError, Code, PageError};
use crate::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use serde::de::DeserializeOwned;

/// A JSON body; malformed, oversized or mistyped bodies answer problem+json.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                Code::UnsupportedMediaType,
                "请求体应为 JSON(Content-Type: application/json)",
            )),
            Err(e) if e.status().as_u16() == 413 => Err(ApiError::new(
                Code::PayloadTooLarge,
                "请求体超过 1 MiB 上限",
            )),
            Err(JsonRejection::JsonDataError(e)) => Err(ApiError::new(
                Code::Unprocessable,
                format!("JSON 字段不符合要求:{}", e.body_text()),
            )),
            Err(e) => Err(ApiError::bad_request(format!(
                "JSON 格式错误:{}",
                e.body_text()
            ))),
        }
    }
}

/// Query parameters; unparseable ones answer problem+json.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(ApiQuery(q.0)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(ApiError::bad_request(
                format!("查询参数有误:{}", e.body_text()),
            )),
            Err(e) => Err(ApiError::bad_request(e.body_text())),
        }
    }
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
fn credential(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    bearer.or_else(|| cookie(headers, auth::SESSION_COOKIE))
}

async fn resolve(parts: &Parts, state: &AppState) -> Result<User, ApiError> {
    let token = credential(&parts.headers).ok_or_else(|| {
        ApiError::new(
            Code::Unauthorized,
            "请先登录(Authorization: Bearer 令牌或会话 Cookie)",
        )
    })?;
    auth::user_for_token(state, token).await
}

/// The signed-in user of an API request; 401 problem+json otherwise.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        same_origin_if_cookie(&parts.method, &parts.headers)?;
        resolve(parts, state).await.map(ApiUser)
    }
}

/// An API write carried by the session cookie (the pages' own scripts) must come from this
/// site: its `Origin` names this host, or the browser says `Sec-Fetch-Site: same-origin`.
/// Bearer-token clients are not browsers riding on a cookie and are not asked.
pub fn same_origin_if_cookie(method: &Method, h: &HeaderMap) -> Result<(), ApiError> {
    let bearer = h
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    let unsafe_method = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if bearer || !unsafe_method || cookie(h, auth::SESSION_COOKIE).is_none() {
        return Ok(());
    }
    let same_site = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("same-origin");
    let host = h.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = h
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.trim_end_matches('/'));
    if same_site || (host.is_some() && origin_host == host) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "跨站请求被拒绝:请从本站页面提交,或使用 Bearer 令牌调用接口",
        ))
    }
}

/// The signed-in user of a page; the sign-in page otherwise.
pub struct PageUser(pub User);

impl FromRequestParts<AppState> for PageUser {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let mut user = resolve(parts, state).await.map_err(PageError)?;
        user.unread = fengqiao_store::inbox::unread_count(state.store.pool(), &user.username)
            .await
            .map_err(|e| PageError(e.into()))?;
        Ok(PageUser(user))
    }
}

/// The CSRF token of this browser (double-submit cookie), for forms to carry back.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

pub const CSRF_COOKIE: &str = "fq_csrf";

/// Gives every browser a CSRF cookie, and refuses form posts whose `csrf` field does not
/// match it. JSON API calls carry a bearer token or rely on SameSite cookies instead.
pub async fn csrf_cookie(mut req: Request, next: Next) -> Response {
    let existing = cookie(req.headers(), CSRF_COOKIE).map(str::to_owned);
    let token = existing.clone().unwrap_or_else(auth::random_token);
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    if existing.is_none() {
        let value = format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Checks a submitted form's CSRF field against the browser's cookie.
pub fn check_csrf(method: &Method, headers: &HeaderMap, submitted: &str) -> Result<(), PageError> {
    let ok = method == Method::POST
        && cookie(headers, CSRF_COOKIE)
            .is_some_and(|c| !c.is_empty() && constant_eq(c.as_bytes(), submitted.as_bytes()));
    if ok {
        Ok(())
    } else {
        Err(PageError(ApiError::forbidden(
            "表单已失效,请返回刷新页面后重新提交",
        )))
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A calendar day `YYYY-MM-DD` in Beijing time, as the instant (ms) it starts.
pub fn day(s: &str) -> Result<i64, ApiError> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp_millis() - 8 * 3_600_000)
        .ok_or_else(|| ApiError::bad_request(format!("日期「{s}」应为 YYYY-MM-DD")))
}
