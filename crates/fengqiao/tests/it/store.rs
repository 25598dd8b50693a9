use crate::support::{empty_store, on_both, Db};
use fengqiao_core::{Level, RegionCode};
use fengqiao_store::regions::{self, NewRegion};
use fengqiao_store::{Store, StoreError};

fn district() -> NewRegion {
    NewRegion {
        code: "610302".parse().unwrap(),
        name: "渭滨区".into(),
        level: Level::District,
        parent_code: None,
        geometry: None,
    }
}

fn town(n: usize) -> NewRegion {
    NewRegion {
        code: format!("610302{n:03}").parse().unwrap(),
        name: format!("第{n}镇"),
        level: Level::Town,
        parent_code: Some("610302".parse().unwrap()),
        geometry: None,
    }
}

/// An empty store holding the district, for towns to be written under it.
async fn with_district(db: Db) -> Store {
    let store = empty_store(db).await;
    let d = district();
    store
        .write(move |c| Box::pin(async move { regions::upsert(c, "t", &d).await }))
        .await
        .unwrap();
    store
}

async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn concurrent_writes_all_commit_and_a_failing_one_leaves_no_trace() {
    on_both(|db| async move {
        let store = with_district(db).await;
        let mut tasks = Vec::new();
        for n in 1..=200usize {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let t = town(n);
                store
                    .write(move |c| {
                        Box::pin(async move {
                            regions::upsert(c, "t", &t).await?;
                            if n % 50 == 0 {
                                return Err(StoreError::Invalid("refused on purpose".into()));
                            }
                            Ok(n)
                        })
                    })
                    .await
            }));
        }
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(StoreError::Invalid(_)) => {}
                Err(e) => panic!("unexpected {e}"),
            }
        }
        assert_eq!(ok, 196);
        assert_eq!(count(&store, "regions").await, 197);
        assert!(
            regions::path_of(store.pool(), "610302050")
                .await
                .unwrap()
                .is_none(),
            "failed job rolled back"
        );
        assert_eq!(
            count(&store, "audit_log").await,
            197,
            "one audit entry per committed write only"
        );
        assert!(matches!(
            fengqiao_store::audit::verify(store.pool()).await.unwrap(),
            fengqiao_store::audit::Verdict::Intact { entries: 197 }
        ));
    })
    .await;
}

/// Jobs that send their own savepoint (`write_folded`), mixed in groups: one that fails without
/// having written must not roll back the job before it, whose savepoint is still the open one.
#[tokio::test]
async fn jobs_sending_their_own_savepoint_keep_others_writes_and_lose_only_their_own() {
    on_both(|db| async move {
        let store = with_district(db).await;
        let mut tasks = Vec::new();
        for n in 1..=200usize {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let t = town(n);
                store
                    .write_folded(move |c| {
                        Box::pin(async move {
                            match n % 4 {
                                // Refused before writing: its savepoint never opened.
                                0 => return Err(StoreError::Invalid("refused early".into())),
                                // Nothing to write.
                                3 => return Ok(n),
                                _ => {}
                            }
                            fengqiao_store::group::open_savepoint(c).await?;
                            regions::upsert(c, "t", &t).await?;
                            if n % 4 == 2 {
                                return Err(StoreError::Invalid("refused after writing".into()));
                            }
                            Ok(n)
                        })
                    })
                    .await
            }));
        }
        let mut answered = Vec::new();
        for t in tasks {
            match t.await.unwrap() {
                Ok(n) => answered.push(n),
                Err(StoreError::Invalid(_)) => {}
                Err(e) => panic!("unexpected {e}"),
            }
        }
        assert_eq!(answered.len(), 100);
        assert_eq!(
            count(&store, "regions").await,
            51,
            "the district and 50 towns"
        );
        for n in 1..=8usize {
            let kept = regions::path_of(store.pool(), &format!("610302{n:03}"))
                .await
                .unwrap()
                .is_some();
            assert_eq!(kept, n % 4 == 1, "town {n}");
        }
        assert_eq!(count(&store, "audit_log").await, 51);
    })
    .await;
}

