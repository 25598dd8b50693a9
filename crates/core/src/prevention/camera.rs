//! Cameras of the 雪亮工程: the GB/T 28181 device code they are registered under, their state,
//! and how long a compound went unwatched — by no working camera and no patrol.

use std::fmt;
use std::str::FromStr;

/// A GB/T 28181 device code (coding rule A): 8 digits of centre code (the administrative code
/// of GB/T 2260, six digits, then two for the grassroots unit, 00 when none), 2 of industry,
/// 3 of device type, 7 of serial number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeviceCode(String);

/// Device types a camera is registered as: 131 camera, 132 network camera (IPC).
pub const CAMERA_TYPES: [&str; 2] = ["131", "132"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceCodeError {
    #[error("设备编码应为 20 位数字(GB/T 28181)")]
    Shape,
    #[error("设备编码的类型码为 {0},摄像机应为 131(摄像机)或 132(网络摄像机)")]
    NotACamera(String),
    #[error("设备编码的前 6 位 {0} 不是本区的行政区划代码")]
    OutsideDistrict(String),
}

impl DeviceCode {
    /// Reads a code and checks that it belongs to the district `district` (six digits).
    pub fn in_district(s: &str, district: &str) -> Result<DeviceCode, DeviceCodeError> {
        let code: DeviceCode = s.parse()?;
        if &code.0[..6] != district {
            return Err(DeviceCodeError::OutsideDistrict(code.0[..6].to_owned()));
        }
        Ok(code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The device type segment (digits 11–13).
    pub fn device_type(&self) -> &str {
        &self.0[10..13]
    }
}

impl FromStr for DeviceCode {
    type Err = DeviceCodeError;
    fn from_str(s: &str) -> Result<DeviceCode, DeviceCodeError> {
        let s = s.trim();
        if s.len() != 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DeviceCodeError::Shape);
        }
        let kind = &s[10..13];
        if !CAMERA_TYPES.contains(&kind) {
            return Err(DeviceCodeError::NotACamera(kind.to_owned()));
        }
        Ok(DeviceCode(s.to_owned()))
    }
}

impl fmt::Display for DeviceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

crate::named_enum! {
    /// Whether a camera shows anything.
    pub enum CameraStatus ("摄像机状态") {
        Working => ("working", "正常"),
        Faulty => ("faulty", "故障"),
        Retired => ("retired", "已拆除"),
    }
}

/// Hours in `[from, to)` not covered by any of the intervals (each `[start, end)` in ms, an
/// open end running to `to`).
fn uncovered_ms(from: i64, to: i64, mut covered: Vec<(i64, i64)>) -> i64 {
    covered.sort_unstable();
    let (mut cursor, mut gap) = (from, 0);
    for (start, end) in covered {
        let (start, end) = (start.clamp(from, to), end.clamp(from, to));
        if start > cursor {
            gap += start - cursor;
        }
        cursor = cursor.max(end);
    }
    gap + (to - cursor).max(0)
}

/// How many hours of `[from, to)` a compound went unwatched: neither one of its cameras was
/// working (`working` lists each camera's working spans) nor a patrol was on (`patrols` lists
/// their spans in the compound's grid).
pub fn unwatched_hours(
    (from, to): (i64, i64),
    working: &[(i64, i64)],
    patrols: &[(i64, i64)],
) -> f64 {
    let spans: Vec<(i64, i64)> = working.iter().chain(patrols).copied().collect();
    uncovered_ms(from, to, spans) as f64 / 3_600_000.0
}

/// The working spans of a camera in `[from, to)`, given when it was put up and its outages
/// (each `[reported, repaired)`, an open outage running on).
pub fn working_spans(
    (from, to): (i64, i64),
    installed: i64,
    outages: &[(i64, Option<i64>)],
) -> Vec<(i64, i64)> {
    let down: Vec<(i64, i64)> = outages.iter().map(|(a, b)| (*a, b.unwrap_or(to))).collect();
    let mut spans = Vec::new();
    let mut cursor = installed.max(from);
    let mut down = down;
    down.sort_unstable();
    for (a, b) in down {
        if a > cursor {
            spans.push((cursor, a.min(to)));
        }
        cursor = cursor.max(b);
    }
    if cursor < to {
        spans.push((cursor, to));
    }
    spans.retain(|(a, b)| b > a);
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const H: i64 = 3_600_000;

    #[test]
    fn a_device_code_is_twenty_digits_of_a_camera_in_the_district() {
        let ok = DeviceCode::in_district("61030200001320000017", "610302").unwrap();
        assert_eq!(ok.device_type(), "132");
        assert_eq!(
            DeviceCode::in_district("6103020000132000001", "610302"),
            Err(DeviceCodeError::Shape)
        );
        assert_eq!(
            DeviceCode::in_district("61030200001180000017", "610302"),
            Err(DeviceCodeError::NotACamera("118".into()))
        );
        assert_eq!(
            DeviceCode::in_district("61030300001320000017", "610302"),
            Err(DeviceCodeError::OutsideDistrict("610303".into()))
        );
    }

    #[test]
    fn a_week_with_a_two_day_outage_and_a_patrol_leaves_the_rest_unwatched() {
        let week = (0, 168 * H);
        let working = working_spans(week, -H, &[(24 * H, Some(72 * H))]);
        assert_eq!(working, vec![(0, 24 * H), (72 * H, 168 * H)]);
        assert_eq!(unwatched_hours(week, &working, &[]), 48.0);
        assert_eq!(unwatched_hours(week, &working, &[(30 * H, 32 * H)]), 46.0);
        let still_down = working_spans(week, -H, &[(100 * H, None)]);
        assert_eq!(unwatched_hours(week, &still_down, &[]), 68.0);
        assert_eq!(unwatched_hours(week, &[], &[]), 168.0, "no camera at all");
    }

    proptest! {
        /// Another camera or another patrol never makes a compound less watched.
        #[test]
        fn more_cover_never_adds_unwatched_hours(
            spans in prop::collection::vec((0i64..168, 0i64..48), 0..8),
            extra in (0i64..168, 0i64..48),
        ) {
            let week = (0, 168 * H);
            let spans: Vec<(i64, i64)> = spans.iter().map(|(a, l)| (a * H, (a + l) * H)).collect();
            let before = unwatched_hours(week, &spans, &[]);
            let after = unwatched_hours(week, &spans, &[(extra.0 * H, (extra.0 + extra.1) * H)]);
            prop_assert!(after <= before);
            prop_assert!((0.0..=168.0).contains(&after));
        }
    }
}
