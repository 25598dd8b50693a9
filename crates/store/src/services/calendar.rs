//! The working calendar's exceptions, replaced year by year as the coordinator loads them.

use crate::{Conn, StoreError};
use fengqiao_core::calendar::{CalendarDay, DayKind, WorkCalendar};
use sqlx::AnyPool;

/// Replaces the listed years' entries with `days` (a year's file replaces that year whole).
pub async fn load(
    conn: &mut Conn,
    days: &[CalendarDay],
    actor: &str,
    now: i64,
) -> Result<(), StoreError> {
    let mut years: Vec<i32> = days
        .iter()
        .map(|d| chrono::Datelike::year(&d.date))
        .collect();
    years.sort_unstable();
    years.dedup();
    for y in years {
        sqlx::query("DELETE FROM work_calendar WHERE day >= $1 AND day < $2")
            .bind(format!("{y:04}-01-01"))
            .bind(format!("{:04}-01-01", y + 1))
            .execute(&mut *conn)
            .await?;
    }
    for d in days {
        sqlx::query("INSERT INTO work_calendar (day, kind, name, loaded_by, loaded_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(d.date.format("%Y-%m-%d").to_string())
            .bind(d.kind.as_str())
            .bind(&d.name)
            .bind(actor)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Every entry, in date order: `(day, kind, name)`.
pub async fn entries(pool: &AnyPool) -> Result<Vec<(String, String, String)>, StoreError> {
    Ok(
        sqlx::query_as("SELECT day, kind, name FROM work_calendar ORDER BY day")
            .fetch_all(pool)
            .await?,
    )
}

fn build(rows: Vec<(String, String)>) -> WorkCalendar {
    WorkCalendar::new(rows.into_iter().filter_map(|(day, kind)| {
        Some((
            chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?,
            DayKind::parse(&kind)?,
        ))
    }))
}

/// The calendar to count working days on.
pub async fn calendar(pool: &AnyPool) -> Result<WorkCalendar, StoreError> {
    Ok(build(
        sqlx::query_as("SELECT day, kind FROM work_calendar")
            .fetch_all(pool)
            .await?,
    ))
}

/// The same inside a write job.
pub async fn calendar_in(conn: &mut Conn) -> Result<WorkCalendar, StoreError> {
    Ok(build(
        sqlx::query_as("SELECT day, kind FROM work_calendar")
            .fetch_all(&mut *conn)
            .await?,
    ))
}

/// Why a holiday file was not loaded.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(#[from] fengqiao_core::calendar::CalendarError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads a holiday file and loads it in one transaction (each year in it replaced whole),
/// audited; answers how many dates were loaded. The command line and the page both use it.
pub async fn import(store: &crate::Store, text: &str, actor: &str) -> Result<usize, ImportError> {
    let days = fengqiao_core::calendar::parse(text)?;
    let n = days.len();
    let actor = actor.to_owned();
    store
        .write(move |c| {
            Box::pin(async move {
                load(c, &days, &actor, crate::now_ms()).await?;
                let entry = crate::audit::Entry {
                    actor: &actor,
                    action: "calendar.load",
                    record_type: "work_calendar",
                    record_id: "",
                    detail: &days.len().to_string(),
                };
                crate::audit::append(c, &entry).await?;
                Ok(())
            })
        })
        .await?;
    Ok(n)
}
