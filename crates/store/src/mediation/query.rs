//! Reading cases in bulk: scoped, filtered lists with full-text search, the funnel, overdue
//! cases for the sweeper, repeats for the early warning, and per-grid risk for the map.

use super::{CaseRow, CASE_COLUMNS};
use crate::{dialect, Conn, StoreError};
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
    pub now: i64,
    pub before_id: Option<i64>,
    pub limit: i64,
}
/// A bound value of a dynamically built query.
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

/// A page of cases, newest first, and (when asked) the number of matches. Only the filters
/// given become conditions, so the planner can use the index that fits them (assignee,
/// status and deadline, risk, words) instead of walking the whole scope.
pub async fn list(
    pool: &AnyPool,
    postgres: bool,
    f: &ListFilter,
) -> Result<(Vec<CaseRow>, i64), StoreError> {
    list_counted(pool, postgres, f, true).await
}

pub async fn list_counted(
    pool: &AnyPool,
    postgres: bool,
    f: &ListFilter,
    with_total: bool,
) -> Result<(Vec<CaseRow>, i64), StoreError> {
    let words = f.words.as_deref().filter(|w| !w.is_empty());
    let (lo, hi) = path_bounds(&f.within_path);
    let mut args = Vec::new();
    let mut filter = String::from("1 = 1");
    if words.is_none() {
        args = vec![Arg::Text(lo), Arg::Text(hi)];
        filter = String::from("d.region_path >= $1 AND d.region_path < $2");
    }
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
        let cond = format!(" AND {}", dialect::words_match(postgres, 0)).replace("$0", "?");
        push(
            &cond,
            Arg::Text(dialect::words_query(postgres, &scoped)),
            &mut args,
        );
    }
    let total = if with_total {
        let sql = format!("SELECT COUNT(*) AS n FROM disputes d WHERE {filter}");
        bound(&sql, &args).fetch_one(pool).await?.try_get("n")?
    } else {
        -1
    };
    let mut page = filter.clone();
    if let Some(before) = f.before_id {
        args.push(Arg::Int(before));
        page.push_str(&format!(" AND d.id < ${}", args.len()));
    }
    args.push(Arg::Int(f.limit));
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM disputes d WHERE {page} ORDER BY d.id DESC LIMIT ${}",
        args.len()
    );
    let rows = bound(&sql, &args).fetch_all(pool).await?;
    let rows = rows
        .iter()
        .map(CaseRow::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((rows, total))
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

/// One level of the inverted funnel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunnelLevel {
    pub level: i64,
    pub entered: i64,
    pub resolved: i64,
    pub escalated: i64,
    pub open: i64,
    pub overdue: i64,
    pub median_days: Option<f64>,
}

/// The funnel of cases created in `[from, to)` inside a subtree: one pass over the funnel
/// index for the counts, and a histogram by hour for the median time to resolve.
pub async fn funnel(
    pool: &AnyPool,
    within_path: &str,
    from: i64,
    to: i64,
    now: i64,
) -> Result<Vec<FunnelLevel>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    let scope =
        "d.created_at >= $3 AND d.created_at < $4 AND d.region_path >= $1 AND d.region_path < $2";
    let mut cols = Vec::new();
    for l in 1..=4 {
        cols.push(format!(
            "CAST(COALESCE(SUM(d.reached_l{l}), 0) AS BIGINT) AS entered{l}"
        ));
        cols.push(format!(
            "COALESCE(SUM(CASE WHEN d.resolved_level = {l} THEN 1 ELSE 0 END), 0) AS resolved{l}"
        ));
        cols.push(format!("COALESCE(SUM(CASE WHEN d.status = 'open' AND d.level = {l} THEN 1 ELSE 0 END), 0) AS open{l}"));
        cols.push(format!(
            "COALESCE(SUM(CASE WHEN d.status = 'open' AND d.level = {l} AND d.due_at < $5 THEN 1 ELSE 0 END), 0) AS overdue{l}"
        ));
        if l < 4 {
            cols.push(format!(
                "CAST(COALESCE(SUM(d.escalated_l{l}), 0) AS BIGINT) AS escalated{l}"
            ));
        }
    }
    let counts_sql = format!("SELECT {} FROM disputes d WHERE {scope}", cols.join(", "));
    let hist_sql = format!(
        "SELECT d.resolved_level AS l, (d.resolved_at - d.created_at) / 3600000 AS h, COUNT(*) AS n FROM disputes d \
         WHERE {scope} AND $5 = $5 AND d.resolved_level IS NOT NULL AND d.resolved_at IS NOT NULL \
         GROUP BY d.resolved_level, (d.resolved_at - d.created_at) / 3600000 ORDER BY 1, 2"
    );
    // Two passes over the same covering index; they run side by side on two connections.
    let (row, hist) = tokio::try_join!(
        sqlx::query(&counts_sql)
            .bind(&lo)
            .bind(&hi)
            .bind(from)
            .bind(to)
            .bind(now)
            .fetch_one(pool),
        sqlx::query(&hist_sql)
            .bind(&lo)
            .bind(&hi)
            .bind(from)
            .bind(to)
            .bind(now)
            .fetch_all(pool),
    )?;
    let mut levels = Vec::with_capacity(4);
    for l in 1..=4 {
        let get = |name: String| row.try_get::<i64, _>(name.as_str());
        levels.push(FunnelLevel {
            level: l,
            entered: get(format!("entered{l}"))?,
            resolved: get(format!("resolved{l}"))?,
            escalated: if l < 4 {
                get(format!("escalated{l}"))?
            } else {
                0
            },
            open: get(format!("open{l}"))?,
            overdue: get(format!("overdue{l}"))?,
            median_days: None,
        });
    }
    let mut buckets: Vec<(i64, i64, i64)> = Vec::with_capacity(hist.len());
    for r in &hist {
        buckets.push((r.try_get("l")?, r.try_get("h")?, r.try_get("n")?));
    }
    for level in &mut levels {
        let mine: Vec<(i64, i64)> = buckets
            .iter()
            .filter(|(l, _, _)| *l == level.level)
            .map(|(_, h, n)| (*h, *n))
            .collect();
        let total: i64 = mine.iter().map(|(_, n)| n).sum();
        let mut seen = 0;
        let half = (total + 1) / 2;
        let median = mine.iter().find(|(_, n)| {
            seen += n;
            seen >= half
        });
        if let (true, Some((hours, _))) = (total > 0, median) {
            level.median_days = Some((*hours as f64 / 24.0 * 10.0).round() / 10.0);
        }
    }
    Ok(levels)
}

