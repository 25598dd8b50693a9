//! `/culture/boards`: the two boards for everyone and the form to report a deed; for staff,
//! the deeds of their area waiting to be verified or to have the people's consent recorded.

use super::api::{self, DeedView};
use super::service::{self, DeedBody};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, ClientIp, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_core::culture::Board;

use crate::culture::form::{field, Done, Form};

#[derive(Template)]
#[template(path = "culture/templates/boards.html")]
struct Page {
    chrome: Chrome,
    good: Vec<DeedView>,
    heroic: Vec<DeedView>,
    queue: Vec<DeedView>,
    boards: Vec<(&'static str, &'static str)>,
    grid: String,
    today: String,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn page(state: &AppState, user: Option<User>, csrf: CsrfToken, error: Option<String>) -> Result<Page, ApiError> {
    let queue = match &user {
        Some(u) if u.role.is_staff() => api::queue(state, u).await?.into_iter().filter(|d| d.state == "reported" || d.state == "verified").collect(),
        _ => Vec::new(),
    };
    Ok(Page {
        good: api::published(state, Some("good")).await?,
        heroic: api::published(state, Some("heroic")).await?,
        queue,
        boards: Board::ALL.iter().map(|b| (b.as_str(), b.label())).collect(),
        grid: user.as_ref().filter(|u| u.role == fengqiao_core::Role::GridWorker).map(|u| u.region_code.clone()).unwrap_or_default(),
        today: fengqiao_core::time::day(fengqiao_store::now_ms()),
        message: None,
        error,
        chrome: Chrome::of(user, csrf),
    })
}

/// `GET /culture/boards`.
pub async fn boards(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut p = page(&state, user.ok().map(|u| u.0), csrf, None).await?;
    p.message = match q.done.as_deref() {
        Some("reported") => Some("事迹已提交,核实并经本人同意后上榜。谢谢您!"),
        Some("verified") => Some("核实结果已记录。"),
        Some("consent") => Some("本人意见已记录;同意的已上榜。"),
        _ => None,
    };
    Ok(render(&p)?.into_response())
}

/// `POST /culture/boards`: report a deed (signed in or not).
pub async fn report(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, ClientIp(ip): ClientIp, CsrfForm(form): Form) -> Result<Response, PageError> {
    let user = user.ok().map(|u| u.0);
    let b = DeedBody { board: field(&form, "board"), title: field(&form, "title"), story: field(&form, "story"), people: field(&form, "people"), occurred_on: field(&form, "occurred_on"), grid_code: Some(field(&form, "grid_code")), address: Some(field(&form, "address")) };
    let done = api::report(&state, user.as_ref(), ip, b).await.map(|_| ());
    after_form(done, "/culture/boards?done=reported", |reason| async move { page(&state, user, csrf, Some(reason)).await }).await
}

/// `POST /culture/deeds/{id}/act`: verify (`do=verify|reject`) or record consent (`do=agree|decline`).
pub async fn act(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let note = field(&form, "note");
    let (done, tag) = match field(&form, "do").as_str() {
        "verify" => (service::verify(&state, &user, id, true, &note).await, "verified"),
        "reject" => (service::verify(&state, &user, id, false, &note).await, "verified"),
        "agree" => (service::consent(&state, &user, id, true, &note).await, "consent"),
        _ => (service::consent(&state, &user, id, false, &note).await, "consent"),
    };
    let to = format!("/culture/boards?done={tag}");
    after_form(done, &to, |reason| async move { page(&state, Some(user), csrf, Some(reason)).await }).await
}

#[derive(Template)]
#[template(path = "culture/templates/deed.html")]
struct DeedPage {
    chrome: Chrome,
    d: DeedView,
}

/// `GET /culture/deeds/{id}`: a deed on a board, for everyone (only published ones).
pub async fn one(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>) -> Result<Response, PageError> {
    let d = fengqiao_store::culture::deeds::get(state.store.pool(), id).await?.filter(|d| d.state == "published").ok_or_else(|| ApiError::not_found("没有这条上榜事迹"))?;
    let chrome = match user {
        Ok(PageUser(u)) => Chrome::signed_in(u, csrf),
        Err(_) => Chrome::anonymous(csrf),
    };
    Ok(render(&DeedPage { chrome, d: api::view(&state, d) })?.into_response())
}
