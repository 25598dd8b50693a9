//! What eco reports give the four lists: a department's open reports on its task list, late
//! ones on the problem list, closed ones on the results list.

use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use fengqiao_core::prevention::eco::{EcoKind, EcoStatus};
use fengqiao_store::prevention::eco as store;
use fengqiao_store::{BoxFuture, Store, StoreError};

const AREA: &str = "生态保护";

fn item(r: store::EcoRow, now: i64, prefix: &str) -> ListItem {
    ListItem {
        area: AREA,
        title: format!("{prefix}{}:{}", EcoKind::label_of(&r.kind), r.description.chars().take(24).collect::<String>()),
        detail: format!("{} · {} · 期限 {}", r.tracking_code, EcoStatus::label_of(&r.status), fengqiao_core::time::day(r.due_at)),
        href: format!("/eco-reports/{}", r.id),
        due_at: (r.status != "closed").then_some(r.due_at),
        overdue: r.status != "closed" && r.due_at < now,
    }
}

pub struct EcoLists;

impl ListSource for EcoLists {
    fn reads(&self) -> &'static [&'static str] {
        &["eco_reports"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let now = cx.now;
            let pool = st.pool();
            let path = cx.scope.path();
            let mut horizon = Horizon::new(now);
            let mut open = |reports: Vec<store::EcoRow>| {
                reports.iter().filter(|r| r.status != "closed").for_each(|r| horizon.at(r.due_at));
                reports
            };
            let items = match cx.kind {
                ListKind::Tasks if cx.team.is_none() => open(store::list(pool, path, true, Some(&cx.user.username), 100).await?)
                    .into_iter()
                    .map(|r| item(r, now, ""))
                    .collect(),
                ListKind::Problems => open(store::list(pool, path, true, None, 300).await?)
                    .into_iter()
                    .filter(|r| r.due_at < now)
                    .map(|r| item(r, now, "超期 · "))
                    .collect(),
                ListKind::Results => store::list(pool, path, false, None, 300)
                    .await?
                    .into_iter()
                    .filter(|r| r.closed_at.is_some_and(|t| t >= cx.from && t < cx.to))
                    .map(|r| item(r, now, "已办结 · "))
                    .collect(),
                _ => Vec::new(),
            };
            Ok(Found::until(items, horizon))
        })
    }
}
