//! Risk prevention (安全防控): the rules of patrols and their tracks, with no I/O.

pub mod camera;
pub mod eco;
pub mod events;
pub mod gpx;
pub mod shift;
pub mod sites;
pub mod smart;
pub mod track;
