//! The few places where SQLite and PostgreSQL need different SQL, kept together.

use crate::Conn;

/// Whether a connection talks to PostgreSQL.
pub fn is_postgres(conn: &Conn) -> bool {
    conn.backend_name() == "PostgreSQL"
}

/// The VALUES list of a multi-row INSERT: `rows` tuples of `columns` numbered placeholders,
/// `($1, $2), ($3, $4)`, bound row after row.
pub fn values_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=columns)
                .map(|c| format!("${}", r * columns + c))
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The VALUES list of a multi-row INSERT whose rows all start with the same `lead` (a placeholder
/// or an expression), then `columns` numbered placeholders each, from `$first` on:
/// `(lead, $2, $3), (lead, $4, $5)`.
pub fn values_rows_after(lead: &str, rows: usize, columns: usize, first: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (0..columns)
                .map(|c| format!("${}", first + r * columns + c))
                .collect();
            format!("({lead}, {})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The placeholder `$n` for an optional float that is there, or the literal `NULL` for one
/// that is not (then it is not bound, and the next placeholder keeps `n`). sqlx 0.8's `Any`
/// driver types a missing `f64` as an `f32`; PostgreSQL, having prepared a statement with that
/// type, refuses the next call that binds a real `f64` ("incorrect binary data format in bind
/// parameter"). Each shape of a statement built this way always binds the same types, so it
/// can stay prepared.
pub fn optional_f64(value: Option<f64>, n: usize) -> String {
    value.map_or_else(|| "NULL".to_owned(), |_| format!("${n}"))
}

/// ` FOR UPDATE` on PostgreSQL, where concurrent writers must queue on a row; SQLite's single
/// writer already serialises them and has no such clause.
pub fn for_update(conn: &Conn) -> &'static str {
    if is_postgres(conn) {
        " FOR UPDATE"
    } else {
        ""
    }
}

/// A condition on `disputes` (aliased `d`) matching every search word in `$n`, a
/// space-separated list of segmented words.
pub fn words_match(postgres: bool, n: usize) -> String {
    if postgres {
        format!("d.search_words @> string_to_array(${n}, ' ')")
    } else {
        format!("d.id IN (SELECT rowid FROM disputes_fts WHERE disputes_fts MATCH ${n})")
    }
}

/// The query text for [`words_match`]: SQLite's FTS5 wants each word quoted.
pub fn words_query(postgres: bool, words: &str) -> String {
    if postgres {
        words.to_owned()
    } else {
        words
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Replaces rows' search words in `table` (one of the tables with words: `disputes`,
/// `service_requests`) and in SQLite's full-text table beside it; PostgreSQL's index follows
/// the generated column.
pub async fn set_words(
    conn: &mut Conn,
    table: &'static str,
    rows: Vec<(i64, String)>,
) -> Result<(), sqlx::Error> {
    let postgres = is_postgres(conn);
    let update = format!("UPDATE {table} SET search_text = $1 WHERE id = $2");
    let update_fts = format!("UPDATE {table}_fts SET search_text = $1 WHERE rowid = $2");
    for (id, words) in &rows {
        sqlx::query(&update)
            .bind(words)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        if !postgres {
            sqlx::query(&update_fts)
                .bind(words)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// The words a record carries for every region above it ("r610302", "r610302001", …), so that
/// a scoped search is one more word to match. Text never yields words of this shape
/// (`fengqiao_core::text::search_tokens` splits them), and every scoped query is bounded by
/// the region path as well, so a word planted in a report widens nothing.
pub fn scope_words(region_path: &str) -> String {
    region_path
        .split('/')
        .filter(|c| !c.is_empty())
        .map(|c| format!("r{c}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The word of a scope's root region.
pub fn scope_word(within_path: &str) -> Option<String> {
    within_path
        .split('/')
        .rfind(|c| !c.is_empty())
        .map(|c| format!("r{c}"))
}

#[cfg(test)]
mod values_rows_tests {
    #[test]
    fn placeholders_are_numbered_row_after_row() {
        assert_eq!(super::values_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(super::values_rows(1, 1), "($1)");
    }

    #[test]
    fn a_missing_float_is_a_null_literal_and_takes_no_placeholder() {
        assert_eq!(super::optional_f64(Some(107.1), 28), "$28");
        assert_eq!(super::optional_f64(None, 28), "NULL");
    }
}
