//! What the care register gives the rest of the platform: visits due within a week on the task
//! lists of the grid's staff, missed visits on the problem lists of the grid and community,
//! visits made in the period on the result lists; and the assessment's "visits on time".

use crate::assessment::{sort_by_path, within, IndicatorSource, Values};
use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::services::care::CareCategory;
use fengqiao_core::time::{day, DAY_MS};
use fengqiao_store::services::care as store;
use fengqiao_store::{BoxFuture, Store, StoreError};
use std::collections::HashMap;

const AREA: &str = "服务群众";

pub struct CareLists;

impl ListSource for CareLists {
    fn reads(&self) -> &'static [&'static str] {
        &["care_register", "care_visits"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.team.is_some() || !cx.user.role.is_staff() {
                return Ok(Found::still(Vec::new()));
            }
            let now = cx.now;
            let pool = st.pool();
            let mut horizon = Horizon::new(now);
            let item = |r: &store::CareRow, title: String, overdue: bool| ListItem {
                area: AREA,
                title,
                detail: format!("{} · 应于 {} 前走访", CareCategory::parse(&r.category).map_or("", CareCategory::label), day(r.latest_at)),
                href: format!("/care/{}", r.id),
                due_at: Some(r.due_at),
                overdue,
            };
            let local = matches!(cx.user.role, fengqiao_core::Role::GridWorker | fengqiao_core::Role::CommunityStaff);
            let items = match cx.kind {
                ListKind::Tasks if local => store::within(pool, cx.scope.path(), 500)
                    .await?
                    .iter()
                    .inspect(|r| {
                        horizon.after(r.due_at, -7 * DAY_MS);
                        horizon.at(r.latest_at);
                    })
                    .filter(|r| r.due_at < now + 7 * DAY_MS)
                    .map(|r| item(r, format!("入户走访:{}", r.name), r.latest_at < now))
                    .collect(),
                ListKind::Problems => {
                    let (overdue, next) = tokio::try_join!(
                        store::overdue_first(pool, cx.scope.path(), now, 200),
                        store::next_overdue(pool, cx.scope.path(), now)
                    )?;
                    next.into_iter().for_each(|t| horizon.at(t));
                    overdue
                    .iter()
                    .map(|r| item(r, format!("逾期未走访:{}", r.name), true))
                    .collect()
                }
                ListKind::Results => {
                    let postgres = st.backend() == fengqiao_store::Backend::Postgres;
                    let made = store::visits_within(pool, postgres, cx.scope.path(), (cx.from, cx.to)).await?;
                    if made == 0 {
                        Vec::new()
                    } else {
                        vec![ListItem { area: AREA, title: format!("入户走访 {made} 次"), detail: "送服务上门、送政策入企、送关怀进家".into(), href: "/care".into(), due_at: None, overdue: false }]
                    }
                }
                _ => Vec::new(),
            };
            Ok(Found::until(items, horizon))
        })
    }
}

/// The share of visits in the period made by their latest date, per region.
pub struct VisitsOnTime;

impl IndicatorSource for VisitsOnTime {
    fn values<'a>(&'a self, state: &'a AppState, regions: &'a [&'a AtlasRegion], from: i64, to: i64) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let mut by_path = store::visits_by_path(state.store.pool(), from, to).await?;
            sort_by_path(&mut by_path, |v| &v.0);
            let out: HashMap<String, f64> = regions
                .iter()
                .filter_map(|r| {
                    let (all, on_time) = within(&by_path, &r.path, |v| &v.0).iter().fold((0, 0), |(a, o), (_, n, t)| (a + n, o + t));
                    (all > 0).then(|| (r.code.clone(), 100.0 * on_time as f64 / all as f64))
                })
                .collect();
            Ok(HashMap::from([("visits_on_time", out)]))
        })
    }
}
