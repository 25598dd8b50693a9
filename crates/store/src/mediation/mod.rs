//! Storage of mediation cases: the case row (which carries the state machine's state), its
//! parties, its timeline of events, sessions, agreement, follow-ups and photos.

mod bulk;
mod overview;
mod parts;
mod query;
mod receipts;
mod report;
mod timeline;
pub mod words;

pub use bulk::{insert_bulk, BulkCase};
pub use overview::{period, worst_grids, Period, TroubledGrid};
pub use parts::*;
pub use query::*;
pub use receipts::{add_receipt, by_receipt, reported_by};
pub use report::*;
pub use timeline::{add_event, add_events, events, EventRow, NewEvent};

/// The placement policy the coordinator edits (调解定级策略).
pub const POLICY: crate::versioned::Document = crate::versioned::Document {
    table: "mediation_policies",
    audit_action: "mediation.policy",
};

use crate::{audit, dialect, group, now_ms, Conn, StoreError};
use fengqiao_core::mediation::{Category, PartyKind, PartySide, Source, Status};
use fengqiao_core::RiskLevel;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyPool, FromRow, Row};

/// A stored case.
#[derive(Debug, Clone, FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub tracking_code: String,
    #[sqlx(try_from = "String")]
    pub category: Category,
    #[sqlx(try_from = "String")]
    pub source: Source,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub level: i64,
    pub failed_at_level: i64,
    pub escalation_suggested: i64,
    pub followups_pending: i64,
    pub has_agreement: i64,
    pub last_followup_stable: Option<i64>,
    pub grid_code: String,
    pub region_path: String,
    pub address: String,
    pub address_key: String,
    pub parties_key: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub amount_yuan: f64,
    pub people: i64,
    pub households: i64,
    pub whole_compound: i64,
    pub litigation: i64,
    pub minor_fight: i64,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub risk_score: i64,
    #[sqlx(try_from = "String")]
    pub risk_level: RiskLevel,
    pub risk_reasons: String,
    pub policy_version: i64,
    pub reporter_phone: Option<String>,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub resolved_level: Option<i64>,
    pub closed_at: Option<i64>,
    pub referral: Option<String>,
}

pub(crate) const CASE_COLUMNS: &str = "d.id, d.tracking_code, d.category, d.source, d.description, d.status, d.level, \
    d.failed_at_level, d.escalation_suggested, d.followups_pending, d.has_agreement, d.last_followup_stable, \
    d.grid_code, d.region_path, d.address, d.address_key, d.parties_key, d.lon, d.lat, d.amount_yuan, d.people, \
    d.households, d.whole_compound, d.litigation, d.minor_fight, d.assignee, d.due_at, d.risk_score, d.risk_level, \
    d.risk_reasons, d.policy_version, d.reporter_phone, d.created_by, d.created_at, d.updated_at, d.resolved_at, \
    d.resolved_level, d.closed_at, d.referral";

/// A party to create with a case.
#[derive(Debug, Clone)]
pub struct NewParty {
    pub side: PartySide,
    pub kind: PartyKind,
    pub name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub vulnerability: Option<String>,
}

/// A case to create.
#[derive(Debug, Clone)]
pub struct NewCase {
    /// The level the policy placed the case at; `level` may be higher (early warning).
    pub placed_level: i64,
    pub tracking_code: String,
    pub idempotency_key: Option<String>,
    pub category: Category,
    pub source: Source,
    pub description: String,
    pub level: i64,
    pub grid_code: String,
    pub region_path: String,
    pub address: String,
    pub address_key: String,
    pub parties_key: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub amount_yuan: f64,
    pub people: i64,
    pub households: i64,
    pub whole_compound: bool,
    pub litigation: bool,
    pub minor_fight: bool,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub risk_score: i64,
    pub risk_level: RiskLevel,
    pub risk_reasons: String,
    pub policy_version: i64,
    pub reporter_phone: Option<String>,
    pub created_by: String,
    pub created_at: i64,
    pub search_text: String,
    pub parties: Vec<NewParty>,
}

