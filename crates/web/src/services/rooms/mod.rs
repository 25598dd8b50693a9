//! Welfare bases and neighbourhood centres (公益基地、党群服务中心): rooms booked by residents
//! and teams without double booking, approval where a room needs it, check-in and release,
//! weekly bookings, and each room's iCalendar feed.

pub mod api;
pub mod feeds;
pub mod ics;
pub mod pages;
pub mod service;
