//! What cameras give the rest of the platform: repair tasks on the maintainer's task list,
//! overdue repairs on the problem lists, camera uptime for assessment, and the `cameras` map
//! layer that colours compounds by their cover.

use super::coverage;
use crate::assessment::{sort_by_path, within, IndicatorSource, Values};
use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use crate::map::{Fills, LayerSource};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::prevention::camera::{working_spans, CameraStatus};
use fengqiao_core::RiskLevel;
use fengqiao_store::prevention::cameras::{self as store, FaultRow};
use fengqiao_store::{now_ms, BoxFuture, Store, StoreError};
use std::collections::HashMap;

const AREA: &str = "安全防控";

fn item(f: FaultRow, now: i64, prefix: &str) -> ListItem {
    ListItem {
        area: AREA,
        title: format!("{prefix}摄像机故障待修:{}", f.camera_name),
        detail: format!(
            "{} · 报修 {} · 期限 {}",
            f.description.chars().take(30).collect::<String>(),
            fengqiao_core::time::day(f.reported_at),
            fengqiao_core::time::day(f.due_at)
        ),
        href: format!("/cameras/{}", f.camera_id),
        due_at: Some(f.due_at),
        overdue: f.due_at < now,
    }
}

/// Repairs: the maintainer's open ones on their task list; overdue ones in scope on the
/// problem list.
pub struct CameraLists;

impl ListSource for CameraLists {
    fn reads(&self) -> &'static [&'static str] {
        &["camera_faults", "cameras"]
    }

    fn items<'a>(
        &'a self,
        store: &'a Store,
        cx: &'a ListContext<'a>,
    ) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let now = cx.now;
            let pool = store.pool();
            let mut horizon = Horizon::new(now);
            let mut open = |faults: Vec<FaultRow>| {
                faults.iter().for_each(|f| horizon.at(f.due_at));
                faults
            };
            let items = match cx.kind {
                ListKind::Tasks if cx.team.is_none() => {
                    open(store::faults(pool, cx.scope.path(), None, Some(&cx.user.username)).await?)
                        .into_iter()
                        .map(|f| item(f, now, ""))
                        .collect()
                }
                ListKind::Problems => open(store::faults(pool, cx.scope.path(), None, None).await?)
                    .into_iter()
                    .filter(|f| f.due_at < now)
                    .map(|f| item(f, now, "超期 · "))
                    .collect(),
                ListKind::Results => store::faults(pool, cx.scope.path(), Some(cx.from), None)
                    .await?
                    .into_iter()
                    .filter(|f| f.repaired_at.is_some_and(|t| t < cx.to))
                    .map(|f| ListItem {
                        overdue: false,
                        due_at: None,
                        ..item(f, now, "已修复 · ")
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Ok(Found::until(items, horizon))
        })
    }
}

/// The share of camera hours that worked in the period, per region (%).
pub struct CameraUptime;

impl IndicatorSource for CameraUptime {
    fn values<'a>(
        &'a self,
        state: &'a AppState,
        regions: &'a [&'a AtlasRegion],
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let pool = state.store.pool();
            let cameras = store::list(pool, "/", None, 100_000).await?;
            let mut outages: HashMap<i64, Vec<(i64, Option<i64>)>> = HashMap::new();
            for f in store::faults(pool, "/", Some(from), None).await? {
                outages
                    .entry(f.camera_id)
                    .or_default()
                    .push((f.reported_at, f.repaired_at));
            }
            // Per camera: its path, the hours it was up and the hours it could have been.
            let mut hours: Vec<(&str, i64, i64)> = cameras
                .iter()
                .filter(|c| c.status != CameraStatus::Retired.as_str() && c.installed_at < to)
                .map(|c| {
                    let outs = outages.get(&c.id).map_or(&[][..], Vec::as_slice);
                    let up: i64 = working_spans((from, to), c.installed_at, outs)
                        .iter()
                        .map(|(a, b)| b - a)
                        .sum();
                    (c.region_path.as_str(), up, to - c.installed_at.max(from))
                })
                .collect();
            sort_by_path(&mut hours, |h| h.0);
            let out = regions
                .iter()
                .filter_map(|r| {
                    let (up, all) = within(&hours, &r.path, |h| h.0)
                        .iter()
                        .fold((0, 0), |(u, a), h| (u + h.1, a + h.2));
                    (all > 0).then(|| {
                        (
                            r.code.clone(),
                            (up as f64 / all as f64 * 1000.0).round() / 10.0,
                        )
                    })
                })
                .collect();
            Ok(HashMap::from([("camera_uptime", out)]))
        })
    }
}

/// Compounds coloured by their cover: no working camera now, or many hours unwatched last week.
pub struct CameraLayer;

impl LayerSource for CameraLayer {
    fn name(&self) -> &'static str {
        "cameras"
    }

    fn title(&self) -> &'static str {
        "视频覆盖(雪亮工程)"
    }

    fn fills<'a>(
        &'a self,
        state: &'a AppState,
        region: &'a AtlasRegion,
    ) -> BoxFuture<'a, Result<Fills, StoreError>> {
        Box::pin(async move {
            let cover = coverage::of(state, region, now_ms()).await?;
            let by_code = cover
                .items
                .into_iter()
                .map(|c| {
                    let colour = if c.working == 0 {
                        RiskLevel::Red.colour()
                    } else if c.unwatched_hours > 24.0 {
                        RiskLevel::Yellow.colour()
                    } else {
                        "#34a853"
                    };
                    (c.code, colour)
                })
                .collect();
            Ok(Fills {
                by_code,
                area: fengqiao_core::risk::NEUTRAL_COLOUR,
                point: RiskLevel::Red.colour(),
                legend: vec![
                    ("#34a853", "有正常摄像头,近 7 天看护充分".into()),
                    (RiskLevel::Yellow.colour(), "近 7 天无人看护超过 24 小时".into()),
                    (RiskLevel::Red.colour(), "没有正常工作的摄像头".into()),
                ],
                link: "/regions/",
            })
        })
    }
}
