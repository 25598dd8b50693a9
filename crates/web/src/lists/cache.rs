//! A person's gathered lists, kept while the data under them stands. A list asks every area
//! (nineteen parts today), and the home page and the lists are what people open most.
//!
//! Each area's part is kept with the versions of the tables it reads (`ListSource::reads`;
//! `store::versions::LISTS`, one version per table, moved by triggers in the same transaction
//! as every change to it), and shown again while they stand: one read of the versions instead
//! of the part's queries, exact for the data, on every node. A new case gathers again only the
//! parts that read cases. Time moves parts too (a deadline passes, a span counted back from
//! now slides): each part names the first instant at which time alone changes it
//! (`Found::until`), and is kept no further; a list's window is whole days, in its key. With
//! replicas (`--read-db`) the parts may read a replica further behind than the versions, so
//! parts are kept by version only on the primary.
//!
//! `Config::list_cache_ms` adds a moment in which a list is shown again without asking the
//! versions (the design lets lists lag a second behind someone else's change, never behind the
//! person's own: any write request of theirs drops their entries, and a list read before that
//! write began is not kept). Late in that moment the list is gathered again behind the answer
//! (`recent` says when), so people opening their lists all day do not wait for the gathering:
//! under a steady stream of changes it was the task list's slowest answers.

use super::{Found, ListContext, ListItem};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Entries past which those checked too long ago are swept within a minute too.
const SWEEP_AT: usize = 20_000;

/// A list not found standing for this long is dropped at the next minute's sweep: its person
/// has gone, and a part with no deadline ahead would otherwise be kept all day.
const IDLE: Duration = Duration::from_secs(600);

/// The share of the moment after which a list shown again is also gathered again behind the
/// answer: the rest of the moment is the time the gathering has to land before callers wait
/// for it themselves.
const REFRESH_AT: f64 = 0.75;

/// One area's part of a list, as gathered.
#[derive(Clone)]
pub struct Part {
    /// The sum of the versions of the tables the part reads (each only grows, so the sum moves
    /// when any of them does); `None` when the part cannot be kept by version.
    pub version: Option<i64>,
    /// Epoch milliseconds from which time alone may change it.
    pub until: i64,
    pub items: Arc<Vec<ListItem>>,
}

impl Part {
    /// A part as its area found it at `now`: kept until the instant it names, and never past
    /// a deadline on one of its items (where its overdue mark turns).
    pub fn new(version: Option<i64>, now: i64, found: Found) -> Part {
        Part {
            version,
            until: until(now, &found.items).min(found.until),
            items: Arc::new(found.items),
        }
    }

    fn stands(&self, version: Option<i64>, now: i64) -> bool {
        self.version.is_some() && self.version == version && now < self.until
    }
}

/// One kept list.
struct Kept {
    /// When the data under it was last known to be as shown: its versions read before its
    /// parts, or found to stand.
    checked: Instant,
    /// Whether it is being gathered again behind an answer.
    refreshing: bool,
    /// Each area's part, in the order of `AppState::list_sources`.
    parts: Vec<Part>,
    /// The first of its parts' `until`.
    until: i64,
}

#[derive(Default)]
pub struct ListCache {
    entries: Mutex<HashMap<String, Kept>>,
    /// Lists put together with at least one part gathered from its area: what operators and
    /// tests read.
    afresh: AtomicU64,
    /// Parts gathered from their areas, not shown again.
    parts_afresh: AtomicU64,
    /// The minute of the last sweep: a new minute's first list drops the last minute's.
    swept: AtomicI64,
    /// When each person's latest write began: a list read before it is not kept.
    writes: Mutex<HashMap<String, Instant>>,
}

/// A list shown again from within the moment, and whether the caller should gather it again
/// behind the answer (it is the first to find it late in the moment).
pub struct Recent {
    pub items: Vec<ListItem>,
    pub refresh: bool,
}

/// What is kept of a list at the versions now.
pub enum Standing {
    /// Every part stands: the list as kept.
    Whole(Vec<ListItem>),
    /// The parts that stand, in order; `None` for each to gather again.
    Parts(Vec<Option<Part>>),
}

/// A list's parts, and how many of them were gathered afresh.
pub struct Gathered {
    pub parts: Vec<Part>,
    pub afresh: usize,
}

/// The parts put together: overdue first, then by deadline, each part's order kept. A kept
/// list holds its parts only and is put together for each call that shows it (the call copies
/// the items anyway; the sort adds microseconds), so no item is held twice.
pub fn merged(parts: &[Part]) -> Vec<ListItem> {
    let mut all: Vec<ListItem> = parts.iter().flat_map(|p| p.items.iter().cloned()).collect();
    all.sort_by_key(|i| (!i.overdue, i.due_at.unwrap_or(i64::MAX)));
    all
}

