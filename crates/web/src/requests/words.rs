//! The words a request is found by, made at intake and again when the segmentation
//! dictionary changes (`search::words`).

use crate::search::words::{refresh, Words, PAGE};
use crate::AppState;
use fengqiao_core::services::Service;
use fengqiao_store::BoxFuture;
use std::collections::HashMap;

/// The words of a request's service (its group and name; none for a service since withdrawn
/// from the catalogue), description and address, and of its grid's scope.
pub fn request_words(
    service: Option<&Service>,
    description: &str,
    address: &str,
    grid_path: &str,
) -> String {
    let (group, name) = service.map_or(("", ""), |s| (s.group, s.name));
    let words =
        fengqiao_core::text::search_tokens(&format!("{group} {name} {description} {address}"));
    format!(
        "{words} {}",
        fengqiao_store::dialect::scope_words(grid_path)
    )
}

/// Requests' search words, made afresh page by page.
pub const REQUEST_WORDS: Words = Words {
    topic: "search_words:requests",
    page: |store, after| {
        Box::pin(async move {
            let texts = fengqiao_store::requests::words::texts_after(store.pool(), after, PAGE).await?;
            let services: HashMap<&str, Service> = fengqiao_core::services::catalogue()
                .into_iter()
                .map(|s| (s.code, s))
                .collect();
            Ok(texts
                .iter()
                .map(|t| {
                    let service = services.get(t.service_code.as_str());
                    let words = request_words(service, &t.description, &t.address, &t.region_path);
                    (t.id, words)
                })
                .collect())
        })
    },
    table: "service_requests",
};

/// The job that makes requests' words afresh on the leading node.
pub fn job(state: &AppState) -> BoxFuture<'_, Result<(), String>> {
    Box::pin(async move {
        refresh(&state.store, &REQUEST_WORDS)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}
