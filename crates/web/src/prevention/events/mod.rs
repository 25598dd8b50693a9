//! Large public events (大型群众性活动): applications answered by the regulation's rules (the
//! permit threshold, the 20-day lead, the city bureau's share), a first risk assessment, the
//! police's decision within 7 days, and the organiser's report afterwards.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
