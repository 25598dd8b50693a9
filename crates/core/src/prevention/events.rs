//! Large public events (大型群众性活动) under the State Council's regulation on their safety:
//! 1,000 people or more need the police's safety permit, applied for at least 20 days before
//! the event and decided within 7 days of acceptance; 5,000 or more go to the city bureau. A
//! first risk assessment weighs the crowd against the venue, its exits and the safety plan.

use crate::risk::RiskLevel;
use crate::time::{start_of_day, DAY_MS};

/// From this many expected people an event needs the permit.
pub const PERMIT_FROM: u32 = 1_000;
/// From this many the city bureau decides.
pub const CITY_FROM: u32 = 5_000;
/// Days before the event an application must come in.
pub const LEAD_DAYS: i64 = 20;
/// Days the police have to decide after accepting.
pub const DECIDE_DAYS: i64 = 7;

crate::named_enum! {
    /// Where an application stands.
    pub enum EventStatus ("审批状态") {
        Accepted => ("accepted", "已受理,待审批"),
        Approved => ("approved", "准予许可"),
        Refused => ("refused", "不予许可"),
        ReferredCity => ("referred_city", "报市公安局审批"),
        NotRequired => ("not_required", "无需安全许可"),
    }
}

/// What the rules make of an application when it comes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intake {
    /// Under [`PERMIT_FROM`] people: no permit needed.
    NotRequired,
    /// Fewer than [`LEAD_DAYS`] days before the event: refused, with the days there were.
    TooLate { days_before: i64 },
    /// [`CITY_FROM`] people or more: passed to the city bureau.
    ToCity,
    /// Accepted here, to be decided by the instant given.
    Accepted { decide_by: i64 },
}

/// Applies the regulation's thresholds and deadlines to an application made at `now` for an
/// event starting at `starts_at`.
pub fn intake(expected: u32, starts_at: i64, now: i64) -> Intake {
    if expected < PERMIT_FROM {
        return Intake::NotRequired;
    }
    // Calendar days in Beijing: applying at 09:30 for 09:00 ten days on is ten days before.
    let days_before = (start_of_day(starts_at) - start_of_day(now)).div_euclid(DAY_MS);
    if days_before < LEAD_DAYS {
        return Intake::TooLate { days_before };
    }
    if expected >= CITY_FROM {
        return Intake::ToCity;
    }
    Intake::Accepted {
        decide_by: now + DECIDE_DAYS * DAY_MS,
    }
}

/// A first risk assessment: the crowd against the venue's capacity, people per exit, and
/// whether there is a safety plan. Red means it cannot be approved as it stands.
pub fn assess(
    expected: u32,
    capacity: u32,
    exits: u32,
    has_plan: bool,
) -> (RiskLevel, Vec<String>) {
    let mut reasons = Vec::new();
    let mut level = RiskLevel::Blue;
    if capacity > 0 && expected > capacity {
        reasons.push(format!("预计 {expected} 人,超过场地核定容量 {capacity} 人"));
        level = RiskLevel::Red;
    } else if capacity > 0 && u64::from(expected) * 10 > u64::from(capacity) * 8 {
        reasons.push(format!(
            "预计人数达到场地容量的 {}%",
            u64::from(expected) * 100 / u64::from(capacity)
        ));
        level = level.max(RiskLevel::Orange);
    }
    if exits == 0 {
        reasons.push("没有登记疏散出口".into());
        level = RiskLevel::Red;
    } else if expected / exits > 1_000 {
        reasons.push(format!("每个出口约 {} 人,疏散压力大", expected / exits));
        level = level.max(RiskLevel::Orange);
    }
    if !has_plan {
        reasons.push("缺少安全工作方案".into());
        level = RiskLevel::Red;
    }
    if reasons.is_empty() {
        level = if expected >= 3_000 {
            RiskLevel::Yellow
        } else {
            RiskLevel::Blue
        };
    }
    (level, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn ten_days_before_the_event_is_too_late() {
        assert_eq!(
            intake(2_000, NOW + 10 * DAY_MS, NOW),
            Intake::TooLate { days_before: 10 }
        );
        assert_eq!(
            intake(2_000, NOW + 20 * DAY_MS, NOW),
            Intake::Accepted {
                decide_by: NOW + 7 * DAY_MS
            }
        );
        assert_eq!(intake(999, NOW + DAY_MS, NOW), Intake::NotRequired);
        assert_eq!(intake(5_000, NOW + 30 * DAY_MS, NOW), Intake::ToCity);
        assert_eq!(
            intake(5_000, NOW + 3 * DAY_MS, NOW),
            Intake::TooLate { days_before: 3 },
            "late is late, city or not"
        );
    }

    #[test]
    fn days_before_are_calendar_days_whatever_the_hour() {
        // Applying at 09:30 Beijing for 09:00 ten days on: ten days before, not nine.
        let morning = crate::time::start_of_day(NOW) + 9 * 3_600_000 + 30 * 60_000;
        let event = crate::time::start_of_day(NOW) + 10 * DAY_MS + 9 * 3_600_000;
        assert_eq!(
            intake(2_000, event, morning),
            Intake::TooLate { days_before: 10 }
        );
    }

    #[test]
    fn a_crowd_over_capacity_or_without_a_plan_is_red() {
        assert_eq!(assess(2_000, 1_500, 4, true).0, RiskLevel::Red);
        assert_eq!(assess(1_200, 3_000, 4, false).0, RiskLevel::Red);
        assert_eq!(assess(1_300, 1_500, 4, true).0, RiskLevel::Orange);
        assert_eq!(assess(1_200, 3_000, 4, true), (RiskLevel::Blue, Vec::new()));
    }
}
