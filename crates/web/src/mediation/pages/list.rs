//! The case list pages: the scoped list with filters, and the overdue list.

use crate::error::PageError;
use crate::extract::{ApiQuery, CsrfToken, PageUser};
use crate::mediation::commands::ListParams;
use crate::mediation::views::CaseSummary;
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;

#[derive(Template)]
#[template(path = "mediation/templates/list.html")]
struct ListPage {
    chrome: Chrome,
    title: &'static str,
    items: Vec<CaseSummary>,
    total: String,
    q: String,
    status: String,
    mine: bool,
    next: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Response, PageError> {
    let f = crate::mediation::commands::filter(&state, &user, &p).await?;
    let by_code = f.tracking_code.is_some();
    let list = crate::mediation::service::list_page(&state, &user, f).await?;
    let total = list.total_label();
    let page = list.page;
    // A tracking code read out on the phone opens its case straight away.
    if let ([only], true) = (page.items.as_slice(), by_code) {
        return Ok(Redirect::to(&format!("/mediation/{}", only.id)).into_response());
    }
    let next = page.next_cursor.map(|c| {
        format!(
            "/mediation?q={}&status={}&assignee={}&cursor={c}",
            p.q.as_deref().unwrap_or(""),
            p.status.as_deref().unwrap_or(""),
            p.assignee.as_deref().unwrap_or("")
        )
    });
    Ok(render(&ListPage {
        chrome: Chrome::signed_in(user, csrf),
        title: "矛盾纠纷",
        items: page.items,
        total,
        q: p.q.unwrap_or_default(),
        status: p.status.unwrap_or_default(),
        mine: p.assignee.as_deref() == Some("me"),
        next,
    })?
    .into_response())
}

pub async fn overdue(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    let p = ListParams {
        overdue: Some("true".into()),
        page_size: Some("200".into()),
        ..ListParams::default()
    };
    let f = crate::mediation::commands::filter(&state, &user, &p).await?;
    let list = crate::mediation::service::list_page(&state, &user, f).await?;
    let total = list.total_label();
    let mut page = list.page;
    page.items.sort_by_key(|c| c.due_at);
    Ok(render(&ListPage {
        chrome: Chrome::signed_in(user, csrf),
        title: "超期督办",
        items: page.items,
        total,
        q: String::new(),
        status: String::new(),
        mine: false,
        next: None,
    })?)
}
