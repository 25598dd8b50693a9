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
//! person's own: any write request of theirs drops their entries, and a list read before that
//! write began is not kept). Late in that moment the list is gathered again behind the answer
//! (`recent` says when), so people opening their lists all day do not wait for the gathering:
//! under a steady stream of changes it was the task list's slowest answers.

use super::{ListContext, ListItem};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Entries past which those checked too long ago are swept within a minute too.
const SWEEP_AT: usize = 20_000;

/// The share of the moment after which a list shown again is also gathered again behind the
/// answer: the rest of the moment is the time the gathering has to land before callers wait
/// for it themselves.
const REFRESH_AT: f64 = 0.75;

/// One kept list.
struct Kept {
    /// When the data under it was last known to be as shown: its version read before its
    /// parts, or found to stand.
    checked: Instant,
    /// Whether it is being gathered again behind an answer.
    refreshing: bool,
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
    /// The minute of the last sweep: a new minute's first list drops the last minute's.
    swept: AtomicI64,
    /// When each person's latest write began: a list read before it is not kept.
    writes: Mutex<HashMap<String, Instant>>,
}

/// A list shown again from within the moment, and whether the caller should gather it again
/// behind the answer (it is the first to find it late in the moment).
pub struct Recent {
    pub items: Arc<Vec<ListItem>>,
    pub refresh: bool,
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

