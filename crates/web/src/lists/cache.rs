//! A person's gathered lists, kept for a moment. A task list asks every area (nineteen queries
//! today), and the home page and the lists are what people open most: a list may be a second
//! old when someone else changed the data (the design allows lists to lag by a second), but
//! never after the person's own change — any write request of theirs drops their entries.

use super::{ListContext, ListItem};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Entries past which expired ones are swept.
const SWEEP_AT: usize = 20_000;

type Entries = HashMap<String, (Instant, Arc<Vec<ListItem>>)>;

#[derive(Default)]
pub struct ListCache {
    entries: Mutex<Entries>,
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

impl ListCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The list gathered for this context less than `fresh_for` ago.
    pub fn get(&self, cx: &ListContext<'_>, fresh_for: Duration) -> Option<Arc<Vec<ListItem>>> {
        let entries = self.lock();
        let (at, items) = entries.get(&key(cx))?;
        (at.elapsed() < fresh_for).then(|| items.clone())
    }

    pub fn put(&self, cx: &ListContext<'_>, items: Arc<Vec<ListItem>>, fresh_for: Duration) {
        let mut entries = self.lock();
        if entries.len() >= SWEEP_AT {
            entries.retain(|_, (at, _)| at.elapsed() < fresh_for);
        }
        entries.insert(key(cx), (Instant::now(), items));
    }

    /// Drops everything kept for `username` (before a write of theirs).
    pub fn forget(&self, username: &str) {
        let prefix = format!("{username}\u{1f}");
        self.lock().retain(|k, _| !k.starts_with(&prefix));
    }
}