#[tokio::test]
async fn an_answered_write_is_there_after_reopening() {
    let url = crate::support::fresh_url(Db::Sqlite).await.unwrap();
    let store = Store::open(&url).await.unwrap();
    let d = district();
    store
        .write(move |c| Box::pin(async move { regions::upsert(c, "t", &d).await }))
        .await
        .unwrap();
    drop(store);
    let again = Store::open(&url).await.unwrap();
    assert_eq!(
        regions::path_of(again.pool(), "610302")
            .await
            .unwrap()
            .as_deref(),
        Some("/610302/")
    );
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(again.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(again.pool())
        .await
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
}

#[tokio::test]
async fn a_region_must_hang_under_a_parent_one_level_up() {
    on_both(|db| async move {
        let store = empty_store(db).await;
        let orphan = town(1);
        let err = store
            .write(move |c| Box::pin(async move { regions::upsert(c, "t", &orphan).await }))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err}");
        let d = district();
        store
            .write(move |c| Box::pin(async move { regions::upsert(c, "t", &d).await }))
            .await
            .unwrap();
        let grid = NewRegion {
            code: "610302001001001".parse::<RegionCode>().unwrap(),
            name: "跳级网格".into(),
            level: Level::Grid,
            parent_code: Some("610302".parse().unwrap()),
            geometry: None,
        };
        let err = store
            .write(move |c| Box::pin(async move { regions::upsert(c, "t", &grid).await }))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("上级"), "{err}");
        assert_eq!(count(&store, "regions").await, 1);
    })
    .await;
}

#[tokio::test]
async fn an_unknown_database_scheme_is_refused_loudly() {
    let err = Store::open("mysql://localhost/x")
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("sqlite://"), "{err}");
}

