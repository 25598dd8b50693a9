//! Model campaigns (渭滨好人, 最美家庭) with one vote per verified resident.

pub mod api;
pub mod pages;
pub mod service;
