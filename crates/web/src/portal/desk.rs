//! A desk at the residents' portal: an area that takes some of the catalogue's services and
//! answers for the tracking codes it hands out. The portal, the tracking page and Open311 go
//! through the desks of the areas served and never read an area's tables.

use super::submit::{Channel, Submission, Submitted};
use super::track::Tracked;
use crate::error::ApiError;
use crate::AppState;
use fengqiao_core::services::Service;
use fengqiao_store::BoxFuture;
use serde_json::Value;

/// What an area offers residents and outside systems.
pub trait Desk: Send + Sync {
    /// The services of the catalogue this desk takes.
    fn services(&self) -> Vec<Service>;

    /// What happens to a report after it is sent and how long each step may take, in a
    /// resident's words, for the residents' front page.
    fn promise<'a>(&'a self, state: &'a AppState) -> BoxFuture<'a, Result<Vec<String>, ApiError>>;

    /// Takes a report of one of its services.
    fn submit<'a>(
        &'a self,
        state: &'a AppState,
        channel: Channel<'a>,
        service: Service,
        s: Submission,
    ) -> BoxFuture<'a, Result<Submitted, ApiError>>;

    /// The public view of one of its tracking codes (already upper-case and plain).
    fn track<'a>(
        &'a self,
        state: &'a AppState,
        code: &'a str,
    ) -> BoxFuture<'a, Result<Option<Tracked>, ApiError>>;

    /// What one account reported through the portal (or, for staff, recorded), newest first, at
    /// most `limit`, without their steps: the tracking page has those.
    fn reported_by<'a>(
        &'a self,
        state: &'a AppState,
        username: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<Tracked>, ApiError>>;

    /// The Open311 view of one of its public records; `client` is the asking Open311 client,
    /// who alone sees the text and place of what it posted itself.
    fn open311_one<'a>(
        &'a self,
        state: &'a AppState,
        code: &'a str,
        client: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Option<Value>, ApiError>>;

    /// Its public records created in `[from, to)`, newest first, at most `limit`, each with its
    /// creation instant for merging.
    fn open311_between<'a>(
        &'a self,
        state: &'a AppState,
        from: i64,
        to: i64,
        limit: i64,
        client: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Vec<(i64, Value)>, ApiError>>;
}

/// Every desk of the areas served.
pub fn desks(state: &AppState) -> impl Iterator<Item = &'static dyn Desk> + '_ {
    state.areas().iter().filter_map(|a| a.desk)
}

/// The catalogue: every desk's services, in area order.
pub fn catalogue(state: &AppState) -> Vec<Service> {
    desks(state).flat_map(|d| d.services()).collect()
}

/// The desk that takes a service code, with the service.
pub fn desk_for(state: &AppState, code: &str) -> Option<(&'static dyn Desk, Service)> {
    desks(state).find_map(|d| {
        d.services()
            .into_iter()
            .find(|s| s.code == code)
            .map(|s| (d, s))
    })
}

/// How many of their own reports a resident's page and the API list.
pub const MINE_LIMIT: i64 = 50;

/// Everything one account reported, from every desk, newest first, at most [`MINE_LIMIT`].
pub async fn reported_by(state: &AppState, username: &str) -> Result<Vec<Tracked>, ApiError> {
    let mut all = Vec::new();
    for desk in desks(state) {
        all.extend(desk.reported_by(state, username, MINE_LIMIT).await?);
    }
    all.sort_by_key(|t| std::cmp::Reverse(t.created_at));
    all.truncate(usize::try_from(MINE_LIMIT).unwrap_or(50));
    for t in &mut all {
        t.expected = super::track::expected(t);
    }
    Ok(all)
}

/// A tracking code as people type it (any case, spaces around), or `None` when it cannot be
/// one.
pub fn normalise_code(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    (!code.is_empty() && code.len() <= 20 && code.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(code)
}
