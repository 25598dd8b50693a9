//! Notices to staff: the in-app inbox, and the webhook outbox that carries the same events to
//! outside gateways (SMS, WeChat). Both are written in the transaction of the change that caused
//! them, so an answered change always has its notices, and a rolled-back one never does.

use crate::{group, Conn, StoreError};
use serde::Serialize;
use sqlx::{AnyPool, FromRow};
use std::sync::Arc;

/// Active webhooks: each one's id and the events it wants.
pub(crate) type Hooks = Arc<Vec<(i64, String)>>;

/// The active webhooks, read once per writer group (`group`): every notice asks for them, and
/// on the one writer each ask was a round trip of its own. (A webhook another node adds meanwhile
/// is read by this node's next group, some milliseconds later.)
async fn active_hooks(conn: &mut Conn) -> Result<Hooks, StoreError> {
    if let Some(hooks) = group::hooks() {
        return Ok(hooks);
    }
    let hooks: Hooks = Arc::new(
        sqlx::query_as("SELECT id, events FROM webhooks WHERE active = 1")
            .fetch_all(&mut *conn)
            .await?,
    );
    group::remember_hooks(&hooks);
    Ok(hooks)
}

/// A notice in one person's inbox, as it is inserted.
#[derive(Debug, Clone)]
pub(crate) struct NoticeRow {
    pub(crate) username: String,
    pub(crate) kind: String,
    pub(crate) title: String,
    pub(crate) link: String,
    pub(crate) created_at: i64,
}

/// A webhook delivery, as it is queued.
#[derive(Debug, Clone)]
pub(crate) struct Delivery {
    webhook_id: i64,
    event: String,
    body: String,
    at: i64,
}

/// Rows per INSERT statement (six values at most each, well inside SQLite's limit).
const ROWS_PER_INSERT: usize = 200;

