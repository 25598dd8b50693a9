//! Versioned documents the coordinator edits — the mediation policy, the mandates, the
//! assessment weights: each save is a new version, the newest is in force, older ones stay.

use crate::{audit, now_ms, Conn, StoreError};
use sqlx::Row;

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
