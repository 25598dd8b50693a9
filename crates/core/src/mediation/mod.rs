//! 四级联调: four-level joint mediation. The pure rules live here — categories and sources,
//! the placement policy, the case state machine, and the early-warning score — so that they
//! can be tested exhaustively without a database.

mod category;
pub mod followup;
mod machine;
mod names;
mod policy;
mod warning;

pub use crate::named::UnknownName;
pub use category::{Category, Source};
pub use machine::{
    Action, CaseState, FollowUpResult, Outcome, Status, Transition, TransitionError,
};
pub use names::{
    CaseEvent, MediatorKind, PartyKind, PartySide, Performance, ReferralChannel, SessionMode,
};
pub use policy::{Facts, Placement, Policy, PolicyError};
pub use warning::{assess, RiskAssessment, RiskInput, Vulnerability};

/// The one overdue rule: a case still being mediated past its level's deadline. Pages, lists
/// and the API all ask this; the store's `overdue` filter is the same condition in SQL
/// (`status = 'open' AND due_at < now`). A case escalated for its deadline gets a new one and
/// is no longer overdue.
pub fn is_overdue(status: Status, due_at: i64, now: i64) -> bool {
    status == Status::Open && due_at < now
}

/// A level of the inverted funnel: 1 on-site, 2 community, 3 police station, 4 joint.
pub type MediationLevel = u8;

/// The human name of a level.
pub fn level_label(level: MediationLevel) -> &'static str {
    match level {
        1 => "现场调解(一级)",
        2 => "社区调解(二级)",
        3 => "派出所调解(三级)",
        _ => "联合调解(四级)",
    }
}

/// A high-risk case is worked at least at the police station.
pub const HIGH_RISK_FLOOR: MediationLevel = 3;

/// The level a case should be worked at given its risk: red lifts it to at least the police
/// station (L3); other risks leave it where it is.
pub fn level_for_risk(level: MediationLevel, risk: crate::RiskLevel) -> MediationLevel {
    if risk == crate::RiskLevel::Red {
        level.max(HIGH_RISK_FLOOR)
    } else {
        level
    }
}

/// How high a role reaches in the funnel: 0 for residents, 1–4 for the level a role mediates
/// at, 5 for those who supervise it all. A role may act on cases at or below its reach.
pub fn reach(role: crate::Role) -> u8 {
    use crate::Role;
    match role {
        Role::Resident => 0,
        Role::GridWorker | Role::PoliceAssistant => 1,
        Role::CommunityStaff => 2,
        Role::PoliceOfficer | Role::StationLeader => 3,
        Role::TownCommand | Role::DepartmentStaff => 4,
        Role::DistrictCoordinator | Role::Admin => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RiskLevel, Role};

    #[test]
    fn red_risk_lifts_a_case_to_the_police_station_and_no_further() {
        assert_eq!(level_for_risk(1, RiskLevel::Red), 3);
        assert_eq!(level_for_risk(4, RiskLevel::Red), 4);
        assert_eq!(level_for_risk(1, RiskLevel::Orange), 1);
    }

    #[test]
    fn every_staff_role_reaches_at_least_the_first_level() {
        for r in Role::ALL {
            assert_eq!(reach(r) == 0, !r.is_staff(), "{r}");
        }
    }
}
