//! The write path. On SQLite one task owns the only writing connection and commits whatever
//! writes have queued up together (group commit): each job runs inside its own savepoint, so a
//! failing job leaves no trace, and every job is answered only after the shared COMMIT is
//! durable. PostgreSQL is written the same way: every write appends to the audit chain, whose
//! head row would serialise pooled writers anyway. Each group also carries the read entries
//! queued since the last one (`audit::reads`), and appends its jobs' own audit entries, notices
//! and webhook deliveries together just before its COMMIT (`group`).

use crate::audit::reads::{self, ReadLog, FLUSH_EVERY};
use crate::{group, Conn, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::{Any, Connection};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Notify};

/// A boxed, sendable future, the shape write jobs return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Largest number of jobs folded into one commit; bounds the latency a job can add to others.
const MAX_GROUP: usize = 512;

/// How many nice levels the writer's thread (and its SQLite connection's, which it starts)
/// runs above the request threads. Every change waits for the one writer, and on a busy
/// machine its threads waited for a core behind requests that were only reading: at ten levels
/// above (about nine times their weight), intake's p99 in the mix fell from 62–83 ms to
/// 48–51 ms, for 5–8 % fewer requests a second at saturation: smaller groups, each with its
/// own commit (docs/PERFORMANCE.md, sixteenth session).
const WRITER_PRIORITY: i32 = 10;

/// What a finished job leaves for the writer: whether to roll its savepoint back, and how to
/// answer its caller once the commit's outcome is known.
pub(crate) struct Finish {
    failed: bool,
    answer: Box<dyn FnOnce(Option<String>) + Send>,
}

type Run = Box<dyn for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Finish> + Send>;

/// A queued job, whether it sends its own savepoint with its first write
/// ([`Writer::write_folded`]), and whether it may write at all (a flush of read entries does
/// not).
struct Job {
    run: Run,
    folds: bool,
    writes: bool,
}

/// The queue into the writing task, and the read entries it carries along.
#[derive(Clone)]
pub(crate) struct Writer {
    queue: mpsc::Sender<Job>,
    pub(crate) reads: Arc<ReadLog>,
}

impl Writer {
    /// Starts the writing task on a thread of its own, on the connection `connect` opens there,
    /// and the tick that flushes read entries when nothing else is written. Both stop once
    /// every `Writer` is dropped. `notify` is the statement that sends this node's change notice,
    /// which each group that may change something sends (PostgreSQL, see `changes`).
    pub(crate) async fn start<C>(connect: C, notify: Option<String>) -> Result<Writer, StoreError>
    where
        C: FnOnce() -> BoxFuture<'static, Result<PoolConnection<Any>, StoreError>> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel(4096);
        let reads = Arc::new(ReadLog::default());
        let (ready, connected) = oneshot::channel();
        let group_reads = reads.clone();
        on_own_thread(async move {
            match connect().await {
                Ok(conn) => {
                    let _ = ready.send(Ok(()));
                    run_group_commits(conn, rx, group_reads, notify).await;
                }
                Err(e) => {
                    let _ = ready.send(Err(e));
                }
            }
        })?;
        connected
            .await
            .map_err(|_| StoreError::Commit("写入线程未能启动".into()))??;
        tokio::spawn(tick(tx.downgrade(), reads.wake.clone(), reads.clone()));
        Ok(Writer { queue: tx, reads })
    }

    pub(crate) async fn write<T, F>(&self, job: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static,
    {
        submit(&self.queue, job, false, true).await
    }

    /// Like [`Writer::write`], for a job that sends the statements opening its savepoint with
    /// its first write, saving the writer a round trip: it puts `group::take_savepoint()` first
    /// in the string of that write, or calls `group::open_savepoint` before a write that cannot
    /// carry it. A job that never takes it must not write; the writer then knows no savepoint
    /// was opened and leaves the statements for the next job.
    pub(crate) async fn write_folded<T, F>(&self, job: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static,
    {
        submit(&self.queue, job, true, true).await
    }

    /// Queues a read entry; waits for a commit only when the queue is over its bound.
    pub(crate) async fn read(&self, entry: reads::Pending) -> Result<(), StoreError> {
        if self.reads.push(entry) >= reads::MOST_PENDING {
            self.flush_reads().await?;
        }
        Ok(())
    }

    /// Commits the queued read entries (with whatever else is queued) and waits for it.
    pub(crate) async fn flush_reads(&self) -> Result<(), StoreError> {
        submit(&self.queue, |_| Box::pin(async { Ok(()) }), false, false).await
    }
}

async fn submit<T, F>(
    queue: &mpsc::Sender<Job>,
    job: F,
    folds: bool,
    writes: bool,
) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static,
{
    let (reply, answer) = oneshot::channel::<Result<T, StoreError>>();
    let erased: Run = Box::new(move |conn| {
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
        .send(Job {
            run: erased,
            folds,
            writes,
        })
        .await
        .map_err(|_| StoreError::Commit("写入队列已关闭".into()))?;
    answer
        .await
        .map_err(|_| StoreError::Commit("写入任务已停止".into()))?
}

/// When reads are queued and no write has carried them for a tick, sends an empty job.
async fn tick(queue: mpsc::WeakSender<Job>, wake: Arc<Notify>, reads: Arc<ReadLog>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(FLUSH_EVERY) => {}
            _ = wake.notified() => {}
        }
        let Some(queue) = queue.upgrade() else { return };
        if reads.is_empty() {
            continue;
        }
        if let Err(e) = submit(&queue, |_| Box::pin(async { Ok(()) }), false, false).await {
            tracing::warn!(error = %e, "read audit entries not written yet; kept for the next group");
        }
    }
}

/// Runs the writing task on a thread of its own, with a runtime of its own that also drives its
/// connection's I/O. The writer waits on the database once per statement. Woken from the
/// request runtime, it would queue behind every request task there (tokio's shared injection
/// queue), and a PostgreSQL socket's readiness would wait for a busy worker to poll the I/O
/// driver: under load that wait, not the database, set the pace of every write (on
/// PostgreSQL, intake's p50 in the mix was 200–240 ms against 50 ms alone). Its own thread is
/// woken at once.
fn on_own_thread(commits: impl Future<Output = ()> + Send + 'static) -> Result<(), StoreError> {
    std::thread::Builder::new()
        .name("fengqiao-writer".into())
        .spawn(move || {
            raise_priority();
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(commits),
                Err(e) => tracing::error!(error = %e, "the writer's runtime did not start"),
            }
        })
        .map(|_| ())
        .map_err(|e| StoreError::Commit(format!("写入线程未能启动:{e}")))
}

