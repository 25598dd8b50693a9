//! Integration tests: the real server on port 0, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod aid;
mod assessment;
mod audit;
mod auth;
mod bad_input;
mod browser;
mod care;
mod counselling;
mod crash;
mod culture;
mod emergency;
mod everyday;
mod forces;
mod hardening;
mod inbox;
mod lists;
mod map;
mod matrix;
mod mediation;
mod nodes;
mod open311;
mod pages;
mod partitioning;
mod portal;
mod prevention;
mod regions;
mod rooms;
mod search;
mod services;
mod store;
mod transfer;
