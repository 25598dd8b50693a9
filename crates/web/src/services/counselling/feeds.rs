//! What counselling gives the four lists — never a note: a counsellor's coming appointments on
//! their task list; an appointment in crisis on the task lists of the counsellor's supervisor
//! and of the community staff where the resident lives, and on the problem lists over it.

use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use fengqiao_core::time::minute;
use fengqiao_store::services::counselling as store;
use fengqiao_store::{BoxFuture, Store, StoreError};

const AREA: &str = "服务群众";

pub struct CounsellingLists;

impl ListSource for CounsellingLists {
    fn reads(&self) -> &'static [&'static str] {
        &["counselling_appointments", "counselling_notes", "counsellors"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.team.is_some() || !cx.user.role.is_staff() {
                return Ok(Found::still(Vec::new()));
            }
            let pool = st.pool();
            let me = cx.user.username.as_str();
            let item = |a: &store::AppointmentRow, title: String, overdue: bool| ListItem {
                area: AREA,
                title,
                detail: format!("来访者“{}” · {}", a.alias, minute(a.starts_at)),
                href: format!("/counselling/appointments/{}", a.id),
                due_at: Some(a.crisis_at.unwrap_or(a.starts_at)),
                overdue,
            };
            let crisis_title = |a: &store::AppointmentRow| format!("心理危机干预:{} 的来访者", a.counsellor_name);
            let community = cx.user.role == fengqiao_core::Role::CommunityStaff;
            let now = cx.now;
            let mut horizon = Horizon::new(now);
            let items = match cx.kind {
                ListKind::Tasks => {
                    let mut items: Vec<ListItem> = store::appointments_for(pool, me)
                        .await?
                        .iter()
                        .inspect(|a| horizon.after(a.starts_at, 86_400_000))
                        .filter(|a| a.counsellor_username == me && a.starts_at >= now - 86_400_000 && matches!(a.status.as_str(), "requested" | "confirmed"))
                        .map(|a| item(a, "心理咨询预约".into(), false))
                        .collect();
                    for a in store::in_crisis(pool, cx.scope.path()).await? {
                        if a.supervisor.as_deref() == Some(me) || community {
                            items.push(item(&a, crisis_title(&a), true));
                        }
                    }
                    items
                }
                ListKind::Problems => store::in_crisis(pool, cx.scope.path())
                    .await?
                    .iter()
                    .filter(|a| a.supervisor.as_deref() == Some(me) || community)
                    .map(|a| item(a, crisis_title(a), true))
                    .collect(),
                _ => Vec::new(),
            };
            Ok(Found::until(items, horizon))
        })
    }
}
