//! What incidents give the rest of the platform: the plan steps of one's role on the duty
//! list, open steps on the task list, incidents under way on the problem list, ended ones on
//! the result list; grid risk from real incidents under way; the `incidents` map layer.

use crate::lists::{Found, ListContext, ListItem, ListKind, ListSource};
use crate::map::{Fills, LayerSource, RiskSource};
use crate::AppState;
use fengqiao_core::emergency::incident::{IncidentKind, Severity};
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::RiskLevel;
use fengqiao_store::emergency::{incidents as store, plans};
use fengqiao_store::{BoxFuture, Store, StoreError};
use std::collections::HashMap;

const AREA: &str = "应急指挥";

/// The risk an incident under way gives its grid.
fn risk(severity: &str) -> RiskLevel {
    match Severity::parse(severity) {
        Some(Severity::I | Severity::II) => RiskLevel::Red,
        Some(Severity::III) => RiskLevel::Orange,
        _ => RiskLevel::Yellow,
    }
}

fn exercise(flag: i64) -> &'static str {
    if flag == 1 {
        "【演练】"
    } else {
        ""
    }
}

pub struct IncidentLists;

impl ListSource for IncidentLists {
    fn reads(&self) -> &'static [&'static str] {
        &["drills", "incident_steps", "incidents", "plan_steps", "response_plans"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if cx.team.is_some() || !cx.user.role.is_staff() {
                return Ok(Found::still(Vec::new()));
            }
            let pool = st.pool();
            let role = cx.user.role.as_str();
            // Time alone changes none of it: the results' window is the context's.
            Ok(Found::still(match cx.kind {
                ListKind::Duty => {
                    let mut items = Vec::new();
                    for plan in plans::all(pool).await? {
                        for s in plans::steps(pool, plan.id).await?.into_iter().filter(|s| s.owner_role == role) {
                            items.push(ListItem {
                                area: AREA,
                                title: format!("{}:{}", plan.title, s.title),
                                detail: format!("第 {} 版预案", plan.version),
                                href: format!("/response-plans/{}", plan.kind),
                                due_at: None,
                                overdue: false,
                            });
                        }
                    }
                    items
                }
                ListKind::Tasks => store::open_steps(pool, cx.scope.path())
                    .await?
                    .into_iter()
                    .filter(|(.., owner, _)| owner == role)
                    .map(|(incident, title, _, step, _, ex)| ListItem {
                        area: AREA,
                        title: format!("{}{step}", exercise(ex)),
                        detail: format!("突发事件:{title}"),
                        href: format!("/incidents/{incident}"),
                        due_at: None,
                        overdue: false,
                    })
                    .collect(),
                ListKind::Problems => store::list(pool, cx.scope.path(), true, 200)
                    .await?
                    .into_iter()
                    .map(|i| ListItem {
                        area: AREA,
                        title: format!("{}{} 处置中", exercise(i.exercise), i.title),
                        detail: format!("{} · {}", IncidentKind::label_of(&i.kind), Severity::label_of(&i.severity)),
                        href: format!("/incidents/{}", i.id),
                        due_at: None,
                        overdue: i.exercise == 0,
                    })
                    .collect(),
                ListKind::Results => store::list(pool, cx.scope.path(), false, 300)
                    .await?
                    .into_iter()
                    .filter(|i| i.closed_at.is_some_and(|t| t >= cx.from && t < cx.to))
                    .map(|i| ListItem {
                        area: AREA,
                        title: format!("{}{} 处置结束", exercise(i.exercise), i.title),
                        detail: i.report.chars().take(40).collect(),
                        href: format!("/incidents/{}", i.id),
                        due_at: None,
                        overdue: false,
                    })
                    .collect(),
            }))
        })
    }
}

/// Real incidents under way (never a drill's) colour their grid.
pub struct IncidentRisk;

impl RiskSource for IncidentRisk {
    fn region_risks<'a>(&'a self, st: &'a Store, within_path: &'a str) -> BoxFuture<'a, Result<HashMap<String, RiskLevel>, StoreError>> {
        Box::pin(async move {
            let mut out: HashMap<String, RiskLevel> = HashMap::new();
            for i in store::list(st.pool(), within_path, true, 1_000).await?.into_iter().filter(|i| i.exercise == 0) {
                let level = risk(&i.severity);
                let slot = out.entry(i.grid_code).or_insert(level);
                *slot = (*slot).max(level);
            }
            Ok(out)
        })
    }
}

/// Grids with an incident under way, by its grade.
pub struct IncidentLayer;

impl LayerSource for IncidentLayer {
    fn name(&self) -> &'static str {
        "incidents"
    }

    fn title(&self) -> &'static str {
        "突发事件(处置中)"
    }

    fn fills<'a>(&'a self, state: &'a AppState, region: &'a AtlasRegion) -> BoxFuture<'a, Result<Fills, StoreError>> {
        Box::pin(async move {
            let mut worst: HashMap<String, RiskLevel> = HashMap::new();
            // A drill's incidents are exercises: they are on its own pages, not the map.
            for i in store::list(state.store.pool(), &region.path, true, 1_000).await?.into_iter().filter(|i| i.exercise == 0) {
                let level = risk(&i.severity);
                let slot = worst.entry(i.grid_code).or_insert(level);
                *slot = (*slot).max(level);
            }
            Ok(Fills {
                by_code: worst.into_iter().map(|(g, l)| (g, l.colour())).collect(),
                area: fengqiao_core::risk::NEUTRAL_COLOUR,
                point: "#ffffff",
                legend: vec![
                    (RiskLevel::Red.colour(), "Ⅰ、Ⅱ级事件处置中".into()),
                    (RiskLevel::Orange.colour(), "Ⅲ级事件处置中".into()),
                    (RiskLevel::Yellow.colour(), "Ⅳ级事件处置中".into()),
                ],
                link: "/incidents?region=",
            })
        })
    }
}
