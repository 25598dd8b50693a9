//! The placement policy: which level a new dispute starts at, the deadline of each level, and
//! the follow-up schedule. It is data the district coordinator edits (as JSON); every change is
//! a new version, and every case records the version that placed it.

use super::{Category, MediationLevel, Source};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a policy document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("策略格式错误:{0}")]
    Malformed(String),
    #[error("策略内容无效:{0}")]
    Invalid(String),
}

/// The editable rules of four-level mediation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Starting level by category slug; categories not listed start at `default_level`.
    pub category_levels: BTreeMap<String, MediationLevel>,
    pub default_level: MediationLevel,
    /// Starting level by source slug (110 referrals at the station, petition backlog joint).
    pub source_levels: BTreeMap<String, MediationLevel>,
    /// This many households involved, or a whole compound, starts at the community (L2).
    pub community_households: u32,
    /// This many people involved is a collective dispute, mediated jointly (L4).
    pub collective_people: u32,
    /// Wage arrears above this amount (yuan) go to joint mediation (L4).
    pub wage_arrears_joint_yuan: f64,
    /// Days each level has before the case escalates by itself, L1 to L4.
    pub deadline_days: [u32; 4],
    /// Days after the agreement on which follow-up visits fall due.
    pub followup_days: Vec<u32>,
    /// Failed sessions at one level before escalation is suggested, and before it happens.
    pub suggest_after_failures: u32,
    pub escalate_after_failures: u32,
}

impl Default for Policy {
    fn default() -> Self {
        let levels = |pairs: &[(&str, MediationLevel)]| {
            pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
        };
        Policy {
            category_levels: levels(&[
                ("marriage_family", 1),
                ("neighbour", 1),
                ("property_management", 2),
                ("land_acquisition", 4),
            ]),
            default_level: 2,
            source_levels: levels(&[("call_110", 3), ("petition", 4)]),
            community_households: 3,
            collective_people: 10,
            wage_arrears_joint_yuan: 100_000.0,
            deadline_days: [3, 7, 10, 30],
            followup_days: vec![1, 3, 7],
            suggest_after_failures: 2,
            escalate_after_failures: 3,
        }
    }
}

/// What intake knows about a dispute that matters for placement.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub category: Category,
    pub source: Source,
    pub people: u32,
    pub households: u32,
    pub whole_compound: bool,
    /// 涉法涉诉: already before a court or about to be.
    pub litigation: bool,
    /// A minor fight (轻微打架), handled by the police station.
    pub minor_fight: bool,
    pub amount_yuan: f64,
}

/// The starting level and the rules that put it there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    pub level: MediationLevel,
    pub reasons: Vec<String>,
}

fn check_level(what: &str, l: MediationLevel) -> Result<(), PolicyError> {
    if (1..=4).contains(&l) {
        Ok(())
    } else {
        Err(PolicyError::Invalid(format!(
            "{what} 的层级应为 1 到 4,而不是 {l}"
        )))
    }
}

impl Policy {
    /// The "三番两次一回访" rule in words, with this policy's numbers.
    pub fn rhythm(&self) -> String {
        format!(
            "“三番两次一回访”:本级 {} 次未成建议上交,{} 次未成或超期自动上交;达成协议后回访稳定方可结案",
            self.suggest_after_failures, self.escalate_after_failures
        )
    }

