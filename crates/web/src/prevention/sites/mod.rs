//! The public-safety risk register (责任清单): places and holders that answer for a risk —
//! dangerous goods, crowded venues, new business forms, construction sites, scenic areas,
//! enterprises — inspected on a plan set by their risk, each finding rectified by a deadline and
//! closed by a re-inspection.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
