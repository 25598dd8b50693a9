//! 一个搜索框: one search box for staff across every area — disputes, hazards and needs, teams,
//! regions — each area answering through a [`SearchSource`] in the caller's scope. Hits are
//! ranked by how often the query's words occur (title counting most), then by recency, and
//! shown with the words highlighted.

mod doc;
mod highlight;
pub mod words;

use crate::area::{Area, Nav};
use crate::auth::User;
use crate::error::ApiError;
use crate::extract::{ApiQuery, ApiUser, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use fengqiao_core::region::Scope;
use fengqiao_store::{BoxFuture, StoreError};
use serde::{Deserialize, Serialize};

pub use highlight::{highlight, snippet};

/// What a search asks every area.
pub struct SearchContext<'a> {
    pub user: &'a User,
    pub scope: Scope,
    /// The query as typed, trimmed.
    pub query: String,
    /// The query's words as the full-text index stores them, space-separated.
    pub tokens: String,
    pub limit: i64,
}

/// One thing found.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The area, e.g. 矛盾调解.
    pub area: &'static str,
    pub title: String,
    /// Plain text the words were found in; shortened around the first match for display.
    pub text: String,
    pub href: String,
    /// When the record last changed, for ordering equal scores.
    pub at: Option<i64>,
    /// Its state in words (调解中, 已办结 …), when it has one.
    pub status: Option<String>,
    /// Where it is, by name.
    pub place: Option<String>,
    /// Red or orange when the record is at high risk, to flag it.
    pub risk: Option<fengqiao_core::RiskLevel>,
}

impl Hit {
    /// A hit with only the essentials; areas add status, place and risk where they have them.
    pub fn new(area: &'static str, title: String, text: String, href: String, at: Option<i64>) -> Hit {
        Hit {
            area,
            title,
            text,
            href,
            at,
            status: None,
            place: None,
            risk: None,
        }
    }
}

/// An area's answer to the search box.
pub trait SearchSource: Send + Sync {
    fn hits<'a>(
        &'a self,
        state: &'a AppState,
        cx: &'a SearchContext<'a>,
    ) -> BoxFuture<'a, Result<Vec<Hit>, StoreError>>;
}

/// A hit as shown: highlighted HTML (escaped, with `<mark>`) and its score.
#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub area: &'static str,
    pub title: String,
    pub href: String,
    pub score: u32,
    pub title_html: String,
    pub snippet_html: String,
    pub at: Option<i64>,
    /// The day it last changed, `2026-11-27`.
    pub day: String,
    pub status: Option<String>,
    pub place: Option<String>,
    /// `red` or `orange` for the flag; nothing for lower risk.
    pub flag: Option<&'static str>,
    /// Other hits whose text is nearly the same (the same report sent again), folded in.
    pub similar: Vec<SimilarHit>,
}

/// A folded near-duplicate: where to open it.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarHit {
    pub title: String,
    pub href: String,
}

/// What makes two texts "nearly the same": their first 40 letters and digits.
fn gist(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).take(40).collect()
}

