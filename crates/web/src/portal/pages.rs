//! The residents' pages: report without signing in, follow with the tracking code, rate the
//! handling afterwards. Light enough for a cheap phone on a slow network: no script but the
//! few lines that read the device's position.

use super::submit::{submit, Channel, Submission, Submitted};
use super::track::{lookup, rate, Tracked};
use crate::error::{ApiError, Code, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfMultipart, CsrfToken, PageUser};
use crate::session::User;
use fengqiao_core::Role;
use crate::page::{render, Chrome};
use crate::upload::{self, Photo, MAX_PUBLIC_PHOTO, MAX_PUBLIC_PHOTOS};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::mediation::Category;
use fengqiao_core::services;
use serde::Deserialize;
use std::collections::HashMap;

/// A group of services for the form's `<optgroup>`.
pub struct ServiceGroup {
    pub label: &'static str,
    pub services: Vec<(&'static str, &'static str)>,
}

fn groups(state: &AppState) -> Vec<ServiceGroup> {
    let mut out: Vec<ServiceGroup> = Vec::new();
    for s in super::desk::catalogue(state) {
        match out.iter_mut().find(|g| g.label == s.group) {
            Some(g) => g.services.push((s.code, s.name)),
            None => out.push(ServiceGroup {
                label: s.group,
                services: vec![(s.code, s.name)],
            }),
        }
    }
    out
}

#[derive(Template)]
#[template(path = "portal/templates/report.html")]
struct ReportPage {
    chrome: Chrome,
    groups: Vec<ServiceGroup>,
    submission: String,
    error: Option<String>,
    /// Mistakes by field, each shown beside its field.
    field_errors: HashMap<&'static str, String>,
    done: Option<Submitted>,
    form: HashMap<String, String>,
    /// The name of the grid chosen by code or on the pick map.
    grid_name: Option<String>,
    /// A signed-in resident: the report is kept under their account and the phone is optional.
    resident: bool,
}

impl ReportPage {
    fn value(&self, key: &str) -> String {
        self.form.get(key).cloned().unwrap_or_default()
    }

    /// The mistake in a field, empty when there is none.
    fn mistake(&self, key: &str) -> String {
        self.field_errors.get(key).cloned().unwrap_or_default()
    }

    fn invalid(&self, key: &str) -> bool {
        self.field_errors.contains_key(key)
    }

    fn selected(&self, v: &str) -> bool {
        self.form.get("service").is_some_and(|x| x == v)
    }
}

fn report_page(
    state: &AppState,
    csrf: CsrfToken,
    user: Option<&User>,
    error: Option<String>,
    done: Option<Submitted>,
    form: HashMap<String, String>,
) -> ReportPage {
    let submission = form
        .get("submission")
        .cloned()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(crate::auth::random_token);
    let grid_name = form
        .get("grid_code")
        .and_then(|c| state.atlas().get(c.trim()).map(|r| r.name.clone()));
    ReportPage {
        resident: user.is_some_and(|u| u.role == Role::Resident),
        chrome: match user {
            Some(u) => Chrome::signed_in(u.clone(), csrf),
            None => Chrome::anonymous(csrf),
        },
        groups: groups(state),
        submission,
        error,
        field_errors: HashMap::new(),
        done,
        form,
        grid_name,
    }
}

/// The form's own mistakes, by field, found before anything is sent on: nothing chosen, too
/// little said, no place, a phone that cannot be one (or none, unless a resident is signed in).
fn field_mistakes(form: &HashMap<String, String>, resident: bool) -> HashMap<&'static str, String> {
    let mut m = HashMap::new();
    if field(form, "service").is_none() && field(form, "category").is_none() {
        m.insert("service", "请选择要反映的事项".to_owned());
    }
    if field(form, "description").map_or(0, |d| d.chars().count()) < 5 {
        m.insert("description", "请写几句情况说明,至少 5 个字".to_owned());
    }
    let located = field(form, "lon").is_some() && field(form, "lat").is_some();
    if !located && field(form, "address").is_none() && field(form, "grid_code").is_none() {
        m.insert(
            "place",
            "请告诉我们在哪里:使用当前位置、填写地址或网格代码,三选一".to_owned(),
        );
    }
    match field(form, "callback_phone") {
        None if resident => {}
        None => {
            m.insert("callback_phone", "请留下回访电话".to_owned());
        }
        Some(p) => {
            if let Err(e) = p.parse::<fengqiao_core::Phone>() {
                m.insert("callback_phone", e.to_string());
            }
        }
    }
    m
}

#[derive(Deserialize)]
pub struct ReportQuery {
    service: Option<String>,
    grid_code: Option<String>,
}

/// The report form; `?service=` and `?grid_code=` preselect (links from posters, QR codes).
pub async fn report_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: Result<PageUser, PageError>,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Html<String>, PageError> {
    let mut form = HashMap::new();
    if let Some(s) = q.service {
        form.insert("service".to_owned(), s);
    }
    if let Some(g) = q.grid_code {
        form.insert("grid_code".to_owned(), g);
    }
    let user = user.ok().map(|PageUser(u)| u);
    Ok(render(&report_page(&state, csrf, user.as_ref(), None, None, form))?)
}

