//! Cameras over JSON: the registry (list, register or update, one with its outages), outages
//! reported and repaired, the compounds' cover, and the registry as Excel out and in.

use super::coverage::{self, Cover};
use super::service::{self, CameraInput};
use super::sheet;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser, ScopedRegion};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fengqiao_core::prevention::camera::CameraStatus;
use fengqiao_store::now_ms;
use fengqiao_store::prevention::cameras::{self as store, CameraRow, FaultRow};
use serde::{Deserialize, Serialize};

/// A camera as people and programs see it: places by name, its state in words.
#[derive(Debug, Clone, Serialize)]
pub struct CameraView {
    pub id: i64,
    pub device_code: String,
    pub name: String,
    pub compound_code: Option<String>,
    pub compound_name: Option<String>,
    pub key_place: String,
    pub grid_code: String,
    pub grid_name: String,
    pub lon: f64,
    pub lat: f64,
    pub direction: Option<i64>,
    pub field_of_view: Option<i64>,
    pub status: String,
    pub status_label: &'static str,
    pub faulty_since: Option<i64>,
    pub maintainer: Option<String>,
}

pub fn view(state: &AppState, c: CameraRow) -> CameraView {
    let atlas = state.atlas();
    let name_of = |code: &str| atlas.get(code).map(|r| r.name.clone());
    CameraView {
        compound_name: c.compound_code.as_deref().and_then(name_of),
        grid_name: name_of(&c.grid_code).unwrap_or_else(|| c.grid_code.clone()),
        status_label: CameraStatus::parse(&c.status).map_or("未知", CameraStatus::label),
        id: c.id,
        device_code: c.device_code,
        name: c.name,
        compound_code: c.compound_code,
        key_place: c.key_place,
        grid_code: c.grid_code,
        lon: c.lon,
        lat: c.lat,
        direction: c.direction,
        field_of_view: c.field_of_view,
        status: c.status,
        faulty_since: c.faulty_since,
        maintainer: c.maintainer,
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub status: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    region: ScopedRegion,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Vec<CameraView>>, ApiError> {
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            CameraStatus::parse(s)
                .ok_or_else(|| ApiError::bad_request("status 应为 working、faulty 或 retired"))?
                .as_str(),
        ),
        None => None,
    };
    let rows = store::list(state.store.pool(), &region.path, status, 5_000).await?;
    Ok(Json(rows.into_iter().map(|c| view(&state, c)).collect()))
}

/// Registers a camera (201), or updates the one with its device code (200).
pub async fn register(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<CameraInput>,
) -> Result<(StatusCode, Json<CameraView>), ApiError> {
    let checked = service::check(&state, &user, b)?;
    let (ids, updated) = service::save_all(&state, &user, vec![checked]).await?;
    let id = ids.first().copied().ok_or_else(|| ApiError::internal("nothing saved"))?;
    let c = service::in_scope(&state, &user, id).await?;
    let status = if updated > 0 { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(view(&state, c))))
}

#[derive(Serialize)]
pub struct Detail {
    #[serde(flatten)]
    pub camera: CameraView,
    pub faults: Vec<FaultView>,
}

/// An outage with its days in words.
#[derive(Debug, Clone, Serialize)]
pub struct FaultView {
    pub id: i64,
    pub description: String,
    pub reported_by: String,
    pub reported_at: i64,
    pub due_at: i64,
    pub overdue: bool,
    pub repaired_at: Option<i64>,
    pub reply: String,
}

pub fn fault_view(f: FaultRow, now: i64) -> FaultView {
    FaultView {
        overdue: f.repaired_at.is_none() && f.due_at < now,
        id: f.id,
        description: f.description,
        reported_by: f.reported_by,
        reported_at: f.reported_at,
        due_at: f.due_at,
        repaired_at: f.repaired_at,
        reply: f.reply,
    }
}

pub async fn detail_of(state: &AppState, c: CameraRow) -> Result<Detail, ApiError> {
    let now = now_ms();
    let faults = store::faults_of(state.store.pool(), c.id).await?;
    Ok(Detail {
        camera: view(state, c),
        faults: faults.into_iter().map(|f| fault_view(f, now)).collect(),
    })
}

pub async fn get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Detail>, ApiError> {
    let c = service::in_scope(&state, &user, id).await?;
    Ok(Json(detail_of(&state, c).await?))
}

#[derive(Deserialize)]
pub struct FaultBody {
    pub description: String,
}

/// Reports an outage: a repair task for the maintainer.
pub async fn fault(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<FaultBody>,
) -> Result<(StatusCode, Json<Detail>), ApiError> {
    service::report_fault(&state, &user, id, &b.description).await?;
    let c = service::in_scope(&state, &user, id).await?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, c).await?)))
}

#[derive(Deserialize)]
pub struct RepairBody {
    pub reply: String,
}

pub async fn repair(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, fault)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<RepairBody>,
) -> Result<Json<Detail>, ApiError> {
    service::repair(&state, &user, id, fault, &b.reply).await?;
    let c = service::in_scope(&state, &user, id).await?;
    Ok(Json(detail_of(&state, c).await?))
}

/// `GET /api/v1/prevention/compounds?region=`: each compound's cover over the last 7 days.
pub async fn compounds(
    State(state): State<AppState>,
    region: ScopedRegion,
) -> Result<Json<Cover>, ApiError> {
    let atlas = state.atlas();
    let r = atlas
        .get(&region.code)
        .ok_or_else(|| ApiError::not_found("区划不存在"))?;
    Ok(Json(coverage::of(&state, r, now_ms()).await?))
}

pub async fn export(
    State(state): State<AppState>,
    region: ScopedRegion,
) -> Result<Response, ApiError> {
    let rows = store::list(state.store.pool(), &region.path, None, 100_000).await?;
    let bytes = sheet::export(&rows)?;
    let file = format!(
        "cameras-{}-{}.xlsx",
        region.code,
        fengqiao_core::time::day(now_ms())
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct ImportQuery {
    #[serde(default)]
    pub skip_bad: bool,
}

/// An .xlsx registry as the body: 200 with what was written, 422 with the bad rows when any
/// (nothing written unless `skip_bad=true`).
pub async fn import(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    user.staff_scope()?;
    let report = sheet::import(&state, &user, body.to_vec(), q.skip_bad).await?;
    let status = if report.written {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(report)).into_response())
}
