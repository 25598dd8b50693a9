//! The risk register over JSON: sites listed (contacts masked) and registered, one site with its
//! inspections and rectifications (its contact read is audited), inspections and re-inspections,
//! and the report per kind.

use super::service::{self, InspectionInput, KindReport, SiteInput};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser, ScopedRegion};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::prevention::sites::{days_between, Campaign, SiteKind};
use fengqiao_core::time::day;
use fengqiao_core::{Phone, RiskLevel};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::now_ms;
use fengqiao_store::prevention::sites::{self as store, Filter, InspectionRow, RectificationRow, SiteRow};
use serde::{Deserialize, Serialize};

/// A site with its kind, risk and places in words.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub name: String,
    pub address: String,
    pub grid_code: String,
    pub grid_name: String,
    pub lon: f64,
    pub lat: f64,
    pub responsible_unit: String,
    pub contact_name: String,
    /// Masked in lists; in full on the site itself.
    pub contact_phone: Option<String>,
    pub risk_level: String,
    pub risk_label: &'static str,
    pub risk_reasons: String,
    pub campaign: String,
    pub campaign_label: &'static str,
    pub last_inspected: Option<String>,
    pub next_due: String,
    pub next_due_at: i64,
    pub inspection_overdue: bool,
    pub open_rectifications: i64,
}

pub fn view(state: &AppState, s: SiteRow, mask: bool, now: i64) -> SiteView {
    let phone = s.contact_phone.as_deref().map(|p| match (mask, p.parse::<Phone>()) {
        (true, Ok(p)) => p.masked(),
        _ => p.to_owned(),
    });
    SiteView {
        kind_label: SiteKind::parse(&s.kind).map_or("其他", SiteKind::label),
        grid_name: state.atlas().get(&s.grid_code).map_or_else(|| s.grid_code.clone(), |g| g.name.clone()),
        risk_label: RiskLevel::parse(&s.risk_level).map_or("未评定", RiskLevel::label),
        campaign_label: Campaign::parse(&s.campaign).map_or("未参加", Campaign::label),
        last_inspected: s.last_inspected_at.map(day),
        next_due: day(s.next_due_at),
        inspection_overdue: s.next_due_at < now,
        contact_phone: phone,
        id: s.id,
        kind: s.kind,
        name: s.name,
        address: s.address,
        grid_code: s.grid_code,
        lon: s.lon,
        lat: s.lat,
        responsible_unit: s.responsible_unit,
        contact_name: s.contact_name,
        risk_level: s.risk_level,
        risk_reasons: s.risk_reasons,
        campaign: s.campaign,
        next_due_at: s.next_due_at,
        open_rectifications: s.open_rectifications,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct InspectionView {
    pub id: i64,
    pub inspected_on: String,
    pub inspector: String,
    pub notes: String,
    pub risk_label: &'static str,
    pub findings: i64,
    /// Done by the day it was due.
    pub on_time: bool,
}

fn inspection(i: InspectionRow) -> InspectionView {
    InspectionView {
        on_time: i.inspected_at <= i.due_at + fengqiao_core::time::DAY_MS,
        inspected_on: day(i.inspected_at),
        risk_label: RiskLevel::parse(&i.risk_level).map_or("未评定", RiskLevel::label),
        id: i.id,
        inspector: i.inspector,
        notes: i.notes,
        findings: i.findings,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RectificationView {
    pub id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub finding: String,
    pub found_on: String,
    pub deadline: String,
    pub overdue: bool,
    pub days_overdue: i64,
    pub rechecks: i64,
    pub recheck_notes: String,
    pub closed_on: Option<String>,
    pub days_to_close: Option<i64>,
}

pub fn rectification(r: RectificationRow, now: i64) -> RectificationView {
    let open = r.closed_at.is_none();
    RectificationView {
        overdue: open && r.deadline < now,
        days_overdue: if open { days_between(r.deadline, now) } else { 0 },
        found_on: day(r.found_at),
        deadline: day(r.deadline),
        closed_on: r.closed_at.map(day),
        days_to_close: r.closed_at.map(|c| days_between(r.found_at, c)),
        id: r.id,
        site_id: r.site_id,
        site_name: r.site_name,
        finding: r.finding,
        rechecks: r.rechecks,
        recheck_notes: r.recheck_notes,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    #[serde(flatten)]
    pub site: SiteView,
    pub inspections: Vec<InspectionView>,
    pub rectifications: Vec<RectificationView>,
}

/// One site in full; reading its contact is audited.
pub async fn detail_of(state: &AppState, actor: &str, s: SiteRow) -> Result<Detail, ApiError> {
    let now = now_ms();
    let pool = state.store.pool();
    let inspections = store::inspections(pool, s.id).await?;
    let rects = store::rectifications(pool, &s.region_path, Some(0), Some(s.id)).await?;
    if s.contact_phone.is_some() {
        let (actor, id) = (actor.to_owned(), s.id.to_string());
        state
            .store
            .write(move |c| {
                Box::pin(async move {
                    audit::append(c, &Entry { actor: &actor, action: "risk_site.read", record_type: "risk_site", record_id: &id, detail: "联系电话" }).await
                })
            })
            .await?;
    }
    Ok(Detail {
        site: view(state, s, false, now),
        inspections: inspections.into_iter().map(inspection).collect(),
        rectifications: rects.into_iter().map(|r| rectification(r, now)).collect(),
    })
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub kind: Option<String>,
    pub risk: Option<String>,
    #[serde(default)]
    pub overdue: bool,
}

pub async fn list(
    State(state): State<AppState>,
    region: ScopedRegion,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Vec<SiteView>>, ApiError> {
    let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(SiteKind::parse(k).ok_or_else(|| ApiError::bad_request("kind 不是已知的风险点类型"))?.as_str()),
        None => None,
    };
    let risk = match q.risk.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(RiskLevel::parse(k).ok_or_else(|| ApiError::bad_request("risk 应为 red、orange、yellow 或 blue"))?.as_str()),
        None => None,
    };
    let now = now_ms();
    let f = Filter { scope_path: &region.path, kind, risk, overdue_at: q.overdue.then_some(now), limit: 2_000 };
    let rows = store::list(state.store.pool(), &f).await?;
    Ok(Json(rows.into_iter().map(|s| view(&state, s, true, now)).collect()))
}

pub async fn register(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<SiteInput>,
) -> Result<(StatusCode, Json<Detail>), ApiError> {
    let id = service::register(&state, &user, b).await?;
    let s = service::in_scope(&state, &user, id).await?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, &user.username, s).await?)))
}

pub async fn get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Detail>, ApiError> {
    let s = service::in_scope(&state, &user, id).await?;
    Ok(Json(detail_of(&state, &user.username, s).await?))
}

pub async fn inspect(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<InspectionInput>,
) -> Result<(StatusCode, Json<Detail>), ApiError> {
    service::inspect(&state, &user, id, b).await?;
    let s = service::in_scope(&state, &user, id).await?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, &user.username, s).await?)))
}

#[derive(Deserialize)]
pub struct RecheckBody {
    pub passed: bool,
    pub notes: String,
}

pub async fn recheck(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RecheckBody>,
) -> Result<Json<Detail>, ApiError> {
    let site = service::recheck(&state, &user, id, b.passed, &b.notes).await?;
    let s = service::in_scope(&state, &user, site).await?;
    Ok(Json(detail_of(&state, &user.username, s).await?))
}

pub async fn report(
    State(state): State<AppState>,
    region: ScopedRegion,
) -> Result<Json<Vec<KindReport>>, ApiError> {
    Ok(Json(service::report(&state, &region.path).await?))
}
