//! The account page: who you are, changing your password, and turning on the TOTP second
//! factor from the browser. Every form answers on the same page, beside the form it came from.

use super::{totp, User};
use crate::error::{ApiError, Code, PageError};
use crate::extract::{ClientIp, CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "auth/templates/account.html")]
struct AccountPage {
    chrome: Chrome,
    region_name: String,
    must_change: bool,
    totp_enabled: bool,
    pending_secret: Option<String>,
    otpauth_url: Option<String>,
    message: Option<String>,
    error: Option<String>,
    password_message: Option<String>,
    password_error: Option<String>,
}

impl AccountPage {
    fn new(state: &AppState, user: User, csrf: CsrfToken) -> AccountPage {
        let region_name = state
            .atlas()
            .get(&user.region_code)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| "—".into());
        AccountPage {
            region_name,
            must_change: user.must_change_password,
            totp_enabled: user.totp_enabled,
            chrome: Chrome::signed_in(user, csrf),
            pending_secret: None,
            otpauth_url: None,
            message: None,
            error: None,
            password_message: None,
            password_error: None,
        }
    }

    /// The page with a step-two form when set-up was begun and not finished.
    async fn with_pending(mut self, state: &AppState, user: &User) -> Result<Self, ApiError> {
        if let Some(secret) = super::pending_totp(state, user).await? {
            self.otpauth_url = Some(totp::otpauth_url(&secret, &user.username));
            self.pending_secret = Some(secret);
        }
        Ok(self)
    }
}

/// A form's failure shown beside it (422 and the like); other failures are error pages.
fn beside(e: ApiError) -> Result<(StatusCode, String), PageError> {
    match e.code {
        Code::Unprocessable | Code::Conflict | Code::TooManyRequests => {
            Ok((e.code.status(), e.detail))
        }
        _ => Err(e.into()),
    }
}

pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Response, PageError> {
    let page = AccountPage::new(&state, user.clone(), csrf)
        .with_pending(&state, &user)
        .await?;
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct TotpForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
}

/// Step one: with the password again, a new secret is stored (not yet required) and shown
/// for the authenticator app.
pub async fn setup(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    ClientIp(ip): ClientIp,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<TotpForm>,
) -> Result<Response, PageError> {
    let mut page = AccountPage::new(&state, user.clone(), csrf);
    match super::begin_totp(&state, &user, ip, &form.password).await {
        Ok(secret) => {
            page.otpauth_url = Some(totp::otpauth_url(&secret, &user.username));
            page.pending_secret = Some(secret);
            Ok(render(&page)?.into_response())
        }
        Err(e) => {
            let (status, detail) = beside(e)?;
            page.error = Some(detail);
            Ok((status, render(&page)?).into_response())
        }
    }
}

/// Step two: the first code from the app proves the secret was saved; from now on it is
/// required, and the account's other sessions end.
pub async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<TotpForm>,
) -> Result<Response, PageError> {
    match super::finish_totp(&state, &user, &headers, &form.code).await {
        Ok(()) => {
            let mut page = AccountPage::new(&state, user, csrf);
            page.totp_enabled = true;
            page.message = Some("动态验证码已开启,下次登录时需要输入;其他设备上的登录已结束。".into());
            Ok(render(&page)?.into_response())
        }
        Err(e) => {
            let (status, detail) = beside(e)?;
            let mut page = AccountPage::new(&state, user.clone(), csrf)
                .with_pending(&state, &user)
                .await?;
            page.error = Some(detail);
            Ok((status, render(&page)?).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_again: String,
}

/// The holder's own password change.
pub async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(user): PageUser,
    ClientIp(ip): ClientIp,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    let result = if form.new_password != form.new_password_again {
        Err(ApiError::new(Code::Unprocessable, "两次输入的新密码不一致"))
    } else {
        super::manage::change_password(
            &state,
            &user,
            &headers,
            ip,
            &form.current_password,
            &form.new_password,
        )
        .await
    };
    let mut page = AccountPage::new(&state, user.clone(), csrf)
        .with_pending(&state, &user)
        .await?;
    match result {
        Ok(()) => {
            page.must_change = false;
            page.password_message = Some("密码已修改;其他设备上的登录已结束。".into());
            Ok(render(&page)?.into_response())
        }
        Err(e) => {
            let (status, detail) = beside(e)?;
            page.password_error = Some(detail);
            Ok((status, render(&page)?).into_response())
        }
    }
}
