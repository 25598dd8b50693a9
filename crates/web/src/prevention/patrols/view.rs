//! How patrols are shown to people and programs: grid and team by name, hours and kilometres,
//! the checkpoints passed, the week per grid.

use crate::error::ApiError;
use crate::AppState;
use fengqiao_core::prevention::track::TrackPoint;
use fengqiao_core::region::Level;
use fengqiao_core::time::{self, DAY_MS};
use fengqiao_store::prevention::patrols::{self as store, Checkpoint, PatrolRow};
use serde::Serialize;
use serde_json::{json, Value};

/// A patrol as the API and pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct PatrolView {
    pub id: i64,
    pub grid_code: String,
    pub grid_name: String,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub members: String,
    pub started_at: i64,
    /// `2026-11-30 09:00`, Beijing time.
    pub started: String,
    pub ended_at: Option<i64>,
    pub finished: bool,
    pub minutes: i64,
    pub distance_m: f64,
    pub points: i64,
    pub findings: String,
    /// `phone`, `gpx` or `page`, and in words.
    pub source: String,
    pub source_label: &'static str,
    pub created_by: String,
    /// Checkpoints passed, by name with the time (full views only).
    pub visited: Vec<(String, String)>,
}

fn source_label(s: &str) -> &'static str {
    match s {
        "phone" => "手机上传",
        "gpx" => "GPX 导入",
        _ => "页面登记",
    }
}

/// The list's view: no checkpoints.
pub fn patrol_brief(state: &AppState, r: PatrolRow) -> PatrolView {
    let grid_name = state
        .atlas()
        .get(&r.grid_code)
        .map_or_else(|| r.grid_code.clone(), |g| g.name.clone());
    PatrolView {
        id: r.id,
        grid_name,
        minutes: r.duration_ms() / 60_000,
        started: time::minute(r.started_at),
        finished: r.ended_at.is_some(),
        source_label: source_label(&r.source),
        grid_code: r.grid_code,
        team_id: r.team_id,
        team_name: r.team_name,
        members: r.members,
        started_at: r.started_at,
        ended_at: r.ended_at,
        distance_m: (r.distance_m * 10.0).round() / 10.0,
        points: r.points,
        findings: r.findings,
        source: r.source,
        created_by: r.created_by,
        visited: Vec::new(),
    }
}

/// The full view, with the checkpoints passed.
pub async fn patrol(state: &AppState, r: PatrolRow) -> Result<PatrolView, ApiError> {
    let pool = state.store.pool();
    let visits = store::visits(pool, r.id).await?;
    let checkpoints = if visits.is_empty() {
        Vec::new()
    } else {
        let grid_path = state
            .atlas()
            .get(&r.grid_code)
            .map(|g| g.path.clone())
            .unwrap_or_else(|| r.region_path.clone());
        store::checkpoints(pool, &grid_path).await?
    };
    let mut v = patrol_brief(state, r);
    v.visited = visits
        .into_iter()
        .filter_map(|(cp, at)| {
            checkpoints
                .iter()
                .find(|c| c.id == cp)
                .map(|c| (c.name.clone(), time::minute(at)))
        })
        .collect();
    Ok(v)
}

/// Names typed in one field, separated by commas, 、 or spaces.
pub fn split_names(s: &str) -> Vec<String> {
    s.split([',', ',', '、', ' ', ';', ';'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The track as one GeoJSON Feature.
pub fn track_feature(p: &PatrolView, points: &[TrackPoint]) -> Value {
    let coords: Vec<[f64; 2]> = points.iter().map(|t| [t.lon, t.lat]).collect();
    json!({
        "type": "Feature",
        "id": p.id,
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": {
            "name": format!("{} {} 巡逻", p.grid_name, p.started),
            "grid_code": p.grid_code,
            "grid_name": p.grid_name,
            "started_at": time::iso(p.started_at),
            "ended_at": p.ended_at.map(time::iso),
            "distance_m": p.distance_m,
            "minutes": p.minutes,
            "times": points.iter().map(|t| time::iso(t.at)).collect::<Vec<_>>(),
        }
    })
}

/// A checkpoint with its grid's name.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointView {
    pub id: i64,
    pub grid_code: String,
    pub grid_name: String,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
}

pub fn checkpoint(state: &AppState, c: Checkpoint) -> CheckpointView {
    CheckpointView {
        grid_name: state
            .atlas()
            .get(&c.grid_code)
            .map_or_else(|| c.grid_code.clone(), |g| g.name.clone()),
        id: c.id,
        grid_code: c.grid_code,
        name: c.name,
        lon: c.lon,
        lat: c.lat,
    }
}

/// One grid's week.
#[derive(Debug, Clone, Serialize)]
pub struct WeekRow {
    pub grid_code: String,
    pub grid_name: String,
    pub patrols: i64,
    pub hours: f64,
    pub distance_km: f64,
}

/// Monday 00:00 (Beijing) of the week holding `ms`.
pub fn week_start(ms: i64) -> i64 {
    let day = time::start_of_day(ms);
    // 1970-01-01 was a Thursday: days since then, shifted so Monday is 0.
    let weekday = ((day + time::OFFSET_MS).div_euclid(DAY_MS) + 3).rem_euclid(7);
    day - weekday * DAY_MS
}

/// Every grid under `path` in the week holding `day`, the least patrolled first.
pub async fn week(state: &AppState, path: &str, day: i64) -> Result<Vec<WeekRow>, ApiError> {
    let from = week_start(day);
    let rows = store::by_grid(state.store.pool(), path, (from, from + 7 * DAY_MS)).await?;
    let atlas = state.atlas();
    let Some(root) = atlas.regions().iter().find(|r| r.path == path) else {
        return Ok(Vec::new());
    };
    let grids = std::iter::once(root)
        .chain(atlas.descendants(root))
        .filter(|r| r.level == Level::Grid);
    let mut out: Vec<WeekRow> = grids
        .map(|g| {
            let found = rows.iter().find(|r| r.0 == g.code);
            WeekRow {
                grid_code: g.code.clone(),
                grid_name: g.name.clone(),
                patrols: found.map_or(0, |r| r.2),
                hours: found.map_or(0.0, |r| (r.3 as f64 / 360_000.0).round() / 10.0),
                distance_km: found.map_or(0.0, |r| (r.4 / 100.0).round() / 10.0),
            }
        })
        .collect();
    out.sort_by(|a, b| a.hours.total_cmp(&b.hours).then_with(|| a.grid_name.cmp(&b.grid_name)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_in_beijing() {
        // 2026-12-01 is a Tuesday; 2026-11-30 00:00 Beijing is 2026-11-29 16:00 UTC.
        let tuesday = time::parse_day("2026-12-01").unwrap() + 10 * 3_600_000;
        assert_eq!(time::minute(week_start(tuesday)), "2026-11-30 00:00");
        let sunday_night = time::parse_day("2026-12-06").unwrap() + 23 * 3_600_000;
        assert_eq!(time::minute(week_start(sunday_night)), "2026-11-30 00:00");
    }
}
