//! Reports over cases: the four-level funnel, risk by grid, follow-ups due, and each grid's
//! mediation figures for the assessment.

use crate::StoreError;
use fengqiao_core::region::path_bounds;
use fengqiao_core::rollup::cover;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

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

/// The funnel of cases created in `[from, to)` inside a subtree. Whole months come from the
/// monthly roll-up kept by triggers (`dispute_months` per grid, `dispute_district_months` per
/// district for a district or wider, so a district's month is one row), the ragged ends of the window
/// from the cases themselves (added, or taken away from a whole month), overdue from the open cases (it depends on `now`). The median
/// time to resolve comes from the per-district hour histogram for a district or wider, from
/// the cases for anything smaller.
pub async fn funnel(
    pool: &AnyPool,
    within_path: &str,
    from: i64,
    to: i64,
    now: i64,
) -> Result<Vec<FunnelLevel>, StoreError> {
    funnel_with(pool, within_path, (from, to), now, true).await
}

/// The funnel's counts alone, without the times to resolve (every `median_days` is `None`):
/// what the results lists show, for half the reading of a window shorter than a month.
pub async fn funnel_counts(
    pool: &AnyPool,
    within_path: &str,
    from: i64,
    to: i64,
    now: i64,
) -> Result<Vec<FunnelLevel>, StoreError> {
    funnel_with(pool, within_path, (from, to), now, false).await
}

async fn funnel_with(
    pool: &AnyPool,
    within_path: &str,
    (from, to): (i64, i64),
    now: i64,
    with_hours: bool,
) -> Result<Vec<FunnelLevel>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    let cover = cover(from, to, now);
    let Some((first, end)) = cover.months else {
        if !with_hours {
            let mut tally = Tally::default();
            tally.add_counts(&counts_of_cases(pool, &lo, &hi, from, to, now).await?, 1);
            return Ok(tally.finish());
        }
        return funnel_of_cases(pool, within_path, from, to, now).await;
    };
    let keys = (crate::month_key(first)?, crate::month_key(end)?);
    let mut tally = Tally::default();
    let by_district = district_or_wider(within_path);
    let rolled = if by_district {
        Rollup::Districts
    } else {
        Rollup::Grids
    };
    // The counts' few small reads side by side (the results list reads them on every change
    // to a case): one wait for readers, not three or four in turn.
    let ends: Vec<_> = cover.ends().collect();
    let (rolled_levels, overdue, ended) =
        tokio::try_join!(
            rolled_counts(pool, rolled, &lo, &hi, keys),
            overdue_counts(pool, &lo, &hi, (first, end), now),
            futures_util::future::try_join_all(ends.iter().map(|&((a, b), sign)| {
                let (lo, hi) = (&lo, &hi);
                async move {
                    Ok::<_, StoreError>((counts_of_cases(pool, lo, hi, a, b, now).await?, sign))
                }
            }))
        )?;
    tally.add_counts(&rolled_levels, 1);
    tally.add_overdue(overdue);
    for (counts, sign) in &ended {
        tally.add_counts(counts, *sign);
    }
    match (with_hours, by_district) {
        (false, _) => {}
        (true, true) => tally.add_hours(rolled_hours(pool, &lo, &hi, keys).await?, 1),
        (true, false) => tally.add_hours(hours_of_cases(pool, &lo, &hi, from, to).await?, 1),
    }
    if with_hours && by_district {
        for &((a, b), sign) in &ends {
            tally.add_hours(hours_of_cases(pool, &lo, &hi, a, b).await?, sign);
        }
    }
    Ok(tally.finish())
}

/// The funnel counted from the cases alone, with no roll-up: what [`funnel`] answers for a
/// window shorter than a month, and what the tests hold the roll-up against.
pub async fn funnel_of_cases(
    pool: &AnyPool,
    within_path: &str,
    from: i64,
    to: i64,
    now: i64,
) -> Result<Vec<FunnelLevel>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    // Two passes over the same covering index; they run side by side on two connections.
    let (counts, hours) = tokio::try_join!(
        counts_of_cases(pool, &lo, &hi, from, to, now),
        hours_of_cases(pool, &lo, &hi, from, to),
    )?;
    let mut tally = Tally::default();
    tally.add_counts(&counts, 1);
    tally.add_hours(hours, 1);
    Ok(tally.finish())
}

