//! Opening a database from its URL: the backend is chosen by the URL scheme (an unknown one is
//! refused loudly), SQLite gets WAL with `synchronous=FULL`, and migrations run at start.

use crate::writer::{BoxFuture, Writer};
use crate::{Conn, StoreError};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection, Executor};
use std::str::FromStr;
use std::time::Duration;

/// SQLite page cache of each reading connection, in KiB. Eight readers with SQLite's default
/// 2,000 KiB held 11–14 MB more at the mix's peak than with 512 KiB, for the same throughput
/// (district data, docs/PERFORMANCE.md): the operating system caches the file anyway.
const READER_CACHE_KIB: u32 = 512;
/// The writing connection keeps SQLite's default; 64 MB measured no faster.
const WRITER_CACHE_KIB: u32 = 2_000;
/// A pooled PostgreSQL connection idle this long is pinged before it is taken: it can go stale
/// (a restarted server), but one in steady use has just proved itself (sqlx pings every
/// connection as it comes back), and a ping before every take was one more round trip for
/// every statement. A SQLite connection is a file handle on a thread of its own and cannot go
/// stale: it is never pinged before a take (that was two task switches, a large share of a
/// case page's cost).
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Reads the backend from a URL's scheme.
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::BadUrl(format!(
                "「{}」:只支持 sqlite:// 与 postgres://",
                url.split(':').next().unwrap_or_default()
            )))
        }
    }
}

/// SQLite durability choice for the operator: FULL survives power loss (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Synchronous {
    #[default]
    Full,
    Normal,
}

/// A handle to the database: a read pool and the write path.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    writer: Writer,
    url: String,
    /// This process's name in change notices.
    node: String,
    /// PostgreSQL streaming replicas for reads that may be a second stale (`stale_pool`).
    replicas: std::sync::Arc<Vec<AnyPool>>,
    next_replica: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// Bumped after every committed write, so caches can tell whether data changed.
    generation: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Topics of other nodes' change notices (PostgreSQL; see `changes`).
    topics: tokio::sync::broadcast::Sender<String>,
    /// Tells the notice listener to stop; dropped with the last clone of the store.
    stop: std::sync::Arc<tokio::sync::watch::Sender<bool>>,
    /// The versioned documents in force, as last read (see `versioned::in_force`).
    pub(crate) documents: std::sync::Arc<std::sync::Mutex<crate::versioned::Cache>>,
    /// Summaries kept while their data's version stands (see `versions::memo`).
    pub(crate) memo: std::sync::Arc<std::sync::Mutex<crate::versions::Memo>>,
}

