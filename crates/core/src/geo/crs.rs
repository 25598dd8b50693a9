//! Coordinate reference systems used by phones in China. Fengqiao stores WGS-84; Chinese map
//! SDKs report GCJ-02 (offset by hundreds of metres) or Baidu's BD-09, converted here on input.

use std::f64::consts::PI;
use std::str::FromStr;

/// A coordinate reference system accepted on input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Crs {
    #[default]
    Wgs84,
    Gcj02,
    Bd09,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知坐标系「{0}」,应为 wgs84、gcj02 或 bd09")]
pub struct UnknownCrs(pub String);

impl FromStr for Crs {
    type Err = UnknownCrs;
    fn from_str(s: &str) -> Result<Self, UnknownCrs> {
        match s.to_ascii_lowercase().as_str() {
            "wgs84" | "wgs-84" | "epsg:4326" => Ok(Crs::Wgs84),
            "gcj02" | "gcj-02" => Ok(Crs::Gcj02),
            "bd09" | "bd-09" => Ok(Crs::Bd09),
            _ => Err(UnknownCrs(s.chars().take(40).collect())),
        }
    }
}

impl Crs {
    /// Converts `(lon, lat)` in this system to WGS-84.
    pub fn to_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Wgs84 => (lon, lat),
            Crs::Gcj02 => gcj02_to_wgs84(lon, lat),
            Crs::Bd09 => {
                let (glon, glat) = bd09_to_gcj02(lon, lat);
                gcj02_to_wgs84(glon, glat)
            }
        }
    }

    /// Converts WGS-84 `(lon, lat)` into this system (used by tests and by exports).
    pub fn from_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Wgs84 => (lon, lat),
            Crs::Gcj02 => wgs84_to_gcj02(lon, lat),
            Crs::Bd09 => {
                let (glon, glat) = wgs84_to_gcj02(lon, lat);
                gcj02_to_bd09(glon, glat)
            }
        }
    }
}

const KRASOVSKY_A: f64 = 6_378_245.0;
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943;
const BD_X_PI: f64 = PI * 3000.0 / 180.0;

fn outside_china(lon: f64, lat: f64) -> bool {
    !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat)
}

fn shift_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn shift_lon(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    if outside_china(lon, lat) {
        return (lon, lat);
    }
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - KRASOVSKY_EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = shift_lat(lon - 105.0, lat - 35.0) * 180.0
        / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * PI);
    let d_lon = shift_lon(lon - 105.0, lat - 35.0) * 180.0
        / (KRASOVSKY_A / sqrt_magic * rad_lat.cos() * PI);
    (lon + d_lon, lat + d_lat)
}

/// GCJ-02 has no closed-form inverse; a few fixed-point steps reach millimetres.
fn gcj02_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    let (mut wlon, mut wlat) = (lon, lat);
    for _ in 0..10 {
        let (glon, glat) = wgs84_to_gcj02(wlon, wlat);
        let (dlon, dlat) = (glon - lon, glat - lat);
        wlon -= dlon;
        wlat -= dlat;
        if dlon.abs() < 1e-10 && dlat.abs() < 1e-10 {
            break;
        }
    }
    (wlon, wlat)
}

fn gcj02_to_bd09(lon: f64, lat: f64) -> (f64, f64) {
    let z = (lon * lon + lat * lat).sqrt() + 0.00002 * (lat * BD_X_PI).sin();
    let theta = lat.atan2(lon) + 0.000003 * (lon * BD_X_PI).cos();
    (z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

fn bd09_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    let (x, y) = (lon - 0.0065, lat - 0.006);
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * BD_X_PI).sin();
    let theta = y.atan2(x) - 0.000003 * (x * BD_X_PI).cos();
    (z * theta.cos(), z * theta.sin())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn gcj02_shifts_baoji_by_hundreds_of_metres() {
        let (lon, lat) = (107.15, 34.36);
        let (glon, glat) = Crs::Gcj02.from_wgs84(lon, lat);
        let metres = ((glon - lon) * 92_000.0).hypot((glat - lat) * 111_000.0);
        assert!((100.0..1000.0).contains(&metres), "shift {metres} m");
    }

    #[test]
    fn names_parse_case_insensitively_and_unknown_ones_are_refused() {
        assert_eq!("GCJ02".parse::<Crs>(), Ok(Crs::Gcj02));
        assert_eq!("bd09".parse::<Crs>(), Ok(Crs::Bd09));
        assert!("utm".parse::<Crs>().is_err());
    }

    proptest! {
        #[test]
        fn gcj02_round_trips_within_a_centimetre(lon in 106.9f64..107.4, lat in 34.2f64..34.45) {
            let (x, y) = Crs::Gcj02.from_wgs84(lon, lat);
            let (blon, blat) = Crs::Gcj02.to_wgs84(x, y);
            prop_assert!((blon - lon).abs() < 1e-7 && (blat - lat).abs() < 1e-7);
        }

        /// Baidu's published BD-09 formulas are not exact inverses; they agree to a few metres.
        #[test]
        fn bd09_round_trips_within_two_metres(lon in 106.9f64..107.4, lat in 34.2f64..34.45) {
            let (x, y) = Crs::Bd09.from_wgs84(lon, lat);
            let (blon, blat) = Crs::Bd09.to_wgs84(x, y);
            prop_assert!((blon - lon).abs() < 2e-5 && (blat - lat).abs() < 2e-5);
        }
    }
}
