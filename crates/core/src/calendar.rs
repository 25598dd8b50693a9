//! The official working calendar (工作日): weekends off, the State Council's public holidays
//! off, and its make-up working days (调休) on, whatever day of the week they fall. The
//! coordinator loads each year's holidays and make-up days as data; time limits in working days
//! are counted on it. The day something is received does not count: a limit of n working days
//! ends at the close of the nth working day after it.

use crate::time::{DAY_MS, OFFSET_MS};
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::HashMap;

crate::named_enum! {
    /// What the calendar says of a date.
    pub enum DayKind ("日期类型") {
        Holiday => ("holiday", "法定节假日"),
        Workday => ("workday", "调休上班"),
    }
}

/// Why a line of a holiday file was refused; messages are for the coordinator who made it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("第 {line} 行:应为「日期,holiday 或 workday,名称」,如 2026-10-01,holiday,国庆节")]
    Shape { line: usize },
    #[error("第 {line} 行:日期「{text}」应为 YYYY-MM-DD")]
    Date { line: usize, text: String },
    #[error("第 {line} 行:类型「{text}」应为 holiday(放假)或 workday(调休上班)")]
    Kind { line: usize, text: String },
    #[error("第 {line} 行:{date} 在文件中出现了两次")]
    Twice { line: usize, date: NaiveDate },
    #[error("文件中没有日期")]
    Empty,
}

/// One line of a holiday file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// Reads a holiday file: one `date,kind,name` per line; blank lines and `#` comments skipped.
pub fn parse(text: &str) -> Result<Vec<CalendarDay>, CalendarError> {
    let mut out: Vec<CalendarDay> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let l = raw.trim().trim_start_matches('\u{feff}');
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = l.splitn(3, [',', ',']).map(str::trim).collect();
        let [date, kind, name] = parts[..] else {
            return Err(CalendarError::Shape { line });
        };
        let date =
            NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| CalendarError::Date {
                line,
                text: date.chars().take(20).collect(),
            })?;
        let kind = DayKind::parse(kind).ok_or_else(|| CalendarError::Kind {
            line,
            text: kind.chars().take(20).collect(),
        })?;
        if out.iter().any(|d| d.date == date) {
            return Err(CalendarError::Twice { line, date });
        }
        out.push(CalendarDay {
            date,
            kind,
            name: name.chars().take(40).collect(),
        });
    }
    if out.is_empty() {
        return Err(CalendarError::Empty);
    }
    Ok(out)
}

/// The Beijing date of an instant.
pub fn date_of(ms: i64) -> NaiveDate {
    let days = (ms + OFFSET_MS).div_euclid(DAY_MS);
    NaiveDate::from_num_days_from_ce_opt(719_163 + i32::try_from(days).unwrap_or(0))
        .unwrap_or_default()
}

/// The instant a Beijing date starts.
pub fn start_of(date: NaiveDate) -> i64 {
    (i64::from(date.num_days_from_ce()) - 719_163) * DAY_MS - OFFSET_MS
}