fn field(form: &HashMap<String, String>, key: &str) -> Option<String> {
    form.get(key)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn number(form: &HashMap<String, String>, key: &str, label: &str) -> Result<Option<f64>, ApiError> {
    field(form, key)
        .map(|v| {
            v.parse::<f64>()
                .map_err(|_| ApiError::bad_request(format!("{label}应为数字")))
        })
        .transpose()
}

fn submission(form: &HashMap<String, String>) -> Result<Submission, ApiError> {
    // Old links and bookmarks carry a dispute category instead of a service code.
    let service_code = field(form, "service")
        .or_else(|| {
            field(form, "category")
                .and_then(|c| c.parse::<Category>().ok())
                .map(|c| services::dispute_code(c).to_owned())
        })
        .unwrap_or_default();
    Ok(Submission {
        service_code,
        description: field(form, "description").unwrap_or_default(),
        lon: number(form, "lon", "经度")?,
        lat: number(form, "lat", "纬度")?,
        crs: field(form, "crs"),
        grid_code: field(form, "grid_code"),
        address: field(form, "address"),
        phone: field(form, "callback_phone"),
        name: field(form, "name"),
        idempotency_key: field(form, "submission").map(|k| format!("report:{k}")),
        photos: Vec::new(),
    })
}

fn photos(files: Vec<Vec<u8>>) -> Result<Vec<Photo>, ApiError> {
    if files.len() > MAX_PUBLIC_PHOTOS {
        return Err(ApiError::new(
            Code::Unprocessable,
            format!("最多上传 {MAX_PUBLIC_PHOTOS} 张照片"),
        ));
    }
    files
        .into_iter()
        .map(|f| upload::photo(f, MAX_PUBLIC_PHOTO))
        .collect()
}

/// Takes a report. A signed-in resident's is kept under their account; a session that expired
/// meanwhile makes it an anonymous report rather than losing what was written.
pub async fn report_submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: Result<PageUser, PageError>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    CsrfMultipart {
        fields: form,
        files,
    }: CsrfMultipart,
) -> Result<Response, PageError> {
    let files: Vec<Vec<u8>> = files
        .into_iter()
        .filter(|(name, _)| name == "photos")
        .map(|(_, data)| data)
        .filter(|data| !data.is_empty())
        .collect();
    let chose_photos = !files.is_empty();
    let user = user.ok().map(|PageUser(u)| u);
    let channel = Channel::of(user.as_ref(), ip);
    let mistakes = field_mistakes(&form, matches!(channel, Channel::Account(_)));
    if !mistakes.is_empty() {
        let mut page = report_page(&state, csrf, user.as_ref(), None, None, form);
        if chose_photos {
            page.error = Some("请改正标出的内容;照片需要重新选择。".into());
        }
        page.field_errors = mistakes;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let result = match submission(&form).and_then(|mut s| {
        s.photos = photos(files)?;
        Ok(s)
    }) {
        Ok(s) => submit(&state, channel, s).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(done) => Ok(
            render(&report_page(
                &state,
                csrf,
                user.as_ref(),
                None,
                Some(done),
                HashMap::new(),
            ))?
            .into_response(),
        ),
        Err(e) if e.code.status().is_client_error() => {
            let detail = if files_lost(&e) || !chose_photos {
                e.detail
            } else {
                format!("{}(照片需要重新选择)", e.detail)
            };
            Ok((
                e.code.status(),
                render(&report_page(
                    &state,
                    csrf,
                    user.as_ref(),
                    Some(detail),
                    None,
                    form,
                ))?,
            )
                .into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

/// Errors about the photos themselves already say so.
fn files_lost(e: &ApiError) -> bool {
    e.detail.contains("照片")
}

#[derive(Template)]
#[template(path = "portal/templates/track.html")]
struct TrackPage {
    chrome: Chrome,
    code: String,
    found: Option<Tracked>,
    searched: bool,
    error: Option<String>,
    rated: bool,
}

#[derive(Deserialize)]
pub struct TrackQuery {
    code: Option<String>,
}

pub async fn track_form(
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(q): ApiQuery<TrackQuery>,
) -> Result<Response, PageError> {
    if let Some(code) = q
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric()))
    {
        return Ok(Redirect::to(&format!("/track/{code}")).into_response());
    }
    Ok(render(&TrackPage {
        chrome: Chrome::anonymous(csrf),
        code: String::new(),
        found: None,
        searched: false,
        error: None,
        rated: false,
    })?
    .into_response())
}

async fn track_page(
    state: &AppState,
    csrf: CsrfToken,
    code: &str,
    error: Option<String>,
    rated: bool,
) -> Result<(StatusCode, TrackPage), ApiError> {
    let found = lookup(state, code).await?;
    let status = if found.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok((
        status,
        TrackPage {
            chrome: Chrome::anonymous(csrf),
            code: code.trim().to_ascii_uppercase().chars().take(20).collect(),
            found,
            searched: true,
            error,
            rated,
        },
    ))
}

pub async fn track(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    super::track::count_lookup(&state, &code, ip).await?;
    let (status, page) = track_page(&state, csrf, &code, None, false).await?;
    Ok((status, render(&page)?).into_response())
}

/// The rating form on the tracking page.
pub async fn rate_submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let stars = field(&form, "stars")
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or(0);
    let result = rate(
        &state,
        &code,
        stars,
        form.get("comment").map_or("", String::as_str),
        form.get("phone").map_or("", String::as_str),
        ip,
    )
    .await;
    match result {
        Ok(_) => {
            let (status, page) = track_page(&state, csrf, &code, None, true).await?;
            Ok((status, render(&page)?).into_response())
        }
        Err(e) if e.code.status().is_client_error() => {
            let (_, page) = track_page(&state, csrf, &code, Some(e.detail.clone()), false).await?;
            Ok((e.code.status(), render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
