//! The mediation JSON API. Handlers parse (`super::commands`), call the service, and answer.

mod actions;
mod admin;
mod cases;

pub use actions::{
    add_photo, add_session, agreement, escalate, followup, get_photo, handback, refer, reveal_phone,
};
pub use admin::{add_mediator, funnel, get_policy, mediators, put_policy};
pub use cases::{create, get, list};
