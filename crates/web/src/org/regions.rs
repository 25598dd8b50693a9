//! Regions through the API and the region browser page. Everything is looked up inside the
//! caller's scope in SQL, so a region elsewhere answers 404 as if it did not exist.

use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, ApiUser, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::{Extension, Json};
use fengqiao_core::region::Scope;
use fengqiao_core::{Level, RegionCode};
use fengqiao_store::regions::{self, ListQuery, RegionRow};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Serialize)]
pub struct ChildView {
    code: String,
    name: String,
    level: String,
}

/// A region with its children and the number of regions of each level below it.
#[derive(Serialize)]
pub struct RegionView {
    code: String,
    name: String,
    level: String,
    level_label: &'static str,
    parent_code: Option<String>,
    children: Vec<ChildView>,
    counts: Map<String, Value>,
    geometry: Option<Value>,
}

fn parse_code(code: &str) -> Result<RegionCode, ApiError> {
    code.parse()
        .map_err(|e: fengqiao_core::region::CodeError| ApiError::bad_request(e.to_string()))
}

fn not_found(code: &str) -> ApiError {
    ApiError::not_found(format!("区划 {code} 不存在或不在您的管辖范围内"))
}

/// Loads one region inside `scope`, with children and counts.
async fn region_view(state: &AppState, scope: &Scope, code: &str) -> Result<RegionView, ApiError> {
    let code = parse_code(code)?;
    let pool = state.store.pool();
    let row = regions::get_in_scope(pool, code.as_str(), scope.path())
        .await?
        .ok_or_else(|| not_found(code.as_str()))?;
    let children = regions::children(pool, &row.code).await?;
    let counts = regions::counts_below(pool, &row.path).await?;
    let level = row.level.parse::<Level>().map_err(ApiError::internal)?;
    Ok(RegionView {
        level_label: level.label(),
        children: children
            .into_iter()
            .map(|c| ChildView {
                code: c.code,
                name: c.name,
                level: c.level,
            })
            .collect(),
        counts: counts
            .into_iter()
            .map(|(l, n)| (l, Value::from(n)))
            .collect(),
        geometry: row
            .geometry
            .as_deref()
            .and_then(|g| serde_json::from_str(g).ok()),
        code: row.code,
        name: row.name,
        level: row.level,
        parent_code: row.parent_code,
    })
}

pub async fn api_get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
) -> Result<Json<RegionView>, ApiError> {
    let scope = user.staff_scope()?;
    Ok(Json(region_view(&state, &scope, &code).await?))
}

#[derive(Deserialize)]
pub struct ListParams {
    level: Option<String>,
    under: Option<String>,
    page_size: Option<String>,
    cursor: Option<String>,
}

#[derive(Serialize)]
pub struct ListItem {
    code: String,
    name: String,
    level: String,
    parent_code: Option<String>,
}

#[derive(Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub next_cursor: Option<String>,
}

/// Reads `page_size`: 1 to 500, 50 by default.
pub fn page_size(raw: Option<&str>) -> Result<i64, ApiError> {
    match raw {
        None | Some("") => Ok(50),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=500).contains(n))
            .ok_or_else(|| ApiError::bad_request("page_size 应为 1 到 500 之间的整数")),
    }
}

pub async fn api_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<Page<ListItem>>, ApiError> {
    let scope = user.staff_scope()?;
    let level = match p.level.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(l) => Some(
            l.parse::<Level>()
                .map_err(|e| ApiError::bad_request(e.to_string()))?,
        ),
    };
    let within = match p.under.as_deref().filter(|s| !s.is_empty()) {
        None => scope.path().to_owned(),
        Some(code) => {
            let code = parse_code(code)?;
            regions::get_in_scope(state.store.pool(), code.as_str(), scope.path())
                .await?
                .ok_or_else(|| not_found(code.as_str()))?
                .path
        }
    };
    let limit = page_size(p.page_size.as_deref())?;
    let after = match p.cursor.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(c) => Some(parse_code(c).map_err(|_| ApiError::bad_request("cursor 无效"))?),
    };
    let q = ListQuery {
        within_path: &within,
        level,
        after_code: after.as_ref().map(RegionCode::as_str),
        limit: limit + 1,
    };
    let (mut rows, total) = regions::list(state.store.pool(), &q).await?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.code.clone())
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|r: RegionRow| ListItem {
            code: r.code,
            name: r.name,
            level: r.level,
            parent_code: r.parent_code,
        })
        .collect();
    Ok(Json(Page {
        items,
        total,
        next_cursor,
    }))
}

#[derive(Template)]
#[template(path = "org/templates/region.html")]
struct RegionPage {
    chrome: Chrome,
    region: RegionView,
    crumbs: Vec<(String, String)>,
    counts: Vec<(&'static str, i64)>,
}

pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(code): Path<String>,
) -> Result<Html<String>, PageError> {
    let scope = user.staff_scope()?;
    let region = region_view(&state, &scope, &code).await?;
    let atlas = state.atlas();
    let mut crumbs = Vec::new();
    let mut cursor = region.parent_code.clone();
    while let Some(c) = cursor {
        match atlas.get(&c) {
            Some(r) if scope.contains_path(&r.path) => {
                crumbs.push((r.code.clone(), r.name.clone()));
                cursor = r.parent_code.clone();
            }
            _ => break,
        }
    }
    crumbs.reverse();
    let counts = Level::ALL
        .iter()
        .filter_map(|l| {
            region
                .counts
                .get(l.as_str())
                .and_then(Value::as_i64)
                .map(|n| (l.label(), n))
        })
        .collect();
    Ok(render(&RegionPage {
        chrome: Chrome::signed_in(user, csrf),
        region,
        crumbs,
        counts,
    })?)
}
