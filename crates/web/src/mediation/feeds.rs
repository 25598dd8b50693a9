//! What mediation gives the rest of the platform: grid risk for the map, and items for the
//! four lists (my open cases and due follow-ups; overdue, high-risk and to-escalate cases;
//! what each level resolved; and the duty of the user's level).

use super::service::actor_level;
use crate::assessment::{common_scope, sort_by_path, within, IndicatorSource, Values};
use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use crate::error::ApiError;
use crate::map::{Marker, MarkerSource, RiskSource};
use crate::search::{Hit, SearchContext, SearchSource};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::mediation::{level_label, Category, Status};
use fengqiao_core::RiskLevel;
use fengqiao_store::mediation::{self as cases, ListFilter};
use fengqiao_store::{now_ms, BoxFuture, Store, StoreError};
use std::collections::HashMap;

const AREA: &str = "矛盾调解";

/// Cases in scope whose words match the query.
pub struct MediationSearch;

impl SearchSource for MediationSearch {
    fn hits<'a>(
        &'a self,
        state: &'a AppState,
        cx: &'a SearchContext<'a>,
    ) -> BoxFuture<'a, Result<Vec<Hit>, StoreError>> {
        Box::pin(async move {
            let code = fengqiao_core::ids::tracking::in_query(&cx.query);
            let filter = ListFilter {
                within_path: cx.scope.path().to_owned(),
                words: code.is_none().then(|| cx.tokens.clone()),
                tracking_code: code,
                now: now_ms(),
                limit: cx.limit,
                ..ListFilter::default()
            };
            let (rows, _) = cases::list_counted(&state.store, &filter, false).await?;
            Ok(rows
                .into_iter()
                .map(|c| Hit {
                    status: Some(format!(
                        "{} · {}",
                        c.status.label(),
                        level_label(u8::try_from(c.level).unwrap_or(4))
                    )),
                    place: state.atlas().get(&c.grid_code).map(|g| g.name.clone()),
                    risk: Some(c.risk_level),
                    ..Hit::new(
                        AREA,
                        format!("{}纠纷 {}", c.category.label(), c.tracking_code),
                        format!("{} {}", c.description, c.address),
                        format!("/mediation/{}", c.id),
                        Some(c.updated_at),
                    )
                })
                .collect())
        })
    }
}

/// Open cases on a close map, worst risk first.
pub struct MediationMarkers;

impl MarkerSource for MediationMarkers {
    fn open_within<'a>(
        &'a self,
        state: &'a AppState,
        within_path: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<Marker>, ApiError>> {
        Box::pin(async move {
            let now = now_ms();
            let filter = ListFilter {
                within_path: within_path.to_owned(),
                status: Some(Status::Open.as_str().to_owned()),
                now,
                limit,
                ..ListFilter::default()
            };
            let (rows, _) = cases::list_counted(&state.store, &filter, false).await?;
            Ok(rows
                .into_iter()
                .map(|c| Marker {
                    title: format!("{}纠纷", c.category.label()),
                    href: format!("/mediation/{}", c.id),
                    status_label: format!(
                        "{} · {}",
                        c.status.label(),
                        level_label(u8::try_from(c.level).unwrap_or(4))
                    ),
                    risk: Some(c.risk_level),
                    overdue: fengqiao_core::mediation::is_overdue(c.status, c.due_at, now),
                    point: c.lon.zip(c.lat),
                    grid_code: c.grid_code,
                    tracking_code: c.tracking_code,
                })
                .collect())
        })
    }
}

/// A grid's risk is the highest risk among its open or agreed disputes.
pub struct MediationRisk;

impl RiskSource for MediationRisk {
    fn region_risks<'a>(
        &'a self,
        store: &'a Store,
        within_path: &'a str,
    ) -> BoxFuture<'a, Result<HashMap<String, RiskLevel>, StoreError>> {
        Box::pin(async move {
            let mut out: HashMap<String, RiskLevel> = HashMap::new();
            for (grid, level) in cases::risk_by_grid(store.stale_pool(), within_path).await? {
                let level = match level.as_str() {
                    "red" => RiskLevel::Red,
                    "orange" => RiskLevel::Orange,
                    "yellow" => RiskLevel::Yellow,
                    _ => RiskLevel::Blue,
                };
                let slot = out.entry(grid).or_insert(level);
                *slot = (*slot).max(level);
            }
            Ok(out)
        })
    }
}

