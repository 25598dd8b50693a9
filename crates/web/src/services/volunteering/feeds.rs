//! Volunteer hours confirmed in the period, on the result lists of the staff over the place.

use crate::lists::{Found, ListContext, ListItem, ListKind, ListSource};
use fengqiao_store::services::volunteering as store;
use fengqiao_store::{BoxFuture, Store, StoreError};

pub struct VolunteerLists;

impl ListSource for VolunteerLists {
    fn reads(&self) -> &'static [&'static str] {
        &["volunteer_positions", "volunteer_signups"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.kind != ListKind::Results || cx.team.is_some() || !cx.user.role.is_staff() {
                return Ok(Found::still(Vec::new()));
            }
            let minutes = store::minutes_within(st.pool(), cx.scope.path(), cx.from, cx.to).await?;
            Ok(Found::still(if minutes == 0 {
                Vec::new()
            } else {
                vec![ListItem { area: "服务群众", title: format!("志愿服务 {:.1} 小时", minutes as f64 / 60.0), detail: "已确认的志愿服务时长".into(), href: "/volunteering".into(), due_at: None, overdue: false }]
            }))
        })
    }
}
