//! Incidents under two-level command: the workflow, its pages and API, the live log, the
//! CAP warnings, and what incidents feed to the lists and the map.

pub mod api;
pub mod cap;
pub mod feeds;
pub mod pages;
pub mod service;
pub mod stream;
pub mod view;
