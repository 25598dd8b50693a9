//! The campaign pages: the list and each campaign, public (results included); signed in, a
//! resident verifies and votes; staff verify and vote for the person at their desk; the
//! culture team reviews; the coordinator moves the phases.

use super::api::{self, CampaignView};
use super::service::{self, DeskVoteBody, NominationBody};
use crate::culture::access;
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, ClientIp, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_core::culture::campaign::{CampaignKind, Phase};

use crate::culture::form::{field, Done, Form};

#[derive(Template)]
#[template(path = "culture/templates/campaigns.html")]
struct ListPage {
    chrome: Chrome,
    campaigns: Vec<CampaignView>,
    coordinator: bool,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

async fn list_page(state: &AppState, user: Option<User>, csrf: CsrfToken, error: Option<String>) -> Result<ListPage, ApiError> {
    let mut campaigns = Vec::new();
    for c in fengqiao_store::culture::campaigns::all(state.store.pool()).await? {
        campaigns.push(api::view(state, c, None).await?);
    }
    Ok(ListPage {
        coordinator: user.as_ref().is_some_and(access::is_coordinator),
        kinds: CampaignKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        campaigns,
        error,
        chrome: Chrome::of(user, csrf),
    })
}

/// `GET /culture/campaigns`.
pub async fn list(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>) -> Result<Response, PageError> {
    Ok(render(&list_page(&state, user.ok().map(|u| u.0), csrf, None).await?)?.into_response())
}

/// `POST /culture/campaigns`.
pub async fn create(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let body = service::CampaignBody { kind: field(&form, "kind"), title: field(&form, "title"), description: field(&form, "description") };
    let done = service::create(&state, &user, body).await;
    let to = match &done {
        Ok(id) => format!("/culture/campaigns/{id}?done=created"),
        Err(_) => String::new(),
    };
    after_form(done.map(|_| ()), &to, |reason| async move { list_page(&state, Some(user), csrf, Some(reason)).await }).await
}

#[derive(Template)]
#[template(path = "culture/templates/campaign.html")]
struct DetailPage {
    chrome: Chrome,
    c: CampaignView,
    signed_in: bool,
    staff: bool,
    reviewer: bool,
    coordinator: bool,
    next_phase: Option<(&'static str, &'static str)>,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn detail_page(state: &AppState, user: Option<User>, csrf: CsrfToken, id: i64, error: Option<String>) -> Result<DetailPage, ApiError> {
    let c = api::view(state, service::campaign(state, id).await?, user.as_ref()).await?;
    let reviewer = match &user {
        Some(u) => access::is_culture_team(state, u).await?,
        None => false,
    };
    let coordinator = user.as_ref().is_some_and(access::is_coordinator);
    let staff = user.as_ref().is_some_and(|u| matches!(u.role, fengqiao_core::Role::CommunityStaff | fengqiao_core::Role::GridWorker));
    Ok(DetailPage {
        next_phase: Phase::parse(&c.phase).and_then(Phase::next).map(|p| (p.as_str(), p.label())),
        signed_in: user.is_some(),
        staff,
        reviewer,
        coordinator,
        c,
        message: None,
        error,
        chrome: Chrome::of(user, csrf),
    })
}

/// `GET /culture/campaigns/{id}`: the campaign, its nominees and results.
pub async fn detail(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, Path(id): Path<i64>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut p = detail_page(&state, user.ok().map(|u| u.0), csrf, id, None).await?;
    p.message = match q.done.as_deref() {
        Some("created") => Some("评选活动已创建,现在接受推荐。"),
        Some("nominated") => Some("推荐已提交,等待德治队伍审核。"),
        Some("reviewed") => Some("审核意见已记录。"),
        Some("phase") => Some("评选已进入下一阶段。"),
        Some("code") => Some("验证码已发送到您账号登记的手机,请在 10 分钟内填写。"),
        Some("verified") => Some("实名核验完成,现在可以投票。"),
        Some("voted") => Some("投票成功,感谢参与!"),
        Some("desk") => Some("现场投票已记录(已留痕)。"),
        _ => None,
    };
    Ok(render(&p)?.into_response())
}

/// `POST /culture/campaigns/{id}/act`: every form of the campaign page, told apart by `do`.
pub async fn act(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, ClientIp(ip): ClientIp, Path(id): Path<i64>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let what = field(&form, "do");
    let num = |k: &str| field(&form, k).parse::<i64>().unwrap_or(0);
    let (done, tag) = match what.as_str() {
        "nominate" => {
            let b = NominationBody { name: field(&form, "name"), summary: field(&form, "summary"), evidence: field(&form, "evidence"), grid_code: None };
            (service::nominate(&state, &user, id, b).await.map(|_| ()), "nominated")
        }
        "accept" | "reject" => (service::review(&state, &user, num("nominee_id"), what == "accept", &field(&form, "note")).await.map(|_| ()), "reviewed"),
        "phase" => (service::advance(&state, &user, id, &field(&form, "phase")).await, "phase"),
        "code" => (service::request_code(&state, &user, ip, &field(&form, "name"), &field(&form, "id_number")).await.map(|_| ()), "code"),
        "confirm" => (service::confirm_code(&state, &user, &field(&form, "code")).await, "verified"),
        "vote" => (service::vote_online(&state, &user, ip, id, num("nominee_id")).await, "voted"),
        "desk" => {
            let b = DeskVoteBody { nominee_id: num("nominee_id"), name: field(&form, "name"), id_number: field(&form, "id_number"), grid_code: Some(field(&form, "grid_code")) };
            (service::vote_at_desk(&state, &user, id, b).await, "desk")
        }
        _ => (Err(ApiError::new(crate::error::Code::Unprocessable, "未知的操作")), ""),
    };
    let to = format!("/culture/campaigns/{id}?done={tag}");
    after_form(done, &to, |reason| async move { detail_page(&state, Some(user), csrf, id, Some(reason)).await }).await
}
