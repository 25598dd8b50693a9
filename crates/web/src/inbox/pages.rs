//! The inbox page (open a notice and it is read) and the administrators' webhook page with
//! the dead-letter list and its replay buttons.

use super::api::{self, inbox_of, CreatedWebhook, InboxParams, NewWebhook};
use crate::error::{ApiError, PageError};
use crate::extract::{CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_store::inbox::{self, DeliveryRow, NotificationRow, WebhookRow};
use std::collections::HashMap;

fn when(ms: i64) -> String {
    fengqiao_core::time::iso(ms)
        .replace('T', " ")
        .chars()
        .take(16)
        .collect()
}

#[derive(Template)]
#[template(path = "inbox/templates/inbox.html")]
struct InboxPage {
    chrome: Chrome,
    unread: i64,
    items: Vec<NotificationRow>,
}

impl InboxPage {
    fn when(&self, ms: &i64) -> String {
        when(*ms)
    }
}

pub async fn inbox(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Response, PageError> {
    let i = inbox_of(&state, &user, &InboxParams::default()).await?;
    Ok(render(&InboxPage {
        chrome: Chrome::signed_in(user, csrf),
        unread: i.unread,
        items: i.items,
    })?
    .into_response())
}

/// Marks one notice (`id`) or all read, then goes to `go` (a local path) or back to the inbox.
pub async fn read(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let ids = form
        .get("id")
        .and_then(|v| v.parse::<i64>().ok())
        .map(|id| vec![id]);
    api::mark(&state, &user, ids).await?;
    let go = form
        .get("go")
        .filter(|g| g.starts_with('/') && !g.starts_with("//") && !g.contains('\\'))
        .map_or("/inbox", String::as_str);
    Ok(Redirect::to(go).into_response())
}

#[derive(Template)]
#[template(path = "inbox/templates/webhooks.html")]
struct WebhooksPage {
    chrome: Chrome,
    hooks: Vec<WebhookRow>,
    dead: Vec<DeliveryRow>,
    created: Option<CreatedWebhook>,
    error: Option<String>,
    events: String,
}

impl WebhooksPage {
    fn when(&self, ms: &i64) -> String {
        when(*ms)
    }
}

async fn webhooks_page(
    state: &AppState,
    user: crate::auth::User,
    csrf: CsrfToken,
    created: Option<CreatedWebhook>,
    error: Option<String>,
) -> Result<WebhooksPage, ApiError> {
    api::administrator(&user)?;
    let pool = state.store.pool();
    Ok(WebhooksPage {
        hooks: inbox::webhooks(pool).await?,
        dead: inbox::deliveries(pool, Some("dead"), 100).await?,
        chrome: Chrome::signed_in(user, csrf),
        created,
        error,
        events: api::event_kinds(state).join(", "),
    })
}

pub async fn webhooks(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Response, PageError> {
    Ok(render(&webhooks_page(&state, user, csrf, None, None).await?)?.into_response())
}

/// The page's forms: add (`name`, `url`, `events`), turn off (`deactivate`), replay (`replay`).
pub async fn webhooks_submit(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = |k: &str| form.get(k).and_then(|v| v.parse::<i64>().ok());
    let result = if let Some(d) = id("replay") {
        api::replay_one(&state, &user, d).await.map(|()| None)
    } else if let Some(h) = id("deactivate") {
        api::turn_off(&state, &user, h).await.map(|()| None)
    } else {
        let b = NewWebhook {
            name: form.get("name").cloned().unwrap_or_default(),
            url: form.get("url").cloned().unwrap_or_default(),
            events: form.get("events").cloned().filter(|e| !e.trim().is_empty()),
        };
        api::create_webhook(&state, &user, b).await.map(Some)
    };
    match result {
        Ok(created) => {
            Ok(render(&webhooks_page(&state, user, csrf, created, None).await?)?.into_response())
        }
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 403 => {
            let status = e.code.status();
            let page = webhooks_page(&state, user, csrf, None, Some(e.detail)).await?;
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
