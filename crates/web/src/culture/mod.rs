//! Cultural guidance (文化引领), the fourth priority: campaigns with one vote per verified
//! resident, the heroism fund's books, legal education's calendar, the archive of local
//! history with its red sites, the good-deed boards, and the feed new-media editors read.

pub mod access;
pub mod archive;
pub mod campaigns;
pub mod deeds;
mod doc;
pub mod feed;
pub mod feeds;
mod form;
pub mod fund;
pub mod legal;
pub mod rules;

use crate::area::{Area, Event, Nav, Source};
use crate::assessment::Indicator;
use crate::AppState;
use axum::routing::{get, post, put};
use axum::Router;

/// Cultural guidance.
pub const AREA: Area = Area {
    name: "culture",
    label: "文化引领",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[
        Nav { href: "/culture", label: "文化引领", order: 79, shown_to: Nav::everyone },
        Nav { href: "/culture/campaigns", label: "评选活动", order: 80, shown_to: Nav::everyone },
        Nav { href: "/culture/boards", label: "善行义举榜", order: 81, shown_to: Nav::everyone },
        Nav { href: "/culture/fund", label: "见义勇为基金", order: 82, shown_to: Nav::everyone },
        Nav { href: "/culture/legal-education", label: "普法教育", order: 83, shown_to: Nav::everyone },
    ],
    events: &[
        Event { code: "phone_code", label: "投票实名核验短信验证码(只发往订阅它的短信网关,不进站内信)" },
        Event { code: "legal_session", label: "普法讲座安排" },
    ],
    sources: &[Source::List(&feeds::CultureLists), Source::Layer(&feeds::SitesLayer), Source::Indicators(&feeds::CultureIndicators), Source::Search(&feeds::ArchiveSearch)],
    indicators: &[
        Indicator { code: "legal_sessions", name: "普法讲座场次", higher_is_better: true, percent: false, default_weight: 3.0 },
        Indicator { code: "rules_coverage", name: "家规家训悬挂率", higher_is_better: true, percent: true, default_weight: 3.0 },
    ],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/campaigns", get(campaigns::api::list).post(campaigns::api::create))
        .route("/api/v1/campaigns/{id}", get(campaigns::api::get))
        .route("/api/v1/campaigns/{id}/nominations", post(campaigns::api::nominate))
        .route("/api/v1/campaigns/{id}/phase", post(campaigns::api::phase))
        .route("/api/v1/campaigns/{id}/votes", post(campaigns::api::vote))
        .route("/api/v1/campaigns/{id}/desk-votes", post(campaigns::api::desk_vote))
        .route("/api/v1/nominees/{id}/review", post(campaigns::api::review))
        .route("/api/v1/voter-verification", get(campaigns::api::verification).post(campaigns::api::confirm_code))
        .route("/api/v1/voter-verification/code", post(campaigns::api::request_code))
        .route("/api/v1/voter-verification/in-person", post(campaigns::api::verify_in_person))
        .route("/culture/campaigns", get(campaigns::pages::list).post(campaigns::pages::create))
        .route("/culture/campaigns/{id}", get(campaigns::pages::detail))
        .route("/culture/campaigns/{id}/act", post(campaigns::pages::act))
        .route("/api/v1/boards", get(deeds::api::boards))
        .route("/api/v1/deeds", get(deeds::api::list).post(deeds::api::create))
        .route("/api/v1/deeds/{id}/verify", post(deeds::api::verify))
        .route("/api/v1/deeds/{id}/consent", post(deeds::api::consent))
        .route("/culture/boards", get(deeds::pages::boards).post(deeds::pages::report))
        .route("/culture/deeds/{id}/act", post(deeds::pages::act))
        .route("/api/v1/fund/summary", get(fund::api::summary))
        .route("/api/v1/fund/books", get(fund::api::get_books))
        .route("/api/v1/fund/accounts", post(fund::api::open_account))
        .route("/api/v1/fund/entries", post(fund::api::record))
        .route("/api/v1/fund/entries/{id}/reverse", post(fund::api::reverse))
        .route("/api/v1/fund/periods", post(fund::api::close))
        .route("/api/v1/fund/payouts", get(fund::api::payouts).post(fund::api::propose))
        .route("/api/v1/fund/payouts/{id}/decision", post(fund::api::decide))
        .route("/culture/fund", get(fund::pages::home).post(fund::pages::act))
        .route("/culture/fund/ledger.beancount", get(fund::api::beancount))
        .route("/api/v1/legal-education/series", get(legal::api::series).post(legal::api::plan))
        .route("/api/v1/legal-education/series/{id}/exceptions", post(legal::api::except))
        .route("/api/v1/legal-education/menu", get(legal::api::menu))
        .route("/api/v1/legal-education/orders", get(legal::api::orders).post(legal::api::order))
        .route("/api/v1/legal-education/orders/{id}/schedule", post(legal::api::schedule))
        .route("/api/v1/legal-education/orders/{id}/check-in", post(legal::api::check_in))
        .route("/api/v1/legal-education/orders/{id}/held", post(legal::api::held))
        .route("/api/v1/legal-education/book-corners", get(legal::api::corners).post(legal::api::add_corner))
        .route("/culture/legal-education", get(legal::pages::home).post(legal::pages::act))
        .route("/culture/legal-education.ics", get(legal::ics::response))
        .route("/culture/deeds/{id}", get(deeds::pages::one))
        .route("/api/v1/archive", get(archive::api::list).post(archive::api::create))
        .route("/api/v1/archive/{id}", get(archive::api::get))
        .route("/api/v1/archive/{id}/publish", post(archive::api::publish))
        .route("/api/v1/archive/{id}/photos", post(archive::api::add_photo).layer(axum::extract::DefaultBodyLimit::max(crate::upload::MAX_PHOTO + 1024)))
        .route("/api/v1/archive/{id}/events", post(archive::api::add_event))
        .route("/api/v1/red-site-events", get(archive::api::events))
        .route("/api/v1/red-site-events/{id}/bookings", get(archive::api::groups).post(archive::api::book))
        .route("/api/v1/red-site-events/{id}/attendance", post(archive::api::attend))
        .route("/culture", get(archive::pages::front))
        .route("/culture/archive", get(archive::pages::list).post(archive::pages::create))
        .route("/culture/archive/{id}", get(archive::pages::record))
        .route("/culture/archive/{id}/act", post(archive::pages::act))
        .route("/culture/archive/{id}/photos", post(archive::pages::photo).layer(axum::extract::DefaultBodyLimit::max(crate::upload::MAX_PHOTO + 64 * 1024)))
        .route("/culture/photos/{id}", get(archive::api::photo))
        .route("/culture/feed.atom", get(feed::feed))
        .route("/api/v1/family-rules", get(rules::api::gallery).post(rules::api::submit))
        .route("/api/v1/family-rules/queue", get(rules::api::queue))
        .route("/api/v1/family-rules/coverage", get(rules::api::coverage))
        .route("/api/v1/family-rules/{id}/review", post(rules::api::review))
        .route("/api/v1/family-rules/{id}/hung", post(rules::api::hung))
        .route("/api/v1/communities/{code}/households", put(rules::api::set_households))
        .route("/culture/rules", get(rules::pages::home).post(rules::pages::act))
        .route("/culture/rules/{id}", get(rules::pages::one))
}
