//! Registering a site, inspecting it (findings become rectifications, the next inspection is
//! planned by the risk level), re-inspecting a rectification, and the region's report: overdue
//! inspections and rectifications, days overdue, days to close.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::prevention::sites::{days_between, next_due, rectify_days, Campaign, SiteKind};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::{Phone, RiskLevel};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::now_ms;
use fengqiao_store::prevention::sites::{self as store, Filter, NewSite, SiteRow};
use serde::{Deserialize, Serialize};

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

fn named<T>(parsed: Option<T>, what: &str, given: &str, codes: &[&str]) -> Result<T, ApiError> {
    parsed.ok_or_else(|| {
        unprocessable(format!(
            "未知{what}「{}」,应为 {}",
            given.chars().take(30).collect::<String>(),
            codes.join("、")
        ))
    })
}

/// A site as a form or the API gives it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SiteInput {
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub address: String,
    pub lon: f64,
    pub lat: f64,
    pub crs: Option<String>,
    pub responsible_unit: String,
    #[serde(default)]
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub risk_level: String,
    #[serde(default)]
    pub risk_reasons: String,
    pub campaign: Option<String>,
}

fn text(s: &str, what: &str, max: usize, required: bool) -> Result<String, ApiError> {
    let s = s.trim().to_owned();
    let n = s.chars().count();
    if (required && n == 0) || n > max {
        return Err(unprocessable(format!(
            "{what}{}不超过 {max} 字",
            if required { "不能为空," } else { "" }
        )));
    }
    Ok(s)
}

/// Registers a site inside the caller's scope; its first inspection is due one interval on.
pub async fn register(state: &AppState, user: &User, i: SiteInput) -> Result<i64, ApiError> {
    let scope = user.staff_scope()?;
    let kind = named(SiteKind::parse(i.kind.trim()), "风险点类型", &i.kind, &SiteKind::ALL.map(SiteKind::as_str))?;
    let risk = named(RiskLevel::parse(i.risk_level.trim()), "风险等级", &i.risk_level, &RiskLevel::ALL.map(RiskLevel::as_str))?;
    let campaign_code = i.campaign.clone().unwrap_or_else(|| "none".into());
    let campaign = named(Campaign::parse(campaign_code.trim()), "创建活动", &campaign_code, &Campaign::ALL.map(Campaign::as_str))?;
    fengqiao_core::geo::check_lon_lat(i.lon, i.lat).map_err(|e| unprocessable(e.to_string()))?;
    let (lon, lat) = crate::org::place::crs(i.crs.as_deref())?.to_wgs84(i.lon, i.lat);
    let grid = state
        .atlas()
        .locate_grid(lon, lat)
        .cloned()
        .ok_or_else(|| unprocessable("该位置不在本区任何网格内"))?;
    if !scope.contains_path(&grid.path) {
        return Err(unprocessable(format!("{} 不在您的管辖范围内", grid.name)));
    }
    let phone = match i.contact_phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(
            p.parse::<Phone>()
                .map_err(|e| unprocessable(format!("联系电话:{e}")))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let now = now_ms();
    let site = NewSite {
        kind: kind.as_str(),
        name: text(&i.name, "名称", 60, true)?,
        address: text(&i.address, "地址", 200, false)?,
        grid_code: grid.code.clone(),
        region_path: grid.path.clone(),
        lon,
        lat,
        responsible_unit: text(&i.responsible_unit, "责任单位", 60, true)?,
        contact_name: text(&i.contact_name, "联系人", 30, false)?,
        contact_phone: phone,
        risk_level: risk.as_str(),
        risk_reasons: text(&i.risk_reasons, "风险原因", 500, risk >= RiskLevel::Orange)?,
        campaign: campaign.as_str(),
        next_due_at: next_due(now, risk),
    };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert(c, &site, &actor, now).await?;
                audit::append(c, &Entry { actor: &actor, action: "risk_site.register", record_type: "risk_site", record_id: &id.to_string(), detail: &site.name }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// A site in the caller's scope.
pub async fn in_scope(state: &AppState, user: &User, id: i64) -> Result<SiteRow, ApiError> {
    let scope = user.staff_scope()?;
    store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found("没有这个风险点,或不在您的管辖范围内"))
}

/// An inspection as a form or the API gives it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InspectionInput {
    /// `YYYY-MM-DD`; today when not given.
    pub inspected_on: Option<String>,
    #[serde(default)]
    pub notes: String,
    /// The risk level found (the site's so far when not given), with its reasons.
    pub risk_level: Option<String>,
    pub risk_reasons: Option<String>,
    #[serde(default)]
    pub findings: Vec<String>,
}

/// Records an inspection: each finding becomes a rectification due in the days its risk level
/// allows; the next inspection is planned from this one.
pub async fn inspect(state: &AppState, user: &User, id: i64, i: InspectionInput) -> Result<i64, ApiError> {
    let site = in_scope(state, user, id).await?;
    let now = now_ms();
    let inspected_at = match i.inspected_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => crate::extract::day(d)? + 10 * 3_600_000,
        None => now,
    };
    if inspected_at > now + 60_000 || inspected_at < site.created_at - DAY_MS {
        return Err(unprocessable("检查日期应在登记之后,且不晚于今天"));
    }
    let risk = match i.risk_level.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => named(RiskLevel::parse(r), "风险等级", r, &RiskLevel::ALL.map(RiskLevel::as_str))?,
        None => RiskLevel::parse(&site.risk_level).unwrap_or(RiskLevel::Yellow),
    };
    let reasons = text(i.risk_reasons.as_deref().unwrap_or(&site.risk_reasons), "风险原因", 500, false)?;
    let findings: Vec<String> = i
        .findings
        .iter()
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty())
        .collect();
    if findings.len() > 20 || findings.iter().any(|f| f.chars().count() > 300) {
        return Err(unprocessable("一次检查最多 20 条问题,每条不超过 300 字"));
    }
    let notes = text(&i.notes, "检查情况", 2000, false)?;
    let deadline = inspected_at + rectify_days(risk) * DAY_MS;
    let next = next_due(inspected_at, risk);
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let due = site.next_due_at;
                let id = store::inspect(c, &site, (inspected_at, due, next), (risk.as_str(), &reasons), &notes, &findings, deadline, &actor).await?;
                let detail = format!("{} 条问题", findings.len());
                audit::append(c, &Entry { actor: &actor, action: "risk_site.inspect", record_type: "risk_site", record_id: &site.id.to_string(), detail: &detail }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// A re-inspection of a rectification in the caller's scope: passed closes it, failed gives it
/// a new deadline.
pub async fn recheck(state: &AppState, user: &User, id: i64, passed: bool, notes: &str) -> Result<i64, ApiError> {
    let scope = user.staff_scope()?;
    let r = store::rectification_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found("没有这条整改,或不在您的管辖范围内"))?;
    if r.closed_at.is_some() {
        return Err(ApiError::new(Code::Conflict, "这条整改已经复查通过"));
    }
    let notes = text(notes, "复查情况", 500, true)?;
    let site = in_scope(state, user, r.site_id).await?;
    let risk = RiskLevel::parse(&site.risk_level).unwrap_or(RiskLevel::Yellow);
    let now = now_ms();
    let actor = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::recheck(c, id, passed, &notes, (&actor, now, now + rectify_days(risk) * DAY_MS)).await?;
                let detail = if passed { "复查通过" } else { "复查未通过" };
                audit::append(c, &Entry { actor: &actor, action: "risk_site.recheck", record_type: "site_rectification", record_id: &id.to_string(), detail }).await?;
                Ok(done)
            })
        })
        .await?;
    if !done {
        return Err(ApiError::new(Code::Conflict, "这条整改已经复查通过"));
    }
    Ok(r.site_id)
}