/// Folds hits of the same area with the same gist into the best-ranked one.
fn fold_similar(ranked: Vec<(Ranked, String)>) -> Vec<Ranked> {
    let mut out: Vec<Ranked> = Vec::new();
    let mut seen: std::collections::HashMap<(&'static str, String), usize> = Default::default();
    for (r, gist) in ranked {
        if gist.chars().count() >= 8 {
            if let Some(&i) = seen.get(&(r.area, gist.clone())) {
                out[i].similar.push(SimilarHit {
                    title: r.title,
                    href: r.href,
                });
                continue;
            }
            seen.insert((r.area, gist), out.len());
        }
        out.push(r);
    }
    out
}

fn score(terms: &[String], hit: &Hit) -> u32 {
    let count = |text: &str, t: &str| u32::try_from(text.matches(t).count()).unwrap_or(u32::MAX);
    terms
        .iter()
        .map(|t| {
            count(&hit.title, t)
                .saturating_mul(3)
                .saturating_add(count(&hit.text, t))
        })
        .sum()
}

/// Runs every area's search and ranks the hits together.
pub async fn search(state: &AppState, user: &User, q: &str) -> Result<Vec<Ranked>, ApiError> {
    let scope = user.staff_scope()?;
    let query: String = q.trim().chars().take(100).collect();
    let tokens = fengqiao_core::text::search_tokens(&query);
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    let mut terms: Vec<String> = fengqiao_core::text::words(&query)
        .into_iter()
        .map(str::to_lowercase)
        .collect();
    terms.sort();
    terms.dedup();
    let cx = SearchContext {
        user,
        scope,
        query,
        tokens,
        limit: 50,
    };
    // The areas are asked side by side, each on a reader of its own: one after another, each
    // waited its turn for a reader and for a worker thread, and under load search was the
    // slowest route by those waits.
    let sources = state.search_sources();
    let answers =
        futures_util::future::try_join_all(sources.iter().map(|s| s.hits(state, &cx))).await?;
    let all: Vec<Hit> = answers.into_iter().flatten().collect();
    let mut ranked: Vec<(Ranked, String)> = all
        .into_iter()
        .map(|h| {
            let gist = gist(&h.text);
            let flag = match h.risk {
                Some(fengqiao_core::RiskLevel::Red) => Some("red"),
                Some(fengqiao_core::RiskLevel::Orange) => Some("orange"),
                _ => None,
            };
            let r = Ranked {
                score: score(&terms, &h),
                title_html: highlight(&h.title, &terms),
                snippet_html: highlight(&snippet(&h.text, &terms, 60), &terms),
                area: h.area,
                title: h.title,
                href: h.href,
                day: h.at.map(fengqiao_core::time::day).unwrap_or_default(),
                at: h.at,
                status: h.status,
                place: h.place,
                flag,
                similar: Vec::new(),
            };
            (r, gist)
        })
        .collect();
    ranked.sort_by(|(a, _), (b, _)| b.score.cmp(&a.score).then(b.at.cmp(&a.at)));
    let mut ranked = fold_similar(ranked);
    ranked.truncate(100);
    // Who searched for what and how much it showed: the words may be a resident's name.
    let detail = format!("「{}」{} 条", cx.query, ranked.len());
    state
        .store
        .read_audited(&user.username, "search.query", "search", "*", &detail)
        .await?;
    Ok(ranked)
}

#[derive(Deserialize, Default)]
pub struct SearchParams {
    pub q: Option<String>,
}

#[derive(Serialize)]
pub struct SearchAnswer {
    pub q: String,
    pub hits: Vec<Ranked>,
}

async fn api(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let q = p.q.unwrap_or_default();
    if q.trim().is_empty() {
        return Err(ApiError::bad_request("缺少搜索词 q"));
    }
    let hits = search(&state, &user, &q).await?;
    Ok(Json(SearchAnswer { q, hits }))
}

#[derive(Template)]
#[template(path = "search/templates/search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    hits: Vec<Ranked>,
    searched: bool,
}

async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Response, crate::error::PageError> {
    let q = p.q.unwrap_or_default();
    let searched = !q.trim().is_empty();
    let hits = if searched {
        search(&state, &user, &q).await?
    } else {
        Vec::new()
    };
    // A tracking code opens its case or request straight away.
    if let [only] = hits.as_slice() {
        if fengqiao_core::ids::tracking::in_query(&q).is_some() {
            return Ok(axum::response::Redirect::to(&only.href).into_response());
        }
    }
    Ok(render(&SearchPage {
        chrome: Chrome::signed_in(user, csrf),
        q,
        hits,
        searched,
    })?
    .into_response())
}

/// One search box over every area.
pub const AREA: Area = Area {
    name: "search",
    label: "搜索",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[Nav {
        href: "/search",
        label: "搜索",
        order: 70,
        shown_to: Nav::staff,
    }],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/search", get(api))
        .route("/search", get(page))
}

/// Regions whose names contain the query: the org area's answer, from the in-memory atlas.
pub struct RegionSearch;

impl SearchSource for RegionSearch {
    fn hits<'a>(
        &'a self,
        state: &'a AppState,
        cx: &'a SearchContext<'a>,
    ) -> BoxFuture<'a, Result<Vec<Hit>, StoreError>> {
        Box::pin(async move {
            let atlas = state.atlas();
            Ok(atlas
                .regions()
                .iter()
                .filter(|r| {
                    r.path.starts_with(cx.scope.path()) && r.name.contains(cx.query.as_str())
                })
                .take(20)
                .map(|r| Hit {
                    status: None,
                    place: None,
                    risk: None,
                    area: "区划",
                    title: r.name.clone(),
                    text: format!("{} · {}", r.level.label(), r.code),
                    href: format!("/regions/{}", r.code),
                    at: None,
                })
                .collect())
        })
    }
}
