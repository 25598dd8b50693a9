//! The care register's pages: the register (overdue first when asked) with the form to add
//! someone, and one person with the visit log and the form to log a visit.

use super::api::{self, CareDetail, CareView};
use super::service::{self, CareBody, VisitBody};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::services::care::CareCategory;
use std::collections::HashMap;

type Form = CsrfForm<HashMap<String, String>>;

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "services/templates/care_list.html")]
struct ListPage {
    chrome: Chrome,
    items: Vec<CareView>,
    overdue_only: bool,
    overdue_count: i64,
    categories: Vec<(&'static str, &'static str, String)>,
    error: Option<String>,
    form: HashMap<String, String>,
}

impl ListPage {
    fn typed(&self, key: &str) -> String {
        self.form.get(key).cloned().unwrap_or_default()
    }
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    overdue: Option<String>,
}

async fn list_page(state: &AppState, user: User, csrf: CsrfToken, overdue_only: bool, error: Option<String>, form: HashMap<String, String>) -> Result<ListPage, ApiError> {
    let overdue = api::overdue_in(state, &user, 500).await?;
    let items = if overdue_only { overdue.items } else { api::list_views(state, &user).await? };
    Ok(ListPage {
        items,
        overdue_only,
        overdue_count: overdue.count,
        categories: CareCategory::ALL.iter().map(|c| (c.as_str(), c.label(), c.plan_label())).collect(),
        error,
        form,
        chrome: Chrome::signed_in(user, csrf),
    })
}

/// `GET /care` (`?overdue=1` for missed visits only).
pub async fn list(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, ApiQuery(q): ApiQuery<ListQuery>) -> Result<Response, PageError> {
    let page = list_page(&state, user, csrf, q.overdue.is_some_and(|v| v == "1"), None, HashMap::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /care`.
pub async fn register(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let body = CareBody {
        category: field(&form, "category"),
        name: field(&form, "name"),
        id_number: Some(field(&form, "id_number")),
        phone: field(&form, "phone"),
        address: field(&form, "address"),
        grid_code: Some(field(&form, "grid_code")).filter(|g| !g.is_empty()),
        consent_day: field(&form, "consent_day"),
        consent_note: field(&form, "consent_note"),
    };
    match service::register(&state, &user, body).await {
        Ok(id) => Ok(Redirect::to(&format!("/care/{id}?done=registered")).into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 404 => {
            let status = e.code.status();
            Ok((status, render(&list_page(&state, user, csrf, false, Some(e.detail), form).await?)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "services/templates/care.html")]
struct DetailPage {
    chrome: Chrome,
    d: CareDetail,
    message: Option<String>,
    error: Option<String>,
}

async fn detail_page(state: &AppState, user: User, csrf: CsrfToken, id: i64, error: Option<String>) -> Result<DetailPage, ApiError> {
    Ok(DetailPage { d: api::detail(state, &user, id).await?, message: None, error, chrome: Chrome::signed_in(user, csrf) })
}

#[derive(serde::Deserialize, Default)]
pub struct Done {
    done: Option<String>,
    finding: Option<String>,
}

/// `GET /care/{id}`.
pub async fn detail(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut page = detail_page(&state, user, csrf, id, None).await?;
    page.message = match q.done.as_deref() {
        Some("registered") => Some(format!("已登记。首次走访应于 {} 前完成。", page.d.person.latest)),
        Some("visited") => Some(match q.finding.as_deref().filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric())) {
            Some(code) => format!("走访已记录,发现的问题已转办(查询码 {code})。下次走访应于 {} 前完成。", page.d.person.latest),
            None => format!("走访已记录。下次走访应于 {} 前完成。", page.d.person.latest),
        }),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /care/{id}/visits`.
pub async fn visit(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let body = VisitBody {
        done: field(&form, "done"),
        found: field(&form, "found"),
        open_service: Some(field(&form, "open_service")).filter(|s| !s.is_empty()),
        visited_at: Some(field(&form, "visited_at")).filter(|s| !s.is_empty()),
    };
    match service::visit(&state, &user, id, body).await {
        Ok((_, finding)) => Ok(Redirect::to(&format!("/care/{id}?done=visited{}", finding.map(|f| format!("&finding={f}")).unwrap_or_default())).into_response()),
        Err(e) => after_form(Err(e), "", |reason| async move { detail_page(&state, user, csrf, id, Some(reason)).await }).await,
    }
}
