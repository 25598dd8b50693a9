//! The public-safety risk register (责任清单): the kinds of places and holders that answer for a
//! risk, how often each is inspected by its risk level, and how long a finding may stay open.

use crate::risk::RiskLevel;
use crate::time::DAY_MS;

crate::named_enum! {
    /// What kind of place or holder a site is.
    pub enum SiteKind ("风险点类型") {
        DangerousGoods => ("dangerous_goods", "危爆物品单位"),
        CrowdedVenue => ("crowded_venue", "人员密集场所"),
        NewBusiness => ("new_business", "新业态"),
        ConstructionSite => ("construction_site", "建筑工地"),
        ScenicArea => ("scenic_area", "景区"),
        Enterprise => ("enterprise", "企业"),
    }
}

crate::named_enum! {
    /// The creation campaign a site takes part in.
    pub enum Campaign ("平安创建") {
        None => ("none", "未参加"),
        SafeEnterprise => ("safe_enterprise", "平安企业"),
        SafeScenicArea => ("safe_scenic_area", "平安景区"),
    }
}

/// Days between inspections at a risk level: red weekly, orange fortnightly, yellow monthly,
/// blue quarterly.
pub fn interval_days(risk: RiskLevel) -> i64 {
    match risk {
        RiskLevel::Red => 7,
        RiskLevel::Orange => 14,
        RiskLevel::Yellow => 30,
        RiskLevel::Blue => 90,
    }
}

/// Days a finding may stay open before its re-inspection, by the site's risk.
pub fn rectify_days(risk: RiskLevel) -> i64 {
    match risk {
        RiskLevel::Red => 3,
        RiskLevel::Orange => 7,
        RiskLevel::Yellow => 15,
        RiskLevel::Blue => 30,
    }
}

/// When the next inspection is due: an interval after the last one (or after registration).
pub fn next_due(last: i64, risk: RiskLevel) -> i64 {
    last + interval_days(risk) * DAY_MS
}

/// Whole days from `from` to `to`, rounded up, never negative: how long something took or how
/// late it is.
pub fn days_between(from: i64, to: i64) -> i64 {
    ((to - from).max(0) + DAY_MS - 1) / DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_red_site_is_inspected_weekly_and_its_findings_closed_in_three_days() {
        assert_eq!(next_due(0, RiskLevel::Red), 7 * DAY_MS);
        assert_eq!(rectify_days(RiskLevel::Red), 3);
        assert_eq!(days_between(0, DAY_MS + 1), 2);
        assert_eq!(days_between(5, 0), 0);
    }

    proptest! {
        /// The riskier a site, the sooner it is inspected again and the less time a finding has.
        #[test]
        fn riskier_sites_are_watched_more_closely(a in 0usize..4, b in 0usize..4) {
            let (x, y) = (RiskLevel::ALL[a], RiskLevel::ALL[b]);
            if x > y {
                prop_assert!(interval_days(x) < interval_days(y));
                prop_assert!(rectify_days(x) < rectify_days(y));
            }
        }
    }
}
