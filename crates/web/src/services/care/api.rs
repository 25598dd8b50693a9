//! The care register over JSON, for staff of its place. Lists mask the ID number and phone;
//! one person opened is audited. `GET /api/v1/care/overdue` is the list of missed visits: how
//! many, and the longest overdue first.

use super::service::{self, CareBody, VisitBody};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::services::care::CareCategory;
use fengqiao_core::time::{day, minute, DAY_MS};
use fengqiao_core::{IdNumber, Phone};
use fengqiao_store::now_ms;
use fengqiao_store::services::care::{self as store, CareRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct CareView {
    pub id: i64,
    pub category: String,
    pub category_label: &'static str,
    pub plan: String,
    pub name: String,
    /// Masked in lists.
    pub id_number: Option<String>,
    pub phone: String,
    pub address: String,
    pub place: String,
    pub consent: String,
    pub consent_note: String,
    pub due: String,
    pub latest: String,
    pub overdue: bool,
    /// Days past the latest date, when overdue.
    pub days_overdue: i64,
    pub last_visit: Option<String>,
}

pub fn view(state: &AppState, r: CareRow, whole: bool, now: i64) -> CareView {
    let category = CareCategory::parse(&r.category);
    let overdue = r.latest_at < now;
    CareView {
        category_label: category.map_or("关爱对象", CareCategory::label),
        plan: category.map(CareCategory::plan_label).unwrap_or_default(),
        id_number: r.id_number.as_deref().map(|n| if whole { n.to_owned() } else { n.parse::<IdNumber>().map(|i| i.masked()).unwrap_or_else(|_| "***".into()) }),
        phone: if whole || r.phone.is_empty() { r.phone.clone() } else { r.phone.parse::<Phone>().map(|p| p.masked()).unwrap_or_else(|_| "***".into()) },
        place: state.atlas().get(&r.grid_code).map_or_else(|| r.grid_code.clone(), |g| g.name.clone()),
        consent: day(r.consent_at),
        due: day(r.due_at),
        latest: day(r.latest_at),
        overdue,
        days_overdue: if overdue { (now - r.latest_at) / DAY_MS + 1 } else { 0 },
        last_visit: r.last_visit_at.map(day),
        id: r.id,
        category: r.category,
        name: r.name,
        address: r.address,
        consent_note: r.consent_note,
    }
}

/// The register of the caller's scope, soonest due first (masked).
pub async fn list_views(state: &AppState, user: &User) -> Result<Vec<CareView>, ApiError> {
    let scope = user.staff_scope()?;
    let now = now_ms();
    Ok(store::within(state.store.pool(), scope.path(), 500).await?.into_iter().map(|r| view(state, r, false, now)).collect())
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<CareView>>, ApiError> {
    Ok(Json(list_views(&state, &user).await?))
}

pub async fn register(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<CareBody>) -> Result<(StatusCode, Json<CareView>), ApiError> {
    let id = service::register(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &user, id).await?.person)))
}

#[derive(Debug, Clone, Serialize)]
pub struct VisitView {
    pub id: i64,
    pub visited: String,
    pub visitor: String,
    pub done: String,
    pub found: String,
    /// The tracking code of the need or dispute the finding opened.
    pub finding: Option<String>,
    pub on_time: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CareDetail {
    pub person: CareView,
    pub visits: Vec<VisitView>,
}

pub async fn detail(state: &AppState, user: &User, id: i64) -> Result<CareDetail, ApiError> {
    let r = service::visible(state, user, id).await?;
    let visits = store::visits(state.store.pool(), id, 100).await?;
    let names = crate::people::names(state, visits.iter().map(|v| v.visitor.as_str())).await?;
    Ok(CareDetail {
        person: view(state, r, true, now_ms()),
        visits: visits
            .into_iter()
            .map(|v| VisitView { visited: minute(v.visited_at), visitor: names.of(&v.visitor), on_time: v.on_time == 1, id: v.id, done: v.done, found: v.found, finding: v.finding })
            .collect(),
    })
}

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<CareDetail>, ApiError> {
    Ok(Json(detail(&state, &user, id).await?))
}

#[derive(Debug, Clone, Serialize)]
pub struct Visited {
    pub visit_id: i64,
    pub finding: Option<String>,
    #[serde(flatten)]
    pub detail: CareDetail,
}

pub async fn visit(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<VisitBody>) -> Result<(StatusCode, Json<Visited>), ApiError> {
    let (visit_id, finding) = service::visit(&state, &user, id, b).await?;
    Ok((StatusCode::CREATED, Json(Visited { visit_id, finding, detail: detail(&state, &user, id).await? })))
}

#[derive(Debug, Clone, Serialize)]
pub struct Overdue {
    pub count: i64,
    pub items: Vec<CareView>,
}

#[derive(Debug, Deserialize, Default)]
pub struct OverdueQuery {
    pub limit: Option<i64>,
}

pub async fn overdue_in(state: &AppState, user: &User, limit: i64) -> Result<Overdue, ApiError> {
    let scope = user.staff_scope()?;
    let now = now_ms();
    let (count, rows) = store::overdue(state.store.pool(), scope.path(), now, limit).await?;
    Ok(Overdue { count, items: rows.into_iter().map(|r| view(state, r, false, now)).collect() })
}

pub async fn overdue(State(state): State<AppState>, ApiUser(user): ApiUser, ApiQuery(q): ApiQuery<OverdueQuery>) -> Result<Json<Overdue>, ApiError> {
    Ok(Json(overdue_in(&state, &user, q.limit.unwrap_or(200)).await?))
}
