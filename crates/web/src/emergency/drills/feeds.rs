//! What drills give the four lists: findings to apply on the assignee's task list, overdue
//! ones on the problem list — all marked as exercises.

use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use fengqiao_store::emergency::drills as store;
use fengqiao_store::{BoxFuture, Store, StoreError};

const AREA: &str = "应急指挥";

pub struct DrillLists;

impl ListSource for DrillLists {
    fn reads(&self) -> &'static [&'static str] {
        &["drill_findings", "drills"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.team.is_some() || !cx.user.role.is_staff() {
                return Ok(Found::still(Vec::new()));
            }
            let now = cx.now;
            let item = |f: &store::FindingRow, title: String| ListItem {
                area: AREA,
                title,
                detail: format!("演练「{}」:{}", f.drill_title, f.finding.chars().take(30).collect::<String>()),
                href: format!("/drills/{}", f.drill_id),
                due_at: Some(f.due_at),
                overdue: f.applied_at.is_none() && f.due_at < now,
            };
            let findings = match cx.kind {
                ListKind::Tasks | ListKind::Problems => store::open_findings(st.pool(), cx.scope.path()).await?,
                _ => Vec::new(),
            };
            let mut horizon = Horizon::new(now);
            findings.iter().for_each(|f| horizon.at(f.due_at));
            let items = match cx.kind {
                ListKind::Tasks => findings
                    .iter()
                    .filter(|f| f.assignee.as_deref() == Some(cx.user.username.as_str()))
                    .map(|f| item(f, format!("【演练】预案增加:{}", f.step_title)))
                    .collect(),
                ListKind::Problems => findings
                    .iter()
                    .filter(|f| f.due_at < now)
                    .map(|f| item(f, format!("【演练】发现的问题逾期未写入预案:{}", f.step_title)))
                    .collect(),
                _ => Vec::new(),
            };
            Ok(Found::until(items, horizon))
        })
    }
}
