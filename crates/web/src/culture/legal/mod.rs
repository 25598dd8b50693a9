//! Legal education: "one theme a week, one feature a month" as recurring series with their
//! exceptions, published as an iCalendar feed; sessions ordered from the menu by communities
//! and units with a speaker from the rule-of-law teams and attendance by door code; the legal
//! book corners of the culture halls.

pub mod api;
pub mod ics;
pub mod pages;
pub mod service;
