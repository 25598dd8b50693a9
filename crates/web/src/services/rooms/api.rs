//! Centres, rooms and bookings over JSON. The centres and each room's taken times are
//! public (no booker is named); bookings are the booker's and the centre's staff's.

use super::service::{self, Action, BookingBody, Skipped};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::calendar::{date_of, start_of};
use fengqiao_core::services::booking::{clock, BookingStatus, CentreKind, RoomKind};
use fengqiao_core::time::{day, DAY_MS, OFFSET_MS};
use fengqiao_core::Level;
use fengqiao_store::services::rooms::{self as store, BookingRow, CentreRow, RoomRow};
use fengqiao_store::now_ms;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct RoomView {
    pub id: i64,
    pub centre_id: i64,
    pub name: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub capacity: i64,
    pub needs_approval: bool,
    /// The room's calendar as iCalendar.
    pub ics: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CentreView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub grid_code: String,
    pub place: String,
    pub address: String,
    pub phone: String,
    pub hours: String,
    pub rooms: Vec<RoomView>,
}

pub fn room_view(r: RoomRow) -> RoomView {
    RoomView {
        kind_label: RoomKind::parse(&r.kind).map_or("房间", RoomKind::label),
        ics: format!("/rooms/{}.ics", r.id),
        needs_approval: r.needs_approval == 1,
        id: r.id,
        centre_id: r.centre_id,
        name: r.name,
        kind: r.kind,
        capacity: r.capacity,
    }
}

pub fn centre_view(state: &AppState, c: CentreRow, rooms: Vec<RoomView>) -> CentreView {
    let atlas = state.atlas();
    // "渭滨区 金陵街道 …社区": where a resident would look for it.
    let place = atlas.get(&c.grid_code).map_or_else(String::new, |g| {
        [Level::Town, Level::Community].iter().filter_map(|l| atlas.ancestor(g, *l)).map(|r| r.name.as_str()).collect::<Vec<_>>().join(" ")
    });
    CentreView {
        kind_label: CentreKind::parse(&c.kind).map_or("服务场所", CentreKind::label),
        hours: service::hours(&c).map(|h| h.describe()).unwrap_or_default(),
        place,
        id: c.id,
        name: c.name,
        kind: c.kind,
        grid_code: c.grid_code,
        address: c.address,
        phone: c.phone,
        rooms,
    }
}

/// The centres under a region (the whole district by default), each with its rooms.
pub async fn centres_in(state: &AppState, region: Option<&str>) -> Result<Vec<CentreView>, ApiError> {
    let atlas = state.atlas();
    let path = match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(code) => atlas.get(code).ok_or_else(|| ApiError::new(crate::error::Code::Unprocessable, "没有这个地区编码"))?.path.clone(),
        None => String::new(),
    };
    let pool = state.store.pool();
    let rooms = store::rooms(pool).await?;
    Ok(store::centres(pool, &path)
        .await?
        .into_iter()
        .map(|c| {
            let mine = rooms.iter().filter(|r| r.centre_id == c.id).cloned().map(room_view).collect();
            centre_view(state, c, mine)
        })
        .collect())
}

#[derive(Debug, Deserialize, Default)]
pub struct CentresQuery {
    pub region: Option<String>,
}

pub async fn centres(State(state): State<AppState>, ApiQuery(q): ApiQuery<CentresQuery>) -> Result<Json<Vec<CentreView>>, ApiError> {
    Ok(Json(centres_in(&state, q.region.as_deref()).await?))
}