/// Inserts a case with its parties, its words and its first timeline entries, and audits it;
/// returns its id.
///
/// The entries and the parties (and on SQLite the words, its separate full-text table) go to
/// the database with the case: one round trip on the writer instead of four ([`alongside`]).
///
/// In a job that sends its own savepoint (`Store::write_folded`), this is its first write: on
/// SQLite the savepoint's statements lead the same string.
///
/// A missing coordinate is written as a `NULL` literal rather than bound
/// ([`dialect::optional_f64`]), so the statement can stay prepared: the writer inserts cases
/// all day, and parsing this insert with its triggers each time was a share of every intake.
pub async fn insert(
    conn: &mut Conn,
    c: &NewCase,
    first: &[NewEvent<'_>],
) -> Result<i64, StoreError> {
    let reached = match c.placed_level {
        1 => "reached_l1",
        2 => "reached_l2",
        3 => "reached_l3",
        _ => "reached_l4",
    };
    let lon = dialect::optional_f64(c.lon, 28);
    let lat = dialect::optional_f64(c.lat, 28 + usize::from(c.lon.is_some()));
    let next = 28 + usize::from(c.lon.is_some()) + usize::from(c.lat.is_some());
    let case = format!(
        "INSERT INTO disputes ({reached}, tracking_code, idempotency_key, category, source, description, status, level, \
         grid_code, region_path, address, address_key, parties_key, amount_yuan, people, households, \
         whole_compound, litigation, minor_fight, assignee, due_at, risk_score, risk_level, risk_reasons, \
         policy_version, reporter_phone, created_by, created_at, updated_at, search_text, lon, lat) \
         VALUES (1, $1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
         $20, $21, $22, $23, $24, $25, $26, $26, $27, {lon}, {lat}) RETURNING id"
    );
    let mut query = alongside(conn, &case, 27, (first.len(), c.parties.len()), next);
    if dialect::is_postgres(conn) {
        group::open_savepoint(conn).await?;
    } else if let Some(savepoint) = group::take_savepoint() {
        query = format!("{savepoint}; {query}");
    }
    let mut insert = sqlx::query(&query)
        .bind(&c.tracking_code)
        .bind(c.idempotency_key.as_deref())
        .bind(c.category.as_str())
        .bind(c.source.as_str())
        .bind(&c.description)
        .bind(c.level)
        .bind(&c.grid_code)
        .bind(&c.region_path)
        .bind(&c.address)
        .bind(&c.address_key)
        .bind(&c.parties_key)
        .bind(c.amount_yuan)
        .bind(c.people)
        .bind(c.households)
        .bind(i64::from(c.whole_compound))
        .bind(i64::from(c.litigation))
        .bind(i64::from(c.minor_fight))
        .bind(c.assignee.as_deref())
        .bind(c.due_at)
        .bind(c.risk_score)
        .bind(c.risk_level.as_str())
        .bind(&c.risk_reasons)
        .bind(c.policy_version)
        .bind(c.reporter_phone.as_deref())
        .bind(&c.created_by)
        .bind(c.created_at)
        .bind(&c.search_text);
    for v in [c.lon, c.lat].into_iter().flatten() {
        insert = insert.bind(v);
    }
    let insert = bind_parties(timeline::bind_events(insert, first, now_ms()), &c.parties);
    // `fetch_all`: SQLite runs a string's later statements only while its rows are drained.
    let rows = insert.fetch_all(&mut *conn).await?;
    let id: i64 = rows
        .first()
        .ok_or_else(|| StoreError::Invalid("案件未能写入".into()))?
        .try_get("id")?;
    timeline::note_funnels(conn, id, first).await?;
    let entry = audit::Entry {
        actor: &c.created_by,
        action: "dispute.create",
        record_type: "dispute",
        record_id: &id.to_string(),
        detail: &c.tracking_code,
    };
    audit::append(conn, &entry).await?;
    Ok(id)
}

