//! The sign-in and sign-out pages.

use super::{end_session, sign_in, user_for_token, LoginRequest, SESSION_COOKIE};
use crate::error::{ApiError, Code, PageError};
use crate::extract::{CsrfForm, CsrfToken};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "auth/templates/login.html")]
struct LoginPage {
    chrome: Chrome,
    username: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only same-site relative paths are followed after sign-in.
///
/// The value arrives decoded. Browsers drop tabs and line breaks from a URL and read a
/// backslash as `/`, so `/<tab>/evil.example` or `/<backslash>evil.example` would become
/// `//evil.example`, another
/// site: a path with any control character, space or backslash, or whose second character is
/// a slash, is not followed.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n[1..].starts_with('/')
                && !n
                    .chars()
                    .any(|c| c.is_control() || c.is_whitespace() || c == '\\') =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

pub async fn page(
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
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    totp: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, PageError> {
    let req = LoginRequest {
        username: form.username.clone(),
        password: form.password,
        totp: Some(form.totp),
    };
    let next = safe_next(Some(&form.next));
    match sign_in(&state, ip, &req, "cookie").await {
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

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    if let Some(token) = crate::session::cookie(&headers, SESSION_COOKIE) {
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

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_site_are_followed_after_sign_in() {
        for bad in [
            "/\t/evil.example/phish",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "/\n/evil.example",
            " /mediation",
            "mediation",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(Some("/mediation?status=open")), "/mediation?status=open");
        assert_eq!(safe_next(None), "/");
    }
}
