//! Room bookings at the neighbourhood centres: when a room may be booked (opening hours,
//! closures, half-hour steps), which half-hour slots a booking holds — the store keeps one
//! row per slot under a unique key, so that two bookings of one slot cannot both be written,
//! whichever node writes them — and when an unattended booking is released.

use crate::calendar::{date_of, start_of};
use chrono::{Datelike, Duration, NaiveDate};
use std::fmt;

/// Bookings start and end on these steps, in minutes; the store's slots are this long.
pub const SLOT_MINUTES: i64 = 30;
const SLOT_MS: i64 = SLOT_MINUTES * 60_000;
/// A booking nobody checked in to is released this long after its start.
pub const RELEASE_AFTER_MS: i64 = 15 * 60_000;
/// Check-in opens this long before the start.
pub const CHECK_IN_EARLY_MS: i64 = 15 * 60_000;
/// The longest booking: a morning or an afternoon.
pub const MAX_MINUTES: i64 = 4 * 60;
/// How far ahead a room may be booked.
pub const AHEAD_DAYS: i64 = 60;
/// The most weeks a recurring booking runs.
pub const MAX_WEEKS: u32 = 12;

crate::named_enum! {
    pub enum BookingStatus ("预订状态") {
        Pending => ("pending", "待审批"),
        Confirmed => ("confirmed", "已预订"),
        CheckedIn => ("checked_in", "已签到"),
        Released => ("released", "超时未签到,已释放"),
        Cancelled => ("cancelled", "已取消"),
        Refused => ("refused", "未获批准"),
    }
}

impl BookingStatus {
    /// Whether the booking still holds its slots.
    pub fn holds(self) -> bool {
        matches!(
            self,
            BookingStatus::Pending | BookingStatus::Confirmed | BookingStatus::CheckedIn
        )
    }
}

crate::named_enum! {
    pub enum RoomKind ("房间类型") {
        Library => ("library", "图书室"),
        Activity => ("activity", "活动室"),
        ParentChild => ("parent_child", "亲子活动中心"),
        LegalAid => ("legal_aid", "法律援助工作站"),
        Counselling => ("counselling", "心理咨询室"),
        Meeting => ("meeting", "议事厅"),
    }
}

crate::named_enum! {
    pub enum CentreKind ("场所类型") {
        WelfareBase => ("welfare_base", "公益基地"),
        Neighbourhood => ("neighbourhood", "党群服务中心(邻里中心)"),
    }
}

/// When a centre is open: minutes after midnight, and the weekdays (Monday first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub opens: i64,
    pub closes: i64,
    pub days: [bool; 7],
}

impl Hours {
    /// From the stored form: "08:30", "20:30" and the open weekdays as digits, "1234567".
    pub fn parse(opens: &str, closes: &str, days: &str) -> Option<Hours> {
        let (opens, closes) = (parse_clock(opens)?, parse_clock(closes)?);
        let mut open = [false; 7];
        for c in days.chars() {
            let d = c.to_digit(10).filter(|d| (1..=7).contains(d))?;
            open[d as usize - 1] = true;
        }
        (opens < closes).then_some(Hours {
            opens,
            closes,
            days: open,
        })
    }

    /// "周一至周日 08:30–20:30", for pages.
    pub fn describe(&self) -> String {
        const NAMES: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
        let days: Vec<&str> = (0..7).filter(|&i| self.days[i]).map(|i| NAMES[i]).collect();
        let days = match days.len() {
            7 => "每天".to_owned(),
            0 => "暂停开放".to_owned(),
            _ => format!("周{}", days.join("、")),
        };
        format!("{days} {}–{}", clock(self.opens), clock(self.closes))
    }
}

/// "08:30" as minutes after midnight.
pub fn parse_clock(s: &str) -> Option<i64> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

