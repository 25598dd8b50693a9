//! The archive over HTTP: published records and their photos (public, searchable), writing
//! and publishing (the culture team), red sites' events, bookings and attendance.

use super::service::{self, EventBody, GroupBody, RecordBody};
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser, MaybeApiUser};
use crate::session::User;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use fengqiao_core::culture::{ArchiveKind, Occasion};
use fengqiao_core::time::minute;
use fengqiao_store::culture::archive::{self as store, EventRow, RecordRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    pub body: String,
    /// As written (EDTF), its reading in Chinese, and the days it could mean.
    pub date: Option<String>,
    pub date_label: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub sources: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub area: String,
    pub published: Option<String>,
    pub photos: Vec<PhotoView>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhotoView {
    pub id: i64,
    pub caption: String,
    pub url: String,
}

pub async fn view(state: &AppState, r: RecordRow) -> Result<RecordView, ApiError> {
    let photos = store::photos(state.store.pool(), r.id).await?.into_iter().map(|(id, caption)| PhotoView { url: format!("/culture/photos/{id}"), id, caption }).collect();
    Ok(RecordView {
        kind_label: ArchiveKind::parse(&r.kind).map_or("", |k| k.label()),
        area: state.atlas().get(&r.grid_code).map_or_else(String::new, |g| g.name.clone()),
        published: r.published_at.map(fengqiao_core::time::day),
        url: format!("/culture/archive/{}", r.id),
        photos,
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        date: r.date_edtf,
        date_label: r.date_label,
        date_from: r.date_from,
        date_to: r.date_to,
        sources: r.sources,
        lon: r.lon,
        lat: r.lat,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub kind: Option<String>,
    pub q: Option<String>,
}

pub async fn records(state: &AppState, kind: Option<&str>, q: Option<&str>, drafts: bool) -> Result<Vec<RecordView>, ApiError> {
    let kinds: Vec<&str> = match kind.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => vec![k.parse::<ArchiveKind>().map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?.as_str()],
        None => Vec::new(),
    };
    let q = q.map(str::trim).filter(|q| !q.is_empty()).map(|q| q.chars().take(40).collect::<String>());
    let mut out = Vec::new();
    for r in store::list(state.store.pool(), &kinds, q.as_deref(), drafts, 300).await? {
        out.push(view(state, r).await?);
    }
    Ok(out)
}

pub async fn list(State(state): State<AppState>, MaybeApiUser(user): MaybeApiUser, ApiQuery(p): ApiQuery<ListQuery>) -> Result<Json<Vec<RecordView>>, ApiError> {
    let drafts = match &user {
        Some(u) => crate::culture::access::is_culture_team(&state, u).await?,
        None => false,
    };
    Ok(Json(records(&state, p.kind.as_deref(), p.q.as_deref(), drafts).await?))
}

pub async fn get(State(state): State<AppState>, MaybeApiUser(user): MaybeApiUser, Path(id): Path<i64>) -> Result<Json<RecordView>, ApiError> {
    let r = service::visible(&state, user.as_ref(), id).await?;
    Ok(Json(view(&state, r).await?))
}

pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<RecordBody>) -> Result<(StatusCode, Json<RecordView>), ApiError> {
    let id = service::create(&state, &user, b).await?;
    let r = service::visible(&state, Some(&user), id).await?;
    Ok((StatusCode::CREATED, Json(view(&state, r).await?)))
}

pub async fn publish(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<RecordView>, ApiError> {
    service::publish(&state, &user, id).await?;
    let r = service::visible(&state, Some(&user), id).await?;
    Ok(Json(view(&state, r).await?))
}

#[derive(Debug, Default, Deserialize)]
pub struct PhotoQuery {
    pub caption: Option<String>,
}

/// The body is the image itself.
pub async fn add_photo(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiQuery(q): ApiQuery<PhotoQuery>, body: Bytes) -> Result<(StatusCode, Json<RecordView>), ApiError> {
    service::add_photo(&state, &user, id, q.caption.as_deref().unwrap_or_default(), body.to_vec()).await?;
    let r = service::visible(&state, Some(&user), id).await?;
    Ok((StatusCode::CREATED, Json(view(&state, r).await?)))
}

/// `GET /culture/photos/{id}`: a photo of a published record (drafts' for the editors).
pub async fn photo(State(state): State<AppState>, user: Result<crate::extract::PageUser, crate::error::PageError>, Path(id): Path<i64>) -> Result<impl IntoResponse, ApiError> {
    let (record, content_type, bytes) = store::photo(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这张照片"))?;
    service::visible(&state, user.ok().map(|u| u.0).as_ref(), record).await?;
    Ok(([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "max-age=3600".to_owned())], bytes))
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: i64,
    pub site_id: i64,
    pub site: String,
    pub title: String,
    pub occasion: String,
    pub occasion_label: &'static str,
    pub starts: String,
    pub ends: String,
    pub capacity: i64,
    pub booked: i64,
    pub left: i64,
}

pub async fn event_views(state: &AppState, rows: Vec<EventRow>) -> Result<Vec<EventView>, ApiError> {
    let mut out = Vec::with_capacity(rows.len());
    for e in rows {
        let site = store::get(state.store.pool(), e.site_id).await?.map(|s| s.title).unwrap_or_default();
        out.push(EventView {
            occasion_label: Occasion::parse(&e.occasion).map_or("", |o| o.label()),
            starts: minute(e.starts_at),
            ends: minute(e.ends_at),
            left: (e.capacity - e.booked).max(0),
            site,
            id: e.id,
            site_id: e.site_id,
            title: e.title,
            occasion: e.occasion,
            capacity: e.capacity,
            booked: e.booked,
        });
    }
    Ok(out)
}

pub async fn events(State(state): State<AppState>) -> Result<Json<Vec<EventView>>, ApiError> {
    let rows = store::events(state.store.pool(), None).await?;
    Ok(Json(event_views(&state, rows).await?))
}

pub async fn add_event(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<EventBody>) -> Result<(StatusCode, Json<Vec<EventView>>), ApiError> {
    service::add_event(&state, &user, id, b).await?;
    let rows = store::events(state.store.pool(), Some(id)).await?;
    Ok((StatusCode::CREATED, Json(event_views(&state, rows).await?)))
}

pub async fn book(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<GroupBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    service::book(&state, &user, id, b).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "message": "预约成功,请按时到场" }))))
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub id: i64,
    pub group_name: String,
    pub people: i64,
    pub booked_by: String,
    pub attended: Option<i64>,
}

pub async fn groups_for(state: &AppState, user: &User, id: i64) -> Result<Vec<GroupView>, ApiError> {
    user.staff_scope()?;
    let rows = store::bookings(state.store.pool(), id).await?;
    let who: Vec<String> = rows.iter().map(|b| b.booked_by.clone()).collect();
    let names = crate::people::names(state, who.iter().map(String::as_str)).await?;
    Ok(rows.into_iter().map(|b| GroupView { booked_by: names.of(&b.booked_by), id: b.id, group_name: b.group_name, people: b.people, attended: b.attended }).collect())
}

pub async fn groups(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<Vec<GroupView>>, ApiError> {
    Ok(Json(groups_for(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct AttendBody {
    pub booking_id: i64,
    pub people: i64,
}

pub async fn attend(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<AttendBody>) -> Result<Json<Vec<GroupView>>, ApiError> {
    service::attend(&state, &user, id, b.booking_id, b.people).await?;
    Ok(Json(groups_for(&state, &user, id).await?))
}