/// Inserts notices, many to a statement.
pub(crate) async fn insert_notices(conn: &mut Conn, rows: &[NoticeRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO notifications (username, kind, title, link, created_at) VALUES {}",
            crate::dialect::values_rows(chunk.len(), 5)
        );
        let mut insert = sqlx::query(&sql);
        for r in chunk {
            insert = insert
                .bind(&r.username)
                .bind(&r.kind)
                .bind(&r.title)
                .bind(&r.link)
                .bind(r.created_at);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Queues webhook deliveries, many to a statement.
pub(crate) async fn insert_deliveries(
    conn: &mut Conn,
    rows: &[Delivery],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        // A delivery carried to its group's end may be for a webhook a later job of the group
        // turned off: it is stored cancelled, as that job cancelled the ones already stored.
        // The literal last column keeps the rows in the order they were queued.
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let n = 4 * i;
                format!("(${}, ${}, ${}, ${}, {i})", n + 1, n + 2, n + 3, n + 4)
            })
            .collect();
        let sql = format!(
            "INSERT INTO webhook_deliveries (webhook_id, event, body, status, last_error, next_at, created_at) \
             SELECT v.column1, v.column2, v.column3, \
             CASE WHEN w.active = 1 THEN 'pending' ELSE 'dead' END, \
             CASE WHEN w.active = 1 THEN '' ELSE '推送已停用' END, v.column4, v.column4 \
             FROM (VALUES {}) AS v JOIN webhooks w ON w.id = v.column1 ORDER BY v.column5",
            values.join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for d in chunk {
            insert = insert
                .bind(d.webhook_id)
                .bind(&d.event)
                .bind(&d.body)
                .bind(d.at);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Something staff should hear about.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// `assigned`, `escalated`, `overdue`, `high_risk`, `request_assigned`, …
    pub kind: String,
    pub title: String,
    /// The page that shows the record, e.g. `/mediation/12`.
    pub link: String,
    /// The record's tracking code, when it has one.
    pub tracking_code: Option<String>,
    pub region_path: String,
}

/// The body a webhook receives.
#[derive(Debug, Serialize)]
struct EventBody<'a> {
    id: String,
    event: &'a str,
    at: i64,
    recipients: &'a [String],
    title: &'a str,
    link: &'a str,
    tracking_code: Option<&'a str>,
    region: Option<&'a str>,
}

/// Puts a notice in each recipient's inbox and queues it for every active webhook that wants
/// this kind of event.
pub async fn notify(
    conn: &mut Conn,
    recipients: &[String],
    n: &Notice,
    now: i64,
) -> Result<(), StoreError> {
    let mut recipients: Vec<String> = recipients.to_vec();
    recipients.sort();
    recipients.dedup();
    if recipients.is_empty() {
        return Ok(());
    }
    // PostgreSQL refuses NUL in text; carried to the group's end, a refused notice would fail
    // the whole group rather than its own write.
    let clean = |s: &str| s.replace('\0', "\u{fffd}");
    let rows = recipients
        .iter()
        .map(|u| NoticeRow {
            username: clean(u),
            kind: clean(&n.kind),
            title: clean(&n.title),
            link: clean(&n.link),
            created_at: now,
        })
        .collect();
    if let Some(rows) = group::keep_notices(rows) {
        insert_notices(conn, &rows).await?;
    }
    let hooks = active_hooks(conn).await?;
    for (hook, events) in hooks.iter() {
        if !wants(events, &n.kind) {
            continue;
        }
        let body = EventBody {
            id: format!("{now}-{hook}-{}", rand::random::<u32>()),
            event: &n.kind,
            at: now,
            recipients: &recipients,
            title: &n.title,
            link: &n.link,
            tracking_code: n.tracking_code.as_deref(),
            region: n.region_path.split('/').rfind(|c| !c.is_empty()),
        };
        let body = serde_json::to_string(&body).map_err(|e| StoreError::Invalid(e.to_string()))?;
        queue(conn, *hook, &n.kind, body, now).await?;
    }
    Ok(())
}

/// Queues one delivery: carried to the writer group's end, or inserted at once outside one.
async fn queue(
    conn: &mut Conn,
    webhook_id: i64,
    event: &str,
    body: String,
    at: i64,
) -> Result<(), StoreError> {
    let delivery = Delivery {
        webhook_id,
        event: event.to_owned(),
        body,
        at,
    };
    match group::keep_delivery(delivery) {
        None => Ok(()),
        Some(d) => insert_deliveries(conn, std::slice::from_ref(&d)).await,
    }
}

/// The body an SMS gateway receives for a text to one person's phone.
#[derive(Debug, Serialize)]
struct TextBody<'a> {
    id: String,
    event: &'a str,
    at: i64,
    recipients: [&'a str; 1],
    phone: &'a str,
    text: &'a str,
}

/// Queues a text message for the gateways subscribed to `event` (an SMS gateway), without an
/// inbox entry: a code meant for a phone must not also be readable in the app. Returns how
/// many gateways will carry it (none: no gateway is connected).
pub async fn queue_text(
    conn: &mut Conn,
    event: &str,
    username: &str,
    phone: &str,
    text: &str,
    now: i64,
) -> Result<usize, StoreError> {
    let hooks = active_hooks(conn).await?;
    let mut n = 0;
    for (hook, events) in hooks.iter() {
        if !events.split(',').map(str::trim).any(|e| e == event) {
            continue;
        }
        let body = TextBody {
            id: format!("{now}-{hook}-{}", rand::random::<u32>()),
            event,
            at: now,
            recipients: [username],
            phone,
            text,
        };
        let body = serde_json::to_string(&body).map_err(|e| StoreError::Invalid(e.to_string()))?;
        queue(conn, *hook, event, body, now).await?;
        n += 1;
    }
    Ok(n)
}

/// Whether a webhook's event list (`*` or comma-separated kinds) includes a kind.
pub fn wants(events: &str, kind: &str) -> bool {
    events
        .split(',')
        .map(str::trim)
        .any(|e| e == "*" || e == kind)
}

/// One inbox entry.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// A user's inbox, newest first, below `before`.
pub async fn list(
    pool: &AnyPool,
    username: &str,
    unread_only: bool,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<NotificationRow>, StoreError> {
    let unread = if unread_only {
        " AND read_at IS NULL"
    } else {
        ""
    };
    Ok(sqlx::query_as(&format!(
        "SELECT id, kind, title, link, created_at, read_at FROM notifications \
         WHERE username = $1 AND id < $2{unread} ORDER BY id DESC LIMIT {}",
        limit.clamp(1, 200)
    ))
    .bind(username)
    .bind(before.unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?)
}

pub async fn unread_count(pool: &AnyPool, username: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE username = $1 AND read_at IS NULL",
    )
    .bind(username)
    .fetch_one(pool)
    .await?)
}

/// Marks some (or, with `None`, all) of a user's notices read; returns how many changed.
pub async fn mark_read(
    conn: &mut Conn,
    username: &str,
    ids: Option<&[i64]>,
    now: i64,
) -> Result<u64, StoreError> {
    let mut changed = 0;
    match ids {
        None => {
            changed += sqlx::query(
                "UPDATE notifications SET read_at = $1 WHERE username = $2 AND read_at IS NULL",
            )
            .bind(now)
            .bind(username)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        }
        Some(ids) => {
            for id in ids {
                changed += sqlx::query(
                    "UPDATE notifications SET read_at = $1 WHERE username = $2 AND id = $3 AND read_at IS NULL",
                )
                .bind(now)
                .bind(username)
                .bind(id)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            }
        }
    }
    Ok(changed)
}

/// A registered webhook.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct WebhookRow {
    pub id: i64,
    pub name: String,
    pub url: String,
    #[serde(skip)]
    pub secret: String,
    pub events: String,
    pub active: i64,
    pub created_by: String,
    pub created_at: i64,
}

