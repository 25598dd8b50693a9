//! Open work on a close map: someone looking at a community, a grid or a compound sees the
//! open cases and requests there as points, and listed beside the map. Areas register a
//! [`MarkerSource`]; the map never reads an area's tables.

use crate::error::ApiError;
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::region::Level;
use fengqiao_core::RiskLevel;
use fengqiao_store::BoxFuture;
use serde_json::{json, Value};

/// At most this many items per source on one map.
pub const PER_SOURCE: i64 = 200;

/// One open item of an area.
#[derive(Debug, Clone)]
pub struct Marker {
    /// What it is, in words: "邻里纠纷", "安全隐患".
    pub title: String,
    pub tracking_code: String,
    pub href: String,
    /// Its state in words: "调解中 · 现场调解", "待受理".
    pub status_label: String,
    pub risk: Option<RiskLevel>,
    pub overdue: bool,
    /// Where it was reported (WGS-84 longitude, latitude), when it was located.
    pub point: Option<(f64, f64)>,
    pub grid_code: String,
}

/// An area's open items inside a region.
pub trait MarkerSource: Send + Sync {
    /// Open items under `within_path`, most urgent first, at most `limit`.
    fn open_within<'a>(
        &'a self,
        state: &'a AppState,
        within_path: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<Marker>, ApiError>>;
}

/// Whether a map of `region` is close enough for single items: a town's hundreds would bury
/// its grids.
pub fn close_enough(region: &AtlasRegion) -> bool {
    matches!(
        region.level,
        Level::Community | Level::Grid | Level::Compound | Level::Building
    )
}

/// Every source's open items inside `region` when it is close enough, red and overdue first.
pub async fn gather(state: &AppState, region: &AtlasRegion) -> Result<Vec<Marker>, ApiError> {
    if !close_enough(region) {
        return Ok(Vec::new());
    }
    let mut all = Vec::new();
    for source in state.marker_sources() {
        all.extend(
            source
                .open_within(state, &region.path, PER_SOURCE)
                .await?,
        );
    }
    all.sort_by_key(|m| (std::cmp::Reverse((m.risk, m.overdue)), m.tracking_code.clone()));
    Ok(all)
}

/// A located item as a GeoJSON point feature: `level` is `case`, so the map draws it as a
/// case and not as a place.
pub fn feature(m: &Marker) -> Option<Value> {
    let (lon, lat) = m.point?;
    let label = if m.overdue {
        format!("{} · 已超期", m.status_label)
    } else {
        m.status_label.clone()
    };
    Some(json!({
        "type": "Feature",
        "id": m.tracking_code,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "code": m.tracking_code,
            "name": m.title,
            "level": "case",
            "level_label": label,
            "risk": m.risk.map_or("none", RiskLevel::as_str),
            "risk_label": m.risk.map_or("未评定风险", RiskLevel::label),
            "overdue": m.overdue,
            "href": m.href,
        }
    }))
}
