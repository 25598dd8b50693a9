//! The words cases are found by, made afresh when the segmentation dictionary changes
//! (`fengqiao_core::text::SEGMENTATION`): words made with another dictionary would miss
//! searches that split a word differently.

use crate::StoreError;
use fengqiao_core::mediation::Category;
use sqlx::{AnyPool, FromRow};
use std::collections::HashMap;

/// What a case's search words are made of.
#[derive(Debug, Clone)]
pub struct CaseText {
    pub id: i64,
    pub category: Category,
    pub description: String,
    pub address: String,
    pub region_path: String,
    /// The parties' names, in the order they were entered.
    pub names: Vec<String>,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    #[sqlx(try_from = "String")]
    category: Category,
    description: String,
    address: String,
    region_path: String,
}

/// Up to `n` cases after `after`, by id, with their parties' names.
pub async fn texts_after(pool: &AnyPool, after: i64, n: i64) -> Result<Vec<CaseText>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, category, description, address, region_path FROM disputes \
         WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(n)
    .fetch_all(pool)
    .await?;
    let Some(last) = rows.last().map(|r| r.id) else {
        return Ok(Vec::new());
    };
    let names: Vec<(i64, String)> = sqlx::query_as(
        "SELECT dispute_id, name FROM dispute_parties WHERE dispute_id > $1 AND dispute_id <= $2 \
         ORDER BY id",
    )
    .bind(after)
    .bind(last)
    .fetch_all(pool)
    .await?;
    let mut by_case: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, name) in names {
        by_case.entry(id).or_default().push(name);
    }
    Ok(rows
        .into_iter()
        .map(|r| CaseText {
            names: by_case.remove(&r.id).unwrap_or_default(),
            id: r.id,
            category: r.category,
            description: r.description,
            address: r.address,
            region_path: r.region_path,
        })
        .collect())
}
