//! Legal education, "one theme a week, one feature a month" (一周一主题、一月一专题): a
//! series repeats weekly or monthly from its first session for a number of times; single
//! sessions may be cancelled or moved. The same expansion feeds the pages, the lists and the
//! iCalendar feed (which writes the rule itself, with its exceptions, for calendar apps).

use crate::time::local_datetime;
use chrono::{Datelike, Months};

crate::named_enum! {
    pub enum Cadence ("周期") {
        Weekly => ("weekly", "每周主题"),
        Monthly => ("monthly", "每月专题"),
    }
}

crate::named_enum! {
    /// Themes of legal education; the list the district teaches from.
    pub enum Theme ("普法主题") {
        Environment => ("environment", "生态环境保护"),
        WorkSafety => ("work_safety", "安全生产"),
        Petitions => ("petitions", "信访法治化"),
        FoodSafety => ("food_safety", "食品安全"),
        Women => ("women", "妇女权益保障"),
        Minors => ("minors", "未成年人保护"),
        Fraud => ("fraud", "防范电信网络诈骗"),
        Civil => ("civil", "民法典"),
        AntiDrug => ("anti_drug", "禁毒"),
        Constitution => ("constitution", "宪法"),
    }
}

/// A planned series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub cadence: Cadence,
    /// The first session's start (ms).
    pub first_start: i64,
    pub minutes: i64,
    pub count: u32,
    /// Original starts of cancelled sessions.
    pub cancelled: Vec<i64>,
    /// (original start, new start) of moved sessions.
    pub moved: Vec<(i64, i64)>,
}

/// One session as it will be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// Where the rule puts it (its identity in the series).
    pub original: i64,
    pub start: i64,
    pub end: i64,
    pub moved: bool,
}

/// Why a plan is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("次数应为 1 到 104 次")]
    Count,
    #[error("时长应为 15 分钟到 8 小时")]
    Minutes,
    #[error("每月专题请安排在每月 1 日到 28 日之间,以免有的月份没有这一天")]
    MonthDay,
    #[error("这个系列在 {0} 没有安排活动")]
    NotInSeries(String),
}

impl Series {
    pub fn check(&self) -> Result<(), PlanError> {
        if !(1..=104).contains(&self.count) {
            return Err(PlanError::Count);
        }
        if !(15..=480).contains(&self.minutes) {
            return Err(PlanError::Minutes);
        }
        if self.cadence == Cadence::Monthly
            && local_datetime(self.first_start).is_none_or(|d| d.day() > 28)
        {
            return Err(PlanError::MonthDay);
        }
        Ok(())
    }

    /// The starts the rule gives, before exceptions.
    pub fn rule_starts(&self) -> Vec<i64> {
        let Some(first) = local_datetime(self.first_start) else {
            return Vec::new();
        };
        (0..self.count)
            .filter_map(|i| match self.cadence {
                Cadence::Weekly => Some(first + chrono::Duration::weeks(i64::from(i))),
                Cadence::Monthly => first.checked_add_months(Months::new(i)),
            })
            .map(|d| d.timestamp_millis())
            .collect()
    }

    /// Whether `original` is one of the rule's starts.
    pub fn holds(&self, original: i64) -> Result<(), PlanError> {
        if self.rule_starts().contains(&original) {
            Ok(())
        } else {
            Err(PlanError::NotInSeries(crate::time::minute(original)))
        }
    }

    /// The sessions as they will be held, in time order: cancelled ones left out, moved ones
    /// at their new time.
    pub fn occurrences(&self) -> Vec<Occurrence> {
        let mut out: Vec<Occurrence> = self
            .rule_starts()
            .into_iter()
            .filter(|s| !self.cancelled.contains(s))
            .map(|s| {
                let moved = self.moved.iter().rev().find(|m| m.0 == s).map(|m| m.1);
                let start = moved.unwrap_or(s);
                Occurrence {
                    original: s,
                    start,
                    end: start + self.minutes * 60_000,
                    moved: moved.is_some(),
                }
            })
            .collect();
        out.sort_by_key(|o| o.start);
        out
    }

    /// `FREQ=WEEKLY;COUNT=12` for iCalendar.
    pub fn rrule(&self) -> String {
        let freq = match self.cadence {
            Cadence::Weekly => "WEEKLY",
            Cadence::Monthly => "MONTHLY",
        };
        format!("FREQ={freq};COUNT={}", self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn at(s: &str) -> i64 {
        parse_instant(s).unwrap()
    }

    #[test]
    fn a_weekly_theme_skips_its_cancelled_week_and_keeps_the_moved_one_once() {
        let s = Series {
            cadence: Cadence::Weekly,
            first_start: at("2026-12-07T09:00"),
            minutes: 90,
            count: 4,
            cancelled: vec![at("2026-12-14T09:00")],
            moved: vec![(at("2026-12-21T09:00"), at("2026-12-22T15:00"))],
        };
        let o = s.occurrences();
        let starts: Vec<String> = o.iter().map(|o| crate::time::minute(o.start)).collect();
        assert_eq!(
            starts,
            ["2026-12-07 09:00", "2026-12-22 15:00", "2026-12-28 09:00"]
        );
        assert!(o[1].moved && o[1].original == at("2026-12-21T09:00"));
        assert_eq!(s.rrule(), "FREQ=WEEKLY;COUNT=4");
    }

    #[test]
    fn a_monthly_feature_keeps_its_day_of_month() {
        let s = Series {
            cadence: Cadence::Monthly,
            first_start: at("2026-11-28T14:00"),
            minutes: 120,
            count: 4,
            cancelled: vec![],
            moved: vec![],
        };
        assert_eq!(s.check(), Ok(()));
        let days: Vec<String> = s
            .occurrences()
            .iter()
            .map(|o| crate::time::day(o.start))
            .collect();
        assert_eq!(
            days,
            ["2026-11-28", "2026-12-28", "2027-01-28", "2027-02-28"]
        );
        let late = Series {
            first_start: at("2026-12-30T14:00"),
            ..s
        };
        assert_eq!(late.check(), Err(PlanError::MonthDay));
    }

    #[test]
    fn only_the_rules_own_dates_can_be_cancelled_or_moved() {
        let s = Series {
            cadence: Cadence::Weekly,
            first_start: at("2026-12-07T09:00"),
            minutes: 90,
            count: 2,
            cancelled: vec![],
            moved: vec![],
        };
        assert!(s.holds(at("2026-12-14T09:00")).is_ok());
        assert!(s.holds(at("2026-12-21T09:00")).is_err());
        assert!(s.holds(at("2026-12-14T10:00")).is_err());
    }
}
