//! Write entries carried by the writer's group. A write's entry must commit with the write, but
//! it need not cost the writer three statements of its own (the head moved, the row, the head's
//! hash): inside a group, [`super::append`] keeps the entry here, and the writer appends the
//! group's entries together just before its COMMIT, in the same transaction as the writes.
//! A job that fails drops the entries it kept with its savepoint. Outside a group (a
//! command-line import, a test's own transaction) entries are appended at once, as before.

use super::reads::{self, Pending};
use crate::{Conn, StoreError};
use std::cell::RefCell;
use std::future::Future;

tokio::task_local! {
    static KEPT: RefCell<Vec<Pending>>;
}

/// Runs one group's commit with write entries carried.
pub(crate) async fn carrying<F: Future>(group: F) -> F::Output {
    KEPT.scope(RefCell::new(Vec::new()), group).await
}

/// Keeps `entry` for the group's end; outside a group, hands it back.
pub(super) fn keep(entry: Pending) -> Option<Pending> {
    let mut entry = Some(entry);
    let _ = KEPT.try_with(|kept| {
        if let Some(e) = entry.take() {
            kept.borrow_mut().push(e);
        }
    });
    entry
}

/// How many entries the group keeps so far: a job's savepoint marks this before it runs.
pub(crate) fn mark() -> usize {
    KEPT.try_with(|kept| kept.borrow().len()).unwrap_or(0)
}

/// Forgets the entries kept since `mark`, when the job that kept them is rolled back.
pub(crate) fn forget_since(mark: usize) {
    let _ = KEPT.try_with(|kept| kept.borrow_mut().truncate(mark));
}

/// Appends the entries the group kept, in the order they were kept.
pub(crate) async fn append_kept(conn: &mut Conn) -> Result<(), StoreError> {
    let kept = KEPT
        .try_with(|kept| std::mem::take(&mut *kept.borrow_mut()))
        .unwrap_or_default();
    reads::append_all(conn, &kept).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> Pending {
        Pending::now("tester", "thing.change", "thing", id, "")
    }

    #[tokio::test]
    async fn outside_a_group_an_entry_is_handed_back_to_be_appended_at_once() {
        assert!(keep(entry("1")).is_some());
        assert_eq!(mark(), 0);
    }

    #[tokio::test]
    async fn a_rolled_back_job_forgets_only_its_own_entries() {
        let kept = carrying(async {
            assert!(keep(entry("1")).is_none());
            let job = mark();
            assert!(keep(entry("2")).is_none());
            assert!(keep(entry("3")).is_none());
            forget_since(job);
            assert!(keep(entry("4")).is_none());
            KEPT.with(|k| {
                k.borrow()
                    .iter()
                    .map(|p| p.record_id.clone())
                    .collect::<Vec<_>>()
            })
        })
        .await;
        assert_eq!(kept, ["1", "4"]);
    }
}
