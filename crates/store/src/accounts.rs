//! Accounts of residents and staff. Staff are bound to a region; the account row carries that
//! region's path so that directory queries filter by scope in SQL.

use crate::{audit, now_ms, Conn, StoreError};
use fengqiao_core::region::path_bounds;
use sqlx::{AnyPool, FromRow, Row};

/// A stored account, password hash included: never serialise this to a client.
#[derive(Debug, Clone, FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: String,
    pub region_code: String,
    pub region_path: String,
    pub department: Option<String>,
    pub phone: Option<String>,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub totp_enabled: i64,
    pub active: i64,
    /// The last 30-second step whose code signed in; a code of that step or earlier is refused.
    pub totp_last_step: Option<i64>,
    /// Set by an administrator's reset: the holder must choose a new password first.
    pub must_change_password: i64,
}

const COLUMNS: &str = "id, username, name, role, region_code, region_path, department, phone, \
                       password_hash, totp_secret, totp_enabled, active, totp_last_step, \
                       must_change_password";

/// The columns of `AccountRow`, each named with the table's alias, for a join.
pub(crate) fn columns_of(alias: &str) -> String {
    COLUMNS
        .split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Roles of which at least one active account must remain.
const KEEP_ONE: [&str; 2] = ["admin", "district_coordinator"];

/// An account to create; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub name: String,
    pub role: String,
    pub region_code: String,
    pub department: Option<String>,
    pub phone: Option<String>,
    pub password_hash: String,
}

/// Creates an account under an existing region and returns its id.
pub async fn insert(conn: &mut Conn, actor: &str, a: &NewAccount) -> Result<i64, StoreError> {
    let path: String = sqlx::query("SELECT path FROM regions WHERE code = $1")
        .bind(&a.region_code)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::Invalid(format!("区划 {} 不存在", a.region_code)))?
        .try_get("path")?;
    let id: i64 = sqlx::query(
        "INSERT INTO accounts (username, name, role, region_code, region_path, department, phone, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&a.username)
    .bind(&a.name)
    .bind(&a.role)
    .bind(&a.region_code)
    .bind(&path)
    .bind(a.department.as_deref())
    .bind(a.phone.as_deref())
    .bind(&a.password_hash)
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    let entry = audit::Entry {
        actor,
        action: "account.create",
        record_type: "account",
        record_id: &a.username,
        detail: &a.role,
    };
    audit::append(conn, &entry).await?;
    Ok(id)
}

pub async fn by_username(pool: &AnyPool, username: &str) -> Result<Option<AccountRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE username = $1");
    Ok(sqlx::query_as(&sql)
        .bind(username)
        .fetch_optional(pool)
        .await?)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<AccountRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?)
}

/// A page of the directory inside `within_path`.
pub struct ListQuery<'a> {
    pub within_path: &'a str,
    pub role: Option<&'a str>,
    /// The start of a username or a name.
    pub prefix: Option<&'a str>,
    pub after_username: Option<&'a str>,
    pub limit: i64,
}

pub async fn list(pool: &AnyPool, q: &ListQuery<'_>) -> Result<(Vec<AccountRow>, i64), StoreError> {
    let (lo, hi) = path_bounds(q.within_path);
    let filter = "region_path >= $1 AND region_path < $2 AND ($3 IS NULL OR role = $3) \
                  AND ($4 IS NULL OR username LIKE $4 OR name LIKE $4)";
    let prefix = q.prefix.map(|p| {
        let escaped: String = p
            .chars()
            .filter(|c| !matches!(c, '%' | '_' | '\\'))
            .collect();
        format!("{escaped}%")
    });
    let total: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM accounts WHERE {filter}"
    ))
    .bind(&lo)
    .bind(&hi)
    .bind(q.role)
    .bind(prefix.as_deref())
    .fetch_one(pool)
    .await?
    .try_get("n")?;
    let sql = format!(
        "SELECT {COLUMNS} FROM accounts WHERE {filter} AND ($5 IS NULL OR username > $5) ORDER BY username LIMIT $6"
    );
    let items = sqlx::query_as(&sql)
        .bind(&lo)
        .bind(&hi)
        .bind(q.role)
        .bind(prefix.as_deref())
        .bind(q.after_username)
        .bind(q.limit)
        .fetch_all(pool)
        .await?;
    Ok((items, total))
}

