//! Where a report happened: a point (WGS-84, or GCJ-02/BD-09 from Chinese map SDKs), a grid
//! code, or an address typed within the district — resolved to the grid that handles it.

use crate::error::{ApiError, Code};
use fengqiao_core::geo::{check_lon_lat, Atlas, AtlasRegion, Crs, UnknownCrs};
use fengqiao_core::Level;

/// A resolved place: the grid, and the point in WGS-84 when one was given.
#[derive(Debug, Clone)]
pub struct Place {
    pub grid: AtlasRegion,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
}

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// Parses a coordinate system name; empty means WGS-84.
pub fn crs(name: Option<&str>) -> Result<Crs, ApiError> {
    match name.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(Crs::Wgs84),
        Some(c) => c
            .parse()
            .map_err(|e: UnknownCrs| unprocessable(e.to_string())),
    }
}

/// The point wins over the grid code, which wins over the address.
pub fn resolve(
    atlas: &Atlas,
    point: Option<(f64, f64, Crs)>,
    grid_code: Option<&str>,
    address: Option<&str>,
) -> Result<Place, ApiError> {
    if let Some((lon, lat, crs)) = point {
        check_lon_lat(lon, lat).map_err(|e| unprocessable(e.to_string()))?;
        let (lon, lat) = crs.to_wgs84(lon, lat);
        let grid = atlas
            .locate_grid(lon, lat)
            .ok_or_else(|| unprocessable("该位置不在本区任何网格内"))?;
        return Ok(Place {
            grid: grid.clone(),
            lon: Some(lon),
            lat: Some(lat),
        });
    }
    if let Some(code) = grid_code.map(str::trim).filter(|s| !s.is_empty()) {
        let grid = atlas
            .get(code)
            .filter(|g| g.level == Level::Grid)
            .ok_or_else(|| {
                unprocessable(format!(
                    "网格 {} 不存在",
                    code.chars().take(30).collect::<String>()
                ))
            })?;
        return Ok(Place {
            grid: grid.clone(),
            lon: None,
            lat: None,
        });
    }
    match address.map(str::trim).filter(|s| !s.is_empty()) {
        Some(a) => atlas
            .grid_for_address(a)
            .map(|g| Place {
                grid: g.clone(),
                lon: None,
                lat: None,
            })
            .ok_or_else(|| {
                unprocessable("没能从地址找到所在网格,请写明小区名称,或使用定位、在地图上选择")
            }),
        None => Err(unprocessable(
            "需要位置:定位坐标、网格代码或本区内的地址(写明小区名称)",
        )),
    }
}
