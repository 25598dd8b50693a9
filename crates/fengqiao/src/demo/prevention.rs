//! The demo's patrols: every other grid that has compounds was walked once a week for the last
//! two weeks, a loop of about a kilometre around one of its compounds with a fix every 30 s; the
//! other grids were not, so the problem lists have gaps to show.

use super::spots::Spots;
use fengqiao_core::geo::Atlas;
use fengqiao_core::prevention::track::{self, TrackPoint};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Level;
use fengqiao_store::prevention::patrols::{self as store, NewPatrol};
use fengqiao_store::{now_ms, Store};

/// Fixes per demo patrol (30 s apart: 40 minutes).
const FIXES: usize = 80;

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    let spots = Spots::new(atlas);
    let now = now_ms();
    let mut plan = Vec::new();
    let grids = atlas.regions().iter().filter(|r| r.level == Level::Grid);
    for (n, grid) in grids.filter(|g| spots.at(&g.code, 0).is_some()).enumerate() {
        if n % 2 == 1 {
            continue;
        }
        let Some((_, lon, lat)) = spots.at(&grid.code, n) else {
            continue;
        };
        for week in 0..2 {
            // Mornings, a day or two ago and a week before that.
            let start =
                fengqiao_core::time::start_of_day(now - (1 + (n as i64 % 2) + week * 7) * DAY_MS)
                    + 9 * 3_600_000;
            let points: Vec<TrackPoint> = (0..FIXES)
                .map(|i| {
                    let turn = i as f64 / FIXES as f64 * std::f64::consts::TAU;
                    TrackPoint {
                        at: start + i as i64 * 30_000,
                        lon: lon + 0.0018 * turn.cos(),
                        lat: lat + 0.0014 * turn.sin(),
                    }
                })
                .collect();
            plan.push((grid.code.clone(), grid.path.clone(), start, points));
        }
    }
    store
        .write(move |c| {
            Box::pin(async move {
                for (grid_code, region_path, start, points) in plan {
                    let new = NewPatrol {
                        grid_code,
                        region_path,
                        team_id: None,
                        members: String::new(),
                        started_at: start,
                        source: "phone",
                        created_by: "demo".into(),
                        created_at: start,
                    };
                    let id = store::insert(c, &new).await?;
                    store::append(c, id, 1, &points, track::distance(None, &points)).await?;
                    let end = points.last().map_or(start, |p| p.at);
                    store::finish(c, id, end, "").await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}
