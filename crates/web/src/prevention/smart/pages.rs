//! Smart-security pages: the region's progress to the year's target, a compound's checklist as
//! a form (a line per subsystem), and the standard the coordinator edits.

use super::service::{self, CheckIn, Checklist, Progress};
use crate::error::{ApiError, PageError};
use crate::extract::{CsrfForm, CsrfToken, PageUser, ScopedRegion};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::prevention::smart::{Grade, Standard, Subsystem};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "prevention/templates/smart.html")]
struct ProgressPage {
    chrome: Chrome,
    region_name: String,
    p: Progress,
    may_edit: bool,
}

pub async fn progress(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    region: ScopedRegion,
) -> Result<Response, PageError> {
    let atlas = state.atlas();
    let r = atlas
        .get(&region.code)
        .ok_or_else(|| ApiError::not_found("区划不存在"))?;
    let p = service::progress(&state, r).await?;
    Ok(render(&ProgressPage {
        may_edit: user.role.manages_district(),
        region_name: region.name,
        p,
        chrome: Chrome::signed_in(user, csrf),
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "prevention/templates/compound_security.html")]
struct ChecklistPage {
    chrome: Chrome,
    c: Checklist,
    today: String,
    message: Option<&'static str>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn checklist(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(code): Path<String>,
    crate::extract::ApiQuery(q): crate::extract::ApiQuery<DoneQuery>,
) -> Result<Response, PageError> {
    let compound = service::compound_in_scope(&state, &user, &code)?;
    let mut c = service::checklist(&state, &compound).await?;
    names(&state, &mut c).await?;
    Ok(render(&ChecklistPage {
        c,
        today: fengqiao_core::time::day(fengqiao_store::now_ms()),
        message: q.done.is_some().then_some("检查结果已保存,等级已按标准重新评定。"),
        error: None,
        chrome: Chrome::signed_in(user, csrf),
    })?
    .into_response())
}

/// Who checked, by name.
async fn names(state: &AppState, c: &mut Checklist) -> Result<(), ApiError> {
    let who: Vec<String> = c.items.iter().filter_map(|i| i.checked_by.clone()).collect();
    let names = crate::people::names(state, who.iter().map(String::as_str)).await?;
    for i in &mut c.items {
        i.checked_by = i.checked_by.as_deref().map(|u| names.of(u));
    }
    Ok(())
}

pub async fn record(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let compound = service::compound_in_scope(&state, &user, &code)?;
    let checks = Subsystem::ALL
        .iter()
        .map(|s| CheckIn {
            subsystem: *s,
            present: form.get(&format!("{}_present", s.as_str())).is_some_and(|v| v == "on"),
            evidence: form.get(&format!("{}_evidence", s.as_str())).cloned().unwrap_or_default(),
            checked_on: form.get(&format!("{}_on", s.as_str())).cloned(),
        })
        .collect();
    match service::record(&state, &user, &compound, checks).await {
        Ok(_) => Ok(Redirect::to(&format!("/compounds/{code}/security?done=saved")).into_response()),
        Err(e) if e.code.status().is_client_error() => {
            let status = e.code.status();
            let mut c = service::checklist(&state, &compound).await?;
            names(&state, &mut c).await?;
            let page = ChecklistPage {
                c,
                today: fengqiao_core::time::day(fengqiao_store::now_ms()),
                message: None,
                error: Some(e.detail),
                chrome: Chrome::signed_in(user, csrf),
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "prevention/templates/smart_standard.html")]
struct StandardPage {
    chrome: Chrome,
    version: i64,
    s: Standard,
    subsystems: Vec<(&'static str, &'static str)>,
    message: Option<String>,
    error: Option<String>,
}

impl StandardPage {
    fn needs(&self, grade: &Grade, sub: &&str) -> bool {
        grade.needs.iter().any(|n| n.as_str() == *sub)
    }
}

fn subsystems() -> Vec<(&'static str, &'static str)> {
    Subsystem::ALL.iter().map(|s| (s.as_str(), s.label())).collect()
}

pub async fn standard(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Response, PageError> {
    user.staff_scope()?;
    let (version, s) = service::standard(&state).await?;
    Ok(render(&StandardPage {
        version,
        s,
        subsystems: subsystems(),
        message: None,
        error: None,
        chrome: Chrome::signed_in(user, csrf),
    })?
    .into_response())
}

fn standard_of(form: &HashMap<String, String>, old: &Standard) -> Result<Standard, ApiError> {
    let number = |k: &str, what: &str| -> Result<i64, ApiError> {
        form.get(k)
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| ApiError::bad_request(format!("{what}应为整数")))
    };
    let grades = (0..old.grades.len())
        .map(|i| Grade {
            name: form
                .get(&format!("g{i}_name"))
                .map(|n| n.trim().to_owned())
                .unwrap_or_default(),
            needs: Subsystem::ALL
                .iter()
                .copied()
                .filter(|s| form.get(&format!("g{i}_{}", s.as_str())).is_some_and(|v| v == "on"))
                .collect(),
        })
        .collect();
    Ok(Standard {
        year: i32::try_from(number("year", "年份")?).map_err(|_| ApiError::bad_request("年份不正确"))?,
        target: u32::try_from(number("target", "年度目标")?)
            .map_err(|_| ApiError::bad_request("年度目标应为 0 或正整数"))?,
        grades,
    })
}

pub async fn save_standard(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (version, old) = service::standard(&state).await?;
    let saved = match standard_of(&form, &old) {
        Ok(s) => service::save_standard(&state, &user, s.clone()).await.map(|v| (v, s)),
        Err(e) => Err(e),
    };
    let (version, s, message, error, status) = match saved {
        Ok((v, s)) => (v, s, Some(format!("已保存为第 {v} 版,立即生效。")), None, axum::http::StatusCode::OK),
        Err(e) if e.code.status().is_client_error() => (version, old, None, Some(e.detail), e.code.status()),
        Err(e) => return Err(PageError(e)),
    };
    Ok((
        status,
        render(&StandardPage {
            version,
            s,
            subsystems: subsystems(),
            message,
            error,
            chrome: Chrome::signed_in(user, csrf),
        })?,
    )
        .into_response())
}
