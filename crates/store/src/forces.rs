//! Storage of the four forces: teams and their members, facilities, versioned mandates, and
//! the per-region counts the coverage scorecard compares with each mandate.

/// The district's mandates for the four forces (常态化要求).
pub const MANDATES: crate::versioned::Document = crate::versioned::Document {
    table: "mandates",
    audit_action: "mandates.update",
};

use crate::{audit, now_ms, Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow, Row};

#[derive(Debug, Clone, FromRow)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub force: String,
    pub region_code: String,
    pub region_path: String,
    pub active: i64,
    pub members: i64,
}

const TEAM_COLUMNS: &str = "t.id, t.name, t.kind, t.force, t.region_code, t.region_path, t.active, \
    (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id AND m.active_to IS NULL) AS members";

async fn region_path(conn: &mut Conn, code: &str) -> Result<String, StoreError> {
    Ok(sqlx::query("SELECT path FROM regions WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::Invalid(format!("区划 {code} 不存在")))?
        .try_get("path")?)
}

/// Creates a team bound to a region; returns its id.
pub async fn add_team(
    conn: &mut Conn,
    name: &str,
    kind: &str,
    force: &str,
    region_code: &str,
    actor: &str,
) -> Result<i64, StoreError> {
    let path = region_path(conn, region_code).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO teams (name, kind, force, region_code, region_path, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(name)
    .bind(kind)
    .bind(force)
    .bind(region_code)
    .bind(&path)
    .bind(actor)
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    let entry = audit::Entry {
        actor,
        action: "team.create",
        record_type: "team",
        record_id: &id.to_string(),
        detail: name,
    };
    audit::append(conn, &entry).await?;
    Ok(id)
}

/// A member to add to a team.
#[derive(Debug, Clone)]
pub struct NewMember {
    pub name: String,
    pub username: Option<String>,
    pub member_role: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
}

pub async fn add_member(
    conn: &mut Conn,
    team_id: i64,
    m: &NewMember,
    actor: &str,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query(
        "INSERT INTO team_members (team_id, name, username, member_role, phone, id_number, active_from, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(team_id)
    .bind(&m.name)
    .bind(m.username.as_deref())
    .bind(&m.member_role)
    .bind(m.phone.as_deref())
    .bind(m.id_number.as_deref())
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    let entry = audit::Entry {
        actor,
        action: "team.member_add",
        record_type: "team",
        record_id: &team_id.to_string(),
        detail: &m.name,
    };
    audit::append(conn, &entry).await?;
    Ok(id)
}

/// Ends a member's active period (they leave the team; the record stays).
pub async fn end_member(
    conn: &mut Conn,
    team_id: i64,
    member_id: i64,
    actor: &str,
) -> Result<(), StoreError> {
    let n = sqlx::query("UPDATE team_members SET active_to = $1 WHERE id = $2 AND team_id = $3 AND active_to IS NULL")
        .bind(now_ms())
        .bind(member_id)
        .bind(team_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    let entry = audit::Entry {
        actor,
        action: "team.member_end",
        record_type: "team",
        record_id: &team_id.to_string(),
        detail: &member_id.to_string(),
    };
    audit::append(conn, &entry).await?;
    Ok(())
}

/// Teams inside a subtree, optionally of one kind.
pub async fn teams(
    pool: &AnyPool,
    within_path: &str,
    kind: Option<&str>,
) -> Result<Vec<TeamRow>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    let sql = format!(
        "SELECT {TEAM_COLUMNS} FROM teams t WHERE t.region_path >= $1 AND t.region_path < $2 AND ($3 IS NULL OR t.kind = $3) \
         ORDER BY t.region_path, t.kind, t.id"
    );
    Ok(sqlx::query_as(&sql)
        .bind(lo)
        .bind(hi)
        .bind(kind)
        .fetch_all(pool)
        .await?)
}

pub async fn team_in_scope(
    pool: &AnyPool,
    id: i64,
    within_path: &str,
) -> Result<Option<TeamRow>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    let sql = format!("SELECT {TEAM_COLUMNS} FROM teams t WHERE t.id = $1 AND t.region_path >= $2 AND t.region_path < $3");
    Ok(sqlx::query_as(&sql)
        .bind(id)
        .bind(lo)
        .bind(hi)
        .fetch_optional(pool)
        .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub username: Option<String>,
    pub member_role: String,
    pub phone: Option<String>,
    pub active_from: i64,
    pub active_to: Option<i64>,
    pub id_number: Option<String>,
}

pub async fn members(pool: &AnyPool, team_id: i64) -> Result<Vec<MemberRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, name, username, member_role, phone, active_from, active_to, id_number FROM team_members WHERE team_id = $1 ORDER BY id",
    )
    .bind(team_id)
    .fetch_all(pool)
    .await?)
}

