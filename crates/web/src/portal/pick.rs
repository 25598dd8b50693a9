//! Picking a place on the map without a location fix: the district's streets and towns as a
//! list, then the grids of one as a small server-drawn map whose every grid links back to the
//! report form with its code. No script and no map tiles, so it stays light on a slow network.

use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfToken};
use crate::map::{render_layer, Fills};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::Extension;
use fengqiao_core::Level;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "portal/templates/pick.html")]
struct PickPage {
    chrome: Chrome,
    name: String,
    parent: Option<String>,
    children: Vec<(String, String)>,
    svg: Option<String>,
}

#[derive(Deserialize)]
pub struct PickQuery {
    region: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(q): ApiQuery<PickQuery>,
) -> Result<Html<String>, PageError> {
    let atlas = state.atlas();
    let region = match q.region.as_deref().filter(|s| !s.is_empty()) {
        Some(code) => atlas
            .get(code)
            .filter(|r| r.level <= Level::Community)
            .ok_or_else(|| ApiError::not_found("没有这个街道、镇或社区"))?,
        None => atlas
            .regions()
            .iter()
            .find(|r| r.level == Level::District)
            .ok_or_else(|| ApiError::not_found("尚未导入区划"))?,
    };
    let children = atlas
        .regions()
        .iter()
        .filter(|r| r.parent_code.as_deref() == Some(region.code.as_str()))
        .filter(|r| r.level <= Level::Community)
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    let svg = (region.level >= Level::Town).then(|| {
        render_layer(
            &atlas,
            region,
            &Fills {
                by_code: HashMap::new(),
                area: "#e8f0fe",
                point: "#ffffff",
                legend: vec![("#e8f0fe", "点击所在网格".to_owned())],
                link: "/report?grid_code=",
            },
        )
    });
    Ok(render(&PickPage {
        chrome: Chrome::anonymous(csrf),
        name: region.name.clone(),
        parent: region
            .parent_code
            .clone()
            .filter(|_| region.level > Level::Town),
        children,
        svg,
    })?)
}