/// The case's insert (`… RETURNING id`) with what goes to the database alongside it: its first
/// timeline entries and its parties (how many of each; six parameters a row, from `$first`
/// on), and on SQLite its words into the separate full-text table (the insert's parameter
/// `$words`; PostgreSQL indexes the words by itself).
///
/// - PostgreSQL takes one statement with parameters at a time, so the entries and parties are
///   data-modifying `WITH` parts of one statement that name the case as `(SELECT id FROM d)`.
///   Their foreign keys are checked at the statement's end, when the case is there.
/// - SQLite takes a string of statements and numbers `$n` across them. `last_insert_rowid()`
///   is the dispute's id until another row is inserted (rows a trigger inserts do not count);
///   the entries and parties, whose own rows move it, find the case by its tracking code (`$1`,
///   unique).
fn alongside(
    conn: &Conn,
    case: &str,
    words: usize,
    (events, parties): (usize, usize),
    first: usize,
) -> String {
    if dialect::is_postgres(conn) {
        let id = "(SELECT id FROM d)";
        let mut sql = format!("WITH d AS ({case})");
        if events > 0 {
            sql.push_str(", e AS (");
            sql.push_str(&timeline::events_insert(events, first, id));
            sql.push(')');
        }
        if parties > 0 {
            sql.push_str(", p AS (");
            sql.push_str(&parties_insert(parties, first + 6 * events, id));
            sql.push(')');
        }
        sql.push_str(" SELECT id FROM d");
        return sql;
    }
    let id = "(SELECT id FROM disputes WHERE tracking_code = $1)";
    let mut sql = format!(
        "{case}; INSERT INTO disputes_fts (rowid, search_text) VALUES (last_insert_rowid(), ${words})"
    );
    if events > 0 {
        sql.push_str("; ");
        sql.push_str(&timeline::events_insert(events, first, id));
    }
    if parties > 0 {
        sql.push_str("; ");
        sql.push_str(&parties_insert(parties, first + 6 * events, id));
    }
    sql
}

/// The INSERT of `n` parties of the case `id` (a placeholder, or an expression naming a case
/// inserted earlier in the same string), six placeholders per party from `$first`.
fn parties_insert(n: usize, first: usize, id: &str) -> String {
    format!(
        "INSERT INTO dispute_parties (dispute_id, side, kind, name, phone, id_number, vulnerability) VALUES {}",
        dialect::values_rows_after(id, n, 6, first)
    )
}

/// Binds the parties for [`parties_insert`], in order.
fn bind_parties<'q>(
    mut q: Query<'q, Any, AnyArguments<'q>>,
    parties: &'q [NewParty],
) -> Query<'q, Any, AnyArguments<'q>> {
    for p in parties {
        q = q
            .bind(p.side.as_str())
            .bind(p.kind.as_str())
            .bind(&p.name)
            .bind(p.phone.as_deref())
            .bind(p.id_number.as_deref())
            .bind(p.vulnerability.as_deref());
    }
    q
}

/// The case created under an idempotency key, if any.
pub async fn by_idempotency_key(conn: &mut Conn, key: &str) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query("SELECT id FROM disputes WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.try_get("id").map_err(StoreError::from))
        .transpose()
}

/// Loads a case inside a write, locking its row on PostgreSQL.
pub async fn load_for_update(conn: &mut Conn, id: i64) -> Result<Option<CaseRow>, StoreError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM disputes d WHERE d.id = $1{}",
        dialect::for_update(conn)
    );
    Ok(sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// A case by id (`$1`) if its path lies in [`$2`, `$3`), the bounds of a scope's subtree.
pub(crate) static IN_SCOPE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("SELECT {CASE_COLUMNS} FROM disputes d WHERE d.id = $1 AND d.region_path >= $2 AND d.region_path < $3")
});

/// A case, if it lies inside the subtree with this path.
pub async fn get_in_scope<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    conn: E,
    id: i64,
    scope_path: &str,
) -> Result<Option<CaseRow>, StoreError> {
    let (lo, hi) = fengqiao_core::region::path_bounds(scope_path);
    Ok(sqlx::query_as(IN_SCOPE.as_str())
        .bind(id)
        .bind(lo)
        .bind(hi)
        .fetch_optional(conn)
        .await?)
}

pub async fn by_tracking_code(pool: &AnyPool, code: &str) -> Result<Option<CaseRow>, StoreError> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM disputes d WHERE d.tracking_code = $1");
    Ok(sqlx::query_as(&sql).bind(code).fetch_optional(pool).await?)
}