/// Open and agreed cases per grid and risk level inside a subtree (for the map).
pub async fn risk_by_grid(
    pool: &AnyPool,
    within_path: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    let rows = sqlx::query(
        "SELECT d.grid_code, d.risk_level FROM disputes d WHERE d.region_path >= $1 AND d.region_path < $2 \
         AND d.status IN ('open', 'agreed') GROUP BY d.grid_code, d.risk_level",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("grid_code")?, r.try_get("risk_level")?)))
        .collect()
}

/// A follow-up visit that is due, for task lists.
#[derive(Debug, Clone)]
pub struct DueFollowUp {
    pub dispute_id: i64,
    pub tracking_code: String,
    pub category: String,
    pub seq: i64,
    pub due_at: i64,
}

/// Pending follow-ups of the cases a user is assigned, earliest first.
pub async fn due_followups(
    pool: &AnyPool,
    assignee: &str,
    limit: i64,
) -> Result<Vec<DueFollowUp>, StoreError> {
    let rows = sqlx::query(
        "SELECT f.dispute_id, d.tracking_code, d.category, f.seq, f.due_at FROM dispute_followups f \
         JOIN disputes d ON d.id = f.dispute_id WHERE f.done_at IS NULL AND d.assignee = $1 ORDER BY f.due_at LIMIT $2",
    )
    .bind(assignee)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DueFollowUp {
                dispute_id: r.try_get("dispute_id")?,
                tracking_code: r.try_get("tracking_code")?,
                category: r.try_get("category")?,
                seq: r.try_get("seq")?,
                due_at: r.try_get("due_at")?,
            })
        })
        .collect()
}

/// Mediation figures of one grid for cases created in a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GridMediation {
    pub total: i64,
    pub settled_low: i64,
    pub overdue: i64,
    pub followups_due: i64,
    pub followups_done: i64,
}

/// Mediation figures per grid inside a subtree.
pub async fn mediation_by_grid(
    pool: &AnyPool,
    within: &str,
    from: i64,
    to: i64,
    now: i64,
) -> Result<Vec<(String, GridMediation)>, StoreError> {
    let (lo, hi) = path_bounds(within);
    let cases = sqlx::query(
        "SELECT d.grid_code, COUNT(*) AS total, \
         COALESCE(SUM(CASE WHEN d.resolved_level IN (1, 2) THEN 1 ELSE 0 END), 0) AS low, \
         COALESCE(SUM(CASE WHEN d.status = 'open' AND d.due_at < $5 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM disputes d WHERE d.created_at >= $3 AND d.created_at < $4 AND d.region_path >= $1 AND d.region_path < $2 \
         GROUP BY d.grid_code",
    )
    .bind(&lo)
    .bind(&hi)
    .bind(from)
    .bind(to)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let follow = sqlx::query(
        "SELECT d.grid_code, COUNT(*) AS due, \
         COALESCE(SUM(CASE WHEN f.done_at IS NOT NULL AND f.result IN ('stable', 'unstable') THEN 1 ELSE 0 END), 0) AS done \
         FROM dispute_followups f JOIN disputes d ON d.id = f.dispute_id \
         WHERE f.due_at >= $3 AND f.due_at < $4 AND (f.result IS NULL OR f.result <> 'cancelled') \
         AND d.region_path >= $1 AND d.region_path < $2 GROUP BY d.grid_code",
    )
    .bind(&lo)
    .bind(&hi)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let mut out: std::collections::BTreeMap<String, GridMediation> =
        std::collections::BTreeMap::new();
    for r in &cases {
        let g = out.entry(r.try_get("grid_code")?).or_default();
        g.total = r.try_get("total")?;
        g.settled_low = r.try_get("low")?;
        g.overdue = r.try_get("overdue")?;
    }
    for r in &follow {
        let g = out.entry(r.try_get("grid_code")?).or_default();
        g.followups_due = r.try_get("due")?;
        g.followups_done = r.try_get("done")?;
    }
    Ok(out.into_iter().collect())
}
