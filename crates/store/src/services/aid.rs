//! Emergency aid applications, the review chain's decisions, documents and the payment.
//! Lists never select the documents' bytes; the ID number is read by the service, which masks
//! it for every list and records each full reading.

use crate::{Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct AidRow {
    pub id: i64,
    pub tracking_code: String,
    pub kind: String,
    pub applicant_name: String,
    pub id_number: String,
    pub phone: String,
    pub grid_code: String,
    pub region_path: String,
    pub situation: String,
    pub amount_asked: i64,
    pub urgent: i64,
    pub status: String,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub paid_amount: Option<i64>,
    pub paid_at: Option<i64>,
    pub paid_by: Option<String>,
    pub payment_note: String,
}

const COLUMNS: &str = "id, tracking_code, kind, applicant_name, id_number, phone, grid_code, region_path, situation, \
    amount_asked, urgent, status, created_by, created_at, updated_at, paid_amount, paid_at, paid_by, payment_note";

#[derive(Debug, Clone, FromRow)]
pub struct DecisionRow {
    pub stage: String,
    pub approve: i64,
    pub reasons: String,
    pub checked: String,
    pub decided_by: String,
    pub decided_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewAid {
    pub tracking_code: String,
    pub kind: String,
    pub applicant_name: String,
    pub id_number: String,
    pub phone: String,
    pub grid_code: String,
    pub region_path: String,
    pub situation: String,
    pub amount_asked: i64,
    pub urgent: bool,
    pub created_by: String,
    pub created_at: i64,
}

pub async fn insert(conn: &mut Conn, a: &NewAid) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO aid_applications (tracking_code, kind, applicant_name, id_number, phone, grid_code, region_path, situation, \
         amount_asked, urgent, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'at_community', $11, $12, $12) RETURNING id",
    )
    .bind(&a.tracking_code)
    .bind(&a.kind)
    .bind(&a.applicant_name)
    .bind(&a.id_number)
    .bind(&a.phone)
    .bind(&a.grid_code)
    .bind(&a.region_path)
    .bind(&a.situation)
    .bind(a.amount_asked)
    .bind(i64::from(a.urgent))
    .bind(&a.created_by)
    .bind(a.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<AidRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM aid_applications WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

pub async fn load(conn: &mut Conn, id: i64) -> Result<Option<AidRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM aid_applications WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn by_tracking_code(pool: &AnyPool, code: &str) -> Result<Option<AidRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM aid_applications WHERE tracking_code = $1"
    ))
    .bind(code)
    .fetch_optional(pool)
    .await?)
}

/// Applications under a path: open ones first, oldest first; then the rest, newest first.
pub async fn within(pool: &AnyPool, path: &str, limit: i64) -> Result<Vec<AidRow>, StoreError> {
    let (lo, hi) = path_bounds(path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM aid_applications WHERE region_path >= $1 AND region_path < $2 \
         ORDER BY CASE WHEN status IN ('paid', 'refused') THEN 1 ELSE 0 END, \
         CASE WHEN status IN ('paid', 'refused') THEN -created_at ELSE created_at END LIMIT $3"
    ))
    .bind(lo)
    .bind(hi)
    .bind(limit.clamp(1, 2_000))
    .fetch_all(pool)
    .await?)
}

pub async fn of_applicant(pool: &AnyPool, username: &str) -> Result<Vec<AidRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM aid_applications WHERE created_by = $1 ORDER BY id DESC LIMIT 200"
    ))
    .bind(username)
    .fetch_all(pool)
    .await?)
}

/// Other applications by the same ID number: (id, tracking code, kind, status, created).
pub async fn same_person(
    pool: &AnyPool,
    id_number: &str,
    except: i64,
) -> Result<Vec<(i64, String, String, String, i64)>, StoreError> {
    Ok(sqlx::query_as("SELECT id, tracking_code, kind, status, created_at FROM aid_applications WHERE id_number = $1 AND id <> $2 ORDER BY id")
        .bind(id_number)
        .bind(except)
        .fetch_all(pool)
        .await?)
}

pub async fn decisions(pool: &AnyPool, id: i64) -> Result<Vec<DecisionRow>, StoreError> {
    Ok(sqlx::query_as("SELECT stage, approve, reasons, checked, decided_by, decided_at FROM aid_decisions WHERE application_id = $1 ORDER BY decided_at, id")
        .bind(id)
        .fetch_all(pool)
        .await?)
}

/// Records a step's decision and moves the application on. The (application, step) key
/// refuses a second decision at one step.
pub async fn decide(
    conn: &mut Conn,
    id: i64,
    d: &DecisionRow,
    next_status: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO aid_decisions (application_id, stage, approve, reasons, checked, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id)
        .bind(&d.stage)
        .bind(d.approve)
        .bind(&d.reasons)
        .bind(&d.checked)
        .bind(&d.decided_by)
        .bind(d.decided_at)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE aid_applications SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(next_status)
        .bind(d.decided_at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn pay(
    conn: &mut Conn,
    id: i64,
    amount: i64,
    by: &str,
    note: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE aid_applications SET status = 'paid', paid_amount = $1, paid_by = $2, payment_note = $3, paid_at = $4, updated_at = $4 WHERE id = $5")
        .bind(amount)
        .bind(by)
        .bind(note)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn add_document(
    conn: &mut Conn,
    id: i64,
    name: &str,
    content_type: &str,
    data: &[u8],
    by: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO aid_documents (application_id, name, content_type, size, data, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(id)
    .bind(name)
    .bind(content_type)
    .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
    .bind(data)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn documents(pool: &AnyPool, id: i64) -> Result<Vec<DocumentRow>, StoreError> {
    Ok(sqlx::query_as("SELECT id, name, content_type, size, uploaded_by, uploaded_at FROM aid_documents WHERE application_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(pool)
        .await?)
}

/// A document's type and bytes.
pub async fn document(
    pool: &AnyPool,
    id: i64,
    doc: i64,
) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT content_type, data FROM aid_documents WHERE application_id = $1 AND id = $2",
    )
    .bind(id)
    .bind(doc)
    .fetch_optional(pool)
    .await?)
}
