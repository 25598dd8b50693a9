//! What cultural guidance gives the rest of the platform: the four lists of the moral and
//! rule-of-law teams, the communities and the district; the map layer of cultural and red
//! sites; the assessment's "legal-education sessions held" and "family-rules coverage"; and
//! the archive in the search box.

use crate::assessment::{common_scope, sort_by_path, within, IndicatorSource, Values};
use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use crate::map::{Fills, LayerSource};
use crate::search::{Hit, SearchContext, SearchSource};
use crate::AppState;
use fengqiao_core::culture::legal::Theme;
use fengqiao_core::culture::ArchiveKind;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::time::{day, DAY_MS};
use fengqiao_core::Role;
use fengqiao_store::culture::{archive, campaigns, deeds, legal, rules};
use fengqiao_store::{BoxFuture, Store, StoreError};
use std::collections::HashMap;

const AREA: &str = "文化引领";

/// A community whose family-rules coverage is below this share is a problem.
const COVERAGE_FLOOR: f64 = 0.5;

fn item(title: String, detail: String, href: &str, due_at: Option<i64>, overdue: bool) -> ListItem {
    ListItem { area: AREA, title, detail, href: href.to_owned(), due_at, overdue }
}

pub struct CultureLists;

impl ListSource for CultureLists {
    fn reads(&self) -> &'static [&'static str] {
        &["culture_campaigns", "culture_deeds", "culture_households", "culture_nominees", "culture_rules", "legal_attendance", "legal_orders", "regions", "team_members", "teams"]
    }

    fn items<'a>(&'a self, st: &'a Store, cx: &'a ListContext<'a>) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            if let Some(team) = &cx.team {
                return Ok(Found::still(team_items(&team.kind, cx.kind)));
            }
            // Its parts are a handful of small queries; on one connection they wait for a reader
            // once, not once each (under load each wait was most of this list's time).
            let mut conn = st.pool().acquire().await?;
            let path = cx.scope.path();
            let role = cx.user.role;
            let local = matches!(role, Role::CommunityStaff | Role::GridWorker);
            let now = cx.now;
            let mut horizon = Horizon::new(now);
            let mut out = Vec::new();
            match cx.kind {
                ListKind::Duty if role == Role::CommunityStaff => {
                    out.push(item("审核家规家训、村规民约,入户登记悬挂".into(), "家家悬挂家规家训;本社区(村)户数由社区登记".into(), "/culture/rules", None, false));
                    out.push(item("核实善行事迹,征得本人同意后上榜".into(), "见义勇为事迹由公安民警核实".into(), "/culture/boards", None, false));
                    out.push(item("按需预约订单式普法讲座".into(), "一周一主题、一月一专题".into(), "/culture/legal-education", None, false));
                }
                ListKind::Tasks => {
                    if local {
                        for r in rules::pending_within(&mut *conn, path).await? {
                            horizon.after(r.submitted_at, 7 * DAY_MS);
                            out.push(item(format!("审核家规家训:{}", r.household), format!("提交于 {}", day(r.submitted_at)), "/culture/rules", Some(r.submitted_at + 7 * DAY_MS), r.submitted_at + 7 * DAY_MS < now));
                        }
                    }
                    if role.is_staff() {
                        for d in deeds::within(&mut *conn, path, 200).await?.into_iter().filter(|d| d.state == "reported" || d.state == "verified") {
                            let what = if d.state == "reported" { "核实事迹" } else { "征得本人同意" };
                            let police = d.board == "heroic" && d.state == "reported";
                            if police == matches!(role, Role::PoliceOfficer | Role::StationLeader) || (!police && local) {
                                out.push(item(format!("{what}:{}", d.title), format!("{} · {}", d.people, d.occurred_on), "/culture/boards", None, false));
                            }
                        }
                    }
                    if matches!(role, Role::TownCommand | Role::DistrictCoordinator) {
                        for o in legal::orders_within(&mut *conn, path).await?.into_iter().filter(|o| o.state == "ordered") {
                            let due = fengqiao_core::time::parse_day(&o.wanted_on);
                            due.into_iter().for_each(|d| horizon.at(d));
                            out.push(item(format!("安排普法讲师:{}({})", Theme::label_of(&o.theme), o.unit), format!("希望 {} · {} 人", o.wanted_on, o.audience), "/culture/legal-education", due, due.is_some_and(|d| d < now)));
                        }
                    }
                    for o in legal::orders_of_speaker(&mut *conn, &cx.user.username).await?.into_iter().filter(|o| o.state == "scheduled") {
                        out.push(item(format!("普法讲座:{}({})", Theme::label_of(&o.theme), o.unit), o.place.clone().unwrap_or_default(), "/culture/legal-education", o.starts_at, false));
                    }
                    if crate::culture::access::is_coordinator(cx.user) || fengqiao_store::forces::is_member_of_kinds(&mut *conn, &cx.user.username, &["moral_team"]).await? {
                        for (id, title, n) in campaigns::waiting_review(&mut *conn).await? {
                            out.push(item(format!("审核评选提名:{title}"), format!("{n} 个提名待审核"), &format!("/culture/campaigns/{id}"), None, false));
                        }
                    }
                }
                ListKind::Problems if role.is_staff() => {
                    for (_, _, households, hung, name) in rules::coverage(&mut *conn, path).await? {
                        if households > 0 && (hung as f64) < COVERAGE_FLOOR * households as f64 {
                            out.push(item(format!("家规家训悬挂率偏低:{name}"), format!("{hung}/{households} 户"), "/culture/rules", None, true));
                        }
                    }
                    for o in legal::orders_within(&mut *conn, path).await?.into_iter().filter(|o| o.state == "ordered") {
                        let due = fengqiao_core::time::parse_day(&o.wanted_on);
                        due.into_iter().for_each(|d| horizon.at(d));
                        if due.is_some_and(|d| d < now) {
                            out.push(item(format!("普法讲座逾期未安排:{}", o.unit), format!("希望 {}", o.wanted_on), "/culture/legal-education", None, true));
                        }
                    }
                }
                ListKind::Results if role.is_staff() => {
                    let held: i64 = legal::held_by_path(&mut *conn, cx.from, cx.to).await?.iter().filter(|(p, _)| p.starts_with(path)).map(|(_, n)| n).sum();
                    if held > 0 {
                        out.push(item(format!("普法讲座 {held} 场"), "订单式普法,已举办".into(), "/culture/legal-education", None, false));
                    }
                    let (published, hung) = rules::published_within(&mut *conn, path, cx.from, cx.to).await?;
                    if published > 0 {
                        out.push(item(format!("家规家训发布 {published} 份,已悬挂 {hung} 户"), "家家悬挂家规家训".into(), "/culture/rules", None, false));
                    }
                    for (_, _, households, hung, name) in rules::coverage(&mut *conn, path).await?.into_iter().take(30) {
                        if households > 0 {
                            out.push(item(format!("{name}家规家训悬挂率 {:.1}%", 100.0 * hung as f64 / households as f64), format!("{hung}/{households} 户已悬挂"), "/culture/rules", None, false));
                        }
                    }
                    let deeds: i64 = deeds::counts(&mut *conn, path, cx.from, cx.to).await?.into_iter().filter(|(s, _)| s == "published").map(|(_, n)| n).sum();
                    if deeds > 0 {
                        out.push(item(format!("善行义举上榜 {deeds} 件"), "渭滨善行榜、渭滨义举榜".into(), "/culture/boards", None, false));
                    }
                }
                _ => {}
            }
            Ok(Found::until(out, horizon))
        })
    }
}

