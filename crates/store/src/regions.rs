//! Regions: the tree from the district down to buildings, each with its materialised path.
//! Every query that a user's request reaches takes the caller's scope bounds.

use crate::{audit, now_ms, Conn, StoreError};
use fengqiao_core::region::{child_path, path_bounds};
use fengqiao_core::{Level, RegionCode};
use sqlx::{AnyPool, FromRow, Row};

/// A stored region.
#[derive(Debug, Clone, FromRow)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: Option<String>,
    pub path: String,
    pub geometry: Option<String>,
}

/// A region to create or update. `geometry` is validated GeoJSON text.
#[derive(Debug, Clone)]
pub struct NewRegion {
    pub code: RegionCode,
    pub name: String,
    pub level: Level,
    pub parent_code: Option<RegionCode>,
    pub geometry: Option<String>,
}

const COLUMNS: &str = "code, name, level, parent_code, path, geometry";

/// Inserts a region, or updates the name and shape of an existing one with the same code.
/// The parent must exist at the level just above; a region never changes parent here.
pub async fn upsert(conn: &mut Conn, actor: &str, r: &NewRegion) -> Result<(), StoreError> {
    let parent_path = match (&r.parent_code, r.level.parent()) {
        (None, None) => String::from("/"),
        (Some(parent), Some(want)) => {
            let row = sqlx::query("SELECT level, path FROM regions WHERE code = $1")
                .bind(parent.as_str())
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| StoreError::Invalid(format!("上级区划 {parent} 不存在")))?;
            let level: String = row.try_get("level")?;
            if level != want.as_str() {
                return Err(StoreError::Invalid(format!(
                    "上级区划 {parent} 的层级是 {level},{} 的上级应为 {}",
                    r.level.as_str(),
                    want.as_str()
                )));
            }
            row.try_get("path")?
        }
        (None, Some(_)) => return Err(StoreError::Invalid(format!("{} 缺少上级区划", r.code))),
        (Some(_), None) => return Err(StoreError::Invalid("区级区划不能有上级".into())),
    };
    let path = child_path(&parent_path, &r.code);
    let now = now_ms();
    let existing = sqlx::query("SELECT path FROM regions WHERE code = $1")
        .bind(r.code.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    let action = match existing {
        Some(row) => {
            let old: String = row.try_get("path")?;
            if old != path {
                return Err(StoreError::Conflict(format!(
                    "区划 {} 已存在于其他上级之下",
                    r.code
                )));
            }
            sqlx::query(
                "UPDATE regions SET name = $1, geometry = $2, updated_at = $3 WHERE code = $4",
            )
            .bind(&r.name)
            .bind(r.geometry.as_deref())
            .bind(now)
            .bind(r.code.as_str())
            .execute(&mut *conn)
            .await?;
            "region.update"
        }
        None => {
            sqlx::query(
                "INSERT INTO regions (code, name, level, parent_code, path, geometry, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
            )
            .bind(r.code.as_str())
            .bind(&r.name)
            .bind(r.level.as_str())
            .bind(r.parent_code.as_ref().map(|c| c.as_str().to_owned()))
            .bind(&path)
            .bind(r.geometry.as_deref())
            .bind(now)
            .execute(&mut *conn)
            .await?;
            "region.create"
        }
    };
    let entry = audit::Entry {
        actor,
        action,
        record_type: "region",
        record_id: r.code.as_str(),
        detail: &r.name,
    };
    audit::append(conn, &entry).await?;
    Ok(())
}

/// Every region, ordered by path (parents before children).
pub async fn all(pool: &AnyPool) -> Result<Vec<RegionRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM regions ORDER BY path");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

/// How many regions there are (to size what holds them all).
pub async fn count(pool: &AnyPool) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM regions")
        .fetch_one(pool)
        .await?)
}

/// Hands every region to `each`, in path order, one row at a time: the atlas is built from
/// them, and a province's 229,975 rows held all at once beside it were 50 MB of peak memory.
pub async fn for_each(pool: &AnyPool, mut each: impl FnMut(RegionRow)) -> Result<(), StoreError> {
    use futures_util::TryStreamExt;
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("SELECT {COLUMNS} FROM regions ORDER BY path"));
    let mut rows = sqlx::query_as::<_, RegionRow>(SQL.as_str()).fetch(pool);
    while let Some(row) = rows.try_next().await? {
        each(row);
    }
    Ok(())
}

/// One region, if it lies inside the subtree rooted at `scope_path`.
pub async fn get_in_scope(
    pool: &AnyPool,
    code: &str,
    scope_path: &str,
) -> Result<Option<RegionRow>, StoreError> {
    let (lo, hi) = path_bounds(scope_path);
    let sql = format!("SELECT {COLUMNS} FROM regions WHERE code = $1 AND path >= $2 AND path < $3");
    Ok(sqlx::query_as(&sql)
        .bind(code)
        .bind(lo)
        .bind(hi)
        .fetch_optional(pool)
        .await?)
}

/// The direct children of a region, by code.
pub async fn children(pool: &AnyPool, code: &str) -> Result<Vec<RegionRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM regions WHERE parent_code = $1 ORDER BY code");
    Ok(sqlx::query_as(&sql).bind(code).fetch_all(pool).await?)
}

/// How many regions of each level lie strictly below the region with this path.
pub async fn counts_below(pool: &AnyPool, path: &str) -> Result<Vec<(String, i64)>, StoreError> {
    let (lo, hi) = path_bounds(path);
    let rows = sqlx::query(
        "SELECT level, COUNT(*) AS n FROM regions WHERE path > $1 AND path < $2 GROUP BY level",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("level")?, r.try_get("n")?)))
        .collect()
}

/// A page of regions inside `within_path`, optionally of one level, ordered by code.
pub struct ListQuery<'a> {
    pub within_path: &'a str,
    pub level: Option<Level>,
    pub after_code: Option<&'a str>,
    pub limit: i64,
}

/// Returns the page and the total number of matches.
pub async fn list(pool: &AnyPool, q: &ListQuery<'_>) -> Result<(Vec<RegionRow>, i64), StoreError> {
    let (lo, hi) = path_bounds(q.within_path);
    let level = q.level.map(Level::as_str);
    let filter = "path >= $1 AND path < $2 AND ($3 IS NULL OR level = $3)";
    let total: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM regions WHERE {filter}"))
        .bind(&lo)
        .bind(&hi)
        .bind(level)
        .fetch_one(pool)
        .await?
        .try_get("n")?;
    let sql = format!(
        "SELECT {COLUMNS} FROM regions WHERE {filter} AND ($4 IS NULL OR code > $4) ORDER BY code LIMIT $5"
    );
    let items = sqlx::query_as(&sql)
        .bind(&lo)
        .bind(&hi)
        .bind(level)
        .bind(q.after_code)
        .bind(q.limit)
        .fetch_all(pool)
        .await?;
    Ok((items, total))
}

/// The materialised path of a region, if it exists.
pub async fn path_of(pool: &AnyPool, code: &str) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT path FROM regions WHERE code = $1")
        .bind(code)
        .fetch_optional(pool)
        .await?;
    row.map(|r| r.try_get("path").map_err(StoreError::from))
        .transpose()
}