/// A taken time on a room's public schedule.
#[derive(Debug, Clone, Serialize)]
pub struct TakenView {
    pub day: String,
    pub start: String,
    pub end: String,
    /// "已预订", or the team's name for a team's booking.
    pub label: String,
    pub status: String,
    pub status_label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoomDetail {
    pub room: RoomView,
    pub centre: CentreView,
    pub closures: Vec<(String, String)>,
    /// The next fortnight's taken times.
    pub taken: Vec<TakenView>,
}

/// Minutes after midnight (Beijing) of an instant.
fn minutes(ms: i64) -> i64 {
    (ms + OFFSET_MS).rem_euclid(DAY_MS) / 60_000
}

pub async fn room_detail(state: &AppState, id: i64) -> Result<RoomDetail, ApiError> {
    let (room, centre) = service::room(state, id).await?;
    let today = start_of(date_of(now_ms()));
    let pool = state.store.pool();
    let closures = store::closures(pool, centre.id, &day(today)).await?;
    let taken = store::room_bookings(pool, id, today, today + 14 * DAY_MS)
        .await?
        .into_iter()
        .map(|b| TakenView {
            day: day(b.starts_at),
            start: clock(minutes(b.starts_at)),
            end: clock(minutes(b.ends_at)),
            label: if b.team.is_empty() { "已预订".into() } else { b.team },
            status_label: BookingStatus::parse(&b.status).map_or("", BookingStatus::label),
            status: b.status,
        })
        .collect();
    Ok(RoomDetail { room: room_view(room), centre: centre_view(state, centre, Vec::new()), closures, taken })
}

pub async fn room(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<RoomDetail>, ApiError> {
    Ok(Json(room_detail(&state, id).await?))
}

/// A booking for its booker and the centre's staff.
#[derive(Debug, Clone, Serialize)]
pub struct BookingView {
    pub id: i64,
    pub room_id: i64,
    pub room_name: String,
    pub centre_name: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub team: String,
    pub purpose: String,
    pub attendees: i64,
    pub status: String,
    pub status_label: &'static str,
    pub booked_by: String,
    pub series: Option<String>,
    pub checked_in: Option<String>,
    /// What the caller can do now: `approve`, `refuse`, `check_in`, `cancel`.
    pub actions: Vec<&'static str>,
}

pub async fn views(state: &AppState, user: &User, rows: Vec<BookingRow>) -> Result<Vec<BookingView>, ApiError> {
    let names = crate::people::names(state, rows.iter().map(|b| b.booked_by.as_str())).await?;
    let now = now_ms();
    Ok(rows
        .into_iter()
        .map(|b| {
            let status = BookingStatus::parse(&b.status).unwrap_or(BookingStatus::Cancelled);
            let manages = service::manages(user, &b);
            let own = b.booked_by == user.username;
            let mut actions = Vec::new();
            if manages && status == BookingStatus::Pending {
                actions.extend(["approve", "refuse"]);
            }
            if (own || manages) && status == BookingStatus::Confirmed && fengqiao_core::services::booking::check_in_open(b.starts_at, now) {
                actions.push("check_in");
            }
            if (own || manages) && matches!(status, BookingStatus::Pending | BookingStatus::Confirmed) && b.starts_at > now {
                actions.push("cancel");
            }
            BookingView {
                id: b.id,
                room_id: b.room_id,
                room_name: b.room_name,
                centre_name: b.centre_name,
                day: day(b.starts_at),
                start: clock(minutes(b.starts_at)),
                end: clock(minutes(b.ends_at)),
                team: b.team,
                purpose: b.purpose,
                attendees: b.attendees,
                status: b.status,
                status_label: status.label(),
                booked_by: names.of(&b.booked_by),
                series: b.series,
                checked_in: b.checked_in_at.map(fengqiao_core::time::minute),
                actions,
            }
        })
        .collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct BookedView {
    pub bookings: Vec<BookingView>,
    pub skipped: Vec<Skipped>,
    pub message: String,
}

/// Books and says what was booked, in words.
pub async fn book_and_tell(state: &AppState, user: &User, room_id: i64, b: BookingBody) -> Result<BookedView, ApiError> {
    let booked = service::book(state, user, room_id, b).await?;
    let mut rows = Vec::new();
    for id in &booked.ids {
        rows.extend(store::booking(state.store.pool(), *id).await?);
    }
    let bookings = views(state, user, rows).await?;
    let mut message = format!(
        "已预订 {} 次({}){}",
        bookings.len(),
        bookings.iter().map(|b| format!("{} {}–{}", b.day, b.start, b.end)).collect::<Vec<_>>().join("、"),
        if booked.status == BookingStatus::Pending { ",待社区审批" } else { "" }
    );
    if !booked.skipped.is_empty() {
        message.push_str(&format!(";以下日期未预订:{}", booked.skipped.iter().map(|s| format!("{}({})", s.day, s.reason)).collect::<Vec<_>>().join("、")));
    }
    Ok(BookedView { bookings, skipped: booked.skipped, message })
}

pub async fn book(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<BookingBody>) -> Result<(StatusCode, Json<BookedView>), ApiError> {
    Ok((StatusCode::CREATED, Json(book_and_tell(&state, &user, id, b).await?)))
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<BookingView>>, ApiError> {
    let rows = service::list(&state, &user).await?;
    Ok(Json(views(&state, &user, rows).await?))
}

pub async fn one(state: &AppState, user: &User, id: i64) -> Result<BookingView, ApiError> {
    let b = service::visible(state, user, id).await?;
    views(state, user, vec![b]).await?.pop().ok_or_else(|| ApiError::not_found("没有这条预订"))
}

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<BookingView>, ApiError> {
    Ok(Json(one(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct ActBody {
    pub action: String,
}

pub async fn act(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<ActBody>) -> Result<Json<BookingView>, ApiError> {
    service::act(&state, &user, id, Action::parse(&b.action)?).await?;
    Ok(Json(one(&state, &user, id).await?))
}

#[derive(Debug, Clone, Serialize)]
pub struct Closed {
    pub closures: Vec<(String, String)>,
    /// Bookings already made for that day, to tell their bookers.
    pub bookings_that_day: usize,
}

pub async fn close(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<super::service::ClosureBody>) -> Result<(StatusCode, Json<Closed>), ApiError> {
    let affected = service::close(&state, &user, id, b).await?;
    let today = day(start_of(date_of(now_ms())));
    Ok((StatusCode::CREATED, Json(Closed { closures: store::closures(state.store.pool(), id, &today).await?, bookings_that_day: affected })))
}
