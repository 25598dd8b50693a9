//! `/culture/rules`: the gallery for everyone, the form to submit one's household's rules; for
//! the community's staff the submissions to review, "hung at home", the households and the
//! coverage; `/culture/rules/{id}`: one published text.

use super::api::{self, Coverage, RuleView};
use super::service::{self, RuleBody};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_core::culture::RuleKind;
use fengqiao_core::Role;

use crate::culture::form::{field, Done, Form};

#[derive(Template)]
#[template(path = "culture/templates/rules.html")]
struct Page {
    chrome: Chrome,
    gallery: Vec<RuleView>,
    mine: Vec<RuleView>,
    reviewer: bool,
    coverage: Vec<Coverage>,
    kinds: Vec<(&'static str, &'static str)>,
    signed_in: bool,
    /// The community whose households a community staff member keeps: (code, name).
    community: Option<(String, String)>,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn page(state: &AppState, user: Option<User>, csrf: CsrfToken, error: Option<String>) -> Result<Page, ApiError> {
    let reviewer = user.as_ref().is_some_and(|u| matches!(u.role, Role::CommunityStaff | Role::GridWorker));
    let mine = match &user {
        Some(u) => api::queue_for(state, u).await?,
        None => Vec::new(),
    };
    let coverage = match &user {
        Some(u) if u.role.is_staff() => api::coverage_of(state, u).await?,
        _ => Vec::new(),
    };
    let kinds = RuleKind::ALL.iter().filter(|k| reviewer || **k == RuleKind::Family).map(|k| (k.as_str(), k.label())).collect();
    Ok(Page {
        gallery: api::gallery_of(state, None).await?,
        mine,
        reviewer,
        coverage,
        kinds,
        signed_in: user.is_some(),
        community: user.as_ref().filter(|u| u.role == Role::CommunityStaff).map(|u| (u.region_code.clone(), state.atlas().get(&u.region_code).map_or_else(String::new, |r| r.name.clone()))),
        message: None,
        error,
        chrome: Chrome::of(user, csrf),
    })
}

/// `GET /culture/rules`.
pub async fn home(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut p = page(&state, user.ok().map(|u| u.0), csrf, None).await?;
    p.message = match q.done.as_deref() {
        Some("submitted") => Some("已提交,社区审核后进入展示。"),
        Some("reviewed") => Some("审核意见已记录。"),
        Some("hung") => Some("已登记悬挂。"),
        Some("households") => Some("户数已更新。"),
        _ => None,
    };
    Ok(render(&p)?.into_response())
}

/// `POST /culture/rules`: every form of the page, told apart by `do`.
pub async fn act(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let num = |k: &str| field(&form, k).parse::<i64>().unwrap_or(0);
    let (done, tag) = match field(&form, "do").as_str() {
        "submit" => (service::submit(&state, &user, RuleBody { kind: field(&form, "kind"), household: field(&form, "household"), text: field(&form, "text"), grid_code: None }).await.map(|_| ()), "submitted"),
        "publish" | "return" => (service::review(&state, &user, num("rule_id"), field(&form, "do") == "publish", &field(&form, "note")).await, "reviewed"),
        "hung" => (service::hung(&state, &user, num("rule_id")).await, "hung"),
        _ => (service::households(&state, &user, &field(&form, "community"), num("households")).await, "households"),
    };
    let to = format!("/culture/rules?done={tag}");
    after_form(done, &to, |reason| async move { page(&state, Some(user), csrf, Some(reason)).await }).await
}

#[derive(Template)]
#[template(path = "culture/templates/rule.html")]
struct OnePage {
    chrome: Chrome,
    r: RuleView,
}

/// `GET /culture/rules/{id}`: a published text.
pub async fn one(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>) -> Result<Response, PageError> {
    let r = fengqiao_store::culture::rules::get(state.store.pool(), id).await?.filter(|r| r.state == "published").ok_or_else(|| ApiError::not_found("没有这份家规家训"))?;
    let chrome = match user {
        Ok(PageUser(u)) => Chrome::signed_in(u, csrf),
        Err(_) => Chrome::anonymous(csrf),
    };
    Ok(render(&OnePage { chrome, r: api::view(&state, r) })?.into_response())
}
