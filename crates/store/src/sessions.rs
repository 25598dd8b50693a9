//! Sign-in sessions. The same row backs a page cookie and an API bearer token; only the
//! SHA-256 of the token is stored, so a copy of the database cannot be used to sign in.

use crate::accounts::AccountRow;
use crate::{audit, now_ms, Conn, StoreError};
use sqlx::{AnyPool, FromRow, Row};
use std::sync::LazyLock;

/// Records a new session for an account, dropping that account's expired ones.
pub async fn create(
    conn: &mut Conn,
    token_hash: &str,
    account_id: i64,
    username: &str,
    kind: &str,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND expires_at < $2")
        .bind(account_id)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO sessions (token_hash, account_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash)
        .bind(account_id)
        .bind(kind)
        .bind(now_ms())
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    let entry = audit::Entry {
        actor: username,
        action: "session.create",
        record_type: "account",
        record_id: username,
        detail: kind,
    };
    audit::append(conn, &entry).await?;
    Ok(())
}

/// The account behind a session and the session's expiry (ms), if the token is known. Every
/// signed-in request asks this, so it is one statement: two were two takes of a reader.
pub async fn account_of(
    pool: &AnyPool,
    token_hash: &str,
) -> Result<Option<(AccountRow, i64)>, StoreError> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {}, s.expires_at FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1",
            crate::accounts::columns_of("a")
        )
    });
    let row = sqlx::query(SQL.as_str())
        .bind(token_hash)
        .fetch_optional(pool)
        .await?;
    row.map(|r| Ok((AccountRow::from_row(&r)?, r.try_get("expires_at")?)))
        .transpose()
}

/// Ends a session (sign-out).
pub async fn delete(conn: &mut Conn, token_hash: &str, username: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    let entry = audit::Entry {
        actor: username,
        action: "session.end",
        record_type: "account",
        record_id: username,
        detail: "",
    };
    audit::append(conn, &entry).await?;
    Ok(())
}

/// Ends every session of an account but `keep` (the one making the change, if any).
pub async fn end_all_but(
    conn: &mut Conn,
    username: &str,
    keep: Option<&str>,
) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE username = $1) \
         AND ($2 IS NULL OR token_hash <> $2)",
    )
    .bind(username)
    .bind(keep)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}