pub async fn add_webhook(
    conn: &mut Conn,
    name: &str,
    url: &str,
    secret: &str,
    events: &str,
    actor: &str,
    now: i64,
) -> Result<i64, StoreError> {
    group::forget_hooks();
    Ok(sqlx::query_scalar(
        "INSERT INTO webhooks (name, url, secret, events, active, created_by, created_at) \
         VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING id",
    )
    .bind(name)
    .bind(url)
    .bind(secret)
    .bind(events)
    .bind(actor)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// Turns a webhook off; its queued deliveries go to the dead-letter list with the reason, so
/// nothing more is sent to it.
pub async fn deactivate_webhook(conn: &mut Conn, id: i64) -> Result<bool, StoreError> {
    group::forget_hooks();
    let changed = sqlx::query("UPDATE webhooks SET active = 0 WHERE id = $1 AND active = 1")
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        == 1;
    sqlx::query(
        "UPDATE webhook_deliveries SET status = 'dead', last_error = '推送已停用' \
         WHERE webhook_id = $1 AND status = 'pending'",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(changed)
}

pub async fn webhooks(pool: &AnyPool) -> Result<Vec<WebhookRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, name, url, secret, events, active, created_by, created_at FROM webhooks ORDER BY id",
    )
    .fetch_all(pool)
    .await?)
}

/// A queued, delivered or dead delivery, with where it goes.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub next_at: i64,
    pub last_error: String,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
    #[serde(skip)]
    pub url: String,
    #[serde(skip)]
    pub secret: String,
}

const DELIVERY_COLUMNS: &str =
    "d.id, d.webhook_id, d.event, d.body, d.status, d.attempts, d.next_at, \
    d.last_error, d.created_at, d.delivered_at, w.url, w.secret";

/// Pending deliveries due by `now`, oldest first.
pub async fn due_deliveries(
    pool: &AnyPool,
    now: i64,
    limit: i64,
) -> Result<Vec<DeliveryRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
         WHERE d.status = 'pending' AND d.next_at <= $1 AND w.active = 1 ORDER BY d.next_at, d.id LIMIT {}",
        limit.clamp(1, 1000)
    ))
    .bind(now)
    .fetch_all(pool)
    .await?)
}

/// Deliveries with a status (`pending`, `delivered`, `dead`), newest first.
pub async fn deliveries(
    pool: &AnyPool,
    status: Option<&str>,
    limit: i64,
) -> Result<Vec<DeliveryRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
         WHERE ($1 = '' OR d.status = $1) ORDER BY d.id DESC LIMIT {}",
        limit.clamp(1, 1000)
    ))
    .bind(status.unwrap_or(""))
    .fetch_all(pool)
    .await?)
}

/// Records one attempt: delivered, or failed and due again at `retry_at` (dead when `None`).
pub async fn record_attempt(
    conn: &mut Conn,
    id: i64,
    outcome: Result<(), &str>,
    retry_at: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    match outcome {
        Ok(()) => sqlx::query(
            "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $1, \
             last_error = '' WHERE id = $2 AND status = 'pending'",
        )
        .bind(now)
        .bind(id),
        Err(e) => sqlx::query(
            "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, next_at = $2, last_error = $3 \
             WHERE id = $4 AND status = 'pending'",
        )
        .bind(if retry_at.is_some() { "pending" } else { "dead" })
        .bind(retry_at.unwrap_or(now))
        .bind(e.chars().take(500).collect::<String>())
        .bind(id),
    }
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts a dead delivery back in the queue with a fresh set of attempts.
/// Queues a dead delivery again, if its webhook is still on.
pub async fn replay(conn: &mut Conn, id: i64, now: i64) -> Result<bool, StoreError> {
    Ok(sqlx::query(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_at = $1 WHERE id = $2 AND status = 'dead' \
         AND webhook_id IN (SELECT id FROM webhooks WHERE active = 1)",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

#[cfg(test)]
mod tests {
    use super::wants;

    #[test]
    fn event_lists_match_star_and_named_kinds() {
        assert!(wants("*", "overdue"));
        assert!(wants("assigned, overdue", "overdue"));
        assert!(!wants("assigned", "overdue"));
    }
}