/// Stores a TOTP secret (pending until `enabled`).
pub async fn set_totp(
    conn: &mut Conn,
    actor: &str,
    id: i64,
    secret: Option<&str>,
    enabled: bool,
) -> Result<(), StoreError> {
    let n = sqlx::query("UPDATE accounts SET totp_secret = $1, totp_enabled = $2 WHERE id = $3")
        .bind(secret)
        .bind(i64::from(enabled))
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    let action = if enabled {
        "account.totp_enable"
    } else {
        "account.totp_setup"
    };
    let entry = audit::Entry {
        actor,
        action,
        record_type: "account",
        record_id: &id.to_string(),
        detail: "",
    };
    audit::append(conn, &entry).await?;
    Ok(())
}

/// Removes an account and its sessions (used when staff leave). The last active
/// administrator or district coordinator cannot be removed: nobody could then manage accounts
/// or see the whole district.
pub async fn deactivate(conn: &mut Conn, actor: &str, username: &str) -> Result<(), StoreError> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM accounts WHERE username = $1 AND active = 1")
            .bind(username)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(role) = role.filter(|r| KEEP_ONE.contains(&r.as_str())) {
        // Rows, not a count, so PostgreSQL can lock them: two removals at once queue here.
        let sql = format!(
            "SELECT id FROM accounts WHERE role = $1 AND active = 1{}",
            crate::dialect::for_update(conn)
        );
        let active: Vec<i64> = sqlx::query_scalar(&sql)
            .bind(&role)
            .fetch_all(&mut *conn)
            .await?;
        if active.len() <= 1 {
            return Err(StoreError::Conflict(
                "这是最后一个在用的同类账号(系统管理员或区政法委协调员),不能停用".into(),
            ));
        }
    }
    let n = sqlx::query("UPDATE accounts SET active = 0 WHERE username = $1")
        .bind(username)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    sqlx::query(
        "DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE username = $1)",
    )
    .bind(username)
    .execute(&mut *conn)
    .await?;
    let entry = audit::Entry {
        actor,
        action: "account.deactivate",
        record_type: "account",
        record_id: username,
        detail: "",
    };
    audit::append(conn, &entry).await?;
    Ok(())
}

/// The first active account with a role in a region (by username), for assigning work.
pub async fn first_with_role(
    conn: &mut Conn,
    region_code: &str,
    role: &str,
) -> Result<Option<String>, StoreError> {
    let row = sqlx::query(
        "SELECT username FROM accounts WHERE region_code = $1 AND role = $2 AND active = 1 ORDER BY username LIMIT 1",
    )
    .bind(region_code)
    .bind(role)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| r.try_get("username").map_err(StoreError::from))
        .transpose()
}

/// The first active department account of a department (by its name), for routing work.
pub async fn first_in_department(
    conn: &mut Conn,
    department: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT username FROM accounts WHERE role = 'department_staff' AND department = $1 AND active = 1 \
         ORDER BY username LIMIT 1",
    )
    .bind(department)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Usernames of active accounts with a role in a region.
pub async fn usernames_with_role(
    conn: &mut Conn,
    region_code: &str,
    role: &str,
) -> Result<Vec<String>, StoreError> {
    let rows = sqlx::query("SELECT username FROM accounts WHERE region_code = $1 AND role = $2 AND active = 1 ORDER BY username")
        .bind(region_code)
        .bind(role)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| r.try_get("username").map_err(StoreError::from))
        .collect()
}

