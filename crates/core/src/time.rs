//! Beijing local time (UTC+8, no daylight saving) and day arithmetic. Instants are stored as
//! UTC milliseconds; people see and type days and times in Beijing time. Every conversion
//! between the two goes through here.

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// Beijing's offset from UTC in milliseconds.
pub const OFFSET_MS: i64 = 8 * 3_600_000;

fn offset() -> Option<chrono::FixedOffset> {
    chrono::FixedOffset::east_opt(8 * 3600)
}

/// An instant in Beijing time.
pub fn local_datetime(ms: i64) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let t = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)?;
    Some(t.with_timezone(&offset()?))
}

/// Midnight in Beijing of the day containing `ms`.
pub fn start_of_day(ms: i64) -> i64 {
    (ms + OFFSET_MS).div_euclid(DAY_MS) * DAY_MS - OFFSET_MS
}

/// `n` whole days after `ms` (negative for before).
pub fn days_after(ms: i64, n: i64) -> i64 {
    ms + n * DAY_MS
}

/// An instant as `2026-11-27 15:04` in Beijing time.
pub fn minute(ms: i64) -> String {
    local_datetime(ms).map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M").to_string())
}

/// The Beijing day of an instant, `2026-11-27`.
pub fn day(ms: i64) -> String {
    local_datetime(ms).map_or_else(String::new, |t| t.format("%Y-%m-%d").to_string())
}

/// An instant as ISO 8601 with Beijing's offset, `2026-11-27T08:00:00+08:00`.
pub fn iso(ms: i64) -> String {
    local_datetime(ms).map_or_else(String::new, |t| {
        t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    })
}

/// A day typed as `YYYY-MM-DD`, as the instant (ms) it starts in Beijing.
pub fn parse_day(s: &str) -> Option<i64> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp_millis() - OFFSET_MS)
}

/// An ISO 8601 instant with an offset; a time without one (`2026-12-10T09:00`, as a browser's
/// date-and-time field sends it, or with a space) taken in Beijing; or a bare day taken as
/// Beijing midnight.
pub fn parse_instant(s: &str) -> Option<i64> {
    let s = s.trim();
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.timestamp_millis())
        .ok()
        .or_else(|| {
            [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%d %H:%M",
                "%Y-%m-%d %H:%M:%S",
            ]
            .iter()
            .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
            .map(|t| t.and_utc().timestamp_millis() - OFFSET_MS)
        })
        .or_else(|| parse_day(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_time_without_an_offset_is_beijing_time() {
        let at = parse_instant("2026-12-10T09:00").unwrap();
        assert_eq!(iso(at), "2026-12-10T09:00:00+08:00");
        assert_eq!(parse_instant("2026-12-10 09:00"), Some(at));
        assert_eq!(parse_instant("2026-12-10T01:00:00Z"), Some(at));
        assert_eq!(parse_instant("2026-12-10T25:00"), None);
    }

    #[test]
    fn a_day_starts_at_beijing_midnight() {
        let start = parse_day("2026-12-01").unwrap();
        assert_eq!(iso(start), "2026-12-01T00:00:00+08:00");
        assert_eq!(day(start + DAY_MS - 1), "2026-12-01");
        assert_eq!(day(start + DAY_MS), "2026-12-02");
        assert_eq!(minute(start + 3_600_000), "2026-12-01 01:00");
    }

    #[test]
    fn instants_parse_with_an_offset_or_as_a_bare_day() {
        assert_eq!(
            parse_instant("2026-12-01T08:00:00+08:00"),
            Some(parse_day("2026-12-01").unwrap() + 8 * 3_600_000)
        );
        assert_eq!(parse_instant("2026-12-01"), parse_day("2026-12-01"));
        assert_eq!(parse_instant("yesterday"), None);
        assert_eq!(parse_day("2026-13-01"), None);
    }

    proptest! {
        #[test]
        fn start_of_day_is_the_parsed_day_of_its_own_label(ms in 0i64..4_102_444_800_000) {
            let s = start_of_day(ms);
            prop_assert!(s <= ms && ms < s + DAY_MS);
            prop_assert_eq!(parse_day(&day(ms)), Some(s));
        }
    }
}

/// The first instant of the Beijing month `n` months after the one containing `ms` (negative
/// for before), and that month as `2026-11`.
pub fn month(ms: i64, n: i32) -> Option<(i64, String)> {
    use chrono::{Datelike, TimeZone};
    let t = local_datetime(ms)?;
    let index = t.year() * 12 + t.month0() as i32 + n;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12));
    let start = offset()?
        .with_ymd_and_hms(year, u32::try_from(month0).ok()? + 1, 1, 0, 0, 0)
        .single()?;
    Some((
        start.timestamp_millis(),
        format!("{year}-{:02}", month0 + 1),
    ))
}

/// The Beijing month of an instant as `yyyymm`: the key of the monthly roll-ups, computed the
/// same way by their triggers (`strftime('%Y%m', ms / 1000 + 28800, 'unixepoch')`).
pub fn month_key(ms: i64) -> Option<i64> {
    use chrono::Datelike;
    let t = local_datetime(ms)?;
    Some(i64::from(t.year()) * 100 + i64::from(t.month()))
}

#[cfg(test)]
mod month_tests {
    use super::*;

    #[test]
    fn months_start_at_beijing_midnight_and_cross_years() {
        let now = parse_day("2026-01-15").unwrap();
        let (start, label) = month(now, 0).unwrap();
        assert_eq!(label, "2026-01");
        assert_eq!(minute(start), "2026-01-01 00:00");
        assert_eq!(month(now, -1).unwrap().1, "2025-12");
        assert_eq!(month(now, -13).unwrap().1, "2024-12");
        assert_eq!(month(now, 1).unwrap().1, "2026-02");
        assert_eq!(month_key(start), Some(202601));
        assert_eq!(month_key(start - 1), Some(202512));
    }
}
