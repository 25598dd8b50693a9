//! Incident pages: the incidents under way and ended, a form to report one; an incident with
//! its checklist, its log (growing live), its warnings and the forms of each action; and the
//! public page of warnings.

use super::api::{detail as load_detail, visible_list, Detail};
use super::service::{self, Report, Warning};
use super::view::{self, AlertView, IncidentView};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::emergency::incident::{may_command, Command, IncidentKind, Severity};
use fengqiao_store::emergency::incidents as store;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "emergency/templates/incidents.html")]
struct ListPage {
    chrome: Chrome,
    incidents: Vec<IncidentView>,
    kinds: Vec<(&'static str, &'static str)>,
    severities: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

fn choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (code(*v), label(*v))).collect()
}

async fn list_page(state: &AppState, user: User, csrf: CsrfToken, error: Option<String>) -> Result<ListPage, ApiError> {
    if !user.role.is_staff() {
        return Err(ApiError::forbidden("突发事件只对工作人员开放"));
    }
    Ok(ListPage {
        incidents: visible_list(state, &user, false).await?,
        kinds: choices(&IncidentKind::ALL, IncidentKind::as_str, IncidentKind::label),
        severities: choices(&Severity::ALL, Severity::as_str, Severity::label),
        error,
        chrome: Chrome::signed_in(user, csrf),
    })
}

pub async fn list(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    Ok(render(&list_page(&state, user, csrf, None).await?)?.into_response())
}

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

fn coordinate(form: &HashMap<String, String>, key: &str) -> Result<Option<f64>, ApiError> {
    let v = field(form, key);
    if v.is_empty() {
        return Ok(None);
    }
    v.parse().map(Some).map_err(|_| ApiError::bad_request("经纬度应为数字"))
}

pub async fn open(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let report = || -> Result<Report, ApiError> {
        let grid = field(&form, "grid_code");
        Ok(Report {
            kind: field(&form, "kind"),
            severity: field(&form, "severity"),
            title: field(&form, "title"),
            description: field(&form, "description"),
            lon: coordinate(&form, "lon")?,
            lat: coordinate(&form, "lat")?,
            grid_code: (!grid.is_empty()).then_some(grid),
        })
    };
    let done = match report() {
        Ok(r) => service::open(&state, &user, r, None).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(id) => Ok(Redirect::to(&format!("/incidents/{id}?done=opened")).into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 403 => {
            let status = e.code.status();
            Ok((status, render(&list_page(&state, user, csrf, Some(e.detail)).await?)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "emergency/templates/incident.html")]
struct DetailPage {
    chrome: Chrome,
    d: Detail,
    last_line: i64,
    may_command: bool,
    severities: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn detail_page(state: &AppState, user: User, csrf: CsrfToken, id: i64) -> Result<DetailPage, ApiError> {
    let d = load_detail(state, &user, id).await?;
    let command = Command::parse(&d.incident.command).unwrap_or(Command::District);
    Ok(DetailPage {
        last_line: d.log.last().map_or(0, |l| l.id),
        may_command: d.incident.status == "responding" && may_command(user.role, command),
        severities: choices(&Severity::ALL, Severity::as_str, Severity::label),
        d,
        message: None,
        error: None,
        chrome: Chrome::signed_in(user, csrf),
    })
}

pub async fn detail(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<DoneQuery>,
) -> Result<Response, PageError> {
    let mut page = detail_page(&state, user, csrf, id).await?;
    page.message = match q.done.as_deref() {
        Some("opened") => Some("事件已接报,预案步骤已列出,指挥中心已收到通知。"),
        Some("noted") => Some("已记入事件日志。"),
        Some("step") => Some("已勾选完成,并记入日志。"),
        Some("severity") => Some("级别已调整,并记入日志。"),
        Some("dispatched") => Some("已调派救援队伍,并记入日志。"),
        Some("warned") => Some("公众预警已发布(CAP 1.2),预警渠道可以读取。"),
        Some("closed") => Some("事件已处置结束,总结报告已保存。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

async fn after(state: &AppState, user: User, csrf: CsrfToken, id: i64, done: Result<(), ApiError>, what: &str) -> Result<Response, PageError> {
    after_form(done, &format!("/incidents/{id}?done={what}"), |reason| async move {
        let mut page = detail_page(state, user, csrf, id).await?;
        page.error = Some(reason);
        Ok(page)
    })
    .await
}

type Form = CsrfForm<HashMap<String, String>>;

pub async fn note(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let corrects = field(&form, "corrects").parse::<i64>().ok();
    let done = service::note(&state, &user, id, &field(&form, "text"), corrects).await.map(|_| ());
    after(&state, user, csrf, id, done, "noted").await
}

pub async fn step_done(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path((id, step)): Path<(i64, i64)>, CsrfForm(_): Form) -> Result<Response, PageError> {
    let done = service::complete_step(&state, &user, id, step).await;
    after(&state, user, csrf, id, done, "step").await
}

pub async fn severity(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let done = service::regrade(&state, &user, id, &field(&form, "severity")).await.map(|_| ());
    after(&state, user, csrf, id, done, "severity").await
}

pub async fn dispatch(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let done = service::dispatch(&state, &user, id, &field(&form, "task")).await;
    after(&state, user, csrf, id, done, "dispatched").await
}

pub async fn warn(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let w = Warning {
        msg_type: Some(field(&form, "msg_type")).filter(|t| !t.is_empty()),
        headline: field(&form, "headline"),
        description: field(&form, "description"),
        instruction: field(&form, "instruction"),
        grids: Vec::new(),
    };
    let done = service::warn(&state, &user, id, w).await.map(|_| ());
    after(&state, user, csrf, id, done, "warned").await
}

pub async fn close(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let done = service::close(&state, &user, id, &field(&form, "report")).await;
    after(&state, user, csrf, id, done, "closed").await
}

#[derive(Template)]
#[template(path = "emergency/templates/warnings.html")]
struct WarningsPage {
    chrome: Chrome,
    alerts: Vec<AlertView>,
}

/// `GET /warnings`: the public warnings, for everyone.
pub async fn warnings(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    let alerts = store::alerts(state.store.pool(), 50).await?.into_iter().map(view::alert).collect();
    let chrome = match user {
        Ok(PageUser(u)) => Chrome::signed_in(u, csrf),
        Err(_) => Chrome::anonymous(csrf),
    };
    Ok(render(&WarningsPage { chrome, alerts })?.into_response())
}
