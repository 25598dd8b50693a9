//! Patrols over JSON: start one, post its track in batches from a phone, finish it with what it
//! found, import a GPX file, read it back as GPX or GeoJSON, the grids' checkpoints and the
//! week's hours per grid.

use super::service::{self, Start};
use super::view::{self, PatrolView, WeekRow};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser, ScopedRegion};
use crate::portal::submit::{submit, Channel, Submission};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fengqiao_core::geo::Crs;
use fengqiao_core::prevention::track::TrackPoint;
use fengqiao_store::now_ms;
use fengqiao_store::prevention::patrols as store;
use serde::{Deserialize, Serialize};

/// An instant as programs send it: milliseconds, or ISO 8601 text.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum When {
    Ms(i64),
    Text(String),
}

impl When {
    pub fn ms(&self) -> Result<i64, ApiError> {
        match self {
            When::Ms(ms) => Ok(*ms),
            When::Text(t) => fengqiao_core::time::parse_instant(t).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "时间「{}」应为毫秒数或 ISO 8601",
                    t.chars().take(40).collect::<String>()
                ))
            }),
        }
    }
}

#[derive(Deserialize)]
pub struct StartBody {
    pub grid_code: String,
    pub team_id: Option<i64>,
    #[serde(default)]
    pub members: Vec<String>,
    pub started_at: Option<When>,
}

pub async fn start(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<StartBody>,
) -> Result<(StatusCode, Json<PatrolView>), ApiError> {
    let grid = service::grid_in_scope(&state, &user, &b.grid_code)?;
    let started_at = b.started_at.as_ref().map(When::ms).transpose()?;
    let s = Start {
        grid,
        team_id: b.team_id,
        members: b.members,
        started_at: started_at.unwrap_or_else(now_ms),
        source: "phone",
    };
    let id = service::start(&state, &user, s).await?;
    Ok((StatusCode::CREATED, Json(one(&state, &user, id).await?)))
}

async fn one(state: &AppState, user: &crate::session::User, id: i64) -> Result<PatrolView, ApiError> {
    let scope = user.staff_scope()?;
    let row = store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found("没有这次巡逻,或不在您的管辖范围内"))?;
    view::patrol(state, row).await
}

pub async fn get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<PatrolView>, ApiError> {
    Ok(Json(one(&state, &user, id).await?))
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub days: Option<i64>,
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

#[derive(Serialize)]
pub struct Page {
    pub items: Vec<PatrolView>,
    pub next_before: Option<i64>,
}

/// Patrols in a region of the caller's scope over the last `days` (30), newest first.
pub async fn list(
    State(state): State<AppState>,
    region: ScopedRegion,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page>, ApiError> {
    let days = q.days.unwrap_or(30).clamp(1, 366);
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let now = now_ms();
    let rows = store::list(
        state.store.pool(),
        &region.path,
        (now - days * fengqiao_core::time::DAY_MS, now + 60_000),
        q.before,
        limit,
    )
    .await?;
    let next_before = (rows.len() as i64 == limit).then(|| rows.last().map(|r| r.id)).flatten();
    let mut items = Vec::new();
    for row in rows {
        items.push(view::patrol_brief(&state, row));
    }
    Ok(Json(Page { items, next_before }))
}

#[derive(Deserialize)]
pub struct PointIn {
    pub lon: f64,
    pub lat: f64,
    pub at: When,
}

#[derive(Deserialize)]
pub struct PointsBody {
    /// `wgs84` (the default) or `gcj02` / `bd09`, as Chinese map SDKs report.
    pub crs: Option<String>,
    pub points: Vec<PointIn>,
}

/// A batch of track points from a phone.
pub async fn points(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PointsBody>,
) -> Result<Json<service::Appended>, ApiError> {
    let crs = crate::org::place::crs(b.crs.as_deref())?;
    let points = to_wgs84(crs, &b.points)?;
    Ok(Json(service::append(&state, &user, id, points).await?))
}

fn to_wgs84(crs: Crs, points: &[PointIn]) -> Result<Vec<TrackPoint>, ApiError> {
    points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            fengqiao_core::geo::check_lon_lat(p.lon, p.lat).map_err(|e| {
                ApiError::new(crate::error::Code::Unprocessable, format!("第 {} 个点:{e}", i + 1))
            })?;
            let (lon, lat) = crs.to_wgs84(p.lon, p.lat);
            Ok(TrackPoint { at: p.at.ms()?, lon, lat })
        })
        .collect()
}

#[derive(Deserialize)]
pub struct Found {
    pub service_code: String,
    pub description: String,
}

#[derive(Deserialize)]
pub struct FinishBody {
    #[serde(default)]
    pub findings: String,
    pub ended_at: Option<When>,
    /// Hazards or disputes found on the way, each reported to the desk that takes it.
    #[serde(default)]
    pub reports: Vec<Found>,
}

#[derive(Serialize)]
pub struct Finished {
    #[serde(flatten)]
    pub patrol: PatrolView,
    /// The tracking codes of what was reported.
    pub reported: Vec<String>,
}

pub async fn finish(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<FinishBody>,
) -> Result<Json<Finished>, ApiError> {
    if b.reports.len() > 10 {
        return Err(ApiError::bad_request("一次巡逻最多上报 10 件发现"));
    }
    let ended_at = b.ended_at.as_ref().map(When::ms).transpose()?;
    let row = service::finish(&state, &user, id, ended_at, &b.findings).await?;
    let reported = report_findings(&state, &user, &row, b.reports).await?;
    Ok(Json(Finished {
        patrol: view::patrol(&state, row).await?,
        reported,
    }))
}

