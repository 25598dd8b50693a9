//! Serving residents' pages: the catalogue and each matter's guide (for everyone), applying
//! online (signed in), the applications with their working days left, and the calendar.

use super::api::{one, visible_list, ApplicationView, MatterView};
use super::service::{self, Application};
use crate::error::{ApiError, PageError};
use crate::extract::{CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_store::services::{calendar, matters};
use std::collections::HashMap;

type Form = CsrfForm<HashMap<String, String>>;

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

fn chrome(user: Option<User>, csrf: CsrfToken) -> Chrome {
    match user {
        Some(u) => Chrome::signed_in(u, csrf),
        None => Chrome::anonymous(csrf),
    }
}

#[derive(Template)]
#[template(path = "services/templates/matters.html")]
struct CataloguePage {
    chrome: Chrome,
    groups: Vec<(String, Vec<MatterView>)>,
    /// The coordinator keeps the catalogue: export and import as Excel.
    manages: bool,
    message: Option<String>,
    error: Option<String>,
    rejected: Vec<(usize, String)>,
}

async fn catalogue_page(state: &AppState, user: Option<User>, csrf: CsrfToken) -> Result<CataloguePage, ApiError> {
    let mut groups: Vec<(String, Vec<MatterView>)> = Vec::new();
    for m in matters::all(state.store.pool()).await?.into_iter().map(super::api::matter) {
        match groups.iter_mut().find(|(g, _)| *g == m.group) {
            Some((_, list)) => list.push(m),
            None => groups.push((m.group.clone(), vec![m])),
        }
    }
    Ok(CataloguePage {
        manages: user.as_ref().is_some_and(|u| u.role.manages_district()),
        groups,
        message: None,
        error: None,
        rejected: Vec::new(),
        chrome: chrome(user, csrf),
    })
}

/// `GET /services`: the catalogue by group.
pub async fn catalogue(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    Ok(render(&catalogue_page(&state, user.ok().map(|u| u.0), csrf).await?)?.into_response())
}

/// `POST /services/import` (multipart, field `sheet`): the catalogue again, saying what was
/// added and changed, or — nothing written — which rows are wrong and why.
pub async fn import(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, crate::extract::CsrfMultipart { files, .. }: crate::extract::CsrfMultipart) -> Result<Response, PageError> {
    let file = files.into_iter().find(|(n, d)| n == "sheet" && !d.is_empty()).map(|(_, d)| d);
    let outcome = match file {
        Some(bytes) => super::sheet::import(&state, &user, bytes).await,
        None => Err(ApiError::bad_request("请选择服务事项目录(.xlsx)")),
    };
    let mut page = catalogue_page(&state, Some(user), csrf).await?;
    match outcome {
        Ok(r) if r.written => {
            page.message = Some(format!("已导入:新增 {} 项,修改 {} 项", r.added, r.updated));
            Ok(render(&page)?.into_response())
        }
        Ok(r) => {
            page.error = Some(format!("有 {} 行不合格,整个表格未导入", r.rejected.len()));
            page.rejected = r.rejected;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) if e.code.status().is_client_error() => {
            let status = e.code.status();
            page.error = Some(e.detail);
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "services/templates/matter.html")]
struct MatterPage {
    chrome: Chrome,
    m: MatterView,
    signed_in: bool,
    is_staff: bool,
    questions: Vec<super::questions::QuestionView>,
    message: Option<&'static str>,
    /// The applicant's name for a resident applying for themselves.
    name: String,
    error: Option<String>,
}

async fn matter_page(state: &AppState, user: Option<User>, csrf: CsrfToken, code: &str, error: Option<String>) -> Result<MatterPage, ApiError> {
    let m = matters::get(state.store.pool(), code).await?.ok_or_else(|| ApiError::not_found("没有这个服务事项"))?;
    let query = super::questions::ListQuery { q: None, matter: Some(m.code.clone()) };
    Ok(MatterPage {
        questions: super::questions::visible(state, user.as_ref(), &query).await?,
        is_staff: user.as_ref().is_some_and(|u| u.role.is_staff()),
        message: None,
        m: super::api::matter(m),
        signed_in: user.is_some(),
        name: user.as_ref().filter(|u| !u.role.is_staff()).map(|u| u.name.clone()).unwrap_or_default(),
        error,
        chrome: chrome(user, csrf),
    })
}

#[derive(serde::Deserialize, Default)]
pub struct AskedQuery {
    done: Option<String>,
}

/// `GET /services/{code}`: the guide, questions and answers, and the forms to ask and apply.
pub async fn matter(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, Path(code): Path<String>, crate::extract::ApiQuery(q): crate::extract::ApiQuery<AskedQuery>) -> Result<Response, PageError> {
    let mut page = matter_page(&state, user.ok().map(|u| u.0), csrf, &code, None).await?;
    page.message = match q.done.as_deref() {
        Some("asked") => Some("问题已提交,工作人员回答后会显示在这里。"),
        Some("answered") => Some("回答已发布,所有人都能看到。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /services/{code}/questions`.
pub async fn ask(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(code): Path<String>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let body = super::questions::AskBody { matter_code: Some(code.clone()), question: field(&form, "question") };
    let done = super::questions::ask(&state, &user, body).await.map(|_| ());
    after_form(done, &format!("/services/{code}?done=asked"), |reason| async move { matter_page(&state, Some(user), csrf, &code, Some(reason)).await }).await
}

/// `POST /questions/{id}/answer`: back to the matter's page.
pub async fn answer(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let q = fengqiao_store::services::questions::by_id(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这个问题"))?;
    let code = q.matter_code.unwrap_or_default();
    let done = super::questions::answer(&state, &user, id, &field(&form, "answer")).await;
    after_form(done, &format!("/services/{code}?done=answered"), |reason| async move { matter_page(&state, Some(user), csrf, &code, Some(reason)).await }).await
}

/// `POST /services/{code}/apply`.
pub async fn apply(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(code): Path<String>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let a = Application {
        matter_code: code.clone(),
        applicant_name: field(&form, "applicant_name"),
        applicant_phone: field(&form, "applicant_phone"),
        details: field(&form, "details"),
        grid_code: Some(field(&form, "grid_code")).filter(|g| !g.is_empty()),
        address: Some(field(&form, "address")).filter(|g| !g.is_empty()),
    };
    match service::apply(&state, &user, a).await {
        Ok(id) => Ok(axum::response::Redirect::to(&format!("/service-requests/{id}?done=applied")).into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 404 => {
            let status = e.code.status();
            Ok((status, render(&matter_page(&state, Some(user), csrf, &code, Some(e.detail)).await?)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "services/templates/applications.html")]
struct ListPage {
    chrome: Chrome,
    items: Vec<ApplicationView>,
}

/// `GET /service-requests`.
pub async fn list(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    let items = visible_list(&state, &user).await?;
    Ok(render(&ListPage { chrome: Chrome::signed_in(user, csrf), items })?.into_response())
}

#[derive(Template)]
#[template(path = "services/templates/application.html")]
struct DetailPage {
    chrome: Chrome,
    a: ApplicationView,
    is_staff: bool,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn detail_page(state: &AppState, user: User, csrf: CsrfToken, id: i64) -> Result<DetailPage, ApiError> {
    Ok(DetailPage { a: one(state, &user, id).await?, is_staff: user.role.is_staff(), message: None, error: None, chrome: Chrome::signed_in(user, csrf) })
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /service-requests/{id}`.
pub async fn detail(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, crate::extract::ApiQuery(q): crate::extract::ApiQuery<DoneQuery>) -> Result<Response, PageError> {
    let mut page = detail_page(&state, user, csrf, id).await?;
    page.message = match q.done.as_deref() {
        Some("applied") => Some("申请已提交,承诺时限按工作日计算,见下方办结期限。"),
        Some("hold") => Some("已暂停计时,剩余工作日已保留。"),
        Some("resume") => Some("已恢复计时,办结期限已按剩余工作日重新计算。"),
        Some("done") => Some("已办结,申请人可以看到办理结果。"),
        Some("refuse") => Some("已记录不予办理及理由。"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /service-requests/{id}/act`.
pub async fn act(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let action = field(&form, "action");
    let done = match super::api::step_of(&action) {
        Ok(step) => service::act(&state, &user, id, step, &field(&form, "text")).await,
        Err(e) => Err(e),
    };
    after_form(done, &format!("/service-requests/{id}?done={action}"), |reason| async move {
        let mut page = detail_page(&state, user, csrf, id).await?;
        page.error = Some(reason);
        Ok(page)
    })
    .await
}

#[derive(Template)]
#[template(path = "services/templates/calendar.html")]
struct CalendarPage {
    chrome: Chrome,
    days: Vec<(String, &'static str, String)>,
    may_load: bool,
    message: Option<String>,
    error: Option<String>,
}

async fn calendar_page(state: &AppState, user: User, csrf: CsrfToken) -> Result<CalendarPage, ApiError> {
    let days = calendar::entries(state.store.pool())
        .await?
        .into_iter()
        .map(|(d, k, n)| (d, fengqiao_core::calendar::DayKind::parse(&k).map_or("", |k| k.label()), n))
        .collect();
    Ok(CalendarPage { days, may_load: user.role.manages_district(), message: None, error: None, chrome: Chrome::signed_in(user, csrf) })
}

/// `GET /calendar`.
pub async fn calendar_view(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    Ok(render(&calendar_page(&state, user, csrf).await?)?.into_response())
}

/// `POST /calendar`: a year's file pasted into the page.
pub async fn calendar_load(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let done = service::load_calendar(&state, &user, &field(&form, "file")).await;
    let mut page = calendar_page(&state, user, csrf).await?;
    match done {
        Ok(n) => {
            page.message = Some(format!("已导入 {n} 个日期;所涉年份原有的安排已被替换。"));
            Ok(render(&page)?.into_response())
        }
        Err(e) if e.code.status().is_client_error() => {
            let status = e.code.status();
            page.error = Some(e.detail);
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
