//! The account directory page: coordinators and administrators find an account by name,
//! role or region; administrators turn accounts off and on, force a new password (shown once,
//! here) and clear a lost second factor. Each action answers with what it did.

use super::accounts::{action, directory, AccountItem, ListParams};
use crate::auth::manage;
use crate::error::{Code, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_core::Role;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "org/templates/accounts.html")]
struct AccountsPage {
    chrome: Chrome,
    items: Vec<AccountItem>,
    total: i64,
    q: String,
    role: String,
    roles: Vec<(&'static str, &'static str)>,
    next: Option<String>,
    is_admin: bool,
    message: Option<String>,
    error: Option<String>,
    /// After a reset: whose, and the temporary password, shown this once.
    temporary: Option<(String, String)>,
}

async fn page(
    state: &AppState,
    user: crate::auth::User,
    csrf: CsrfToken,
    p: ListParams,
) -> Result<AccountsPage, PageError> {
    let found = directory(state, &user, &p).await?;
    let (q, role) = (p.q.unwrap_or_default(), p.role.unwrap_or_default());
    let next = found
        .next_cursor
        .map(|c| format!("/accounts?q={q}&role={role}&cursor={c}"));
    Ok(AccountsPage {
        is_admin: user.role == Role::Admin,
        chrome: Chrome::signed_in(user, csrf),
        items: found.items,
        total: found.total,
        q,
        role,
        roles: Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
        next,
        message: None,
        error: None,
        temporary: None,
    })
}

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Response, PageError> {
    Ok(render(&page(&state, user, csrf, p).await?)?.into_response())
}

/// Every action form posts here; the page lists the account acted on, with the outcome.
pub async fn act(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path((username, what)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let outcome = if what == "password-reset" {
        manage::reset_password(&state, &user, &username)
            .await
            .map(|(name, temp)| (format!("{name}({username})的密码已重置"), Some(temp)))
    } else {
        match action(&what) {
            Ok(a) => manage::apply(&state, &user, &username, a)
                .await
                .map(|name| (format!("{name}({username}){}", a.done()), None)),
            Err(e) => Err(e),
        }
    };
    let p = ListParams {
        q: Some(username.clone()),
        ..ListParams::default()
    };
    match outcome {
        Ok((message, temp)) => {
            let mut shown = page(&state, user, csrf, p).await?;
            shown.message = Some(message);
            shown.temporary = temp.map(|t| (username, t));
            Ok(render(&shown)?.into_response())
        }
        Err(e) if matches!(e.code, Code::Conflict) => {
            let status = e.code.status();
            let mut shown = page(&state, user, csrf, p).await?;
            shown.error = Some(e.detail);
            Ok((status, render(&shown)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
