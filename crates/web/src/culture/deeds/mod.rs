//! The boards (渭滨善行榜, 渭滨义举榜): deeds reported by anyone, verified where they happened
//! (heroism by the police), published only with the consent of the people named.

pub mod api;
pub mod pages;
pub mod service;