/// Minutes after midnight as "08:30".
pub fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Why a time cannot be booked. Each says so in words a resident understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Misaligned,
    Empty,
    TooLong,
    Past,
    TooFar,
    ClosedDay(NaiveDate),
    Closure(NaiveDate, String),
    OutsideHours(Hours),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Misaligned => write!(f, "开始和结束时间须为整点或半点"),
            Refusal::Empty => write!(f, "结束时间须晚于开始时间"),
            Refusal::TooLong => write!(f, "一次最多预订 {} 小时", MAX_MINUTES / 60),
            Refusal::Past => write!(f, "不能预订已经过去的时间"),
            Refusal::TooFar => write!(f, "最多提前 {AHEAD_DAYS} 天预订"),
            Refusal::ClosedDay(d) => write!(f, "{} 不开放", d.format("%Y-%m-%d")),
            Refusal::Closure(d, why) => write!(f, "{} 闭馆:{why}", d.format("%Y-%m-%d")),
            Refusal::OutsideHours(h) => write!(f, "须在开放时间内:{}", h.describe()),
        }
    }
}

/// A time asked for: a day and the minutes it starts and ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    pub day: NaiveDate,
    pub start: i64,
    pub end: i64,
}

/// Checks a time against the centre's hours and closures and answers its instants (ms).
pub fn check(
    ask: Ask,
    hours: &Hours,
    closures: &[(NaiveDate, String)],
    now_ms: i64,
) -> Result<(i64, i64), Refusal> {
    if ask.start % SLOT_MINUTES != 0 || ask.end % SLOT_MINUTES != 0 {
        return Err(Refusal::Misaligned);
    }
    if ask.end <= ask.start {
        return Err(Refusal::Empty);
    }
    if ask.end - ask.start > MAX_MINUTES {
        return Err(Refusal::TooLong);
    }
    let starts = start_of(ask.day) + ask.start * 60_000;
    let ends = start_of(ask.day) + ask.end * 60_000;
    if starts < now_ms {
        return Err(Refusal::Past);
    }
    if ask.day > date_of(now_ms) + Duration::days(AHEAD_DAYS) {
        return Err(Refusal::TooFar);
    }
    if !hours.days[ask.day.weekday().num_days_from_monday() as usize] {
        return Err(Refusal::ClosedDay(ask.day));
    }
    if let Some((d, why)) = closures.iter().find(|(d, _)| *d == ask.day) {
        return Err(Refusal::Closure(*d, why.clone()));
    }
    if ask.start < hours.opens || ask.end > hours.closes {
        return Err(Refusal::OutsideHours(*hours));
    }
    Ok((starts, ends))
}

/// The slots a booking from `starts` to `ends` holds, by their starting instant.
pub fn slots(starts: i64, ends: i64) -> impl Iterator<Item = i64> {
    let first = starts - starts.rem_euclid(SLOT_MS);
    (0..)
        .map(move |i| first + i * SLOT_MS)
        .take_while(move |&s| s < ends)
}

/// The days of a weekly booking: `first` and the same weekday after it, `weeks` in all.
pub fn weekly(first: NaiveDate, weeks: u32) -> Vec<NaiveDate> {
    (0..weeks.clamp(1, MAX_WEEKS))
        .map(|w| first + Duration::weeks(w.into()))
        .collect()
}

/// Whether a booking can be checked in to now: from a quarter before its start until it is
/// released.
pub fn check_in_open(starts: i64, now_ms: i64) -> bool {
    now_ms >= starts - CHECK_IN_EARLY_MS && now_ms < starts + RELEASE_AFTER_MS
}

