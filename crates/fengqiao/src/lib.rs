//! The Fengqiao binary as a library, so integration tests start the real server in-process on
//! port 0 and drive the same command code the command line does.

pub mod bench_data;
pub mod demo;
pub mod fuzzing;
pub mod load;
pub mod server;
pub mod transfer;

/// Where `fengqiao demo` keeps its SQLite database inside the data folder.
pub const DEMO_DB_FILE: &str = "fengqiao.db";

/// The SQLite URL of a file.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}", path.display())
}
