//! Door-to-door care (送服务上门): who is on the care register, how often each category is
//! visited, and when a visit is due and at the latest. The due and latest dates are computed
//! here once, when a person is registered or visited, and stored; "overdue" is then a plain
//! comparison the server makes for every list alike.

use crate::time::DAY_MS;

crate::named_enum! {
    pub enum CareCategory ("关爱对象类别") {
        ElderlyAlone => ("elderly_alone", "独居老人"),
        Disabled => ("disabled", "残疾人"),
        SeriouslyIll => ("seriously_ill", "重病患者"),
        LeftBehindChild => ("left_behind_child", "留守儿童"),
        Hardship => ("hardship", "困难家庭"),
        Enterprise => ("enterprise", "困难企业"),
    }
}

impl CareCategory {
    /// The visit plan: every so many days, and how many days' grace before it is missed.
    pub fn plan(self) -> (i64, i64) {
        match self {
            CareCategory::ElderlyAlone
            | CareCategory::Disabled
            | CareCategory::LeftBehindChild
            | CareCategory::Hardship => (30, 7),
            CareCategory::SeriouslyIll => (14, 3),
            CareCategory::Enterprise => (90, 15),
        }
    }

    /// The plan in words, for pages.
    pub fn plan_label(self) -> String {
        let (every, grace) = self.plan();
        let every = match every {
            30 => "每月".to_owned(),
            90 => "每季度".to_owned(),
            14 => "每两周".to_owned(),
            n => format!("每 {n} 天"),
        };
        format!("{every}走访一次(可延后 {grace} 天)")
    }

    /// Whether the register holds a person (with an ID number) rather than an enterprise.
    pub fn is_person(self) -> bool {
        self != CareCategory::Enterprise
    }
}

/// The next visit after `from` (a registration or the last visit): (due, latest), in ms.
pub fn next_visit(category: CareCategory, from: i64) -> (i64, i64) {
    let (every, grace) = category.plan();
    let due = from + every * DAY_MS;
    (due, due + grace * DAY_MS)
}

/// Whether a visit at `at` kept the plan: no later than the latest date.
pub fn on_time(at: i64, latest: i64) -> bool {
    at <= latest
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_elderly_living_alone_are_visited_monthly_with_a_weeks_grace() {
        let (due, latest) = next_visit(CareCategory::ElderlyAlone, 0);
        assert_eq!((due, latest), (30 * DAY_MS, 37 * DAY_MS));
        assert!(on_time(37 * DAY_MS, latest));
        assert!(!on_time(37 * DAY_MS + 1, latest));
        assert_eq!(
            CareCategory::ElderlyAlone.plan_label(),
            "每月走访一次(可延后 7 天)"
        );
        assert_eq!(
            CareCategory::Enterprise.plan_label(),
            "每季度走访一次(可延后 15 天)"
        );
        assert!(!CareCategory::Enterprise.is_person());
    }

    proptest! {
        /// A visit on or before the due date is always on time, and the latest date is never
        /// before the due date.
        #[test]
        fn visits_by_the_due_date_are_on_time(from in 0i64..4_000_000_000_000, early in 0i64..DAY_MS * 30, c in 0usize..6) {
            let category = CareCategory::ALL[c];
            let (due, latest) = next_visit(category, from);
            prop_assert!(latest >= due && due > from);
            prop_assert!(on_time(due - early, latest));
        }
    }
}
