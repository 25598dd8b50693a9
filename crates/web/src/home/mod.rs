//! The home page: who you are, where you work, and your four lists (四单).

use crate::area::{Area, Nav};
use crate::error::PageError;
use crate::extract::{CsrfToken, PageUser};
use crate::lists::{gather, own, ListItem, ListKind};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::{Extension, Router};

/// The home page: everyone's four lists.
pub const AREA: Area = Area {
    name: "home",
    label: "首页",
    routes: router,
    nav: &[Nav {
        href: "/",
        label: "首页",
        order: 0,
        shown_to: Nav::everyone,
    }],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home/templates/home.html")]
struct HomePage {
    chrome: Chrome,
    region_name: String,
    region_level: &'static str,
    is_staff: bool,
    lists: Vec<(&'static str, &'static str, &'static str, Vec<ListItem>)>,
    /// For the district's managers: each area's edited documents and the version in force.
    documents: Vec<(&'static str, &'static str, i64)>,
}

async fn home(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    let atlas = state.atlas();
    let region = atlas.get(&user.region_code);
    let mut lists = Vec::new();
    if user.role.is_staff() {
        for (kind, id, title, empty) in [
            (ListKind::Duty, "list-duty", "职责单", "暂无职责。"),
            (ListKind::Tasks, "list-tasks", "任务单", "暂无待办。"),
            (ListKind::Problems, "list-problems", "问题单", "暂无问题。"),
            (
                ListKind::Results,
                "list-results",
                "成效单",
                "近 30 天暂无成效记录。",
            ),
        ] {
            let items = match own(&user, kind) {
                Some(cx) => gather(&state, &cx).await?,
                None => Vec::new(),
            };
            lists.push((id, title, empty, items));
        }
    }
    let mut documents = Vec::new();
    if user.role.manages_district() {
        for area in state.areas() {
            for d in area.documents {
                let version = fengqiao_store::versioned::current(state.store.pool(), d.document)
                    .await?
                    .map_or(0, |(v, _)| v);
                documents.push((d.title, d.page, version));
            }
        }
    }
    let page = HomePage {
        documents,
        region_name: region
            .map(|r| r.name.clone())
            .unwrap_or_else(|| user.region_code.clone()),
        region_level: region.map_or("", |r| r.level.label()),
        is_staff: user.role.is_staff(),
        lists,
        chrome: Chrome::signed_in(user, csrf),
    };
    Ok(render(&page)?)
}