/// Months from one `yyyymm` key to another.
fn months_between((k0, k1): (i64, i64)) -> i64 {
    (k1 / 100 * 12 + k1 % 100) - (k0 / 100 * 12 + k0 % 100)
}

/// Whether a scope is a district or contains whole districts (national codes of six digits
/// name provinces, cities and districts; towns and below have more).
fn district_or_wider(within_path: &str) -> bool {
    within_path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .is_none_or(|code| code.len() <= 6)
}

/// Funnel figures being added up from several sources.
#[derive(Default)]
struct Tally {
    levels: [FunnelLevel; 4],
    /// Cases resolved, by (level, whole hours from creation).
    hours: BTreeMap<(i64, i64), i64>,
}

impl Tally {
    /// Adds (`sign` 1) or takes away (`sign` -1) another part's counts.
    fn add_counts(&mut self, more: &[FunnelLevel; 4], sign: i64) {
        for (mine, more) in self.levels.iter_mut().zip(more) {
            mine.entered += sign * more.entered;
            mine.resolved += sign * more.resolved;
            mine.escalated += sign * more.escalated;
            mine.open += sign * more.open;
            mine.overdue += sign * more.overdue;
            mine.referred += sign * more.referred;
        }
    }

    fn add_hours(&mut self, more: Vec<(i64, i64, i64)>, sign: i64) {
        for (level, hours, n) in more {
            *self.hours.entry((level, hours)).or_default() += sign * n;
        }
    }

    /// Adds the open cases past their deadline, by level (from [`overdue_counts`]).
    fn add_overdue(&mut self, by_level: Vec<(i64, i64)>) {
        for (level, n) in by_level {
            if let Some(l) = usize::try_from(level - 1)
                .ok()
                .and_then(|i| self.levels.get_mut(i))
            {
                l.overdue += n;
            }
        }
    }

    fn finish(self) -> Vec<FunnelLevel> {
        let mut levels = self.levels.to_vec();
        for (i, level) in levels.iter_mut().enumerate() {
            level.level = i as i64 + 1;
            let mine: Vec<(i64, i64)> = self
                .hours
                .range((level.level, i64::MIN)..=(level.level, i64::MAX))
                .map(|(&(_, h), &n)| (h, n))
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
        levels
    }
}

/// Open cases past their deadline among those created in `[from, to)`, by level.
async fn overdue_counts(
    pool: &AnyPool,
    lo: &str,
    hi: &str,
    (from, to): (i64, i64),
    now: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT d.level, COUNT(*) AS n FROM disputes d WHERE d.status = 'open' \
         AND d.region_path >= $1 AND d.region_path < $2 AND d.due_at < $3 \
         AND d.created_at >= $4 AND d.created_at < $5 GROUP BY d.level",
    )
    .bind(lo)
    .bind(hi)
    .bind(now)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(rows)
}

/// The four levels' counts of the cases created in `[from, to)`: one pass over the funnel's
/// covering index.
async fn counts_of_cases(
    pool: &AnyPool,
    lo: &str,
    hi: &str,
    from: i64,
    to: i64,
    now: i64,
) -> Result<[FunnelLevel; 4], StoreError> {
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
    let sql = format!(
        "SELECT {} FROM disputes d WHERE d.created_at >= $3 AND d.created_at < $4 \
         AND d.region_path >= $1 AND d.region_path < $2",
        cols.join(", ")
    );
    let row = sqlx::query(&sql)
        .bind(lo)
        .bind(hi)
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_one(pool)
        .await?;
    levels_of(&row, true)
}

/// Which monthly roll-up a scope reads: a district or wider reads its districts' rows, a row
/// per district and month; a smaller scope reads its grids'.
#[derive(Clone, Copy)]
enum Rollup {
    Grids,
    Districts,
}

