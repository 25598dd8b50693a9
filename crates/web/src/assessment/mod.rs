//! 考核: an indicator table per region of a level for a period, weighted by the coordinator,
//! ranked, and exported to .xlsx with one sheet per level. Areas contribute indicators through
//! [`IndicatorSource`]; this module only combines them.

mod doc;
mod pages;

use crate::area::{Area, Edited, Nav};
use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use fengqiao_core::geo::{Atlas, AtlasRegion};
use fengqiao_core::Level;
use fengqiao_store::assessment::WEIGHTS;
use fengqiao_store::{now_ms, BoxFuture, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
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

/// The default weights: each indicator's own.
pub fn default_weights(state: &AppState) -> BTreeMap<String, f64> {
    indicators(state)
        .into_iter()
        .map(|i| (i.code.to_owned(), i.default_weight))
        .collect()
}

pub async fn weights(state: &AppState) -> Result<(i64, BTreeMap<String, f64>), StoreError> {
    match fengqiao_store::versioned::current(state.store.pool(), WEIGHTS).await? {
        Some((v, body)) => Ok((
            v,
            serde_json::from_str(&body).map_err(|e| StoreError::Invalid(e.to_string()))?,
        )),
        None => Ok((0, default_weights(state))),
    }
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

fn regions_at<'a>(atlas: &'a Atlas, level: Level, within: &str) -> Vec<&'a AtlasRegion> {
    atlas
        .regions()
        .iter()
        .filter(|r| r.level == level && r.path.starts_with(within))
        .collect()
}

/// Builds the ranked table of a level inside a subtree.
pub async fn table(
    state: &AppState,
    level: Level,
    within: &str,
    from: i64,
    to: i64,
) -> Result<Table, StoreError> {
    let atlas = state.atlas();
    let regions = regions_at(&atlas, level, within);
    let subjects: Vec<(String, String, &AtlasRegion)> = regions
        .iter()
        .map(|r| (r.code.clone(), r.name.clone(), *r))
        .collect();
    ranked(state, level, &regions, subjects, from, to).await
}

/// The table of teams inside a subtree: each team carries the figures of the region it is
/// bound to (teams have no activity records of their own yet), ranked among teams.
pub async fn team_table(
    state: &AppState,
    within: &str,
    from: i64,
    to: i64,
) -> Result<Table, StoreError> {
    let atlas = state.atlas();
    let teams = fengqiao_store::forces::teams(state.store.pool(), within, None).await?;
    let mut regions: Vec<&AtlasRegion> = Vec::new();
    let mut subjects = Vec::new();
    for t in &teams {
        let Some(r) = atlas.get(&t.region_code) else {
            continue;
        };
        if !regions.iter().any(|x| x.code == r.code) {
            regions.push(r);
        }
        subjects.push((
            format!("team:{}", t.id),
            format!("{}({} 人)", t.name, t.members),
            r,
        ));
    }
    let mut t = ranked(state, Level::Grid, &regions, subjects, from, to).await?;
    t.level_label = "队伍";
    Ok(t)
}

