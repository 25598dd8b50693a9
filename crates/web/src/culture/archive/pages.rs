//! The archive's pages: `/culture` (the priority's front page), `/culture/archive` (search and,
//! for editors, the form to write a record) and `/culture/archive/{id}` (a record with its
//! photos and place; at a red site its education events, with booking for groups and
//! attendance for staff).

use super::api::{self, EventView, GroupView, RecordView};
use super::service::{self, EventBody, GroupBody, RecordBody};
use crate::culture::access;
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfMultipart, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_core::culture::{ArchiveKind, Occasion};
use fengqiao_store::culture::archive as store;

use crate::culture::form::{field, Done, Form};

async fn editor(state: &AppState, user: Option<&User>) -> Result<bool, ApiError> {
    Ok(match user {
        Some(u) => access::is_culture_team(state, u).await?,
        None => false,
    })
}

#[derive(Template)]
#[template(path = "culture/templates/culture.html")]
struct FrontPage {
    chrome: Chrome,
    recent: Vec<RecordView>,
    events: Vec<EventView>,
}

/// `GET /culture`: the fourth priority's front page.
pub async fn front(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    let mut recent = Vec::new();
    for r in store::recent(state.store.pool(), 6).await? {
        recent.push(api::view(&state, r).await?);
    }
    let now = fengqiao_store::now_ms();
    let upcoming = store::events(state.store.pool(), None).await?.into_iter().filter(|e| e.ends_at > now).take(5).collect();
    let events = api::event_views(&state, upcoming).await?;
    Ok(render(&FrontPage { chrome: Chrome::of(user.ok().map(|u| u.0), csrf), recent, events })?.into_response())
}

#[derive(Template)]
#[template(path = "culture/templates/archive.html")]
struct ListPage {
    chrome: Chrome,
    records: Vec<RecordView>,
    kinds: Vec<(&'static str, &'static str)>,
    kind: String,
    q: String,
    editor: bool,
    error: Option<String>,
}

async fn list_page(state: &AppState, user: Option<User>, csrf: CsrfToken, kind: String, q: String, error: Option<String>) -> Result<ListPage, ApiError> {
    let editor = editor(state, user.as_ref()).await?;
    Ok(ListPage {
        records: api::records(state, Some(&kind), Some(&q), editor).await?,
        kinds: ArchiveKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        kind,
        q,
        editor,
        error,
        chrome: Chrome::of(user, csrf),
    })
}

/// `GET /culture/archive?kind=&q=`.
pub async fn list(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, ApiQuery(p): ApiQuery<api::ListQuery>) -> Result<Response, PageError> {
    let page = list_page(&state, user.ok().map(|u| u.0), csrf, p.kind.unwrap_or_default(), p.q.unwrap_or_default(), None).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /culture/archive`: write a record.
pub async fn create(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let num = |k: &str| field(&form, k).parse::<f64>().ok();
    let b = RecordBody {
        kind: field(&form, "kind"),
        title: field(&form, "title"),
        body: field(&form, "body"),
        date: Some(field(&form, "date")),
        sources: field(&form, "sources"),
        lon: num("lon"),
        lat: num("lat"),
        grid_code: Some(field(&form, "grid_code")),
        address: Some(field(&form, "address")),
        publish: field(&form, "publish") == "1",
    };
    let done = service::create(&state, &user, b).await;
    let to = match &done {
        Ok(id) => format!("/culture/archive/{id}?done=created"),
        Err(_) => String::new(),
    };
    after_form(done.map(|_| ()), &to, |reason| async move { list_page(&state, Some(user), csrf, String::new(), String::new(), Some(reason)).await }).await
}

#[derive(Template)]
#[template(path = "culture/templates/record.html")]
struct RecordPage {
    chrome: Chrome,
    r: RecordView,
    events: Vec<(EventView, Vec<GroupView>)>,
    occasions: Vec<(&'static str, &'static str)>,
    red_site: bool,
    editor: bool,
    staff: bool,
    signed_in: bool,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn record_page(state: &AppState, user: Option<User>, csrf: CsrfToken, id: i64, error: Option<String>) -> Result<RecordPage, ApiError> {
    let r = api::view(state, service::visible(state, user.as_ref(), id).await?).await?;
    let staff = user.as_ref().is_some_and(|u| u.role.is_staff());
    let mut events = Vec::new();
    for e in api::event_views(state, store::events(state.store.pool(), Some(id)).await?).await? {
        let groups = match &user {
            Some(u) if staff => api::groups_for(state, u, e.id).await.unwrap_or_default(),
            _ => Vec::new(),
        };
        events.push((e, groups));
    }
    Ok(RecordPage {
        red_site: r.kind == ArchiveKind::RedSite.as_str(),
        editor: editor(state, user.as_ref()).await? || user.as_ref().is_some_and(|u| u.role == fengqiao_core::Role::TownCommand),
        occasions: Occasion::ALL.iter().map(|o| (o.as_str(), o.label())).collect(),
        signed_in: user.is_some(),
        staff,
        r,
        events,
        message: None,
        error,
        chrome: Chrome::of(user, csrf),
    })
}

/// `GET /culture/archive/{id}`.
pub async fn record(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut p = record_page(&state, user.ok().map(|u| u.0), csrf, id, None).await?;
    p.message = match q.done.as_deref() {
        Some("created") => Some("档案已保存。"),
        Some("published") => Some("已发布,公众可以看到,也进入了新媒体订阅源。"),
        Some("photo") => Some("照片已添加。"),
        Some("event") => Some("教育活动已发布,团体可以预约。"),
        Some("booked") => Some("预约成功,请按时到场。"),
        Some("attended") => Some("到场人数已登记。"),
        _ => None,
    };
    Ok(render(&p)?.into_response())
}

/// `POST /culture/archive/{id}/act`: publish, plan an event, book, record attendance.
pub async fn act(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let num = |k: &str| field(&form, k).parse::<i64>().unwrap_or(0);
    let (done, tag) = match field(&form, "do").as_str() {
        "publish" => (service::publish(&state, &user, id).await, "published"),
        "event" => {
            let b = EventBody { title: field(&form, "title"), occasion: field(&form, "occasion"), starts: field(&form, "starts"), ends: field(&form, "ends"), capacity: num("capacity") };
            (service::add_event(&state, &user, id, b).await.map(|_| ()), "event")
        }
        "book" => (service::book(&state, &user, num("event_id"), GroupBody { group_name: field(&form, "group_name"), people: num("people") }).await, "booked"),
        _ => (service::attend(&state, &user, num("event_id"), num("booking_id"), num("people")).await, "attended"),
    };
    let to = format!("/culture/archive/{id}?done={tag}");
    after_form(done, &to, |reason| async move { record_page(&state, Some(user), csrf, id, Some(reason)).await }).await
}

/// `POST /culture/archive/{id}/photos`: a photo from the editor's phone.
pub async fn photo(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfMultipart { fields, files }: CsrfMultipart) -> Result<Response, PageError> {
    let caption = fields.get("caption").cloned().unwrap_or_default();
    let done = match files.into_iter().next() {
        Some((_, data)) => service::add_photo(&state, &user, id, &caption, data).await.map(|_| ()),
        None => Err(ApiError::new(crate::error::Code::Unprocessable, "请选择一张照片")),
    };
    let to = format!("/culture/archive/{id}?done=photo");
    after_form(done, &to, |reason| async move { record_page(&state, Some(user), csrf, id, Some(reason)).await }).await
}
