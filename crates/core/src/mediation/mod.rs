//! 四级联调: four-level joint mediation. The pure rules live here — categories and sources,
//! the placement policy, the case state machine, and the early-warning score — so that they
//! can be tested exhaustively without a database.

mod category;
mod machine;
mod policy;
mod warning;

pub use category::{Category, Source, UnknownName};
pub use machine::{
    Action, CaseState, FollowUpResult, Outcome, Status, Transition, TransitionError,
};
pub use policy::{Facts, Placement, Policy, PolicyError};
pub use warning::{assess, RiskAssessment, RiskInput, Vulnerability};

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
