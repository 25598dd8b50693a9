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
}

const PER_STATEMENT: usize = 400;

/// Inserts a batch of cases with their `created` (and, for every seventh case above the first
/// level, `escalated`) timeline entries.
pub async fn insert_bulk(conn: &mut Conn, batch: &[BulkCase]) -> Result<(), StoreError> {
    let before: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) AS m FROM disputes")
        .fetch_one(&mut *conn)
        .await?
        .try_get("m")?;
    for chunk in batch.chunks(PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO disputes (tracking_code, category, source, description, status, level, grid_code, region_path, \
             assignee, due_at, risk_level, risk_score, created_at, updated_at, resolved_at, resolved_level, closed_at, \
             search_text, parties_key, policy_version, created_by) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 18;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, 1, 'bench')",
                b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 13,
                b + 14, b + 15, b + 16, b + 17, b + 18
            ));
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
        }
        q.execute(&mut *conn).await?;
    }
    sqlx::query(
        "INSERT INTO dispute_events (dispute_id, at, actor, kind, level_from, level_to, detail) \
         SELECT id, created_at, 'bench', 'created', NULL, CASE WHEN id % 7 = 0 AND level > 1 THEN level - 1 ELSE level END, '' \
         FROM disputes WHERE id > $1",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO dispute_events (dispute_id, at, actor, kind, level_from, level_to, detail) \
         SELECT id, created_at + 86400000, 'bench', 'escalated', level - 1, level, '' FROM disputes \
         WHERE id > $1 AND id % 7 = 0 AND level > 1",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE disputes SET \
         reached_l1 = CASE WHEN level = 1 OR (id % 7 = 0 AND level = 2) THEN 1 ELSE 0 END, \
         reached_l2 = CASE WHEN level = 2 OR (id % 7 = 0 AND level = 3) THEN 1 ELSE 0 END, \
         reached_l3 = CASE WHEN level = 3 OR (id % 7 = 0 AND level = 4) THEN 1 ELSE 0 END, \
         reached_l4 = CASE WHEN level = 4 THEN 1 ELSE 0 END, \
         escalated_l1 = CASE WHEN id % 7 = 0 AND level = 2 THEN 1 ELSE 0 END, \
         escalated_l2 = CASE WHEN id % 7 = 0 AND level = 3 THEN 1 ELSE 0 END, \
         escalated_l3 = CASE WHEN id % 7 = 0 AND level = 4 THEN 1 ELSE 0 END \
         WHERE id > $1",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    if !dialect::is_postgres(conn) {
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
