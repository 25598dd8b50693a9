//! A case's timeline: every event with its actor and level change, and the funnel columns an
//! event moves.

use crate::{now_ms, Conn, StoreError};
use fengqiao_core::mediation::CaseEvent;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, FromRow};

/// One entry of a case's timeline.
#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    #[sqlx(try_from = "String")]
    pub kind: CaseEvent,
    pub level_from: Option<i64>,
    pub level_to: Option<i64>,
    pub detail: String,
}

/// Appends to a case's timeline.
pub async fn add_event(
    conn: &mut Conn,
    id: i64,
    actor: &str,
    kind: CaseEvent,
    levels: (Option<i64>, Option<i64>),
    detail: &str,
) -> Result<(), StoreError> {
    add_events(
        conn,
        id,
        &[NewEvent {
            actor,
            kind,
            levels,
            detail,
        }],
    )
    .await
}

/// One entry to append to a timeline.
#[derive(Debug, Clone, Copy)]
pub struct NewEvent<'a> {
    pub actor: &'a str,
    pub kind: CaseEvent,
    /// The level left and the level reached, where the event moves the case.
    pub levels: (Option<i64>, Option<i64>),
    pub detail: &'a str,
}

/// Appends several entries to a case's timeline in one statement, in the order given (a new
/// case gets three or four at once, and every statement is a round trip on the writer).
pub async fn add_events(
    conn: &mut Conn,
    id: i64,
    events: &[NewEvent<'_>],
) -> Result<(), StoreError> {
    if events.is_empty() {
        return Ok(());
    }
    let query = events_insert(events.len(), 2, "$1");
    let insert = bind_events(sqlx::query(&query).bind(id), events, now_ms());
    insert.execute(&mut *conn).await?;
    note_funnels(conn, id, events).await
}

/// The INSERT of `n` timeline entries of the case `id` (a placeholder, or an expression naming
/// a case inserted earlier in the same string), six placeholders per entry from `$first`.
pub(super) fn events_insert(n: usize, first: usize, id: &str) -> String {
    format!(
        "INSERT INTO dispute_events (dispute_id, at, actor, kind, level_from, level_to, detail) VALUES {}",
        crate::dialect::values_rows_after(id, n, 6, first)
    )
}

/// Binds the entries for [`events_insert`], in order.
pub(super) fn bind_events<'q>(
    mut q: Query<'q, Any, AnyArguments<'q>>,
    events: &'q [NewEvent<'q>],
    at: i64,
) -> Query<'q, Any, AnyArguments<'q>> {
    for e in events {
        q = q
            .bind(at)
            .bind(e.actor)
            .bind(e.kind.as_str())
            .bind(e.levels.0)
            .bind(e.levels.1)
            .bind(e.detail);
    }
    q
}

/// The funnel columns the entries move (the insert itself records `created`).
pub(super) async fn note_funnels(
    conn: &mut Conn,
    id: i64,
    events: &[NewEvent<'_>],
) -> Result<(), StoreError> {
    for e in events {
        note_funnel(conn, id, e.kind, e.levels).await?;
    }
    Ok(())
}

/// Keeps the funnel columns in step with the timeline: a case reaches a level when it is
/// created, escalated, handed back or reopened there, and escalation counts per level left.
async fn note_funnel(
    conn: &mut Conn,
    id: i64,
    kind: CaseEvent,
    (from, to): (Option<i64>, Option<i64>),
) -> Result<(), StoreError> {
    const REACHED: [&str; 4] = ["reached_l1", "reached_l2", "reached_l3", "reached_l4"];
    const ESCALATED: [&str; 3] = ["escalated_l1", "escalated_l2", "escalated_l3"];
    let slot = |l: Option<i64>| l.and_then(|l| usize::try_from(l - 1).ok());
    // `created` is recorded by the insert itself.
    if matches!(
        kind,
        CaseEvent::Escalated | CaseEvent::HandedBack | CaseEvent::Reopened
    ) {
        if let Some(col) = slot(to).and_then(|i| REACHED.get(i)) {
            sqlx::query(&format!("UPDATE disputes SET {col} = 1 WHERE id = $1"))
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    if kind == CaseEvent::Escalated {
        if let Some(col) = slot(from).and_then(|i| ESCALATED.get(i)) {
            sqlx::query(&format!(
                "UPDATE disputes SET {col} = {col} + 1 WHERE id = $1"
            ))
            .bind(id)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// A case's timeline, oldest first.
pub(crate) const EVENTS: &str =
    "SELECT id, at, actor, kind, level_from, level_to, detail FROM dispute_events \
     WHERE dispute_id = $1 ORDER BY id";

pub async fn events<'e, E: sqlx::Executor<'e, Database = Any>>(
    pool: E,
    id: i64,
) -> Result<Vec<EventRow>, StoreError> {
    Ok(sqlx::query_as(EVENTS).bind(id).fetch_all(pool).await?)
}