/// Everything about a case that actions change.
#[derive(Debug, Clone)]
pub struct CaseUpdate {
    pub status: Status,
    pub level: i64,
    pub failed_at_level: i64,
    pub escalation_suggested: bool,
    pub followups_pending: i64,
    pub has_agreement: bool,
    pub last_followup_stable: Option<bool>,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub risk_score: i64,
    pub risk_level: RiskLevel,
    pub risk_reasons: String,
    pub resolved_at: Option<i64>,
    pub resolved_level: Option<i64>,
    pub closed_at: Option<i64>,
    pub referral: Option<String>,
}

impl CaseUpdate {
    /// The update that leaves a case as it is.
    pub fn of(c: &CaseRow) -> CaseUpdate {
        CaseUpdate {
            status: c.status,
            level: c.level,
            failed_at_level: c.failed_at_level,
            escalation_suggested: c.escalation_suggested != 0,
            followups_pending: c.followups_pending,
            has_agreement: c.has_agreement != 0,
            last_followup_stable: c.last_followup_stable.map(|v| v != 0),
            assignee: c.assignee.clone(),
            due_at: c.due_at,
            risk_score: c.risk_score,
            risk_level: c.risk_level,
            risk_reasons: c.risk_reasons.clone(),
            resolved_at: c.resolved_at,
            resolved_level: c.resolved_level,
            closed_at: c.closed_at,
            referral: c.referral.clone(),
        }
    }
}

/// Writes a case's new state and audits the action that produced it.
pub async fn save(
    conn: &mut Conn,
    id: i64,
    actor: &str,
    action: &str,
    u: &CaseUpdate,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE disputes SET status = $1, level = $2, failed_at_level = $3, escalation_suggested = $4, \
         followups_pending = $5, has_agreement = $6, last_followup_stable = $7, assignee = $8, due_at = $9, \
         risk_score = $10, risk_level = $11, risk_reasons = $12, resolved_at = $13, resolved_level = $14, \
         closed_at = $15, referral = $16, updated_at = $17 WHERE id = $18",
    )
    .bind(u.status.as_str())
    .bind(u.level)
    .bind(u.failed_at_level)
    .bind(i64::from(u.escalation_suggested))
    .bind(u.followups_pending)
    .bind(i64::from(u.has_agreement))
    .bind(u.last_followup_stable.map(i64::from))
    .bind(u.assignee.as_deref())
    .bind(u.due_at)
    .bind(u.risk_score)
    .bind(u.risk_level.as_str())
    .bind(&u.risk_reasons)
    .bind(u.resolved_at)
    .bind(u.resolved_level)
    .bind(u.closed_at)
    .bind(u.referral.as_deref())
    .bind(now_ms())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let entry = audit::Entry {
        actor,
        action,
        record_type: "dispute",
        record_id: &id.to_string(),
        detail: u.status.as_str(),
    };
    audit::append(conn, &entry).await?;
    Ok(())
}

/// A case by id, whatever the scope (for code that has already checked it).
pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<CaseRow>, StoreError> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM disputes d WHERE d.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?)
}

/// The case the same phone reported in the same grid since `since` — a resident reporting the
/// same thing twice in a day.
pub async fn same_report(
    conn: &mut Conn,
    phone: &str,
    grid_code: &str,
    since: i64,
) -> Result<Option<(i64, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, tracking_code FROM disputes WHERE reporter_phone = $1 AND created_at >= $2 \
         AND grid_code = $3 ORDER BY id LIMIT 1",
    )
    .bind(phone)
    .bind(since)
    .bind(grid_code)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Cases residents or the hotline reported, created in `[from, to)`, newest first — what the
/// public Open311 listing may show (without names or descriptions).
pub async fn publicly_reported(
    pool: &AnyPool,
    from: i64,
    to: i64,
    limit: i64,
) -> Result<Vec<CaseRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CASE_COLUMNS} FROM disputes d WHERE d.created_at >= $1 AND d.created_at < $2 \
         AND d.source IN ('resident', 'hotline_12345') ORDER BY d.created_at DESC LIMIT {}",
        limit.clamp(1, 1000)
    ))
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}