/// Turns a deactivated account back on.
pub async fn reactivate(conn: &mut Conn, actor: &str, username: &str) -> Result<(), StoreError> {
    let n = sqlx::query("UPDATE accounts SET active = 1 WHERE username = $1 AND active = 0")
        .bind(username)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    audit::append(
        conn,
        &audit::Entry {
            actor,
            action: "account.reactivate",
            record_type: "account",
            record_id: username,
            detail: "",
        },
    )
    .await?;
    Ok(())
}

/// Why a password is being set: the holder's own change, or an administrator's reset that
/// the holder must follow with a change of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordSet {
    OwnChange,
    AdminReset,
}

/// Replaces the password hash and ends the account's other sessions (all of them after a
/// reset; all but `keep` after the holder's own change).
pub async fn set_password(
    conn: &mut Conn,
    actor: &str,
    username: &str,
    password_hash: &str,
    why: PasswordSet,
    keep_session: Option<&str>,
) -> Result<(), StoreError> {
    let must_change = i64::from(why == PasswordSet::AdminReset);
    let n = sqlx::query(
        "UPDATE accounts SET password_hash = $1, must_change_password = $2, password_changed_at = $3 \
         WHERE username = $4",
    )
    .bind(password_hash)
    .bind(must_change)
    .bind(now_ms())
    .bind(username)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    crate::sessions::end_all_but(conn, username, keep_session).await?;
    let action = match why {
        PasswordSet::OwnChange => "account.password_change",
        PasswordSet::AdminReset => "account.password_reset",
    };
    audit::append(
        conn,
        &audit::Entry {
            actor,
            action,
            record_type: "account",
            record_id: username,
            detail: "",
        },
    )
    .await?;
    Ok(())
}

/// Records that a TOTP step was used to sign in; false when it (or a later one) already was,
/// so the same code cannot sign in twice, even from two requests at once.
pub async fn use_totp_step(conn: &mut Conn, id: i64, step: i64) -> Result<bool, StoreError> {
    let n = sqlx::query(
        "UPDATE accounts SET totp_last_step = $1 WHERE id = $2 \
         AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// An administrator clears a user's second factor (a lost phone); their sessions end.
pub async fn reset_totp(conn: &mut Conn, actor: &str, username: &str) -> Result<(), StoreError> {
    let n = sqlx::query(
        "UPDATE accounts SET totp_secret = NULL, totp_enabled = 0, totp_last_step = NULL \
         WHERE username = $1",
    )
    .bind(username)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    crate::sessions::end_all_but(conn, username, None).await?;
    audit::append(
        conn,
        &audit::Entry {
            actor,
            action: "account.totp_reset",
            record_type: "account",
            record_id: username,
            detail: "",
        },
    )
    .await?;
    Ok(())
}

/// Plain-text TOTP secrets stored before secrets were sealed, to be sealed at start-up.
pub async fn unsealed_totp(pool: &AnyPool) -> Result<Vec<(i64, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, totp_secret FROM accounts WHERE totp_secret IS NOT NULL \
         AND totp_secret NOT LIKE 'v1:%'",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("totp_secret")?)))
        .collect()
}

/// Replaces a stored secret by its sealed form (no audit entry: nothing about the account
/// changes, only how the secret is kept).
pub async fn store_sealed_totp(conn: &mut Conn, id: i64, sealed: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE accounts SET totp_secret = $1 WHERE id = $2")
        .bind(sealed)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Names and roles of the given usernames (those that exist), for showing people by name: one
/// query for a whole page's people.
pub async fn names_of(
    pool: &AnyPool,
    usernames: &[&str],
) -> Result<Vec<(String, String, String)>, StoreError> {
    if usernames.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=usernames.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT username, name, role FROM accounts WHERE username IN ({})",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for u in usernames {
        q = q.bind(*u);
    }
    q.fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("username")?,
                r.try_get("name")?,
                r.try_get("role")?,
            ))
        })
        .collect()
}
