//! Reading cases in bulk: scoped, filtered lists with full-text search, the funnel, overdue
//! cases for the sweeper, repeats for the early warning, and per-grid risk for the map.

use super::{CaseRow, CASE_COLUMNS};
use crate::{dialect, Backend, Conn, Store, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow, Row};

/// Filters of the case list; every one is optional but the scope.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub within_path: String,
    pub status: Option<String>,
    pub level: Option<i64>,
    pub overdue: Option<bool>,
    pub risk: Option<String>,
    pub assignee: Option<String>,
    /// Segmented search words, space-separated; every word must match.
    pub words: Option<String>,
    /// One case by its tracking code (upper case), as a resident reads it out.
    pub tracking_code: Option<String>,
    pub now: i64,
    pub before_id: Option<i64>,
    pub limit: i64,
}
/// A bound value of a dynamically built query.
#[derive(Clone)]
enum Arg {
    Int(i64),
    Text(String),
}

fn bound<'q>(
    sql: &'q str,
    args: &[Arg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut q = sqlx::query(sql);
    for a in args {
        q = match a {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(t) => q.bind(t.clone()),
        };
    }
    q
}

/// Matches counted at most: past it a list says "1,000+", so no answer counts a whole city.
pub const COUNT_CAP: i64 = 1_000;

/// A page of cases, newest first, and (when asked) the number of matches up to [`COUNT_CAP`]
/// and one more (more than the cap when it answers `COUNT_CAP + 1`). Only the filters
/// given become conditions, so the planner can use the index that fits them (assignee,
/// status and deadline, risk, words) instead of walking the whole scope.
pub async fn list(store: &Store, f: &ListFilter) -> Result<(Vec<CaseRow>, i64), StoreError> {
    list_counted(store, f, true).await
}

