//! Moving regions in and out as district offices keep them: boundaries in GeoJSON, rosters in
//! Excel. An import checks every row first and writes all of it in one transaction, or nothing.

pub mod read;
pub mod validate;
mod write;

pub use read::{read_rows, RawRow};
pub use validate::{validate, Rejected};
pub use write::export_regions;

use fengqiao_store::regions::{self, NewRegion};
use fengqiao_store::Store;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;

/// File formats for regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Geojson,
    Xlsx,
}

impl Format {
    /// Guesses the format from a file name.
    pub fn of_path(path: &Path) -> anyhow::Result<Format> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("geojson" | "json") => Ok(Format::Geojson),
            Some("xlsx") => Ok(Format::Xlsx),
            _ => anyhow::bail!(
                "无法识别 {} 的格式:应为 .geojson/.json 或 .xlsx",
                path.display()
            ),
        }
    }
}

/// What an import did.
#[derive(Debug)]
pub struct ImportReport {
    pub accepted: usize,
    pub rejected: Vec<Rejected>,
    /// False when bad rows refused the whole file.
    pub written: bool,
}

/// A progress bar on the terminal (hidden when output is not a terminal).
pub fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

/// Imports regions from a file. With `skip_bad`, bad rows are reported and the rest written;
/// without it, any bad row refuses the whole file.
pub async fn import_regions(
    store: &Store,
    path: &Path,
    skip_bad: bool,
) -> anyhow::Result<ImportReport> {
    let rows = read_rows(path)?;
    let existing = regions::all(store.pool()).await?;
    let (accepted, rejected) = validate(&rows, &existing);
    if !rejected.is_empty() && !skip_bad {
        return Ok(ImportReport {
            accepted: accepted.len(),
            rejected,
            written: false,
        });
    }
    let bar = progress(accepted.len() as u64, "写入区划");
    let count = accepted.len();
    let job_bar = bar.clone();
    store
        .write(move |c| {
            Box::pin(async move {
                for r in &accepted {
                    regions::upsert(c, "import", r).await?;
                    job_bar.inc(1);
                }
                Ok(())
            })
        })
        .await?;
    bar.finish_and_clear();
    Ok(ImportReport {
        accepted: count,
        rejected,
        written: true,
    })
}

/// Writes regions straight from code (used by tests and the demo).
pub async fn write_regions(store: &Store, rows: Vec<NewRegion>) -> anyhow::Result<()> {
    store
        .write(move |c| {
            Box::pin(async move {
                for r in &rows {
                    regions::upsert(c, "import", r).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}
