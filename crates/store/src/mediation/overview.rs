//! The coordinator's overview in numbers: cases of a period by level and category, how many
//! were settled and how many ran over, and the grids with the most open trouble.

use crate::StoreError;
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, Row};

/// Cases created in one period, by the level they are at and by category.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Period {
    /// Cases per level 1–4 (index 0 is level 1).
    pub by_level: [i64; 4],
    /// Cases per category slug.
    pub by_category: Vec<(String, i64)>,
    pub total: i64,
    /// Settled: agreed or closed after an agreement (resolved at some level).
    pub settled: i64,
    /// Still being mediated past the deadline now.
    pub overdue: i64,
}

/// The cases created in `[from, to)` inside a subtree.
pub async fn period(
    pool: &AnyPool,
    within_path: &str,
    from: i64,
    to: i64,
    now: i64,
) -> Result<Period, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    let rows = sqlx::query(
        "SELECT d.level AS level, d.category AS category, COUNT(*) AS n, \
           COALESCE(SUM(CASE WHEN d.resolved_level IS NOT NULL THEN 1 ELSE 0 END), 0) AS settled, \
           COALESCE(SUM(CASE WHEN d.status = 'open' AND d.due_at < $5 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM disputes d WHERE d.region_path >= $1 AND d.region_path < $2 \
           AND d.created_at >= $3 AND d.created_at < $4 \
         GROUP BY d.level, d.category",
    )
    .bind(&lo)
    .bind(&hi)
    .bind(from)
    .bind(to)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut p = Period::default();
    for r in rows {
        let (level, category, n): (i64, String, i64) =
            (r.try_get("level")?, r.try_get("category")?, r.try_get("n")?);
        let slot = usize::try_from(level.clamp(1, 4) - 1).unwrap_or(3);
        p.by_level[slot] += n;
        match p.by_category.iter_mut().find(|(c, _)| *c == category) {
            Some((_, m)) => *m += n,
            None => p.by_category.push((category, n)),
        }
        p.total += n;
        p.settled += r.try_get::<i64, _>("settled")?;
        p.overdue += r.try_get::<i64, _>("overdue")?;
    }
    p.by_category
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(p)
}

/// A grid with open trouble: high-risk open cases and overdue ones.
#[derive(Debug, Clone, PartialEq)]
pub struct TroubledGrid {
    pub grid_code: String,
    pub high_risk: i64,
    pub overdue: i64,
    pub open: i64,
}

/// The grids with the most open high-risk and overdue cases, worst first.
pub async fn worst_grids(
    pool: &AnyPool,
    within_path: &str,
    now: i64,
    limit: i64,
) -> Result<Vec<TroubledGrid>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    let rows = sqlx::query(
        "SELECT d.grid_code AS grid_code, COUNT(*) AS open, \
           COALESCE(SUM(CASE WHEN d.risk_level IN ('red', 'orange') THEN 1 ELSE 0 END), 0) AS high, \
           COALESCE(SUM(CASE WHEN d.due_at < $3 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM disputes d WHERE d.region_path >= $1 AND d.region_path < $2 AND d.status = 'open' \
         GROUP BY d.grid_code \
         ORDER BY 3 DESC, 4 DESC, 2 DESC, 1 LIMIT $4",
    )
    .bind(&lo)
    .bind(&hi)
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TroubledGrid {
                grid_code: r.try_get("grid_code")?,
                open: r.try_get("open")?,
                high_risk: r.try_get("high")?,
                overdue: r.try_get("overdue")?,
            })
        })
        .collect()
}
