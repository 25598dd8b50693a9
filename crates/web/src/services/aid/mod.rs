//! Emergency aid (急难救助): legal, serious-illness and hardship aid through the review chain
//! community → town → department, with documents, payment and a public tracking code.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;