impl Store {
    /// Connects, applies the per-connection settings and runs the migrations.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        Self::open_with(url, Synchronous::Full).await
    }

    pub async fn open_with(url: &str, sync: Synchronous) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        };
        let options =
            AnyConnectOptions::from_str(&url).map_err(|e| StoreError::BadUrl(e.to_string()))?;
        // Only the writer commits; its log is mostly checkpointed beside it (see `wal`).
        let pool_options = |max: u32, cache_kib: u32, autocheckpoint: u32| {
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(10))
                // A connection is tried before it is taken only after it has sat idle (see
                // `PING_IF_IDLE_FOR`).
                .test_before_acquire(false)
                .before_acquire(move |conn, meta| {
                    Box::pin(async move {
                        if backend == Backend::Postgres && meta.idle_for >= PING_IF_IDLE_FOR {
                            conn.ping().await?;
                        }
                        Ok(true)
                    })
                })
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        if backend == Backend::Sqlite {
                            let sync = match sync {
                                Synchronous::Full => "FULL",
                                Synchronous::Normal => "NORMAL",
                            };
                            conn.execute(
                                format!(
                                    "PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; \
                                     PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; \
                                     PRAGMA cache_size=-{cache_kib}; \
                                     PRAGMA wal_autocheckpoint={autocheckpoint};"
                                )
                                .as_str(),
                            )
                            .await?;
                        }
                        Ok(())
                    })
                })
        };
        // Eight SQLite readers measured faster than four on two cores (reads wait on the
        // writer's audit entries); PostgreSQL writes also come from the pool.
        let readers = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = pool_options(readers, READER_CACHE_KIB, crate::wal::SQLITE_AUTOCHECKPOINT)
            .connect_with(options.clone())
            .await?;
        match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        // One writing connection with group commit on both databases: every write appends to
        // the audit chain, whose head row serialises writers anyway, so on PostgreSQL too one
        // connection committing whole groups beats many queueing on that row lock.
        // It is opened on the writer's own thread, whose runtime then drives its I/O.
        let writer_pool = pool_options(1, WRITER_CACHE_KIB, crate::wal::WRITER_AUTOCHECKPOINT);
        let checkpointer = match backend {
            Backend::Sqlite => {
                Some(<sqlx::AnyConnection as sqlx::Connection>::connect_with(&options).await?)
            }
            Backend::Postgres => None,
        };
        let connect = move || -> crate::BoxFuture<'static, _> {
            Box::pin(async move { Ok(writer_pool.connect_with(options).await?.acquire().await?) })
        };
        // This node's name in change notices: random, so two processes never share one.
        let node = format!("{:016x}", rand::random::<u64>());
        let notify = match backend {
            Backend::Postgres => Some(
                crate::changes::notify_statement(&node, "write").ok_or_else(|| {
                    StoreError::Commit(format!("节点名「{node}」不能写入变更通知"))
                })?,
            ),
            Backend::Sqlite => None,
        };
        let writer = Writer::start(connect, notify).await?;
        let generation = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (topics, _) = tokio::sync::broadcast::channel(64);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        if let Some(conn) = checkpointer {
            tokio::spawn(crate::wal::checkpoint(conn, stopped.clone()));
        }
        if backend == Backend::Postgres {
            tokio::spawn(crate::changes::listen(
                url.clone(),
                node.clone(),
                generation.clone(),
                topics.clone(),
                stopped,
            ));
        }
        Ok(Store {
            pool,
            backend,
            writer,
            url,
            node,
            replicas: Default::default(),
            next_replica: Default::default(),
            generation,
            topics,
            stop: std::sync::Arc::new(stop),
            documents: Default::default(),
            memo: Default::default(),
        })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Adds PostgreSQL streaming replicas (`fengqiao serve --read-db`, repeatable). They are
    /// only read from, by [`Store::stale_pool`]; the schema is the primary's.
    pub async fn with_replicas(mut self, urls: &[String]) -> Result<Store, StoreError> {
        let mut pools = Vec::with_capacity(urls.len());
        for url in urls {
            if self.backend != Backend::Postgres || Backend::of_url(url)? != Backend::Postgres {
                return Err(StoreError::BadUrl(
                    "只读副本(--read-db)只用于 PostgreSQL 主库的流复制副本".into(),
                ));
            }
            let options =
                AnyConnectOptions::from_str(url).map_err(|e| StoreError::BadUrl(e.to_string()))?;
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            pools.push(pool);
        }
        self.replicas = std::sync::Arc::new(pools);
        Ok(self)
    }

    /// The pool for reads that may be a second stale — lists, the map, search, the funnel and
    /// the assessment: the replicas in turn, or the primary when there are none.
    pub fn stale_pool(&self) -> &AnyPool {
        if self.replicas.is_empty() {
            return &self.pool;
        }
        let n = self
            .next_replica
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        &self.replicas[n % self.replicas.len()]
    }

    /// How many replicas reads may go to.
    pub fn replica_count(&self) -> usize {
        self.replicas.len()
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Runs `job` in a transaction and answers only once it is durably committed. A job that
    /// returns an error leaves nothing behind.
    pub async fn write<T, F>(&self, job: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static,
    {
        let done = self.writer.write(job).await;
        self.count_write(&done);
        done
    }

    /// Like [`Store::write`], for a job that sends the statements opening its savepoint with its
    /// first write (`group::take_savepoint`, `group::open_savepoint`): one round trip less on
    /// the writer. A job that never takes them must not write.
    pub async fn write_folded<T, F>(&self, job: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static,
    {
        let done = self.writer.write_folded(job).await;
        self.count_write(&done);
        done
    }

    fn count_write<T>(&self, done: &Result<T, StoreError>) {
        if done.is_ok() {
            self.generation
                .fetch_add(1, std::sync::atomic::Ordering::Release);
        }
    }

    /// Records that `actor` read personal data (`record_type` `record_id`, with `detail` such
    /// as a filter and a count). Every audited read goes this way, so the audit log holds who
    /// saw what. The entry is queued and committed within a second (`audit::reads`): the
    /// answer does not wait for it.
    pub async fn read_audited(
        &self,
        actor: &str,
        action: &'static str,
        record_type: &'static str,
        record_id: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        let entry =
            crate::audit::reads::Pending::now(actor, action, record_type, record_id, detail);
        self.writer.read(entry).await
    }

    /// Commits every queued read entry now (shutdown, and tests that look at the log).
    pub async fn flush_reads(&self) -> Result<(), StoreError> {
        self.writer.flush_reads().await
    }

    /// Read entries about one record not yet committed, newest first.
    pub(crate) fn queued_reads(
        &self,
        record_type: &str,
        record_id: &str,
    ) -> Vec<crate::audit::reads::Pending> {
        self.writer.reads.about(record_type, record_id)
    }

    /// A change to one record, written with its audit entry in the same job; the entry is
    /// appended only when `change` reports that it changed something.
    pub async fn write_audited<F>(
        &self,
        actor: &str,
        action: &'static str,
        record_type: &'static str,
        record_id: i64,
        change: F,
    ) -> Result<bool, StoreError>
    where
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<bool, StoreError>> + Send + 'static,
    {
        let actor = actor.to_owned();
        self.write(move |c| {
            Box::pin(async move {
                let changed = change(&mut *c).await?;
                if changed {
                    let id = record_id.to_string();
                    crate::audit::append(
                        c,
                        &crate::audit::Entry {
                            actor: &actor,
                            action,
                            record_type,
                            record_id: &id,
                            detail: "",
                        },
                    )
                    .await?;
                }
                Ok(changed)
            })
        })
        .await
    }

    /// Topics other nodes announced ("write" with every group, "atlas" after a region import).
    pub fn changes(&self) -> tokio::sync::broadcast::Receiver<String> {
        self.topics.subscribe()
    }

    /// Tells the other nodes on this database about `topic` (nothing to tell on SQLite).
    pub async fn announce(&self, topic: &str) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(crate::changes::CHANNEL)
                .bind(crate::changes::payload(&self.node, topic))
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Changes whenever the data may have: after every write this process committed, and on
    /// every change notice from another node.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// A consistent copy of the database while it serves: `VACUUM INTO` for SQLite,
    /// `pg_dump` (custom format) for PostgreSQL.
    pub async fn backup(&self, file: &std::path::Path) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                if file.exists() {
                    return Err(StoreError::Invalid(format!(
                        "{} 已存在,不会覆盖",
                        file.display()
                    )));
                }
                let target = file.to_string_lossy().replace('\'', "''");
                sqlx::query(&format!("VACUUM INTO '{target}'"))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
            Backend::Postgres => {
                let status = tokio::process::Command::new("pg_dump")
                    .arg("--format=custom")
                    .arg("--file")
                    .arg(file)
                    .arg(&self.url)
                    .status()
                    .await?;
                if status.success() {
                    Ok(())
                } else {
                    Err(StoreError::Invalid(format!("pg_dump 退出码 {status}")))
                }
            }
        }
    }

    /// Commits the queued read entries and closes the pools.
    pub async fn close(&self) {
        if let Err(e) = self.flush_reads().await {
            tracing::error!(error = %e, "read audit entries could not be written at shutdown");
        }
        let _ = self.stop.send(true);
        for r in self.replicas.iter() {
            r.close().await;
        }
        self.pool.close().await;
    }
}

