//! The parts of a case beside its row: parties, sessions, the agreement, follow-up visits,
//! photos, the mediator pool and the versioned placement policy.

use crate::{audit, now_ms, Conn, StoreError};
use fengqiao_core::mediation::{Outcome, PartyKind, PartySide, SessionMode};
use futures_util::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, AnyPool, Either, Executor, FromRow, Row};
use std::sync::LazyLock;

/// Everything a case page shows beside the case row.
#[derive(Debug, Clone)]
pub struct CaseParts {
    pub parties: Vec<PartyRow>,
    pub sessions: Vec<SessionRow>,
    pub agreement: Option<AgreementRow>,
    pub followups: Vec<FollowUpRow>,
    pub photos: Vec<PhotoMeta>,
    pub events: Vec<crate::mediation::EventRow>,
    /// The accounts the case names (its assignee, the timeline's actors, who held a session or
    /// recorded a visit): username, name and role, for showing people by name.
    pub people: Vec<(String, String, String)>,
}

const PARTIES: &str =
    "SELECT id, side, kind, name, phone, id_number, vulnerability FROM dispute_parties \
     WHERE dispute_id = $1 ORDER BY id";
const SESSIONS: &str =
    "SELECT id, level, held_at, mediators, parties_present, mode, outcome, notes, recorded_by \
     FROM dispute_sessions WHERE dispute_id = $1 ORDER BY held_at, id";
const AGREEMENT: &str =
    "SELECT terms, signatures, agreed_at, performance, performance_note, judicial_applied_at, \
     judicial_filed_at, judicial_result, created_by FROM dispute_agreements WHERE dispute_id = $1";
const FOLLOWUPS: &str =
    "SELECT id, seq, due_at, done_at, result, notes, done_by FROM dispute_followups \
     WHERE dispute_id = $1 ORDER BY id";
const PHOTOS: &str =
    "SELECT id, content_type, size, created_at FROM dispute_photos WHERE dispute_id = $1 ORDER BY id";
const PEOPLE: &str = "SELECT username, name, role FROM accounts WHERE username IN (\
     SELECT assignee FROM disputes WHERE id = $1 \
     UNION SELECT actor FROM dispute_events WHERE dispute_id = $1 \
     UNION SELECT recorded_by FROM dispute_sessions WHERE dispute_id = $1 \
     UNION SELECT done_by FROM dispute_followups WHERE dispute_id = $1)";

/// The case with this id if it lies inside the subtree with `scope_path`, with everything its
/// page shows. On PostgreSQL the parts are read one after another on one connection: taken
/// from the readers' pool part by part, under load each take queued behind every other
/// request's.
pub async fn page(
    pool: &AnyPool,
    id: i64,
    scope_path: &str,
) -> Result<Option<(super::CaseRow, CaseParts)>, StoreError> {
    let mut conn = pool.acquire().await?;
    if conn.backend_name() == "SQLite" {
        return page_at_once(&mut conn, id, scope_path).await;
    }
    let Some(case) = super::get_in_scope(&mut *conn, id, scope_path).await? else {
        return Ok(None);
    };
    let parts = CaseParts {
        parties: parties(&mut *conn, id).await?,
        sessions: sessions(&mut *conn, id).await?,
        agreement: agreement(&mut *conn, id).await?,
        followups: followups(&mut *conn, id).await?,
        photos: photos(&mut *conn, id).await?,
        events: crate::mediation::events(&mut *conn, id).await?,
        people: people(&mut *conn, id).await?,
    };
    Ok(Some((case, parts)))
}

