//! The write path. On SQLite one task owns the only writing connection and commits whatever
//! writes have queued up together (group commit): each job runs inside its own savepoint, so a
//! failing job leaves no trace, and every job is answered only after the shared COMMIT is
//! durable. PostgreSQL is written the same way: every write appends to the audit chain, whose
//! head row would serialise pooled writers anyway.

use crate::{Conn, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::{Any, Connection};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::{mpsc, oneshot};

/// A boxed, sendable future, the shape write jobs return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Largest number of jobs folded into one commit; bounds the latency a job can add to others.
const MAX_GROUP: usize = 512;

/// What a finished job leaves for the writer: whether to roll its savepoint back, and how to
/// answer its caller once the commit's outcome is known.
pub(crate) struct Finish {
    failed: bool,
    answer: Box<dyn FnOnce(Option<String>) + Send>,
}

type Job = Box<dyn for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Finish> + Send>;

/// The queue into the writing task.
#[derive(Clone)]
pub(crate) struct Writer(mpsc::Sender<Job>);

impl Writer {
    pub(crate) fn grouped(conn: PoolConnection<Any>) -> Writer {
        let (tx, rx) = mpsc::channel(4096);
        tokio::spawn(run_group_commits(conn, rx));
        Writer(tx)
    }

    pub(crate) async fn write<T, F>(&self, job: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static,
    {
        let queue = &self.0;
        let (reply, answer) = oneshot::channel::<Result<T, StoreError>>();
        let erased: Job = Box::new(move |conn| {
            Box::pin(async move {
                match job(conn).await {
                    Ok(value) => Finish {
                        failed: false,
                        answer: Box::new(move |commit_error| {
                            let _ = reply.send(match commit_error {
                                None => Ok(value),
                                Some(e) => Err(StoreError::Commit(e)),
                            });
                        }),
                    },
                    Err(e) => Finish {
                        failed: true,
                        answer: Box::new(move |_| {
                            let _ = reply.send(Err(e));
                        }),
                    },
                }
            })
        });
        queue
            .send(erased)
            .await
            .map_err(|_| StoreError::Commit("写入队列已关闭".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Commit("写入任务已停止".into()))?
    }
}

async fn run_group_commits(mut conn: PoolConnection<Any>, mut queue: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_GROUP);
    while queue.recv_many(&mut batch, MAX_GROUP).await > 0 {
        let jobs = std::mem::take(&mut batch);
        let mut finished = Vec::with_capacity(jobs.len());
        let outcome = commit_group(&mut conn, jobs, &mut finished).await;
        let error = outcome.err().map(|e| e.to_string());
        if let Some(e) = &error {
            tracing::error!(error = %e, jobs = finished.len(), "group commit failed");
        }
        for f in finished {
            (f.answer)(error.clone());
        }
    }
}

async fn commit_group(
    conn: &mut PoolConnection<Any>,
    jobs: Vec<Job>,
    finished: &mut Vec<Finish>,
) -> Result<(), sqlx::Error> {
    let mut tx = conn.begin().await?;
    for job in jobs {
        sqlx::query("SAVEPOINT job").execute(&mut *tx).await?;
        let finish = job(&mut tx).await;
        if finish.failed {
            sqlx::query("ROLLBACK TO SAVEPOINT job")
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("RELEASE SAVEPOINT job")
            .execute(&mut *tx)
            .await?;
        finished.push(finish);
    }
    tx.commit().await
}
