//! Volunteer service (志愿服务): positions, sign-up, hours served (which feed the results list).

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
