//! Psychological services' pages: the expert pool with the booking form and one's own
//! appointments (and, for the coordinator, the form to register a counsellor); an appointment
//! with its notes for the counsellor, the break-glass form for the supervisor.

use super::api::{self, AppointmentView, CounsellorView};
use super::service::{self, AppointmentBody, CounsellorBody, Note};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::services::counselling::ServiceLevel;
use fengqiao_store::services::counselling as store;
use std::collections::HashMap;

type Form = CsrfForm<HashMap<String, String>>;

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "services/templates/counselling.html")]
struct HomePage {
    chrome: Chrome,
    pool: Vec<CounsellorView>,
    mine: Vec<AppointmentView>,
    manages: bool,
    levels: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn home_page(state: &AppState, user: User, csrf: CsrfToken, error: Option<String>) -> Result<HomePage, ApiError> {
    let mine = store::appointments_for(state.store.pool(), &user.username).await?.into_iter().map(|a| api::view(&user, a)).collect();
    Ok(HomePage {
        pool: api::pool_views(state).await?,
        mine,
        manages: user.role.manages_district(),
        levels: ServiceLevel::ALL.iter().map(|l| (l.as_str(), l.label())).collect(),
        message: None,
        error,
        chrome: Chrome::signed_in(user, csrf),
    })
}

#[derive(serde::Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// `GET /counselling`.
pub async fn home(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut page = home_page(&state, user, csrf, None).await?;
    page.message = match q.done.as_deref() {
        Some("registered") => Some("咨询师已登记到专家库。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /counselling/appointments`.
pub async fn book(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let body = AppointmentBody {
        counsellor_id: field(&form, "counsellor_id").parse().unwrap_or(0),
        alias: field(&form, "alias"),
        contact: Some(field(&form, "contact")),
        day: field(&form, "day"),
        time: field(&form, "time"),
        grid_code: None,
        address: Some(field(&form, "address")),
    };
    match service::book(&state, &user, body).await {
        Ok(id) => Ok(Redirect::to(&format!("/counselling/appointments/{id}?done=booked")).into_response()),
        Err(e) if e.code.status().is_client_error() => {
            let status = e.code.status();
            Ok((status, render(&home_page(&state, user, csrf, Some(e.detail)).await?)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

/// `POST /counselling/counsellors`.
pub async fn register(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let body = CounsellorBody {
        username: field(&form, "username"),
        qualification: field(&form, "qualification"),
        level: field(&form, "level"),
        region_code: field(&form, "region_code"),
        supervisor: Some(field(&form, "supervisor")),
    };
    let done = service::register(&state, &user, body).await.map(|_| ());
    after_form(done, "/counselling?done=registered", |reason| async move { home_page(&state, user, csrf, Some(reason)).await }).await
}

#[derive(Template)]
#[template(path = "services/templates/appointment.html")]
struct DetailPage {
    chrome: Chrome,
    a: AppointmentView,
    /// Opened for the counsellor, or for a supervisor who just broke the glass.
    notes: Option<Vec<Note>>,
    break_glass: Vec<String>,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn detail_page(state: &AppState, user: User, csrf: CsrfToken, id: i64, error: Option<String>) -> Result<DetailPage, ApiError> {
    let row = service::visible(state, &user, id).await?;
    let a = api::view(&user, row);
    let notes = if a.you_are == "counsellor" { Some(service::notes(state, &user, id).await?) } else { None };
    // The counsellor sees who broke the glass, when and why.
    let break_glass = if a.you_are == "resident" {
        Vec::new()
    } else {
        let reads = store::break_glass_reads(state.store.pool(), id).await?;
        let names = crate::people::names(state, reads.iter().map(|r| r.0.as_str())).await?;
        reads.into_iter().map(|(who, why, at)| format!("{} {} 紧急查阅:{}", fengqiao_core::time::minute(at), names.of(&who), why)).collect()
    };
    Ok(DetailPage { a, notes, break_glass, message: None, error, chrome: Chrome::signed_in(user, csrf) })
}

/// `GET /counselling/appointments/{id}`.
pub async fn detail(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut page = detail_page(&state, user, csrf, id, None).await?;
    page.message = match q.done.as_deref() {
        Some("booked") => Some("预约已提交,咨询师确认后会在这里显示。"),
        Some("noted") => Some("记录已加密保存,只有您本人可以查看。"),
        Some("crisis") => Some("已启动心理危机干预:督导和社区已收到任务。"),
        Some("status") => Some("预约状态已更新。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /counselling/appointments/{id}/notes`.
pub async fn write_note(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let done = service::write_note(&state, &user, id, &field(&form, "text")).await;
    after_form(done, &format!("/counselling/appointments/{id}?done=noted"), |reason| async move { detail_page(&state, user, csrf, id, Some(reason)).await }).await
}

/// `POST /counselling/appointments/{id}/crisis`.
pub async fn crisis(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(_): Form) -> Result<Response, PageError> {
    let done = service::crisis(&state, &user, id).await;
    after_form(done, &format!("/counselling/appointments/{id}?done=crisis"), |reason| async move { detail_page(&state, user, csrf, id, Some(reason)).await }).await
}

/// `POST /counselling/appointments/{id}/status`.
pub async fn status(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let done = service::set_status(&state, &user, id, &field(&form, "status")).await.map(|_| ());
    after_form(done, &format!("/counselling/appointments/{id}?done=status"), |reason| async move { detail_page(&state, user, csrf, id, Some(reason)).await }).await
}

/// `POST /counselling/appointments/{id}/break-glass`: the notes on this answer only.
pub async fn break_glass(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    match service::break_glass(&state, &user, id, &field(&form, "reason")).await {
        Ok(notes) => {
            let mut page = detail_page(&state, user, csrf, id, None).await?;
            page.notes = Some(notes);
            page.message = Some("紧急查阅已记入审计,并已通知咨询师。");
            Ok(render(&page)?.into_response())
        }
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 404 => {
            let status = e.code.status();
            Ok((status, render(&detail_page(&state, user, csrf, id, Some(e.detail)).await?)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