pub async fn add_facility(
    conn: &mut Conn,
    kind: &str,
    name: &str,
    region_code: &str,
    actor: &str,
) -> Result<i64, StoreError> {
    let path = region_path(conn, region_code).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO facilities (kind, name, region_code, region_path, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(kind)
    .bind(name)
    .bind(region_code)
    .bind(&path)
    .bind(actor)
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    let entry = audit::Entry {
        actor,
        action: "facility.create",
        record_type: "facility",
        record_id: &id.to_string(),
        detail: name,
    };
    audit::append(conn, &entry).await?;
    Ok(id)
}

/// A region of a mandate's level with how many of the required things it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCount {
    pub code: String,
    pub name: String,
    pub path: String,
    pub count: i64,
}

async fn counts(
    pool: &AnyPool,
    within_path: &str,
    level: &str,
    count_sql: &str,
    what: &str,
) -> Result<Vec<RegionCount>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    let sql = format!(
        "SELECT r.code, r.name, r.path, ({count_sql}) AS n FROM regions r WHERE r.level = $3 AND r.path >= $1 AND r.path < $2 ORDER BY r.path"
    );
    let rows = sqlx::query(&sql)
        .bind(lo)
        .bind(hi)
        .bind(level)
        .bind(what)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(RegionCount {
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                path: r.try_get("path")?,
                count: r.try_get("n")?,
            })
        })
        .collect()
}

/// Active teams of a kind with at least one current member, per region of a level.
pub async fn team_counts(
    pool: &AnyPool,
    within_path: &str,
    level: &str,
    kind: &str,
) -> Result<Vec<RegionCount>, StoreError> {
    counts(
        pool,
        within_path,
        level,
        "SELECT COUNT(*) FROM teams t WHERE t.region_code = r.code AND t.kind = $4 AND t.active = 1 \
         AND EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.active_to IS NULL)",
        kind,
    )
    .await
}

/// Facilities of a kind per region of a level. Video coverage is counted from the camera
/// registry (working cameras on the region or below it): cameras are registered in one place,
/// the prevention area's registry, not as facilities.
pub async fn facility_counts(
    pool: &AnyPool,
    within_path: &str,
    level: &str,
    kind: &str,
) -> Result<Vec<RegionCount>, StoreError> {
    let sql = if kind == "video_coverage" {
        // The subtree as a range of the path index ("/a/b/" up to "/a/b0"), not a prefix test
        // of every camera: 49 → 0.8 ms for a district's 600 grids.
        "SELECT COUNT(*) FROM cameras c WHERE c.region_path >= r.path \
         AND c.region_path < substr(r.path, 1, length(r.path) - 1) || '0' \
         AND c.status = 'working' AND $4 = 'video_coverage'"
    } else {
        "SELECT COUNT(*) FROM facilities f WHERE f.region_code = r.code AND f.kind = $4"
    };
    counts(pool, within_path, level, sql, kind).await
}

/// Active staff accounts of a role per region of a level.
pub async fn staff_counts(
    pool: &AnyPool,
    within_path: &str,
    level: &str,
    role: &str,
) -> Result<Vec<RegionCount>, StoreError> {
    counts(pool, within_path, level, "SELECT COUNT(*) FROM accounts a WHERE a.region_code = r.code AND a.role = $4 AND a.active = 1", role).await
}

/// Teams in a scope whose name contains `needle` (names are short, so a scan of the scope's
/// index range with LIKE is enough).
pub async fn teams_named(
    pool: &AnyPool,
    within_path: &str,
    needle: &str,
    limit: i64,
) -> Result<Vec<TeamRow>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    let escaped: String = needle
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let sql = format!(
        "SELECT {TEAM_COLUMNS} FROM teams t WHERE t.region_path >= $1 AND t.region_path < $2 \
         AND t.name LIKE $3 ESCAPE '\\' ORDER BY t.id LIMIT {}",
        limit.clamp(1, 200)
    );
    Ok(sqlx::query_as(&sql)
        .bind(lo)
        .bind(hi)
        .bind(format!("%{escaped}%"))
        .fetch_all(pool)
        .await?)
}

/// The accounts of the current members of the active teams of a kind under a path: whom a
/// notice to "the town's rescue team" reaches.
pub async fn member_usernames_of_kind(
    conn: &mut Conn,
    within_path: &str,
    kind: &str,
) -> Result<Vec<String>, StoreError> {
    let (lo, hi) = path_bounds(within_path);
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT m.username FROM team_members m JOIN teams t ON t.id = m.team_id \
         WHERE t.region_path >= $1 AND t.region_path < $2 AND t.kind = $3 AND t.active = 1 \
         AND m.active_to IS NULL AND m.username IS NOT NULL ORDER BY m.username",
    )
    .bind(lo)
    .bind(hi)
    .bind(kind)
    .fetch_all(&mut *conn)
    .await?)
}

/// Whether an account is a current member of an active team of one of these kinds.
pub async fn is_member_of_kinds<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    username: &str,
    kinds: &[&str],
) -> Result<bool, StoreError> {
    let kinds = kinds.join(",");
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM team_members m JOIN teams t ON t.id = m.team_id \
         WHERE m.username = $1 AND t.active = 1 AND m.active_to IS NULL AND ',' || $2 || ',' LIKE '%,' || t.kind || ',%'",
    )
    .bind(username)
    .bind(kinds)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}
