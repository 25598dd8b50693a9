//! Residents' questions and staff's answers. Answered ones are public and found by words;
//! unanswered ones are seen by staff and by whoever asked.

use crate::{Conn, StoreError};
use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub matter_code: Option<String>,
    pub matter_name: Option<String>,
    pub question: String,
    pub asked_by: String,
    pub asked_at: i64,
    pub answer: String,
    pub answered_by: Option<String>,
    pub answered_at: Option<i64>,
}

const COLUMNS: &str = "q.id, q.matter_code, m.name AS matter_name, q.question, q.asked_by, q.asked_at, q.answer, q.answered_by, q.answered_at";
const FROM: &str = "service_questions q LEFT JOIN service_matters m ON m.code = q.matter_code";

pub async fn insert(
    conn: &mut Conn,
    matter: Option<&str>,
    question: &str,
    asked_by: &str,
    at: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("INSERT INTO service_questions (matter_code, question, asked_by, asked_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(matter)
        .bind(question)
        .bind(asked_by)
        .bind(at)
        .fetch_one(&mut *conn)
        .await?)
}

/// Answers a question; false if it was answered already.
pub async fn answer(
    conn: &mut Conn,
    id: i64,
    answer: &str,
    by: &str,
    at: i64,
) -> Result<bool, StoreError> {
    Ok(sqlx::query("UPDATE service_questions SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4 AND answered_at IS NULL")
        .bind(answer)
        .bind(by)
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        == 1)
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<QuestionRow>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM {FROM} WHERE q.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// What a filter asks for.
#[derive(Debug, Default, Clone)]
pub struct Filter<'a> {
    pub matter: Option<&'a str>,
    /// Words the question or answer contains (each one, any case).
    pub words: Vec<String>,
    /// Include unanswered questions (staff), or only those of this asker.
    pub unanswered: bool,
    pub asker: Option<&'a str>,
}

/// Questions, newest first: the answered ones, and the unanswered ones the filter allows.
pub async fn list(pool: &AnyPool, f: &Filter<'_>) -> Result<Vec<QuestionRow>, StoreError> {
    let mut sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE (q.answered_at IS NOT NULL");
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    if f.unanswered {
        sql.push_str(" OR 1 = 1");
    } else if f.asker.is_some() {
        sql.push_str(&format!(" OR q.asked_by = {}", next()));
    }
    sql.push(')');
    if f.matter.is_some() {
        sql.push_str(&format!(" AND q.matter_code = {}", next()));
    }
    for _ in &f.words {
        let p = next();
        sql.push_str(&format!(
            " AND (LOWER(q.question) LIKE {p} OR LOWER(q.answer) LIKE {p})"
        ));
    }
    sql.push_str(" ORDER BY q.id DESC LIMIT 200");
    let mut q = sqlx::query_as(&sql);
    if !f.unanswered {
        if let Some(a) = f.asker {
            q = q.bind(a);
        }
    }
    if let Some(m) = f.matter {
        q = q.bind(m);
    }
    for w in &f.words {
        q = q.bind(format!("%{}%", w.to_lowercase()));
    }
    Ok(q.fetch_all(pool).await?)
}
