//! What the writer's group carries to its end. A write's audit entry, its notices to staff and
//! the webhook deliveries they queue must commit with the write, but need not cost the one
//! writer statements of their own: inside a group they are kept here and appended together just
//! before its COMMIT, in the same transaction as the writes. The active webhooks, which every
//! notice asks for, are read once per group. A job that fails forgets, with its savepoint, what
//! it kept. Outside a group (a command-line import, a test's own transaction) everything is
//! written at once, as before.

use crate::audit::reads::{self, Pending};
use crate::inbox::{self, Delivery, Hooks, NoticeRow};
use crate::{Conn, StoreError};
use std::cell::RefCell;
use std::future::Future;

#[derive(Default)]
struct Carried {
    entries: Vec<Pending>,
    notices: Vec<NoticeRow>,
    deliveries: Vec<Delivery>,
    /// The active webhooks as the group read them, until a webhook is written.
    hooks: Option<Hooks>,
    /// The statements that open the running job's savepoint, while the writer has left them
    /// for the job to send with its first write (`Writer::write_folded`).
    savepoint: Option<&'static str>,
}

tokio::task_local! {
    static CARRIED: RefCell<Carried>;
}

/// Runs one group's commit with its writes' entries, notices and deliveries carried.
pub(crate) async fn carrying<F: Future>(group: F) -> F::Output {
    CARRIED.scope(RefCell::new(Carried::default()), group).await
}

/// Keeps `entry` for the group's end; outside a group, hands it back.
pub(crate) fn keep_entry(entry: Pending) -> Option<Pending> {
    keep(entry, |c| &mut c.entries)
}

/// Keeps notices for the group's end; outside a group, hands them back.
pub(crate) fn keep_notices(rows: Vec<NoticeRow>) -> Option<Vec<NoticeRow>> {
    let mut rows = Some(rows);
    let _ = CARRIED.try_with(|c| {
        if let Some(r) = rows.take() {
            c.borrow_mut().notices.extend(r);
        }
    });
    rows
}

/// Keeps a webhook delivery for the group's end; outside a group, hands it back.
pub(crate) fn keep_delivery(delivery: Delivery) -> Option<Delivery> {
    keep(delivery, |c| &mut c.deliveries)
}

fn keep<T>(item: T, list: impl FnOnce(&mut Carried) -> &mut Vec<T>) -> Option<T> {
    let mut item = Some(item);
    let _ = CARRIED.try_with(|c| {
        if let Some(i) = item.take() {
            list(&mut c.borrow_mut()).push(i);
        }
    });
    item
}

/// The active webhooks, if the group has read them since they were last written.
pub(crate) fn hooks() -> Option<Hooks> {
    CARRIED
        .try_with(|c| c.borrow().hooks.clone())
        .ok()
        .flatten()
}

/// Remembers the active webhooks for the rest of the group.
pub(crate) fn remember_hooks(hooks: &Hooks) {
    let _ = CARRIED.try_with(|c| c.borrow_mut().hooks = Some(hooks.clone()));
}

/// Forgets the webhooks read: one was written.
pub(crate) fn forget_hooks() {
    let _ = CARRIED.try_with(|c| c.borrow_mut().hooks = None);
}

/// Leaves the statements that open the next job's savepoint for that job to send.
pub(crate) fn defer_savepoint(sql: &'static str) {
    let _ = CARRIED.try_with(|c| c.borrow_mut().savepoint = Some(sql));
}

/// The statements that open the running job's savepoint, if they are still to be sent: the
/// caller puts them first in the string of its first write (SQLite runs a string's statements
/// in order, so they run before anything the string writes). Taken once.
pub(crate) fn take_savepoint() -> Option<&'static str> {
    CARRIED
        .try_with(|c| c.borrow_mut().savepoint.take())
        .ok()
        .flatten()
}

/// Opens the running job's savepoint now if it is still to be sent. A job the writer ran with
/// its savepoint deferred calls this before any write that does not carry it.
pub async fn open_savepoint(conn: &mut Conn) -> Result<(), StoreError> {
    if let Some(sql) = take_savepoint() {
        sqlx::Executor::execute(conn, sql).await?;
    }
    Ok(())
}

/// How much the group keeps so far: a job's savepoint marks this before it runs.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mark {
    entries: usize,
    notices: usize,
    deliveries: usize,
}

pub(crate) fn mark() -> Mark {
    CARRIED
        .try_with(|c| {
            let c = c.borrow();
            Mark {
                entries: c.entries.len(),
                notices: c.notices.len(),
                deliveries: c.deliveries.len(),
            }
        })
        .unwrap_or_default()
}

/// Forgets what was kept since `mark`, when the job that kept it is rolled back; the webhooks
/// it read may have been its own, rolled back with it.
pub(crate) fn forget_since(mark: Mark) {
    let _ = CARRIED.try_with(|c| {
        let mut c = c.borrow_mut();
        c.entries.truncate(mark.entries);
        c.notices.truncate(mark.notices);
        c.deliveries.truncate(mark.deliveries);
        c.hooks = None;
    });
}

/// Appends what the group kept, each kind in the order it was kept.
pub(crate) async fn append_kept(conn: &mut Conn) -> Result<(), StoreError> {
    let kept = CARRIED
        .try_with(|c| std::mem::take(&mut *c.borrow_mut()))
        .unwrap_or_default();
    reads::append_all(conn, &kept.entries).await?;
    inbox::insert_notices(conn, &kept.notices).await?;
    inbox::insert_deliveries(conn, &kept.deliveries).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> Pending {
        Pending::now("tester", "thing.change", "thing", id, "")
    }

    fn notice(to: &str) -> NoticeRow {
        NoticeRow {
            username: to.into(),
            kind: "assigned".into(),
            title: String::new(),
            link: String::new(),
            created_at: 0,
        }
    }

    #[tokio::test]
    async fn outside_a_group_everything_is_handed_back_to_be_written_at_once() {
        assert!(keep_entry(entry("1")).is_some());
        assert!(keep_notices(vec![notice("a")]).is_some());
        assert!(hooks().is_none());
        let m = mark();
        assert_eq!((m.entries, m.notices, m.deliveries), (0, 0, 0));
    }

    #[tokio::test]
    async fn a_rolled_back_job_forgets_only_what_it_kept_and_the_webhooks_it_read() {
        let kept = carrying(async {
            assert!(keep_entry(entry("1")).is_none());
            assert!(keep_notices(vec![notice("a")]).is_none());
            let job = mark();
            assert!(keep_entry(entry("2")).is_none());
            assert!(keep_notices(vec![notice("b"), notice("c")]).is_none());
            remember_hooks(&Hooks::default());
            assert!(hooks().is_some());
            forget_since(job);
            assert!(hooks().is_none());
            assert!(keep_entry(entry("4")).is_none());
            CARRIED.with(|c| {
                let c = c.borrow();
                (
                    c.entries
                        .iter()
                        .map(|p| p.record_id.clone())
                        .collect::<Vec<_>>(),
                    c.notices
                        .iter()
                        .map(|n| n.username.clone())
                        .collect::<Vec<_>>(),
                )
            })
        })
        .await;
        assert_eq!(kept.0, ["1", "4"]);
        assert_eq!(kept.1, ["a"]);
    }
}
