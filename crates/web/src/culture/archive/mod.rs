//! The archive of Weibin's history — figures, stories, places, red sites and culture halls —
//! with dates that may be uncertain, sources, photos and a point on the map; and the education
//! events at red sites around 1 July and National Day, with groups' bookings and attendance.

pub mod api;
pub mod pages;
pub mod service;
