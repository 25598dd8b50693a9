//! The funnel and the placement policy pages.

use crate::error::PageError;
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::mediation::commands::FunnelParams;
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use fengqiao_store::mediation as cases;
use fengqiao_store::now_ms;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "mediation/templates/funnel.html")]
struct FunnelPage {
    chrome: Chrome,
    region: String,
    region_name: String,
    from: String,
    to: String,
    svg: String,
    levels: Vec<(&'static str, fengqiao_store::mediation::FunnelLevel)>,
}

pub async fn funnel(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<FunnelParams>,
) -> Result<Html<String>, PageError> {
    let (path, code, from, to) =
        crate::mediation::commands::funnel_scope(&state, &user, &p).await?;
    let levels = cases::funnel(state.store.stale_pool(), &path, from, to, now_ms()).await?;
    let svg = crate::mediation::funnel::svg(&levels);
    let region_name = state
        .atlas()
        .get(&code)
        .map(|r| r.name.clone())
        .unwrap_or_default();
    Ok(render(&FunnelPage {
        chrome: Chrome::signed_in(user, csrf),
        region: code,
        region_name,
        from: fengqiao_core::time::day(from),
        to: fengqiao_core::time::day(to - 1),
        svg,
        levels: levels
            .into_iter()
            .map(|l| {
                (
                    fengqiao_core::mediation::level_label(u8::try_from(l.level).unwrap_or(4)),
                    l,
                )
            })
            .collect(),
    })?)
}

pub async fn funnel_svg(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    ApiQuery(p): ApiQuery<FunnelParams>,
) -> Result<Response, PageError> {
    let (path, _, from, to) = crate::mediation::commands::funnel_scope(&state, &user, &p).await?;
    let levels = cases::funnel(state.store.stale_pool(), &path, from, to, now_ms()).await?;
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
        crate::mediation::funnel::svg(&levels),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "mediation/templates/policy.html")]
struct PolicyPage {
    chrome: Chrome,
    version: i64,
    body: String,
    editable: bool,
    error: Option<String>,
    saved: bool,
}

async fn policy_page(
    state: &AppState,
    user: crate::auth::User,
    csrf: CsrfToken,
) -> Result<PolicyPage, PageError> {
    user.staff_scope()?;
    let (version, body) = match fengqiao_store::versioned::current(
        state.store.pool(),
        fengqiao_store::mediation::POLICY,
    )
    .await?
    {
        Some((v, b)) => (v, b),
        None => (
            0,
            serde_json::to_string(&fengqiao_core::mediation::Policy::default()).unwrap_or_default(),
        ),
    };
    let pretty = serde_json::from_str::<serde_json::Value>(&body)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or(body);
    Ok(PolicyPage {
        editable: user.role.may_list_accounts(),
        chrome: Chrome::signed_in(user, csrf),
        version,
        body: pretty,
        error: None,
        saved: false,
    })
}

pub async fn policy(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    Ok(render(&policy_page(&state, user, csrf).await?)?)
}

/// The coordinator edits the placement policy as JSON; a valid one becomes the next version.
pub async fn policy_save(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let text = form.get("policy").cloned().unwrap_or_default();
    match crate::mediation::service::save_policy(&state, &user, &text).await {
        Ok(_) => {
            let mut page = policy_page(&state, user, csrf).await?;
            page.saved = true;
            Ok(render(&page)?.into_response())
        }
        Err(e) if e.code == crate::error::Code::Unprocessable => {
            let mut page = policy_page(&state, user, csrf).await?;
            page.body = text;
            page.error = Some(e.detail);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