/// The calendar: the exceptions to "Monday to Friday".
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    exceptions: HashMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> WorkCalendar {
        WorkCalendar {
            exceptions: days.into_iter().collect(),
        }
    }

    pub fn is_working(&self, d: NaiveDate) -> bool {
        match self.exceptions.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The last instant of the `n`th working day after the day of `at` (n ≥ 1; 0 is the end
    /// of the day itself).
    pub fn due(&self, at: i64, n: i64) -> i64 {
        let mut d = date_of(at);
        let mut left = n.max(0);
        // A year of holidays cannot hold more than a few weeks off in a row; the bound only
        // guards against a calendar with no working days at all.
        let mut guard = 0;
        while left > 0 && guard < 100_000 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_working(d) {
                left -= 1;
            }
            guard += 1;
        }
        start_of(d) + DAY_MS - 1
    }

    /// Working days left until `due` as of `now`: today counts if it is a working day and
    /// the due day is not past. Negative when overdue: the working days since the due day.
    pub fn remaining(&self, now: i64, due: i64) -> i64 {
        let count = |from: NaiveDate, to: NaiveDate| -> i64 {
            let n = from
                .iter_days()
                .take_while(|d| *d <= to)
                .filter(|d| self.is_working(*d))
                .count();
            i64::try_from(n).unwrap_or(i64::MAX)
        };
        let (today, last) = (date_of(now), date_of(due));
        if now <= due {
            count(today, last)
        } else {
            -count(last.succ_opt().unwrap_or(last), today)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The 2026 National Day holiday: 1–7 October off, Sunday 20 September a make-up day.
    fn national_day_2026() -> WorkCalendar {
        let mut days: Vec<(NaiveDate, DayKind)> = (1..=7)
            .map(|d| (ymd(2026, 10, d), DayKind::Holiday))
            .collect();
        days.push((ymd(2026, 9, 20), DayKind::Workday));
        days.push((ymd(2026, 10, 10), DayKind::Workday));
        WorkCalendar::new(days)
    }

    #[test]
    fn a_friday_request_counts_the_make_up_sunday() {
        let cal = national_day_2026();
        let friday_noon = start_of(ymd(2026, 9, 18)) + 12 * 3_600_000;
        // Sun 20 (make-up), Mon 21, Tue 22, Wed 23, Thu 24.
        assert_eq!(date_of(cal.due(friday_noon, 5)), ymd(2026, 9, 24));
        let without = WorkCalendar::default();
        assert_eq!(date_of(without.due(friday_noon, 5)), ymd(2026, 9, 25));
    }

    #[test]
    fn the_holiday_week_does_not_count() {
        let cal = national_day_2026();
        let tuesday = start_of(ymd(2026, 9, 29)) + 3_600_000;
        // Wed 30, then Thu 8, Fri 9, Sat 10 (make-up).
        assert_eq!(date_of(cal.due(tuesday, 4)), ymd(2026, 10, 10));
        assert_eq!(
            cal.remaining(start_of(ymd(2026, 10, 3)), cal.due(tuesday, 4)),
            3
        );
    }

    #[test]
    fn a_holiday_file_is_read_and_its_mistakes_named() {
        let ok =
            parse("# 2026\n2026-10-01,holiday,国庆节\n2026-09-20,workday,国庆调休\n\n").unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1].kind, DayKind::Workday);
        assert_eq!(
            parse("2026-13-01,holiday,x"),
            Err(CalendarError::Date {
                line: 1,
                text: "2026-13-01".into()
            })
        );
        assert!(matches!(
            parse("2026-10-01,off,x"),
            Err(CalendarError::Kind { .. })
        ));
        assert!(matches!(
            parse("2026-10-01"),
            Err(CalendarError::Shape { line: 1 })
        ));
        assert!(matches!(
            parse("2026-10-01,holiday,a\n2026-10-01,holiday,b"),
            Err(CalendarError::Twice { line: 2, .. })
        ));
        assert_eq!(parse("# nothing"), Err(CalendarError::Empty));
    }

    proptest! {
        /// The due day is a working day, exactly n working days lie after the day of receipt up
        /// to it, and on the day of receipt that many remain.
        #[test]
        fn due_is_the_nth_working_day(offset in 0i64..800, hour in 0i64..24, n in 1i64..30) {
            let cal = national_day_2026();
            let at = start_of(ymd(2026, 1, 1)) + offset * DAY_MS + hour * 3_600_000;
            let due = cal.due(at, n);
            let (from, to) = (date_of(at), date_of(due));
            prop_assert!(cal.is_working(to));
            let between = from.succ_opt().unwrap().iter_days().take_while(|d| *d <= to).filter(|d| cal.is_working(*d)).count() as i64;
            prop_assert_eq!(between, n);
            prop_assert_eq!(cal.remaining(at, due), n + i64::from(cal.is_working(from)));
            prop_assert!(cal.due(at, n + 1) > due);
        }
    }
}
