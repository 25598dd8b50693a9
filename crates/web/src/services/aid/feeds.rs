//! What aid applications give the four lists: an application waiting for the viewer's step on
//! their task list, urgent ones still open on the problem list of the staff over them, paid
//! ones in the period on the result list.

use crate::lists::{Found, ListContext, ListItem, ListKind, ListSource};
use fengqiao_core::services::aid::{AidKind, AidStatus};
use fengqiao_store::services::aid as store;
use fengqiao_store::{BoxFuture, Store, StoreError};

const AREA: &str = "服务群众";

pub struct AidLists;

impl ListSource for AidLists {
    fn reads(&self) -> &'static [&'static str] {
        &["aid_applications"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.team.is_some() || !cx.user.role.is_staff() {
                return Ok(Found::still(Vec::new()));
            }
            let rows = store::within(st.pool(), cx.scope.path(), 500).await?;
            let mine = super::service::stage_of(cx.user);
            let item = |a: &store::AidRow, title: String| ListItem {
                area: AREA,
                title,
                detail: format!("{} · 申请于 {}", a.applicant_name, fengqiao_core::time::day(a.created_at)),
                href: format!("/aid/{}", a.id),
                due_at: None,
                overdue: false,
            };
            let kind = |a: &store::AidRow| AidKind::parse(&a.kind).map_or("救助", AidKind::label);
            let status = |a: &store::AidRow| AidStatus::parse(&a.status);
            // Time alone changes none of it: the results' window is the context's.
            Ok(Found::still(match cx.kind {
                ListKind::Tasks => rows
                    .iter()
                    .filter(|a| mine.is_some() && status(a).and_then(AidStatus::stage) == mine)
                    .map(|a| item(a, format!("审核{}申请", kind(a))))
                    .collect(),
                ListKind::Problems => rows
                    .iter()
                    .filter(|a| a.urgent == 1 && status(a).is_some_and(AidStatus::is_open))
                    .map(|a| item(a, format!("紧急{}申请尚未办结", kind(a))))
                    .collect(),
                ListKind::Results => rows
                    .iter()
                    .filter(|a| a.paid_at.is_some_and(|t| t >= cx.from && t < cx.to))
                    .map(|a| item(a, format!("{}已发放 {} 元", kind(a), a.paid_amount.unwrap_or(0))))
                    .collect(),
                ListKind::Duty => Vec::new(),
            }))
        })
    }
}
