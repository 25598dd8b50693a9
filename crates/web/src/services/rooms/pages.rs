//! Centres and bookings pages: the centres with their rooms (everyone), a room's taken times
//! and the form to book it (signed in), and the bookings list with what each person can do.

use super::api::{self, BookingView, CentreView, RoomDetail};
use super::service::{self, Action, BookingBody};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
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
#[template(path = "services/templates/centres.html")]
struct CentresPage {
    chrome: Chrome,
    centres: Vec<CentreView>,
}

/// `GET /centres`.
pub async fn centres(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, ApiQuery(q): ApiQuery<api::CentresQuery>) -> Result<Response, PageError> {
    let centres = api::centres_in(&state, q.region.as_deref()).await?;
    Ok(render(&CentresPage { chrome: chrome(user.ok().map(|u| u.0), csrf), centres })?.into_response())
}

#[derive(Template)]
#[template(path = "services/templates/room.html")]
struct RoomPage {
    chrome: Chrome,
    d: RoomDetail,
    signed_in: bool,
    /// Staff of the centre's place may close it on a day.
    runs_it: bool,
    message: Option<String>,
    error: Option<String>,
    /// What was typed, kept when the form comes back with a reason.
    form: HashMap<String, String>,
}

impl RoomPage {
    fn typed(&self, key: &str) -> String {
        self.form.get(key).cloned().unwrap_or_default()
    }
}

async fn room_page(state: &AppState, user: Option<User>, csrf: CsrfToken, id: i64) -> Result<RoomPage, ApiError> {
    let d = api::room_detail(state, id).await?;
    let path = fengqiao_store::services::rooms::centre(state.store.pool(), d.centre.id).await?.map(|c| c.region_path).unwrap_or_default();
    Ok(RoomPage {
        runs_it: user.as_ref().is_some_and(|u| super::service::runs_centre(u, &path)),
        d,
        signed_in: user.is_some(),
        message: None,
        error: None,
        form: HashMap::new(),
        chrome: chrome(user, csrf),
    })
}

/// `GET /rooms/{id}` (the room's page) and `GET /rooms/{id}.ics` (its calendar).
pub async fn room(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, Path(file): Path<String>) -> Result<Response, PageError> {
    let not_found = || PageError(ApiError::not_found("没有这个房间"));
    if let Some(id) = file.strip_suffix(".ics") {
        let id = id.parse::<i64>().map_err(|_| not_found())?;
        return Ok(super::ics::response(&state, id).await?);
    }
    let id = file.parse::<i64>().map_err(|_| not_found())?;
    Ok(render(&room_page(&state, user.ok().map(|u| u.0), csrf, id).await?)?.into_response())
}

/// `POST /rooms/{id}/book`: the room's page again, saying what was booked and which dates of
/// a weekly booking were skipped, or why nothing was.
pub async fn book(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let number = |k: &str, default: i64| field(&form, k).parse::<i64>().unwrap_or(default);
    let body = BookingBody {
        day: field(&form, "day"),
        start: field(&form, "start"),
        end: field(&form, "end"),
        purpose: field(&form, "purpose"),
        attendees: number("attendees", 1),
        team: field(&form, "team"),
        repeat_weeks: u32::try_from(number("repeat_weeks", 1)).unwrap_or(0),
    };
    let outcome = api::book_and_tell(&state, &user, id, body).await;
    let mut page = room_page(&state, Some(user), csrf, id).await?;
    match outcome {
        Ok(b) => {
            page.message = Some(b.message);
            Ok(render(&page)?.into_response())
        }
        Err(e) if e.code.status().is_client_error() && e.code.status() != StatusCode::NOT_FOUND => {
            page.error = Some(e.detail);
            page.form = form;
            Ok((e.code.status(), render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "services/templates/bookings.html")]
struct BookingsPage {
    chrome: Chrome,
    items: Vec<BookingView>,
    message: Option<String>,
    error: Option<String>,
}

async fn bookings_page(state: &AppState, user: User, csrf: CsrfToken) -> Result<BookingsPage, ApiError> {
    let rows = service::list(state, &user).await?;
    Ok(BookingsPage { items: api::views(state, &user, rows).await?, message: None, error: None, chrome: Chrome::signed_in(user, csrf) })
}

/// `GET /bookings`.
pub async fn bookings(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    Ok(render(&bookings_page(&state, user, csrf).await?)?.into_response())
}

/// `POST /bookings/{id}/act`.
pub async fn act(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let outcome = match Action::parse(&field(&form, "action")) {
        Ok(a) => service::act(&state, &user, id, a).await.map(|_| a),
        Err(e) => Err(e),
    };
    let mut page = bookings_page(&state, user, csrf).await?;
    match outcome {
        Ok(a) => {
            page.message = Some(a.done().into());
            Ok(render(&page)?.into_response())
        }
        Err(e) if e.code.status().is_client_error() && e.code.status() != StatusCode::NOT_FOUND => {
            page.error = Some(e.detail);
            Ok((e.code.status(), render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

/// `POST /centres/{id}/closures` (from a room's page, which it returns to).
pub async fn close(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(centre): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let room = field(&form, "room").parse::<i64>().unwrap_or(0);
    let body = super::service::ClosureBody { day: field(&form, "day"), reason: field(&form, "reason") };
    let outcome = super::service::close(&state, &user, centre, body).await;
    let mut page = room_page(&state, Some(user), csrf, room).await?;
    match outcome {
        Ok(n) => {
            page.message = Some(if n == 0 { "已设闭馆日,当天不再接受预订。".into() } else { format!("已设闭馆日,当天不再接受预订;当天已有 {n} 条预订,请通知预订人。") });
            Ok(render(&page)?.into_response())
        }
        Err(e) if e.code.status().is_client_error() && e.code.status() != StatusCode::NOT_FOUND => {
            page.error = Some(e.detail);
            Ok((e.code.status(), render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
