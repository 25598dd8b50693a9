//! Extractors shared by every area: JSON and query bodies whose rejections are problem+json,
//! the signed-in user (from a bearer token or the session cookie), and the region a request
//! works on, bounded by the caller's scope. Forms and their CSRF check are in [`crate::csrf`].

use crate::error::{ApiError, Code, PageError};
use crate::session::{self, User};
use crate::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use fengqiao_core::geo::{Atlas, AtlasRegion};
use fengqiao_core::region::Scope;
use fengqiao_core::Level;
use serde::de::DeserializeOwned;

pub use crate::csrf::{CsrfForm, CsrfMultipart, CsrfToken};

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

/// The request's user, resolved once and kept in the request for the other extractors.
async fn user(parts: &mut Parts, state: &AppState) -> Result<User, ApiError> {
    if let Some(u) = parts.extensions.get::<User>() {
        return Ok(u.clone());
    }
    let u = session::user_of_request(state, &parts.headers).await?;
    if u.must_change_password && !crate::auth::manage::allowed_before_change(parts.uri.path()) {
        return Err(ApiError::new(
            Code::PasswordChangeRequired,
            "管理员已重置您的密码,请先在「我的账号」设置新密码",
        ));
    }
    // A change of theirs must show on their own lists at once.
    if !parts.method.is_safe() {
        state.list_cache.forget(&u.username);
    }
    parts.extensions.insert(u.clone());
    Ok(u)
}

/// The client's address: the connection's peer, or, when the peer is one of the configured
/// trusted proxies, the last address in the configured header (the one that proxy saw and
/// appended; anything before it came from the client and is not believed).
pub struct ClientIp(pub std::net::IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or_else(|| ApiError::internal("no peer address"))?;
        Ok(ClientIp(client_ip(&state.config, peer, &parts.headers)))
    }
}

/// See [`ClientIp`].
pub fn client_ip(
    config: &crate::Config,
    peer: std::net::IpAddr,
    headers: &HeaderMap,
) -> std::net::IpAddr {
    let Some(name) = config.client_ip_header.as_deref() else {
        return peer;
    };
    if !config.trusted_proxies.contains(&peer) {
        return peer;
    }
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .and_then(|v| {
            let v = v.trim();
            v.parse()
                .ok()
                .or_else(|| v.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        })
        .unwrap_or(peer)
}

/// The signed-in user of an API request; 401 problem+json otherwise.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        same_origin_if_cookie(&parts.method, &parts.headers)?;
        user(parts, state).await.map(ApiUser)
    }
}

/// The signed-in user of an API request that is open to everyone: `None` when it carries no
/// credential; a credential that is wrong or expired still answers 401, so a client never
/// silently acts as nobody.
pub struct MaybeApiUser(pub Option<User>);

impl FromRequestParts<AppState> for MaybeApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if session::credential(&parts.headers).is_none() {
            return Ok(MaybeApiUser(None));
        }
        same_origin_if_cookie(&parts.method, &parts.headers)?;
        user(parts, state).await.map(|u| MaybeApiUser(Some(u)))
    }
}

/// An API write carried by the session cookie (the pages' own scripts) must come from this
/// site: its `Origin` names this host, or the browser says `Sec-Fetch-Site: same-origin`.
/// Bearer-token clients are not browsers riding on a cookie and are not asked.
pub fn same_origin_if_cookie(method: &Method, h: &HeaderMap) -> Result<(), ApiError> {
    let unsafe_method = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if session::bearer(h).is_some()
        || !unsafe_method
        || session::cookie(h, session::SESSION_COOKIE).is_none()
    {
        return Ok(());
    }
    let same_site = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("same-origin");
    let host = h
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok());
    let origin_host = h
        .get(axum::http::header::ORIGIN)
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
        let PageUserUncounted(mut user) =
            PageUserUncounted::from_request_parts(parts, state).await?;
        user.unread = unread(state, &user).await?;
        Ok(PageUser(user))
    }
}

/// The signed-in user of a page that reads the unread count itself, beside its own reads
/// (the home page, opened most): [`PageUser`] reads it first, a statement in turn before the
/// page's own.
pub struct PageUserUncounted(pub User);

impl FromRequestParts<AppState> for PageUserUncounted {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        user(parts, state)
            .await
            .map(PageUserUncounted)
            .map_err(PageError)
    }
}

/// The count of the user's unread messages, which every page's menu shows.
pub async fn unread(state: &AppState, user: &User) -> Result<i64, PageError> {
    fengqiao_store::inbox::unread_count(state.store.pool(), &user.username)
        .await
        .map_err(|e| PageError(e.into()))
}

/// A region a staff request works on: the `region` query parameter when it lies inside the
/// caller's scope (404 otherwise, as for a region that does not exist), else the caller's
/// own root.
#[derive(Debug, Clone)]
pub struct ScopedRegion {
    pub code: String,
    pub name: String,
    pub level: Level,
    /// Materialised path, the bound every scoped query filters by.
    pub path: String,
}

impl ScopedRegion {
    /// The region `asked` (or the scope's root when none was asked) if it is inside `scope`.
    pub fn resolve(atlas: &Atlas, scope: &Scope, asked: Option<&str>) -> Result<Self, ApiError> {
        let code = asked
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(scope.root().as_str());
        atlas
            .get(code)
            .filter(|r| scope.contains_path(&r.path))
            .map(ScopedRegion::of)
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "区划 {} 不存在或不在您的管辖范围内",
                    code.chars().take(40).collect::<String>()
                ))
            })
    }

    fn of(r: &AtlasRegion) -> Self {
        ScopedRegion {
            code: r.code.clone(),
            name: r.name.clone(),
            level: r.level,
            path: r.path.clone(),
        }
    }
}

impl FromRequestParts<AppState> for ScopedRegion {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let scope = user(parts, state).await?.staff_scope()?;
        let asked = parts.uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "region")
                .map(|(_, v)| v.into_owned())
        });
        ScopedRegion::resolve(&state.atlas(), &scope, asked.as_deref())
    }
}

/// A calendar day `YYYY-MM-DD` in Beijing time, as the instant (ms) it starts.
pub fn day(s: &str) -> Result<i64, ApiError> {
    fengqiao_core::time::parse_day(s)
        .ok_or_else(|| ApiError::bad_request(format!("日期「{s}」应为 YYYY-MM-DD")))
}
