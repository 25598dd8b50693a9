//! A room's bookings as an iCalendar feed (RFC 5545), `GET /rooms/{id}.ics`, for the centre's
//! screen or anyone's calendar app: the taken times from a week back to the booking horizon,
//! a team's booking under the team's name and a resident's as "已预订" — no booker is named.

use super::service;
use crate::error::ApiError;
use crate::AppState;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use fengqiao_core::services::booking::{BookingStatus, AHEAD_DAYS};
use fengqiao_core::time::DAY_MS;
use fengqiao_store::now_ms;
use fengqiao_store::services::rooms as store;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// The feed's text.
pub async fn feed(state: &AppState, room_id: i64) -> Result<String, ApiError> {
    let (room, centre) = service::room(state, room_id).await?;
    let now = now_ms();
    let rows = store::room_bookings(state.store.pool(), room_id, now - 7 * DAY_MS, now + (AHEAD_DAYS + 1) * DAY_MS).await?;
    let mut cal = Calendar::new();
    cal.name(&format!("{} {}", centre.name, room.name));
    cal.description(&format!("{} {} 的预订情况", centre.name, room.name));
    cal.timezone("Asia/Shanghai");
    let location = format!("{} {}", centre.name, room.name);
    for b in rows {
        let tentative = b.status == BookingStatus::Pending.as_str();
        let what = if b.team.is_empty() { "已预订".to_owned() } else { b.team.clone() };
        let summary = if tentative { format!("{what}(待审批)") } else { what };
        cal.push(
            Event::new()
                .uid(&format!("room-booking-{}@fengqiao", b.id))
                .summary(&summary)
                .starts(utc(b.starts_at))
                .ends(utc(b.ends_at))
                .location(&location)
                .status(if tentative { EventStatus::Tentative } else { EventStatus::Confirmed })
                .timestamp(utc(b.updated_at))
                .done(),
        );
    }
    Ok(cal.done().to_string())
}

pub async fn response(state: &AppState, room_id: i64) -> Result<Response, ApiError> {
    let text = feed(state, room_id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=60"),
        ],
        text,
    )
        .into_response())
}
