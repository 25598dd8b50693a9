//! Cameras of the 雪亮工程 (物防): the registry under GB/T 28181 device codes, outages as repair
//! tasks with a deadline, and each compound's cover — working cameras and patrols — as hours
//! unwatched last week.

pub mod api;
pub mod coverage;
pub mod feeds;
pub mod pages;
pub mod service;
pub mod sheet;
