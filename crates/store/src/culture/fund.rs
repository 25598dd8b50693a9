//! The heroism fund's books as stored: accounts, append-only entries and postings (the
//! database refuses changes to them), closed periods, payouts awaiting a second officer.

use crate::{Conn, StoreError};
use fengqiao_core::culture::ledger::{Account, AccountKind, Entry, Posting};
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
struct AccountRow {
    code: String,
    name: String,
    kind: String,
    opened_on: String,
}

pub async fn accounts(conn: &mut Conn) -> Result<Vec<Account>, StoreError> {
    let rows: Vec<AccountRow> =
        sqlx::query_as("SELECT code, name, kind, opened_on FROM fund_accounts ORDER BY code")
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Account {
                kind: AccountKind::parse(&r.kind)?,
                code: r.code,
                name: r.name,
                opened_on: r.opened_on,
            })
        })
        .collect())
}

pub async fn open(conn: &mut Conn, a: &Account, by: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO fund_accounts (code, name, kind, opened_on, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&a.code)
        .bind(&a.name)
        .bind(a.kind.as_str())
        .bind(&a.opened_on)
        .bind(by)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The last closed day, if any.
pub async fn closed_through(conn: &mut Conn) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT MAX(closed_through) FROM fund_periods")
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn closed_days(conn: &mut Conn) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT closed_through FROM fund_periods ORDER BY closed_through")
            .fetch_all(&mut *conn)
            .await?,
    )
}

pub async fn close(conn: &mut Conn, day: &str, by: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO fund_periods (closed_through, closed_by, closed_at) VALUES ($1, $2, $3)",
    )
    .bind(day)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An entry to record, already checked by the ledger's rules.
pub struct NewEntry<'a> {
    pub day: &'a str,
    pub narration: &'a str,
    pub postings: &'a [Posting],
    /// The entry this one reverses.
    pub reverses: Option<i64>,
    /// The payout this entry pays.
    pub payout: Option<i64>,
    pub by: &'a str,
    pub now: i64,
}

/// Records an entry with its postings.
pub async fn record(conn: &mut Conn, e: &NewEntry<'_>) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar("INSERT INTO fund_entries (day, narration, reverses, payout_id, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(e.day)
        .bind(e.narration)
        .bind(e.reverses)
        .bind(e.payout)
        .bind(e.by)
        .bind(e.now)
        .fetch_one(&mut *conn)
        .await?;
    for (i, p) in e.postings.iter().enumerate() {
        sqlx::query(
            "INSERT INTO fund_postings (entry_id, line, account, fen) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(&p.account)
        .bind(p.fen)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

#[derive(Debug, Clone, FromRow)]
struct EntryRow {
    id: i64,
    day: String,
    narration: String,
    reverses: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
struct PostingRow {
    entry_id: i64,
    account: String,
    fen: i64,
}

/// Every entry with its postings, in order.
pub async fn entries(pool: &AnyPool) -> Result<Vec<Entry>, StoreError> {
    let rows: Vec<EntryRow> =
        sqlx::query_as("SELECT id, day, narration, reverses FROM fund_entries ORDER BY day, id")
            .fetch_all(pool)
            .await?;
    let lines: Vec<PostingRow> =
        sqlx::query_as("SELECT entry_id, account, fen FROM fund_postings ORDER BY entry_id, line")
            .fetch_all(pool)
            .await?;
    let mut by_entry: std::collections::HashMap<i64, Vec<Posting>> =
        std::collections::HashMap::new();
    for l in lines {
        by_entry.entry(l.entry_id).or_default().push(Posting {
            account: l.account,
            fen: l.fen,
        });
    }
    Ok(rows
        .into_iter()
        .map(|r| Entry {
            postings: by_entry.remove(&r.id).unwrap_or_default(),
            id: r.id,
            date: r.day,
            narration: r.narration,
            reverses: r.reverses,
        })
        .collect())
}

pub async fn entry(conn: &mut Conn, id: i64) -> Result<Option<Entry>, StoreError> {
    let Some(r): Option<EntryRow> =
        sqlx::query_as("SELECT id, day, narration, reverses FROM fund_entries WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let lines: Vec<PostingRow> = sqlx::query_as(
        "SELECT entry_id, account, fen FROM fund_postings WHERE entry_id = $1 ORDER BY line",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(Entry {
        postings: lines
            .into_iter()
            .map(|l| Posting {
                account: l.account,
                fen: l.fen,
            })
            .collect(),
        id: r.id,
        date: r.day,
        narration: r.narration,
        reverses: r.reverses,
    }))
}

/// The entry that reverses `id`, if one does.
pub async fn reversed_by(conn: &mut Conn, id: i64) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM fund_entries WHERE reverses = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

#[derive(Debug, Clone, FromRow)]
pub struct PayoutRow {
    pub id: i64,
    pub deed_id: i64,
    pub account: String,
    pub bank: String,
    pub fen: i64,
    pub payee: String,
    pub reason: String,
    pub day: String,
    pub state: String,
    pub proposed_by: String,
    pub proposed_at: i64,
    pub decided_by: Option<String>,
    pub entry_id: Option<i64>,
}

const PAYOUT: &str = "id, deed_id, account, bank, fen, payee, reason, day, state, proposed_by, proposed_at, decided_by, entry_id";

pub struct NewPayout<'a> {
    pub deed_id: i64,
    pub account: &'a str,
    pub bank: &'a str,
    pub fen: i64,
    pub payee: &'a str,
    pub reason: &'a str,
    pub day: &'a str,
    pub by: &'a str,
    pub now: i64,
}

pub async fn propose(conn: &mut Conn, p: &NewPayout<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO fund_payouts (deed_id, account, bank, fen, payee, reason, day, state, proposed_by, proposed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed', $8, $9) RETURNING id",
    )
    .bind(p.deed_id)
    .bind(p.account)
    .bind(p.bank)
    .bind(p.fen)
    .bind(p.payee)
    .bind(p.reason)
    .bind(p.day)
    .bind(p.by)
    .bind(p.now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn payouts(pool: &AnyPool) -> Result<Vec<PayoutRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PAYOUT} FROM fund_payouts ORDER BY id DESC"
    ))
    .fetch_all(pool)
    .await?)
}

pub async fn payout(conn: &mut Conn, id: i64) -> Result<Option<PayoutRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {PAYOUT} FROM fund_payouts WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Decides a proposed payout; false if it was decided already.
pub async fn decide(
    conn: &mut Conn,
    id: i64,
    state: &str,
    by: &str,
    entry: Option<i64>,
    now: i64,
) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE fund_payouts SET state = $1, decided_by = $2, decided_at = $3, entry_id = $4 WHERE id = $5 AND state = 'proposed'")
        .bind(state)
        .bind(by)
        .bind(now)
        .bind(entry)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}
