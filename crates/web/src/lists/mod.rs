//! The four lists (四单): duty, tasks, problems and results. Every area contributes through
//! [`ListSource`]; this module only gathers and orders, and never reads an area's tables.

pub mod cache;
mod doc;
mod page;

pub use page::names;

use crate::area::Area;
use crate::auth::User;
use crate::error::ApiError;
use crate::extract::{ApiQuery, ApiUser};
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use fengqiao_core::region::Scope;
use fengqiao_store::{versions, BoxFuture, Store, StoreError};
use cache::{Gathered, Part, Standing};
use serde::Serialize;

/// Which of the four lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    /// 职责单: what a person or unit answers for.
    Duty,
    /// 任务单: what is due, by deadline.
    Tasks,
    /// 问题单: risks, overdue items, gaps.
    Problems,
    /// 成效单: what was done.
    Results,
}

impl ListKind {
    pub fn parse(s: &str) -> Option<ListKind> {
        match s {
            "duty" => Some(ListKind::Duty),
            "tasks" => Some(ListKind::Tasks),
            "problems" => Some(ListKind::Problems),
            "results" => Some(ListKind::Results),
            _ => None,
        }
    }
}

/// One line of a list.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    /// The area it comes from, e.g. 矛盾调解.
    pub area: &'static str,
    pub title: String,
    pub detail: String,
    pub href: String,
    pub due_at: Option<i64>,
    pub overdue: bool,
}

/// What a list is asked for: which list, whose, over which subtree, and (for results) when.
#[derive(Clone)]
pub struct ListContext<'a> {
    pub kind: ListKind,
    pub user: &'a User,
    /// The subtree the list covers: the user's scope, or a region inside it.
    pub scope: Scope,
    pub from: i64,
    pub to: i64,
    /// The instant the list is for: every part compares deadlines with this, never the clock,
    /// so a part can say when time alone would change it (`Found::until`).
    pub now: i64,
    /// Set when the lists are a team's: the team's region is the scope.
    pub team: Option<TeamInfo>,
}

/// An area's part of a list as found, and until when time alone leaves it as it is.
pub struct Found {
    pub items: Vec<ListItem>,
    /// The first instant at which time alone may change the part: a deadline passes, a row
    /// enters or leaves a span counted from now. `i64::MAX` when only its data can (the
    /// list's window is fixed in its context).
    pub until: i64,
}

impl Found {
    /// A part that only its data changes.
    pub fn still(items: Vec<ListItem>) -> Found {
        Found {
            items,
            until: i64::MAX,
        }
    }

    /// A part that time changes at the first instant offered to `horizon`.
    pub fn until(items: Vec<ListItem>, horizon: Horizon) -> Found {
        Found {
            items,
            until: horizon.first,
        }
    }
}

/// Collects the instants a part compares with now, read or not, listed or not: the first
/// still ahead is when time alone changes the part. A comparison missed here leaves a list
/// wrong until the data moves; `lists::a_part_stands_until_the_instant_it_names` gathers
/// every part again just before that instant and fails on any difference.
#[derive(Debug, Clone, Copy)]
pub struct Horizon {
    now: i64,
    first: i64,
}

impl Horizon {
    pub fn new(now: i64) -> Horizon {
        Horizon {
            now,
            first: i64::MAX,
        }
    }

    /// An instant compared with now (`t < now`, `t <= now`): from `t` on the answer may
    /// differ.
    pub fn at(&mut self, t: i64) {
        if t >= self.now {
            self.first = self.first.min(t);
        }
    }

    /// A span compared with now (`start + span < now`, a window of days back from now).
    pub fn after(&mut self, start: i64, span: i64) {
        self.at(start.saturating_add(span));
    }
}

/// The team whose lists are asked for.
#[derive(Debug, Clone)]
pub struct TeamInfo {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub members: i64,
}

/// A unit bound to a region that has lists and an assessment line of its own: a team of the
/// four forces.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub members: i64,
    pub region_code: String,
    pub region_path: String,
}

/// Where units come from; the forces area has them. `lists/` and `assessment/` ask through
/// this, never the forces' tables.
pub trait UnitSource: Send + Sync {
    /// The unit with this id inside the subtree, if any.
    fn unit<'a>(
        &'a self,
        state: &'a AppState,
        id: i64,
        within_path: &'a str,
    ) -> BoxFuture<'a, Result<Option<Unit>, StoreError>>;

    /// Every unit inside the subtree.
    fn units<'a>(
        &'a self,
        state: &'a AppState,
        within_path: &'a str,
    ) -> BoxFuture<'a, Result<Vec<Unit>, StoreError>>;
}

