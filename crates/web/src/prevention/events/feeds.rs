//! What large events give the four lists: applications waiting for a decision on the
//! reviewer's task list (and the decision deadline), overdue decisions on the problem list.

use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use fengqiao_store::prevention::events as store;
use fengqiao_store::{BoxFuture, Store, StoreError};

const AREA: &str = "安全防控";

pub struct EventLists;

impl ListSource for EventLists {
    fn reads(&self) -> &'static [&'static str] {
        &["large_events"]
    }

    fn items<'a>(
        &'a self,
        st: &'a Store,
        cx: &'a ListContext<'a>,
    ) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let now = cx.now;
            let waiting: Vec<store::EventRow> = store::list(st.pool(), Some(cx.scope.path()), None, 300)
                .await?
                .into_iter()
                .filter(|e| e.status == "accepted")
                .collect();
            let mut horizon = Horizon::new(now);
            waiting.iter().filter_map(|e| e.decide_by).for_each(|d| horizon.at(d));
            let waiting = waiting.into_iter();
            let item = |e: store::EventRow| ListItem {
                area: AREA,
                title: format!("大型活动待审批:{}", e.name),
                detail: format!(
                    "{} · {} 人 · 活动 {} · 须于 {} 前决定",
                    e.venue,
                    e.expected_people,
                    fengqiao_core::time::day(e.starts_at),
                    e.decide_by.map(fengqiao_core::time::day).unwrap_or_default()
                ),
                href: format!("/large-events/{}", e.id),
                due_at: e.decide_by,
                overdue: e.decide_by.is_some_and(|d| d < now),
            };
            let items = match cx.kind {
                ListKind::Tasks if cx.team.is_none() => waiting
                    .filter(|e| e.reviewer.as_deref() == Some(cx.user.username.as_str()))
                    .map(item)
                    .collect(),
                ListKind::Problems => waiting
                    .filter(|e| e.decide_by.is_some_and(|d| d < now))
                    .map(item)
                    .collect(),
                _ => Vec::new(),
            };
            Ok(Found::until(items, horizon))
        })
    }
}
