//! Large-event pages: the applications the caller may see with a form to apply (or record an
//! organiser's application), and one application with the decision and report forms.

use super::api::{view, visible_list, EventView};
use super::service::{self, Application};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "prevention/templates/events.html")]
struct ListPage {
    chrome: Chrome,
    events: Vec<EventView>,
    error: Option<String>,
}

async fn list_page(state: &AppState, user: User, csrf: CsrfToken, error: Option<String>) -> Result<ListPage, ApiError> {
    Ok(ListPage {
        events: visible_list(state, &user).await?,
        error,
        chrome: Chrome::signed_in(user, csrf),
    })
}

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Response, PageError> {
    Ok(render(&list_page(&state, user, csrf, None).await?)?.into_response())
}

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

fn number<T: std::str::FromStr>(form: &HashMap<String, String>, key: &str, what: &str) -> Result<T, ApiError> {
    field(form, key).parse().map_err(|_| ApiError::bad_request(format!("请填写{what}(数字)")))
}

fn application(form: &HashMap<String, String>) -> Result<Application, ApiError> {
    Ok(Application {
        name: field(form, "name"),
        organiser: field(form, "organiser"),
        organiser_contact: field(form, "organiser_contact"),
        venue: field(form, "venue"),
        lon: number(form, "lon", "经度")?,
        lat: number(form, "lat", "纬度")?,
        crs: None,
        starts_at: format!("{}T{}:00+08:00", field(form, "start_day"), field(form, "start_time")),
        ends_at: format!("{}T{}:00+08:00", field(form, "end_day"), field(form, "end_time")),
        expected_people: number(form, "expected_people", "预计人数")?,
        venue_capacity: number(form, "venue_capacity", "场地容量")?,
        exits: number(form, "exits", "出口数")?,
        plan: field(form, "plan"),
    })
}

pub async fn apply(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let done = match application(&form) {
        Ok(a) => service::apply(&state, &user, a).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(id) => Ok(Redirect::to(&format!("/large-events/{id}?done=applied")).into_response()),
        Err(e) if e.code.status().is_client_error() => {
            let status = e.code.status();
            Ok((status, render(&list_page(&state, user, csrf, Some(e.detail)).await?)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "prevention/templates/event.html")]
struct DetailPage {
    chrome: Chrome,
    e: EventView,
    may_decide: bool,
    message: Option<&'static str>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn detail_page(state: &AppState, user: User, csrf: CsrfToken, id: i64) -> Result<DetailPage, ApiError> {
    let e = service::visible(state, &user, id).await?;
    Ok(DetailPage {
        may_decide: service::may_decide(user.role) && e.status == "accepted",
        e: view(state, e, false),
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
        Some("applied") => Some("申请已提交,处理结果见下方。"),
        Some("decided") => Some("决定已记录,主办方可以看到。"),
        Some("reported") => Some("活动情况已报告。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

async fn after(state: &AppState, user: User, csrf: CsrfToken, id: i64, done: Result<(), ApiError>, what: &str) -> Result<Response, PageError> {
    after_form(done, &format!("/large-events/{id}?done={what}"), |reason| async move {
        let mut page = detail_page(state, user, csrf, id).await?;
        page.error = Some(reason);
        Ok(page)
    })
    .await
}

pub async fn decide(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let approve = field(&form, "approve") == "yes";
    let done = service::decide(&state, &user, id, approve, &field(&form, "text")).await;
    after(&state, user, csrf, id, done, "decided").await
}

pub async fn report(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let done = service::report(&state, &user, id, &field(&form, "report")).await;
    after(&state, user, csrf, id, done, "reported").await
}
