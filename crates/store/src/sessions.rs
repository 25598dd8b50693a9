//! Sign-in sessions. The same row backs a page cookie and an API bearer token; only the
//! SHA-256 of the token is stored, so a copy of the database cannot be used to sign in.

use crate::{audit, now_ms, Conn, StoreError};
use sqlx::{AnyPool, Row};

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

/// The account id and expiry (ms) of a session, if the token is known.
pub async fn lookup(pool: &AnyPool, token_hash: &str) -> Result<Option<(i64, i64)>, StoreError> {
    let row = sqlx::query("SELECT account_id, expires_at FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(pool)
        .await?;
    row.map(|r| Ok((r.try_get("account_id")?, r.try_get("expires_at")?)))
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
