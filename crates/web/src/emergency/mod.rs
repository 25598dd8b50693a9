//! Emergency command (两级应急指挥), drills and protected tip-offs — the rest of the first
//! priority, risk prevention, beside the `prevention` area: incidents under town or district
//! command with their plans, append-only log, live page and CAP warnings; drills whose
//! findings change the plans; residents' tips that only the receiving station reads.

mod doc;
pub mod drills;
pub mod incidents;
pub mod tips;

use crate::area::{Area, Event, Job, Nav, Source};
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Emergency command.
pub const AREA: Area = Area {
    name: "emergency",
    label: "应急指挥",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    nav: &[
        Nav { href: "/incidents", label: "突发事件", order: 62, shown_to: Nav::staff },
        Nav { href: "/drills", label: "演练", order: 63, shown_to: Nav::staff },
        Nav { href: "/station-tips", label: "群众线索", order: 64, shown_to: Nav::police },
        Nav { href: "/tips", label: "提供线索", order: 65, shown_to: Nav::everyone },
        Nav { href: "/warnings", label: "预警信息", order: 66, shown_to: Nav::everyone },
    ],
    events: &[
        Event { code: "incident", label: "突发事件" },
        Event { code: "drill_finding", label: "演练发现的问题待写入预案" },
        Event { code: "tip", label: "群众线索待核查" },
    ],
    sources: &[
        Source::List(&incidents::feeds::IncidentLists),
        Source::Risk(&incidents::feeds::IncidentRisk),
        Source::Layer(&incidents::feeds::IncidentLayer),
        Source::List(&drills::feeds::DrillLists),
        Source::List(&tips::feeds::TipLists),
    ],
    jobs: &[Job {
        name: "incident-log-live",
        on_one_node: false,
        every: |_| std::time::Duration::from_millis(incidents::stream::POLL_MS),
        run: incidents::stream::job,
    }],
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    use drills::{api as da, pages as dp};
    use incidents::{api as ia, cap, pages as ip, stream};
    use tips::{api as ta, pages as tp};
    Router::new()
        .route("/api/v1/incidents", get(ia::list).post(ia::open))
        .route("/api/v1/incidents/{id}", get(ia::get))
        .route("/api/v1/incidents/{id}/log", post(ia::note))
        .route("/api/v1/incidents/{id}/steps/{step}/done", post(ia::step_done))
        .route("/api/v1/incidents/{id}/severity", post(ia::severity))
        .route("/api/v1/incidents/{id}/dispatch", post(ia::dispatch))
        .route("/api/v1/incidents/{id}/alerts", post(ia::warn))
        .route("/api/v1/incidents/{id}/close", post(ia::close))
        .route("/api/v1/incidents/{id}/stream", get(stream::stream))
        .route("/api/v1/response-plans", get(da::plans_list))
        .route("/api/v1/response-plans/{kind}", get(da::plan))
        .route("/api/v1/drills", get(da::list).post(da::create))
        .route("/api/v1/drills/{id}", get(da::get))
        .route("/api/v1/drills/{id}/timeline", post(da::timeline))
        .route("/api/v1/drills/{id}/evaluation", post(da::evaluation))
        .route("/api/v1/drills/{id}/incident", post(da::play))
        .route("/api/v1/drills/{id}/findings", post(da::add_finding))
        .route("/api/v1/drills/{id}/findings/{finding}/apply", post(da::apply))
        .route("/api/v1/tips", get(ta::list).post(ta::submit))
        .route("/api/v1/tips/{id}", get(ta::get))
        .route("/api/v1/tips/{id}/contact", get(ta::contact))
        .route("/api/v1/tips/{id}/replies", post(ta::reply))
        .route("/api/v1/tip-receipts/{receipt}", get(ta::by_receipt))
        .route("/api/v1/tip-receipts/{receipt}/messages", post(ta::answer))
        .route("/cap/alerts.atom", get(cap::feed))
        .route("/cap/alerts/{file}", get(cap::one))
        .route("/warnings", get(ip::warnings))
        .route("/incidents", get(ip::list).post(ip::open))
        .route("/incidents/{id}", get(ip::detail))
        .route("/incidents/{id}/log", post(ip::note))
        .route("/incidents/{id}/steps/{step}/done", post(ip::step_done))
        .route("/incidents/{id}/severity", post(ip::severity))
        .route("/incidents/{id}/dispatch", post(ip::dispatch))
        .route("/incidents/{id}/alerts", post(ip::warn))
        .route("/incidents/{id}/close", post(ip::close))
        .route("/drills", get(dp::list).post(dp::create))
        .route("/drills/{id}", get(dp::detail))
        .route("/drills/{id}/timeline", post(dp::timeline))
        .route("/drills/{id}/evaluation", post(dp::evaluation))
        .route("/drills/{id}/incident", post(dp::play))
        .route("/drills/{id}/findings", post(dp::add_finding))
        .route("/drills/{id}/findings/{finding}/apply", post(dp::apply))
        .route("/response-plans", get(dp::plans))
        .route("/response-plans/{kind}", get(dp::plan))
        .route("/tips", get(tp::form).post(tp::submit))
        .route("/tips/{receipt}", get(tp::by_receipt).post(tp::answer))
        .route("/station-tips", get(tp::station_list))
        .route("/station-tips/{id}", get(tp::station_tip))
        .route("/station-tips/{id}/contact", post(tp::contact))
        .route("/station-tips/{id}/reply", post(tp::reply))
}
