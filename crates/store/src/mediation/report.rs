//! Reports over cases: the four-level funnel, risk by grid, follow-ups due, and each grid's
//! mediation figures for the assessment.

use crate::StoreError;
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, Row};

/// One level of the inverted funnel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunnelLevel {
    pub level: i64,
    pub entered: i64,
    pub resolved: i64,
    pub escalated: i64,
    pub open: i64,
    pub overdue: i64,
    /// Ended at this level by referral to litigation, arbitration or an administrative body.
    pub referred: i64,
    pub median_days: Option<f64>,
}

impl FunnelLevel {
    /// What entered the level and is neither resolved, escalated, in progress nor referred
    /// here: handed back down, or reopened into another level. With it the row adds up.
    pub fn other(&self) -> i64 {
        (self.entered - self.resolved - self.escalated - self.open - self.referred).max(0)
    }
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
        cols.push(format!("COALESCE(SUM(CASE WHEN d.status = 'referred' AND d.level = {l} THEN 1 ELSE 0 END), 0) AS referred{l}"));
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
            referred: get(format!("referred{l}"))?,
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
