//! Tips. No query here that lists, searches or reads tips returns the tipster's contact: it
//! is read only by [`open_contact`], which records the reading in the same transaction.

use crate::{Conn, StoreError};
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, FromRow};

/// What is kept of a receipt: its hash, so that the table alone opens no tip.
pub fn receipt_hash(receipt: &str) -> String {
    hex::encode(Sha256::digest(format!("fengqiao-tip:{receipt}").as_bytes()))
}

/// A tip without its contact: only whether there is one.
#[derive(Debug, Clone, FromRow)]
pub struct TipRow {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub place: String,
    pub grid_code: String,
    pub region_path: String,
    pub station_code: String,
    pub has_contact: i64,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, kind, text, place, grid_code, region_path, station_code, \
    CASE WHEN contact_sealed IS NULL THEN 0 ELSE 1 END AS has_contact, status, created_at, updated_at";

#[derive(Debug, Clone)]
pub struct NewTip {
    pub receipt_hash: String,
    pub kind: String,
    pub text: String,
    pub place: String,
    pub grid_code: String,
    pub region_path: String,
    pub station_code: String,
    pub contact_sealed: Option<String>,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, t: &NewTip) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO tips (receipt_hash, kind, text, place, grid_code, region_path, station_code, contact_sealed, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'received', $9, $9) RETURNING id",
    )
    .bind(&t.receipt_hash)
    .bind(&t.kind)
    .bind(&t.text)
    .bind(&t.place)
    .bind(&t.grid_code)
    .bind(&t.region_path)
    .bind(&t.station_code)
    .bind(t.contact_sealed.as_deref())
    .bind(t.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn by_receipt(pool: &AnyPool, receipt_hash: &str) -> Result<Option<TipRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM tips WHERE receipt_hash = $1"
    ))
    .bind(receipt_hash)
    .fetch_optional(pool)
    .await?)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<TipRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM tips WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// The tips a station received, the open ones first, newest first.
pub async fn for_station(
    pool: &AnyPool,
    station: &str,
    limit: i64,
) -> Result<Vec<TipRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM tips WHERE station_code = $1 \
         ORDER BY CASE WHEN status = 'closed' THEN 1 ELSE 0 END, id DESC LIMIT $2"
    ))
    .bind(station)
    .bind(limit.clamp(1, 500))
    .fetch_all(pool)
    .await?)
}

/// Tips not closed, counted per grid (for grid risk: counts only, never contents).
pub async fn open_by_grid(pool: &AnyPool) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT grid_code, COUNT(*) FROM tips WHERE status <> 'closed' GROUP BY grid_code",
    )
    .fetch_all(pool)
    .await?)
}

/// The sealed contact, recording who read it and when in the same transaction.
pub async fn open_contact(
    conn: &mut Conn,
    id: i64,
    reader: &str,
    now: i64,
) -> Result<Option<String>, StoreError> {
    let sealed: Option<Option<String>> =
        sqlx::query_scalar("SELECT contact_sealed FROM tips WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(Some(sealed)) = sealed else {
        return Ok(None);
    };
    sqlx::query("INSERT INTO tip_contact_reads (tip_id, reader, at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(reader)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(Some(sealed))
}

/// When the contact was read (the tipster is shown these, not who).
pub async fn contact_reads(pool: &AnyPool, id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT at FROM tip_contact_reads WHERE tip_id = $1 ORDER BY at")
            .bind(id)
            .fetch_all(pool)
            .await?,
    )
}

#[derive(Debug, Clone, FromRow)]
pub struct MessageRow {
    pub from_station: i64,
    pub author: String,
    pub text: String,
    pub at: i64,
}

pub async fn add_message(
    conn: &mut Conn,
    tip: i64,
    from_station: bool,
    author: &str,
    text: &str,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO tip_messages (tip_id, from_station, author, text, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(tip)
        .bind(i64::from(from_station))
        .bind(author)
        .bind(text)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE tips SET updated_at = $1 WHERE id = $2")
        .bind(at)
        .bind(tip)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn messages(pool: &AnyPool, tip: i64) -> Result<Vec<MessageRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT from_station, author, text, at FROM tip_messages WHERE tip_id = $1 ORDER BY id",
    )
    .bind(tip)
    .fetch_all(pool)
    .await?)
}

pub async fn set_status(
    conn: &mut Conn,
    id: i64,
    status: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE tips SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