    /// Parses and validates a policy document.
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        let p: Policy =
            serde_json::from_str(text).map_err(|e| PolicyError::Malformed(e.to_string()))?;
        p.validate()?;
        Ok(p)
    }

    pub fn validate(&self) -> Result<(), PolicyError> {
        for (k, l) in &self.category_levels {
            k.parse::<Category>()
                .map_err(|e| PolicyError::Invalid(e.to_string()))?;
            check_level(k, *l)?;
        }
        for (k, l) in &self.source_levels {
            k.parse::<Source>()
                .map_err(|e| PolicyError::Invalid(e.to_string()))?;
            check_level(k, *l)?;
        }
        check_level("default_level", self.default_level)?;
        if self.deadline_days.iter().any(|d| !(1..=365).contains(d)) {
            return Err(PolicyError::Invalid("各级期限应为 1 到 365 天".into()));
        }
        let f = &self.followup_days;
        if f.is_empty()
            || f.len() > 10
            || f.windows(2).any(|w| w[0] >= w[1])
            || f.iter().any(|d| !(1..=365).contains(d))
        {
            return Err(PolicyError::Invalid(
                "回访日程应为 1 到 10 个递增的天数(1 到 365)".into(),
            ));
        }
        if !self.wage_arrears_joint_yuan.is_finite() || self.wage_arrears_joint_yuan < 0.0 {
            return Err(PolicyError::Invalid("欠薪金额门槛应为非负数".into()));
        }
        if self.community_households == 0 || self.collective_people == 0 {
            return Err(PolicyError::Invalid("户数与人数门槛应大于 0".into()));
        }
        if self.suggest_after_failures == 0
            || self.escalate_after_failures < self.suggest_after_failures
        {
            return Err(PolicyError::Invalid(
                "建议上交次数应大于 0,且不大于自动上交次数".into(),
            ));
        }
        Ok(())
    }

    /// The deadline of a level, in days.
    pub fn deadline_days(&self, level: MediationLevel) -> u32 {
        self.deadline_days[usize::from(level.clamp(1, 4) - 1)]
    }

    /// The starting level: the highest level any rule asks for.
    pub fn place(&self, f: &Facts) -> Placement {
        let mut level = self
            .category_levels
            .get(f.category.as_str())
            .copied()
            .unwrap_or(self.default_level);
        let mut reasons = vec![format!("{}类纠纷起始于第 {level} 级", f.category.label())];
        let mut raise = |to: MediationLevel, why: String, level: &mut MediationLevel| {
            if to > *level {
                *level = to;
                reasons.push(why);
            }
        };
        if let Some(&l) = self.source_levels.get(f.source.as_str()) {
            raise(l, format!("来源为{}", f.source.label()), &mut level);
        }
        if f.whole_compound {
            raise(2, "涉及整个小区".into(), &mut level);
        }
        if f.households >= self.community_households {
            raise(2, format!("涉及 {} 户", f.households), &mut level);
        }
        if f.minor_fight {
            raise(3, "轻微打架,由派出所调解".into(), &mut level);
        }
        if f.litigation {
            raise(4, "涉法涉诉".into(), &mut level);
        }
        if f.people >= self.collective_people {
            raise(4, format!("群体性纠纷({} 人)", f.people), &mut level);
        }
        if f.category == Category::LabourWages && f.amount_yuan > self.wage_arrears_joint_yuan {
            raise(
                4,
                format!(
                    "欠薪金额 {:.0} 元超过 {:.0} 元",
                    f.amount_yuan, self.wage_arrears_joint_yuan
                ),
                &mut level,
            );
        }
        Placement { level, reasons }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(category: Category) -> Facts {
        Facts {
            category,
            source: Source::Resident,
            people: 2,
            households: 1,
            whole_compound: false,
            litigation: false,
            minor_fight: false,
            amount_yuan: 0.0,
        }
    }

    #[test]
    fn the_default_policy_places_disputes_as_the_district_does() {
        let p = Policy::default();
        assert_eq!(p.place(&facts(Category::MarriageFamily)).level, 1);
        assert_eq!(p.place(&facts(Category::Neighbour)).level, 1);
        assert_eq!(p.place(&facts(Category::PropertyManagement)).level, 2);
        assert_eq!(
            p.place(&Facts {
                households: 3,
                ..facts(Category::Neighbour)
            })
            .level,
            2
        );
        assert_eq!(
            p.place(&Facts {
                whole_compound: true,
                ..facts(Category::Neighbour)
            })
            .level,
            2
        );
        assert_eq!(
            p.place(&Facts {
                source: Source::Call110,
                ..facts(Category::Neighbour)
            })
            .level,
            3
        );
        assert_eq!(
            p.place(&Facts {
                minor_fight: true,
                ..facts(Category::Neighbour)
            })
            .level,
            3
        );
        assert_eq!(
            p.place(&Facts {
                litigation: true,
                ..facts(Category::Contract)
            })
            .level,
            4
        );
        assert_eq!(
            p.place(&Facts {
                source: Source::Petition,
                ..facts(Category::Other)
            })
            .level,
            4
        );
        assert_eq!(
            p.place(&Facts {
                people: 10,
                ..facts(Category::Neighbour)
            })
            .level,
            4
        );
        assert_eq!(p.place(&facts(Category::LandAcquisition)).level, 4);
        let wages = Facts {
            amount_yuan: 150_000.0,
            ..facts(Category::LabourWages)
        };
        let placed = p.place(&wages);
        assert_eq!(placed.level, 4);
        assert!(placed.reasons.iter().any(|r| r.contains("欠薪")));
        assert_eq!(
            p.place(&Facts {
                amount_yuan: 5_000.0,
                ..facts(Category::LabourWages)
            })
            .level,
            2
        );
    }

    #[test]
    fn a_policy_round_trips_through_json_and_bad_ones_are_refused() {
        let text = serde_json::to_string(&Policy::default()).unwrap();
        assert_eq!(Policy::from_json(&text).unwrap(), Policy::default());
        assert!(matches!(
            Policy::from_json("{"),
            Err(PolicyError::Malformed(_))
        ));
        let bad_level = text.replace("\"neighbour\":1", "\"neighbour\":7");
        assert!(matches!(
            Policy::from_json(&bad_level),
            Err(PolicyError::Invalid(_))
        ));
        let bad_cat = text.replace("\"neighbour\":1", "\"gossip\":1");
        assert!(matches!(
            Policy::from_json(&bad_cat),
            Err(PolicyError::Invalid(_))
        ));
        let bad_followups = text.replace("[1,3,7]", "[3,1]");
        assert!(matches!(
            Policy::from_json(&bad_followups),
            Err(PolicyError::Invalid(_))
        ));
    }
}
