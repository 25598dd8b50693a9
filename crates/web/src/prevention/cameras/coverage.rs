//! Each compound's cover over the last seven days: its cameras (working now, and the hours any
//! of them worked) and the patrols of its grid, as hours nobody watched; and the region's
//! totals — compounds with a working camera, key places with one.

use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::prevention::camera::{unwatched_hours, working_spans, CameraStatus};
use fengqiao_core::region::Level;
use fengqiao_core::time::DAY_MS;
use fengqiao_store::prevention::{cameras, patrols};
use fengqiao_store::StoreError;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// One compound's week.
#[derive(Debug, Clone, Serialize)]
pub struct CompoundCover {
    pub code: String,
    pub name: String,
    pub grid_name: String,
    pub cameras: usize,
    pub working: usize,
    pub patrol_hours: f64,
    pub unwatched_hours: f64,
}

/// A region's cover.
#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    pub compounds: usize,
    /// Compounds with at least one camera working now.
    pub covered: usize,
    pub key_places: usize,
    pub key_places_covered: usize,
    /// The week counted: `[from, to)`.
    pub from: i64,
    pub to: i64,
    /// The least watched first.
    pub items: Vec<CompoundCover>,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A compound, its cameras, and the spans they worked in the week.
type Watched<'a> = (&'a AtlasRegion, Vec<&'a cameras::CameraRow>, Vec<(i64, i64)>);

/// The cover of every compound under `region` for the seven days before `now`. Patrol spans
/// are read only for the grids of compounds whose cameras left some of the week unwatched:
/// on a year of patrols the rows, not the arithmetic, are what costs.
pub async fn of(state: &AppState, region: &AtlasRegion, now: i64) -> Result<Cover, StoreError> {
    let week = (now - 7 * DAY_MS, now);
    let pool = state.store.pool();
    let all = cameras::list(pool, &region.path, None, 100_000).await?;
    let faults = cameras::faults(pool, &region.path, Some(week.0), None).await?;
    let mut outages: HashMap<i64, Vec<(i64, Option<i64>)>> = HashMap::new();
    for f in &faults {
        outages
            .entry(f.camera_id)
            .or_default()
            .push((f.reported_at, f.repaired_at));
    }
    let working_now = |c: &cameras::CameraRow| c.status == CameraStatus::Working.as_str();
    let atlas = state.atlas();
    // Each compound with its cameras and the spans they worked.
    let compounds: Vec<Watched> =
        std::iter::once(region)
            .chain(atlas.descendants(region))
            .filter(|r| r.level == Level::Compound)
            .map(|compound| {
                let mine: Vec<&cameras::CameraRow> = all
                    .iter()
                    .filter(|c| c.compound_code.as_deref() == Some(compound.code.as_str()))
                    .collect();
                let watched = mine
                    .iter()
                    .filter(|c| c.status != CameraStatus::Retired.as_str())
                    .flat_map(|c| {
                        working_spans(
                            week,
                            c.installed_at,
                            outages.get(&c.id).map_or(&[][..], Vec::as_slice),
                        )
                    })
                    .collect();
                (compound, mine, watched)
            })
            .collect();
    let grid_of = |c: &AtlasRegion| c.parent_code.clone().unwrap_or_default();
    let gaps: BTreeSet<String> = compounds
        .iter()
        .filter(|(_, _, watched)| unwatched_hours(week, watched, &[]) > 0.0)
        .map(|(c, _, _)| grid_of(c))
        .collect();
    let gaps: Vec<String> = gaps.into_iter().collect();
    let mut by_grid: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    for (grid, a, b) in patrols::spans(pool, &gaps, week).await? {
        by_grid.entry(grid).or_default().push((a, b));
    }
    let hours: HashMap<String, i64> = patrols::hours_near_compounds(pool, &region.path, week)
        .await?
        .into_iter()
        .collect();
    let items: Vec<CompoundCover> = compounds
        .iter()
        .map(|(compound, mine, watched)| {
            let grid = grid_of(compound);
            let walked = by_grid.get(&grid).map_or(&[][..], Vec::as_slice);
            CompoundCover {
                code: compound.code.clone(),
                name: compound.name.clone(),
                grid_name: atlas.get(&grid).map_or_else(String::new, |g| g.name.clone()),
                cameras: mine.len(),
                working: mine.iter().filter(|c| working_now(c)).count(),
                patrol_hours: round1(hours.get(&grid).copied().unwrap_or(0) as f64 / 3_600_000.0),
                unwatched_hours: round1(unwatched_hours(week, watched, walked)),
            }
        })
        .collect();
    let key_places: BTreeSet<&str> = all
        .iter()
        .filter(|c| !c.key_place.is_empty())
        .map(|c| c.key_place.as_str())
        .collect();
    let key_places_covered = key_places
        .iter()
        .filter(|k| all.iter().any(|c| c.key_place == **k && working_now(c)))
        .count();
    let mut items = items;
    items.sort_by(|a, b| {
        b.unwatched_hours
            .total_cmp(&a.unwatched_hours)
            .then_with(|| a.code.cmp(&b.code))
    });
    Ok(Cover {
        compounds: items.len(),
        covered: items.iter().filter(|i| i.working > 0).count(),
        key_places: key_places.len(),
        key_places_covered,
        from: week.0,
        to: week.1,
        items,
    })
}