/// A moral or rule-of-law team's own duty.
fn team_items(kind: &str, list: ListKind) -> Vec<ListItem> {
    if list != ListKind::Duty {
        return Vec::new();
    }
    match kind {
        "moral_team" => vec![
            item("审核渭滨好人、最美家庭提名".into(), "评选审核阶段".into(), "/culture/campaigns", None, false),
            item("宣传善行义举、推广家规家训".into(), "渭滨善行榜、渭滨义举榜".into(), "/culture/boards", None, false),
            item("编写渭滨文史档案,组织红色地标教育".into(), "七一、国庆等节点".into(), "/culture/archive", None, false),
        ],
        "rule_of_law_team" | "legal_advisers" => vec![
            item("订单式普法讲座".into(), "一周一主题、一月一专题".into(), "/culture/legal-education", None, false),
            item("维护文化礼堂法律图书角".into(), "藏书与借阅".into(), "/culture/legal-education", None, false),
        ],
        _ => Vec::new(),
    }
}

/// Grids holding red sites, historic places and culture halls.
pub struct SitesLayer;

const RED: &str = "#c62828";
const CULTURE: &str = "#6a1b9a";

impl LayerSource for SitesLayer {
    fn name(&self) -> &'static str {
        "culture-sites"
    }

    fn title(&self) -> &'static str {
        "红色地标与文化场所"
    }

    fn fills<'a>(&'a self, state: &'a AppState, region: &'a AtlasRegion) -> BoxFuture<'a, Result<Fills, StoreError>> {
        Box::pin(async move {
            let mut by_code: HashMap<String, &'static str> = HashMap::new();
            for (grid, kind) in archive::sites_within(state.store.pool(), &region.path).await? {
                let colour = if kind == ArchiveKind::RedSite.as_str() { RED } else { CULTURE };
                let slot = by_code.entry(grid).or_insert(colour);
                if colour == RED {
                    *slot = RED;
                }
            }
            Ok(Fills {
                by_code,
                area: fengqiao_core::risk::NEUTRAL_COLOUR,
                point: "#ffffff",
                legend: vec![(RED, "有红色地标".into()), (CULTURE, "有历史地点或文化礼堂".into())],
                link: "/culture/archive?region=",
            })
        })
    }
}

