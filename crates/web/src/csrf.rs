//! CSRF protection for the pages' forms (double-submit cookie): every browser gets a token
//! cookie, every form carries it back in a `csrf` field, and the form extractors here refuse a
//! post whose field does not match. Handlers never check the token themselves.

use crate::error::{ApiError, Code, PageError};
use crate::session::{cookie, random_token};
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// The CSRF token of this browser, for forms to carry back.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

pub const CSRF_COOKIE: &str = "fq_csrf";

/// Gives every browser a CSRF cookie and hands its token to the handlers.
pub async fn csrf_cookie(mut req: Request, next: Next) -> Response {
    let existing = cookie(req.headers(), CSRF_COOKIE).map(str::to_owned);
    let token = existing.clone().unwrap_or_else(random_token);
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

fn verify(method: &Method, headers: &HeaderMap, submitted: &str) -> Result<(), PageError> {
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

fn unreadable(detail: impl std::fmt::Display) -> PageError {
    PageError(ApiError::bad_request(format!("表单无法读取:{detail}")))
}

/// A url-encoded form whose `csrf` field matched this browser's cookie, deserialised into `T`
/// (`HashMap<String, String>` for free-form pages).
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for CsrfForm<T> {
    type Rejection = PageError;
    async fn from_request(req: Request, state: &S) -> Result<Self, PageError> {
        let (method, headers) = (req.method().clone(), req.headers().clone());
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                PageError(ApiError::new(Code::PayloadTooLarge, "提交的内容过大"))
            } else {
                unreadable(e.body_text())
            }
        })?;
        let submitted = form_urlencoded::parse(&body)
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        verify(&method, &headers, &submitted)?;
        serde_urlencoded::from_bytes(&body)
            .map(CsrfForm)
            .map_err(unreadable)
    }
}

/// A form that may carry files (`multipart/form-data`, or url-encoded when it has none),
/// checked like [`CsrfForm`]: its text fields, and the bytes of every non-empty file field.
pub struct CsrfMultipart {
    pub fields: HashMap<String, String>,
    pub files: Vec<(String, Vec<u8>)>,
}

/// More text fields than any page has are ignored, so a hostile form cannot grow the map.
const MAX_FIELDS: usize = 50;

impl<S: Send + Sync> FromRequest<S> for CsrfMultipart {
    type Rejection = PageError;
    async fn from_request(req: Request, state: &S) -> Result<Self, PageError> {
        let (method, headers) = (req.method().clone(), req.headers().clone());
        let multipart = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let CsrfForm(fields) = CsrfForm::from_request(req, state).await?;
            return Ok(CsrfMultipart {
                fields,
                files: Vec::new(),
            });
        }
        let mut parts = Multipart::from_request(req, state)
            .await
            .map_err(|e| unreadable(e.body_text()))?;
        let failed = |e: axum::extract::multipart::MultipartError| {
            let code = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Code::PayloadTooLarge
            } else {
                Code::BadRequest
            };
            PageError(ApiError::new(
                code,
                format!("表单无法读取:{}", e.body_text()),
            ))
        };
        let (mut fields, mut files) = (HashMap::new(), Vec::new());
        while let Some(part) = parts.next_field().await.map_err(failed)? {
            let name = part.name().unwrap_or_default().to_owned();
            let is_file = part.file_name().is_some()
                || part.content_type().is_some_and(|c| !c.starts_with("text/"));
            if is_file {
                let data = part.bytes().await.map_err(failed)?;
                if !data.is_empty() {
                    files.push((name, data.to_vec()));
                }
            } else if fields.len() < MAX_FIELDS {
                let text = part.text().await.map_err(failed)?;
                fields.insert(name, text);
            }
        }
        let submitted = fields.get("csrf").map_or("", String::as_str);
        verify(&method, &headers, submitted)?;
        Ok(CsrfMultipart { fields, files })
    }
}
