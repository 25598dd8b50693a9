//! Serving residents' tables: the working calendar, the catalogue of matters, and online
//! applications with their deadlines in working days; centres, rooms and bookings.

pub mod aid;
pub mod applications;
pub mod calendar;
pub mod care;
pub mod counselling;
pub mod matters;
pub mod questions;
pub mod rooms;
pub mod volunteering;
