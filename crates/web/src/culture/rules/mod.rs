//! Village and family rules (村规民约, 家规家训 — 家家悬挂家规家训): households and villages
//! submit theirs, the community reviews and publishes them in the gallery and records which
//! households have hung theirs; each community's coverage is a result and an indicator.

pub mod api;
pub mod pages;
pub mod service;
