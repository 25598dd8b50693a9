//! Patrol pages: the region's patrols and the week per grid, a form to start one and one to
//! import a GPX file; a patrol's page records the phone's track while it is open (batches to
//! the API), draws it, and finishes it with what was found.

use super::api::{report_findings, Found};
use super::service::{self, Start};
use super::view::{self, PatrolView, WeekRow};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfMultipart, CsrfToken, PageUser, ScopedRegion};
use crate::page::{render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::region::Level;
use fengqiao_store::prevention::patrols as store;
use fengqiao_store::{forces, now_ms};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "prevention/templates/patrols.html")]
struct ListPage {
    chrome: Chrome,
    region_code: String,
    region_name: String,
    patrols: Vec<PatrolView>,
    week: Vec<WeekRow>,
    week_label: String,
    grids: Vec<(String, String)>,
    teams: Vec<(i64, String)>,
    shifts: Vec<super::api::ShiftView>,
    error: Option<String>,
}

/// The grids of the region and the teams that work over them, for the forms.
async fn choices(
    state: &AppState,
    user: &User,
    region: &ScopedRegion,
) -> Result<(Vec<(String, String)>, Vec<(i64, String)>), ApiError> {
    let atlas = state.atlas();
    let grids = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid && r.path.starts_with(&region.path))
        .take(300)
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    let scope = user.staff_scope()?;
    let mut teams: Vec<_> = forces::teams(state.store.pool(), "/", None)
        .await?
        .into_iter()
        .filter(|t| {
            t.active == 1
                && (region.path.starts_with(&t.region_path)
                    || t.region_path.starts_with(scope.path()))
        })
        .collect();
    teams.sort_by_key(|t| std::cmp::Reverse(t.region_path.len()));
    Ok((
        grids,
        teams
            .into_iter()
            .take(100)
            .map(|t| {
                let place = atlas.get(&t.region_code).map_or("", |r| r.name.as_str());
                (t.id, format!("{}({place})", t.name))
            })
            .collect(),
    ))
}

async fn list_page(
    state: &AppState,
    user: User,
    csrf: CsrfToken,
    region: ScopedRegion,
    error: Option<String>,
) -> Result<ListPage, ApiError> {
    let now = now_ms();
    let rows = store::list(
        state.store.pool(),
        &region.path,
        (now - 30 * fengqiao_core::time::DAY_MS, now + 60_000),
        None,
        50,
    )
    .await?;
    let week = view::week(state, &region.path, now).await?;
    let (grids, teams) = choices(state, &user, &region).await?;
    let shifts = store::shifts(state.store.pool(), &region.path)
        .await?
        .into_iter()
        .map(|s| super::api::shift_view(state, s))
        .collect();
    Ok(ListPage {
        week_label: format!(
            "{} 起的一周",
            fengqiao_core::time::day(view::week_start(now))
        ),
        patrols: rows.into_iter().map(|r| view::patrol_brief(state, r)).collect(),
        week,
        grids,
        teams,
        shifts,
        error,
        region_code: region.code,
        region_name: region.name,
        chrome: Chrome::signed_in(user, csrf),
    })
}

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    region: ScopedRegion,
) -> Result<Response, PageError> {
    Ok(render(&list_page(&state, user, csrf, region, None).await?)?.into_response())
}

