//! The case state machine of "三番两次一回访": repeated sessions at a level, escalation when
//! they keep failing or the deadline passes, an agreement, and follow-up visits before a case
//! may close. Every action either yields a new valid state or is refused with a reason.

use super::MediationLevel;

crate::named_enum! {
    /// Where a case stands.
    pub enum Status ("案件状态") {
        /// Being mediated at its level.
        Open => ("open", "调解中"),
        /// An agreement was reached; follow-up visits are pending.
        Agreed => ("agreed", "已达成协议,待回访"),
        /// The last follow-up found the matter stable.
        Closed => ("closed", "已办结"),
        /// The parties declined mediation and were guided to litigation, arbitration or an
        /// administrative channel (诉调对接).
        Referred => ("referred", "已引导至诉讼/仲裁/行政渠道"),
    }
}

crate::named_enum! {
    /// How a mediation session ended.
    pub enum Outcome ("调解结果") {
        Agreed => ("agreed", "达成一致"),
        Partial => ("partial", "部分达成"),
        Failed => ("failed", "调解未成"),
        Refused => ("refused", "一方拒绝"),
    }
}

crate::named_enum! {
    /// What a follow-up visit found.
    pub enum FollowUpResult ("回访结果") {
        Stable => ("stable", "稳定"),
        Unstable => ("unstable", "不稳定"),
    }
}

/// Something that happens to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Session(Outcome),
    /// Escalation by the level's supervisor.
    Escalate,
    /// A higher level hands the case back down.
    HandBack {
        to: MediationLevel,
    },
    /// The agreement is recorded, with this many follow-ups scheduled.
    Agree {
        followups: u32,
    },
    FollowUp(FollowUpResult),
    /// The parties decline mediation.
    Refer,
    /// A new dispute between the same parties or at the same address.
    Reopen {
        at_least: MediationLevel,
    },
    /// The level's deadline passed.
    DeadlinePassed,
    /// The early warning found a high risk.
    HighRisk,
}

/// The state the machine needs; the store keeps it in the case row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseState {
    pub status: Status,
    pub level: MediationLevel,
    pub failed_at_level: u32,
    pub escalation_suggested: bool,
    pub followups_pending: u32,
    pub has_agreement: bool,
    pub last_followup_stable: Option<bool>,
}

/// The result of an action: the new state and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub state: CaseState,
    /// (from, to) when the level changed.
    pub moved: Option<(MediationLevel, MediationLevel)>,
    pub suggestion_raised: bool,
}

