//! What patrols give the rest of the platform: the patrol-hours indicator for assessment, grids
//! without a patrol for 7 days on the problem lists, and the `patrols` map layer.

use crate::assessment::{common_scope, sort_by_path, within, IndicatorSource, Values};
use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use crate::map::{Fills, LayerSource};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::time::DAY_MS;
use fengqiao_core::RiskLevel;
use fengqiao_store::prevention::patrols as store;
use fengqiao_store::{now_ms, BoxFuture, Store, StoreError};
use std::collections::{BTreeMap, HashMap};

const AREA: &str = "安全防控";

/// A grid is a problem after this many days without a patrol.
pub const GAP_DAYS: i64 = 7;

/// Patrol hours in the assessment period, per region.
pub struct PatrolHours;

impl IndicatorSource for PatrolHours {
    fn values<'a>(
        &'a self,
        state: &'a AppState,
        regions: &'a [&'a AtlasRegion],
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let mut by_grid =
                store::hours_by_grid(state.store.pool(), &common_scope(regions), (from, to)).await?;
            sort_by_path(&mut by_grid, |g| &g.1);
            let out: HashMap<String, f64> = regions
                .iter()
                .map(|r| {
                    let ms: i64 = within(&by_grid, &r.path, |g| &g.1)
                        .iter()
                        .map(|g| g.3)
                        .sum();
                    (r.code.clone(), (ms as f64 / 360_000.0).round() / 10.0)
                })
                .collect();
            Ok(HashMap::from([("patrol_hours", out)]))
        })
    }
}

/// Grids without a patrol for [`GAP_DAYS`] days (whole days in Beijing time, today's
/// included, so the list moves at midnight and with the patrols, not by the minute): one item
/// per grid for a grid's or a community's people, one per community above that (a district's
/// hundreds of grids would bury the rest of its list).
pub struct PatrolGaps;

impl ListSource for PatrolGaps {
    fn reads(&self) -> &'static [&'static str] {
        &["patrols", "regions"]
    }

    fn items<'a>(
        &'a self,
        store: &'a Store,
        cx: &'a ListContext<'a>,
    ) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.kind != ListKind::Problems {
                return Ok(Found::still(Vec::new()));
            }
            let today = fengqiao_core::time::start_of_day(cx.now);
            let since = today - (GAP_DAYS - 1) * DAY_MS;
            let mut horizon = Horizon::new(cx.now);
            horizon.at(today + DAY_MS);
            let gaps = store::unpatrolled(store.pool(), cx.scope.path(), since).await?;
            let depth = cx.scope.path().matches('/').count();
            let last = |t: Option<i64>| {
                t.map_or_else(
                    || "从未巡逻".to_owned(),
                    |t| format!("上次巡逻 {}", fengqiao_core::time::day(t)),
                )
            };
            // Paths are "/district/town/…/": a community's has four slashes.
            if depth >= 4 {
                let items = gaps
                    .into_iter()
                    .map(|(code, name, _, _, at)| ListItem {
                        area: AREA,
                        title: format!("{name} {GAP_DAYS} 天无巡逻"),
                        detail: last(at),
                        href: format!("/patrols?region={code}"),
                        due_at: None,
                        overdue: true,
                    })
                    .collect();
                return Ok(Found::until(items, horizon));
            }
            let mut by_community: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
            for (_, name, community, community_name, _) in gaps {
                by_community
                    .entry((community, community_name))
                    .or_default()
                    .push(name);
            }
            let items = by_community
                .into_iter()
                .map(|((code, name), grids)| ListItem {
                    area: AREA,
                    title: format!("{name} {} 个网格 {GAP_DAYS} 天无巡逻", grids.len()),
                    detail: grids.join("、"),
                    href: format!("/patrols?region={code}"),
                    due_at: None,
                    overdue: true,
                })
                .collect();
            Ok(Found::until(items, horizon))
        })
    }
}

/// Grids coloured by patrol hours over the last 7 days.
pub struct PatrolLayer;

impl LayerSource for PatrolLayer {
    fn name(&self) -> &'static str {
        "patrols"
    }

    fn title(&self) -> &'static str {
        "巡逻覆盖(近 7 天)"
    }

    fn fills<'a>(
        &'a self,
        state: &'a AppState,
        region: &'a AtlasRegion,
    ) -> BoxFuture<'a, Result<Fills, StoreError>> {
        Box::pin(async move {
            let now = now_ms();
            let rows =
                store::by_grid(state.store.pool(), &region.path, (now - 7 * DAY_MS, now + 1))
                    .await?;
            let by_code = rows
                .into_iter()
                .map(|(code, _, _, ms, _)| {
                    let hours = ms as f64 / 3_600_000.0;
                    let colour = if hours >= 6.0 {
                        "#34a853"
                    } else if hours >= 2.0 {
                        RiskLevel::Yellow.colour()
                    } else {
                        RiskLevel::Orange.colour()
                    };
                    (code, colour)
                })
                .collect();
            Ok(Fills {
                by_code,
                area: RiskLevel::Red.colour(),
                point: "#ffffff",
                legend: vec![
                    ("#34a853", "6 小时以上".into()),
                    (RiskLevel::Yellow.colour(), "2 到 6 小时".into()),
                    (RiskLevel::Orange.colour(), "不足 2 小时".into()),
                    (RiskLevel::Red.colour(), "无巡逻".into()),
                ],
                link: "/patrols?region=",
            })
        })
    }
}

/// The weekly patrol shifts of the grids under a person's or unit's scope, on their duty list.
pub struct ShiftDuties;

impl ListSource for ShiftDuties {
    fn reads(&self) -> &'static [&'static str] {
        &["patrol_shifts", "teams"]
    }

    fn items<'a>(
        &'a self,
        store: &'a Store,
        cx: &'a ListContext<'a>,
    ) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.kind != ListKind::Duty {
                return Ok(Found::still(Vec::new()));
            }
            Ok(Found::still(store::shifts(store.pool(), cx.scope.path())
                .await?
                .into_iter()
                .take(50)
                .map(|s| ListItem {
                    area: AREA,
                    title: format!(
                        "巡逻 {}",
                        fengqiao_core::prevention::shift::label(s.weekday, s.start_minute, s.end_minute)
                    ),
                    detail: s.team_name.unwrap_or_else(|| "网格力量".into()),
                    href: format!("/patrols?region={}", s.grid_code),
                    due_at: None,
                    overdue: false,
                })
                .collect()))
        })
    }
}