    /// The list kept for this context and checked less than `fresh_for` ago; the first caller
    /// past [`REFRESH_AT`] of that moment is told to gather it again.
    pub fn recent(&self, cx: &ListContext<'_>, fresh_for: Duration, now: i64) -> Option<Recent> {
        let mut entries = self.lock();
        let kept = entries.get_mut(&key(cx))?;
        let age = kept.checked.elapsed();
        if age >= fresh_for || now >= kept.until {
            return None;
        }
        let refresh = !kept.refreshing && age >= fresh_for.mul_f64(REFRESH_AT);
        kept.refreshing |= refresh;
        Some(Recent {
            items: kept.items.clone(),
            refresh,
        })
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

    /// Keeps a list gathered at `version` and `now`, its data read from `read_at` on, unless
    /// its person began a write since.
    pub fn put(
        &self,
        cx: &ListContext<'_>,
        items: Arc<Vec<ListItem>>,
        version: Option<i64>,
        now: i64,
        read_at: Instant,
    ) {
        self.afresh.fetch_add(1, Ordering::Relaxed);
        let minute = now.div_euclid(60_000);
        let sweep = self.swept.swap(minute, Ordering::Relaxed) != minute;
        {
            let mut writes = self.writes.lock().unwrap_or_else(|p| p.into_inner());
            if sweep {
                writes.retain(|_, began| began.elapsed() < Duration::from_secs(60));
            }
            if writes
                .get(&cx.user.username)
                .is_some_and(|&began| began >= read_at)
            {
                return;
            }
        }
        let mut entries = self.lock();
        if sweep {
            entries.retain(|_, kept| now < kept.until);
        }
        if entries.len() >= SWEEP_AT {
            entries.retain(|_, kept| kept.checked.elapsed() < Duration::from_secs(1));
        }
        let kept = Kept {
            checked: read_at,
            refreshing: false,
            version,
            until: until(now, &items),
            items,
        };
        entries.insert(key(cx), kept);
    }

    /// Drops everything kept for `username`, and keeps nothing read before now (a write of
    /// theirs begins).
    pub fn forget(&self, username: &str) {
        self.writes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(username.to_owned(), Instant::now());
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
    use crate::auth::User;
    use crate::lists::ListKind;
    use fengqiao_core::region::Scope;
    use fengqiao_core::Role;

    fn worker(username: &str) -> User {
        User {
            id: 1,
            username: username.into(),
            name: "王网格".into(),
            role: Role::GridWorker,
            role_label: "网格员",
            region_code: "610302001001001".into(),
            region_path: "610302/610302001/610302001001/610302001001001".into(),
            department: None,
            totp_enabled: false,
            must_change_password: false,
            unread: 0,
        }
    }

    fn context(user: &User, now: i64) -> ListContext<'_> {
        let root = user.region_code.parse().unwrap();
        ListContext {
            kind: ListKind::Problems,
            user,
            scope: Scope::new(root, user.region_path.clone()),
            from: now - 30 * 86_400_000,
            to: now + 86_400_000,
            team: None,
        }
    }

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
    fn a_kept_list_stands_at_its_version_and_within_its_minute() {
        let cache = ListCache::default();
        let (user, now) = (worker("gw0001"), 600_000);
        cache.put(&context(&user, now), Arc::new(vec![item(Some(now + 5_000))]), Some(7), now, Instant::now());
        assert!(cache.standing(&context(&user, now), 7, now + 1_000).is_some());
        assert!(cache.standing(&context(&user, now), 8, now + 1_000).is_none(), "data moved");
        assert!(cache.standing(&context(&user, now), 7, now + 5_000).is_none(), "deadline");
        assert_eq!(cache.gathered_afresh(), 1);
    }

    #[test]
    fn a_new_minutes_first_list_drops_the_last_minutes() {
        let cache = ListCache::default();
        let (a, b) = (worker("gw0001"), worker("gw0002"));
        cache.put(&context(&a, 600_000), Arc::new(Vec::new()), Some(1), 600_000, Instant::now());
        cache.put(&context(&b, 610_000), Arc::new(Vec::new()), Some(1), 610_000, Instant::now());
        assert_eq!(cache.lock().len(), 2);
        cache.put(&context(&b, 660_000), Arc::new(Vec::new()), Some(1), 660_000, Instant::now());
        assert_eq!(cache.lock().len(), 1, "only this minute's list is kept");
    }

    #[test]
    fn late_in_the_moment_one_caller_is_told_to_gather_again() {
        let cache = ListCache::default();
        let (user, now) = (worker("gw0001"), 600_000);
        // A long moment, so that a slow machine between two lines cannot end it.
        let moment = Duration::from_secs(10);
        let read_at = Instant::now() - Duration::from_secs(8);
        cache.put(&context(&user, now), Arc::new(Vec::new()), Some(1), now, read_at);
        let first = cache.recent(&context(&user, now), moment, now).unwrap();
        let second = cache.recent(&context(&user, now), moment, now).unwrap();
        assert!(first.refresh, "8 s into a moment of 10");
        assert!(!second.refresh, "one gathering at a time");
        let early = Instant::now();
        cache.put(&context(&user, now), Arc::new(Vec::new()), Some(2), now, early);
        assert!(!cache.recent(&context(&user, now), moment, now).unwrap().refresh);
        let stale = Instant::now() - Duration::from_secs(10);
        cache.put(&context(&user, now), Arc::new(Vec::new()), Some(3), now, stale);
        assert!(cache.recent(&context(&user, now), moment, now).is_none(), "past the moment");
    }

    #[test]
    fn a_list_read_before_its_persons_write_began_is_not_kept() {
        let cache = ListCache::default();
        let (user, now) = (worker("gw0001"), 600_000);
        let read_at = Instant::now();
        cache.forget("gw0001");
        cache.put(&context(&user, now), Arc::new(Vec::new()), Some(1), now, read_at);
        assert!(cache.standing(&context(&user, now), 1, now).is_none());
        cache.put(&context(&user, now), Arc::new(Vec::new()), Some(1), now, Instant::now());
        assert!(cache.standing(&context(&user, now), 1, now).is_some());
        assert_eq!(cache.gathered_afresh(), 2);
    }

    #[test]
    fn a_deadline_ahead_on_the_list_ends_it_sooner() {
        let items = [item(Some(150_000)), item(Some(130_000)), item(Some(900_000))];
        assert_eq!(until(120_500, &items), 130_000);
    }
}