/// The entry's key: the person first, so their entries can be dropped together; then the
/// list, its scope, its team and its window (whole days: a person's own lists move to the
/// next window at midnight).
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

/// The first deadline on a part's items still ahead of `now`, when its overdue mark may turn.
pub fn until(now: i64, items: &[ListItem]) -> i64 {
    items
        .iter()
        .filter_map(|i| i.due_at)
        .filter(|&due| due >= now)
        .fold(i64::MAX, i64::min)
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
            items: merged(&kept.parts),
            refresh,
        })
    }

    /// What is kept for this context at `versions` (each part's, in order) and `now`: the
    /// whole list, marked checked, when every part stands; otherwise the parts that do.
    pub fn standing(&self, cx: &ListContext<'_>, versions: &[Option<i64>], now: i64) -> Standing {
        let mut entries = self.lock();
        let Some(kept) = entries
            .get_mut(&key(cx))
            .filter(|k| k.parts.len() == versions.len())
        else {
            return Standing::Parts(vec![None; versions.len()]);
        };
        let parts: Vec<Option<Part>> = kept
            .parts
            .iter()
            .zip(versions)
            .map(|(part, &v)| part.stands(v, now).then(|| part.clone()))
            .collect();
        if parts.iter().all(Option::is_some) {
            kept.checked = Instant::now();
            return Standing::Whole(merged(&kept.parts));
        }
        Standing::Parts(parts)
    }

    /// Keeps a list put together at `now`, its data read from `read_at` on, unless its person
    /// began a write since.
    pub fn put(&self, cx: &ListContext<'_>, gathered: &Gathered, now: i64, read_at: Instant) {
        self.afresh.fetch_add(1, Ordering::Relaxed);
        self.parts_afresh
            .fetch_add(gathered.afresh as u64, Ordering::Relaxed);
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
            entries.retain(|_, kept| now < kept.until && kept.checked.elapsed() < IDLE);
        }
        if entries.len() >= SWEEP_AT {
            entries.retain(|_, kept| kept.checked.elapsed() < Duration::from_secs(1));
        }
        let kept = Kept {
            checked: read_at,
            refreshing: false,
            until: gathered.parts.iter().map(|p| p.until).fold(i64::MAX, i64::min),
            parts: gathered.parts.clone(),
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

    /// How many lists were put together with a part gathered afresh since the start.
    pub fn gathered_afresh(&self) -> u64 {
        self.afresh.load(Ordering::Relaxed)
    }

    /// How many areas' parts were gathered afresh since the start.
    pub fn parts_gathered_afresh(&self) -> u64 {
        self.parts_afresh.load(Ordering::Relaxed)
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
            // Whole days, as a person's own lists are.
            from: 0,
            to: 2 * 86_400_000,
            now,
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

    /// A part that only its data changes.
    fn still(items: Vec<ListItem>) -> Found {
        Found::still(items)
    }

    /// A list of one part, gathered at `version` and `now`.
    fn one(items: Vec<ListItem>, version: i64, now: i64) -> Gathered {
        let part = Part::new(Some(version), now, still(items));
        Gathered {
            parts: vec![part],
            afresh: 1,
        }
    }

    fn whole(standing: Standing) -> bool {
        matches!(standing, Standing::Whole(_))
    }

    #[test]
    fn a_part_is_kept_until_the_instant_its_area_names_or_a_deadline_on_it() {
        assert_eq!(until(120_500, &[]), i64::MAX);
        assert_eq!(until(120_500, &[item(None), item(Some(10))]), i64::MAX);
        let named = |items, at| Found { items, until: at };
        assert_eq!(Part::new(None, 120_500, named(Vec::new(), 150_000)).until, 150_000);
        let due = vec![item(Some(130_000))];
        assert_eq!(Part::new(None, 120_500, named(due.clone(), 150_000)).until, 130_000);
        assert_eq!(Part::new(None, 120_500, still(due)).until, 130_000);
    }

    #[test]
    fn a_kept_list_stands_at_its_version_and_within_its_minute() {
        let cache = ListCache::default();
        let (user, now) = (worker("gw0001"), 600_000);
        let cx = context(&user, now);
        cache.put(&cx, &one(vec![item(Some(now + 5_000))], 7, now), now, Instant::now());
        assert!(whole(cache.standing(&cx, &[Some(7)], now + 1_000)));
        assert!(!whole(cache.standing(&cx, &[Some(8)], now + 1_000)), "data moved");
        assert!(!whole(cache.standing(&cx, &[Some(7)], now + 5_000)), "deadline");
        assert!(!whole(cache.standing(&cx, &[None], now + 1_000)), "no version");
        assert_eq!(cache.gathered_afresh(), 1);
    }

    #[test]
    fn only_the_parts_whose_tables_moved_or_whose_deadline_passed_are_gathered_again() {
        let cache = ListCache::default();
        let (user, now) = (worker("gw0001"), 600_000);
        let cx = context(&user, now);
        let parts = vec![
            Part::new(Some(1), now, still(vec![item(None)])),
            Part::new(Some(10), now, still(vec![item(Some(now + 5_000))])),
            Part::new(Some(100), now, still(Vec::new())),
        ];
        let gathered = Gathered {
            parts,
            afresh: 3,
        };
        cache.put(&cx, &gathered, now, Instant::now());
        assert_eq!(cache.parts_gathered_afresh(), 3);
        let Standing::Parts(kept) = cache.standing(&cx, &[Some(1), Some(10), Some(101)], now)
        else {
            panic!("the third part's tables moved");
        };
        let standing: Vec<bool> = kept.iter().map(Option::is_some).collect();
        assert_eq!(standing, [true, true, false]);
        let Standing::Parts(kept) = cache.standing(&cx, &[Some(1), Some(10), Some(100)], now + 5_000)
        else {
            panic!("the second part's deadline passed");
        };
        let standing: Vec<bool> = kept.iter().map(Option::is_some).collect();
        assert_eq!(standing, [true, false, true]);
        let Standing::Parts(kept) = cache.standing(&cx, &[Some(1), Some(10)], now) else {
            panic!("a list of other parts");
        };
        assert!(kept.iter().all(Option::is_none));
    }

    #[test]
    fn a_new_minutes_sweep_drops_the_lists_left_idle() {
        let cache = ListCache::default();
        let (a, b) = (worker("gw0001"), worker("gw0002"));
        let idle = Instant::now() - IDLE - Duration::from_secs(1);
        cache.put(&context(&a, 600_000), &one(Vec::new(), 1, 600_000), 600_000, idle);
        cache.put(&context(&b, 610_000), &one(Vec::new(), 1, 610_000), 610_000, Instant::now());
        assert_eq!(cache.lock().len(), 2, "swept once in a minute");
        cache.put(&context(&b, 660_000), &one(Vec::new(), 1, 660_000), 660_000, Instant::now());
        assert_eq!(cache.lock().len(), 1, "gw0001's idle list is dropped");
        let cx = context(&b, 610_000);
        assert!(whole(cache.standing(&cx, &[Some(1)], 3_600_000)), "no deadline on it");
    }

    #[test]
    fn late_in_the_moment_one_caller_is_told_to_gather_again() {
        let cache = ListCache::default();
        let (user, now) = (worker("gw0001"), 600_000);
        let cx = context(&user, now);
        // A long moment, so that a slow machine between two lines cannot end it.
        let moment = Duration::from_secs(10);
        let read_at = Instant::now() - Duration::from_secs(8);
        cache.put(&cx, &one(Vec::new(), 1, now), now, read_at);
        let first = cache.recent(&cx, moment, now).unwrap();
        let second = cache.recent(&cx, moment, now).unwrap();
        assert!(first.refresh, "8 s into a moment of 10");
        assert!(!second.refresh, "one gathering at a time");
        cache.put(&cx, &one(Vec::new(), 2, now), now, Instant::now());
        assert!(!cache.recent(&cx, moment, now).unwrap().refresh);
        let stale = Instant::now() - Duration::from_secs(10);
        cache.put(&cx, &one(Vec::new(), 3, now), now, stale);
        assert!(cache.recent(&cx, moment, now).is_none(), "past the moment");
    }

    #[test]
    fn a_list_read_before_its_persons_write_began_is_not_kept() {
        let cache = ListCache::default();
        let (user, now) = (worker("gw0001"), 600_000);
        let cx = context(&user, now);
        let read_at = Instant::now();
        cache.forget("gw0001");
        cache.put(&cx, &one(Vec::new(), 1, now), now, read_at);
        assert!(!whole(cache.standing(&cx, &[Some(1)], now)));
        cache.put(&cx, &one(Vec::new(), 1, now), now, Instant::now());
        assert!(whole(cache.standing(&cx, &[Some(1)], now)));
        assert_eq!(cache.gathered_afresh(), 2);
    }

    #[test]
    fn a_deadline_ahead_on_the_list_ends_it_sooner() {
        let items = [item(Some(150_000)), item(Some(130_000)), item(Some(900_000))];
        assert_eq!(until(120_500, &items), 130_000);
    }
}