/// The same, counting the matches only when `with_total` (the lists that show no total skip
/// the count).
pub async fn list_counted(
    store: &Store,
    f: &ListFilter,
    with_total: bool,
) -> Result<(Vec<CaseRow>, i64), StoreError> {
    let (pool, postgres) = (store.stale_pool(), store.backend() == Backend::Postgres);
    let words = f.words.as_deref().filter(|w| !w.is_empty());
    let (lo, hi) = path_bounds(&f.within_path);
    // The region path bounds every query, words or not: a scope word inside the words narrows
    // the full-text match, but a record's own text could carry one, so it never stands alone.
    let mut args = vec![Arg::Text(lo), Arg::Text(hi)];
    // A district's or a street's scope holds a large share of the cases: walking them newest
    // first and stopping at the page beats sorting the whole scope out of the path index
    // (12 ms for a district's 100,000). `+` keeps SQLite off that index; narrower scopes use it.
    // PostgreSQL has statistics to choose by (and no unary `+` on text). Open cases are few:
    // the open-case index (`disputes_open_due`) finds a scope's at once, newest or not.
    let open_only = f.overdue == Some(true) || f.status.as_deref() == Some("open");
    // One person's cases, and open cases at red or orange risk, are a handful in any scope (the
    // busiest town's 34 open, 5 red of a district's 1,490 open): the assignee's or the risk's
    // index finds them where the open-case index would read every open case of the scope
    // (district data: a coordinator's tasks 11 → 0.02 ms, their problem list's red cases
    // 9 → 0.07 ms). The risk's index holds the path after the risk and status, so the scope
    // bounds it too (city data: a district's 7 red cases read, not the city's 40).
    let few =
        f.assignee.is_some() || (open_only && matches!(f.risk.as_deref(), Some("red" | "orange")));
    let broad = !postgres
        && (f.assignee.is_some() || (!open_only && f.within_path.matches('/').count() <= 3));
    // Searching by words with nothing more selective beside them, SQLite walks the full-text
    // index's matches newest first and stops at the page (FTS5 hands rowids out in descending
    // order), instead of collecting every match of a common word first (district data, 物业 in
    // the district's scope: 2.6 → 0.09 ms). `CROSS JOIN` keeps the index outside; with an
    // assignee or open cases the other index stays faster and is used as before.
    let words_first = !postgres && words.is_some() && !few && !open_only;
    let (from, key) = if words_first {
        (
            "disputes_fts CROSS JOIN disputes d ON d.id = disputes_fts.rowid",
            "disputes_fts.rowid",
        )
    } else {
        ("disputes d", "d.id")
    };
    // Searching by words on PostgreSQL, the words index already narrows to the scope (its
    // region word is one of the words): reading the path index beside it only to AND the two
    // cost a third of the query at province scale (a district's 100,000 entries, 19 of 70 ms
    // for 物业). `|| ''` keeps the planner off it; the path still bounds every row.
    let words_only = postgres && words.is_some();
    let mut filter = String::from(if broad {
        "+d.region_path >= $1 AND +d.region_path < $2"
    } else if words_only {
        "(d.region_path || '') >= $1 AND (d.region_path || '') < $2"
    } else {
        "d.region_path >= $1 AND d.region_path < $2"
    });
    let mut push = |cond: &str, arg: Arg, args: &mut Vec<Arg>| {
        args.push(arg);
        filter.push_str(&cond.replace('?', &format!("${}", args.len())));
    };
    if let Some(s) = &f.status {
        push(" AND d.status = ?", Arg::Text(s.clone()), &mut args);
    }
    if let Some(l) = f.level {
        push(" AND d.level = ?", Arg::Int(l), &mut args);
    }
    if let Some(r) = &f.risk {
        push(" AND d.risk_level = ?", Arg::Text(r.clone()), &mut args);
    }
    if let Some(a) = &f.assignee {
        push(" AND d.assignee = ?", Arg::Text(a.clone()), &mut args);
    }
    if let Some(code) = &f.tracking_code {
        push(
            " AND d.tracking_code = ?",
            Arg::Text(code.clone()),
            &mut args,
        );
    }
    match f.overdue {
        Some(true) => push(
            " AND d.status = 'open' AND d.due_at < ?",
            Arg::Int(f.now),
            &mut args,
        ),
        Some(false) => push(
            " AND NOT (d.status = 'open' AND d.due_at < ?)",
            Arg::Int(f.now),
            &mut args,
        ),
        None => {}
    }
    if let Some(w) = words {
        // The scope is one more word: the scope's own region word, which every case below it has.
        let scoped = match dialect::scope_word(&f.within_path) {
            Some(region) => format!("{w} {region}"),
            None => w.to_owned(),
        };
        let cond = if words_first {
            " AND disputes_fts MATCH ?".to_owned()
        } else {
            format!(" AND {}", dialect::words_match(postgres, 0)).replace("$0", "?")
        };
        push(
            &cond,
            Arg::Text(dialect::words_query(postgres, &scoped)),
            &mut args,
        );
    }
    let total = if with_total {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM {from} WHERE {filter} LIMIT {}) t",
            COUNT_CAP + 1
        );
        bound(&sql, &args).fetch_one(pool).await?.try_get("n")?
    } else {
        -1
    };
    let mut page = filter.clone();
    let mut below = String::new();
    if let Some(before) = f.before_id {
        args.push(Arg::Int(before));
        page.push_str(&format!(" AND {key} < ${}", args.len()));
        below = format!(" AND id < ${}", args.len());
    }
    // On PostgreSQL at province scale a district holds a hundredth of the cases, scattered over
    // the whole table: the words index handed out a common word's matches in it to be fetched
    // and sorted for one page (物业: 12,000 rows, 46 ms), and a street's plain list sorted all of
    // the street's cases on a misestimate of their number (10,000 rows, 33–572 ms). The
    // district's own newest cases, walked by their index and tested for the rest of the
    // filter, hold a page of a district, street or community within a few thousand rows; when
    // the walk's bound passes first (a rare word, a sparse filter), the query below answers as
    // before. A page found by the walk is exact: every match newer than its last was walked.
    // A grid is too small a share of its district for the walk; its path index is exact.
    if let Some(district) = walkable_district(&f.within_path)
        .filter(|_| postgres && !few && !open_only && f.tracking_code.is_none())
    {
        let mut walk = args.clone();
        walk.push(Arg::Text(district.to_owned()));
        walk.push(Arg::Int(f.limit));
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM (SELECT * FROM disputes WHERE substr(region_path, 2, 6) = ${}{below} \
             ORDER BY id DESC LIMIT {DISTRICT_WALK}) d WHERE {page} ORDER BY d.id DESC LIMIT ${}",
            walk.len() - 1,
            walk.len()
        );
        let rows = rows_of(&bound(&sql, &walk).fetch_all(pool).await?)?;
        if i64::try_from(rows.len()).unwrap_or(i64::MAX) >= f.limit {
            return Ok((rows, total));
        }
    }
    args.push(Arg::Int(f.limit));
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM {from} WHERE {page} ORDER BY {key} DESC LIMIT ${}",
        args.len()
    );
    let rows = bound(&sql, &args).fetch_all(pool).await?;
    Ok((rows_of(&rows)?, total))
}

