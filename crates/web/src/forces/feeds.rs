//! What the four forces give the rest of the platform: duty and problem lists (mandates that
//! fall to a user, gaps in their scope) and two map layers, coverage and teams.

use super::coverage::{grid_shares, mandates, scorecard};
use crate::assessment::{common_scope, sort_by_path, within, IndicatorSource, Values};
use crate::lists::{Found, ListContext, ListItem, ListKind, ListSource};
use crate::map::{Fills, LayerSource};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::{Level, RiskLevel};
use fengqiao_store::forces as store;
use fengqiao_store::{BoxFuture, Store, StoreError};
use std::collections::{HashMap, HashSet};

const AREA: &str = "四支力量";

/// Teams in scope whose name contains the query.
pub struct TeamSearch;

impl crate::search::SearchSource for TeamSearch {
    fn hits<'a>(
        &'a self,
        state: &'a AppState,
        cx: &'a crate::search::SearchContext<'a>,
    ) -> BoxFuture<'a, Result<Vec<crate::search::Hit>, StoreError>> {
        Box::pin(async move {
            let teams = fengqiao_store::forces::teams_named(
                state.store.pool(),
                cx.scope.path(),
                &cx.query,
                20,
            )
            .await?;
            Ok(teams
                .into_iter()
                .map(|t| {
                    let place = state.atlas().get(&t.region_code).map(|r| r.name.clone());
                    crate::search::Hit {
                        place: place.clone(),
                        ..crate::search::Hit::new(
                            "四支力量",
                            t.name,
                            format!("{} 名成员 · {}", t.members, place.unwrap_or_default()),
                            format!("/teams/{}", t.id),
                            None,
                        )
                    }
                })
                .collect())
        })
    }
}

pub struct ForceLists;

impl ListSource for ForceLists {
    fn reads(&self) -> &'static [&'static str] {
        &["accounts", "cameras", "facilities", "mandates", "regions", "team_members", "teams"]
    }

    fn items<'a>(
        &'a self,
        store: &'a Store,
        cx: &'a ListContext<'a>,
    ) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let (user, scope, kind) = (cx.user, &cx.scope, cx.kind);
            if let Some(team) = &cx.team {
                return Ok(Found::still(team_items(store, team, kind).await?));
            }
            let depth = scope.path().matches('/').count().saturating_sub(2);
            let my_level = Level::ALL.get(depth).copied().unwrap_or(Level::District);
            let mut items = Vec::new();
            match kind {
                ListKind::Duty
                    if matches!(
                        user.role,
                        fengqiao_core::Role::CommunityStaff
                            | fengqiao_core::Role::TownCommand
                            | fengqiao_core::Role::StationLeader
                            | fengqiao_core::Role::DistrictCoordinator
                            | fengqiao_core::Role::Admin
                    ) =>
                {
                    for m in mandates(store)
                        .await?
                        .1
                        .into_iter()
                        .filter(|m| m.level >= my_level)
                    {
                        items.push(ListItem {
                            area: AREA,
                            title: format!("落实常态化要求:{}", m.name),
                            detail: format!("每个{}", m.level.label()),
                            href: format!("/coverage?region={}", scope.root()),
                            due_at: None,
                            overdue: false,
                        });
                    }
                }
                ListKind::Problems => {
                    for m in scorecard(store, scope.path()).await?.iter() {
                        for g in m.gaps.iter().take(30) {
                            items.push(ListItem {
                                area: AREA,
                                title: format!("缺口:{}未达到「{}」", g.region_name, m.name),
                                detail: format!("现有 {},需要 {}", g.have, g.need),
                                href: format!("/coverage?region={}", g.region_code),
                                due_at: None,
                                overdue: false,
                            });
                        }
                    }
                }
                _ => {}
            }
            // Time alone changes none of it: members and mandates change only by writes.
            Ok(Found::still(items))
        })
    }
}

/// A team's own duty (what its kind answers for, and the mandates it fulfils) and problems
/// (no current members).
async fn team_items(
    store: &Store,
    team: &crate::lists::TeamInfo,
    kind: ListKind,
) -> Result<Vec<ListItem>, StoreError> {
    let Some(k) = fengqiao_core::forces::TeamKind::parse(&team.kind) else {
        return Ok(Vec::new());
    };
    let href = format!("/teams/{}", team.id);
    let item = |title: String, detail: String| ListItem {
        area: AREA,
        title,
        detail,
        href: href.clone(),
        due_at: None,
        overdue: false,
    };
    Ok(match kind {
        ListKind::Duty => {
            let mut out = vec![item(
                format!("{}:{}力量", k.label(), k.force().label()),
                format!("在本{}履行职责", k.level().label()),
            )];
            for m in mandates(store).await?.1 {
                if matches!(m.requirement, fengqiao_core::forces::Requirement::Team { kind, .. } if kind == k)
                {
                    out.push(item(
                        format!("满足常态化要求:{}", m.name),
                        "本队在册即视为达标".into(),
                    ));
                }
            }
            out
        }
        ListKind::Problems if team.members == 0 => vec![item(
            format!("{}没有在册成员", team.name),
            "无成员的队伍不计入覆盖".into(),
        )],
        _ => Vec::new(),
    })
}

