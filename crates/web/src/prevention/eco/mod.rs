//! Eco-safety in the Qinling foothills: the five disorders and wildlife cases, reported by
//! residents at the portal (and Open311) or by staff, routed to the department of their kind,
//! ordered rectified and closed by a re-check. Public views never show the exact place.

pub mod api;
pub mod desk;
pub mod feeds;
pub mod pages;
pub mod service;
