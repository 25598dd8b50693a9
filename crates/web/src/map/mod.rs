//! The one map (一图): the grids of a region drawn as SVG on the server, coloured by risk, with
//! compounds as points. Areas plug their risk into the map through [`RiskSource`].

pub mod markers;
mod svg;

pub use markers::{Marker, MarkerSource};
pub use svg::{render_layer, render_svg, Fills};

use crate::area::{Area, Nav};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, ApiUser, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use fengqiao_core::geo::{Atlas, AtlasRegion};
use fengqiao_core::region::Scope;
use fengqiao_core::RiskLevel;
use fengqiao_store::{BoxFuture, Store, StoreError};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Something that knows how risky regions are. Each area (mediation, prevention…) registers
/// one; the map takes, for every region, the highest level any source reports.
pub trait RiskSource: Send + Sync {
    /// Risk levels by region code (grids, and compounds where known) inside `within_path`.
    fn region_risks<'a>(
        &'a self,
        store: &'a Store,
        within_path: &'a str,
    ) -> BoxFuture<'a, Result<HashMap<String, RiskLevel>, StoreError>>;
}

/// A map layer other than risk (coverage, teams…), contributed by an area under a name.
pub trait LayerSource: Send + Sync {
    /// The layer's name in `?layer=`.
    fn name(&self) -> &'static str;
    /// Its title on the map page.
    fn title(&self) -> &'static str;
    /// How to colour the grids and compounds inside `region`.
    fn fills<'a>(
        &'a self,
        state: &'a AppState,
        region: &'a AtlasRegion,
    ) -> BoxFuture<'a, Result<Fills, StoreError>>;
}

/// The highest risk each region has across every registered source.
pub async fn combined_risks(
    state: &AppState,
    within_path: &str,
) -> Result<HashMap<String, RiskLevel>, StoreError> {
    let mut out: HashMap<String, RiskLevel> = HashMap::new();
    for source in state.risk_sources() {
        for (code, level) in source.region_risks(&state.store, within_path).await? {
            let slot = out.entry(code).or_insert(level);
            *slot = (*slot).max(level);
        }
    }
    Ok(out)
}

#[rustfmt::skip]
const OPS: &[crate::apidoc::Op] = &[
    crate::apidoc::q(crate::apidoc::op("get", "/api/v1/map/grids", "map", "一图的网格与小区(GeoJSON,含名称和风险等级;社区及以下含楼栋和有位置的在办案件)", crate::apidoc::Access::Staff, None, (200, "GridFeatures")), &[("region", "区划代码,默认本人管辖范围")]),
];

fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    use crate::apidoc::schema::{obj, t, S};
    vec![(
        "GridFeatures",
        obj(
            &["type", "features"],
            serde_json::json!({
                "type": t(S),
                "features": { "type": "array", "items": { "description": "GeoJSON Feature; properties: code, name, level (… grid|compound|building, or case for an open case), level_label, risk (red|orange|yellow|blue|none), risk_label, href; cases also overdue" } }
            }),
        ),
    )]
}

/// The one map; its risk and layers come from the other areas.
pub const AREA: Area = Area {
    name: "map",
    label: "一图",
    routes: router,
    ops: OPS,
    schemas,
    nav: &[Nav {
        href: "/map",
        label: "一图",
        order: 50,
        shown_to: Nav::staff,
    }],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/map.svg", get(map_svg))
        .route("/api/v1/map/grids", get(grids_geojson))
        .route("/map", get(map_page))
}

#[derive(Deserialize)]
struct MapParams {
    region: Option<String>,
    layer: Option<String>,
}

