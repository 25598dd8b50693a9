//! Campaigns, nominees, verified people and their votes. A vote's primary key is the campaign
//! and the person's keyed hash, so whichever channel and node writes a person's second vote,
//! the database refuses it; the tally moves in the same transaction as the vote.

use crate::{Conn, StoreError};
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct CampaignRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub phase: String,
    pub created_at: i64,
    pub announced_at: Option<i64>,
    pub announcement: Option<String>,
}

const CAMPAIGN: &str =
    "id, kind, title, description, phase, created_at, announced_at, announcement";

pub async fn insert(
    conn: &mut Conn,
    kind: &str,
    title: &str,
    description: &str,
    by: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("INSERT INTO culture_campaigns (kind, title, description, phase, created_by, created_at) VALUES ($1, $2, $3, 'nomination', $4, $5) RETURNING id")
        .bind(kind)
        .bind(title)
        .bind(description)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?)
}

pub async fn all(pool: &AnyPool) -> Result<Vec<CampaignRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CAMPAIGN} FROM culture_campaigns ORDER BY id DESC"
    ))
    .fetch_all(pool)
    .await?)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<CampaignRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CAMPAIGN} FROM culture_campaigns WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// Moves the campaign from `from` to `to`; false if it was no longer at `from`.
pub async fn set_phase(
    conn: &mut Conn,
    id: i64,
    from: &str,
    to: &str,
    announcement: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE culture_campaigns SET phase = $1, announcement = COALESCE($2, announcement), announced_at = CASE WHEN $2 IS NULL THEN announced_at ELSE $3 END WHERE id = $4 AND phase = $5")
        .bind(to)
        .bind(announcement)
        .bind(now)
        .bind(id)
        .bind(from)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, FromRow)]
pub struct NomineeRow {
    pub id: i64,
    pub campaign_id: i64,
    pub name: String,
    pub summary: String,
    pub evidence: String,
    pub grid_code: String,
    pub region_path: String,
    pub nominated_by: String,
    pub nominated_at: i64,
    pub state: String,
    pub review_note: Option<String>,
}

const NOMINEE: &str = "id, campaign_id, name, summary, evidence, grid_code, region_path, nominated_by, nominated_at, state, review_note";

pub struct NewNominee<'a> {
    pub campaign_id: i64,
    pub name: &'a str,
    pub summary: &'a str,
    pub evidence: &'a str,
    pub grid_code: &'a str,
    pub region_path: &'a str,
    pub by: &'a str,
    pub now: i64,
}

pub async fn nominate(conn: &mut Conn, n: &NewNominee<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO culture_nominees (campaign_id, name, summary, evidence, grid_code, region_path, nominated_by, nominated_at, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'nominated') RETURNING id",
    )
    .bind(n.campaign_id)
    .bind(n.name)
    .bind(n.summary)
    .bind(n.evidence)
    .bind(n.grid_code)
    .bind(n.region_path)
    .bind(n.by)
    .bind(n.now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn nominees(pool: &AnyPool, campaign: i64) -> Result<Vec<NomineeRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {NOMINEE} FROM culture_nominees WHERE campaign_id = $1 ORDER BY id"
    ))
    .bind(campaign)
    .fetch_all(pool)
    .await?)
}

pub async fn nominee(pool: &AnyPool, id: i64) -> Result<Option<NomineeRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {NOMINEE} FROM culture_nominees WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

pub async fn review(
    conn: &mut Conn,
    id: i64,
    state: &str,
    by: &str,
    note: &str,
) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE culture_nominees SET state = $1, reviewed_by = $2, review_note = $3 WHERE id = $4",
    )
    .bind(state)
    .bind(by)
    .bind(note)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, FromRow)]
pub struct PersonRow {
    pub person: String,
    pub name: String,
    pub grid_code: String,
    pub region_path: String,
    pub method: String,
    pub verified_by: String,
    pub verified_at: i64,
    pub username: Option<String>,
}

const PERSON: &str =
    "person, name, grid_code, region_path, method, verified_by, verified_at, username";

pub async fn person(conn: &mut Conn, person: &str) -> Result<Option<PersonRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PERSON} FROM culture_people WHERE person = $1"
    ))
    .bind(person)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn person_of(pool: &AnyPool, username: &str) -> Result<Option<PersonRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PERSON} FROM culture_people WHERE username = $1"
    ))
    .bind(username)
    .fetch_optional(pool)
    .await?)
}

