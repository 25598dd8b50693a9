//! Smart-security checklists per compound, and the district's standard as a versioned document.

use crate::versioned::Document;
use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

/// The district's smart-security standard (levels and the year's target).
pub const STANDARD: Document = Document {
    table: "smart_standard_versions",
    audit_action: "prevention.smart_standard",
};

/// One subsystem's line of a compound's checklist.
#[derive(Debug, Clone, FromRow)]
pub struct ItemRow {
    pub compound_code: String,
    pub subsystem: String,
    pub present: i64,
    pub evidence: String,
    pub checked_at: i64,
    pub checked_by: String,
}

const COLUMNS: &str = "compound_code, subsystem, present, evidence, checked_at, checked_by";

/// A compound's checklist as recorded (subsystems never checked are absent).
pub async fn checklist(pool: &AnyPool, compound_code: &str) -> Result<Vec<ItemRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM compound_security WHERE compound_code = $1 ORDER BY subsystem"
    ))
    .bind(compound_code)
    .fetch_all(pool)
    .await?)
}

/// Every checklist line of the compounds under a path.
pub async fn under(pool: &AnyPool, scope_path: &str) -> Result<Vec<ItemRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM compound_security WHERE region_path >= $1 AND region_path < $2"
    ))
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}

/// A checked subsystem: present or not, the evidence, the day it was checked.
#[derive(Debug, Clone)]
pub struct Check {
    pub subsystem: &'static str,
    pub present: bool,
    pub evidence: String,
    pub checked_at: i64,
}

/// Records checks of a compound's subsystems; lines not given stay as they were.
pub async fn record(
    conn: &mut Conn,
    (compound_code, region_path): (&str, &str),
    checks: &[Check],
    actor: &str,
) -> Result<(), StoreError> {
    for c in checks {
        sqlx::query(
            "INSERT INTO compound_security (compound_code, region_path, subsystem, present, evidence, checked_at, checked_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (compound_code, subsystem) DO UPDATE SET \
             present = excluded.present, evidence = excluded.evidence, checked_at = excluded.checked_at, \
             checked_by = excluded.checked_by",
        )
        .bind(compound_code)
        .bind(region_path)
        .bind(c.subsystem)
        .bind(i64::from(c.present))
        .bind(&c.evidence)
        .bind(c.checked_at)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
