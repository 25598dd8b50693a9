//! The archive's workflow: the culture team and the coordinator write records (a date in
//! EDTF, a point inside the district) and publish them; photos are judged by their bytes; red
//! sites get education events that groups book within their capacity and staff mark attended.

use crate::culture::access;
use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::culture::history;
use fengqiao_core::culture::{ArchiveKind, Occasion};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::culture::archive::{self as store, NewRecord, RecordRow};
use fengqiao_store::{now_ms, StoreError};
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

async fn editor(state: &AppState, user: &User) -> Result<(), ApiError> {
    if access::is_culture_team(state, user).await? {
        Ok(())
    } else {
        Err(ApiError::forbidden("文史档案由德治(文化)队伍或区协调员编写"))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct RecordBody {
    pub kind: String,
    pub title: String,
    pub body: String,
    /// EDTF: `1935-10-07`, `1935~`, `193X`, `1937/1945`.
    pub date: Option<String>,
    #[serde(default)]
    pub sources: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub grid_code: Option<String>,
    pub address: Option<String>,
    #[serde(default)]
    pub publish: bool,
}

pub async fn create(state: &AppState, user: &User, b: RecordBody) -> Result<i64, ApiError> {
    editor(state, user).await?;
    let kind: ArchiveKind = b.kind.parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let title = b.title.trim().to_owned();
    if !(2..=60).contains(&title.chars().count()) {
        return Err(unprocessable("标题应为 2 到 60 字"));
    }
    let body = b.body.trim().to_owned();
    if !(10..=20_000).contains(&body.chars().count()) {
        return Err(unprocessable("正文应为 10 到 20000 字"));
    }
    let date = match b.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(history::parse(d).map_err(|e| unprocessable(e.to_string()))?),
        None => None,
    };
    let atlas = state.atlas();
    let point = b.lon.zip(b.lat).map(|(lon, lat)| (lon, lat, fengqiao_core::geo::Crs::Wgs84));
    let (g, a) = (b.grid_code.as_deref().filter(|g| !g.trim().is_empty()), b.address.as_deref().filter(|a| !a.trim().is_empty()));
    if point.is_none() && g.is_none() && a.is_none() {
        return Err(unprocessable("请在地图上标出位置,或写明所在小区、网格"));
    }
    let place = crate::org::place::resolve(&atlas, point, g, a)?;
    drop(atlas);
    let new = NewRecord {
        kind: kind.as_str().into(),
        title,
        body,
        date,
        sources: b.sources.trim().chars().take(2_000).collect(),
        point: place.lon.zip(place.lat),
        grid_code: place.grid.code.clone(),
        region_path: place.grid.path.clone(),
        publish: b.publish,
        by: user.username.clone(),
        now: now_ms(),
    };
    let who = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert(c, &new).await?;
                audit::append(c, &Entry { actor: &who, action: "archive.create", record_type: "archive", record_id: &id.to_string(), detail: &new.title }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// A record the caller may see: published ones for everyone, drafts for the editors.
pub async fn visible(state: &AppState, user: Option<&User>, id: i64) -> Result<RecordRow, ApiError> {
    let r = store::get(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这条档案"))?;
    if r.published_at.is_some() {
        return Ok(r);
    }
    match user {
        Some(u) if access::is_culture_team(state, u).await? => Ok(r),
        _ => Err(ApiError::not_found("没有这条档案")),
    }
}

pub async fn publish(state: &AppState, user: &User, id: i64) -> Result<(), ApiError> {
    editor(state, user).await?;
    visible(state, Some(user), id).await?;
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::publish(c, id, now_ms()).await?;
                if done {
                    audit::append(c, &Entry { actor: &who, action: "archive.publish", record_type: "archive", record_id: &id.to_string(), detail: "" }).await?;
                }
                Ok(done)
            })
        })
        .await?;
    if !done {
        return Err(ApiError::new(Code::Conflict, "这条档案已经发布"));
    }
    Ok(())
}

/// Adds a photo (JPEG, PNG or WebP judged by its bytes, 5 MB at most).
pub async fn add_photo(state: &AppState, user: &User, id: i64, caption: &str, data: Vec<u8>) -> Result<i64, ApiError> {
    editor(state, user).await?;
    visible(state, Some(user), id).await?;
    let photo = crate::upload::photo(data, crate::upload::MAX_PHOTO)?;
    let (caption, who) = (caption.trim().chars().take(100).collect::<String>(), user.username.clone());
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let pid = store::add_photo(c, id, photo.content_type, &caption, &photo.data, &who, now_ms()).await?;
                audit::append(c, &Entry { actor: &who, action: "archive.photo", record_type: "archive", record_id: &id.to_string(), detail: &caption }).await?;
                Ok(pid)
            })
        })
        .await?)
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventBody {
    pub title: String,
    /// `july_1`, `national_day` or `other`.
    pub occasion: String,
    pub starts: String,
    pub ends: String,
    pub capacity: i64,
}

