//! Camera pages: the region's cover and registry with forms to register a camera and import or
//! export the sheet; a camera's page with its outages, a form to report one and to close it.

use super::api::{detail_of, view, CameraView, Detail};
use super::coverage::{self, Cover};
use super::service::{self, CameraInput};
use super::sheet;
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfMultipart, CsrfToken, PageUser, ScopedRegion};
use crate::page::{render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::region::Level;
use fengqiao_store::now_ms;
use fengqiao_store::prevention::cameras as store;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "prevention/templates/cameras.html")]
struct ListPage {
    chrome: Chrome,
    region_code: String,
    region_name: String,
    cover: Cover,
    cameras: Vec<CameraView>,
    compounds: Vec<(String, String)>,
    message: Option<String>,
    error: Option<String>,
    rejected: Vec<sheet::Rejected>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
    registered: Option<usize>,
    updated: Option<usize>,
}

async fn list_page(
    state: &AppState,
    user: User,
    csrf: CsrfToken,
    region: &ScopedRegion,
) -> Result<ListPage, ApiError> {
    let atlas = state.atlas();
    let r = atlas
        .get(&region.code)
        .ok_or_else(|| ApiError::not_found("区划不存在"))?;
    let cover = coverage::of(state, r, now_ms()).await?;
    let rows = store::list(state.store.pool(), &region.path, None, 300).await?;
    let compounds = std::iter::once(r)
        .chain(atlas.descendants(r))
        .filter(|c| c.level == Level::Compound)
        .take(400)
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect();
    Ok(ListPage {
        cover,
        cameras: rows.into_iter().map(|c| view(state, c)).collect(),
        compounds,
        message: None,
        error: None,
        rejected: Vec::new(),
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
    page.message = match q.done.as_deref() {
        Some("registered") => Some("摄像机已登记,维护人为所在网格的网格员(可在表格中指定)。".into()),
        Some("imported") => Some(format!(
            "已导入摄像机登记表:{} 台新登记,{} 台更新。",
            q.registered.unwrap_or(0),
            q.updated.unwrap_or(0)
        )),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

fn field(form: &HashMap<String, String>, key: &str) -> Option<String> {
    form.get(key)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn number<T: std::str::FromStr>(form: &HashMap<String, String>, key: &str, what: &str) -> Result<Option<T>, ApiError> {
    field(form, key)
        .map(|v| v.parse().map_err(|_| ApiError::bad_request(format!("{what}应为数字"))))
        .transpose()
}

fn input(form: &HashMap<String, String>) -> Result<CameraInput, ApiError> {
    Ok(CameraInput {
        device_code: field(form, "device_code").unwrap_or_default(),
        name: field(form, "name").unwrap_or_default(),
        compound_code: field(form, "compound_code"),
        key_place: field(form, "key_place").unwrap_or_default(),
        lon: number(form, "lon", "经度")?,
        lat: number(form, "lat", "纬度")?,
        crs: None,
        direction: number(form, "direction", "朝向")?,
        field_of_view: number(form, "field_of_view", "视场角")?,
        maintainer: field(form, "maintainer"),
    })
}

async fn again(
    state: &AppState,
    user: User,
    csrf: CsrfToken,
    region: &ScopedRegion,
    e: ApiError,
) -> Result<Response, PageError> {
    if !e.code.status().is_client_error() {
        return Err(PageError(e));
    }
    let status = e.code.status();
    let mut page = list_page(state, user, csrf, region).await?;
    page.error = Some(e.detail);
    Ok((status, render(&page)?).into_response())
}

pub async fn register(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    region: ScopedRegion,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let saved = async {
        let checked = service::check(&state, &user, input(&form)?)?;
        service::save_all(&state, &user, vec![checked]).await
    }
    .await;
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/cameras?region={}&done=registered", region.code)).into_response()),
        Err(e) => again(&state, user, csrf, &region, e).await,
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
        .find(|(name, data)| name == "sheet" && !data.is_empty())
        .map(|(_, data)| data);
    let Some(file) = file else {
        return again(&state, user, csrf, &region, ApiError::bad_request("请选择摄像机登记表(.xlsx)")).await;
    };
    let skip_bad = fields.get("skip_bad").is_some_and(|v| v == "on" || v == "true");
    match sheet::import(&state, &user, file, skip_bad).await {
        Ok(r) if r.written => Ok(Redirect::to(&format!(
            "/cameras?region={}&done=imported&registered={}&updated={}",
            region.code, r.registered, r.updated
        ))
        .into_response()),
        Ok(r) => {
            let mut page = list_page(&state, user, csrf, &region).await?;
            page.error = Some(format!(
                "有 {} 行不合格,整个表格未导入(可勾选“只导入合格的行”)",
                r.rejected.len()
            ));
            page.rejected = r.rejected;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => again(&state, user, csrf, &region, e).await,
    }
}

#[derive(Template)]
#[template(path = "prevention/templates/camera.html")]
struct DetailPage {
    chrome: Chrome,
    d: Detail,
    maintainer_name: String,
    message: Option<&'static str>,
    error: Option<String>,
}

impl DetailPage {
    fn minute(&self, ms: &i64) -> String {
        fengqiao_core::time::minute(*ms)
    }
}

async fn detail_page(state: &AppState, user: User, csrf: CsrfToken, id: i64) -> Result<DetailPage, ApiError> {
    let c = service::in_scope(state, &user, id).await?;
    let mut d = detail_of(state, c).await?;
    let mut who: Vec<&str> = d.faults.iter().map(|f| f.reported_by.as_str()).collect();
    who.extend(d.camera.maintainer.as_deref());
    let names = crate::people::names(state, who).await?;
    let maintainer_name = d
        .camera
        .maintainer
        .as_deref()
        .map_or_else(|| "未指定".to_owned(), |m| names.of(m));
    for f in &mut d.faults {
        f.reported_by = names.of(&f.reported_by);
    }
    Ok(DetailPage {
        d,
        maintainer_name,
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
        Some("fault") => Some("已报修:摄像机标为故障,维护人收到修复任务(3 天内修复)。"),
        Some("repaired") => Some("已记录修复;没有其他未修复的故障时,摄像机恢复为正常。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

async fn after(
    state: &AppState,
    user: User,
    csrf: CsrfToken,
    id: i64,
    done: Result<(), ApiError>,
    what: &str,
) -> Result<Response, PageError> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/cameras/{id}?done={what}")).into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 404 => {
            let status = e.code.status();
            let mut page = detail_page(state, user, csrf, id).await?;
            page.error = Some(e.detail);
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

pub async fn fault(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let description = field(&form, "description").unwrap_or_default();
    let done = service::report_fault(&state, &user, id, &description).await.map(|_| ());
    after(&state, user, csrf, id, done, "fault").await
}

pub async fn repair(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path((id, fault)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let reply = field(&form, "reply").unwrap_or_default();
    let done = service::repair(&state, &user, id, fault, &reply).await;
    after(&state, user, csrf, id, done, "repaired").await
}
