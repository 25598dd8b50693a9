//! The home page: for staff, who you are, where you work, and your four lists (四单); for a
//! visitor who is not signed in, the residents' front page.

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
    /// For a resident: what they reported, newest first.
    mine: Vec<crate::portal::track::Tracked>,
}

impl HomePage {
    fn day(&self, ms: &i64) -> String {
        fengqiao_core::time::day(*ms)
    }
}

#[derive(Template)]
#[template(path = "home/templates/welcome.html")]
struct WelcomePage {
    chrome: Chrome,
    hotline: String,
    /// Each desk's words on what happens next and how long it takes.
    promises: Vec<String>,
}

/// The residents' front page: report, track, what happens next, the hotline.
async fn welcome(state: &AppState, csrf: CsrfToken) -> Result<Html<String>, PageError> {
    let mut promises = Vec::new();
    for desk in crate::portal::desks(state) {
        promises.extend(desk.promise(state).await?);
    }
    Ok(render(&WelcomePage {
        chrome: Chrome::anonymous(csrf),
        hotline: state.config.hotline.clone(),
        promises,
    })?)
}

async fn home(
    State(state): State<AppState>,
    user: Result<PageUser, PageError>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    let user = match user {
        Ok(PageUser(u)) => u,
        Err(PageError(e))
            if matches!(
                e.code,
                crate::error::Code::Unauthorized | crate::error::Code::SessionExpired
            ) =>
        {
            return welcome(&state, csrf).await
        }
        Err(e) => return Err(e),
    };
    let atlas = state.atlas();
    let region = atlas.get(&user.region_code);
    let mut lists = Vec::new();
    if user.role.is_staff() {
        // The four lists side by side, as each list's areas are.
        let kinds = [
            (ListKind::Duty, "duty"),
            (ListKind::Tasks, "tasks"),
            (ListKind::Problems, "problems"),
            (ListKind::Results, "results"),
        ];
        let gathered = futures_util::future::try_join_all(kinds.iter().map(|(kind, _)| {
            let (state, user) = (&state, &user);
            async move {
                match own(user, *kind) {
                    Some(cx) => gather(state, &cx).await,
                    None => Ok(Vec::new()),
                }
            }
        }))
        .await?;
        for ((kind, id), items) in kinds.into_iter().zip(gathered) {
            let (title, empty) = crate::lists::names(kind);
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
    let mine = match user.role.is_staff() {
        true => Vec::new(),
        false => crate::portal::reported_by(&state, &user.username).await?,
    };
    let page = HomePage {
        mine,
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