/// The first deadline at or after `now` among the open cases under a path: when time alone next
/// adds a case to the overdue ones. The open-case index holds a scope's open cases in a row;
/// `+due_at` keeps SQLite off the deadline index, which walked the city's open cases in
/// deadline order until one fell in the scope (city scale: 1.5 ms for a grid; now 0.005 ms,
/// and 0.1 ms for a district).
pub async fn next_due(
    store: &Store,
    within_path: &str,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    Ok(sqlx::query_scalar(
        "SELECT MIN(due_at) FROM disputes WHERE status = 'open' AND region_path >= $1 AND region_path < $2 AND +due_at >= $3",
    )
    .bind(lo)
    .bind(hi)
    .bind(now)
    .fetch_one(store.stale_pool())
    .await?)
}

/// How many of a district's newest cases a list walks before it asks its other indexes: a page
/// of 50 is found there for a word in one case in two hundred; a rarer word pays this walk
/// (measured at province scale: 10,000 rows 12.8 ms, 20,000 rows 93 ms) and then the words
/// index, which is cheap for it.
const DISTRICT_WALK: i64 = 10_000;

/// The district code of a scope inside one district, down to a community (`/610302/…`, one to
/// three levels), the key of the `disputes_district_newest` index (PostgreSQL).
fn walkable_district(within_path: &str) -> Option<&str> {
    let parts: Vec<&str> = within_path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [d, ..] if parts.len() <= 3 && d.len() == 6 => Some(d),
        _ => None,
    }
}

fn rows_of(rows: &[sqlx::any::AnyRow]) -> Result<Vec<CaseRow>, StoreError> {
    Ok(rows
        .iter()
        .map(CaseRow::from_row)
        .collect::<Result<Vec<_>, _>>()?)
}

/// Open cases below the top level whose deadline has passed (for the sweeper).
pub async fn overdue_ids(pool: &AnyPool, now: i64, limit: i64) -> Result<Vec<i64>, StoreError> {
    let rows = sqlx::query("SELECT id FROM disputes WHERE status = 'open' AND due_at < $1 AND level < 4 ORDER BY due_at LIMIT $2")
        .bind(now)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| r.try_get("id").map_err(StoreError::from))
        .collect()
}

/// The condition for "same parties or same address" over the keys that are known; None
/// when neither is, so callers skip the query instead of scanning every keyless case.
fn same_matter(parties_key: &str, address_key: &str) -> Option<&'static str> {
    match (parties_key.is_empty(), address_key.is_empty()) {
        (true, true) => None,
        (false, true) => Some("d.parties_key = $2 AND $3 = $3"),
        (true, false) => Some("d.address_key = $3 AND $2 = $2"),
        (false, false) => Some("(d.parties_key = $2 OR d.address_key = $3)"),
    }
}

/// How many other cases since `since` share the parties or the address.
pub async fn repeats(
    conn: &mut Conn,
    since: i64,
    parties_key: &str,
    address_key: &str,
    except: i64,
) -> Result<i64, StoreError> {
    let Some(matter) = same_matter(parties_key, address_key) else {
        return Ok(0);
    };
    let sql = format!(
        "SELECT COUNT(*) AS n FROM disputes d WHERE d.created_at >= $1 AND d.id <> $4 AND {matter}"
    );
    Ok(sqlx::query(&sql)
        .bind(since)
        .bind(parties_key)
        .bind(address_key)
        .bind(except)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?)
}

/// Settled cases since `since` with the same parties or address, which a new dispute reopens.
pub async fn settled_matches(
    conn: &mut Conn,
    since: i64,
    parties_key: &str,
    address_key: &str,
) -> Result<Vec<i64>, StoreError> {
    let Some(matter) = same_matter(parties_key, address_key) else {
        return Ok(Vec::new());
    };
    let sql = format!("SELECT d.id FROM disputes d WHERE d.created_at >= $1 AND d.status IN ('agreed', 'closed') AND {matter} ORDER BY d.id");
    let rows = sqlx::query(&sql)
        .bind(since)
        .bind(parties_key)
        .bind(address_key)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| r.try_get("id").map_err(StoreError::from))
        .collect()
}