#[tokio::test]
async fn a_backup_taken_while_serving_holds_the_whole_district() {
    let url = crate::support::fresh_url(Db::Sqlite).await.unwrap();
    let store = Store::open(&url).await.unwrap();
    fengqiao::demo::load(&store, "pw").await.unwrap();
    let app = crate::support::App::with_store(store).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fengqiao"))
        .args(["backup", file.to_str().unwrap(), "--db", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy = Store::open(&fengqiao::sqlite_url(&file)).await.unwrap();
    assert_eq!(
        count(&copy, "regions").await,
        count(&app.server.state.store, "regions").await
    );
    assert!(matches!(
        fengqiao_store::audit::verify(copy.pool()).await.unwrap(),
        fengqiao_store::audit::Verdict::Intact { .. }
    ));
    app.stop().await;
}

#[tokio::test]
async fn a_postgres_backup_is_a_restorable_dump() {
    let Some(url) = crate::support::fresh_url(Db::Postgres).await else {
        return;
    };
    let store = Store::open(&url).await.unwrap();
    let d = district();
    store
        .write(move |c| Box::pin(async move { regions::upsert(c, "t", &d).await }))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.dump");
    store.backup(&file).await.unwrap();
    let listing = std::process::Command::new("pg_restore")
        .arg("--list")
        .arg(&file)
        .output()
        .unwrap();
    assert!(listing.status.success());
    assert!(String::from_utf8_lossy(&listing.stdout).contains("TABLE DATA public regions"));
}

/// Two nodes' writers on one PostgreSQL, each group locking the audit chain's head and the
/// lists' data version: one node's groups carry read entries (appended before any change),
/// the other's do not (a change's version row before its entry); they must queue, never
/// deadlock.
#[tokio::test]
async fn two_nodes_writing_with_read_entries_beside_never_deadlock() {
    let Some(url) = crate::support::fresh_url(Db::Postgres).await else {
        return;
    };
    let nodes = [
        Store::open(&url).await.unwrap(),
        Store::open(&url).await.unwrap(),
    ];
    let until = std::time::Instant::now() + std::time::Duration::from_millis(2_000);
    let mut writers = Vec::new();
    for (n, store) in nodes.iter().enumerate() {
        for w in 0..6 {
            let store = store.clone();
            writers.push(tokio::spawn(async move {
                let mut i = 0u64;
                while std::time::Instant::now() < until {
                    i += 1;
                    // The first node's groups always carry read entries, the second's never.
                    if n == 0 {
                        store
                            .read_audited("tester", "region.read", "region", "610302", "")
                            .await
                            .unwrap();
                    }
                    // A statement on a table the lists read: its trigger moves their version.
                    let changed = store
                        .write_audited("tester", "region.touch", "region", 1, |c| {
                            Box::pin(async move {
                                sqlx::query("UPDATE regions SET name = name WHERE code = 'none'")
                                    .execute(&mut *c)
                                    .await?;
                                // Time between the change and its audit entry, as real
                                // work takes: the other node's group comes in between.
                                sqlx::query("SELECT pg_sleep(0.002)")
                                    .execute(&mut *c)
                                    .await?;
                                Ok(true)
                            })
                        })
                        .await;
                    assert!(changed.is_ok(), "node {n}, writer {w}: {changed:?}");
                }
                i
            }));
        }
    }
    let mut total = 0;
    for w in writers {
        total += w.await.unwrap();
    }
    assert!(total > 100, "{total} writes");
    for store in &nodes {
        store.flush_reads().await.unwrap();
    }
    let verdict = fengqiao_store::audit::verify(nodes[0].pool())
        .await
        .unwrap();
    assert!(
        matches!(verdict, fengqiao_store::audit::Verdict::Intact { .. }),
        "{verdict:?}"
    );
}

/// Read entries the database refuses (a trigger stands in for whatever the cause) hold back no
/// write: the group rolls back to their savepoint and commits its jobs, the entries stay queued,
/// and they go into the chain with a later group once the database takes them.
#[tokio::test]
async fn read_entries_the_database_refuses_hold_back_no_write_and_go_in_later() {
    on_both(|db| async move {
        let store = with_district(db).await;
        let postgres = store.backend() == fengqiao_store::Backend::Postgres;
        let refuse = if postgres {
            "CREATE FUNCTION refuse_reads() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN IF NEW.action = 'region.read' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$; \
             CREATE TRIGGER refuse_reads BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_reads()"
        } else {
            "CREATE TRIGGER refuse_reads BEFORE INSERT ON audit_log WHEN NEW.action = 'region.read' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END"
        };
        let ddl = |sql: &'static str| {
            let store = store.clone();
            async move {
                store
                    .write(move |c| {
                        Box::pin(async move {
                            sqlx::Executor::execute(&mut *c, sql).await?;
                            Ok(())
                        })
                    })
                    .await
                    .unwrap();
            }
        };
        ddl(refuse).await;
        let reads = |store: Store| async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action = 'region.read'")
                .fetch_one(store.pool())
                .await
                .unwrap()
        };
        for _ in 0..3 {
            store
                .read_audited("tester", "region.read", "region", "610302", "")
                .await
                .unwrap();
        }
        let t = town(1);
        let wrote = store
            .write(move |c| Box::pin(async move { regions::upsert(c, "t", &t).await }))
            .await;
        assert!(wrote.is_ok(), "the write commits beside refused read entries: {wrote:?}");
        assert_eq!(count(&store, "regions").await, 2);
        store.flush_reads().await.unwrap();
        assert_eq!(reads(store.clone()).await, 0, "refused, still queued");

        ddl(if postgres {
            "DROP TRIGGER refuse_reads ON audit_log"
        } else {
            "DROP TRIGGER refuse_reads"
        })
        .await;
        store.flush_reads().await.unwrap();
        assert_eq!(reads(store.clone()).await, 3, "in the chain once the database takes them");
        assert!(matches!(
            fengqiao_store::audit::verify(store.pool()).await.unwrap(),
            fengqiao_store::audit::Verdict::Intact { entries: 5 }
        ));
    })
    .await;
}

