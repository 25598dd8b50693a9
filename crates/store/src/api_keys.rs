//! Keys for outside systems (the 12345 hotline, police systems) calling the Open311 interface.
//! Only a SHA-256 of each key is stored, like session tokens; a key can be revoked.

use crate::{Conn, StoreError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, FromRow};

fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// An issued key, without the key itself.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct KeyRow {
    pub id: i64,
    pub name: String,
    pub key_prefix: String,
    pub created_by: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

pub async fn insert(
    conn: &mut Conn,
    name: &str,
    key: &str,
    actor: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO open311_keys (name, key_hash, key_prefix, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(name)
    .bind(hash(key))
    .bind(key.chars().take(8).collect::<String>())
    .bind(actor)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// The client a live key belongs to.
pub async fn client_of(pool: &AnyPool, key: &str) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash(key))
    .fetch_optional(pool)
    .await?)
}

pub async fn list(pool: &AnyPool) -> Result<Vec<KeyRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, name, key_prefix, created_by, created_at, revoked_at FROM open311_keys ORDER BY id",
    )
    .fetch_all(pool)
    .await?)
}

/// Revokes a key; `false` when there is no such live key.
pub async fn revoke(conn: &mut Conn, id: i64, now: i64) -> Result<bool, StoreError> {
    Ok(
        sqlx::query("UPDATE open311_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            == 1,
    )
}