/// The culture team, the coordinator or the town plan an education event at a red site.
pub async fn add_event(state: &AppState, user: &User, site: i64, b: EventBody) -> Result<i64, ApiError> {
    let town = user.role == fengqiao_core::Role::TownCommand;
    if !town {
        editor(state, user).await?;
    }
    let r = visible(state, Some(user), site).await?;
    if r.kind != ArchiveKind::RedSite.as_str() {
        return Err(unprocessable("教育活动只在红色地标举办"));
    }
    let occasion: Occasion = b.occasion.parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let title = b.title.trim().to_owned();
    if !(2..=60).contains(&title.chars().count()) {
        return Err(unprocessable("活动名称应为 2 到 60 字"));
    }
    let (starts, ends) = fengqiao_core::time::parse_instant(&b.starts).zip(fengqiao_core::time::parse_instant(&b.ends)).ok_or_else(|| unprocessable("时间格式应为 2027-07-01T09:00"))?;
    if ends <= starts || ends - starts > 12 * 3_600_000 {
        return Err(unprocessable("结束须晚于开始,一次不超过 12 小时"));
    }
    if !(1..=5_000).contains(&b.capacity) {
        return Err(unprocessable("可接待人数应为 1 到 5000"));
    }
    let who = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let e = store::NewEvent { site, title: &title, occasion: occasion.as_str(), starts_at: starts, ends_at: ends, capacity: b.capacity, by: &who, now: now_ms() };
                let id = store::add_event(c, &e).await?;
                audit::append(c, &Entry { actor: &who, action: "red_site.event", record_type: "red_site_event", record_id: &id.to_string(), detail: &title }).await?;
                Ok(id)
            })
        })
        .await?)
}

#[derive(Debug, Clone, Deserialize)]
pub struct GroupBody {
    pub group_name: String,
    pub people: i64,
}

/// A group (a school class, a party branch, a company) books places at an event.
pub async fn book(state: &AppState, user: &User, event: i64, b: GroupBody) -> Result<(), ApiError> {
    let group = b.group_name.trim().to_owned();
    if !(2..=60).contains(&group.chars().count()) {
        return Err(unprocessable("团体名称应为 2 到 60 字"));
    }
    if !(1..=500).contains(&b.people) {
        return Err(unprocessable("人数应为 1 到 500"));
    }
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let Some(e) = store::event(c, event).await? else { return Ok(Err((Code::NotFound, "没有这个教育活动".to_owned()))) };
                if e.starts_at < now_ms() {
                    return Ok(Err((Code::Conflict, "活动已经开始,不能再预约".to_owned())));
                }
                if !store::book(c, event, &group, b.people, &who, now_ms()).await? {
                    return Ok(Err((Code::Conflict, format!("名额不足:还剩 {} 人", (e.capacity - e.booked).max(0)))));
                }
                audit::append(c, &Entry { actor: &who, action: "red_site.book", record_type: "red_site_event", record_id: &event.to_string(), detail: &group }).await?;
                Ok(Ok(()))
            })
        })
        .await;
    match done {
        Err(StoreError::Conflict(m)) if m.contains("culture_site_bookings") || m.contains("UNIQUE") || m.contains("duplicate") => Err(ApiError::new(Code::Conflict, "这个团体已经预约了这场活动")),
        other => other?.map_err(|(code, m)| ApiError::new(code, m)),
    }
}

/// Staff record how many of a group came.
pub async fn attend(state: &AppState, user: &User, event: i64, booking: i64, people: i64) -> Result<(), ApiError> {
    user.staff_scope()?;
    if !(0..=500).contains(&people) {
        return Err(unprocessable("到场人数应为 0 到 500"));
    }
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::attend(c, booking, event, people).await?;
                if done {
                    audit::append(c, &Entry { actor: &who, action: "red_site.attend", record_type: "red_site_event", record_id: &event.to_string(), detail: &format!("{booking}: {people}") }).await?;
                }
                Ok(done)
            })
        })
        .await?;
    if !done {
        return Err(ApiError::not_found("这场活动没有这个预约"));
    }
    Ok(())
}
