//! Storage of residents' service requests — hazards they point out and needs they ask help
//! with — and their short timelines. Disputes live in [`crate::mediation`]; these have a simpler
//! life: open → accepted → done.

use crate::{dialect, Backend, Conn, Store, StoreError};
use fengqiao_core::region::path_bounds;
use fengqiao_core::services::RequestStatus;
use sqlx::{AnyPool, FromRow};

mod photos;
mod receipts;
pub mod words;

pub use photos::{add_photo, photo, photo_ids};
pub use receipts::{add_receipt, by_receipt, reported_by};

/// A stored service request.
#[derive(Debug, Clone, FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub tracking_code: String,
    pub kind: String,
    pub service_code: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub status: RequestStatus,
    pub grid_code: String,
    pub region_path: String,
    pub address: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub reporter_phone: Option<String>,
    pub channel: String,
    pub client: Option<String>,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub reply: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
}

const COLUMNS: &str = "r.id, r.tracking_code, r.kind, r.service_code, r.description, r.status, \
    r.grid_code, r.region_path, r.address, r.lon, r.lat, r.reporter_phone, r.channel, r.client, \
    r.assignee, r.due_at, r.reply, r.created_at, r.updated_at, r.closed_at";

/// A request to create.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub tracking_code: String,
    pub idempotency_key: Option<String>,
    pub kind: String,
    pub service_code: String,
    pub description: String,
    pub grid_code: String,
    pub region_path: String,
    pub address: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub reporter_phone: Option<String>,
    pub channel: String,
    pub client: Option<String>,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub created_by: String,
    pub created_at: i64,
    pub search_text: String,
}

/// A missing coordinate is written as `NULL`, not bound ([`dialect::optional_f64`]), so the
/// statement stays prepared.
pub async fn insert(conn: &mut Conn, r: &NewRequest) -> Result<i64, StoreError> {
    let lon = dialect::optional_f64(r.lon, 17);
    let lat = dialect::optional_f64(r.lat, 17 + usize::from(r.lon.is_some()));
    let query = format!(
        "INSERT INTO service_requests (tracking_code, idempotency_key, kind, service_code, description, status, \
         grid_code, region_path, address, reporter_phone, channel, client, assignee, due_at, created_by, \
         created_at, updated_at, search_text, lon, lat) \
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, {lon}, {lat}) RETURNING id",
    );
    let mut insert = sqlx::query_scalar(&query)
        .bind(&r.tracking_code)
        .bind(r.idempotency_key.as_deref())
        .bind(&r.kind)
        .bind(&r.service_code)
        .bind(&r.description)
        .bind(&r.grid_code)
        .bind(&r.region_path)
        .bind(&r.address)
        .bind(r.reporter_phone.as_deref())
        .bind(&r.channel)
        .bind(r.client.as_deref())
        .bind(r.assignee.as_deref())
        .bind(r.due_at)
        .bind(&r.created_by)
        .bind(r.created_at)
        .bind(&r.search_text);
    for v in [r.lon, r.lat].into_iter().flatten() {
        insert = insert.bind(v);
    }
    let id: i64 = insert.fetch_one(&mut *conn).await?;
    if !dialect::is_postgres(conn) {
        sqlx::query("INSERT INTO service_requests_fts (rowid, search_text) VALUES ($1, $2)")
            .bind(id)
            .bind(&r.search_text)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn by_idempotency_key(conn: &mut Conn, key: &str) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM service_requests WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// The tracking code of a request the same phone made in the same grid since `since` — a
/// resident reporting the same thing twice in a day.
pub async fn same_report(
    conn: &mut Conn,
    phone: &str,
    grid_code: &str,
    kind: &str,
    since: i64,
) -> Result<Option<(i64, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, tracking_code FROM service_requests WHERE reporter_phone = $1 AND created_at >= $2 \
         AND grid_code = $3 AND kind = $4 ORDER BY id LIMIT 1",
    )
    .bind(phone)
    .bind(since)
    .bind(grid_code)
    .bind(kind)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn by_tracking_code(
    pool: &AnyPool,
    code: &str,
) -> Result<Option<RequestRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM service_requests r WHERE r.tracking_code = $1"
    ))
    .bind(code)
    .fetch_optional(pool)
    .await?)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<RequestRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM service_requests r WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

pub async fn load_for_update(conn: &mut Conn, id: i64) -> Result<Option<RequestRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM service_requests r WHERE r.id = $1{}",
        dialect::for_update(conn)
    );
    Ok(sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// One request, if it lies inside the scope.
pub async fn get_in_scope(
    pool: &AnyPool,
    id: i64,
    scope_path: &str,
) -> Result<Option<RequestRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM service_requests r WHERE r.id = $1 AND r.region_path >= $2 AND r.region_path < $3"
    ))
    .bind(id)
    .bind(lo)
    .bind(hi)
    .fetch_optional(pool)
    .await?)
}

/// What to list: a scope, optionally a status, an assignee, and a page below `before`.
#[derive(Debug, Clone, Default)]
pub struct ListQuery<'a> {
    pub scope_path: &'a str,
    pub status: Option<&'a str>,
    pub assignee: Option<&'a str>,
    /// One request by its tracking code (upper case).
    pub tracking_code: Option<&'a str>,
    pub before: Option<i64>,
    pub limit: i64,
}

