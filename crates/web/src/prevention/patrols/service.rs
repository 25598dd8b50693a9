//! The life of a patrol: started in a grid (by hand, or from a GPX file's first point), its
//! track appended in batches with the distance and the checkpoints passed worked out as the
//! points arrive, then finished with what it found — each finding handed to the desk that takes
//! it (a hazard to requests, a dispute to mediation). Every step is one audited write job.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::prevention::track::{self, TrackPoint, MAX_POINTS};
use fengqiao_core::region::Level;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::prevention::patrols::{self as store, NewPatrol, PatrolRow};
use fengqiao_store::{forces, now_ms};

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// A patrol to start.
#[derive(Debug, Clone)]
pub struct Start {
    pub grid: AtlasRegion,
    pub team_id: Option<i64>,
    pub members: Vec<String>,
    pub started_at: i64,
    pub source: &'static str,
}

/// The grid a patrol walks: a grid by code inside the caller's scope.
pub fn grid_in_scope(state: &AppState, user: &User, code: &str) -> Result<AtlasRegion, ApiError> {
    let scope = user.staff_scope()?;
    state
        .atlas()
        .get(code.trim())
        .filter(|g| g.level == Level::Grid && scope.contains_path(&g.path))
        .cloned()
        .ok_or_else(|| {
            unprocessable(format!(
                "网格 {} 不存在或不在您的管辖范围内",
                code.chars().take(30).collect::<String>()
            ))
        })
}

/// Starts a patrol; the team, when named, must work over the grid.
pub async fn start(state: &AppState, user: &User, s: Start) -> Result<i64, ApiError> {
    if let Some(team) = s.team_id {
        let row = forces::team_in_scope(state.store.pool(), team, "/")
            .await?
            .filter(|t| s.grid.path.starts_with(&t.region_path))
            .ok_or_else(|| unprocessable(format!("队伍 {team} 不存在或不负责{}", s.grid.name)))?;
        if row.active == 0 {
            return Err(unprocessable(format!("{}已停用", row.name)));
        }
    }
    if s.members.len() > 50 || s.members.iter().any(|m| m.chars().count() > 30) {
        return Err(unprocessable("队员最多 50 人,每个姓名不超过 30 字"));
    }
    let now = now_ms();
    if s.started_at > now + 60_000 || s.started_at < now - 366 * 86_400_000 {
        return Err(unprocessable("开始时间应在一年之内,且不晚于现在"));
    }
    let new = NewPatrol {
        grid_code: s.grid.code.clone(),
        region_path: s.grid.path.clone(),
        team_id: s.team_id,
        members: s.members.join("、"),
        started_at: s.started_at,
        source: s.source,
        created_by: user.username.clone(),
        created_at: now,
    };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert(c, &new).await?;
                audit::append(
                    c,
                    &Entry {
                        actor: &actor,
                        action: "patrol.start",
                        record_type: "patrol",
                        record_id: &id.to_string(),
                        detail: &new.grid_code,
                    },
                )
                .await?;
                Ok(id)
            })
        })
        .await?)
}

/// What appending a batch did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Appended {
    pub accepted: usize,
    pub points: i64,
    pub distance_m: f64,
    /// Checkpoints this batch passed for the first time.
    pub visited: Vec<String>,
}

/// Appends a batch of points (already WGS-84) to an unfinished patrol in the caller's scope.
pub async fn append(
    state: &AppState,
    user: &User,
    id: i64,
    mut points: Vec<TrackPoint>,
) -> Result<Appended, ApiError> {
    let scope = user.staff_scope()?;
    let patrol = store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found("没有这次巡逻,或不在您的管辖范围内"))?;
    if patrol.ended_at.is_some() {
        return Err(ApiError::new(Code::Conflict, "这次巡逻已结束,不能再添加轨迹"));
    }
    track::check(&points, now_ms()).map_err(|e| unprocessable(e.to_string()))?;
    if patrol.points + i64::try_from(points.len()).unwrap_or(i64::MAX) > MAX_POINTS {
        return Err(unprocessable(format!("一次巡逻的轨迹点不超过 {MAX_POINTS} 个")));
    }
    points.sort_by_key(|p| p.at);
    let actor = user.username.clone();
    let accepted = points.len();
    let visited = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let last = store::last_point(c, id).await?;
                let added = track::distance(last.as_ref().map(|(_, p)| p), &points);
                let first_seq = last.map_or(1, |(seq, _)| seq + 1);
                store::append(c, id, first_seq, &points, added).await?;
                let mut visited = Vec::new();
                for cp in store::checkpoints_of(c, &patrol.grid_code).await? {
                    if let Some(at) = track::passes(&points, cp.lon, cp.lat) {
                        store::visit(c, id, cp.id, at).await?;
                        visited.push(cp.name);
                    }
                }
                audit::append(
                    c,
                    &Entry {
                        actor: &actor,
                        action: "patrol.points",
                        record_type: "patrol",
                        record_id: &id.to_string(),
                        detail: &format!("{} 个点", points.len()),
                    },
                )
                .await?;
                Ok(visited)
            })
        })
        .await?;
    let now = store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::internal("patrol vanished"))?;
    Ok(Appended {
        accepted,
        points: now.points,
        distance_m: now.distance_m,
        visited,
    })
}

