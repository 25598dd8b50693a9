//! One error table for the whole HTTP side: each code fixes its status and its title, and is
//! rendered as `application/problem+json` (RFC 9457) for the API or as a page for people.

use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use fengqiao_store::StoreError;
use serde_json::json;

/// Every error the HTTP side can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    BadRequest,
    Unauthorized,
    SessionExpired,
    TotpRequired,
    Forbidden,
    PasswordChangeRequired,
    NotFound,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    TooManyRequests,
    Internal,
    Unavailable,
}

impl Code {
    pub fn status(self) -> StatusCode {
        match self {
            Code::BadRequest => StatusCode::BAD_REQUEST,
            Code::Unauthorized | Code::SessionExpired | Code::TotpRequired => {
                StatusCode::UNAUTHORIZED
            }
            Code::Forbidden | Code::PasswordChangeRequired => StatusCode::FORBIDDEN,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::Conflict => StatusCode::CONFLICT,
            Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
            Code::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// Stable machine-readable name, also the last segment of the problem type URI.
    pub fn slug(self) -> &'static str {
        match self {
            Code::BadRequest => "bad-request",
            Code::Unauthorized => "unauthorized",
            Code::SessionExpired => "session-expired",
            Code::TotpRequired => "totp-required",
            Code::Forbidden => "forbidden",
            Code::PasswordChangeRequired => "password-change-required",
            Code::NotFound => "not-found",
            Code::Conflict => "conflict",
            Code::PayloadTooLarge => "payload-too-large",
            Code::UnsupportedMediaType => "unsupported-media-type",
            Code::Unprocessable => "unprocessable",
            Code::TooManyRequests => "too-many-requests",
            Code::Internal => "internal",
            Code::Unavailable => "unavailable",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Code::BadRequest => "请求有误",
            Code::Unauthorized => "未登录或登录信息无效",
            Code::SessionExpired => "登录已过期",
            Code::TotpRequired => "需要动态验证码",
            Code::Forbidden => "无权执行此操作",
            Code::PasswordChangeRequired => "请先修改密码",
            Code::NotFound => "未找到",
            Code::Conflict => "与已有数据冲突",
            Code::PayloadTooLarge => "请求内容过大",
            Code::UnsupportedMediaType => "不支持的内容类型",
            Code::Unprocessable => "内容无法处理",
            Code::TooManyRequests => "尝试过于频繁",
            Code::Internal => "服务器内部错误",
            Code::Unavailable => "服务暂不可用",
        }
    }
}

/// An error answered to an API client as problem+json.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: Code,
    pub detail: String,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: Code, detail: impl Into<String>) -> Self {
        ApiError {
            code,
            detail: detail.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(Code::BadRequest, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(Code::NotFound, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(Code::Forbidden, detail)
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        tracing::error!(error = %e, "internal error");
        Self::new(Code::Internal, "服务器处理请求时出错,请稍后再试")
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::not_found("记录不存在"),
            StoreError::Conflict(m) => ApiError::new(Code::Conflict, m),
            StoreError::Invalid(m) => ApiError::new(Code::Unprocessable, m),
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "type": format!("/problems/{}", self.code.slug()),
            "title": self.code.title(),
            "status": self.code.status().as_u16(),
            "detail": self.detail,
            "code": self.code.slug(),
        });
        let mut res = (self.code.status(), body.to_string()).into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// The same errors shown to a person: a readable page, or the sign-in page when the session
/// is missing or expired.
#[derive(Debug, Clone)]
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        if matches!(e.code, Code::Unauthorized | Code::SessionExpired) {
            return Redirect::to("/login").into_response();
        }
        if e.code == Code::PasswordChangeRequired {
            return Redirect::to("/account#password").into_response();
        }
        let html = error_page(e.code.status().as_u16(), e.code.title(), &e.detail);
        (e.code.status(), Html(html)).into_response()
    }
}

/// Unknown routes: problem+json under `/api`, a page elsewhere.
pub async fn fallback(uri: Uri) -> Response {
    let e = ApiError::not_found(format!("没有 {} 这个地址", uri.path()));
    if uri.path().starts_with("/api/") {
        e.into_response()
    } else {
        PageError(e).into_response()
    }
}

#[derive(askama::Template)]
#[template(path = "templates/error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    detail: &'a str,
}

/// A readable error page of its own (no site chrome, so the error table depends on nothing
/// else in the crate); falls back to plain text if the template itself fails.
pub fn error_page(status: u16, title: &str, detail: &str) -> String {
    askama::Template::render(&ErrorPage {
        status,
        title,
        detail,
    })
    .unwrap_or_else(|_| format!("{status} {title}: {detail}"))
}
