//! Residents' tip-offs with receipts, and the receiving station's side of them.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
pub mod view;
