//! Point lookup: which grid, community, town and district contain a point. Coordinates from
//! Chinese map SDKs (GCJ-02, BD-09) are converted to WGS-84 first. Region names are public,
//! so residents' phones may call this without signing in.

use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use fengqiao_core::geo::{check_lon_lat, Crs, Located};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LocateParams {
    lon: Option<String>,
    lat: Option<String>,
    crs: Option<String>,
}

fn coordinate(name: &str, raw: Option<&str>) -> Result<f64, ApiError> {
    raw.filter(|s| !s.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("缺少参数 {name}")))?
        .trim()
        .parse::<f64>()
        .map_err(|_| ApiError::bad_request(format!("{name} 应为十进制度数")))
}

pub async fn api_locate(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<LocateParams>,
) -> Result<Json<Located>, ApiError> {
    let lon = coordinate("lon", p.lon.as_deref())?;
    let lat = coordinate("lat", p.lat.as_deref())?;
    check_lon_lat(lon, lat).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let crs = match p.crs.as_deref().filter(|s| !s.is_empty()) {
        None => Crs::Wgs84,
        Some(c) => c
            .parse()
            .map_err(|e: fengqiao_core::geo::UnknownCrs| ApiError::bad_request(e.to_string()))?,
    };
    let (lon, lat) = crs.to_wgs84(lon, lat);
    state
        .atlas()
        .locate(lon, lat)
        .map(Json)
        .ok_or_else(|| ApiError::not_found("该位置不在本区任何网格内"))
}