pub struct MediationLists;

fn case_item(c: &cases::CaseRow, now: i64, title: String) -> ListItem {
    ListItem {
        area: AREA,
        title,
        detail: format!(
            "{} · {} · 期限 {}",
            c.tracking_code,
            level_label(u8::try_from(c.level).unwrap_or(4)),
            fengqiao_core::time::minute(c.due_at)
        ),
        href: format!("/mediation/{}", c.id),
        due_at: Some(c.due_at),
        overdue: fengqiao_core::mediation::is_overdue(c.status, c.due_at, now),
    }
}

fn label(category: &str) -> &'static str {
    category.parse::<Category>().map_or("其他", Category::label)
}

impl ListSource for MediationLists {
    fn reads(&self) -> &'static [&'static str] {
        &[
            "dispute_district_months",
            "dispute_followups",
            "dispute_month_hours",
            "dispute_months",
            "disputes",
            "mediation_policies",
        ]
    }

    fn items<'a>(
        &'a self,
        store: &'a Store,
        cx: &'a ListContext<'a>,
    ) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let (user, scope, kind) = (cx.user, &cx.scope, cx.kind);
            let now = cx.now;
            // The tasks' and problems' cases are marked by their deadlines, which the items
            // carry; the overdue ones grow when any open case's deadline passes.
            let mut horizon = Horizon::new(now);
            let base = ListFilter {
                within_path: scope.path().to_owned(),
                now,
                limit: 20,
                ..ListFilter::default()
            };
            let mut items = Vec::new();
            match kind {
                ListKind::Tasks => {
                    let mine = ListFilter {
                        assignee: Some(user.username.clone()),
                        status: Some("open".into()),
                        ..base
                    };
                    // The cases and the follow-ups side by side: one wait for a reader, not two
                    // in turn.
                    let ((mine, _), followups) = tokio::try_join!(
                        cases::list_counted(store, &mine, false),
                        cases::due_followups(store.pool(), &user.username, 20)
                    )?;
                    for c in mine {
                        // An overdue case is also on the problem list; the task says so.
                        let also = if fengqiao_core::mediation::is_overdue(c.status, c.due_at, now)
                        {
                            "(已超期,同列问题单)"
                        } else {
                            ""
                        };
                        items.push(case_item(
                            &c,
                            now,
                            format!("调解:{}纠纷{also}", c.category.label()),
                        ));
                    }
                    for f in followups {
                        items.push(ListItem {
                            area: AREA,
                            title: format!("第 {} 次回访:{}纠纷", f.seq, label(&f.category)),
                            detail: format!(
                                "{} · 应于 {} 前回访",
                                f.tracking_code,
                                fengqiao_core::time::minute(f.due_at)
                            ),
                            href: format!("/mediation/{}", f.dispute_id),
                            due_at: Some(f.due_at),
                            overdue: f.due_at < now,
                        });
                    }
                }
                ListKind::Problems => {
                    let overdue = ListFilter {
                        overdue: Some(true),
                        ..base.clone()
                    };
                    let high = ListFilter {
                        risk: Some("red".into()),
                        status: Some("open".into()),
                        overdue: Some(false),
                        ..base
                    };
                    // Three small reads side by side: one wait for readers, not three in turn.
                    let ((overdue, _), (high, _), next) = tokio::try_join!(
                        cases::list_counted(store, &overdue, false),
                        cases::list_counted(store, &high, false),
                        cases::next_due(store, scope.path(), now)
                    )?;
                    next.into_iter().for_each(|t| horizon.at(t));
                    for c in overdue {
                        items.push(case_item(
                            &c,
                            now,
                            format!("超期未办结:{}纠纷", c.category.label()),
                        ));
                    }
                    for c in high {
                        items.push(case_item(
                            &c,
                            now,
                            format!("高风险:{}纠纷", c.category.label()),
                        ));
                    }
                }
                // A grid worker's results are their own work: the cases they handled to a
                // settlement in the period, not their grid's totals.
                ListKind::Results if user.role == fengqiao_core::Role::GridWorker => {
                    let mut settled = 0;
                    for status in ["agreed", "closed"] {
                        let mine = ListFilter {
                            assignee: Some(user.username.clone()),
                            status: Some(status.into()),
                            limit: 500,
                            ..base.clone()
                        };
                        settled += cases::list_counted(store, &mine, false)
                            .await?
                            .0
                            .iter()
                            .filter(|c| c.resolved_at.is_some_and(|t| t >= cx.from && t < cx.to))
                            .count();
                    }
                    if settled > 0 {
                        items.push(ListItem {
                            area: AREA,
                            title: format!("本人承办化解纠纷 {settled} 件"),
                            detail: "达成协议或回访后办结".into(),
                            href: "/mediation?assignee=me".into(),
                            due_at: None,
                            overdue: false,
                        });
                    }
                }
                ListKind::Results => {
                    let levels =
                        cases::funnel_counts(store.stale_pool(), scope.path(), cx.from, cx.to, now).await?;
                    for l in levels.iter().filter(|l| l.resolved > 0) {
                        items.push(ListItem {
                            area: AREA,
                            title: format!(
                                "{}化解 {} 件",
                                level_label(u8::try_from(l.level).unwrap_or(4)),
                                l.resolved
                            ),
                            detail: format!(
                                "本期本级受理 {} 件,上交 {} 件",
                                l.entered, l.escalated
                            ),
                            // The funnel over the same period, so the figures match.
                            href: format!(
                                "/mediation/funnel?region={}&from={}&to={}",
                                scope.root(),
                                fengqiao_core::time::day(cx.from),
                                fengqiao_core::time::day(cx.to - 1)
                            ),
                            due_at: None,
                            overdue: false,
                        });
                    }
                }
                ListKind::Duty => {
                    let level = actor_level(user.role);
                    let (_, policy) = super::service::current_policy(store).await?;
                    let duty = match level {
                        0 => None,
                        l @ 1..=4 => Some(format!(
                            "承办{},每件 {} 天内化解或上交",
                            level_label(l),
                            policy.deadline_days(l)
                        )),
                        _ => Some("督办全区矛盾纠纷四级联调,审定调解策略".to_owned()),
                    };
                    if let Some(title) = duty {
                        items.push(ListItem {
                            area: AREA,
                            title,
                            detail: policy.rhythm(),
                            href: "/mediation".into(),
                            due_at: None,
                            overdue: false,
                        });
                    }
                }
            }
            Ok(Found::until(items, horizon))
        })
    }
}