/// The unit with this id in the subtree, from whichever area has it.
pub async fn unit(
    state: &AppState,
    id: i64,
    within_path: &str,
) -> Result<Option<Unit>, StoreError> {
    for source in state.unit_sources() {
        if let Some(u) = source.unit(state, id, within_path).await? {
            return Ok(Some(u));
        }
    }
    Ok(None)
}

/// An area's contribution to the four lists.
pub trait ListSource: Send + Sync {
    fn items<'a>(
        &'a self,
        store: &'a Store,
        cx: &'a ListContext<'a>,
    ) -> BoxFuture<'a, Result<Found, StoreError>>;

    /// Every table `items` reads, for any list and anyone: the part is kept while their
    /// versions stand (`cache`). A table left out leaves the part a minute behind its changes;
    /// `lists::each_part_reads_only_the_tables_it_names` (PostgreSQL's table statistics) fails.
    fn reads(&self) -> &'static [&'static str];
}

/// Everything every area puts on one list: overdue first, then by deadline; kept while the
/// data under it stands (see `cache`).
pub async fn gather(state: &AppState, cx: &ListContext<'_>) -> Result<Vec<ListItem>, StoreError> {
    let mut all = gather_all(state, std::slice::from_ref(cx)).await?;
    Ok(all.pop().unwrap_or_default())
}

/// Several lists side by side (the home page's four), as [`gather`] gathers one. They share
/// their areas and so their tables: the versions are read once for all of them.
pub async fn gather_all(
    state: &AppState,
    cxs: &[ListContext<'_>],
) -> Result<Vec<Vec<ListItem>>, StoreError> {
    let mut lists: Vec<Option<Vec<ListItem>>> =
        cxs.iter().map(|cx| shown_again(state, cx)).collect();
    if lists.iter().any(Option::is_none) {
        let read = &read_versions(state).await?;
        let missing = cxs.iter().zip(lists.iter_mut()).filter(|(_, l)| l.is_none());
        futures_util::future::try_join_all(missing.map(|(cx, slot)| async move {
            *slot = Some(gather_at(state, cx, read).await?);
            Ok::<_, StoreError>(())
        }))
        .await?;
    }
    Ok(lists.into_iter().map(Option::unwrap_or_default).collect())
}

/// The list as kept within the moment, without asking anything (its gathering again started
/// behind the answer late in the moment); `None` past the moment.
fn shown_again(state: &AppState, cx: &ListContext<'_>) -> Option<Vec<ListItem>> {
    let fresh_for = std::time::Duration::from_millis(state.config.list_cache_ms);
    let recent = state.list_cache.recent(cx, fresh_for, cx.now)?;
    if recent.refresh {
        refresh_behind(state, cx);
    }
    Some(recent.items)
}

/// The versions of every area's tables, and when they were read.
struct Versions {
    each: Vec<Option<i64>>,
    read_at: std::time::Instant,
}

/// Read before the parts: a change that lands while they read moves a version past the one
/// its part is kept under, so the next call gathers that part again.
async fn read_versions(state: &AppState) -> Result<Versions, StoreError> {
    let sources = state.list_sources();
    let read_at = std::time::Instant::now();
    let each = match state.store.replica_count() {
        0 => {
            let reads: Vec<&[&str]> = sources.iter().map(|(_, source)| source.reads()).collect();
            versions::sums(state.store.pool(), versions::LISTS, &reads).await?
        }
        _ => vec![None; sources.len()],
    };
    Ok(Versions { each, read_at })
}

/// The list at the data's versions now: the parts kept where they stand, the others gathered
/// again, and kept.
async fn gather_kept(state: &AppState, cx: &ListContext<'_>) -> Result<Vec<ListItem>, StoreError> {
    let read = read_versions(state).await?;
    gather_at(state, cx, &read).await
}

/// The list at the versions read: the parts kept where they stand, the others gathered again.
async fn gather_at(
    state: &AppState,
    cx: &ListContext<'_>,
    read: &Versions,
) -> Result<Vec<ListItem>, StoreError> {
    let now = cx.now;
    let kept = match state.list_cache.standing(cx, &read.each, now) {
        Standing::Whole(items) => return Ok(items),
        Standing::Parts(kept) => kept,
    };
    let sources = state.list_sources();
    let gathered = gather_parts(state, cx, &sources, kept, &read.each, now).await?;
    state.list_cache.put(cx, &gathered, now, read.read_at);
    Ok(cache::merged(&gathered.parts))
}

/// Gathers a list again on a task of its own, for the next callers within the moment.
fn refresh_behind(state: &AppState, cx: &ListContext<'_>) {
    let state = state.clone();
    let (kind, user, scope, from, to, team) = (
        cx.kind,
        cx.user.clone(),
        cx.scope.clone(),
        cx.from,
        cx.to,
        cx.team.clone(),
    );
    tokio::spawn(async move {
        let now = fengqiao_store::now_ms();
        let cx = ListContext {
            kind,
            user: &user,
            scope,
            from,
            to,
            now,
            team,
        };
        if let Err(e) = gather_kept(&state, &cx).await {
            tracing::warn!(error = %e, "a list was not gathered again; the next call will");
        }
    });
}

/// The parts not kept, each gathered from its area side by side (each on a connection of its
/// own), beside the kept ones.
async fn gather_parts(
    state: &AppState,
    cx: &ListContext<'_>,
    sources: &[(&'static str, &'static dyn ListSource)],
    kept: Vec<Option<Part>>,
    versions: &[Option<i64>],
    now: i64,
) -> Result<Gathered, StoreError> {
    let started = std::time::Instant::now();
    let afresh = kept.iter().filter(|p| p.is_none()).count();
    let parts = futures_util::future::try_join_all(sources.iter().zip(kept).zip(versions).map(
        |(((area, source), kept), &version)| async move {
            if let Some(part) = kept {
                return Ok(part);
            }
            let found = source.items(&state.store, cx).await?;
            // `FENGQIAO_LOG=fengqiao_web::lists=debug` shows when each area's part came.
            tracing::debug!(
                area,
                micros = started.elapsed().as_micros() as u64,
                "list source"
            );
            Ok::<_, StoreError>(Part::new(version, now, found))
        },
    ))
    .await?;
    Ok(Gathered { parts, afresh })
}

/// A user's own lists: their whole scope, results over the last 30 days (today and the 29
/// days before it, whole days in Beijing time, so the window moves once a day and a kept part
/// with it).
pub fn own(user: &User, kind: ListKind) -> Option<ListContext<'_>> {
    use fengqiao_core::time::{start_of_day, DAY_MS};
    let now = fengqiao_store::now_ms();
    let today = start_of_day(now);
    Some(ListContext {
        kind,
        scope: user.scope()?,
        user,
        from: today - 29 * DAY_MS,
        to: today + DAY_MS,
        now,
        team: None,
    })
}

