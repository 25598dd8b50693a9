//! Persistence for Fengqiao with sqlx, one implementation for SQLite and PostgreSQL.
//!
//! Reads go straight to a pool. Writes go through [`Store::write`], which runs them in a
//! transaction with their audit records; on SQLite a single writer groups concurrent writes
//! into shared commits (group commit) so that durability does not cap throughput.

pub mod accounts;
pub mod api_keys;
pub mod assessment;
pub mod audit;
pub mod changes;
pub mod culture;
mod db;
pub mod dialect;
pub mod emergency;
mod error;
pub mod forces;
pub mod group;
pub mod inbox;
pub mod keys;
pub mod leader;
pub mod mediation;
pub mod note_keys;
pub mod prevention;
pub mod rate;
pub mod ratings;
pub mod regions;
pub mod requests;
pub mod services;
pub mod sessions;
pub mod sign_in;
pub mod versioned;
pub mod versions;
mod wal;
mod writer;

pub use db::{Backend, Store, Synchronous};
pub use error::StoreError;
pub use writer::BoxFuture;

/// The connection type every query runs on.
pub type Conn = sqlx::AnyConnection;

/// Milliseconds since the Unix epoch, the form every instant is stored in.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The key (`yyyymm`) of the monthly roll-ups' row for an instant.
pub(crate) fn month_key(ms: i64) -> Result<i64, StoreError> {
    fengqiao_core::time::month_key(ms)
        .ok_or_else(|| StoreError::Invalid(format!("时间 {ms} 超出范围")))
}
