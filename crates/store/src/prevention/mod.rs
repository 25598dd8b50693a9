//! Risk prevention's tables: patrols with their tracks and the checkpoints they pass.

pub mod cameras;
pub mod eco;
pub mod events;
pub mod patrols;
pub mod sites;
pub mod smart;