/// Grids coloured by the share of mandates met for them and the regions above them.
pub struct CoverageLayer;

impl LayerSource for CoverageLayer {
    fn name(&self) -> &'static str {
        "coverage"
    }

    fn title(&self) -> &'static str {
        "常态化要求覆盖"
    }

    fn fills<'a>(
        &'a self,
        state: &'a AppState,
        region: &'a AtlasRegion,
    ) -> BoxFuture<'a, Result<Fills, StoreError>> {
        Box::pin(async move {
            let shares = grid_shares(state, &region.path).await?;
            let by_code = shares
                .into_iter()
                .map(|(code, share)| {
                    let colour = if share >= 0.999 {
                        "#34a853"
                    } else if share >= 0.8 {
                        RiskLevel::Yellow.colour()
                    } else {
                        RiskLevel::Red.colour()
                    };
                    (code, colour)
                })
                .collect();
            Ok(Fills {
                by_code,
                area: fengqiao_core::risk::NEUTRAL_COLOUR,
                point: "#ffffff",
                legend: vec![
                    ("#34a853", "全部达标".into()),
                    (RiskLevel::Yellow.colour(), "达标 80% 以上".into()),
                    (RiskLevel::Red.colour(), "达标不足 80%".into()),
                ],
                link: "/regions/",
            })
        })
    }
}

/// Grids coloured by how many of the four forces have a team there or above.
pub struct TeamsLayer;

impl LayerSource for TeamsLayer {
    fn name(&self) -> &'static str {
        "teams"
    }

    fn title(&self) -> &'static str {
        "四支力量分布"
    }

    fn fills<'a>(
        &'a self,
        state: &'a AppState,
        region: &'a AtlasRegion,
    ) -> BoxFuture<'a, Result<Fills, StoreError>> {
        Box::pin(async move {
            let atlas = &state.atlas();
            let teams = store::teams(state.store.pool(), "/", None).await?;
            let mut by_code = HashMap::new();
            const SHADES: [&str; 5] = ["#e6e8eb", "#f6aea9", "#fdd663", "#81c995", "#1e8e3e"];
            for grid in std::iter::once(region)
                .chain(atlas.descendants(region))
                .filter(|r| r.level == Level::Grid)
            {
                let forces: HashSet<&str> = teams
                    .iter()
                    .filter(|t| {
                        t.members > 0
                            && (grid.path.starts_with(&t.region_path)
                                || t.region_path.starts_with(&grid.path))
                    })
                    .map(|t| t.force.as_str())
                    .collect();
                by_code.insert(grid.code.clone(), SHADES[forces.len().min(4)]);
            }
            Ok(Fills {
                by_code,
                area: SHADES[0],
                point: "#ffffff",
                legend: (0..=4)
                    .rev()
                    .map(|n| (SHADES[n], format!("{n} 支力量")))
                    .collect(),
                link: "/regions/",
            })
        })
    }
}

/// The share of mandate checks met inside each region's subtree.
pub struct CoverageIndicator;

impl IndicatorSource for CoverageIndicator {
    fn values<'a>(
        &'a self,
        state: &'a AppState,
        regions: &'a [&'a AtlasRegion],
        _from: i64,
        _to: i64,
    ) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let card = scorecard(&state.store, &common_scope(regions)).await?;
            let mut checked: Vec<&str> = card
                .iter()
                .flat_map(|m| m.checked.iter().map(String::as_str))
                .collect();
            let mut gaps: Vec<&str> = card
                .iter()
                .flat_map(|m| m.gaps.iter().map(|g| g.region_path.as_str()))
                .collect();
            sort_by_path(&mut checked, |p| p);
            sort_by_path(&mut gaps, |p| p);
            let mut met = HashMap::new();
            for r in regions {
                let checked = within(&checked, &r.path, |p| p).len();
                let gaps = within(&gaps, &r.path, |p| p).len();
                if checked > 0 {
                    met.insert(
                        r.code.clone(),
                        (checked - gaps) as f64 / checked as f64 * 100.0,
                    );
                }
            }
            Ok(HashMap::from([("coverage_met", met)]))
        })
    }
}

/// The forces' teams as units with lists and an assessment line of their own.
pub struct TeamUnits;

fn unit_of(t: store::TeamRow) -> crate::lists::Unit {
    crate::lists::Unit {
        id: t.id,
        name: t.name,
        kind: t.kind,
        members: t.members,
        region_code: t.region_code,
        region_path: t.region_path,
    }
}

impl crate::lists::UnitSource for TeamUnits {
    fn unit<'a>(
        &'a self,
        state: &'a AppState,
        id: i64,
        within_path: &'a str,
    ) -> BoxFuture<'a, Result<Option<crate::lists::Unit>, StoreError>> {
        Box::pin(async move {
            Ok(store::team_in_scope(state.store.pool(), id, within_path)
                .await?
                .map(unit_of))
        })
    }

    fn units<'a>(
        &'a self,
        state: &'a AppState,
        within_path: &'a str,
    ) -> BoxFuture<'a, Result<Vec<crate::lists::Unit>, StoreError>> {
        Box::pin(async move {
            Ok(store::teams(state.store.pool(), within_path, None)
                .await?
                .into_iter()
                .map(unit_of)
                .collect())
        })
    }
}
