//! The audit chain. Every write and every read of personal data by staff appends an entry in
//! the same transaction. Each entry's hash covers the previous entry's hash, and a one-row head
//! records the last sequence number and hash, so an edited, deleted or truncated entry breaks
//! the chain where [`verify`] finds it. Someone who can write the database could still cut the
//! tail and fix the head, or recompute every hash; [`checkpoint`] anchors the chain outside
//! the database against that.

pub mod checkpoint;
pub(crate) mod reads;

pub use reads::FLUSH_EVERY;

use crate::{Conn, StoreError};
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};

/// The hash before the first entry.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an audit entry records: who did what to which record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: &'a str,
    pub detail: &'a str,
}

/// The hash of an entry: every field length-prefixed, after the hash of the entry before it.
pub fn entry_hash(prev: &str, seq: i64, at: i64, e: &Entry<'_>) -> String {
    let mut h = Sha256::new();
    for field in [
        prev,
        &seq.to_string(),
        &at.to_string(),
        e.actor,
        e.action,
        e.record_type,
        e.record_id,
        e.detail,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Appends an entry to the chain inside the caller's transaction. Inside the writer's group the
/// entry is carried to the group's end ([`crate::group`]) and commits with the write, appended with the
/// group's other entries; elsewhere it is appended at once.
///
/// The head row is updated and read in one statement, so a writer on another connection (a
/// command-line import while the server runs) queues on its row lock instead of forking the
/// chain; the server's own writes already come one at a time from its single writer.
pub async fn append(conn: &mut Conn, e: &Entry<'_>) -> Result<(), StoreError> {
    let entry = reads::Pending::now(e.actor, e.action, e.record_type, e.record_id, e.detail);
    match crate::group::keep_entry(entry) {
        None => Ok(()),
        Some(entry) => reads::append_all(conn, std::slice::from_ref(&entry)).await,
    }
}

/// The outcome of a chain check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every entry links to the one before it and the head matches the last.
    Intact { entries: i64 },
    /// The first place where the chain does not hold, and why.
    Broken { seq: i64, reason: String },
}

/// Walks the whole chain in sequence order.
pub async fn verify(pool: &AnyPool) -> Result<Verdict, StoreError> {
    let mut expected_seq = 1_i64;
    let mut prev = String::from(GENESIS);
    // The head as it is now: the chain is checked up to it, so entries the server appends
    // while the walk goes on (it never stops writing) are left for the next check.
    let (head_seq, head_hash) = checkpoint::head(pool).await?;
    loop {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, record_type, record_id, detail, prev_hash, hash \
             FROM audit_log WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT 5000",
        )
        .bind(expected_seq)
        .bind(head_seq)
        .fetch_all(pool)
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let seq: i64 = row.try_get("seq")?;
            if seq != expected_seq {
                return Ok(Verdict::Broken {
                    seq: expected_seq,
                    reason: format!("第 {expected_seq} 条记录缺失"),
                });
            }
            let (actor, action, record_type, record_id, detail): (
                String,
                String,
                String,
                String,
                String,
            ) = (
                row.try_get("actor")?,
                row.try_get("action")?,
                row.try_get("record_type")?,
                row.try_get("record_id")?,
                row.try_get("detail")?,
            );
            let entry = Entry {
                actor: &actor,
                action: &action,
                record_type: &record_type,
                record_id: &record_id,
                detail: &detail,
            };
            let stored_prev: String = row.try_get("prev_hash")?;
            let hash: String = row.try_get("hash")?;
            if stored_prev != prev {
                return Ok(Verdict::Broken {
                    seq,
                    reason: format!("第 {seq} 条记录与前一条不衔接"),
                });
            }
            if entry_hash(&prev, seq, row.try_get("at")?, &entry) != hash {
                return Ok(Verdict::Broken {
                    seq,
                    reason: format!("第 {seq} 条记录内容被改动"),
                });
            }
            prev = hash;
            expected_seq += 1;
        }
    }
    if head_seq != expected_seq - 1 || head_hash != prev {
        return Ok(Verdict::Broken {
            seq: expected_seq,
            reason: format!(
                "链尾不符:记录到第 {} 条,链头为第 {head_seq} 条",
                expected_seq - 1
            ),
        });
    }
    // Records past a head that has not moved were not written by the chain's writer. The head
    // and the records past it are read in one statement, so in one snapshot: read apart, a
    // group committed in between would show its records past the head read before it.
    let (now_seq, beyond): (i64, i64) = sqlx::query_as(
        "SELECT h.seq, (SELECT COUNT(*) FROM audit_log l WHERE l.seq > h.seq) \
         FROM audit_head h WHERE h.id = 1",
    )
    .fetch_one(pool)
    .await?;
    if now_seq == head_seq && beyond > 0 {
        return Ok(Verdict::Broken {
            seq: head_seq + 1,
            reason: format!("链头之后还有 {beyond} 条记录,不属于审计链"),
        });
    }
    Ok(Verdict::Intact {
        entries: expected_seq - 1,
    })
}

/// One entry as shown in a record's access log.
#[derive(Debug, Clone)]
pub struct Logged {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// The newest entries about one record, newest first: who read or changed it — with this
/// process's reads still queued for the chain, so a reader sees their own visit at once.
pub async fn for_record(
    store: &crate::Store,
    record_type: &str,
    record_id: &str,
    limit: i64,
) -> Result<Vec<Logged>, StoreError> {
    let queued: Vec<Logged> = store
        .queued_reads(record_type, record_id)
        .into_iter()
        .map(|p| Logged {
            at: p.at,
            actor: p.actor,
            action: p.action.to_owned(),
            detail: p.detail,
        })
        .collect();
    let pool = store.pool();
    let rows = sqlx::query(
        "SELECT at, actor, action, detail FROM audit_log WHERE record_type = $1 AND record_id = $2 \
         ORDER BY seq DESC LIMIT $3",
    )
    .bind(record_type)
    .bind(record_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let stored = rows.iter().map(|r| {
        Ok(Logged {
            at: r.try_get("at")?,
            actor: r.try_get("actor")?,
            action: r.try_get("action")?,
            detail: r.try_get("detail")?,
        })
    });
    // An entry committed between the two looks is in both: shown once.
    let stored = stored.collect::<Result<Vec<Logged>, StoreError>>()?;
    let fresh: Vec<Logged> = queued
        .into_iter()
        .filter(|q| {
            !stored
                .iter()
                .any(|s| s.at == q.at && s.actor == q.actor && s.action == q.action)
        })
        .collect();
    Ok(fresh
        .into_iter()
        .chain(stored)
        .take(usize::try_from(limit).unwrap_or(0))
        .collect())
}
