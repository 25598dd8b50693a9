//! 考核: an indicator table per region of a level for a period, weighted by the coordinator,
//! ranked, and exported to .xlsx with one sheet per level. Areas contribute indicators through
//! [`IndicatorSource`]; this module only combines them.

mod api;
mod doc;
mod pages;
mod table;
mod weights;

pub use table::{table, table_of, team_table};
pub use weights::{default_weights, store_weights, weights};

use api::{api_table, api_weights, put_weights, xlsx};

use crate::area::{Area, Edited, Nav};
use crate::auth::User;
use crate::error::ApiError;
use crate::AppState;
use axum::routing::get;
use axum::Router;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::Level;
use fengqiao_store::assessment::WEIGHTS;
use fengqiao_store::{now_ms, BoxFuture, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// An indicator of the assessment table.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Indicator {
    pub code: &'static str,
    pub name: &'static str,
    pub higher_is_better: bool,
    /// A percentage (scored as is) rather than a count (scored against the worst region).
    pub percent: bool,
    /// Its weight until the coordinator sets others.
    pub default_weight: f64,
}

/// Every indicator of the areas served, in area order.
pub fn indicators(state: &AppState) -> Vec<Indicator> {
    state
        .areas()
        .iter()
        .flat_map(|a| a.indicators.iter().copied())
        .collect()
}

/// Values of some indicators for the regions asked, by indicator code then region code.
pub type Values = HashMap<&'static str, HashMap<String, f64>>;

/// An area's contribution to the assessment.
pub trait IndicatorSource: Send + Sync {
    fn values<'a>(
        &'a self,
        state: &'a AppState,
        regions: &'a [&'a AtlasRegion],
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<Values, StoreError>>;
}

/// The rows inside a region's subtree, out of rows sorted by their path with [`sort_by_path`]:
/// a subtree is one run of such rows, found by two binary searches, so summing thousands of
/// regions over thousands of grids' rows stays close to linear.
pub fn within<'r, T>(rows: &'r [T], path: &str, key: impl Fn(&T) -> &str) -> &'r [T] {
    let (lo, hi) = fengqiao_core::region::path_bounds(path);
    let start = rows.partition_point(|r| key(r) < lo.as_str());
    let end = rows.partition_point(|r| key(r) < hi.as_str());
    rows.get(start..end.max(start)).unwrap_or_default()
}

/// The narrowest path holding every region asked: where the areas' queries look, so that a
/// district's table reads the district's rows however many districts the database holds.
pub fn common_scope(regions: &[&AtlasRegion]) -> String {
    common_path(regions.iter().map(|r| r.path.as_str()))
}

fn common_path<'p>(mut paths: impl Iterator<Item = &'p str>) -> String {
    let Some(first) = paths.next() else {
        return "/".into();
    };
    let mut keep = first.len();
    for p in paths {
        keep = first
            .bytes()
            .zip(p.bytes())
            .take(keep)
            .take_while(|(a, b)| a == b)
            .count();
    }
    // Cut back to the last whole segment ("/610302/6103020" → "/610302/").
    match first.get(..keep).and_then(|s| s.rfind('/')) {
        Some(end) => first[..=end].to_owned(),
        None => "/".into(),
    }
}

/// Sorts rows by their path, for [`within`].
pub fn sort_by_path<T>(rows: &mut [T], key: impl Fn(&T) -> &str) {
    rows.sort_unstable_by(|a, b| key(a).cmp(key(b)));
}

/// One region's line.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub rank: usize,
    pub region_code: String,
    pub region_name: String,
    pub values: BTreeMap<&'static str, Option<f64>>,
    pub score: f64,
}

/// The table for one level.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub level: Level,
    pub level_label: &'static str,
    pub from: i64,
    pub to: i64,
    pub weights_version: i64,
    pub weights: BTreeMap<String, f64>,
    pub indicators: Vec<Indicator>,
    pub rows: Vec<Row>,
}

#[derive(Deserialize, Default)]
pub struct Params {
    pub level: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The period asked (default: the last 90 days) and the caller's subtree.
pub fn period(user: &User, p: &Params) -> Result<(String, i64, i64), ApiError> {
    let scope = user.staff_scope()?;
    let to =
        p.to.as_deref()
            .filter(|s| !s.is_empty())
            .map(crate::extract::day)
            .transpose()?
            .map_or(now_ms() + 86_400_000, |t| t + 86_400_000);
    let from = p
        .from
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(crate::extract::day)
        .transpose()?
        .unwrap_or(to - 91 * 86_400_000);
    if from >= to {
        return Err(ApiError::bad_request("from 应早于 to"));
    }
    Ok((scope.path().to_owned(), from, to))
}

/// `level=town|community|grid`, or `team` (None) for the teams' table.
pub fn level_of(p: &Params) -> Result<Option<Level>, ApiError> {
    match p
        .level
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("town")
    {
        "team" => Ok(None),
        l @ ("town" | "community" | "grid") => l
            .parse()
            .map(Some)
            .map_err(|_| ApiError::bad_request("level 无效")),
        other => Err(ApiError::bad_request(format!(
            "level 应为 town、community、grid 或 team,而不是「{other}」"
        ))),
    }
}

/// The assessment table; its indicators come from the other areas.
pub const AREA: Area = Area {
    name: "assessment",
    label: "考核",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[Nav {
        href: "/assessment",
        label: "考核",
        order: 30,
        shown_to: Nav::staff,
    }],
    documents: &[Edited {
        document: WEIGHTS,
        title: "考核权重",
        page: "/assessment",
    }],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/assessment", get(api_table))
        .route(
            "/api/v1/assessment/weights",
            get(api_weights).put(put_weights),
        )
        .route("/assessment.xlsx", get(xlsx))
        .route("/assessment", get(pages::page).post(pages::save_weights))
}

#[cfg(test)]
mod scope_tests {
    use super::*;

    #[test]
    fn the_common_scope_is_the_narrowest_whole_path_above_every_region() {
        let paths = ["/610302/610302001/610302001001/", "/610302/610302002/"];
        assert_eq!(common_path(paths.into_iter()), "/610302/");
        let one = ["/610302/610302001/"];
        assert_eq!(common_path(one.into_iter()), "/610302/610302001/");
        let siblings = ["/610302/6103020011/", "/610302/6103020012/"];
        assert_eq!(common_path(siblings.into_iter()), "/610302/");
        assert_eq!(common_path(["/610302/", "/610303/"].into_iter()), "/");
        assert_eq!(common_path(std::iter::empty()), "/");
    }

    #[test]
    fn within_finds_a_subtree_among_sorted_rows() {
        let mut rows = vec!["/6103021/", "/610302/2/", "/610302/1/", "/610303/"];
        sort_by_path(&mut rows, |p| p);
        assert_eq!(within(&rows, "/610302/", |p| p), ["/610302/1/", "/610302/2/"]);
        assert!(within(&rows, "/610304/", |p| p).is_empty());
    }
}
