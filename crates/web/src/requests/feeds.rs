//! What requests give the rest of the platform: my open requests on the task list, overdue
//! ones and open hazards on the problem list, finished ones on the result list, and the
//! "services completed" indicator for assessment.

use fengqiao_core::services::RequestStatus;
use super::api::view;
use crate::assessment::{sort_by_path, within, IndicatorSource, Values};
use crate::error::ApiError;
use crate::lists::{Found, Horizon, ListContext, ListItem, ListKind, ListSource};
use crate::map::{Marker, MarkerSource};
use crate::search::{Hit, SearchContext, SearchSource};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_store::requests::{self as store, ListQuery};
use fengqiao_store::{now_ms, BoxFuture, Store, StoreError};
use std::collections::HashMap;

const AREA: &str = "隐患诉求";

/// Requests in scope whose words match the query.
pub struct RequestSearch;

impl SearchSource for RequestSearch {
    fn hits<'a>(
        &'a self,
        state: &'a AppState,
        cx: &'a SearchContext<'a>,
    ) -> BoxFuture<'a, Result<Vec<Hit>, StoreError>> {
        Box::pin(async move {
            let rows = match fengqiao_core::ids::tracking::in_query(&cx.query) {
                Some(code) => {
                    let q = ListQuery {
                        scope_path: cx.scope.path(),
                        status: None,
                        assignee: None,
                        tracking_code: Some(&code),
                        before: None,
                        limit: 1,
                    };
                    store::list(state.store.pool(), &q).await?
                }
                None => store::search(&state.store, cx.scope.path(), &cx.tokens, cx.limit).await?,
            };
            let now = now_ms();
            Ok(rows
                .into_iter()
                .map(|r| {
                    let v = view(r, now);
                    Hit {
                        status: Some(v.status_label.to_owned()),
                        place: state.atlas().get(&v.grid_code).map(|g| g.name.clone()),
                        ..Hit::new(
                            AREA,
                            format!("{} {}", v.service_name, v.tracking_code),
                            format!("{} {}", v.description, v.address),
                            format!("/requests/{}", v.id),
                            Some(v.updated_at),
                        )
                    }
                })
                .collect())
        })
    }
}

pub struct RequestLists;

fn item(r: store::RequestRow, now: i64, prefix: &str) -> ListItem {
    let v = view(r, now);
    ListItem {
        area: AREA,
        title: format!(
            "{prefix}{}:{}",
            v.service_name,
            v.description.chars().take(30).collect::<String>()
        ),
        detail: format!(
            "{} · {} · 期限 {}",
            v.tracking_code,
            v.status_label,
            fengqiao_core::time::day(v.due_at)
        ),
        href: format!("/requests/{}", v.id),
        due_at: (v.status != "done").then_some(v.due_at),
        overdue: v.overdue,
    }
}

impl ListSource for RequestLists {
    fn reads(&self) -> &'static [&'static str] {
        &["service_requests"]
    }

    fn items<'a>(
        &'a self,
        store: &'a Store,
        cx: &'a ListContext<'a>,
    ) -> BoxFuture<'a, Result<Found, StoreError>> {
        Box::pin(async move {
            let now = cx.now;
            let mut horizon = Horizon::new(now);
            let q = |status: Option<&'a str>, assignee: Option<&'a str>| ListQuery {
                scope_path: cx.scope.path(),
                status,
                assignee,
                tracking_code: None,
                before: None,
                limit: 50,
            };
            // Its parts on one connection: one wait for a reader, not one per query.
            let mut conn = store.pool().acquire().await?;
            let mut items = Vec::new();
            match cx.kind {
                ListKind::Tasks if cx.team.is_none() => {
                    for status in ["open", "accepted"] {
                        for r in
                            store::list(&mut *conn, &q(Some(status), Some(&cx.user.username))).await?
                        {
                            horizon.at(r.due_at);
                            items.push(item(r, now, ""));
                        }
                    }
                }
                ListKind::Problems => {
                    for status in ["open", "accepted"] {
                        for r in store::list(&mut *conn, &q(Some(status), None)).await? {
                            horizon.at(r.due_at);
                            if r.due_at < now || (r.kind == "hazard" && r.status == RequestStatus::Open) {
                                let prefix = if r.due_at < now {
                                    "超期 · "
                                } else {
                                    "未处理隐患 · "
                                };
                                items.push(item(r, now, prefix));
                            }
                        }
                    }
                    items.truncate(20);
                }
                ListKind::Results => {
                    for r in store::list(&mut *conn, &q(Some("done"), None)).await? {
                        if r.closed_at.is_some_and(|t| t >= cx.from && t < cx.to) {
                            items.push(item(r, now, "已办结 · "));
                        }
                    }
                    items.truncate(20);
                }
                _ => {}
            }
            Ok(Found::until(items, horizon))
        })
    }
}

pub struct ServicesCompleted;

impl IndicatorSource for ServicesCompleted {
    fn values<'a>(
        &'a self,
        state: &'a AppState,
        regions: &'a [&'a AtlasRegion],
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let mut by_grid = store::done_by_grid(state.store.pool(), from, to).await?;
            sort_by_path(&mut by_grid, |g| &g.0);
            let out: HashMap<String, f64> = regions
                .iter()
                .map(|r| {
                    let n: i64 = within(&by_grid, &r.path, |g| &g.0)
                        .iter()
                        .map(|(_, n)| n)
                        .sum();
                    (r.code.clone(), n as f64)
                })
                .collect();
            Ok(HashMap::from([("services_completed", out)]))
        })
    }
}

/// Open hazards and needs on a close map, oldest deadline first.
pub struct RequestMarkers;

impl MarkerSource for RequestMarkers {
    fn open_within<'a>(
        &'a self,
        state: &'a AppState,
        within_path: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<Marker>, ApiError>> {
        Box::pin(async move {
            let now = now_ms();
            Ok(store::open_within(state.store.pool(), within_path, limit)
                .await?
                .into_iter()
                .map(|r| Marker {
                    title: fengqiao_core::services::find(&r.service_code)
                        .map_or_else(|| "诉求".to_owned(), |s| s.name.to_owned()),
                    href: format!("/requests/{}", r.id),
                    status_label: r.status.label().to_owned(),
                    risk: None,
                    overdue: r.due_at < now,
                    point: r.lon.zip(r.lat),
                    grid_code: r.grid_code,
                    tracking_code: r.tracking_code,
                })
                .collect())
        })
    }
}
