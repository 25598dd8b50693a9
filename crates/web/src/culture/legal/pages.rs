//! `/culture/legal-education`: the plan and its coming sessions for everyone, with the
//! calendar feed to subscribe to and the check-in by door code; for planners the forms to plan
//! a series and to cancel or move a session; for staff the menu to order a session, their
//! orders with scheduling and "held"; the legal book corners.

use super::api::{self, CornerView, OrderView, SeriesView};
use super::service::{self, CornerBody, ExceptionBody, OrderBody, ScheduleBody, SeriesBody};
use crate::culture::access;
use crate::error::{ApiError, Code, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_core::culture::legal::{Cadence, Theme};
use fengqiao_core::culture::ArchiveKind;

use crate::culture::form::{field, Done, Form};

#[derive(Template)]
#[template(path = "culture/templates/legal.html")]
struct Page {
    chrome: Chrome,
    series: Vec<SeriesView>,
    orders: Vec<OrderView>,
    corners: Vec<CornerView>,
    halls: Vec<(i64, String)>,
    themes: Vec<(&'static str, &'static str)>,
    cadences: Vec<(&'static str, &'static str)>,
    signed_in: bool,
    staff: bool,
    planner: bool,
    scheduler: bool,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn page(state: &AppState, user: Option<User>, csrf: CsrfToken, error: Option<String>) -> Result<Page, ApiError> {
    let planner = match &user {
        Some(u) => access::is_coordinator(u) || access::is_rule_of_law(state, &u.username).await?,
        None => false,
    };
    let orders = match &user {
        Some(u) => api::orders_for(state, u).await?,
        None => Vec::new(),
    };
    let halls = fengqiao_store::culture::archive::list(state.store.pool(), &[ArchiveKind::CultureHall.as_str()], None, false, 200).await?.into_iter().map(|h| (h.id, h.title)).collect();
    Ok(Page {
        series: api::series_views(state).await?,
        corners: api::corner_views(state).await?,
        halls,
        orders,
        themes: Theme::ALL.iter().map(|t| (t.as_str(), t.label())).collect(),
        cadences: Cadence::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
        signed_in: user.is_some(),
        staff: user.as_ref().is_some_and(|u| u.role.is_staff()),
        planner,
        scheduler: user.as_ref().is_some_and(|u| matches!(u.role, fengqiao_core::Role::DistrictCoordinator | fengqiao_core::Role::TownCommand)),
        message: None,
        error,
        chrome: Chrome::of(user, csrf),
    })
}

/// `GET /culture/legal-education`.
pub async fn home(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut p = page(&state, user.ok().map(|u| u.0), csrf, None).await?;
    p.message = match q.done.as_deref() {
        Some("planned") => Some("普法系列已排入日历。"),
        Some("changed") => Some("已调整,订阅日历的手机会随之更新。"),
        Some("ordered") => Some("预约已提交,镇街将安排讲师。"),
        Some("scheduled") => Some("已安排讲师,签到码见下方;讲师已收到通知。"),
        Some("checked") => Some("签到成功。"),
        Some("again") => Some("您已签到过,无需重复签到。"),
        Some("held") => Some("已登记为已举办。"),
        Some("corner") => Some("法律图书角已登记。"),
        _ => None,
    };
    Ok(render(&p)?.into_response())
}

/// `POST /culture/legal-education`: every form of the page, told apart by `do`.
pub async fn act(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let num = |k: &str| field(&form, k).parse::<i64>().unwrap_or(0);
    let (done, tag): (Result<(), ApiError>, &str) = match field(&form, "do").as_str() {
        "plan" => {
            let b = SeriesBody { cadence: field(&form, "cadence"), theme: field(&form, "theme"), title: field(&form, "title"), description: field(&form, "description"), place: field(&form, "place"), first: field(&form, "first"), minutes: num("minutes"), count: u32::try_from(num("count")).unwrap_or(0) };
            (service::plan(&state, &user, b).await.map(|_| ()), "planned")
        }
        "cancel" | "move" => {
            let moved_to = (field(&form, "do") == "move").then(|| field(&form, "moved_to"));
            if moved_to.as_deref() == Some("") {
                (Err(ApiError::new(Code::Unprocessable, "请填写调整后的时间")), "changed")
            } else {
                let b = ExceptionBody { original: field(&form, "original"), moved_to, reason: field(&form, "reason") };
                (service::except(&state, &user, num("series_id"), b).await, "changed")
            }
        }
        "order" => {
            let b = OrderBody { theme: field(&form, "theme"), unit: field(&form, "unit"), grid_code: None, audience: num("audience"), wanted_on: field(&form, "wanted_on"), note: field(&form, "note") };
            (service::order(&state, &user, b).await.map(|_| ()), "ordered")
        }
        "schedule" => {
            let b = ScheduleBody { speaker: field(&form, "speaker"), starts: field(&form, "starts"), place: field(&form, "place") };
            (service::schedule(&state, &user, num("order_id"), b).await.map(|_| ()), "scheduled")
        }
        "held" => (service::held(&state, &user, num("order_id")).await, "held"),
        "corner" => {
            let b = CornerBody { hall_id: num("hall_id"), name: field(&form, "name"), holdings: num("holdings"), titles: field(&form, "titles") };
            (service::add_corner(&state, &user, b).await.map(|_| ()), "corner")
        }
        _ => {
            // Check-in: the door code alone finds today's session.
            let code = field(&form, "code").to_ascii_uppercase();
            let now = fengqiao_store::now_ms();
            let found = fengqiao_store::culture::legal::by_door_code(state.store.pool(), &code, now - 6 * 3_600_000, now + 3_600_000).await.map_err(ApiError::from);
            match found {
                Ok(Some(o)) => match service::check_in(&state, &user, o.id, &code).await {
                    Ok(true) => (Ok(()), "checked"),
                    Ok(false) => (Ok(()), "again"),
                    Err(e) => (Err(e), ""),
                },
                Ok(None) => (Err(ApiError::new(Code::Unprocessable, "签到码不正确,或讲座不在签到时间内")), ""),
                Err(e) => (Err(e), ""),
            }
        }
    };
    let to = format!("/culture/legal-education?done={tag}");
    after_form(done, &to, |reason| async move { page(&state, Some(user), csrf, Some(reason)).await }).await
}