/// One kind's line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct KindReport {
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub sites: usize,
    pub red_or_orange: usize,
    pub overdue_inspections: usize,
    pub open_rectifications: usize,
    pub overdue_rectifications: usize,
    /// Days past their dates, summed over overdue inspections and rectifications.
    pub days_overdue: i64,
    /// Mean days from finding to closing, over rectifications closed in the last 90 days.
    pub mean_days_to_close: Option<f64>,
}

pub async fn report(state: &AppState, path: &str) -> Result<Vec<KindReport>, ApiError> {
    let now = now_ms();
    let pool = state.store.pool();
    let sites = store::list(pool, &Filter { scope_path: path, limit: 5_000, ..Filter::default() }).await?;
    let rects = store::rectifications(pool, path, Some(now - 90 * DAY_MS), None).await?;
    Ok(SiteKind::ALL
        .iter()
        .map(|k| {
            let mine: Vec<&SiteRow> = sites.iter().filter(|s| s.kind == k.as_str()).collect();
            let ids: Vec<i64> = mine.iter().map(|s| s.id).collect();
            let rs: Vec<_> = rects.iter().filter(|r| ids.contains(&r.site_id)).collect();
            let open: Vec<_> = rs.iter().filter(|r| r.closed_at.is_none()).collect();
            let late_sites: Vec<_> = mine.iter().filter(|s| s.next_due_at < now).collect();
            let late_rects: Vec<_> = open.iter().filter(|r| r.deadline < now).collect();
            let closed: Vec<i64> = rs
                .iter()
                .filter_map(|r| r.closed_at.map(|c| days_between(r.found_at, c)))
                .collect();
            KindReport {
                kind: k.as_str(),
                kind_label: k.label(),
                sites: mine.len(),
                red_or_orange: mine.iter().filter(|s| matches!(s.risk_level.as_str(), "red" | "orange")).count(),
                overdue_inspections: late_sites.len(),
                open_rectifications: open.len(),
                overdue_rectifications: late_rects.len(),
                days_overdue: late_sites.iter().map(|s| days_between(s.next_due_at, now)).sum::<i64>()
                    + late_rects.iter().map(|r| days_between(r.deadline, now)).sum::<i64>(),
                mean_days_to_close: (!closed.is_empty())
                    .then(|| (closed.iter().sum::<i64>() as f64 / closed.len() as f64 * 10.0).round() / 10.0),
            }
        })
        .collect())
}