/// Migration files: the two folders hold the same names, so every change is made for both
/// databases together. Names are `NNNN_what.sql` for the first twelve (kept as they were, since
/// deployed databases record their versions) and `YYYYMMDDHHMM_area_what.sql` from then on, so
/// that areas written side by side never pick the same number.
#[cfg(test)]
mod migration_names {
    use std::collections::BTreeSet;
    use std::path::Path;

    fn names(engine: &str) -> BTreeSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(engine);
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    fn version(name: &str) -> Option<i64> {
        let (v, rest) = name.split_once('_')?;
        let rest = rest.strip_suffix(".sql")?;
        let plain = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        let number: i64 = v.parse().ok()?;
        match v.len() {
            4 if number <= 12 && plain(rest) => Some(number),
            12 if number > 2026_0000_0000 && rest.contains('_') && plain(rest) => Some(number),
            _ => None,
        }
    }

    #[test]
    fn both_databases_have_the_same_migrations() {
        assert_eq!(names("sqlite"), names("postgres"));
    }

    #[test]
    fn every_migration_is_named_by_the_scheme_and_numbers_never_repeat() {
        let mut seen = BTreeSet::new();
        for n in names("sqlite") {
            let v = version(&n).unwrap_or_else(|| {
                panic!("{n}: name it YYYYMMDDHHMM_area_what.sql (lower case, digits, _)")
            });
            assert!(seen.insert(v), "{n}: version {v} is used twice");
        }
        assert_eq!(
            version("202612011530_prevention_patrols.sql"),
            Some(202612011530)
        );
        assert_eq!(
            version("0013_late.sql"),
            None,
            "four digits are only the first twelve"
        );
        assert_eq!(version("202612011530_Patrols.sql"), None);
    }
}
