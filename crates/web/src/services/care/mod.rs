//! Door-to-door care (送服务上门、送政策入企、送关怀进家): the register of residents needing care
//! and of struggling enterprises, with consent; visits on each category's plan; missed visits
//! as problems for the grid and community; "visits on time" in the assessment.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