/// Legal-education sessions held, and the share of households whose family rules hang.
pub struct CultureIndicators;

impl IndicatorSource for CultureIndicators {
    fn values<'a>(&'a self, state: &'a AppState, regions: &'a [&'a AtlasRegion], from: i64, to: i64) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let pool = state.store.pool();
            let mut held = legal::held_by_path(pool, from, to).await?;
            let mut coverage = rules::coverage(pool, &common_scope(regions)).await?;
            sort_by_path(&mut held, |h| &h.0);
            sort_by_path(&mut coverage, |c| &c.1);
            let mut sessions = HashMap::new();
            let mut share = HashMap::new();
            for r in regions {
                sessions.insert(r.code.clone(), within(&held, &r.path, |h| &h.0).iter().map(|(_, n)| *n).sum::<i64>() as f64);
                let (h, hung) = within(&coverage, &r.path, |c| &c.1).iter().fold((0, 0), |(a, b), (_, _, h, n, _)| (a + h, b + n));
                if h > 0 {
                    share.insert(r.code.clone(), (100.0 * hung as f64 / h as f64).min(100.0));
                }
            }
            Ok(HashMap::from([("legal_sessions", sessions), ("rules_coverage", share)]))
        })
    }
}

/// Published archive records in the search box.
pub struct ArchiveSearch;

impl SearchSource for ArchiveSearch {
    fn hits<'a>(&'a self, state: &'a AppState, cx: &'a SearchContext<'a>) -> BoxFuture<'a, Result<Vec<Hit>, StoreError>> {
        Box::pin(async move {
            let words: Vec<String> = cx.query.split_whitespace().map(|w| w.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).take(30).collect::<String>()).filter(|w| !w.is_empty()).take(5).collect();
            if words.is_empty() {
                return Ok(Vec::new());
            }
            Ok(archive::search(state.store.pool(), &words, cx.limit)
                .await?
                .into_iter()
                .map(|r| Hit {
                    status: r.date_label.clone(),
                    place: state.atlas().get(&r.grid_code).map(|g| g.name.clone()),
                    ..Hit::new(AREA, format!("{}:{}", ArchiveKind::label_of(&r.kind), r.title), format!("{} {}", r.body, r.sources), format!("/culture/archive/{}", r.id), r.published_at)
                })
                .collect())
        })
    }
}
