//! Bulk loading of generated cases for benchmarks: many rows per statement, a timeline entry
//! per case derived in SQL, and one audit entry per batch (the rows are synthetic).

use crate::{audit, dialect, Conn, StoreError};
use sqlx::Row;

/// A generated case, already complete.
#[derive(Debug, Clone)]
pub struct BulkCase {
    pub tracking_code: String,
    pub category: String,
    pub source: String,
    pub description: String,
    pub status: String,
    pub level: i64,
    pub grid_code: String,
    pub region_path: String,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub risk_level: String,
    pub risk_score: i64,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
    pub resolved_level: Option<i64>,
    pub closed_at: Option<i64>,
    pub search_text: String,
    pub parties_key: String,
    /// Came to its level by one escalation from the level below (only above the first level).
    pub escalated: bool,
}

impl BulkCase {
    /// The funnel's columns — levels reached (1–4), then escalations out of levels 1–3 —
    /// written with the row, so the monthly roll-up's trigger runs once per case.
    fn funnel(&self) -> [i64; 7] {
        let escalated = self.escalated && self.level > 1;
        let reached = |k: i64| i64::from(self.level == k || (escalated && self.level == k + 1));
        let out_of = |k: i64| i64::from(escalated && self.level == k + 1);
        [
            reached(1),
            reached(2),
            reached(3),
            reached(4),
            out_of(1),
            out_of(2),
            out_of(3),
        ]
    }
}

const PER_STATEMENT: usize = 400;
/// Bound parameters per row.
const PARAMS: usize = 25;

/// Inserts a batch of cases with their `created` (and, for the escalated ones, `escalated`)
/// timeline entries.
pub async fn insert_bulk(conn: &mut Conn, batch: &[BulkCase]) -> Result<(), StoreError> {
    let before: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) AS m FROM disputes")
        .fetch_one(&mut *conn)
        .await?
        .try_get("m")?;
    // On PostgreSQL the batch's share of the monthly roll-up is added by one grouped statement
    // instead of a trigger call per case (a third of the load's time at a province's 10 M).
    // Switching the trigger off is transactional: a stopped run leaves it on.
    let postgres = dialect::is_postgres(conn);
    if postgres {
        sqlx::query("ALTER TABLE disputes DISABLE TRIGGER dispute_months_follow")
            .execute(&mut *conn)
            .await?;
    }
    for chunk in batch.chunks(PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO disputes (tracking_code, category, source, description, status, level, grid_code, region_path, \
             assignee, due_at, risk_level, risk_score, created_at, updated_at, resolved_at, resolved_level, closed_at, \
             search_text, parties_key, reached_l1, reached_l2, reached_l3, reached_l4, escalated_l1, escalated_l2, \
             escalated_l3, policy_version, created_by) VALUES ",
        );
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            // The creation time is bound once and used for `updated_at` too.
            let b = i * PARAMS;
            let params: Vec<String> = (1..=PARAMS)
                .flat_map(|k| {
                    let p = format!("${}", b + k);
                    if k == 13 {
                        vec![p.clone(), p]
                    } else {
                        vec![p]
                    }
                })
                .collect();
            sql.push_str(&format!("({}, 1, 'bench')", params.join(", ")));
        }
        let mut q = sqlx::query(&sql);
        for c in chunk {
            q = q
                .bind(&c.tracking_code)
                .bind(&c.category)
                .bind(&c.source)
                .bind(&c.description)
                .bind(&c.status)
                .bind(c.level)
                .bind(&c.grid_code)
                .bind(&c.region_path)
                .bind(c.assignee.as_deref())
                .bind(c.due_at)
                .bind(&c.risk_level)
                .bind(c.risk_score)
                .bind(c.created_at)
                .bind(c.resolved_at)
                .bind(c.resolved_level)
                .bind(c.closed_at)
                .bind(&c.search_text)
                .bind(&c.parties_key);
            for v in c.funnel() {
                q = q.bind(v);
            }
        }
        q.execute(&mut *conn).await?;
    }
    sqlx::query(
        "INSERT INTO dispute_events (dispute_id, at, actor, kind, level_from, level_to, detail) \
         SELECT id, created_at, 'bench', 'created', NULL, level - escalated_l1 - escalated_l2 - escalated_l3, '' \
         FROM disputes WHERE id > $1",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO dispute_events (dispute_id, at, actor, kind, level_from, level_to, detail) \
         SELECT id, created_at + 86400000, 'bench', 'escalated', level - 1, level, '' FROM disputes \
         WHERE id > $1 AND escalated_l1 + escalated_l2 + escalated_l3 > 0",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    if postgres {
        sqlx::query(&roll_up_since())
            .bind(before)
            .execute(&mut *conn)
            .await?;
        sqlx::query(HOURS_SINCE)
            .bind(before)
            .execute(&mut *conn)
            .await?;
        sqlx::query("ALTER TABLE disputes ENABLE TRIGGER dispute_months_follow")
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::query("INSERT INTO disputes_fts (rowid, search_text) SELECT id, search_text FROM disputes WHERE id > $1")
            .bind(before)
            .execute(&mut *conn)
            .await?;
    }
    let detail = format!("{} generated cases", batch.len());
    let entry = audit::Entry {
        actor: "bench",
        action: "dispute.bulk_generate",
        record_type: "dispute",
        record_id: "*",
        detail: &detail,
    };
    audit::append(conn, &entry).await?;
    Ok(())
}