/// On SQLite the eight statements go to the connection's thread as one string, so the case
/// page pays one round trip between threads instead of eight (each was two task switches,
/// which under load were a third of the server's time). Every statement's `$1` is the case's
/// id; the driver ends each statement's rows with its result, which splits them here. A case
/// outside the scope answers `None`: its parts were read with it and are dropped unseen.
async fn page_at_once(
    conn: &mut AnyConnection,
    id: i64,
    scope_path: &str,
) -> Result<Option<(super::CaseRow, CaseParts)>, StoreError> {
    static ALL: LazyLock<String> = LazyLock::new(|| {
        [
            super::IN_SCOPE.as_str(),
            PARTIES,
            SESSIONS,
            AGREEMENT,
            FOLLOWUPS,
            PHOTOS,
            crate::mediation::timeline::EVENTS,
            PEOPLE,
        ]
        .join(";\n")
    });
    let (lo, hi) = fengqiao_core::region::path_bounds(scope_path);
    let mut groups: Vec<Vec<AnyRow>> = vec![Vec::new()];
    {
        let query = sqlx::query(ALL.as_str()).bind(id).bind(lo).bind(hi);
        let mut steps = conn.fetch_many(query);
        while let Some(step) = steps.try_next().await? {
            match step {
                Either::Left(_) => groups.push(Vec::new()),
                Either::Right(row) => {
                    if let Some(g) = groups.last_mut() {
                        g.push(row);
                    }
                }
            }
        }
    }
    let mut groups = groups.into_iter();
    let mut next = || groups.next().unwrap_or_default();
    let Some(case) = decode(next())?.into_iter().next() else {
        return Ok(None);
    };
    let parts = CaseParts {
        parties: decode(next())?,
        sessions: decode(next())?,
        agreement: decode(next())?.into_iter().next(),
        followups: decode(next())?,
        photos: decode(next())?,
        events: decode(next())?,
        people: next().iter().map(person).collect::<Result<_, _>>()?,
    };
    Ok(Some((case, parts)))
}

async fn people<'e, E: Executor<'e, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Vec<(String, String, String)>, StoreError> {
    let rows = sqlx::query(PEOPLE).bind(id).fetch_all(conn).await?;
    rows.iter().map(person).collect()
}

fn person(r: &AnyRow) -> Result<(String, String, String), StoreError> {
    Ok((
        r.try_get("username")?,
        r.try_get("name")?,
        r.try_get("role")?,
    ))
}

fn decode<T: for<'r> FromRow<'r, AnyRow>>(rows: Vec<AnyRow>) -> Result<Vec<T>, StoreError> {
    rows.iter()
        .map(|r| T::from_row(r).map_err(StoreError::from))
        .collect()
}

#[derive(Debug, Clone, FromRow)]
pub struct PartyRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub side: PartySide,
    #[sqlx(try_from = "String")]
    pub kind: PartyKind,
    pub name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub vulnerability: Option<String>,
}

pub async fn parties<'e, E: Executor<'e, Database = Any>>(
    pool: E,
    id: i64,
) -> Result<Vec<PartyRow>, StoreError> {
    Ok(sqlx::query_as(PARTIES).bind(id).fetch_all(pool).await?)
}

/// Vulnerabilities of a case's parties (for the early warning inside a write).
pub async fn vulnerabilities(conn: &mut Conn, id: i64) -> Result<Vec<String>, StoreError> {
    let rows = sqlx::query("SELECT vulnerability FROM dispute_parties WHERE dispute_id = $1 AND vulnerability IS NOT NULL")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| r.try_get("vulnerability").map_err(StoreError::from))
        .collect()
}

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub level: i64,
    pub held_at: i64,
    pub mediators: String,
    pub parties_present: String,
    #[sqlx(try_from = "String")]
    pub mode: SessionMode,
    #[sqlx(try_from = "String")]
    pub outcome: Outcome,
    pub notes: String,
    pub recorded_by: String,
}

/// A session to record.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub level: i64,
    pub held_at: i64,
    pub mediators: String,
    pub parties_present: String,
    pub mode: SessionMode,
    pub outcome: Outcome,
    pub notes: String,
    pub recorded_by: String,
}