/// Requests in a scope, newest first.
pub async fn list<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    q: &ListQuery<'_>,
) -> Result<Vec<RequestRow>, StoreError> {
    let (lo, hi) = path_bounds(q.scope_path);
    let mut sql = format!(
        "SELECT {COLUMNS} FROM service_requests r WHERE r.region_path >= $1 AND r.region_path < $2 AND r.id < $3"
    );
    let mut n = 3;
    if q.status.is_some() {
        n += 1;
        sql.push_str(&format!(" AND r.status = ${n}"));
    }
    if q.assignee.is_some() {
        n += 1;
        sql.push_str(&format!(" AND r.assignee = ${n}"));
    }
    if q.tracking_code.is_some() {
        n += 1;
        sql.push_str(&format!(" AND r.tracking_code = ${n}"));
    }
    sql.push_str(&format!(
        " ORDER BY r.id DESC LIMIT {}",
        q.limit.clamp(1, 500)
    ));
    let mut query = sqlx::query_as(&sql)
        .bind(lo)
        .bind(hi)
        .bind(q.before.unwrap_or(i64::MAX));
    if let Some(s) = q.status {
        query = query.bind(s);
    }
    if let Some(a) = q.assignee {
        query = query.bind(a);
    }
    if let Some(c) = q.tracking_code {
        query = query.bind(c);
    }
    Ok(query.fetch_all(pool).await?)
}

/// Requests in a scope matching every search word (already segmented, space-separated),
/// newest first.
pub async fn search(
    store: &Store,
    scope_path: &str,
    words: &str,
    limit: i64,
) -> Result<Vec<RequestRow>, StoreError> {
    let (pool, postgres) = (store.pool(), store.backend() == Backend::Postgres);
    // On SQLite the full-text index's matches are walked newest first, stopping at the page,
    // as for cases (`mediation::list_counted`).
    let (from, cond, key) = if postgres {
        (
            "service_requests r",
            "r.search_words @> string_to_array($1, ' ')",
            "r.id",
        )
    } else {
        (
            "service_requests_fts CROSS JOIN service_requests r ON r.id = service_requests_fts.rowid",
            "service_requests_fts MATCH $1",
            "service_requests_fts.rowid",
        )
    };
    let scoped = match dialect::scope_word(scope_path) {
        Some(region) => format!("{words} {region}"),
        None => words.to_owned(),
    };
    // The path bounds the answer too: the scope word alone could be planted in a report's text.
    // On PostgreSQL it is written so the planner leaves the path index alone, as for cases
    // (`mediation::list_counted`): the words index holds the scope already.
    let (lo, hi) = path_bounds(scope_path);
    let path = if postgres {
        "(r.region_path || '') >= $2 AND (r.region_path || '') < $3"
    } else {
        "r.region_path >= $2 AND r.region_path < $3"
    };
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {from} WHERE {cond} AND {path} ORDER BY {key} DESC LIMIT {}",
        limit.clamp(1, 500)
    ))
    .bind(dialect::words_query(postgres, &scoped))
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}

/// Moves a request on: a new status, assignee and reply.
pub async fn save(
    conn: &mut Conn,
    id: i64,
    status: &str,
    assignee: Option<&str>,
    reply: &str,
    now: i64,
) -> Result<(), StoreError> {
    let closed = (status == "done").then_some(now);
    sqlx::query(
        "UPDATE service_requests SET status = $1, assignee = $2, reply = $3, updated_at = $4, closed_at = $5 WHERE id = $6",
    )
    .bind(status)
    .bind(assignee)
    .bind(reply)
    .bind(now)
    .bind(closed)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One line of a request's timeline.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct RequestEvent {
    pub at: i64,
    pub actor: String,
    pub kind: String,
    pub detail: String,
}

pub async fn add_event(
    conn: &mut Conn,
    id: i64,
    actor: &str,
    kind: &str,
    detail: &str,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO request_events (request_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(at)
    .bind(actor)
    .bind(kind)
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn events(pool: &AnyPool, id: i64) -> Result<Vec<RequestEvent>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT at, actor, kind, detail FROM request_events WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?)
}

/// Open and accepted requests per grid under a scope, for the problem list and the map.
pub async fn open_by_grid(
    pool: &AnyPool,
    scope_path: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(
        "SELECT grid_code, COUNT(*) FROM service_requests WHERE region_path >= $1 AND region_path < $2 \
         AND status <> 'done' GROUP BY grid_code",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?)
}

/// Open and accepted requests under a path, the nearest deadline first, for the map.
pub async fn open_within(
    pool: &AnyPool,
    scope_path: &str,
    limit: i64,
) -> Result<Vec<RequestRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM service_requests r WHERE r.region_path >= $1 AND r.region_path < $2 \
         AND r.status <> 'done' ORDER BY r.due_at, r.id LIMIT $3"
    ))
    .bind(lo)
    .bind(hi)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Requests created in `[from, to)`, newest first, for the public Open311 listing.
pub async fn created_between(
    pool: &AnyPool,
    from: i64,
    to: i64,
    limit: i64,
) -> Result<Vec<RequestRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM service_requests r WHERE r.created_at >= $1 AND r.created_at < $2 \
         ORDER BY r.created_at DESC LIMIT {}",
        limit.clamp(1, 1000)
    ))
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

/// Requests finished in `[from, to)` per grid path, for assessment.
pub async fn done_by_grid(
    pool: &AnyPool,
    from: i64,
    to: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT region_path, COUNT(*) FROM service_requests WHERE status = 'done' \
         AND closed_at >= $1 AND closed_at < $2 GROUP BY region_path",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}
