//! The home page: who you are, where you work, and your four lists (四单).

use crate::error::PageError;
use crate::extract::{CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::{Extension, Router};

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
}

async fn home(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    let atlas = state.atlas();
    let region = atlas.get(&user.region_code);
    let page = HomePage {
        region_name: region
            .map(|r| r.name.clone())
            .unwrap_or_else(|| user.region_code.clone()),
        region_level: region.map_or("", |r| r.level.label()),
        is_staff: user.role.is_staff(),
        chrome: Chrome::signed_in(user, csrf),
    };
    Ok(render(&page)?)
}
