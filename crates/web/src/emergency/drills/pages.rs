//! Drill pages (the record, its timeline, its incident, evaluation and findings) and the
//! response plans, where a step a drill added names the drill.

use super::api::{detail as load, plan_views, visible_list, DrillView, PlanView};
use super::service::{self, Finding, Plan};
use crate::error::{ApiError, PageError};
use crate::extract::{CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::emergency::drill::DrillKind;
use fengqiao_core::emergency::incident::{IncidentKind, Severity};
use fengqiao_core::Role;
use std::collections::HashMap;

type Form = CsrfForm<HashMap<String, String>>;
type Choices = Vec<(&'static str, &'static str)>;

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "emergency/templates/drills.html")]
struct ListPage {
    chrome: Chrome,
    drills: Vec<DrillView>,
    kinds: Choices,
    plan_kinds: Choices,
    may_organise: bool,
    error: Option<String>,
}

async fn list_page(state: &AppState, user: User, csrf: CsrfToken, error: Option<String>) -> Result<ListPage, ApiError> {
    if !user.role.is_staff() {
        return Err(ApiError::forbidden("演练记录只对工作人员开放"));
    }
    Ok(ListPage {
        drills: visible_list(state, &user).await?,
        kinds: DrillKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        plan_kinds: IncidentKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        may_organise: service::may_organise(user.role),
        error,
        chrome: Chrome::signed_in(user, csrf),
    })
}

pub async fn list(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    Ok(render(&list_page(&state, user, csrf, None).await?)?.into_response())
}

pub async fn create(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let p = Plan {
        kind: field(&form, "kind"),
        title: field(&form, "title"),
        scenario: field(&form, "scenario"),
        plan_kind: field(&form, "plan_kind"),
        teams: field(&form, "teams"),
        grid_code: field(&form, "grid_code"),
        held_at: format!("{}T{}:00+08:00", field(&form, "held_day"), field(&form, "held_time")),
    };
    match service::create(&state, &user, p).await {
        Ok(id) => Ok(Redirect::to(&format!("/drills/{id}?done=created")).into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 403 => {
            let status = e.code.status();
            Ok((status, render(&list_page(&state, user, csrf, Some(e.detail)).await?)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "emergency/templates/drill.html")]
struct DetailPage {
    chrome: Chrome,
    d: DrillView,
    may_organise: bool,
    severities: Choices,
    roles: Choices,
    message: Option<&'static str>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn detail_page(state: &AppState, user: User, csrf: CsrfToken, id: i64) -> Result<DetailPage, ApiError> {
    Ok(DetailPage {
        d: load(state, &user, id).await?,
        may_organise: service::may_organise(user.role),
        severities: Severity::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        roles: Role::ALL.iter().filter(|r| r.is_staff()).map(|k| (k.as_str(), k.label())).collect(),
        message: None,
        error: None,
        chrome: Chrome::signed_in(user, csrf),
    })
}

pub async fn detail(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, crate::extract::ApiQuery(q): crate::extract::ApiQuery<DoneQuery>) -> Result<Response, PageError> {
    let mut page = detail_page(&state, user, csrf, id).await?;
    page.message = match q.done.as_deref() {
        Some("created") => Some("演练已登记。"),
        Some("timeline") => Some("已记入演练过程。"),
        Some("evaluated") => Some("演练评估已保存。"),
        Some("finding") => Some("发现的问题已登记,镇街指挥中心将据此完善预案。"),
        Some("applied") => Some("已写入应急预案,预案版本已更新。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

async fn after(state: &AppState, user: User, csrf: CsrfToken, id: i64, done: Result<(), ApiError>, what: &str) -> Result<Response, PageError> {
    after_form(done, &format!("/drills/{id}?done={what}"), |reason| async move {
        let mut page = detail_page(state, user, csrf, id).await?;
        page.error = Some(reason);
        Ok(page)
    })
    .await
}

pub async fn timeline(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let done = service::add_timeline(&state, &user, id, &field(&form, "text")).await;
    after(&state, user, csrf, id, done, "timeline").await
}

pub async fn evaluation(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let done = service::evaluate(&state, &user, id, &field(&form, "text")).await;
    after(&state, user, csrf, id, done, "evaluated").await
}

pub async fn play(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    match service::play(&state, &user, id, &field(&form, "severity")).await {
        Ok(incident) => Ok(Redirect::to(&format!("/incidents/{incident}?done=opened")).into_response()),
        Err(e) => after(&state, user, csrf, id, Err(e), "").await,
    }
}

pub async fn add_finding(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let f = Finding {
        finding: field(&form, "finding"),
        step_title: field(&form, "step_title"),
        owner_role: field(&form, "owner_role"),
        days: field(&form, "days").parse().ok(),
    };
    let done = service::add_finding(&state, &user, id, f).await.map(|_| ());
    after(&state, user, csrf, id, done, "finding").await
}

pub async fn apply(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path((id, finding)): Path<(i64, i64)>, CsrfForm(_): Form) -> Result<Response, PageError> {
    let done = service::apply(&state, &user, id, finding).await;
    after(&state, user, csrf, id, done, "applied").await
}

#[derive(Template)]
#[template(path = "emergency/templates/plans.html")]
struct PlansPage {
    chrome: Chrome,
    plans: Vec<PlanView>,
}

/// `GET /response-plans` and `/response-plans/{kind}` (the one asked for first).
pub async fn plans(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    plans_page(&state, user, csrf, None).await
}

pub async fn plan(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(kind): Path<String>) -> Result<Response, PageError> {
    plans_page(&state, user, csrf, Some(kind)).await
}

async fn plans_page(state: &AppState, user: User, csrf: CsrfToken, kind: Option<String>) -> Result<Response, PageError> {
    if !user.role.is_staff() {
        return Err(PageError(ApiError::forbidden("应急预案只对工作人员开放")));
    }
    let mut plans = plan_views(state).await?;
    if let Some(k) = kind {
        if !plans.iter().any(|p| p.kind == k) {
            return Err(PageError(ApiError::not_found("没有这类事件的预案")));
        }
        plans.sort_by_key(|p| p.kind != k);
    }
    Ok(render(&PlansPage { chrome: Chrome::signed_in(user, csrf), plans })?.into_response())
}