async fn ranked(
    state: &AppState,
    level: Level,
    regions: &[&AtlasRegion],
    subjects: Vec<(String, String, &AtlasRegion)>,
    from: i64,
    to: i64,
) -> Result<Table, StoreError> {
    let mut values: Values = HashMap::new();
    for source in state.indicator_sources() {
        values.extend(source.values(state, regions, from, to).await?);
    }
    let (weights_version, weights) = weights(state).await?;
    let indicators = indicators(state);
    let worst: HashMap<&str, f64> = indicators
        .iter()
        .filter(|i| !i.percent)
        .map(|i| {
            (
                i.code,
                values
                    .get(i.code)
                    .map_or(0.0, |m| m.values().copied().fold(0.0, f64::max)),
            )
        })
        .collect();
    let mut rows: Vec<Row> = subjects
        .into_iter()
        .map(|(code, name, r)| {
            let mut line = BTreeMap::new();
            let (mut sum, mut weight) = (0.0, 0.0);
            for i in &indicators {
                let v = values.get(i.code).and_then(|m| m.get(&r.code)).copied();
                line.insert(i.code, v);
                let (Some(v), Some(w)) = (v, weights.get(i.code).copied().filter(|w| *w > 0.0))
                else {
                    continue;
                };
                let score = match (i.percent, i.higher_is_better) {
                    (true, true) => v,
                    (true, false) => 100.0 - v,
                    (false, better) => {
                        let max = worst.get(i.code).copied().unwrap_or(0.0);
                        let share = if max > 0.0 { v / max } else { 0.0 };
                        if better {
                            100.0 * share
                        } else {
                            100.0 * (1.0 - share)
                        }
                    }
                };
                sum += w * score;
                weight += w;
            }
            Row {
                rank: 0,
                region_code: code,
                region_name: name,
                values: line,
                score: if weight > 0.0 {
                    (sum / weight * 10.0).round() / 10.0
                } else {
                    0.0
                },
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.region_code.cmp(&b.region_code))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    Ok(Table {
        level,
        level_label: level.label(),
        from,
        to,
        weights_version,
        weights,
        indicators,
        rows,
    })
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

/// The table asked for: a level's regions, or the teams.
pub async fn table_of(
    state: &AppState,
    level: Option<Level>,
    within: &str,
    from: i64,
    to: i64,
) -> Result<Table, StoreError> {
    match level {
        Some(l) => table(state, l, within, from, to).await,
        None => team_table(state, within, from, to).await,
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
        shown_to: Nav::everyone,
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

async fn api_table(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Json<Table>, ApiError> {
    let level = level_of(&p)?;
    let (within, from, to) = period(&user, &p)?;
    Ok(Json(table_of(&state, level, &within, from, to).await?))
}

async fn api_weights(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    user.staff_scope()?;
    let (version, weights) = weights(&state).await?;
    Ok(Json(json!({"version": version, "weights": weights})))
}

/// Checks and stores new weights (coordinator and administrators).
pub async fn store_weights(
    state: &AppState,
    user: &User,
    w: BTreeMap<String, f64>,
) -> Result<i64, ApiError> {
    if !user.role.may_list_accounts() {
        return Err(ApiError::forbidden(
            "只有区政法委协调员和系统管理员可以设置考核权重",
        ));
    }
    for (k, v) in &w {
        if !indicators(state).iter().any(|i| i.code == k) {
            return Err(ApiError::new(
                Code::Unprocessable,
                format!("未知指标「{k}」"),
            ));
        }
        if !v.is_finite() || !(0.0..=100.0).contains(v) {
            return Err(ApiError::new(
                Code::Unprocessable,
                format!("指标「{k}」的权重应为 0 到 100"),
            ));
        }
    }
    if w.values().sum::<f64>() <= 0.0 {
        return Err(ApiError::new(
            Code::Unprocessable,
            "至少一项指标的权重应大于 0",
        ));
    }
    let body = serde_json::to_string(&w).map_err(ApiError::internal)?;
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move { fengqiao_store::versioned::add(c, WEIGHTS, &body, &actor).await })
        })
        .await?)
}

async fn put_weights(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(w): ApiJson<BTreeMap<String, f64>>,
) -> Result<Json<Value>, ApiError> {
    let version = store_weights(&state, &user, w.clone()).await?;
    Ok(Json(json!({"version": version, "weights": w})))
}

/// The workbook: one sheet per level (town, community, grid) and one for teams, ranked.
pub async fn workbook(
    state: &AppState,
    within: &str,
    from: i64,
    to: i64,
) -> Result<Vec<u8>, ApiError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for level in [
        Some(Level::Town),
        Some(Level::Community),
        Some(Level::Grid),
        None,
    ] {
        let t = table_of(state, level, within, from, to).await?;
        let sheet = book.add_worksheet();
        let name = match level {
            Some(Level::Town) => "镇街",
            Some(Level::Community) => "社区",
            Some(_) => "网格",
            None => "队伍",
        };
        let xl = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e);
        sheet.set_name(name).map_err(xl)?;
        let mut headers = vec![
            "排名",
            if level.is_some() {
                "区划代码"
            } else {
                "队伍编号"
            },
            "名称",
        ];
        headers.extend(t.indicators.iter().map(|i| i.name));
        headers.push("综合得分");
        for (c, h) in headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *h, &bold)
                .map_err(xl)?;
        }
        for (i, r) in t.rows.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.write_number(row, 0, r.rank as f64).map_err(xl)?;
            sheet.write_string(row, 1, &r.region_code).map_err(xl)?;
            sheet.write_string(row, 2, &r.region_name).map_err(xl)?;
            for (j, ind) in t.indicators.iter().enumerate() {
                let col = 3 + j as u16;
                match r.values.get(ind.code).copied().flatten() {
                    Some(v) => sheet
                        .write_number(row, col, (v * 10.0).round() / 10.0)
                        .map_err(xl)?,
                    None => sheet.write_string(row, col, "暂无数据").map_err(xl)?,
                };
            }
            sheet
                .write_number(row, 3 + t.indicators.len() as u16, r.score)
                .map_err(xl)?;
        }
    }
    book.save_to_buffer().map_err(ApiError::internal)
}

async fn xlsx(
    State(state): State<AppState>,
    crate::extract::PageUser(user): crate::extract::PageUser,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, crate::error::PageError> {
    let (within, from, to) = period(&user, &p)?;
    let bytes = workbook(&state, &within, from, to).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"assessment.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}
