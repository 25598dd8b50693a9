//! The volunteering page: positions with a sign-up button for everyone signed in, one's own
//! hours; for staff, the form to post a position and each position's sign-ups with the hours
//! to confirm.

use super::api::{self, PositionView, SignupView};
use super::service::{self, PositionBody};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_store::services::volunteering as store;
use std::collections::HashMap;

type Form = CsrfForm<HashMap<String, String>>;

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "services/templates/volunteering.html")]
struct Page {
    chrome: Chrome,
    positions: Vec<(PositionView, Vec<SignupView>)>,
    staff: bool,
    my_hours: f64,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn page(state: &AppState, user: User, csrf: CsrfToken, error: Option<String>) -> Result<Page, ApiError> {
    let staff = user.role.is_staff();
    let region = if staff { Some(user.region_code.clone()) } else { None };
    let mut positions = Vec::new();
    for p in api::positions_in(state, region.as_deref()).await? {
        let signups = if staff { api::signups_for(state, &user, p.id).await.unwrap_or_default() } else { Vec::new() };
        positions.push((p, signups));
    }
    Ok(Page {
        my_hours: store::minutes_of(state.store.pool(), &user.username).await? as f64 / 60.0,
        positions,
        staff,
        message: None,
        error,
        chrome: Chrome::signed_in(user, csrf),
    })
}

#[derive(serde::Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// `GET /volunteering`.
pub async fn home(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut p = page(&state, user, csrf, None).await?;
    p.message = match q.done.as_deref() {
        Some("posted") => Some("岗位已发布。"),
        Some("signed") => Some("报名成功,请按时到岗。"),
        Some("hours") => Some("服务时长已确认。"),
        _ => None,
    };
    Ok(render(&p)?.into_response())
}

/// `POST /volunteering`.
pub async fn post(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let body = PositionBody {
        title: field(&form, "title"),
        description: field(&form, "description"),
        place: field(&form, "place"),
        grid_code: None,
        starts: field(&form, "starts"),
        ends: field(&form, "ends"),
        seats: field(&form, "seats").parse().unwrap_or(0),
    };
    let done = service::post(&state, &user, body).await.map(|_| ());
    after_form(done, "/volunteering?done=posted", |reason| async move { page(&state, user, csrf, Some(reason)).await }).await
}

/// `POST /volunteering/{id}/signup`.
pub async fn sign_up(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(_): Form) -> Result<Response, PageError> {
    let done = service::sign_up(&state, &user, id).await;
    after_form(done, "/volunteering?done=signed", |reason| async move { page(&state, user, csrf, Some(reason)).await }).await
}

/// `POST /volunteering/{id}/hours`.
pub async fn confirm(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let hours = field(&form, "hours").parse::<f64>().unwrap_or(0.0);
    let done = service::confirm(&state, &user, id, &field(&form, "username"), hours).await;
    after_form(done, "/volunteering?done=hours", |reason| async move { page(&state, user, csrf, Some(reason)).await }).await
}
