//! What online applications give the four lists: open ones on the task lists of the staff of
//! their grid's community (by the working days left), overdue ones on the problem lists, and
//! those finished in the period on the result lists.

use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use fengqiao_store::services::applications as store;
use fengqiao_store::{BoxFuture, Store, StoreError};

const AREA: &str = "服务群众";

pub struct ApplicationLists;

impl ListSource for ApplicationLists {
    fn reads(&self) -> &'static [&'static str] {
        &["service_applications", "service_matters"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.team.is_some() || !cx.user.role.is_staff() {
                return Ok(Found::still(Vec::new()));
            }
            let now = cx.now;
            let rows = store::list(st.pool(), cx.scope.path(), 300).await?;
            let mut horizon = Horizon::new(now);
            rows.iter().for_each(|a| horizon.at(a.due_at));
            let item = |a: &store::ApplicationRow, title: String| ListItem {
                area: AREA,
                title,
                detail: format!("{} · 办结期限 {}", a.applicant_name, fengqiao_core::time::day(a.due_at)),
                href: format!("/service-requests/{}", a.id),
                due_at: Some(a.due_at),
                overdue: a.finished_at.is_none() && a.status == "received" && a.due_at < now,
            };
            let items = match cx.kind {
                ListKind::Tasks => rows
                    .iter()
                    .filter(|a| a.finished_at.is_none() && matches!(cx.user.role, fengqiao_core::Role::CommunityStaff | fengqiao_core::Role::GridWorker))
                    .map(|a| item(a, format!("办理:{}", a.matter_name)))
                    .collect(),
                ListKind::Problems => rows
                    .iter()
                    .filter(|a| a.finished_at.is_none() && a.status == "received" && a.due_at < now)
                    .map(|a| item(a, format!("{} 超过承诺时限", a.matter_name)))
                    .collect(),
                ListKind::Results => rows
                    .iter()
                    .filter(|a| a.status == "done" && a.finished_at.is_some_and(|t| t >= cx.from && t < cx.to))
                    .map(|a| item(a, format!("{} 已办结", a.matter_name)))
                    .collect(),
                ListKind::Duty => Vec::new(),
            };
            Ok(Found::until(items, horizon))
        })
    }
}
