//! What the risk register gives the rest of the platform: overdue inspections and
//! rectifications on the problem lists, closed rectifications on the results list, grid risk
//! from sites with open findings, the `risk-sites` map layer, and inspections on time for
//! assessment.

use super::api::rectification;
use crate::assessment::{sort_by_path, within, IndicatorSource, Values};
use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use crate::map::{Fills, LayerSource, RiskSource};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::prevention::sites::{days_between, SiteKind};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::RiskLevel;
use fengqiao_store::prevention::sites::{self as store, Filter};
use fengqiao_store::{BoxFuture, Store, StoreError};
use std::collections::HashMap;

const AREA: &str = "安全防控";

pub struct SiteLists;

impl ListSource for SiteLists {
    fn reads(&self) -> &'static [&'static str] {
        &["risk_sites", "site_rectifications"]
    }

    fn items<'a>(
        &'a self,
        st: &'a Store,
        cx: &'a ListContext<'a>,
    ) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let now = cx.now;
            let pool = st.pool();
            let path = cx.scope.path();
            // "Overdue by n days" turns just after each whole day past the deadline.
            let next_day = |deadline: i64| deadline + days_between(deadline, now) * DAY_MS + 1;
            let mut horizon = Horizon::new(now);
            Ok(match cx.kind {
                ListKind::Problems => {
                    let f = Filter { scope_path: path, overdue_at: Some(now), limit: 200, ..Filter::default() };
                    let (overdue, next) = tokio::try_join!(store::list(pool, &f), store::next_due(pool, path, now))?;
                    next.into_iter().for_each(|t| horizon.at(t));
                    let mut items: Vec<ListItem> = overdue
                        .into_iter()
                        .inspect(|s| horizon.at(next_day(s.next_due_at)))
                        .map(|s| ListItem {
                            area: AREA,
                            title: format!("{} 超期未检查", s.name),
                            detail: format!(
                                "{} · 应于 {} 检查,已超 {} 天",
                                SiteKind::label_of(&s.kind),
                                fengqiao_core::time::day(s.next_due_at),
                                days_between(s.next_due_at, now)
                            ),
                            href: format!("/risk-sites/{}", s.id),
                            due_at: Some(s.next_due_at),
                            overdue: true,
                        })
                        .collect();
                    for r in store::rectifications(pool, path, None, None).await? {
                        horizon.at(r.deadline);
                        if r.closed_at.is_none() {
                            horizon.at(next_day(r.deadline));
                        }
                        if r.deadline < now {
                            let v = rectification(r, now);
                            items.push(ListItem {
                                area: AREA,
                                title: format!("{} 整改超期:{}", v.site_name, v.finding.chars().take(20).collect::<String>()),
                                detail: format!("期限 {},已超 {} 天", v.deadline, v.days_overdue),
                                href: format!("/risk-sites/{}", v.site_id),
                                due_at: None,
                                overdue: true,
                            });
                        }
                    }
                    Found::until(items, horizon)
                }
                ListKind::Results => Found::still(store::rectifications(pool, path, Some(cx.from), None)
                    .await?
                    .into_iter()
                    .filter(|r| r.closed_at.is_some_and(|t| t < cx.to))
                    .map(|r| {
                        let v = rectification(r, now);
                        ListItem {
                            area: AREA,
                            title: format!("{} 整改完成:{}", v.site_name, v.finding.chars().take(20).collect::<String>()),
                            detail: format!("{} 天完成", v.days_to_close.unwrap_or(0)),
                            href: format!("/risk-sites/{}", v.site_id),
                            due_at: None,
                            overdue: false,
                        }
                    })
                    .collect()),
                _ => Found::still(Vec::new()),
            })
        })
    }
}

/// The worst risk of the sites in each grid that still have findings open.
pub struct SiteRisk;

impl RiskSource for SiteRisk {
    fn region_risks<'a>(
        &'a self,
        st: &'a Store,
        within_path: &'a str,
    ) -> BoxFuture<'a, Result<HashMap<String, RiskLevel>, StoreError>> {
        Box::pin(async move {
            let f = Filter { scope_path: within_path, limit: 5_000, ..Filter::default() };
            let mut out: HashMap<String, RiskLevel> = HashMap::new();
            for s in store::list(st.pool(), &f).await? {
                if s.open_rectifications > 0 {
                    if let Some(level) = RiskLevel::parse(&s.risk_level) {
                        let slot = out.entry(s.grid_code).or_insert(level);
                        *slot = (*slot).max(level);
                    }
                }
            }
            Ok(out)
        })
    }
}

/// Grids coloured by the worst risk level of their sites.
pub struct SiteLayer;

impl LayerSource for SiteLayer {
    fn name(&self) -> &'static str {
        "risk-sites"
    }

    fn title(&self) -> &'static str {
        "风险点(责任清单)"
    }

    fn fills<'a>(
        &'a self,
        state: &'a AppState,
        region: &'a AtlasRegion,
    ) -> BoxFuture<'a, Result<Fills, StoreError>> {
        Box::pin(async move {
            let f = Filter { scope_path: &region.path, limit: 5_000, ..Filter::default() };
            let mut worst: HashMap<String, RiskLevel> = HashMap::new();
            for s in store::list(state.store.pool(), &f).await? {
                if let Some(level) = RiskLevel::parse(&s.risk_level) {
                    let slot = worst.entry(s.grid_code).or_insert(level);
                    *slot = (*slot).max(level);
                }
            }
            Ok(Fills {
                by_code: worst.into_iter().map(|(g, l)| (g, l.colour())).collect(),
                area: fengqiao_core::risk::NEUTRAL_COLOUR,
                point: "#ffffff",
                legend: RiskLevel::BY_URGENCY
                    .iter()
                    .map(|l| (l.colour(), format!("最高为{}的风险点", l.label())))
                    .collect(),
                link: "/risk-sites?region=",
            })
        })
    }
}

/// The share of inspections in the period done by their due day (%).
pub struct InspectionsOnTime;

impl IndicatorSource for InspectionsOnTime {
    fn values<'a>(
        &'a self,
        state: &'a AppState,
        regions: &'a [&'a AtlasRegion],
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let mut rows = store::inspections_between(state.store.pool(), from, to).await?;
            sort_by_path(&mut rows, |r| &r.0);
            let out = regions
                .iter()
                .filter_map(|r| {
                    let mine = within(&rows, &r.path, |r| &r.0);
                    (!mine.is_empty()).then(|| {
                        let on_time = mine.iter().filter(|(_, at, due)| *at <= due + fengqiao_core::time::DAY_MS).count();
                        (r.code.clone(), (on_time as f64 / mine.len() as f64 * 1000.0).round() / 10.0)
                    })
                })
                .collect();
            Ok(HashMap::from([("inspections_on_time", out)]))
        })
    }
}
