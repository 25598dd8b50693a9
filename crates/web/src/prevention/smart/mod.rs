//! Smart-security compounds (技防): each compound's checklist of the eight subsystems, the level
//! it reaches under the district's standard, and the district's progress to the year's target.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
