//! A year of patrols over the demo district for the prevention benchmarks: on about five days
//! in seven every grid is walked once, for one to three hours between eight in the morning and
//! eight at night, with a fix every two minutes on a loop around one of its compounds (or the
//! middle of a village grid). Only the demo district gets them, whatever the scale: the
//! targets are the district's coverage and map, and a city's worth would be a billion points.

use crate::demo::{self, spots::Spots};
use crate::transfer::progress;
use fengqiao_core::geo::Shape;
use fengqiao_core::prevention::track::{self, TrackPoint};
use fengqiao_core::Level;
use fengqiao_store::prevention::patrols::{self as store, NewPatrol};
use fengqiao_store::{now_ms, Store};
use geo::Centroid;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const DAY: i64 = 86_400_000;
const MINUTE: i64 = 60_000;
/// Patrols written per transaction.
const BATCH: usize = 2_000;
/// Marks the generated patrols, so that a second run does not add another year.
const AUTHOR: &str = "bench";

/// Writes a year of patrols into a store holding the demo district; returns how many.
pub async fn generate(store: &Store) -> anyhow::Result<usize> {
    let already: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM patrols WHERE created_by = $1")
        .bind(AUTHOR)
        .fetch_one(store.pool())
        .await?;
    if already > 0 {
        return Ok(0);
    }
    let atlas = demo::atlas(&demo::district()?);
    let spots = Spots::new(&atlas);
    let grids: Vec<(String, String, f64, f64)> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid)
        .filter_map(|g| {
            let (lon, lat) = match spots.at(&g.code, 0) {
                Some((_, lon, lat)) => (lon, lat),
                None => match &g.shape {
                    Some(Shape::Area(a)) => a.centroid().map(|p| (p.x(), p.y()))?,
                    _ => return None,
                },
            };
            Some((g.code.clone(), g.path.clone(), lon, lat))
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(0x6103_0213);
    let today = fengqiao_core::time::start_of_day(now_ms());
    let mut plan: Vec<(NewPatrol, Vec<TrackPoint>)> = Vec::new();
    for day in 1..=365 {
        for (code, path, lon, lat) in &grids {
            if rng.gen_range(0..7) >= 5 {
                continue;
            }
            let start = today - day * DAY + rng.gen_range(8 * 60..18 * 60) * MINUTE;
            let fixes = rng.gen_range(30..=90);
            let radius = rng.gen_range(0.001..0.003);
            let points = (0..fixes)
                .map(|i| {
                    let turn = f64::from(i) / f64::from(fixes) * std::f64::consts::TAU;
                    TrackPoint {
                        at: start + i64::from(i) * 2 * MINUTE,
                        lon: lon + radius * turn.cos(),
                        lat: lat + radius * 0.8 * turn.sin(),
                    }
                })
                .collect();
            plan.push((
                NewPatrol {
                    grid_code: code.clone(),
                    region_path: path.clone(),
                    team_id: None,
                    members: String::new(),
                    started_at: start,
                    source: "phone",
                    created_by: AUTHOR.into(),
                    created_at: start,
                },
                points,
            ));
        }
    }
    let total = plan.len();
    let bar = progress(total as u64, "生成一年巡逻");
    let mut rest = plan.into_iter();
    loop {
        let batch: Vec<_> = rest.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let size = batch.len();
        store
            .write(move |c| {
                Box::pin(async move {
                    for (patrol, points) in &batch {
                        let id = store::insert(c, patrol).await?;
                        store::append(c, id, 1, points, track::distance(None, points)).await?;
                        let end = points.last().map_or(patrol.started_at, |p| p.at);
                        store::finish(c, id, end, "").await?;
                    }
                    Ok(())
                })
            })
            .await?;
        bar.inc(size as u64);
    }
    bar.finish_and_clear();
    Ok(total)
}
