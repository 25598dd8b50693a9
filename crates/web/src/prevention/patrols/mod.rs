//! Patrols (人防): shifts walked per grid with their GPS tracks, the checkpoints they pass, the
//! hours per grid, and the grids nobody walked.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
pub mod view;
