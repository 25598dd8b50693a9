//! Counter-terror and emergency drills, and the response plans their findings change.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
