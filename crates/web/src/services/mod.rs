//! Serving residents (服务群众), the third priority: the catalogue of matters residents look
//! up and apply for online, with time limits in working days on the official calendar.

pub mod aid;
pub mod api;
pub mod care;
pub mod counselling;
mod doc;
pub mod feeds;
pub mod pages;
pub mod questions;
pub mod rooms;
pub mod service;
pub mod sheet;
pub mod volunteering;

use crate::area::{Area, Event, Job, Nav, Source};
use crate::assessment::Indicator;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Serving residents.
pub const AREA: Area = Area {
    name: "services",
    label: "服务群众",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[
        Nav { href: "/services", label: "办事指南", order: 70, shown_to: Nav::everyone },
        Nav { href: "/service-requests", label: "办事申请", order: 71, shown_to: Nav::everyone },
        Nav { href: "/calendar", label: "工作日历", order: 72, shown_to: Nav::district },
        Nav { href: "/centres", label: "服务场所", order: 73, shown_to: Nav::everyone },
        Nav { href: "/bookings", label: "场所预订", order: 74, shown_to: Nav::everyone },
        Nav { href: "/aid", label: "急难救助", order: 75, shown_to: Nav::everyone },
        Nav { href: "/care", label: "关爱走访", order: 77, shown_to: Nav::staff },
        Nav { href: "/volunteering", label: "志愿服务", order: 78, shown_to: Nav::everyone },
        Nav { href: "/counselling", label: "心理服务", order: 76, shown_to: Nav::everyone },
    ],
    events: &[
        Event { code: "aid", label: "急难救助申请待审核" },
        Event { code: "aid_urgent", label: "紧急救助申请" },
        Event { code: "counselling", label: "心理咨询预约" },
        Event { code: "legal_aid_appointment", label: "法律咨询预约" },
        Event { code: "counselling_crisis", label: "心理危机干预" },
        Event { code: "counselling_break_glass", label: "个案被督导紧急查阅" },
    ],
    sources: &[
        Source::List(&feeds::ApplicationLists),
        Source::Search(&questions::QuestionSearch),
        Source::List(&rooms::feeds::BookingLists),
        Source::Layer(&rooms::feeds::PlacesLayer),
        Source::List(&aid::feeds::AidLists),
        Source::List(&counselling::feeds::CounsellingLists),
        Source::List(&care::feeds::CareLists),
        Source::List(&volunteering::feeds::VolunteerLists),
        Source::Indicators(&care::feeds::VisitsOnTime),
    ],
    indicators: &[Indicator { code: "visits_on_time", name: "入户走访按时率", higher_is_better: true, percent: true, default_weight: 5.0 }],
    jobs: &[Job { name: "booking-release", on_one_node: true, every: |_| std::time::Duration::from_secs(60), run: rooms::service::release_job }],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/services", get(api::list_matters))
        .route("/api/v1/services/export", get(api::export))
        .route("/api/v1/services/import", post(api::import).layer(axum::extract::DefaultBodyLimit::max(10 * 1024 * 1024)))
        .route("/api/v1/services/{code}", get(api::get_matter).put(api::put_matter))
        .route("/api/v1/service-requests", get(api::list).post(api::apply))
        .route("/api/v1/service-requests/{id}", get(api::get))
        .route("/api/v1/service-requests/{id}/act", post(api::act))
        .route("/api/v1/calendar", get(api::get_calendar).post(api::load_calendar))
        .route("/api/v1/questions", get(questions::list).post(questions::ask_api))
        .route("/api/v1/questions/{id}/answer", post(questions::answer_api))
        .route("/services/{code}/questions", post(pages::ask))
        .route("/questions/{id}/answer", post(pages::answer))
        .route("/services", get(pages::catalogue))
        .route("/services/import", post(pages::import).layer(axum::extract::DefaultBodyLimit::max(10 * 1024 * 1024)))
        .route("/services/{code}", get(pages::matter))
        .route("/services/{code}/apply", post(pages::apply))
        .route("/service-requests", get(pages::list))
        .route("/service-requests/{id}", get(pages::detail))
        .route("/service-requests/{id}/act", post(pages::act))
        .route("/calendar", get(pages::calendar_view).post(pages::calendar_load))
        .route("/api/v1/centres", get(rooms::api::centres))
        .route("/api/v1/centres/{id}/closures", post(rooms::api::close))
        .route("/api/v1/rooms/{id}", get(rooms::api::room))
        .route("/api/v1/rooms/{id}/bookings", post(rooms::api::book))
        .route("/api/v1/bookings", get(rooms::api::list))
        .route("/api/v1/bookings/{id}", get(rooms::api::get))
        .route("/api/v1/bookings/{id}/act", post(rooms::api::act))
        .route("/api/v1/aid-applications", get(aid::api::list).post(aid::api::apply))
        .route("/api/v1/aid-applications/{id}", get(aid::api::get))
        .route("/api/v1/aid-applications/{id}/decisions", post(aid::api::decide))
        .route("/api/v1/aid-applications/{id}/payment", post(aid::api::pay))
        .route("/api/v1/aid-applications/{id}/documents", post(aid::api::attach).layer(axum::extract::DefaultBodyLimit::max(crate::upload::MAX_DOCUMENT + 1024)))
        .route("/api/v1/aid-applications/{id}/documents/{doc}", get(aid::api::document))
        .route("/api/v1/aid-track/{code}", get(aid::api::track))
        .route("/aid", get(aid::pages::list).post(aid::pages::apply))
        .route("/aid/{id}", get(aid::pages::detail))
        .route("/aid/{id}/decide", post(aid::pages::decide))
        .route("/aid/{id}/pay", post(aid::pages::pay))
        .route("/aid/{id}/documents", post(aid::pages::attach).layer(axum::extract::DefaultBodyLimit::max(crate::upload::MAX_DOCUMENT + 64 * 1024)))
        .route("/aid/{id}/documents/{doc}", get(aid::pages::document))
        .route("/aid-track", get(aid::pages::track))
        .route("/aid-track/{code}", get(aid::pages::track_code))
        .route("/api/v1/counsellors", get(counselling::api::counsellors).post(counselling::api::register))
        .route("/api/v1/counselling/appointments", get(counselling::api::list).post(counselling::api::book))
        .route("/api/v1/counselling/appointments/{id}", get(counselling::api::get))
        .route("/api/v1/counselling/appointments/{id}/notes", get(counselling::api::notes).post(counselling::api::write_note))
        .route("/api/v1/counselling/appointments/{id}/break-glass", post(counselling::api::break_glass))
        .route("/api/v1/counselling/appointments/{id}/crisis", post(counselling::api::crisis))
        .route("/api/v1/counselling/appointments/{id}/status", post(counselling::api::status))
        .route("/counselling", get(counselling::pages::home))
        .route("/counselling/counsellors", post(counselling::pages::register))
        .route("/counselling/appointments", post(counselling::pages::book))
        .route("/counselling/appointments/{id}", get(counselling::pages::detail))
        .route("/counselling/appointments/{id}/notes", post(counselling::pages::write_note))
        .route("/counselling/appointments/{id}/crisis", post(counselling::pages::crisis))
        .route("/counselling/appointments/{id}/status", post(counselling::pages::status))
        .route("/counselling/appointments/{id}/break-glass", post(counselling::pages::break_glass))
        .route("/api/v1/care", get(care::api::list).post(care::api::register))
        .route("/api/v1/care/overdue", get(care::api::overdue))
        .route("/api/v1/care/{id}", get(care::api::get))
        .route("/api/v1/care/{id}/visits", post(care::api::visit))
        .route("/care", get(care::pages::list).post(care::pages::register))
        .route("/care/{id}", get(care::pages::detail))
        .route("/care/{id}/visits", post(care::pages::visit))
        .route("/api/v1/volunteering", get(volunteering::api::list).post(volunteering::api::post))
        .route("/api/v1/volunteering/hours", get(volunteering::api::mine))
        .route("/api/v1/volunteering/{id}/signups", get(volunteering::api::signups).post(volunteering::api::sign_up))
        .route("/api/v1/volunteering/{id}/hours", post(volunteering::api::confirm))
        .route("/volunteering", get(volunteering::pages::home).post(volunteering::pages::post))
        .route("/volunteering/{id}/signup", post(volunteering::pages::sign_up))
        .route("/volunteering/{id}/hours", post(volunteering::pages::confirm))
        .route("/centres", get(rooms::pages::centres))
        .route("/centres/{id}/closures", post(rooms::pages::close))
        .route("/rooms/{file}", get(rooms::pages::room))
        .route("/rooms/{id}/book", post(rooms::pages::book))
        .route("/bookings", get(rooms::pages::bookings))
        .route("/bookings/{id}/act", post(rooms::pages::act))
}
