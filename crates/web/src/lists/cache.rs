//! A person's gathered lists, kept while the data under them stands. A list asks every area
//! (nineteen queries today), and the home page and the lists are what people open most.
//!
//! A list is kept with the lists' data version it was gathered at (`store::versions::LISTS`,
//! moved by triggers in the same transaction as every change to a table a list reads), and
//! shown again while that version stands: one primary-key read instead of nineteen queries,
//! exact for the data, on every node. Time moves lists too (a deadline passes, the results'
//! window slides): a kept list is taken to the minute — the entry's key carries the minute —
//! and never past the first deadline on it. With replicas (`--read-db`) the parts may read a
//! replica further behind than the version, so lists are kept by version only on the primary.
//!
//! `Config::list_cache_ms` adds a moment in which a list is shown again without asking the
//! version (the design lets lists lag a second behind someone else's change, never behind the
//! person's own: any write request of theirs drops their entries).

use super::{ListContext, ListItem};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Entries past which those no longer of use are swept.
const SWEEP_AT: usize = 20_000;

/// One kept list.
struct Kept {
    /// When it was gathered or last found to stand.
    checked: Instant,
    /// The lists' data version it was gathered at; `None` when it cannot be kept by version.
    version: Option<i64>,
    /// Epoch milliseconds past which time alone may change it.
    until: i64,
    items: Arc<Vec<ListItem>>,
}

#[derive(Default)]
pub struct ListCache {
    entries: Mutex<HashMap<String, Kept>>,
    /// Lists gathered from the areas, not shown again: what operators and tests read.
    afresh: AtomicU64,
}

/// The entry's key: the person first, so their entries can be dropped together; the window
/// to the minute, since a person's own lists end "now".
fn key(cx: &ListContext<'_>) -> String {
    format!(
        "{}\u{1f}{:?}\u{1f}{}\u{1f}{:?}\u{1f}{}\u{1f}{}",
        cx.user.username,
        cx.kind,
        cx.scope.path(),
        cx.team.as_ref().map(|t| t.id),
        cx.from / 60_000,
        cx.to / 60_000
    )
}

/// Until when time alone leaves a list gathered at `now` as it is: the end of the minute, or
/// the first deadline on it still ahead, whichever comes first.
pub fn until(now: i64, items: &[ListItem]) -> i64 {
    let minute_ends = (now.div_euclid(60_000) + 1) * 60_000;
    items
        .iter()
        .filter_map(|i| i.due_at)
        .filter(|&due| due > now)
        .fold(minute_ends, i64::min)
}

impl ListCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The list kept for this context and checked less than `fresh_for` ago.
    pub fn recent(
        &self,
        cx: &ListContext<'_>,
        fresh_for: Duration,
        now: i64,
    ) -> Option<Arc<Vec<ListItem>>> {
        let entries = self.lock();
        let kept = entries.get(&key(cx))?;
        (kept.checked.elapsed() < fresh_for && now < kept.until).then(|| kept.items.clone())
    }

    /// The list kept for this context if it was gathered at `version`, the version now, and
    /// time has not moved it since; marks it checked.
    pub fn standing(
        &self,
        cx: &ListContext<'_>,
        version: i64,
        now: i64,
    ) -> Option<Arc<Vec<ListItem>>> {
        let mut entries = self.lock();
        let kept = entries.get_mut(&key(cx))?;
        if kept.version != Some(version) || now >= kept.until {
            return None;
        }
        kept.checked = Instant::now();
        Some(kept.items.clone())
    }

    /// Keeps a list gathered at `version` (read before its parts) and `now`.
    pub fn put(
        &self,
        cx: &ListContext<'_>,
        items: Arc<Vec<ListItem>>,
        version: Option<i64>,
        now: i64,
    ) {
        self.afresh.fetch_add(1, Ordering::Relaxed);
        let mut entries = self.lock();
        if entries.len() >= SWEEP_AT {
            entries.retain(|_, kept| now < kept.until);
        }
        let kept = Kept {
            checked: Instant::now(),
            version,
            until: until(now, &items),
            items,
        };
        entries.insert(key(cx), kept);
    }

    /// Drops everything kept for `username` (before a write of theirs).
    pub fn forget(&self, username: &str) {
        let prefix = format!("{username}\u{1f}");
        self.lock().retain(|k, _| !k.starts_with(&prefix));
    }

    /// How many lists were gathered from the areas since the start.
    pub fn gathered_afresh(&self) -> u64 {
        self.afresh.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(due_at: Option<i64>) -> ListItem {
        ListItem {
            area: "矛盾调解",
            title: String::new(),
            detail: String::new(),
            href: String::new(),
            due_at,
            overdue: false,
        }
    }

    #[test]
    fn a_list_is_kept_to_the_end_of_its_minute() {
        assert_eq!(until(120_500, &[]), 180_000);
        assert_eq!(until(120_500, &[item(None), item(Some(10))]), 180_000);
    }

    #[test]
    fn a_deadline_ahead_on_the_list_ends_it_sooner() {
        let items = [item(Some(150_000)), item(Some(130_000)), item(Some(900_000))];
        assert_eq!(until(120_500, &items), 130_000);
    }
}