pub async fn add_session(conn: &mut Conn, id: i64, s: &NewSession) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO dispute_sessions (dispute_id, level, held_at, mediators, parties_present, mode, outcome, notes, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(s.level)
    .bind(s.held_at)
    .bind(&s.mediators)
    .bind(&s.parties_present)
    .bind(s.mode.as_str())
    .bind(s.outcome.as_str())
    .bind(&s.notes)
    .bind(&s.recorded_by)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn sessions<'e, E: Executor<'e, Database = Any>>(
    pool: E,
    id: i64,
) -> Result<Vec<SessionRow>, StoreError> {
    Ok(sqlx::query_as(SESSIONS).bind(id).fetch_all(pool).await?)
}

/// Every session's notes (for the early warning inside a write).
pub async fn session_notes(conn: &mut Conn, id: i64) -> Result<Vec<String>, StoreError> {
    let rows = sqlx::query("SELECT notes FROM dispute_sessions WHERE dispute_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| r.try_get("notes").map_err(StoreError::from))
        .collect()
}

#[derive(Debug, Clone, FromRow)]
pub struct AgreementRow {
    pub terms: String,
    pub signatures: String,
    pub agreed_at: i64,
    pub performance: String,
    pub performance_note: String,
    pub judicial_applied_at: Option<i64>,
    pub judicial_filed_at: Option<i64>,
    pub judicial_result: Option<String>,
    pub created_by: String,
}

/// Records (or, after an unstable follow-up, replaces) a case's agreement.
pub async fn put_agreement(
    conn: &mut Conn,
    id: i64,
    terms: &str,
    signatures: &str,
    agreed_at: i64,
    by: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM dispute_agreements WHERE dispute_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO dispute_agreements (dispute_id, terms, signatures, agreed_at, created_by) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(terms)
    .bind(signatures)
    .bind(agreed_at)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Performance tracking and judicial confirmation of an existing agreement.
#[derive(Debug, Clone, Default)]
pub struct AgreementProgress {
    pub performance: Option<String>,
    pub performance_note: Option<String>,
    pub judicial_applied_at: Option<i64>,
    pub judicial_filed_at: Option<i64>,
    pub judicial_result: Option<String>,
}

pub async fn update_agreement(
    conn: &mut Conn,
    id: i64,
    actor: &str,
    p: &AgreementProgress,
) -> Result<(), StoreError> {
    let n = sqlx::query(
        "UPDATE dispute_agreements SET performance = COALESCE($1, performance), performance_note = COALESCE($2, performance_note), \
         judicial_applied_at = COALESCE($3, judicial_applied_at), judicial_filed_at = COALESCE($4, judicial_filed_at), \
         judicial_result = COALESCE($5, judicial_result) WHERE dispute_id = $6",
    )
    .bind(p.performance.as_deref())
    .bind(p.performance_note.as_deref())
    .bind(p.judicial_applied_at)
    .bind(p.judicial_filed_at)
    .bind(p.judicial_result.as_deref())
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    let entry = audit::Entry {
        actor,
        action: "dispute.agreement_update",
        record_type: "dispute",
        record_id: &id.to_string(),
        detail: "",
    };
    audit::append(conn, &entry).await?;
    Ok(())
}

pub async fn agreement<'e, E: Executor<'e, Database = Any>>(
    pool: E,
    id: i64,
) -> Result<Option<AgreementRow>, StoreError> {
    Ok(sqlx::query_as(AGREEMENT)
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct FollowUpRow {
    pub id: i64,
    pub seq: i64,
    pub due_at: i64,
    pub done_at: Option<i64>,
    pub result: Option<String>,
    pub notes: String,
    pub done_by: Option<String>,
}

/// Schedules follow-up visits; pending ones from an earlier agreement are cancelled first.
pub async fn schedule_followups(conn: &mut Conn, id: i64, due: &[i64]) -> Result<(), StoreError> {
    cancel_followups(conn, id).await?;
    for (i, at) in due.iter().enumerate() {
        sqlx::query("INSERT INTO dispute_followups (dispute_id, seq, due_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(i as i64 + 1)
            .bind(*at)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Marks every pending follow-up of a case as cancelled (the case reopened).
pub async fn cancel_followups(conn: &mut Conn, id: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE dispute_followups SET result = 'cancelled', done_at = $1 WHERE dispute_id = $2 AND done_at IS NULL")
        .bind(now_ms())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// When the next pending follow-up of a case is due, if one is.
pub async fn next_followup_due(conn: &mut Conn, id: i64) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT due_at FROM dispute_followups WHERE dispute_id = $1 AND done_at IS NULL ORDER BY seq LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Completes the earliest pending follow-up of a case and returns its sequence number.
pub async fn complete_followup(
    conn: &mut Conn,
    id: i64,
    result: &str,
    notes: &str,
    by: &str,
) -> Result<Option<i64>, StoreError> {
    let next = sqlx::query("SELECT id, seq FROM dispute_followups WHERE dispute_id = $1 AND done_at IS NULL ORDER BY seq LIMIT 1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(next) = next else { return Ok(None) };
    let (fid, seq): (i64, i64) = (next.try_get("id")?, next.try_get("seq")?);
    sqlx::query("UPDATE dispute_followups SET done_at = $1, result = $2, notes = $3, done_by = $4 WHERE id = $5")
        .bind(now_ms())
        .bind(result)
        .bind(notes)
        .bind(by)
        .bind(fid)
        .execute(&mut *conn)
        .await?;
    Ok(Some(seq))
}

pub async fn followups<'e, E: Executor<'e, Database = Any>>(
    pool: E,
    id: i64,
) -> Result<Vec<FollowUpRow>, StoreError> {
    Ok(sqlx::query_as(FOLLOWUPS).bind(id).fetch_all(pool).await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct PhotoMeta {
    pub id: i64,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
}

pub async fn add_photo(
    conn: &mut Conn,
    id: i64,
    content_type: &str,
    data: &[u8],
    by: &str,
) -> Result<i64, StoreError> {
    let photo: i64 = sqlx::query(
        "INSERT INTO dispute_photos (dispute_id, content_type, size, data, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(id)
    .bind(content_type)
    .bind(data.len() as i64)
    .bind(data)
    .bind(by)
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    let entry = audit::Entry {
        actor: by,
        action: "dispute.photo_add",
        record_type: "dispute",
        record_id: &id.to_string(),
        detail: content_type,
    };
    audit::append(conn, &entry).await?;
    Ok(photo)
}

pub async fn photos<'e, E: Executor<'e, Database = Any>>(
    pool: E,
    id: i64,
) -> Result<Vec<PhotoMeta>, StoreError> {
    Ok(sqlx::query_as(PHOTOS).bind(id).fetch_all(pool).await?)
}

pub async fn photo(
    pool: &AnyPool,
    id: i64,
    photo_id: i64,
) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    let row = sqlx::query(
        "SELECT content_type, data FROM dispute_photos WHERE dispute_id = $1 AND id = $2",
    )
    .bind(id)
    .bind(photo_id)
    .fetch_optional(pool)
    .await?;
    row.map(|r| Ok((r.try_get("content_type")?, r.try_get("data")?)))
        .transpose()
}

#[derive(Debug, Clone, FromRow)]
pub struct MediatorRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub organisation: String,
    pub region_code: String,
}

pub async fn add_mediator(
    conn: &mut Conn,
    name: &str,
    kind: &str,
    organisation: &str,
    region_code: &str,
    actor: &str,
) -> Result<i64, StoreError> {
    let path: String = sqlx::query("SELECT path FROM regions WHERE code = $1")
        .bind(region_code)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::Invalid(format!("区划 {region_code} 不存在")))?
        .try_get("path")?;
    let id: i64 = sqlx::query(
        "INSERT INTO mediators (name, kind, organisation, region_code, region_path) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(name)
    .bind(kind)
    .bind(organisation)
    .bind(region_code)
    .bind(&path)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    let entry = audit::Entry {
        actor,
        action: "mediator.create",
        record_type: "mediator",
        record_id: &id.to_string(),
        detail: name,
    };
    audit::append(conn, &entry).await?;
    Ok(id)
}

/// The mediator pool serving a region: members bound to it or to any region above it.
pub async fn mediators_for(
    pool: &AnyPool,
    region_path: &str,
) -> Result<Vec<MediatorRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, name, kind, organisation, region_code FROM mediators WHERE $1 LIKE region_path || '%' ORDER BY kind, id",
    )
    .bind(region_path)
    .fetch_all(pool)
    .await?)
}
