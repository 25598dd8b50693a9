//! The ranked table: every indicator of every area for the regions (or teams) of a level,
//! scored against the weights.

use crate::assessment::weights::weights;
use crate::assessment::{indicators, Row, Table, Values};
use crate::AppState;
use fengqiao_core::geo::{Atlas, AtlasRegion};
use fengqiao_core::Level;
use fengqiao_store::StoreError;
use std::collections::{BTreeMap, HashMap};

pub(crate) fn regions_at<'a>(atlas: &'a Atlas, level: Level, within: &str) -> Vec<&'a AtlasRegion> {
    atlas
        .regions()
        .iter()
        .filter(|r| r.level == level && r.path.starts_with(within))
        .collect()
}

/// Builds the ranked table of a level inside a subtree.
pub async fn table(
    state: &AppState,
    level: Level,
    within: &str,
    from: i64,
    to: i64,
) -> Result<Table, StoreError> {
    let atlas = state.atlas();
    let regions = regions_at(&atlas, level, within);
    let subjects: Vec<(String, String, &AtlasRegion)> = regions
        .iter()
        .map(|r| (r.code.clone(), r.name.clone(), *r))
        .collect();
    ranked(state, level, &regions, subjects, from, to).await
}

/// The table of teams inside a subtree: each team carries the figures of the region it is
/// bound to (teams have no activity records of their own yet), ranked among teams.
pub async fn team_table(
    state: &AppState,
    within: &str,
    from: i64,
    to: i64,
) -> Result<Table, StoreError> {
    let atlas = state.atlas();
    let mut teams = Vec::new();
    for source in state.unit_sources() {
        teams.extend(source.units(state, within).await?);
    }
    let mut regions: Vec<&AtlasRegion> = Vec::new();
    let mut subjects = Vec::new();
    for t in &teams {
        let Some(r) = atlas.get(&t.region_code) else {
            continue;
        };
        if !regions.iter().any(|x| x.code == r.code) {
            regions.push(r);
        }
        subjects.push((
            format!("team:{}", t.id),
            format!("{}({} 人)", t.name, t.members),
            r,
        ));
    }
    let mut t = ranked(state, Level::Grid, &regions, subjects, from, to).await?;
    t.level_label = "队伍";
    Ok(t)
}

pub(crate) async fn ranked(
    state: &AppState,
    level: Level,
    regions: &[&AtlasRegion],
    subjects: Vec<(String, String, &AtlasRegion)>,
    from: i64,
    to: i64,
) -> Result<Table, StoreError> {
    // The areas' figures are read side by side, each on a connection of its own.
    let started = std::time::Instant::now();
    let parts = futures_util::future::try_join_all(state.indicator_sources().into_iter().map(
        |source| async move {
            let more = source.values(state, regions, from, to).await?;
            // `FENGQIAO_LOG=fengqiao_web::assessment=debug` shows when each area's part came.
            tracing::debug!(
                indicators = ?more.keys().collect::<Vec<_>>(),
                micros = started.elapsed().as_micros() as u64,
                "indicator source"
            );
            Ok::<_, StoreError>(more)
        },
    ))
    .await?;
    let mut values: Values = HashMap::new();
    for more in parts {
        values.extend(more);
    }
    let (weights_version, weights) = weights(state).await?;
    let indicators = indicators(state);
    let worst: HashMap<&str, f64> = indicators
        .iter()
        .filter(|i| !i.percent)
        .map(|i| {
            (
                i.code,
                values
                    .get(i.code)
                    .map_or(0.0, |m| m.values().copied().fold(0.0, f64::max)),
            )
        })
        .collect();
    let mut rows: Vec<Row> = subjects
        .into_iter()
        .map(|(code, name, r)| {
            let mut line = BTreeMap::new();
            let (mut sum, mut weight) = (0.0, 0.0);
            for i in &indicators {
                let v = values.get(i.code).and_then(|m| m.get(&r.code)).copied();
                line.insert(i.code, v);
                let (Some(v), Some(w)) = (v, weights.get(i.code).copied().filter(|w| *w > 0.0))
                else {
                    continue;
                };
                let score = match (i.percent, i.higher_is_better) {
                    (true, true) => v,
                    (true, false) => 100.0 - v,
                    (false, better) => {
                        let max = worst.get(i.code).copied().unwrap_or(0.0);
                        let share = if max > 0.0 { v / max } else { 0.0 };
                        if better {
                            100.0 * share
                        } else {
                            100.0 * (1.0 - share)
                        }
                    }
                };
                sum += w * score;
                weight += w;
            }
            Row {
                rank: 0,
                region_code: code,
                region_name: name,
                values: line,
                score: if weight > 0.0 {
                    (sum / weight * 10.0).round() / 10.0
                } else {
                    0.0
                },
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.region_code.cmp(&b.region_code))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    Ok(Table {
        level,
        level_label: level.label(),
        from,
        to,
        weights_version,
        weights,
        indicators,
        rows,
    })
}

/// The table asked for: a level's regions, or the teams.
pub async fn table_of(
    state: &AppState,
    level: Option<Level>,
    within: &str,
    from: i64,
    to: i64,
) -> Result<Table, StoreError> {
    match level {
        Some(l) => table(state, l, within, from, to).await,
        None => team_table(state, within, from, to).await,
    }
}