/// Share settled at L1–L2, overdue cases and follow-up completion, per region.
pub struct MediationIndicators;

impl IndicatorSource for MediationIndicators {
    fn values<'a>(
        &'a self,
        state: &'a AppState,
        regions: &'a [&'a AtlasRegion],
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let mut with_paths = cases::mediation_by_grid(
                state.store.stale_pool(),
                &common_scope(regions),
                from,
                to,
                now_ms(),
            )
            .await?;
            sort_by_path(&mut with_paths, |r| &r.0);
            let (mut low, mut overdue, mut followups) =
                (HashMap::new(), HashMap::new(), HashMap::new());
            for r in regions {
                let mut sum = cases::GridMediation::default();
                for (_, g) in within(&with_paths, &r.path, |r| &r.0) {
                    sum.total += g.total;
                    sum.settled_low += g.settled_low;
                    sum.overdue += g.overdue;
                    sum.followups_due += g.followups_due;
                    sum.followups_done += g.followups_done;
                }
                if sum.total > 0 {
                    low.insert(
                        r.code.clone(),
                        sum.settled_low as f64 / sum.total as f64 * 100.0,
                    );
                }
                overdue.insert(r.code.clone(), sum.overdue as f64);
                if sum.followups_due > 0 {
                    followups.insert(
                        r.code.clone(),
                        sum.followups_done as f64 / sum.followups_due as f64 * 100.0,
                    );
                }
            }
            Ok(HashMap::from([
                ("settled_low_share", low),
                ("overdue", overdue),
                ("followup_completion", followups),
            ]))
        })
    }
}
