//! Tip pages. Residents: the form (anonymous allowed), the receipt shown once, and the page
//! the receipt opens with the station's replies and a box to answer. The station: its tips,
//! one tip with the conversation, a button that opens the contact (recorded), a reply form.

use super::api::{for_tipster, station_detail, tip_view, StationDetail};
use super::service::{self, Submission};
use super::view::{ForTipster, TipView};
use crate::error::{ApiError, PageError};
use crate::extract::{ClientIp, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_core::emergency::tip::{grouped, TipKind};
use std::collections::HashMap;

type Form = CsrfForm<HashMap<String, String>>;

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

fn chrome(user: Result<PageUser, PageError>, csrf: CsrfToken) -> Chrome {
    match user {
        Ok(PageUser(u)) => Chrome::signed_in(u, csrf),
        Err(_) => Chrome::anonymous(csrf),
    }
}

#[derive(Template)]
#[template(path = "emergency/templates/tip_new.html")]
struct NewPage {
    chrome: Chrome,
    kinds: Vec<(&'static str, &'static str)>,
    /// The receipt of the tip just sent, shown this once.
    receipt: Option<String>,
    receipt_code: String,
    error: Option<String>,
    /// What was typed, shown again beside the error.
    kind: String,
    text: String,
    place: String,
    grid_code: String,
}

fn new_page(chrome: Chrome) -> NewPage {
    NewPage {
        chrome,
        kinds: TipKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        receipt: None,
        receipt_code: String::new(),
        error: None,
        kind: String::new(),
        text: String::new(),
        place: String::new(),
        grid_code: String::new(),
    }
}

/// `GET /tips`.
pub async fn form(user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    Ok(render(&new_page(chrome(user, csrf)))?.into_response())
}

/// `POST /tips`: the receipt, or the form again with what was wrong beside it.
pub async fn submit(
    State(state): State<AppState>,
    user: Result<PageUser, PageError>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    CsrfForm(form): Form,
) -> Result<Response, PageError> {
    let s = Submission {
        kind: field(&form, "kind"),
        text: field(&form, "text"),
        place: field(&form, "place"),
        lon: None,
        lat: None,
        grid_code: Some(field(&form, "grid_code")),
        contact: Some(field(&form, "contact")),
    };
    let mut page = new_page(chrome(user, csrf));
    match service::submit(&state, ip, s).await {
        Ok((_, receipt)) => {
            page.receipt = Some(grouped(&receipt));
            page.receipt_code = receipt;
            Ok(render(&page)?.into_response())
        }
        Err(e) if e.code.status().is_client_error() => {
            let status = e.code.status();
            page.error = Some(e.detail);
            page.kind = field(&form, "kind");
            page.text = field(&form, "text");
            page.place = field(&form, "place");
            page.grid_code = field(&form, "grid_code");
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "emergency/templates/tip.html")]
struct ReceiptPage {
    chrome: Chrome,
    receipt: String,
    t: ForTipster,
    message: Option<&'static str>,
    error: Option<String>,
}

/// `GET /tips/{receipt}`.
pub async fn by_receipt(
    State(state): State<AppState>,
    user: Result<PageUser, PageError>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Path(receipt): Path<String>,
) -> Result<Response, PageError> {
    let tip = service::by_receipt(&state, ip, &receipt).await?;
    let t = for_tipster(&state, tip).await?;
    Ok(render(&ReceiptPage { chrome: chrome(user, csrf), receipt, t, message: None, error: None })?.into_response())
}

/// `POST /tips/{receipt}`: the tipster's answer.
pub async fn answer(
    State(state): State<AppState>,
    user: Result<PageUser, PageError>,
    Extension(csrf): Extension<CsrfToken>,
    ClientIp(ip): ClientIp,
    Path(receipt): Path<String>,
    CsrfForm(form): Form,
) -> Result<Response, PageError> {
    let done = service::answer(&state, ip, &receipt, &field(&form, "text")).await;
    let tip = service::by_receipt(&state, ip, &receipt).await?;
    let t = for_tipster(&state, tip).await?;
    let mut page = ReceiptPage { chrome: chrome(user, csrf), receipt, t, message: None, error: None };
    match done {
        Ok(()) => {
            page.message = Some("已发送,派出所可以看到。");
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

#[derive(Template)]
#[template(path = "emergency/templates/station_tips.html")]
struct StationList {
    chrome: Chrome,
    tips: Vec<TipView>,
}

/// `GET /station-tips`.
pub async fn station_list(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    let tips = service::station_list(&state, &user).await?.into_iter().map(|t| tip_view(&state, t)).collect();
    Ok(render(&StationList { chrome: Chrome::signed_in(user, csrf), tips })?.into_response())
}

#[derive(Template)]
#[template(path = "emergency/templates/station_tip.html")]
struct StationPage {
    chrome: Chrome,
    d: StationDetail,
    /// Shown once, after the officer asked for it.
    contact: Option<String>,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn station_page(state: &AppState, user: User, csrf: CsrfToken, id: i64) -> Result<StationPage, ApiError> {
    Ok(StationPage { d: station_detail(state, &user, id).await?, contact: None, message: None, error: None, chrome: Chrome::signed_in(user, csrf) })
}

/// `GET /station-tips/{id}`.
pub async fn station_tip(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>) -> Result<Response, PageError> {
    Ok(render(&station_page(&state, user, csrf, id).await?)?.into_response())
}

/// `POST /station-tips/{id}/contact`: opens the contact for this page only, recorded.
pub async fn contact(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(_): Form) -> Result<Response, PageError> {
    let contact = service::contact(&state, &user, id).await?;
    let mut page = station_page(&state, user, csrf, id).await?;
    page.message = Some(if contact.is_some() { "联系方式已显示;本次查看已记录,线索人可以看到查看时间。" } else { "线索人没有留下联系方式。" });
    page.contact = contact;
    Ok(render(&page)?.into_response())
}

/// `POST /station-tips/{id}/reply`.
pub async fn reply(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let status = field(&form, "status");
    let done = service::reply(&state, &user, id, &field(&form, "text"), Some(status.as_str())).await;
    after_form(done, &format!("/station-tips/{id}"), |reason| async move {
        let mut page = station_page(&state, user, csrf, id).await?;
        page.error = Some(reason);
        Ok(page)
    })
    .await
}
