//! Serving residents' tables: the working calendar, the catalogue of matters, and online
//! applications with their deadlines in working days.

pub mod applications;
pub mod calendar;
pub mod matters;
pub mod questions;