/// Raises the calling thread's priority by [`WRITER_PRIORITY`] nice levels; threads it starts
/// afterwards (its SQLite connection's) inherit it. Raising needs `CAP_SYS_NICE` or a
/// `RLIMIT_NICE` allowing it (systemd's `LimitNICE=`, docs/DEPLOYMENT.md); without it the
/// writer runs at the requests' priority, as before, and says so once.
fn raise_priority() {
    let me = Some(rustix::thread::gettid());
    let raised = rustix::process::getpriority_process(me)
        .map(|nice| (nice - WRITER_PRIORITY).max(-20))
        .and_then(|nice| rustix::process::setpriority_process(me, nice).map(|()| nice));
    match raised {
        Ok(nice) => tracing::debug!(nice, "the writer's priority"),
        Err(e) => tracing::info!(
            error = %e,
            "the writer runs at the requests' priority (allow it with LimitNICE=-10 or CAP_SYS_NICE)"
        ),
    }
}

async fn run_group_commits(
    mut conn: PoolConnection<Any>,
    mut queue: mpsc::Receiver<Job>,
    reads: Arc<ReadLog>,
    notify: Option<String>,
) {
    let postgres = crate::dialect::is_postgres(&conn);
    let mut batch = Vec::with_capacity(MAX_GROUP);
    while queue.recv_many(&mut batch, MAX_GROUP).await > 0 {
        let jobs = std::mem::take(&mut batch);
        let queued_reads = reads.take();
        let mut finished = Vec::with_capacity(jobs.len());
        let started = std::time::Instant::now();
        let group = Group {
            reads: &queued_reads,
            notify: notify.as_deref(),
            postgres,
        };
        let outcome = group::carrying(commit_group(&mut conn, group, jobs, &mut finished)).await;
        let error = match outcome {
            Ok(reads_in) => {
                reads.settle(reads_in);
                None
            }
            Err(e) => {
                reads.settle(false);
                Some(e.to_string())
            }
        };
        if let Some(e) = &error {
            tracing::error!(error = %e, jobs = finished.len(), "group commit failed");
        }
        // `FENGQIAO_LOG=fengqiao_store::writer=debug` shows each group: how many jobs and read
        // entries it carried and how long it held the writer.
        tracing::debug!(
            jobs = finished.len(),
            reads = queued_reads.len(),
            micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
            "group"
        );
        for f in finished {
            (f.answer)(error.clone());
        }
    }
}

/// What a group carries besides its jobs.
struct Group<'a> {
    reads: &'a [reads::Pending],
    /// The statement that sends this node's change notice (PostgreSQL).
    notify: Option<&'a str>,
    postgres: bool,
}