/// The four lists' API; the home page shows them, the areas fill them.
pub const AREA: Area = Area {
    name: "lists",
    label: "四单",
    routes: router,
    ops: doc::OPS,
    schemas: doc::schemas,
    ..Area::EMPTY
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/lists/{kind}", get(api_list))
        .route("/lists/{kind}", get(page::page))
}

#[derive(serde::Deserialize)]
struct ListParams {
    region: Option<String>,
    team: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// One list for the caller, or for a region inside their scope; `from`/`to` bound results.
async fn api_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(kind): Path<String>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let k = ListKind::parse(&kind).ok_or_else(|| {
        ApiError::not_found(format!(
            "没有「{kind}」清单,应为 duty、tasks、problems 或 results"
        ))
    })?;
    let mut cx = own(&user, k).ok_or_else(|| ApiError::forbidden("此功能仅限工作人员使用"))?;
    if let Some(code) = p.region.as_deref().filter(|c| !c.is_empty()) {
        let row = crate::extract::ScopedRegion::resolve(&state.atlas(), &cx.scope, Some(code))?;
        let root = row.code.parse().map_err(ApiError::internal)?;
        cx.scope = Scope::new(root, row.path);
    }
    if let Some(id) = p.team.as_deref().filter(|t| !t.is_empty()) {
        let id: i64 = id
            .parse()
            .map_err(|_| ApiError::bad_request("team 应为队伍编号"))?;
        let t = unit(&state, id, cx.scope.path())
            .await?
            .ok_or_else(|| ApiError::not_found(format!("队伍 {id} 不存在或不在您的管辖范围内")))?;
        let root = t.region_code.parse().map_err(ApiError::internal)?;
        cx.scope = Scope::new(root, t.region_path.clone());
        cx.team = Some(TeamInfo {
            id: t.id,
            name: t.name,
            kind: t.kind,
            members: t.members,
        });
    }
    if let Some(f) = p.from.as_deref().filter(|s| !s.is_empty()) {
        cx.from = crate::extract::day(f)?;
    }
    if let Some(t) = p.to.as_deref().filter(|s| !s.is_empty()) {
        cx.to = crate::extract::day(t)? + 86_400_000;
    }
    if cx.from >= cx.to {
        return Err(ApiError::bad_request("from 应早于 to"));
    }
    let items = gather(&state, &cx).await?;
    Ok(Json(
        serde_json::json!({"kind": k, "region": cx.scope.root(), "total": items.len(), "items": items}),
    ))
}