fn field(form: &HashMap<String, String>, key: &str) -> Option<String> {
    form.get(key)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn team(form: &HashMap<String, String>) -> Result<Option<i64>, ApiError> {
    field(form, "team_id")
        .map(|t| {
            t.parse()
                .map_err(|_| ApiError::bad_request("请从列表中选择巡逻队伍"))
        })
        .transpose()
}

/// A page form that failed: the list again with the message, at the error's status.
async fn again(
    state: &AppState,
    user: User,
    csrf: CsrfToken,
    region: ScopedRegion,
    e: ApiError,
) -> Result<Response, PageError> {
    if !e.code.status().is_client_error() {
        return Err(PageError(e));
    }
    let status = e.code.status();
    let page = list_page(state, user, csrf, region, Some(e.detail)).await?;
    Ok((status, render(&page)?).into_response())
}

pub async fn start(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    region: ScopedRegion,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let started = async {
        let grid = service::grid_in_scope(&state, &user, &field(&form, "grid_code").unwrap_or_default())?;
        let s = Start {
            grid,
            team_id: team(&form)?,
            members: view::split_names(&field(&form, "members").unwrap_or_default()),
            started_at: now_ms(),
            source: "page",
        };
        service::start(&state, &user, s).await
    }
    .await;
    match started {
        Ok(id) => Ok(Redirect::to(&format!("/patrols/{id}?done=started")).into_response()),
        Err(e) => again(&state, user, csrf, region, e).await,
    }
}

pub async fn import(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    region: ScopedRegion,
    CsrfMultipart { fields, files }: CsrfMultipart,
) -> Result<Response, PageError> {
    let file = files
        .into_iter()
        .find(|(name, data)| name == "gpx" && !data.is_empty())
        .map(|(_, data)| data);
    let imported = async {
        let file = file.ok_or_else(|| ApiError::bad_request("请选择 GPX 轨迹文件"))?;
        let members = view::split_names(&field(&fields, "members").unwrap_or_default());
        service::import(&state, &user, &file, team(&fields)?, members).await
    }
    .await;
    match imported {
        Ok(id) => Ok(Redirect::to(&format!("/patrols/{id}?done=imported")).into_response()),
        Err(e) => again(&state, user, csrf, region, e).await,
    }
}

/// Adds a weekly shift from the list page's form.
pub async fn add_shift(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    region: ScopedRegion,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let added = async {
        let grid = service::grid_in_scope(&state, &user, &field(&form, "grid_code").unwrap_or_default())?;
        let weekday = field(&form, "weekday")
            .and_then(|w| w.parse().ok())
            .ok_or_else(|| ApiError::bad_request("请选择星期几"))?;
        let (start, end) = (field(&form, "start").unwrap_or_default(), field(&form, "end").unwrap_or_default());
        service::add_shift(&state, &user, &grid, team(&form)?, weekday, (&start, &end)).await
    }
    .await;
    match added {
        Ok(_) => Ok(Redirect::to(&format!("/patrols?region={}#shifts", region.code)).into_response()),
        Err(e) => again(&state, user, csrf, region, e).await,
    }
}

#[derive(Template)]
#[template(path = "prevention/templates/patrol.html")]
struct DetailPage {
    chrome: Chrome,
    p: PatrolView,
    services: Vec<(&'static str, &'static str)>,
    message: Option<String>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
    reported: Option<String>,
}

async fn detail_page(
    state: &AppState,
    user: User,
    csrf: CsrfToken,
    id: i64,
) -> Result<DetailPage, ApiError> {
    let scope = user.staff_scope()?;
    let row = store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found("没有这次巡逻,或不在您的管辖范围内"))?;
    let p = view::patrol(state, row).await?;
    let mut p = p;
    p.created_by = crate::people::names(state, [p.created_by.as_str()])
        .await?
        .of(&p.created_by);
    Ok(DetailPage {
        p,
        services: crate::portal::desks(state)
            .flat_map(|d| d.services())
            .map(|s| (s.code, s.name))
            .collect(),
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
        Some("started") => Some("巡逻已开始。保持本页打开,手机会记录轨迹;结束时在下方登记发现。".into()),
        Some("imported") => Some(format!(
            "已导入 GPX 轨迹:{} 个点,{:.1} 公里,{} 分钟。",
            page.p.points,
            page.p.distance_m / 1000.0,
            page.p.minutes
        )),
        Some("finished") => Some(match q.reported.as_deref().filter(|r| !r.is_empty()) {
            Some(codes) => format!("巡逻已结束。发现的问题已上报,查询码 {codes}。"),
            None => "巡逻已结束。".into(),
        }),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

pub async fn finish(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let done = async {
        let found = match (field(&form, "service_code"), field(&form, "description")) {
            (Some(service_code), Some(description)) => vec![Found {
                service_code,
                description,
            }],
            (Some(_), None) => return Err(ApiError::bad_request("请写明发现的问题")),
            _ => Vec::new(),
        };
        let row = service::finish(
            &state,
            &user,
            id,
            None,
            &field(&form, "findings").unwrap_or_default(),
        )
        .await?;
        report_findings(&state, &user, &row, found).await
    }
    .await;
    match done {
        Ok(codes) => Ok(Redirect::to(&format!(
            "/patrols/{id}?done=finished&reported={}",
            codes.join(",")
        ))
        .into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status() != StatusCode::NOT_FOUND => {
            let status = e.code.status();
            let mut page = detail_page(&state, user, csrf, id).await?;
            page.error = Some(e.detail);
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
