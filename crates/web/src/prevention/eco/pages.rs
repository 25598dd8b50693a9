//! Eco report pages for staff: the reports in scope (open first) and one report with the
//! rectification order and the re-check forms.

use super::api::{detail, view, EcoView};
use super::service;
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser, ScopedRegion};
use crate::page::{render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_store::prevention::eco as store;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "prevention/templates/eco_list.html")]
struct ListPage {
    chrome: Chrome,
    region_name: String,
    reports: Vec<EcoView>,
}

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    region: ScopedRegion,
) -> Result<Response, PageError> {
    let mut rows = store::list(state.store.pool(), &region.path, false, None, 300).await?;
    rows.sort_by_key(|r| (r.status == "closed", std::cmp::Reverse(r.id)));
    Ok(render(&ListPage {
        reports: rows.into_iter().map(|r| view(&state, r)).collect(),
        region_name: region.name,
        chrome: Chrome::signed_in(user, csrf),
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "prevention/templates/eco.html")]
struct DetailPage {
    chrome: Chrome,
    r: EcoView,
    message: Option<&'static str>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn page(state: &AppState, user: User, csrf: CsrfToken, id: i64) -> Result<DetailPage, ApiError> {
    let r = service::in_scope(state, &user, id).await?;
    Ok(DetailPage {
        r: detail(state, r).await?,
        message: None,
        error: None,
        chrome: Chrome::signed_in(user, csrf),
    })
}

pub async fn get(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<DoneQuery>,
) -> Result<Response, PageError> {
    let mut p = page(&state, user, csrf, id).await?;
    p.message = match q.done.as_deref() {
        Some("rectify") => Some("整改通知已下达,期限已记录;反映人查询时可以看到。"),
        Some("recheck") => Some("复查已记录。"),
        _ => None,
    };
    Ok(render(&p)?.into_response())
}

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

async fn after(state: &AppState, user: User, csrf: CsrfToken, id: i64, done: Result<(), ApiError>, what: &str) -> Result<Response, PageError> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/eco-reports/{id}?done={what}")).into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 404 => {
            let status = e.code.status();
            let mut p = page(state, user, csrf, id).await?;
            p.error = Some(e.detail);
            Ok((status, render(&p)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

pub async fn rectify(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let days = field(&form, "days").parse().unwrap_or(0);
    let done = service::rectify(&state, &user, id, &field(&form, "order"), days).await;
    after(&state, user, csrf, id, done, "rectify").await
}

pub async fn recheck(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let done = service::recheck(&state, &user, id, field(&form, "passed") == "yes", &field(&form, "notes")).await;
    after(&state, user, csrf, id, done, "recheck").await
}