/// Why an action is not allowed now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("案件{0},不能再记录调解")]
    NotOpen(&'static str),
    #[error("已是最高一级(联合调解),不能再上交")]
    AtTop,
    #[error("只能交回到比当前更低的层级")]
    NotLower,
    #[error("尚未达成协议,不能回访")]
    NoAgreement,
    #[error("案件{0},不能重新启动")]
    NotEnded(&'static str),
    #[error("至少要安排一次回访")]
    NoFollowUps,
}

impl CaseState {
    pub fn new(level: MediationLevel) -> CaseState {
        CaseState {
            status: Status::Open,
            level: level.clamp(1, 4),
            failed_at_level: 0,
            escalation_suggested: false,
            followups_pending: 0,
            has_agreement: false,
            last_followup_stable: None,
        }
    }

    fn at_level(self, level: MediationLevel) -> CaseState {
        CaseState {
            level,
            failed_at_level: 0,
            escalation_suggested: false,
            ..self
        }
    }

    /// Applies an action under the given failure thresholds.
    pub fn apply(
        self,
        action: Action,
        suggest_after: u32,
        escalate_after: u32,
    ) -> Result<Transition, TransitionError> {
        let open = |s: CaseState| match s.status {
            Status::Open => Ok(()),
            other => Err(TransitionError::NotOpen(other.label())),
        };
        let moved = |from: CaseState, to: CaseState| Transition {
            moved: (from.level != to.level).then_some((from.level, to.level)),
            state: to,
            suggestion_raised: false,
        };
        match action {
            Action::Session(outcome) => {
                open(self)?;
                if !matches!(outcome, Outcome::Failed | Outcome::Refused) {
                    return Ok(moved(self, self));
                }
                let failed = self.failed_at_level + 1;
                if failed >= escalate_after && self.level < 4 {
                    return Ok(moved(self, self.at_level(self.level + 1)));
                }
                let suggest = failed >= suggest_after;
                let next = CaseState {
                    failed_at_level: failed,
                    escalation_suggested: self.escalation_suggested || suggest,
                    ..self
                };
                Ok(Transition {
                    suggestion_raised: suggest && !self.escalation_suggested,
                    ..moved(self, next)
                })
            }
            Action::Escalate | Action::DeadlinePassed => {
                open(self)?;
                if self.level >= 4 {
                    return match action {
                        Action::Escalate => Err(TransitionError::AtTop),
                        _ => Ok(moved(self, self)),
                    };
                }
                Ok(moved(self, self.at_level(self.level + 1)))
            }
            Action::HighRisk => {
                open(self)?;
                let to = super::level_for_risk(self.level, crate::RiskLevel::Red);
                Ok(moved(
                    self,
                    if to != self.level {
                        self.at_level(to)
                    } else {
                        self
                    },
                ))
            }
            Action::HandBack { to } => {
                open(self)?;
                if to < 1 || to >= self.level {
                    return Err(TransitionError::NotLower);
                }
                Ok(moved(self, self.at_level(to)))
            }
            Action::Agree { followups } => {
                open(self)?;
                if followups == 0 {
                    return Err(TransitionError::NoFollowUps);
                }
                let next = CaseState {
                    status: Status::Agreed,
                    followups_pending: followups,
                    has_agreement: true,
                    last_followup_stable: None,
                    ..self
                };
                Ok(moved(self, next))
            }
            Action::FollowUp(result) => {
                if self.status != Status::Agreed || self.followups_pending == 0 {
                    return Err(match self.status {
                        Status::Open | Status::Referred => TransitionError::NoAgreement,
                        other => TransitionError::NotOpen(other.label()),
                    });
                }
                let next = match result {
                    FollowUpResult::Stable if self.followups_pending == 1 => CaseState {
                        status: Status::Closed,
                        followups_pending: 0,
                        last_followup_stable: Some(true),
                        ..self
                    },
                    FollowUpResult::Stable => CaseState {
                        followups_pending: self.followups_pending - 1,
                        last_followup_stable: Some(true),
                        ..self
                    },
                    FollowUpResult::Unstable => CaseState {
                        status: Status::Open,
                        followups_pending: 0,
                        has_agreement: false,
                        last_followup_stable: Some(false),
                        ..self.at_level(self.level)
                    },
                };
                Ok(moved(self, next))
            }
            Action::Refer => {
                open(self)?;
                Ok(moved(
                    self,
                    CaseState {
                        status: Status::Referred,
                        ..self
                    },
                ))
            }
            Action::Reopen { at_least } => {
                if !matches!(self.status, Status::Agreed | Status::Closed) {
                    return Err(TransitionError::NotEnded(self.status.label()));
                }
                let level = self.level.max(at_least.clamp(1, 4));
                let next = CaseState {
                    status: Status::Open,
                    followups_pending: 0,
                    has_agreement: false,
                    ..self.at_level(level)
                };
                Ok(moved(self, next))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn run(state: CaseState, actions: &[Action]) -> CaseState {
        actions
            .iter()
            .fold(state, |s, a| s.apply(*a, 2, 3).unwrap().state)
    }

    #[test]
    fn two_failures_suggest_escalation_and_three_escalate() {
        let s = CaseState::new(1);
        let t = s.apply(Action::Session(Outcome::Failed), 2, 3).unwrap();
        assert!(!t.state.escalation_suggested);
        let t = t
            .state
            .apply(Action::Session(Outcome::Refused), 2, 3)
            .unwrap();
        assert!(t.state.escalation_suggested && t.suggestion_raised);
        let t = t
            .state
            .apply(Action::Session(Outcome::Failed), 2, 3)
            .unwrap();
        assert_eq!(t.moved, Some((1, 2)));
        assert_eq!(t.state.failed_at_level, 0);
        assert!(!t.state.escalation_suggested);
    }

    #[test]
    fn a_case_closes_only_after_its_last_follow_up_is_stable() {
        let s = run(
            CaseState::new(2),
            &[
                Action::Session(Outcome::Agreed),
                Action::Agree { followups: 3 },
            ],
        );
        assert_eq!(s.status, Status::Agreed);
        let s = run(
            s,
            &[
                Action::FollowUp(FollowUpResult::Stable),
                Action::FollowUp(FollowUpResult::Stable),
            ],
        );
        assert_eq!(s.status, Status::Agreed);
        let s = run(s, &[Action::FollowUp(FollowUpResult::Stable)]);
        assert_eq!(s.status, Status::Closed);
    }

    #[test]
    fn an_unstable_follow_up_reopens_the_case_at_its_level() {
        let s = run(
            CaseState::new(2),
            &[
                Action::Agree { followups: 3 },
                Action::FollowUp(FollowUpResult::Unstable),
            ],
        );
        assert_eq!(
            (s.status, s.level, s.has_agreement),
            (Status::Open, 2, false)
        );
    }

    #[test]
    fn actions_out_of_turn_are_refused() {
        let open = CaseState::new(1);
        assert_eq!(
            open.apply(Action::FollowUp(FollowUpResult::Stable), 2, 3),
            Err(TransitionError::NoAgreement)
        );
        assert_eq!(
            open.apply(Action::HandBack { to: 1 }, 2, 3),
            Err(TransitionError::NotLower)
        );
        assert!(open.apply(Action::Reopen { at_least: 1 }, 2, 3).is_err());
        let referred = run(open, &[Action::Refer]);
        assert!(matches!(
            referred.apply(Action::Session(Outcome::Failed), 2, 3),
            Err(TransitionError::NotOpen(_))
        ));
        let closed = run(
            open,
            &[
                Action::Agree { followups: 1 },
                Action::FollowUp(FollowUpResult::Stable),
            ],
        );
        assert!(closed.apply(Action::Agree { followups: 1 }, 2, 3).is_err());
        assert_eq!(
            CaseState::new(4).apply(Action::Escalate, 2, 3),
            Err(TransitionError::AtTop)
        );
    }

    #[test]
    fn high_risk_lifts_a_case_to_the_police_station_at_least() {
        assert_eq!(
            CaseState::new(1)
                .apply(Action::HighRisk, 2, 3)
                .unwrap()
                .state
                .level,
            3
        );
        assert_eq!(
            CaseState::new(4)
                .apply(Action::HighRisk, 2, 3)
                .unwrap()
                .state
                .level,
            4
        );
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            prop_oneof![
                Just(Outcome::Agreed),
                Just(Outcome::Partial),
                Just(Outcome::Failed),
                Just(Outcome::Refused)
            ]
            .prop_map(Action::Session),
            Just(Action::Escalate),
            (0u8..6).prop_map(|to| Action::HandBack { to }),
            (0u32..4).prop_map(|followups| Action::Agree { followups }),
            prop_oneof![Just(FollowUpResult::Stable), Just(FollowUpResult::Unstable)]
                .prop_map(Action::FollowUp),
            Just(Action::Refer),
            (0u8..6).prop_map(|at_least| Action::Reopen { at_least }),
            Just(Action::DeadlinePassed),
            Just(Action::HighRisk),
        ]
    }

    proptest! {
        #[test]
        fn random_action_sequences_never_reach_an_invalid_state(
            start in 1u8..=4,
            actions in proptest::collection::vec(action(), 0..60),
        ) {
            let mut s = CaseState::new(start);
            for a in actions {
                let before = s;
                match s.apply(a, 2, 3) {
                    Ok(t) => s = t.state,
                    Err(_) => prop_assert_eq!(s, before),
                }
                prop_assert!((1..=4).contains(&s.level));
                prop_assert!(s.level < 4 && s.failed_at_level < 3 || s.level == 4);
                match s.status {
                    Status::Closed => prop_assert!(s.has_agreement && s.last_followup_stable == Some(true) && s.followups_pending == 0),
                    Status::Agreed => prop_assert!(s.has_agreement && s.followups_pending > 0),
                    Status::Open | Status::Referred => prop_assert_eq!(s.followups_pending, 0),
                }
                if before.status == Status::Referred {
                    prop_assert_eq!(s, before, "a referred case is final");
                }
            }
        }
    }
}
