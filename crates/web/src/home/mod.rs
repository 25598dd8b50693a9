//! The home page: for staff, who you are, where you work, and your four lists (四单); for a
//! visitor who is not signed in, the residents' front page.

use crate::area::{Area, Nav};
use crate::error::PageError;
use crate::extract::{unread, CsrfToken, PageUserUncounted};
use crate::auth::User;
use crate::lists::{gather_all, own, ListItem, ListKind};
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
    lists: Vec<OwnList>,
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
    user: Result<PageUserUncounted, PageError>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    let mut user = match user {
        Ok(PageUserUncounted(u)) => u,
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
    // The four lists, the documents' versions and the menu's unread count side by side.
    let (lists, documents, unread) = tokio::try_join!(
        own_lists(&state, &user),
        documents(&state, &user),
        unread(&state, &user)
    )?;
    user.unread = unread;
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

/// A staff member's four lists (四单), each with its title and what it says when empty.
type OwnList = (&'static str, &'static str, &'static str, Vec<ListItem>);

/// A staff member's four lists, gathered together; nothing for a resident.
async fn own_lists(state: &AppState, user: &User) -> Result<Vec<OwnList>, PageError> {
    if !user.role.is_staff() {
        return Ok(Vec::new());
    }
    let kinds = [
        (ListKind::Duty, "duty"),
        (ListKind::Tasks, "tasks"),
        (ListKind::Problems, "problems"),
        (ListKind::Results, "results"),
    ];
    // `own` answers for every kind or, for a staff member without a scope, for none.
    let asked: Option<Vec<_>> = kinds.iter().map(|(kind, _)| own(user, *kind)).collect();
    let gathered = match asked {
        Some(asked) => gather_all(state, &asked).await?,
        None => Vec::new(),
    };
    let mut gathered = gathered.into_iter();
    Ok(kinds
        .into_iter()
        .map(|(kind, id)| {
            let (title, empty) = crate::lists::names(kind);
            (id, title, empty, gathered.next().unwrap_or_default())
        })
        .collect())
}

/// For the district's managers: each area's edited documents and the version in force.
async fn documents(
    state: &AppState,
    user: &User,
) -> Result<Vec<(&'static str, &'static str, i64)>, PageError> {
    if !user.role.manages_district() {
        return Ok(Vec::new());
    }
    let edited: Vec<_> = state.areas().iter().flat_map(|a| a.documents).collect();
    let docs: Vec<_> = edited.iter().map(|d| d.document).collect();
    let versions = fengqiao_store::versioned::newest(state.store.pool(), &docs).await?;
    Ok(edited
        .iter()
        .zip(versions)
        .map(|(d, v)| (d.title, d.page, v))
        .collect())
}
