//! Dates of history as historians write them: exact (`1935-10-07`), approximate (`1935~`),
//! uncertain (`1949?`), a decade (`193X`) or a span (`1937/1945`), in the Extended Date/Time
//! Format (ISO 8601-2, EDTF) — parsed by `edtf-core`, shown in Chinese, and sorted and
//! searched by the earliest and latest day they could mean.

use edtf_core::{Bound, Edtf};

/// A date of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoricDate {
    /// As written, in EDTF.
    pub edtf: String,
    /// The earliest and latest days (`YYYY-MM-DD`) it could mean.
    pub earliest: String,
    pub latest: String,
    /// How people read it, e.g. `约1935年`, `20世纪30年代`.
    pub label: String,
}

/// Why a date is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("日期「{0}」不符合 EDTF 写法,例如 1935-10-07、1935~(约)、1949?(存疑)、193X(年代)、1937/1945(时段)")]
pub struct BadDate(pub String);

fn day(b: Bound) -> Option<String> {
    match b {
        Bound::Date(d) if (1..=9999).contains(&d.year) => Some(d.to_string()),
        _ => None,
    }
}

/// Parses an EDTF date with known bounds (open-ended and unknown spans are refused: the
/// archive places everything in time).
pub fn parse(text: &str) -> Result<HistoricDate, BadDate> {
    let t = text.trim();
    let bad = || BadDate(t.chars().take(40).collect());
    let e = Edtf::parse(t).map_err(|_| bad())?;
    let b = e.bounds();
    let (earliest, latest) = day(b.earliest).zip(day(b.latest)).ok_or_else(bad)?;
    Ok(HistoricDate {
        label: label(t, &e, &earliest, &latest),
        edtf: t.to_owned(),
        earliest,
        latest,
    })
}

fn label(t: &str, e: &Edtf, earliest: &str, latest: &str) -> String {
    let core = t.trim_end_matches(['~', '?', '%']);
    let mut out = if let Some((a, b)) = t.split_once('/') {
        format!("{}—{}", piece(a), piece(b))
    } else if core.contains('X') {
        let (y0, y1) = (&earliest[..4], &latest[..4]);
        if y1.ends_with("99") && y0.ends_with("00") {
            format!("{}世纪", y0[..2].parse::<u32>().unwrap_or(0) + 1)
        } else if y1.ends_with('9') && y0.ends_with('0') {
            format!("{}年代", y0)
        } else {
            format!("{y0}—{y1}年间")
        }
    } else {
        piece(core)
    };
    if e.is_approximate() {
        out = format!("约{out}");
    }
    if e.is_uncertain() {
        out.push_str("(存疑)");
    }
    out
}

fn piece(s: &str) -> String {
    let s = s.trim_end_matches(['~', '?', '%']);
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] => format!("{y}年"),
        [y, m] => format!("{y}年{}月", m.trim_start_matches('0')),
        [y, m, d] => format!(
            "{y}年{}月{}日",
            m.trim_start_matches('0'),
            d.trim_start_matches('0')
        ),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncertain_and_approximate_dates_have_bounds_and_chinese_labels() {
        let d = parse("1935~").unwrap();
        assert_eq!(
            (d.earliest.as_str(), d.latest.as_str(), d.label.as_str()),
            ("1935-01-01", "1935-12-31", "约1935年")
        );
        let d = parse("193X").unwrap();
        assert_eq!(
            (d.earliest.as_str(), d.latest.as_str(), d.label.as_str()),
            ("1930-01-01", "1939-12-31", "1930年代")
        );
        let d = parse("1949-10-01").unwrap();
        assert_eq!(d.label, "1949年10月1日");
        let d = parse("1949?").unwrap();
        assert_eq!(d.label, "1949年(存疑)");
        let d = parse("1937/1945").unwrap();
        assert_eq!(
            (d.earliest.as_str(), d.latest.as_str(), d.label.as_str()),
            ("1937-01-01", "1945-12-31", "1937年—1945年")
        );
    }

    #[test]
    fn what_is_not_edtf_or_has_no_end_is_refused() {
        assert!(parse("民国二十四年").is_err());
        assert!(parse("1935-02-30").is_err());
        assert!(parse("1937/..").is_err());
        assert!(parse("").is_err());
    }
}
