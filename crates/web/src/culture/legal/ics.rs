//! `GET /culture/legal-education.ics`: the plan as calendar apps subscribe to it (RFC 5545).
//! Each series is one repeating event — its rule, the cancelled sessions as `EXDATE`, each
//! moved session as an event of its own with the same `UID` and the `RECURRENCE-ID` of the
//! session it replaces — so apps show the plan as the district keeps it, not a flat list.
//! Scheduled sessions ordered by communities are single events. Times are UTC (Beijing has
//! no daylight saving, so a weekly rule in UTC is the same week after week).

use crate::error::ApiError;
use crate::AppState;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use fengqiao_core::culture::legal::Theme;
use fengqiao_store::culture::legal as store;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn stamp(ms: i64) -> String {
    utc(ms).format("%Y%m%dT%H%M%SZ").to_string()
}

pub async fn feed(state: &AppState) -> Result<String, ApiError> {
    let pool = state.store.pool();
    let exceptions = store::exceptions(pool).await?;
    let mut cal = Calendar::new();
    cal.name("渭滨区普法教育日历");
    cal.description("一周一主题、一月一专题;订单式普法讲座");
    for s in store::series(pool).await? {
        let plan = s.plan(&exceptions);
        let uid = format!("legal-series-{}@fengqiao", s.id);
        let summary = format!("{}:{}", Theme::label_of(&s.theme), s.title);
        let mut e = Event::new();
        e.uid(&uid)
            .summary(&summary)
            .description(&s.description)
            .location(&s.place)
            .starts(utc(s.first_start))
            .ends(utc(s.first_start + s.minutes * 60_000))
            .timestamp(utc(s.updated_at))
            .add_property("RRULE", plan.rrule());
        for c in &plan.cancelled {
            e.add_multi_property("EXDATE", &stamp(*c));
        }
        cal.push(e.done());
        for (original, moved) in &plan.moved {
            if plan.cancelled.contains(original) {
                continue;
            }
            cal.push(
                Event::new()
                    .uid(&uid)
                    .summary(&summary)
                    .location(&s.place)
                    .starts(utc(*moved))
                    .ends(utc(moved + s.minutes * 60_000))
                    .timestamp(utc(s.updated_at))
                    .add_property("RECURRENCE-ID", stamp(*original))
                    .done(),
            );
        }
    }
    for o in store::scheduled(pool).await? {
        let Some(starts) = o.starts_at else { continue };
        cal.push(
            Event::new()
                .uid(&format!("legal-session-{}@fengqiao", o.id))
                .summary(&format!("普法讲座:{}({})", Theme::label_of(&o.theme), o.unit))
                .location(o.place.as_deref().unwrap_or_default())
                .starts(utc(starts))
                .ends(utc(starts + 90 * 60_000))
                .status(EventStatus::Confirmed)
                .timestamp(utc(o.ordered_at))
                .done(),
        );
    }
    Ok(cal.done().to_string())
}

pub async fn response(axum::extract::State(state): axum::extract::State<AppState>) -> Result<Response, ApiError> {
    let text = feed(&state).await?;
    Ok(([(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], text).into_response())
}
