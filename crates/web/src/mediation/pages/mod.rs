//! The mediation pages: the case list, intake, one case with its actions and printed
//! agreement, the funnel and the policy.

mod case;
mod list;
mod overview;
mod new;
mod report;

pub use case::{act, agreement_print, case, reveal};
pub use list::{list, overdue};
pub use overview::overview;
pub use new::{new_form, new_submit};
pub use report::{funnel, funnel_svg, policy, policy_save};
