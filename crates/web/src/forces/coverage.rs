//! The coverage scorecard: each mandate checked at every region of its level inside a scope,
//! with the share met and the gaps, each gap addressed to the unit that must close it.

use crate::AppState;
use fengqiao_core::forces::{default_mandates, Mandate, Requirement};
use fengqiao_core::Level;
use fengqiao_store::forces::{self as store, RegionCount};
use fengqiao_store::{Store, StoreError};
use serde::Serialize;

/// A region that falls short of a mandate.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub region_code: String,
    pub region_name: String,
    #[serde(skip)]
    pub region_path: String,
    pub have: i64,
    pub need: u32,
}

/// One mandate's line on the scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct MandateScore {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub level_label: &'static str,
    pub regions: usize,
    pub met: usize,
    pub share: f64,
    pub gaps: Vec<Gap>,
    /// Paths of every region checked, for roll-ups to any level.
    #[serde(skip)]
    pub checked: Vec<String>,
}

/// The current mandates: the newest stored version, else the defaults.
pub async fn mandates(store: &Store) -> Result<(i64, Vec<Mandate>), StoreError> {
    match fengqiao_store::versioned::current(store.pool(), fengqiao_store::forces::MANDATES).await?
    {
        Some((v, body)) => Ok((
            v,
            serde_json::from_str(&body).map_err(|e| StoreError::Invalid(e.to_string()))?,
        )),
        None => Ok((0, default_mandates())),
    }
}

async fn counts(
    store: &Store,
    within: &str,
    m: &Mandate,
) -> Result<(Vec<RegionCount>, u32), StoreError> {
    let level = m.level.as_str();
    Ok(match m.requirement {
        Requirement::Staff { role, min } => (
            store::staff_counts(store.pool(), within, level, role.as_str()).await?,
            min,
        ),
        Requirement::Team { kind, min } => (
            store::team_counts(store.pool(), within, level, kind.as_str()).await?,
            min,
        ),
        Requirement::Facility { kind, min } => (
            store::facility_counts(store.pool(), within, level, kind.as_str()).await?,
            min,
        ),
    })
}

/// The scorecard of every mandate inside the subtree with this path: eight mandates checked at
/// every region of their level, most of a coordinator's problem list when summed afresh, so it
/// is kept while the forces' data version stands (`versions::memo`) and is never stale.
pub async fn scorecard(
    store: &Store,
    within: &str,
) -> Result<std::sync::Arc<Vec<MandateScore>>, StoreError> {
    fengqiao_store::versions::memo(store, fengqiao_store::versions::FORCES, within, || {
        score_afresh(store, within)
    })
    .await
}

async fn score_afresh(store: &Store, within: &str) -> Result<Vec<MandateScore>, StoreError> {
    let (_, mandates) = mandates(store).await?;
    let mut out = Vec::with_capacity(mandates.len());
    for m in mandates {
        let (rows, need) = counts(store, within, &m).await?;
        let gaps: Vec<Gap> = rows
            .iter()
            .filter(|r| r.count < i64::from(need))
            .map(|r| Gap {
                region_code: r.code.clone(),
                region_name: r.name.clone(),
                region_path: r.path.clone(),
                have: r.count,
                need,
            })
            .collect();
        let regions = rows.len();
        let met = regions - gaps.len();
        out.push(MandateScore {
            level_label: m.level.label(),
            share: if regions == 0 {
                1.0
            } else {
                met as f64 / regions as f64
            },
            code: m.code,
            name: m.name,
            level: m.level,
            regions,
            met,
            gaps,
            checked: rows.into_iter().map(|r| r.path).collect(),
        });
    }
    Ok(out)
}

/// The share of mandates met by each grid, counting the mandates of the grid itself and of the
/// regions above it (its community and town) — what the coverage layer colours.
pub async fn grid_shares(
    state: &AppState,
    within: &str,
) -> Result<std::collections::HashMap<String, f64>, StoreError> {
    use std::collections::HashMap;
    let atlas = state.atlas();
    let Some(district) = atlas.regions().iter().find(|r| r.level == Level::District) else {
        return Ok(HashMap::new());
    };
    let card = scorecard(&state.store, &district.path).await?;
    let mut applicable: HashMap<Level, usize> = HashMap::new();
    for m in card.iter() {
        *applicable.entry(m.level).or_default() += 1;
    }
    let per_grid_total: usize = [Level::District, Level::Town, Level::Community, Level::Grid]
        .iter()
        .map(|l| applicable.get(l).copied().unwrap_or(0))
        .sum();
    let gaps: Vec<&Gap> = card
        .iter()
        .filter(|m| m.level <= Level::Grid)
        .flat_map(|m| m.gaps.iter())
        .collect();
    let mut out = HashMap::new();
    for grid in atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid && r.path.starts_with(within))
    {
        let missing = gaps
            .iter()
            .filter(|g| grid.path.starts_with(&g.region_path))
            .count();
        let share = if per_grid_total == 0 {
            1.0
        } else {
            (per_grid_total - missing.min(per_grid_total)) as f64 / per_grid_total as f64
        };
        out.insert(grid.code.clone(), share);
    }
    Ok(out)
}