/// Whether an unattended booking is now released.
pub fn released(status: BookingStatus, starts: i64, now_ms: i64) -> bool {
    status == BookingStatus::Confirmed && now_ms >= starts + RELEASE_AFTER_MS
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hours() -> Hours {
        Hours::parse("08:30", "20:30", "123456").expect("hours")
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day")
    }

    const NOW: &str = "2026-12-01";

    fn now() -> i64 {
        start_of(day(NOW))
    }

    #[test]
    fn a_booking_inside_the_hours_is_accepted() {
        let ask = Ask {
            day: day("2026-12-02"),
            start: 9 * 60,
            end: 11 * 60 + 30,
        };
        let (s, e) = check(ask, &hours(), &[], now()).expect("accepted");
        assert_eq!(e - s, 150 * 60_000);
        assert_eq!(slots(s, e).count(), 5);
    }

    #[test]
    fn times_off_the_half_hour_outside_hours_on_closed_days_are_refused() {
        let h = hours();
        let at = |d: &str, s: i64, e: i64| {
            check(
                Ask {
                    day: day(d),
                    start: s,
                    end: e,
                },
                &h,
                &[(day("2026-12-03"), "设备检修".into())],
                now(),
            )
        };
        assert_eq!(
            at("2026-12-02", 9 * 60 + 10, 10 * 60),
            Err(Refusal::Misaligned)
        );
        assert_eq!(at("2026-12-02", 10 * 60, 10 * 60), Err(Refusal::Empty));
        assert_eq!(
            at("2026-12-02", 8 * 60, 9 * 60),
            Err(Refusal::OutsideHours(h))
        );
        assert_eq!(at("2026-12-02", 9 * 60, 14 * 60), Err(Refusal::TooLong));
        assert_eq!(
            at("2026-12-06", 9 * 60, 10 * 60),
            Err(Refusal::ClosedDay(day("2026-12-06"))),
            "a Sunday"
        );
        assert!(matches!(
            at("2026-12-03", 9 * 60, 10 * 60),
            Err(Refusal::Closure(..))
        ));
        assert_eq!(at("2026-11-30", 9 * 60, 10 * 60), Err(Refusal::Past));
        assert_eq!(at("2027-03-01", 9 * 60, 10 * 60), Err(Refusal::TooFar));
        assert!(Refusal::OutsideHours(h)
            .to_string()
            .contains("周一、二、三、四、五、六 08:30–20:30"));
    }

    #[test]
    fn weekly_bookings_keep_the_weekday_and_are_capped() {
        let days = weekly(day("2026-12-02"), 3);
        assert_eq!(
            days,
            vec![day("2026-12-02"), day("2026-12-09"), day("2026-12-16")]
        );
        assert_eq!(weekly(day("2026-12-02"), 99).len(), MAX_WEEKS as usize);
    }

    #[test]
    fn an_unattended_booking_is_released_a_quarter_after_its_start() {
        let s = now() + 10 * 3_600_000;
        assert!(!released(
            BookingStatus::Confirmed,
            s,
            s + RELEASE_AFTER_MS - 1
        ));
        assert!(released(BookingStatus::Confirmed, s, s + RELEASE_AFTER_MS));
        assert!(!released(BookingStatus::CheckedIn, s, s + RELEASE_AFTER_MS));
        assert!(!check_in_open(s, s - CHECK_IN_EARLY_MS - 1));
        assert!(check_in_open(s, s + RELEASE_AFTER_MS - 1));
    }

    #[test]
    fn clocks_and_hours_parse_and_print() {
        assert_eq!(parse_clock("08:30"), Some(510));
        assert_eq!(parse_clock("24:00"), Some(1440));
        assert_eq!(parse_clock("24:30"), None);
        assert_eq!(parse_clock("8"), None);
        assert_eq!(clock(510), "08:30");
        assert_eq!(Hours::parse("09:00", "08:00", "1"), None);
        assert_eq!(Hours::parse("08:00", "09:00", "18"), None);
        assert_eq!(
            Hours::parse("08:00", "21:00", "1234567")
                .expect("h")
                .describe(),
            "每天 08:00–21:00"
        );
    }

    proptest! {
        /// Two bookings of a room share a slot exactly when their times overlap: the slot rows
        /// refuse every double booking and nothing else.
        #[test]
        fn slots_collide_exactly_when_times_overlap(a in 0i64..40, la in 1i64..9, b in 0i64..40, lb in 1i64..9) {
            let base = now();
            let span = |s: i64, l: i64| (base + s * SLOT_MS, base + (s + l) * SLOT_MS);
            let (sa, ea) = span(a, la);
            let (sb, eb) = span(b, lb);
            let held: std::collections::HashSet<i64> = slots(sa, ea).collect();
            let collide = slots(sb, eb).any(|s| held.contains(&s));
            prop_assert_eq!(collide, sa < eb && sb < ea);
        }
    }
}