/// The four levels' counts, overdue left at zero, of the whole months `[k0, k1)` (`yyyymm`).
async fn rolled_counts(
    pool: &AnyPool,
    rolled: Rollup,
    lo: &str,
    hi: &str,
    (k0, k1): (i64, i64),
) -> Result<[FunnelLevel; 4], StoreError> {
    let mut cols = Vec::new();
    for l in 1..=4 {
        for name in ["entered", "resolved", "open", "referred"] {
            cols.push(format!(
                "CAST(COALESCE(SUM(m.{name}_l{l}), 0) AS BIGINT) AS {name}{l}"
            ));
        }
        if l < 4 {
            cols.push(format!(
                "CAST(COALESCE(SUM(m.escalated_l{l}), 0) AS BIGINT) AS escalated{l}"
            ));
        }
    }
    let (table, path) = match rolled {
        Rollup::Grids => ("dispute_months", "region_path"),
        Rollup::Districts => ("dispute_district_months", "district_path"),
    };
    let sql = format!(
        "SELECT {} FROM {table} m WHERE m.{path} >= $1 AND m.{path} < $2 \
         AND m.month >= $3 AND m.month < $4",
        cols.join(", ")
    );
    let row = sqlx::query(&sql)
        .bind(lo)
        .bind(hi)
        .bind(k0)
        .bind(k1)
        .fetch_one(pool)
        .await?;
    levels_of(&row, false)
}

fn levels_of(row: &AnyRow, with_overdue: bool) -> Result<[FunnelLevel; 4], StoreError> {
    let mut levels: [FunnelLevel; 4] = Default::default();
    for (i, level) in levels.iter_mut().enumerate() {
        let l = i + 1;
        let get = |name: String| row.try_get::<i64, _>(name.as_str());
        level.level = l as i64;
        level.entered = get(format!("entered{l}"))?;
        level.resolved = get(format!("resolved{l}"))?;
        level.open = get(format!("open{l}"))?;
        level.referred = get(format!("referred{l}"))?;
        if l < 4 {
            level.escalated = get(format!("escalated{l}"))?;
        }
        if with_overdue {
            level.overdue = get(format!("overdue{l}"))?;
        }
    }
    Ok(levels)
}

/// Cases resolved among those created in `[from, to)`, by level and whole hours taken.
async fn hours_of_cases(
    pool: &AnyPool,
    lo: &str,
    hi: &str,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT d.resolved_level AS l, (d.resolved_at - d.created_at) / 3600000 AS h, COUNT(*) AS n \
         FROM disputes d WHERE d.created_at >= $3 AND d.created_at < $4 AND d.region_path >= $1 \
         AND d.region_path < $2 AND d.resolved_level IS NOT NULL AND d.resolved_at IS NOT NULL \
         GROUP BY d.resolved_level, (d.resolved_at - d.created_at) / 3600000",
    )
    .bind(lo)
    .bind(hi)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    buckets(&rows)
}

/// The same histogram from the per-district roll-up, for the whole months `[k0, k1)`.
async fn rolled_hours(
    pool: &AnyPool,
    lo: &str,
    hi: &str,
    (k0, k1): (i64, i64),
) -> Result<Vec<(i64, i64, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT h.level AS l, h.hours AS h, CAST(SUM(h.n) AS BIGINT) AS n FROM dispute_month_hours h \
         WHERE h.district_path >= $1 AND h.district_path < $2 AND h.month >= $3 AND h.month < $4 \
         GROUP BY h.level, h.hours",
    )
    .bind(lo)
    .bind(hi)
    .bind(k0)
    .bind(k1)
    .fetch_all(pool)
    .await?;
    buckets(&rows)
}

