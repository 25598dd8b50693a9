//! Psychological services (心理服务): the district's expert pool, appointments under an alias,
//! counselling notes sealed under each counsellor's own key, break-glass readings by a
//! supervisor, and the crisis protocol.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
