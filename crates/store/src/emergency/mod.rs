//! Emergency command's tables: response plans, incidents with their steps, append-only log
//! and CAP alerts; drills with their findings; residents' tips.

pub mod drills;
pub mod incidents;
pub mod plans;
pub mod tips;
