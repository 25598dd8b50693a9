//! Versioned documents the coordinator edits — the mediation policy, the mandates, the
//! assessment weights: each save is a new version, the newest is in force, older ones stay.

use crate::{audit, now_ms, Conn, Store, StoreError};
use sqlx::Row;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Which document: the table that keeps its versions (`version, body, created_by,
/// created_at`), created by its area's migration, and the audit action of a new version. Each
/// area declares its own as a constant next to its queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    pub table: &'static str,
    pub audit_action: &'static str,
}

/// The newest version: (version, JSON body). Reads from a pool or inside a write.
pub async fn current<'e, E>(executor: E, doc: Document) -> Result<Option<(i64, String)>, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT version, body FROM {} ORDER BY version DESC LIMIT 1",
        doc.table
    );
    let row = sqlx::query(&sql).fetch_optional(executor).await?;
    row.map(|r| Ok((r.try_get("version")?, r.try_get("body")?)))
        .transpose()
}

/// The newest version's number of each document (0 where none is saved), in one statement
/// and without their bodies: the district's managers see them on their home page.
pub async fn newest(pool: &sqlx::AnyPool, docs: &[Document]) -> Result<Vec<i64>, StoreError> {
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    let columns: Vec<String> = docs
        .iter()
        .map(|d| {
            format!(
                "(SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM {})",
                d.table
            )
        })
        .collect();
    let row = sqlx::query(&format!("SELECT {}", columns.join(", ")))
        .fetch_one(pool)
        .await?;
    (0..docs.len())
        .map(|i| Ok(row.try_get::<i64, _>(i)?))
        .collect()
}

/// Stores a new version (one more than the newest), audited, and returns its number.
pub async fn add(
    conn: &mut Conn,
    doc: Document,
    body: &str,
    actor: &str,
) -> Result<i64, StoreError> {
    let version = current(&mut *conn, doc).await?.map_or(1, |(v, _)| v + 1);
    let sql = format!(
        "INSERT INTO {} (version, body, created_by, created_at) VALUES ($1, $2, $3, $4)",
        doc.table
    );
    sqlx::query(&sql)
        .bind(version)
        .bind(body)
        .bind(actor)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    let entry = audit::Entry {
        actor,
        action: doc.audit_action,
        record_type: doc.table,
        record_id: &version.to_string(),
        detail: "",
    };
    audit::append(conn, &entry).await?;
    Ok(version)
}

/// How long a document read through [`in_force`] is shown again without reading it: saves on
/// this node are seen at once, saves on another node within this time.
pub const FRESH: Duration = Duration::from_secs(1);

/// The documents in force by table, with when they were read.
pub type Cache = HashMap<&'static str, (Instant, Option<(i64, String)>)>;

/// The newest version for pages that show a document on every request (the case page's
/// actions follow the mediation policy): read at most once per [`FRESH`] per node.
pub async fn in_force(store: &Store, doc: Document) -> Result<Option<(i64, String)>, StoreError> {
    if let Ok(cache) = store.documents.lock() {
        if let Some((at, v)) = cache.get(doc.table) {
            if at.elapsed() < FRESH {
                return Ok(v.clone());
            }
        }
    }
    let v = current(store.pool(), doc).await?;
    if let Ok(mut cache) = store.documents.lock() {
        cache.insert(doc.table, (Instant::now(), v.clone()));
    }
    Ok(v)
}

/// Saves a new version (audited) and returns its number; this node shows it at once.
pub async fn save(
    store: &Store,
    doc: Document,
    body: String,
    actor: &str,
) -> Result<i64, StoreError> {
    let actor = actor.to_owned();
    let version = store
        .write(move |c| Box::pin(async move { add(c, doc, &body, &actor).await }))
        .await?;
    if let Ok(mut cache) = store.documents.lock() {
        cache.remove(doc.table);
    }
    Ok(version)
}