/// Records a verification: a new person, or the same person again (their place, method and
/// account brought up to date — their votes stay theirs, being keyed by the person). An
/// account belongs to one person: linking it here unlinks it from anyone else.
pub async fn verify(conn: &mut Conn, p: &PersonRow) -> Result<(), StoreError> {
    if let Some(u) = &p.username {
        sqlx::query(
            "UPDATE culture_people SET username = NULL WHERE username = $1 AND person <> $2",
        )
        .bind(u)
        .bind(&p.person)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO culture_people (person, name, grid_code, region_path, method, verified_by, verified_at, username) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (person) DO UPDATE SET name = excluded.name, grid_code = excluded.grid_code, region_path = excluded.region_path, \
         method = excluded.method, verified_by = excluded.verified_by, verified_at = excluded.verified_at, \
         username = COALESCE(excluded.username, culture_people.username)",
    )
    .bind(&p.person)
    .bind(&p.name)
    .bind(&p.grid_code)
    .bind(&p.region_path)
    .bind(&p.method)
    .bind(&p.verified_by)
    .bind(p.verified_at)
    .bind(&p.username)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Stores a vote and counts it; a second vote by the person in the campaign is a
/// `StoreError::Conflict` naming `culture_votes`.
pub async fn cast(
    conn: &mut Conn,
    campaign: i64,
    person: &str,
    nominee: i64,
    channel: &str,
    by: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO culture_votes (campaign_id, person, nominee_id, channel, cast_by, cast_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(campaign)
        .bind(person)
        .bind(nominee)
        .bind(channel)
        .bind(by)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO culture_tallies (campaign_id, nominee_id, channel, votes) VALUES ($1, $2, $3, 1) ON CONFLICT (campaign_id, nominee_id, channel) DO UPDATE SET votes = culture_tallies.votes + 1")
        .bind(campaign)
        .bind(nominee)
        .bind(channel)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct VoteRow {
    pub nominee_id: i64,
    pub channel: String,
    pub cast_by: String,
    pub cast_at: i64,
}

pub async fn vote_of(
    pool: &AnyPool,
    campaign: i64,
    person: &str,
) -> Result<Option<VoteRow>, StoreError> {
    Ok(sqlx::query_as("SELECT nominee_id, channel, cast_by, cast_at FROM culture_votes WHERE campaign_id = $1 AND person = $2").bind(campaign).bind(person).fetch_optional(pool).await?)
}

/// The kept tally: (nominee, channel, votes).
pub async fn tally(pool: &AnyPool, campaign: i64) -> Result<Vec<(i64, String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT nominee_id, channel, votes FROM culture_tallies WHERE campaign_id = $1",
    )
    .bind(campaign)
    .fetch_all(pool)
    .await?)
}

/// The count of each nominee recounted from the stored votes themselves: (nominee, votes).
pub async fn recount(conn: &mut Conn, campaign: i64) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT nominee_id, COUNT(*) FROM culture_votes WHERE campaign_id = $1 GROUP BY nominee_id",
    )
    .bind(campaign)
    .fetch_all(&mut *conn)
    .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct CodeRow {
    pub person: String,
    pub name: String,
    pub code_hash: String,
    pub sent_at: i64,
    pub expires_at: i64,
    pub attempts: i64,
}

pub async fn code_of(conn: &mut Conn, username: &str) -> Result<Option<CodeRow>, StoreError> {
    Ok(sqlx::query_as("SELECT person, name, code_hash, sent_at, expires_at, attempts FROM culture_phone_codes WHERE username = $1").bind(username).fetch_optional(&mut *conn).await?)
}

pub async fn put_code(conn: &mut Conn, username: &str, c: &CodeRow) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO culture_phone_codes (username, person, name, code_hash, sent_at, expires_at, attempts) VALUES ($1, $2, $3, $4, $5, $6, 0) \
         ON CONFLICT (username) DO UPDATE SET person = excluded.person, name = excluded.name, code_hash = excluded.code_hash, \
         sent_at = excluded.sent_at, expires_at = excluded.expires_at, attempts = 0",
    )
    .bind(username)
    .bind(&c.person)
    .bind(&c.name)
    .bind(&c.code_hash)
    .bind(c.sent_at)
    .bind(c.expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn count_attempt(conn: &mut Conn, username: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE culture_phone_codes SET attempts = attempts + 1 WHERE username = $1")
        .bind(username)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn drop_code(conn: &mut Conn, username: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM culture_phone_codes WHERE username = $1")
        .bind(username)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Nominations waiting for the culture team, with their campaign's title: (campaign, title, waiting).
pub async fn waiting_review<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
) -> Result<Vec<(i64, String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.title, COUNT(n.id) FROM culture_campaigns c JOIN culture_nominees n ON n.campaign_id = c.id \
         WHERE c.phase = 'review' AND n.state = 'nominated' GROUP BY c.id, c.title ORDER BY c.id",
    )
    .fetch_all(pool)
    .await?)
}

/// Whether a nominee may be voted for now: it is accepted in this campaign and the campaign is
/// in its public vote. One query, as every vote asks it.
pub async fn open_for_votes(
    pool: &AnyPool,
    campaign: i64,
    nominee: i64,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT c.phase FROM culture_campaigns c LEFT JOIN culture_nominees n ON n.campaign_id = c.id AND n.id = $2 AND n.state = 'accepted' WHERE c.id = $1 AND (c.phase <> 'voting' OR n.id IS NOT NULL)")
        .bind(campaign)
        .bind(nominee)
        .fetch_optional(pool)
        .await?)
}

/// The account's verified person and, if they voted in the campaign, for whom: one query.
pub async fn voter(
    pool: &AnyPool,
    username: &str,
    campaign: i64,
) -> Result<Option<(String, Option<i64>)>, StoreError> {
    Ok(sqlx::query_as("SELECT p.person, v.nominee_id FROM culture_people p LEFT JOIN culture_votes v ON v.person = p.person AND v.campaign_id = $2 WHERE p.username = $1")
        .bind(username)
        .bind(campaign)
        .fetch_optional(pool)
        .await?)
}