/// Draws a region with the asked layer (risk by default); an unknown layer is a 400.
/// A drawn map, reused while nothing was written since, or for `map_cache_ms` after: the
/// map is the district's most looked-at page and among its most expensive. While one request
/// redraws a stale map, the others are shown the previous drawing instead of all redrawing it.
async fn draw_cached(
    state: &AppState,
    atlas: &Atlas,
    region: &AtlasRegion,
    layer: Option<&str>,
) -> Result<Arc<String>, ApiError> {
    let key = (region.code.clone(), layer.unwrap_or("risk").to_owned());
    let generation = state.store.generation();
    let fresh_for = std::time::Duration::from_millis(state.config.map_cache_ms);
    if let Ok(mut cache) = state.map_cache.lock() {
        if let Some((g, at, svg)) = cache.drawn.get(&key) {
            if *g == generation || at.elapsed() < fresh_for || cache.drawing.contains(&key) {
                return Ok(svg.clone());
            }
        }
        cache.drawing.insert(key.clone());
    }
    // Cleared however this ends, even if the request is dropped half-way.
    let _drawing = Drawing { state, key: &key };
    let drawn = draw(state, atlas, region, layer).await.map(Arc::new);
    if let Ok(mut cache) = state.map_cache.lock() {
        if let Ok(svg) = &drawn {
            if cache.drawn.len() > 1024 {
                cache.drawn.clear();
            }
            cache.drawn.insert(
                key.clone(),
                (generation, std::time::Instant::now(), svg.clone()),
            );
        }
    }
    drawn
}

/// Marks a map as being drawn for as long as it lives.
struct Drawing<'a> {
    state: &'a AppState,
    key: &'a (String, String),
}

impl Drop for Drawing<'_> {
    fn drop(&mut self) {
        if let Ok(mut cache) = self.state.map_cache.lock() {
            cache.drawing.remove(self.key);
        }
    }
}

async fn draw(
    state: &AppState,
    atlas: &Atlas,
    region: &AtlasRegion,
    layer: Option<&str>,
) -> Result<String, ApiError> {
    match layer.filter(|l| !l.is_empty() && *l != "risk") {
        None => {
            let risks = combined_risks(state, &region.path).await?;
            Ok(render_svg(atlas, region, &risks))
        }
        Some(name) => {
            let source = state
                .layers()
                .into_iter()
                .find(|l| l.name() == name)
                .ok_or_else(|| {
                    let names: Vec<&str> = std::iter::once("risk")
                        .chain(state.layers().iter().map(|l| l.name()))
                        .collect();
                    ApiError::bad_request(format!("未知图层「{name}」,应为 {}", names.join("、")))
                })?;
            let fills = source.fills(state, region).await?;
            Ok(render_layer(atlas, region, &fills))
        }
    }
}

/// The region to draw: the one asked for if it is inside the scope, else the scope's root.
fn region_in_scope<'a>(
    atlas: &'a Atlas,
    scope: &Scope,
    asked: Option<&str>,
) -> Result<&'a AtlasRegion, ApiError> {
    let r = crate::extract::ScopedRegion::resolve(atlas, scope, asked)?;
    atlas
        .get(&r.code)
        .ok_or_else(|| ApiError::not_found(format!("区划 {} 不存在", r.code)))
}

async fn map_svg(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<MapParams>,
) -> Result<Response, ApiError> {
    let scope = user.staff_scope()?;
    let atlas = state.atlas();
    let region = region_in_scope(&atlas, &scope, p.region.as_deref())?;
    let svg = draw_cached(&state, &atlas, region, p.layer.as_deref()).await?;
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
        svg.as_str().to_owned(),
    )
        .into_response())
}

/// The regions an interactive map of `region` shows: its grids; from a community down its
/// compounds too (a district's thousand compounds would bury the grids); within a grid or
/// compound its buildings.
fn shown<'a>(atlas: &'a Atlas, region: &'a AtlasRegion) -> impl Iterator<Item = &'a AtlasRegion> {
    use fengqiao_core::region::Level;
    let close = matches!(region.level, Level::Grid | Level::Compound);
    let near = close || region.level == Level::Community;
    std::iter::once(region)
        .filter(move |_| close)
        .chain(atlas.descendants(region))
        .filter(move |r| match r.level {
            Level::Grid => true,
            Level::Compound => near,
            Level::Building => close,
            _ => false,
        })
}

