//! Risk register pages: the region's report per kind and its sites (overdue first) with a form
//! to register one; a site's page with its inspections and rectifications, a form to record an
//! inspection (one finding per line) and one to re-inspect each open rectification.

use super::api::{detail_of, view, Detail, SiteView};
use super::service::{self, InspectionInput, KindReport, SiteInput};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser, ScopedRegion};
use crate::page::{render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::prevention::sites::{Campaign, SiteKind};
use fengqiao_core::RiskLevel;
use fengqiao_store::now_ms;
use fengqiao_store::prevention::sites::{self as store, Filter};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "prevention/templates/sites.html")]
struct ListPage {
    chrome: Chrome,
    region_code: String,
    region_name: String,
    report: Vec<KindReport>,
    sites: Vec<SiteView>,
    kinds: Vec<(&'static str, &'static str)>,
    risks: Vec<(&'static str, &'static str)>,
    campaigns: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn list_page(state: &AppState, user: User, csrf: CsrfToken, region: &ScopedRegion) -> Result<ListPage, ApiError> {
    let now = now_ms();
    let f = Filter { scope_path: &region.path, limit: 300, ..Filter::default() };
    let rows = store::list(state.store.pool(), &f).await?;
    Ok(ListPage {
        report: service::report(state, &region.path).await?,
        sites: rows.into_iter().map(|s| view(state, s, true, now)).collect(),
        kinds: SiteKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        risks: RiskLevel::BY_URGENCY.iter().map(|k| (k.as_str(), k.label())).collect(),
        campaigns: Campaign::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        message: None,
        error: None,
        region_code: region.code.clone(),
        region_name: region.name.clone(),
        chrome: Chrome::signed_in(user, csrf),
    })
}

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    region: ScopedRegion,
    ApiQuery(q): ApiQuery<DoneQuery>,
) -> Result<Response, PageError> {
    let mut page = list_page(&state, user, csrf, &region).await?;
    page.message = q.done.is_some().then_some("风险点已登记,首次检查按风险等级排期。");
    Ok(render(&page)?.into_response())
}

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

fn coordinate(form: &HashMap<String, String>, key: &str, what: &str) -> Result<f64, ApiError> {
    field(form, key)
        .parse()
        .map_err(|_| ApiError::bad_request(format!("请填写{what}(数字)")))
}

pub async fn register(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    region: ScopedRegion,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let saved = async {
        let input = SiteInput {
            kind: field(&form, "kind"),
            name: field(&form, "name"),
            address: field(&form, "address"),
            lon: coordinate(&form, "lon", "经度")?,
            lat: coordinate(&form, "lat", "纬度")?,
            crs: None,
            responsible_unit: field(&form, "responsible_unit"),
            contact_name: field(&form, "contact_name"),
            contact_phone: Some(field(&form, "contact_phone")),
            risk_level: field(&form, "risk_level"),
            risk_reasons: field(&form, "risk_reasons"),
            campaign: Some(field(&form, "campaign")).filter(|c| !c.is_empty()),
        };
        service::register(&state, &user, input).await
    }
    .await;
    match saved {
        Ok(id) => Ok(Redirect::to(&format!("/risk-sites/{id}?done=registered")).into_response()),
        Err(e) if e.code.status().is_client_error() => {
            let status = e.code.status();
            let mut page = list_page(&state, user, csrf, &region).await?;
            page.error = Some(e.detail);
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "prevention/templates/site.html")]
struct DetailPage {
    chrome: Chrome,
    d: Detail,
    today: String,
    risks: Vec<(&'static str, &'static str)>,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn detail_page(state: &AppState, user: User, csrf: CsrfToken, id: i64) -> Result<DetailPage, ApiError> {
    let s = service::in_scope(state, &user, id).await?;
    let mut d = detail_of(state, &user.username, s).await?;
    let names = crate::people::names(state, d.inspections.iter().map(|i| i.inspector.as_str())).await?;
    for i in &mut d.inspections {
        i.inspector = names.of(&i.inspector);
    }
    Ok(DetailPage {
        d,
        today: fengqiao_core::time::day(now_ms()),
        risks: RiskLevel::BY_URGENCY.iter().map(|k| (k.as_str(), k.label())).collect(),
        message: None,
        error: None,
        chrome: Chrome::signed_in(user, csrf),
    })
}

pub async fn detail(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<DoneQuery>,
) -> Result<Response, PageError> {
    let mut page = detail_page(&state, user, csrf, id).await?;
    page.message = match q.done.as_deref() {
        Some("registered") => Some("风险点已登记,首次检查按风险等级排期。"),
        Some("inspected") => Some("检查已记录:发现的问题已列为整改,下次检查已按风险等级排期。"),
        Some("rechecked") => Some("复查已记录:通过的整改已销号,未通过的已重新给出期限。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

async fn after(state: &AppState, user: User, csrf: CsrfToken, id: i64, done: Result<i64, ApiError>, what: &str) -> Result<Response, PageError> {
    match done {
        Ok(site) => Ok(Redirect::to(&format!("/risk-sites/{site}?done={what}")).into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 404 => {
            let status = e.code.status();
            let mut page = detail_page(state, user, csrf, id).await?;
            page.error = Some(e.detail);
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

pub async fn inspect(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let input = InspectionInput {
        inspected_on: Some(field(&form, "inspected_on")),
        notes: field(&form, "notes"),
        risk_level: Some(field(&form, "risk_level")),
        risk_reasons: Some(field(&form, "risk_reasons")),
        findings: field(&form, "findings").lines().map(str::to_owned).collect(),
    };
    let done = service::inspect(&state, &user, id, input).await.map(|_| id);
    after(&state, user, csrf, id, done, "inspected").await
}

pub async fn recheck(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path((id, rect)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let passed = field(&form, "passed") == "yes";
    let done = service::recheck(&state, &user, rect, passed, &field(&form, "notes")).await;
    after(&state, user, csrf, id, done, "rechecked").await
}
