//! The account page: who you are, and turning on the TOTP second factor from the browser.

use super::{totp, User};
use crate::error::{Code, PageError};
use crate::extract::{CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_store::accounts;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "auth/templates/account.html")]
struct AccountPage {
    chrome: Chrome,
    totp_enabled: bool,
    pending_secret: Option<String>,
    otpauth_url: Option<String>,
    message: Option<String>,
    error: Option<String>,
}

impl AccountPage {
    fn new(user: User, csrf: CsrfToken) -> AccountPage {
        AccountPage {
            totp_enabled: user.totp_enabled,
            chrome: Chrome::signed_in(user, csrf),
            pending_secret: None,
            otpauth_url: None,
            message: None,
            error: None,
        }
    }
}

pub async fn show(
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Response, PageError> {
    Ok(render(&AccountPage::new(user, csrf))?.into_response())
}

#[derive(Deserialize)]
pub struct TotpForm {
    #[serde(default)]
    code: String,
}

/// Step one: a new secret is stored (not yet required) and shown for the authenticator app.
pub async fn setup(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(_): CsrfForm<TotpForm>,
) -> Result<Response, PageError> {
    let secret = super::begin_totp(&state, &user).await?;
    let mut page = AccountPage::new(user.clone(), csrf);
    page.otpauth_url = Some(totp::otpauth_url(&secret, &user.username));
    page.pending_secret = Some(secret);
    Ok(render(&page)?.into_response())
}

/// Step two: the first code from the app proves the secret was saved; from now on it is required.
pub async fn confirm(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<TotpForm>,
) -> Result<Response, PageError> {
    match super::finish_totp(&state, &user, &form.code).await {
        Ok(()) => {
            let mut page = AccountPage::new(user, csrf);
            page.totp_enabled = true;
            page.message = Some("动态验证码已开启,下次登录时需要输入。".into());
            Ok(render(&page)?.into_response())
        }
        Err(e) if e.code == Code::Unprocessable => {
            let pending = accounts::by_id(state.store.pool(), user.id)
                .await?
                .and_then(|a| a.totp_secret);
            let mut page = AccountPage::new(user.clone(), csrf);
            page.otpauth_url = pending
                .as_deref()
                .map(|s| totp::otpauth_url(s, &user.username));
            page.pending_secret = pending;
            page.error = Some(e.detail);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