fn buckets(rows: &[AnyRow]) -> Result<Vec<(i64, i64, i64)>, StoreError> {
    rows.iter()
        .map(|r| Ok((r.try_get("l")?, r.try_get("h")?, r.try_get("n")?)))
        .collect()
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

/// Mediation figures per grid inside a subtree, for cases created in `[from, to)`, keyed by the
/// grid's path (which every index read here carries, so none looks a case up): whole months
/// from the roll-up, the ragged ends (added or taken away, see `fengqiao_core::rollup`) and
/// the overdue from the cases.
pub async fn mediation_by_grid(
    pool: &AnyPool,
    within: &str,
    from: i64,
    to: i64,
    now: i64,
) -> Result<Vec<(String, GridMediation)>, StoreError> {
    let (lo, hi) = path_bounds(within);
    let mut out: BTreeMap<String, GridMediation> = BTreeMap::new();
    let cover = cover(from, to, now);
    if let Some((first, end)) = cover.months {
        let keys = (crate::month_key(first)?, crate::month_key(end)?);
        // A year or more: by path from `dispute_months_path`, every month of a grid side by
        // side (`+` keeps SQLite off the month index). Shorter, everywhere: by month, a few
        // rows per grid. Shorter, a subtree: by path.
        let long = months_between(keys) >= 12;
        let (scope, month) = match (long, within == "/") {
            (false, true) => ("$1 = $1 AND $2 = $2", "m.month"),
            (true, _) => ("m.region_path >= $1 AND m.region_path < $2", "+m.month"),
            (false, false) => ("m.region_path >= $1 AND m.region_path < $2", "m.month"),
        };
        let sql = format!(
            "SELECT m.region_path, CAST(SUM(m.cases) AS BIGINT) AS total, \
             CAST(SUM(m.resolved_l1 + m.resolved_l2) AS BIGINT) AS low FROM dispute_months m \
             WHERE {scope} AND {month} >= $3 AND {month} < $4 \
             GROUP BY m.region_path HAVING SUM(m.cases) > 0"
        );
        let rolled = sqlx::query(&sql)
            .bind(&lo)
            .bind(&hi)
            .bind(keys.0)
            .bind(keys.1)
            .fetch_all(pool)
            .await?;
        for r in &rolled {
            let g = out.entry(r.try_get("region_path")?).or_default();
            g.total += r.try_get::<i64, _>("total")?;
            g.settled_low += r.try_get::<i64, _>("low")?;
        }
        let overdue = sqlx::query(
            "SELECT d.region_path, COUNT(*) AS n FROM disputes d WHERE d.status = 'open' \
             AND d.region_path >= $1 AND d.region_path < $2 AND d.due_at < $3 \
             AND d.created_at >= $4 AND d.created_at < $5 GROUP BY d.region_path",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(now)
        .bind(first)
        .bind(end)
        .fetch_all(pool)
        .await?;
        for r in &overdue {
            out.entry(r.try_get("region_path")?).or_default().overdue +=
                r.try_get::<i64, _>("n")?;
        }
    }
    // At most half a month at each end: read by day of creation from the funnel's covering
    // index. (`|| ''` keeps SQLite off the path index, which grouping by path would otherwise
    // draw it to: a walk over every case in scope, 7.5 s for the whole city.)
    for ((a, b), sign) in cover.ends() {
        let cases = sqlx::query(
            "SELECT d.region_path, COUNT(*) AS total, \
             COALESCE(SUM(CASE WHEN d.resolved_level IN (1, 2) THEN 1 ELSE 0 END), 0) AS low, \
             COALESCE(SUM(CASE WHEN d.status = 'open' AND d.due_at < $5 THEN 1 ELSE 0 END), 0) AS overdue \
             FROM disputes d WHERE d.created_at >= $3 AND d.created_at < $4 \
             AND d.region_path || '' >= $1 AND d.region_path || '' < $2 GROUP BY d.region_path",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(a)
        .bind(b)
        .bind(now)
        .fetch_all(pool)
        .await?;
        for r in &cases {
            let g = out.entry(r.try_get("region_path")?).or_default();
            g.total += sign * r.try_get::<i64, _>("total")?;
            g.settled_low += sign * r.try_get::<i64, _>("low")?;
            g.overdue += sign * r.try_get::<i64, _>("overdue")?;
        }
    }
    // CROSS JOIN keeps SQLite walking the window's few follow-ups, not every case in scope.
    let follow = sqlx::query(
        "SELECT d.region_path, COUNT(*) AS due, \
         COALESCE(SUM(CASE WHEN f.done_at IS NOT NULL AND f.result IN ('stable', 'unstable') THEN 1 ELSE 0 END), 0) AS done \
         FROM dispute_followups f CROSS JOIN disputes d \
         WHERE d.id = f.dispute_id AND f.due_at >= $3 AND f.due_at < $4 AND (f.result IS NULL OR f.result <> 'cancelled') \
         AND d.region_path >= $1 AND d.region_path < $2 GROUP BY d.region_path",
    )
    .bind(&lo)
    .bind(&hi)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    for r in &follow {
        let g = out.entry(r.try_get("region_path")?).or_default();
        g.followups_due = r.try_get("due")?;
        g.followups_done = r.try_get("done")?;
    }
    Ok(out.into_iter().collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_are_counted_across_years() {
        assert_eq!(super::months_between((202112, 202701)), 61);
        assert_eq!(super::months_between((202609, 202612)), 3);
        assert_eq!(super::months_between((202601, 202601)), 0);
    }
}
