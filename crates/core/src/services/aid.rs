//! Emergency aid (急难救助): legal aid, serious-illness aid and hardship aid. Each kind has
//! its eligibility checklist; an application goes up a review chain — community, town,
//! department — each step deciding with its reasons, and no step may decide before the one
//! below it has approved. A refusal at any step ends the chain; the department's approval is
//! followed by the payment.

crate::named_enum! {
    pub enum AidKind ("救助类型") {
        Legal => ("legal", "法律援助"),
        Illness => ("illness", "大病救助"),
        Hardship => ("hardship", "临时困难救助"),
    }
}

impl AidKind {
    /// What the reviewers check, item by item.
    pub fn checklist(self) -> &'static [&'static str] {
        match self {
            AidKind::Legal => &[
                "经济困难,无力支付律师费用",
                "属于法律援助事项范围",
                "案件或事项由本区管辖",
            ],
            AidKind::Illness => &[
                "本区户籍或持本区居住证",
                "已按规定享受基本医保和大病保险报销",
                "自付医疗费用超过家庭上年收入的 40%",
            ],
            AidKind::Hardship => &[
                "因突发事件、意外事故或重大疾病导致基本生活暂时困难",
                "家庭人均收入低于本地低保标准的 2 倍",
                "近 12 个月内未因同一事由获得救助",
            ],
        }
    }
}

crate::named_enum! {
    /// Who decides at each step of the chain, in order.
    pub enum Stage ("审核环节") {
        Community => ("community", "社区初审"),
        Town => ("town", "镇街审核"),
        Department => ("department", "部门审批"),
    }
}

crate::named_enum! {
    pub enum AidStatus ("救助申请状态") {
        AtCommunity => ("at_community", "待社区初审"),
        AtTown => ("at_town", "待镇街审核"),
        AtDepartment => ("at_department", "待部门审批"),
        Approved => ("approved", "已批准,待发放"),
        Paid => ("paid", "已发放"),
        Refused => ("refused", "未通过"),
    }
}

impl AidStatus {
    /// The step that decides next, if one does.
    pub fn stage(self) -> Option<Stage> {
        match self {
            AidStatus::AtCommunity => Some(Stage::Community),
            AidStatus::AtTown => Some(Stage::Town),
            AidStatus::AtDepartment => Some(Stage::Department),
            _ => None,
        }
    }

    pub fn is_open(self) -> bool {
        !matches!(self, AidStatus::Paid | AidStatus::Refused)
    }
}

/// Why a decision cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionError {
    /// The step deciding is not the one the application is at.
    NotYourTurn { at: AidStatus, by: Stage },
    /// A decision needs its reasons.
    NoReasons,
}

impl std::fmt::Display for DecisionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecisionError::NotYourTurn { at, by } => match at.stage() {
                Some(s) if (*by as u8) > (s as u8) => {
                    write!(f, "须待{}通过后才能{}", s.label(), by.label())
                }
                Some(_) => write!(f, "这一环节已经审核过,现在{}", at.label()),
                None => write!(f, "申请{},不再审核", at.label()),
            },
            DecisionError::NoReasons => write!(f, "请写明审核意见和理由"),
        }
    }
}

/// The status after `by` decides (approving or not, with its reasons).
pub fn decide(
    at: AidStatus,
    by: Stage,
    approve: bool,
    reasons: &str,
) -> Result<AidStatus, DecisionError> {
    if at.stage() != Some(by) {
        return Err(DecisionError::NotYourTurn { at, by });
    }
    if reasons.trim().chars().count() < 2 {
        return Err(DecisionError::NoReasons);
    }
    Ok(match (approve, by) {
        (false, _) => AidStatus::Refused,
        (true, Stage::Community) => AidStatus::AtTown,
        (true, Stage::Town) => AidStatus::AtDepartment,
        (true, Stage::Department) => AidStatus::Approved,
    })
}

/// The most a payment may be, in yuan: beyond it the district's special procedure applies.
pub const MAX_PAYMENT_YUAN: i64 = 50_000;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_application_climbs_community_town_department() {
        let s = decide(
            AidStatus::AtCommunity,
            Stage::Community,
            true,
            "材料齐全,情况属实",
        )
        .unwrap();
        assert_eq!(s, AidStatus::AtTown);
        let s = decide(s, Stage::Town, true, "同意").unwrap();
        assert_eq!(s, AidStatus::AtDepartment);
        assert_eq!(
            decide(s, Stage::Department, true, "批准救助 3000 元").unwrap(),
            AidStatus::Approved
        );
    }

    #[test]
    fn a_later_step_cannot_decide_before_the_earlier_one() {
        let e = decide(AidStatus::AtCommunity, Stage::Department, true, "同意").unwrap_err();
        assert_eq!(e.to_string(), "须待社区初审通过后才能部门审批");
        let e = decide(AidStatus::AtTown, Stage::Community, false, "不同意").unwrap_err();
        assert!(e.to_string().contains("已经审核过"));
        assert_eq!(
            decide(AidStatus::AtTown, Stage::Town, true, " "),
            Err(DecisionError::NoReasons)
        );
        assert!(decide(AidStatus::Refused, Stage::Community, true, "同意")
            .unwrap_err()
            .to_string()
            .contains("不再审核"));
    }

    #[test]
    fn every_kind_has_a_checklist() {
        for k in AidKind::ALL {
            assert!(k.checklist().len() >= 3);
        }
    }

    proptest! {
        /// Whatever steps try to decide in whatever order, the chain only ever moves up one
        /// step at a time, ends on a refusal, and reaches approval only through all three.
        #[test]
        fn the_chain_moves_one_step_at_a_time(tries in proptest::collection::vec((0u8..3, any::<bool>()), 0..12)) {
            let mut at = AidStatus::AtCommunity;
            let mut passed = Vec::new();
            for (who, approve) in tries {
                let by = [Stage::Community, Stage::Town, Stage::Department][who as usize];
                match decide(at, by, approve, "理由") {
                    Ok(next) => {
                        prop_assert_eq!(at.stage(), Some(by));
                        if approve { passed.push(by); }
                        at = next;
                    }
                    Err(_) => prop_assert_ne!(at.stage(), Some(by)),
                }
            }
            if at == AidStatus::Approved {
                prop_assert_eq!(passed, vec![Stage::Community, Stage::Town, Stage::Department]);
            }
        }
    }
}
