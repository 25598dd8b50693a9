//! Search words made afresh after the segmentation dictionary changed. A record's words are
//! segmented when it is written; a query is segmented when it is asked. Made with different
//! dictionaries, the two split a word differently and the search misses, so when
//! `fengqiao_core::text::SEGMENTATION` moves past the one a table's words were made with, the
//! leading node makes them again, a page at a time through the writer, then records the new
//! segmentation. Until it is done, searches of the old rows may miss a word split differently.

use fengqiao_store::{versions, BoxFuture, Store, StoreError};

/// Rows made afresh per write: small enough that other writes do not wait long behind one.
pub const PAGE: i64 = 500;

/// Rows by id, each with its search words.
pub type Rows = Vec<(i64, String)>;

/// A table whose rows carry search words.
pub struct Words {
    /// The `data_versions` topic holding the segmentation its words were made with.
    pub topic: &'static str,
    /// Up to [`PAGE`] rows after the given id, by id, with their words made afresh.
    pub page: for<'a> fn(&'a Store, i64) -> BoxFuture<'a, Result<Rows, StoreError>>,
    /// The table the words are stored in (`dialect::set_words`).
    pub table: &'static str,
}

/// Makes the table's words afresh if they were made with another segmentation; returns how
/// many rows were made again (0 when they were current).
pub async fn refresh(store: &Store, words: &Words) -> Result<u64, StoreError> {
    let current = fengqiao_core::text::SEGMENTATION;
    if versions::version(store.pool(), words.topic).await? == current {
        return Ok(0);
    }
    let started = std::time::Instant::now();
    let (mut after, mut done) = (0, 0u64);
    loop {
        let rows = (words.page)(store, after).await?;
        let Some(last) = rows.last().map(|(id, _)| *id) else {
            break;
        };
        done += rows.len() as u64;
        let table = words.table;
        store
            .write(move |c| {
                Box::pin(async move { Ok(fengqiao_store::dialect::set_words(c, table, rows).await?) })
            })
            .await?;
        after = last;
    }
    let topic = words.topic;
    store
        .write(move |c| Box::pin(versions::set(c, topic, current)))
        .await?;
    tracing::info!(
        topic,
        rows = done,
        ms = started.elapsed().as_millis() as u64,
        "search words made afresh with the current dictionary"
    );
    Ok(done)
}
