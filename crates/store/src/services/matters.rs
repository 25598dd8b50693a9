//! The catalogue of matters: what residents look up (the guide), ask about and apply for.

use crate::{Conn, StoreError};
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct MatterRow {
    pub code: String,
    pub name: String,
    pub group_name: String,
    pub materials: String,
    pub steps: String,
    pub place: String,
    pub fees: String,
    pub time_limit_days: i64,
    pub legal_basis: String,
    pub online: i64,
    pub updated_by: String,
    pub updated_at: i64,
}

const COLUMNS: &str = "code, name, group_name, materials, steps, place, fees, time_limit_days, legal_basis, online, updated_by, updated_at";

/// Writes a matter, replacing the one with its code; true if it was new.
pub async fn upsert(conn: &mut Conn, m: &MatterRow) -> Result<bool, StoreError> {
    let existed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_matters WHERE code = $1")
        .bind(&m.code)
        .fetch_one(&mut *conn)
        .await?;
    let sql = if existed == 0 {
        format!("INSERT INTO service_matters ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
    } else {
        "UPDATE service_matters SET name = $2, group_name = $3, materials = $4, steps = $5, place = $6, fees = $7, \
         time_limit_days = $8, legal_basis = $9, online = $10, updated_by = $11, updated_at = $12 WHERE code = $1"
            .to_owned()
    };
    sqlx::query(&sql)
        .bind(&m.code)
        .bind(&m.name)
        .bind(&m.group_name)
        .bind(&m.materials)
        .bind(&m.steps)
        .bind(&m.place)
        .bind(&m.fees)
        .bind(m.time_limit_days)
        .bind(&m.legal_basis)
        .bind(m.online)
        .bind(&m.updated_by)
        .bind(m.updated_at)
        .execute(&mut *conn)
        .await?;
    Ok(existed == 0)
}

pub async fn all(pool: &AnyPool) -> Result<Vec<MatterRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM service_matters ORDER BY group_name, code"
    ))
    .fetch_all(pool)
    .await?)
}

pub async fn get(pool: &AnyPool, code: &str) -> Result<Option<MatterRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM service_matters WHERE code = $1"
    ))
    .bind(code)
    .fetch_optional(pool)
    .await?)
}
