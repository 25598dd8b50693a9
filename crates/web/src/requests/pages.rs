//! Request pages for staff: the list in scope (mine, open, all) and one request with its
//! timeline and the accept / finish forms.

use super::api::{list_for, read, Detail, ListParams, RequestView};
use super::service::{self, Step};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "requests/templates/list.html")]
struct ListPage {
    chrome: Chrome,
    items: Vec<RequestView>,
    q: String,
    status: String,
    mine: bool,
    next: Option<i64>,
}

impl ListPage {
    fn day(&self, ms: &i64) -> String {
        fengqiao_core::time::day(*ms)
    }
}

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Response, PageError> {
    let answer = list_for(&state, &user, &p).await?;
    // A tracking code read out on the phone opens its request straight away.
    if let [only] = answer.items.as_slice() {
        if p.q.as_deref().and_then(fengqiao_core::ids::tracking::in_query).is_some() {
            return Ok(Redirect::to(&format!("/requests/{}", only.id)).into_response());
        }
    }
    Ok(render(&ListPage {
        chrome: Chrome::signed_in(user, csrf),
        items: answer.items,
        q: p.q.unwrap_or_default(),
        status: p.status.unwrap_or_default(),
        mine: p.mine.unwrap_or(false),
        next: answer.next_before,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "requests/templates/detail.html")]
struct DetailPage {
    chrome: Chrome,
    d: Detail,
    may_act: bool,
    error: Option<String>,
    /// What the last step did, after its redirect.
    message: Option<&'static str>,
    /// The request's grid by name.
    grid_name: String,
}

fn grid_name(state: &AppState, code: &str) -> String {
    state
        .atlas()
        .get(code)
        .map_or_else(|| code.to_owned(), |g| g.name.clone())
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

impl DetailPage {
    /// How the request came in, in words.
    fn channel_label(&self) -> &'static str {
        match self.d.request.channel.as_str() {
            "portal" => "居民反映",
            "open311" => "外部系统(Open311)",
            _ => "工作人员登记",
        }
    }

    fn day(&self, ms: &i64) -> String {
        fengqiao_core::time::iso(*ms)
            .replace('T', " ")
            .chars()
            .take(16)
            .collect()
    }
}

pub async fn detail(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<DoneQuery>,
) -> Result<Response, PageError> {
    let d = read(&state, &user, id).await?;
    let may_act =
        d.request.status != "done" && crate::mediation::service::actor_level(user.role) >= 1;
    let message = match q.done.as_deref() {
        Some("accept") => Some("已受理,反映人查询时会看到“办理中”。"),
        Some("done") => Some("已办结,答复已写入,反映人查询时可以看到并评价。"),
        _ => None,
    };
    Ok(render(&DetailPage {
        grid_name: grid_name(&state, &d.request.grid_code),
        chrome: Chrome::signed_in(user, csrf),
        d,
        may_act,
        error: None,
        message,
    })?
    .into_response())
}

pub async fn act(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path((id, step)): Path<(i64, String)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let step = Step::parse(&step).ok_or_else(|| ApiError::not_found("没有这个操作"))?;
    let reply = form.get("reply").cloned().unwrap_or_default();
    match service::act(&state, &user, id, step, reply).await {
        Ok(_) => Ok(Redirect::to(&format!("/requests/{id}?done={}", step.as_str())).into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 404 => {
            let status = e.code.status();
            let d = read(&state, &user, id).await?;
            let page = DetailPage {
                grid_name: grid_name(&state, &d.request.grid_code),
                may_act: d.request.status != "done",
                chrome: Chrome::signed_in(user, csrf),
                d,
                error: Some(e.detail),
                message: None,
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