/// Finishes a patrol in the caller's scope with what it found (in words; hazards and disputes
/// found are reported through the portal's desks by the caller).
pub async fn finish(
    state: &AppState,
    user: &User,
    id: i64,
    ended_at: Option<i64>,
    findings: &str,
) -> Result<PatrolRow, ApiError> {
    let scope = user.staff_scope()?;
    let patrol = store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found("没有这次巡逻,或不在您的管辖范围内"))?;
    if patrol.ended_at.is_some() {
        return Err(ApiError::new(Code::Conflict, "这次巡逻已经结束"));
    }
    if findings.chars().count() > 2000 {
        return Err(unprocessable("巡逻发现不超过 2000 字"));
    }
    let ended_at = ended_at
        .or(patrol.last_at)
        .unwrap_or_else(now_ms)
        .max(patrol.started_at);
    if ended_at > now_ms() + 60_000 {
        return Err(unprocessable("结束时间不能晚于现在"));
    }
    let (actor, findings) = (user.username.clone(), findings.trim().to_owned());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::finish(c, id, ended_at, &findings).await?;
                audit::append(
                    c,
                    &Entry {
                        actor: &actor,
                        action: "patrol.finish",
                        record_type: "patrol",
                        record_id: &id.to_string(),
                        detail: &findings,
                    },
                )
                .await
            })
        })
        .await?;
    store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::internal("patrol vanished"))
}

/// Records a whole track from a GPX file as one finished patrol, in the grid of its first point.
pub async fn import(
    state: &AppState,
    user: &User,
    gpx: &[u8],
    team_id: Option<i64>,
    members: Vec<String>,
) -> Result<i64, ApiError> {
    user.staff_scope()?;
    let points = fengqiao_core::prevention::gpx::read(gpx, MAX_POINTS)
        .map_err(|e| unprocessable(e.to_string()))?;
    let first = points[0];
    let grid = state
        .atlas()
        .locate_grid(first.lon, first.lat)
        .cloned()
        .ok_or_else(|| unprocessable("轨迹的起点不在本区任何网格内"))?;
    let grid = grid_in_scope(state, user, &grid.code)?;
    let ended = points.iter().map(|p| p.at).max().unwrap_or(first.at);
    let start = Start {
        grid,
        team_id,
        members,
        started_at: points.iter().map(|p| p.at).min().unwrap_or(first.at),
        source: "gpx",
    };
    let id = self::start(state, user, start).await?;
    for batch in points.chunks(track::MAX_BATCH) {
        append(state, user, id, batch.to_vec()).await?;
    }
    finish(state, user, id, Some(ended), "").await?;
    Ok(id)
}

/// Adds a checkpoint to a grid in the caller's scope; it must lie inside the grid.
pub async fn add_checkpoint(
    state: &AppState,
    user: &User,
    grid: &AtlasRegion,
    name: &str,
    (lon, lat): (f64, f64),
) -> Result<i64, ApiError> {
    let name = name.trim().to_owned();
    if !(1..=50).contains(&name.chars().count()) {
        return Err(unprocessable("巡逻点名称应为 1 到 50 字"));
    }
    let inside = state
        .atlas()
        .locate_grid(lon, lat)
        .is_some_and(|g| g.code == grid.code);
    if !inside {
        return Err(unprocessable(format!("该位置不在{}内", grid.name)));
    }
    let (actor, code, path) = (user.username.clone(), grid.code.clone(), grid.path.clone());
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id =
                    store::add_checkpoint(c, (&code, &path), &name, (lon, lat), (&actor, now_ms()))
                        .await?;
                audit::append(
                    c,
                    &Entry {
                        actor: &actor,
                        action: "patrol.checkpoint",
                        record_type: "patrol_checkpoint",
                        record_id: &id.to_string(),
                        detail: &name,
                    },
                )
                .await?;
                Ok(id)
            })
        })
        .await?)
}

/// Adds a weekly shift to a grid in the caller's scope: a weekday (1 Monday … 7 Sunday) and the
/// hours as `HH:MM`, walked by a team that works over the grid or by the grid's own people.
pub async fn add_shift(
    state: &AppState,
    user: &User,
    grid: &AtlasRegion,
    team_id: Option<i64>,
    weekday: i64,
    (start, end): (&str, &str),
) -> Result<i64, ApiError> {
    use fengqiao_core::prevention::shift;
    let (start, end) = (
        shift::minute_of(start).map_err(|e| unprocessable(e.to_string()))?,
        shift::minute_of(end).map_err(|e| unprocessable(e.to_string()))?,
    );
    shift::check(weekday, start, end).map_err(|e| unprocessable(e.to_string()))?;
    if let Some(team) = team_id {
        forces::team_in_scope(state.store.pool(), team, "/")
            .await?
            .filter(|t| grid.path.starts_with(&t.region_path) && t.active == 1)
            .ok_or_else(|| unprocessable(format!("队伍 {team} 不存在、已停用或不负责{}", grid.name)))?;
    }
    let (actor, code, path) = (user.username.clone(), grid.code.clone(), grid.path.clone());
    let label = shift::label(weekday, start, end);
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::add_shift(c, (&code, &path), team_id, (weekday, start, end), (&actor, now_ms())).await?;
                audit::append(c, &Entry { actor: &actor, action: "patrol.shift", record_type: "patrol_shift", record_id: &id.to_string(), detail: &label }).await?;
                Ok(id)
            })
        })
        .await?)
}
