//! Assessment (考核): the coordinator's versioned weights. The figures come from each area.

use crate::{audit, now_ms, Conn, StoreError};
use sqlx::Row;

pub async fn current_weights<'e, E>(executor: E) -> Result<Option<(i64, String)>, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row =
        sqlx::query("SELECT version, body FROM assessment_weights ORDER BY version DESC LIMIT 1")
            .fetch_optional(executor)
            .await?;
    row.map(|r| Ok((r.try_get("version")?, r.try_get("body")?)))
        .transpose()
}

pub async fn add_weights(conn: &mut Conn, body: &str, actor: &str) -> Result<i64, StoreError> {
    let version = current_weights(&mut *conn).await?.map_or(1, |(v, _)| v + 1);
    sqlx::query("INSERT INTO assessment_weights (version, body, created_by, created_at) VALUES ($1, $2, $3, $4)")
        .bind(version)
        .bind(body)
        .bind(actor)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    let entry = audit::Entry {
        actor,
        action: "assessment.weights",
        record_type: "assessment",
        record_id: &version.to_string(),
        detail: "",
    };
    audit::append(conn, &entry).await?;
    Ok(version)
}