/// The roll-up's counters, in `dispute_months`' column order after the grid, each with the
/// expression that counts it over a group of cases.
const COUNTERS: [(&str, &str); 20] = [
    ("cases", "COUNT(*)"),
    ("entered_l1", "SUM(reached_l1)"),
    ("entered_l2", "SUM(reached_l2)"),
    ("entered_l3", "SUM(reached_l3)"),
    ("entered_l4", "SUM(reached_l4)"),
    ("escalated_l1", "SUM(escalated_l1)"),
    ("escalated_l2", "SUM(escalated_l2)"),
    ("escalated_l3", "SUM(escalated_l3)"),
    ("resolved_l1", "COUNT(*) FILTER (WHERE resolved_level = 1)"),
    ("resolved_l2", "COUNT(*) FILTER (WHERE resolved_level = 2)"),
    ("resolved_l3", "COUNT(*) FILTER (WHERE resolved_level = 3)"),
    ("resolved_l4", "COUNT(*) FILTER (WHERE resolved_level = 4)"),
    (
        "open_l1",
        "COUNT(*) FILTER (WHERE status = 'open' AND level = 1)",
    ),
    (
        "open_l2",
        "COUNT(*) FILTER (WHERE status = 'open' AND level = 2)",
    ),
    (
        "open_l3",
        "COUNT(*) FILTER (WHERE status = 'open' AND level = 3)",
    ),
    (
        "open_l4",
        "COUNT(*) FILTER (WHERE status = 'open' AND level = 4)",
    ),
    (
        "referred_l1",
        "COUNT(*) FILTER (WHERE status = 'referred' AND level = 1)",
    ),
    (
        "referred_l2",
        "COUNT(*) FILTER (WHERE status = 'referred' AND level = 2)",
    ),
    (
        "referred_l3",
        "COUNT(*) FILTER (WHERE status = 'referred' AND level = 3)",
    ),
    (
        "referred_l4",
        "COUNT(*) FILTER (WHERE status = 'referred' AND level = 4)",
    ),
];

/// Adds the cases after id `$1` to the monthly roll-up (PostgreSQL), as the trigger would.
fn roll_up_since() -> String {
    let counts: Vec<&str> = COUNTERS.iter().map(|(_, e)| *e).collect();
    let sums: Vec<String> = COUNTERS
        .iter()
        .map(|(c, _)| format!("{c} = dispute_months.{c} + EXCLUDED.{c}"))
        .collect();
    format!(
        "INSERT INTO dispute_months SELECT region_path, beijing_month(created_at), MIN(grid_code), {} \
         FROM disputes WHERE id > $1 GROUP BY 1, 2 \
         ON CONFLICT (region_path, month) DO UPDATE SET {}",
        counts.join(", "),
        sums.join(", ")
    )
}

/// Adds the resolution hours of the cases after id `$1` (PostgreSQL), as the trigger would.
const HOURS_SINCE: &str = "INSERT INTO dispute_month_hours \
    SELECT COALESCE(r.path, d.region_path), beijing_month(d.created_at), d.resolved_level, \
        (d.resolved_at - d.created_at) / 3600000, COUNT(*) \
    FROM disputes d LEFT JOIN regions r ON r.code = substr(d.grid_code, 1, 6) \
    WHERE d.id > $1 AND d.resolved_level IS NOT NULL AND d.resolved_at IS NOT NULL \
    GROUP BY 1, 2, 3, 4 \
    ON CONFLICT (district_path, month, level, hours) DO UPDATE SET n = dispute_month_hours.n + EXCLUDED.n";