/// `fengqiao ceiling --shape intake` is a figure in docs/PERFORMANCE.md: it must write real
/// intakes, each with its timeline and its audit entry, through the writer's groups.
#[tokio::test]
async fn the_intake_ceiling_writes_whole_intakes_each_with_its_audit_entry() {
    let store = crate::support::demo_store(Db::Sqlite).await;
    let url = store.url().to_owned();
    let cases_before = count(&store, "disputes").await;
    let entries_before = count(&store, "audit_log").await;
    store.close().await;
    let per_s = fengqiao::bench_data::ceiling::intakes(&url, 130, 64)
        .await
        .unwrap();
    assert!(per_s > 0.0);
    let store = Store::open(&url).await.unwrap();
    let made: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM disputes d WHERE d.created_by = 'ceiling' \
         AND EXISTS (SELECT 1 FROM dispute_events e WHERE e.dispute_id = d.id AND e.kind = 'assigned')",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(made, 130, "every intake with its timeline");
    assert_eq!(count(&store, "disputes").await, cases_before + 130);
    let created: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE actor = 'ceiling' AND action = 'dispute.create'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(created, 130, "one audit entry per intake");
    assert!(count(&store, "audit_log").await >= entries_before + 130);
    assert!(matches!(
        fengqiao_store::audit::verify(store.pool()).await.unwrap(),
        fengqiao_store::audit::Verdict::Intact { .. }
    ));
}

/// The nice value of each of this process's threads with this name.
fn nice_of_threads(name: &str) -> Vec<i32> {
    let mut found = Vec::new();
    for task in std::fs::read_dir("/proc/self/task").unwrap() {
        let path = task.unwrap().path();
        let comm = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
        if comm.trim_end() != name {
            continue;
        }
        let tid: i32 = path.file_name().unwrap().to_str().unwrap().parse().unwrap();
        let pid = rustix::process::Pid::from_raw(tid);
        if let Ok(nice) = rustix::process::getpriority_process(pid) {
            found.push(nice);
        }
    }
    found
}

#[tokio::test]
async fn the_writer_and_its_connection_run_above_the_requests_when_allowed() {
    let _store = empty_store(Db::Sqlite).await;
    let me = Some(rustix::thread::gettid());
    let base = rustix::process::getpriority_process(me).unwrap();
    // Whether this process may raise a thread's priority at all (root, CAP_SYS_NICE or
    // RLIMIT_NICE): tried on a thread of its own.
    let allowed = std::thread::spawn(|| {
        let me = Some(rustix::thread::gettid());
        let nice = rustix::process::getpriority_process(me).unwrap();
        nice > -20 && rustix::process::setpriority_process(me, nice - 1).is_ok()
    })
    .join()
    .unwrap();
    let expected = if allowed { (base - 10).max(-20) } else { base };
    let writers = nice_of_threads("fengqiao-writer");
    assert!(
        !writers.is_empty(),
        "the store's writer has a thread of its own"
    );
    assert!(
        writers.iter().all(|&n| n == expected),
        "writers at {writers:?}, expected {expected} (opened at {base}, raising allowed: {allowed})"
    );
    // Its SQLite connection's thread is started by the writer's and inherits its priority.
    let sqlite = nice_of_threads("sqlx-sqlite-wor");
    assert!(sqlite.contains(&expected), "SQLite threads at {sqlite:?}");
    if allowed {
        assert!(
            sqlite.contains(&base),
            "the readers' stay at the requests' priority"
        );
    }
}

/// With several nodes on one PostgreSQL, a group that writes sends its change notice (with its
/// BEGIN, see `writer`), and every other node ages what it keeps.
#[tokio::test]
async fn a_write_on_one_node_ages_what_the_other_node_keeps() {
    let Some(url) = crate::support::fresh_url(Db::Postgres).await else {
        return;
    };
    let (one, other) = (
        Store::open(&url).await.unwrap(),
        Store::open(&url).await.unwrap(),
    );
    // The listener connects in the background: give it a moment before the write.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let before = other.generation();
    let d = district();
    one.write(move |c| Box::pin(async move { regions::upsert(c, "t", &d).await }))
        .await
        .unwrap();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while other.generation() == before && std::time::Instant::now() < until {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        other.generation() > before,
        "the other node heard of the write"
    );
}