/// `GET /api/v1/map/grids?region=`: the grids and compounds of a region in the caller's scope
/// as a GeoJSON FeatureCollection (WGS-84), each with its name, level and risk; on a close map
/// its buildings and the located open cases too (`level` = `case`).
async fn grids_geojson(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<MapParams>,
) -> Result<Response, ApiError> {
    let scope = user.staff_scope()?;
    let atlas = state.atlas();
    let region = region_in_scope(&atlas, &scope, p.region.as_deref())?;
    let risks = combined_risks(&state, &region.path).await?;
    let open = markers::gather(&state, region).await?;
    let features: Vec<serde_json::Value> = shown(&atlas, region)
        .filter_map(|r| {
            let shape = r.shape.as_ref()?;
            let risk = risks.get(&r.code).copied();
            Some(serde_json::json!({
                "type": "Feature",
                "id": r.code,
                "geometry": shape.to_geojson(),
                "properties": {
                    "code": r.code,
                    "name": r.name,
                    "level": r.level.as_str(),
                    "level_label": r.level.label(),
                    "risk": risk.map_or("none", RiskLevel::as_str),
                    "risk_label": risk.map_or("暂无风险记录", RiskLevel::label),
                    "href": format!("/regions/{}", r.code),
                }
            }))
        })
        .chain(open.iter().filter_map(markers::feature))
        .collect();
    let body = serde_json::json!({"type": "FeatureCollection", "features": features});
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        body.to_string(),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "map/templates/map.html")]
struct MapPage {
    chrome: Chrome,
    region_code: String,
    region_name: String,
    layer: String,
    layers: Vec<(&'static str, &'static str, bool)>,
    parent: Option<(String, String)>,
    children: Vec<(String, String)>,
    svg: String,
    /// Red and orange grids and compounds, worst first, each linking to its page.
    hot: Vec<(String, String, &'static str, &'static str)>,
    /// Open cases and requests of a close map, most urgent first, with the grid's name.
    open: Vec<(Marker, String)>,
    /// The operator's base map, if one is configured.
    tiles: Option<String>,
    attribution: String,
}

impl MapPage {
    /// A risk level in one character, for the flags of the lists.
    fn short(&self, r: &RiskLevel) -> &'static str {
        match r {
            RiskLevel::Red => "红",
            RiskLevel::Orange => "橙",
            RiskLevel::Yellow => "黄",
            RiskLevel::Blue => "蓝",
        }
    }
}

async fn map_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<MapParams>,
) -> Result<Html<String>, PageError> {
    let scope = user.staff_scope()?;
    let atlas = state.atlas();
    let region = region_in_scope(&atlas, &scope, p.region.as_deref())?;
    let svg = draw_cached(&state, &atlas, region, p.layer.as_deref())
        .await?
        .as_str()
        .to_owned();
    let layer = p.layer.clone().unwrap_or_default();
    let current = if layer.is_empty() {
        "risk"
    } else {
        layer.as_str()
    };
    let layers: Vec<(&'static str, &'static str, bool)> = std::iter::once(("risk", "风险"))
        .chain(state.layers().iter().map(|l| (l.name(), l.title())))
        .map(|(n, t)| (n, t, n == current))
        .collect();
    let parent = region
        .parent_code
        .as_deref()
        .and_then(|c| atlas.get(c))
        .filter(|r| scope.contains_path(&r.path))
        .map(|r| (r.code.clone(), r.name.clone()));
    let children = atlas
        .descendants(region)
        .filter(|r| r.parent_code.as_deref() == Some(region.code.as_str()) && r.level.has_area())
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    let risks = combined_risks(&state, &region.path).await?;
    let mut hot: Vec<(RiskLevel, String, String)> = shown(&atlas, region)
        .filter_map(|r| {
            risks
                .get(&r.code)
                .filter(|l| matches!(l, RiskLevel::Red | RiskLevel::Orange))
                .map(|l| (*l, r.code.clone(), r.name.clone()))
        })
        .collect();
    hot.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    let open = markers::gather(&state, region)
        .await?
        .into_iter()
        .map(|m| {
            let grid = atlas
                .get(&m.grid_code)
                .map_or_else(String::new, |g| g.name.clone());
            (m, grid)
        })
        .collect();
    let page = MapPage {
        open,
        hot: hot
            .into_iter()
            .map(|(l, code, name)| (code, name, l.as_str(), l.label()))
            .collect(),
        tiles: state.config.map_tiles.clone(),
        attribution: state.config.map_attribution.clone(),
        chrome: Chrome::signed_in(user, csrf),
        region_code: region.code.clone(),
        region_name: region.name.clone(),
        layer,
        layers,
        parent,
        children,
        svg,
    };
    Ok(render(&page)?)
}
