//! Emergency aid pages: the list with the form to apply, one application with the checklist,
//! the chain's decisions, documents and the forms for the step whose turn it is, and the
//! public tracking page.

use super::api::{self, AidView, Tracked};
use super::service::{self, AidBody, DecisionBody};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, ClientIp, CsrfForm, CsrfMultipart, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::services::aid::{AidKind, AidStatus};
use fengqiao_core::Role;
use std::collections::HashMap;

type Form = CsrfForm<HashMap<String, String>>;

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "services/templates/aid_list.html")]
struct ListPage {
    chrome: Chrome,
    items: Vec<AidView>,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    form: HashMap<String, String>,
}

impl ListPage {
    fn typed(&self, key: &str) -> String {
        self.form.get(key).cloned().unwrap_or_default()
    }
}

async fn list_page(state: &AppState, user: User, csrf: CsrfToken, error: Option<String>, form: HashMap<String, String>) -> Result<ListPage, ApiError> {
    Ok(ListPage {
        items: api::visible_list(state, &user).await?,
        kinds: AidKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        error,
        form,
        chrome: Chrome::signed_in(user, csrf),
    })
}

/// `GET /aid`.
pub async fn list(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    Ok(render(&list_page(&state, user, csrf, None, HashMap::new()).await?)?.into_response())
}

/// `POST /aid`: to the new application, or back with the reason beside what was typed.
pub async fn apply(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let body = AidBody {
        kind: field(&form, "kind"),
        applicant_name: field(&form, "applicant_name"),
        id_number: field(&form, "id_number"),
        phone: field(&form, "phone"),
        grid_code: Some(field(&form, "grid_code")).filter(|g| !g.is_empty()),
        address: Some(field(&form, "address")).filter(|g| !g.is_empty()),
        situation: field(&form, "situation"),
        amount_asked: field(&form, "amount_asked").parse().unwrap_or(0),
        urgent: form.get("urgent").is_some_and(|v| v == "on"),
    };
    match service::apply(&state, &user, body).await {
        Ok((id, _)) => Ok(Redirect::to(&format!("/aid/{id}?done=applied")).into_response()),
        Err(e) if e.code.status().is_client_error() => {
            let status = e.code.status();
            Ok((status, render(&list_page(&state, user, csrf, Some(e.detail), form).await?)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "services/templates/aid.html")]
struct DetailPage {
    chrome: Chrome,
    a: AidView,
    /// The step the viewer decides at, when it is their turn.
    decides: Option<&'static str>,
    pays: bool,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn detail_page(state: &AppState, user: User, csrf: CsrfToken, id: i64, error: Option<String>) -> Result<DetailPage, ApiError> {
    let a = api::detail(state, &user, id).await?;
    let status = AidStatus::parse(&a.status);
    let decides = service::stage_of(&user).filter(|s| status.and_then(AidStatus::stage) == Some(*s)).map(|s| s.label());
    Ok(DetailPage {
        pays: user.role == Role::DepartmentStaff && status == Some(AidStatus::Approved),
        decides,
        a,
        message: None,
        error,
        chrome: Chrome::signed_in(user, csrf),
    })
}

#[derive(serde::Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// `GET /aid/{id}`.
pub async fn detail(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut page = detail_page(&state, user, csrf, id, None).await?;
    page.message = match q.done.as_deref() {
        Some("applied") => Some("申请已提交。请记下查询码,凭它可随时查看审核进度。"),
        Some("decided") => Some("审核意见已记录,已通知下一环节。"),
        Some("paid") => Some("已登记发放。"),
        Some("attached") => Some("材料已上传。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /aid/{id}/decide`.
pub async fn decide(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): CsrfForm<Vec<(String, String)>>) -> Result<Response, PageError> {
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let body = DecisionBody {
        approve: get("approve") == "yes",
        reasons: get("reasons"),
        checked: form.iter().filter(|(n, _)| n == "checked").map(|(_, v)| v.clone()).collect(),
    };
    let done = service::decide(&state, &user, id, body).await.map(|_| ());
    after_form(done, &format!("/aid/{id}?done=decided"), |reason| async move { detail_page(&state, user, csrf, id, Some(reason)).await }).await
}

/// `POST /aid/{id}/pay`.
pub async fn pay(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let amount = field(&form, "amount").parse::<i64>().unwrap_or(0);
    let done = service::pay(&state, &user, id, amount, &field(&form, "note")).await;
    after_form(done, &format!("/aid/{id}?done=paid"), |reason| async move { detail_page(&state, user, csrf, id, Some(reason)).await }).await
}

/// `POST /aid/{id}/documents` (multipart, field `file`).
pub async fn attach(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfMultipart { fields, files }: CsrfMultipart) -> Result<Response, PageError> {
    let file = files.into_iter().find(|(n, d)| n == "file" && !d.is_empty()).map(|(_, d)| d);
    let done = match file {
        Some(data) => service::attach(&state, &user, id, fields.get("name").map_or("", String::as_str), data).await.map(|_| ()),
        None => Err(ApiError::bad_request("请选择要上传的文件(PDF、JPEG 或 PNG)")),
    };
    after_form(done, &format!("/aid/{id}?done=attached"), |reason| async move { detail_page(&state, user, csrf, id, Some(reason)).await }).await
}

/// `GET /aid/{id}/documents/{doc}`.
pub async fn document(State(state): State<AppState>, PageUser(user): PageUser, Path((id, doc)): Path<(i64, i64)>) -> Result<Response, PageError> {
    Ok(api::document_response(&state, &user, id, doc).await?)
}

#[derive(Template)]
#[template(path = "services/templates/aid_track.html")]
struct TrackPage {
    chrome: Chrome,
    code: String,
    t: Option<Tracked>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct CodeQuery {
    code: Option<String>,
}

/// `GET /aid-track?code=…` and `GET /aid-track/{code}`: no account needed.
pub async fn track(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, ClientIp(ip): ClientIp, ApiQuery(q): ApiQuery<CodeQuery>) -> Result<Response, PageError> {
    track_page(state, user, csrf, ip, q.code.unwrap_or_default()).await
}

pub async fn track_code(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, ClientIp(ip): ClientIp, Path(code): Path<String>) -> Result<Response, PageError> {
    track_page(state, user, csrf, ip, code).await
}

async fn track_page(state: AppState, user: Result<PageUser, PageError>, csrf: CsrfToken, ip: std::net::IpAddr, code: String) -> Result<Response, PageError> {
    let chrome = match user {
        Ok(PageUser(u)) => Chrome::signed_in(u, csrf),
        Err(_) => Chrome::anonymous(csrf),
    };
    let code = code.trim().chars().take(40).collect::<String>();
    if code.is_empty() {
        return Ok(render(&TrackPage { chrome, code, t: None, error: None })?.into_response());
    }
    match api::tracked(&state, ip, &code).await {
        Ok(t) => Ok(render(&TrackPage { chrome, code, t: Some(t), error: None })?.into_response()),
        Err(e) if e.code.status().is_client_error() => {
            let status = e.code.status();
            Ok((status, render(&TrackPage { chrome, code, t: None, error: Some(e.detail) })?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