/// Commits one group: the queued read entries first, then each job in its savepoint; with the
/// change notice if a job may change something. Answers whether the read entries went in (a
/// failure there keeps them queued, it does not hold the group back).
async fn commit_group(
    conn: &mut PoolConnection<Any>,
    group: Group<'_>,
    jobs: Vec<Job>,
    finished: &mut Vec<Finish>,
) -> Result<bool, StoreError> {
    let queued_reads = group.reads;
    // Several nodes' groups meet on PostgreSQL at the audit chain's head and at the data
    // versions' rows (`versions`), which triggers lock at a group's first change. Taking the
    // head first gives every group the same order — head, then versions — so two groups queue
    // at the head instead of each holding what the other waits for (a group that carries read
    // entries locks the head before any change; one without, after). The head's lock and the
    // read entries' savepoint go with the BEGIN, in one round trip.
    // The change notice (PostgreSQL) goes with them too when a job may write. PostgreSQL sends
    // it at COMMIT, so a group that commits nothing sends nothing; a group whose every job
    // failed sends it all the same, and the other nodes only read again what they kept.
    let mut begin = String::from("BEGIN");
    if group.postgres {
        begin.push_str("; SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE");
    }
    if let Some(notify) = group.notify.filter(|_| jobs.iter().any(|j| j.writes)) {
        begin.push_str("; ");
        begin.push_str(notify);
    }
    if !queued_reads.is_empty() {
        begin.push_str("; SAVEPOINT reads");
    }
    let mut tx = conn.begin_with(begin).await?;
    // Each job runs in a savepoint of its own. The release of one (or of the read entries')
    // and the next one's savepoint go to the database as one round trip, since the writer pays
    // one for every statement; a job that folds sends them with its own first write.
    let mut open = Savepoint::None;
    let mut reads_in = true;
    if !queued_reads.is_empty() {
        match reads::append_all(&mut tx, queued_reads).await {
            Ok(()) => open = Savepoint::Reads,
            Err(e) => {
                tracing::warn!(error = %e, "read audit entries kept for the next group");
                statements(
                    &mut tx,
                    "ROLLBACK TO SAVEPOINT reads; RELEASE SAVEPOINT reads",
                )
                .await?;
                reads_in = false;
            }
        }
    }
    for job in jobs {
        let mark = group::mark();
        let finish = if job.folds {
            group::defer_savepoint(open.next());
            let finish = (job.run)(&mut tx).await;
            if group::take_savepoint().is_none() {
                open = Savepoint::Job {
                    failed: finish.failed,
                };
            }
            finish
        } else {
            statements(&mut tx, open.next()).await?;
            let finish = (job.run)(&mut tx).await;
            open = Savepoint::Job {
                failed: finish.failed,
            };
            finish
        };
        if finish.failed {
            group::forget_since(mark);
        }
        finished.push(finish);
    }
    if let Some(last) = open.close() {
        statements(&mut tx, last).await?;
    }
    // The jobs' own audit entries and notices, carried to here: they commit with the writes or
    // not at all.
    group::append_kept(&mut tx).await?;
    tx.commit().await?;
    Ok(reads_in)
}

/// The savepoint open in a group: none, or the read entries' before its first writing job,
/// then the last one's.
#[derive(Clone, Copy)]
enum Savepoint {
    None,
    Reads,
    Job { failed: bool },
}

impl Savepoint {
    /// The statements that close this savepoint and open the next job's.
    fn next(self) -> &'static str {
        match self {
            Savepoint::None => "SAVEPOINT job",
            Savepoint::Reads => "RELEASE SAVEPOINT reads; SAVEPOINT job",
            Savepoint::Job { failed: false } => "RELEASE SAVEPOINT job; SAVEPOINT job",
            Savepoint::Job { failed: true } => {
                "ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job; SAVEPOINT job"
            }
        }
    }

    /// The statements that must close it before the group's end: a failed job's savepoint is
    /// rolled back. Any other is left open: COMMIT keeps what every open savepoint holds (on
    /// both databases), and its release was one more round trip for every group.
    fn close(self) -> Option<&'static str> {
        match self {
            Savepoint::Job { failed: true } => Some("ROLLBACK TO SAVEPOINT job"),
            Savepoint::None | Savepoint::Reads | Savepoint::Job { failed: false } => None,
        }
    }
}

/// Runs statements without parameters in one round trip: a plain string is sent unprepared,
/// and PostgreSQL's simple protocol, like SQLite, takes several statements at once.
async fn statements(conn: &mut Conn, sql: &'static str) -> Result<(), sqlx::Error> {
    sqlx::Executor::execute(conn, sql).await.map(|_| ())
}
