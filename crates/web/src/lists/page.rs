//! One of the four lists in full: what the home page's card counts, every item of it.

use super::{gather, own, ListItem, ListKind};
use crate::error::{ApiError, PageError};
use crate::extract::{CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::Extension;

#[derive(Template)]
#[template(path = "lists/templates/list.html")]
struct ListPage {
    chrome: Chrome,
    title: &'static str,
    empty: &'static str,
    items: Vec<ListItem>,
}

/// The names of a list: its title and what an empty one says.
pub fn names(kind: ListKind) -> (&'static str, &'static str) {
    match kind {
        ListKind::Duty => ("职责单", "暂无职责。"),
        ListKind::Tasks => ("任务单", "暂无待办。"),
        ListKind::Problems => ("问题单", "暂无问题。"),
        ListKind::Results => ("成效单", "近 30 天暂无成效记录。"),
    }
}

pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(kind): Path<String>,
) -> Result<Html<String>, PageError> {
    let kind = ListKind::parse(&kind)
        .ok_or_else(|| ApiError::not_found(format!("没有「{kind}」这张清单")))?;
    let cx = own(&user, kind).ok_or_else(|| ApiError::forbidden("此功能仅限工作人员使用"))?;
    let items = gather(&state, &cx).await?;
    let (title, empty) = names(kind);
    Ok(render(&ListPage {
        chrome: Chrome::signed_in(user, csrf),
        title,
        empty,
        items,
    })?)
}
