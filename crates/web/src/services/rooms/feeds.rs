//! What bookings give the rest of the platform: bookings waiting for approval on the task
//! lists of the staff who look after the centre, a person's own coming bookings on theirs,
//! rooms used (checked in) in the period on the result lists; and the `service-places` map
//! layer, which marks the grids that hold a centre.

use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use crate::map::{Fills, LayerSource};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::services::booking::clock;
use fengqiao_core::time::{day, DAY_MS, OFFSET_MS};
use fengqiao_store::services::rooms as store;
use fengqiao_store::{BoxFuture, Store, StoreError};

const AREA: &str = "服务群众";

fn when(b: &store::BookingRow) -> String {
    let m = |ms: i64| clock((ms + OFFSET_MS).rem_euclid(DAY_MS) / 60_000);
    format!("{} {}–{}", day(b.starts_at), m(b.starts_at), m(b.ends_at))
}

pub struct BookingLists;

impl ListSource for BookingLists {
    fn reads(&self) -> &'static [&'static str] {
        &["room_bookings", "service_centres", "service_rooms"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.team.is_some() {
                return Ok(Found::still(Vec::new()));
            }
            let pool = st.pool();
            let now = cx.now;
            // A booking leaves the task lists as it ends.
            let mut horizon = Horizon::new(now);
            let mut ahead = |bookings: Vec<store::BookingRow>| {
                bookings.iter().for_each(|b| horizon.at(b.ends_at));
                bookings
            };
            let item = |b: &store::BookingRow, title: String| ListItem {
                area: AREA,
                title,
                detail: format!("{} · {}", when(b), b.purpose),
                href: "/bookings".into(),
                due_at: Some(b.starts_at),
                overdue: false,
            };
            let items = match (cx.kind, cx.user.role.is_staff()) {
                (ListKind::Tasks, true) => ahead(store::bookings_within(pool, cx.scope.path(), now, 500).await?)
                    .iter()
                    .filter(|b| b.status == "pending" && super::service::manages(cx.user, b))
                    .map(|b| item(b, format!("审批预订:{} {}", b.centre_name, b.room_name)))
                    .collect(),
                (ListKind::Tasks, false) => ahead(store::bookings_of(pool, &cx.user.username, now).await?)
                    .iter()
                    .filter(|b| matches!(b.status.as_str(), "pending" | "confirmed"))
                    .map(|b| item(b, format!("按时到场签到:{} {}", b.centre_name, b.room_name)))
                    .collect(),
                (ListKind::Results, true) => store::bookings_within(pool, cx.scope.path(), cx.from, 2_000)
                    .await?
                    .iter()
                    .filter(|b| b.checked_in_at.is_some_and(|t| t >= cx.from && t < cx.to))
                    .map(|b| item(b, format!("场所开放服务:{} {}", b.centre_name, b.room_name)))
                    .collect(),
                _ => Vec::new(),
            };
            Ok(Found::until(items, horizon))
        })
    }
}

/// Grids and compounds holding a welfare base or neighbourhood centre.
pub struct PlacesLayer;

impl LayerSource for PlacesLayer {
    fn name(&self) -> &'static str {
        "service-places"
    }

    fn title(&self) -> &'static str {
        "服务场所(公益基地、党群服务中心)"
    }

    fn fills<'a>(&'a self, state: &'a AppState, region: &'a AtlasRegion) -> BoxFuture<'a, Result<Fills, StoreError>> {
        Box::pin(async move {
            let by_code = store::centres(state.store.pool(), &region.path).await?.into_iter().map(|c| (c.grid_code, "#2e7d32")).collect();
            Ok(Fills {
                by_code,
                area: fengqiao_core::risk::NEUTRAL_COLOUR,
                point: "#ffffff",
                legend: vec![("#2e7d32", "有服务场所".into())],
                link: "/centres?region=",
            })
        })
    }
}
