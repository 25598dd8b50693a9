//! What tips give the four lists, for the receiving station's officers only (no one else
//! sees a tip): open tips on their task list, tips unanswered for three days on the problem
//! list, closed ones on the result list. Titles name the kind, never the contact.

use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use fengqiao_core::emergency::tip::{TipKind, TipStatus};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Role;
use fengqiao_store::emergency::tips as store;
use fengqiao_store::{BoxFuture, Store, StoreError};

const AREA: &str = "应急指挥";
/// A tip nobody answered for this many days is a problem.
pub const ANSWER_DAYS: i64 = 3;

pub struct TipLists;

impl ListSource for TipLists {
    fn reads(&self) -> &'static [&'static str] {
        &["tips"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let police = matches!(cx.user.role, Role::PoliceOfficer | Role::StationLeader);
            let station = cx.user.region_path.split('/').nth(2).unwrap_or_default();
            if !police || cx.team.is_some() || station.is_empty() {
                return Ok(Found::still(Vec::new()));
            }
            let now = cx.now;
            let tips = store::for_station(st.pool(), station, 300).await?;
            let mut horizon = Horizon::new(now);
            tips.iter().for_each(|t| horizon.after(t.created_at, ANSWER_DAYS * DAY_MS));
            let item = |t: &store::TipRow, title: String, overdue: bool| ListItem {
                area: AREA,
                title,
                detail: format!("{} · {}", fengqiao_core::time::minute(t.created_at), TipStatus::label_of(&t.status)),
                href: format!("/station-tips/{}", t.id),
                due_at: Some(t.created_at + ANSWER_DAYS * DAY_MS),
                overdue,
            };
            let items = match cx.kind {
                ListKind::Tasks => tips
                    .iter()
                    .filter(|t| t.status != "closed")
                    .map(|t| item(t, format!("核查{}", TipKind::label_of(&t.kind)), t.created_at + ANSWER_DAYS * DAY_MS < now))
                    .collect(),
                ListKind::Problems => tips
                    .iter()
                    .filter(|t| t.status == "received" && t.created_at + ANSWER_DAYS * DAY_MS < now)
                    .map(|t| item(t, format!("{}超过 {ANSWER_DAYS} 天未回复", TipKind::label_of(&t.kind)), true))
                    .collect(),
                ListKind::Results => tips
                    .iter()
                    .filter(|t| t.status == "closed" && t.updated_at >= cx.from && t.updated_at < cx.to)
                    .map(|t| item(t, format!("{}已办结", TipKind::label_of(&t.kind)), false))
                    .collect(),
                ListKind::Duty => Vec::new(),
            };
            Ok(Found::until(items, horizon))
        })
    }
}