/// Hands each finding to the desk of its service, placed in the patrol's grid.
pub async fn report_findings(
    state: &AppState,
    user: &crate::session::User,
    row: &store::PatrolRow,
    found: Vec<Found>,
) -> Result<Vec<String>, ApiError> {
    let mut codes = Vec::new();
    for (n, f) in found.into_iter().enumerate() {
        let s = Submission {
            service_code: f.service_code,
            description: f.description,
            grid_code: Some(row.grid_code.clone()),
            idempotency_key: Some(format!("patrol:{}:{n}", row.id)),
            ..Submission::default()
        };
        codes.push(submit(state, Channel::Account(user), s).await?.tracking_code);
    }
    Ok(codes)
}

#[derive(Deserialize)]
pub struct ImportQuery {
    pub team_id: Option<i64>,
    pub members: Option<String>,
}

/// A GPX file as the request body (`application/gpx+xml`): one finished patrol.
pub async fn import(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<PatrolView>), ApiError> {
    let members = view::split_names(q.members.as_deref().unwrap_or_default());
    let id = service::import(&state, &user, &body, q.team_id, members).await?;
    Ok((StatusCode::CREATED, Json(one(&state, &user, id).await?)))
}

/// The track as GPX 1.1.
pub async fn track_gpx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let p = one(&state, &user, id).await?;
    let points = store::track(state.store.pool(), id).await?;
    let name = format!("{} {} 巡逻", p.grid_name, p.started);
    let gpx = fengqiao_core::prevention::gpx::write(&name, &points)
        .map_err(ApiError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/gpx+xml".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"patrol-{id}.gpx\""),
            ),
        ],
        gpx,
    )
        .into_response())
}

/// The track as a GeoJSON Feature (a LineString, WGS-84) with the patrol's facts.
pub async fn track_geojson(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let p = one(&state, &user, id).await?;
    let points = store::track(state.store.pool(), id).await?;
    let body = view::track_feature(&p, &points);
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        body.to_string(),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CheckpointBody {
    pub grid_code: String,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    pub crs: Option<String>,
}

pub async fn add_checkpoint(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<CheckpointBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let grid = service::grid_in_scope(&state, &user, &b.grid_code)?;
    let crs = crate::org::place::crs(b.crs.as_deref())?;
    fengqiao_core::geo::check_lon_lat(b.lon, b.lat)
        .map_err(|e| ApiError::new(crate::error::Code::Unprocessable, e.to_string()))?;
    let point = crs.to_wgs84(b.lon, b.lat);
    let id = service::add_checkpoint(&state, &user, &grid, &b.name, point).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"id": id, "grid_code": grid.code, "grid_name": grid.name, "name": b.name.trim(), "lon": point.0, "lat": point.1})),
    ))
}

pub async fn checkpoints(
    State(state): State<AppState>,
    region: ScopedRegion,
) -> Result<Json<Vec<view::CheckpointView>>, ApiError> {
    let rows = store::checkpoints(state.store.pool(), &region.path).await?;
    Ok(Json(rows.into_iter().map(|c| view::checkpoint(&state, c)).collect()))
}

#[derive(Deserialize)]
pub struct WeekQuery {
    /// Any day of the week wanted, `YYYY-MM-DD`; this week by default.
    pub week: Option<String>,
}

/// Hours, distance and patrols per grid in one week (Monday to Sunday, Beijing time).
pub async fn weekly(
    State(state): State<AppState>,
    region: ScopedRegion,
    ApiQuery(q): ApiQuery<WeekQuery>,
) -> Result<Json<Vec<WeekRow>>, ApiError> {
    let day = match q.week.as_deref() {
        Some(d) => crate::extract::day(d)?,
        None => now_ms(),
    };
    Ok(Json(view::week(&state, &region.path, day).await?))
}

/// A weekly shift with its grid, team and time in words.
#[derive(Debug, Clone, Serialize)]
pub struct ShiftView {
    pub id: i64,
    pub grid_code: String,
    pub grid_name: String,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub weekday: i64,
    pub start_minute: i64,
    pub end_minute: i64,
    /// `每周三 19:00–21:00`.
    pub when: String,
}

pub fn shift_view(state: &AppState, s: store::ShiftRow) -> ShiftView {
    ShiftView {
        grid_name: state.atlas().get(&s.grid_code).map_or_else(|| s.grid_code.clone(), |g| g.name.clone()),
        when: fengqiao_core::prevention::shift::label(s.weekday, s.start_minute, s.end_minute),
        id: s.id,
        grid_code: s.grid_code,
        team_id: s.team_id,
        team_name: s.team_name,
        weekday: s.weekday,
        start_minute: s.start_minute,
        end_minute: s.end_minute,
    }
}

pub async fn shifts(State(state): State<AppState>, region: ScopedRegion) -> Result<Json<Vec<ShiftView>>, ApiError> {
    let rows = store::shifts(state.store.pool(), &region.path).await?;
    Ok(Json(rows.into_iter().map(|s| shift_view(&state, s)).collect()))
}

#[derive(Deserialize)]
pub struct ShiftBody {
    pub grid_code: String,
    pub team_id: Option<i64>,
    pub weekday: i64,
    /// `HH:MM`.
    pub start: String,
    pub end: String,
}

pub async fn add_shift(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<ShiftBody>,
) -> Result<(StatusCode, Json<ShiftView>), ApiError> {
    let grid = service::grid_in_scope(&state, &user, &b.grid_code)?;
    let id = service::add_shift(&state, &user, &grid, b.team_id, b.weekday, (&b.start, &b.end)).await?;
    let row = store::shifts(state.store.pool(), &grid.path)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| ApiError::internal("shift vanished"))?;
    Ok((StatusCode::CREATED, Json(shift_view(&state, row))))
}
