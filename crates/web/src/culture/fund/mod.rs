//! The heroism fund (见义勇为基金): its double-entry books, payouts on verified heroism with
//! two officers, the public summary and the Beancount export.

pub mod api;
pub mod pages;
pub mod service;
