//! Issue 17, item 5: two `fengqiao serve` processes on one PostgreSQL primary, reading lists
//! from its streaming replica. Both take writes at once and the audit chain stays one chain;
//! exactly one leads the background jobs; lists are read from the replica and show a new case
//! within seconds; rate limits count for both; when the leader is killed nothing answered is lost and the survivor takes the
//! jobs over within seconds.

use crate::support::{fresh_url, serve_process_with, token_at, Db, PASSWORD};
use fengqiao_store::{audit, Store};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn leads(http: &reqwest::Client, base: &str) -> bool {
    match http.get(format!("{base}/readyz")).send().await {
        Ok(res) => res
            .json::<Value>()
            .await
            .map(|v| v["leader"] == true)
            .unwrap_or(false),
        Err(_) => false,
    }
}

/// Intakes from 8 clients for `for_ms` against `base`; the ids answered 201.
async fn intakes(http: &reqwest::Client, base: &str, token: &str, for_ms: u64) -> Vec<i64> {
    let until = Instant::now() + Duration::from_millis(for_ms);
    let mut clients = Vec::new();
    for c in 0..8 {
        let (http, base, token) = (http.clone(), base.to_owned(), token.to_owned());
        clients.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            let mut n = 0;
            while Instant::now() < until {
                n += 1;
                let body = json!({"category": "neighbour", "description": format!("两个节点 {c}-{n}:楼道堆放杂物"), "grid_code": "610302001001001"});
                let res = http.post(format!("{base}/api/v1/disputes")).bearer_auth(&token).json(&body).send().await.unwrap();
                assert_eq!(res.status(), 201);
                ids.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
            }
            ids
        }));
    }
    let mut ids = Vec::new();
    for c in clients {
        ids.extend(c.await.unwrap());
    }
    ids
}

#[tokio::test]
async fn two_servers_share_one_chain_and_the_survivor_takes_the_jobs() {
    let _alone = crate::support::alone().await;
    let Some(url) = fresh_url(Db::Postgres).await else {
        return;
    };
    let store = Store::open(&url).await.unwrap();
    fengqiao::demo::load(&store, PASSWORD).await.unwrap();
    let keys = tempfile::tempdir().unwrap();
    fengqiao_store::keys::ServerKey::create(&keys.path().join("fengqiao.key")).unwrap();
    let (dir_a, dir_b) = (keys.path().join("a"), keys.path().join("b"));
    for d in [&dir_a, &dir_b] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::copy(keys.path().join("fengqiao.key"), d.join("fengqiao.key")).unwrap();
    }
    // The same database on the replica (scripts/test starts one beside the primary).
    let name = url.rsplit('/').next().unwrap().to_owned();
    let replica_base = std::env::var("FENGQIAO_TEST_PG_REPLICA")
        .expect("FENGQIAO_TEST_PG_REPLICA (run scripts/test)");
    let replica_url = format!("{}/{name}", replica_base.rsplit_once('/').unwrap().0);
    let replica = replica_pool(&replica_url).await;
    let caught_up = Instant::now();
    loop {
        let n: Result<i64, _> = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(&replica)
            .await;
        if matches!(n, Ok(n) if n > 0) {
            break;
        }
        assert!(
            caught_up.elapsed() < Duration::from_secs(30),
            "the replica has the demo district"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let read_db = ["--read-db", replica_url.as_str()];
    let (mut a, base_a) = serve_process_with(&url, &dir_a, &read_db).await;
    let (mut b, base_b) = serve_process_with(&url, &dir_b, &read_db).await;
    let http = reqwest::Client::new();
    let ready: Value = http
        .get(format!("{base_a}/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["replicas"], 1, "{ready}");

    // Exactly one of the two leads.
    let started = Instant::now();
    let (mut la, mut lb) = (false, false);
    while started.elapsed() < Duration::from_secs(10) {
        (la, lb) = (leads(&http, &base_a).await, leads(&http, &base_b).await);
        if la || lb {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(la ^ lb, "one leader of two (a {la}, b {lb})");

    // Both write at once; every answered case is there and the chain is one chain.
    let token = token_at(&http, &base_a, "gw0001").await;
    let (on_a, on_b) = tokio::join!(
        intakes(&http, &base_a, &token, 1_500),
        intakes(&http, &base_b, &token, 1_500)
    );
    assert!(
        on_a.len() > 10 && on_b.len() > 10,
        "both took writes ({} and {})",
        on_a.len(),
        on_b.len()
    );
    let verdict = audit::verify(store.pool()).await.unwrap();
    assert!(
        matches!(verdict, audit::Verdict::Intact { .. }),
        "one chain: {verdict:?}"
    );
    let seqs: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT seq) FROM audit_log")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(seqs, rows, "no sequence number taken twice");

    // A write on one node is read on the other at once.
    let (_, seen) = {
        let res = http
            .get(format!("{base_b}/api/v1/disputes/{}", on_a[0]))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        (res.status(), res.json::<Value>().await.unwrap())
    };
    assert_eq!(seen["id"], on_a[0]);

    // Lists come from the replica: a case written on the primary is listed within seconds, not
    // while the replica's replay is paused, and again once it resumes; the case page, read from
    // the primary, has it at once.
    let first = *intakes(&http, &base_a, &token, 50)
        .await
        .iter()
        .max()
        .unwrap();
    listed_within_seconds(&http, &base_b, &token, first).await;
    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&replica)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let unseen = *intakes(&http, &base_a, &token, 50)
        .await
        .iter()
        .max()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    for base in [&base_a, &base_b] {
        assert!(
            !listed(&http, base, &token, unseen).await,
            "the list is the paused replica's"
        );
        let res = http
            .get(format!("{base}/api/v1/disputes/{unseen}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "the case page reads the primary");
    }
    sqlx::query("SELECT pg_wal_replay_resume()")
        .execute(&replica)
        .await
        .unwrap();
    listed_within_seconds(&http, &base_b, &token, unseen).await;

    // Rate limits are counted once for both nodes: thirty lookups of one tracking code a
    // minute, spread over the two, and the thirty-first is refused on either.
    for n in 0..30 {
        let base = if n % 2 == 0 { &base_a } else { &base_b };
        let res = http
            .get(format!("{base}/api/v1/track/FQ-NODES-TEST"))
            .send()
            .await
            .unwrap();
        assert_ne!(res.status(), 429, "lookup {n} is within the limit");
    }
    for base in [&base_a, &base_b] {
        let res = http
            .get(format!("{base}/api/v1/track/FQ-NODES-TEST"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            429,
            "the shared count is over the limit on {base}"
        );
    }

    // A case overdue now, then the leader killed: the survivor leads within seconds and its
    // sweeper escalates the case.
    let overdue = on_b[0];
    sqlx::query("UPDATE disputes SET due_at = 1 WHERE id = $1")
        .bind(overdue)
        .execute(store.pool())
        .await
        .unwrap();
    let (leader, survivor) = if la {
        (&mut a, &base_b)
    } else {
        (&mut b, &base_a)
    };
    leader.start_kill().unwrap();
    leader.wait().await.unwrap();
    let killed = Instant::now();
    while !leads(&http, survivor).await {
        assert!(
            killed.elapsed() < Duration::from_secs(10),
            "the survivor leads within seconds"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let took_over = killed.elapsed();
    loop {
        let level: i64 = sqlx::query_scalar("SELECT level FROM disputes WHERE id = $1")
            .bind(overdue)
            .fetch_one(store.pool())
            .await
            .unwrap();
        if level > 1 {
            break;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(15),
            "the survivor's sweeper escalated the overdue case"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!(
        "the survivor led {} ms after the kill",
        took_over.as_millis()
    );

    // Nothing answered was lost; the chain holds after the kill.
    for id in on_a.iter().chain(&on_b) {
        assert!(
            fengqiao_store::mediation::by_id(store.pool(), *id)
                .await
                .unwrap()
                .is_some(),
            "case {id} kept"
        );
    }
    assert!(matches!(
        audit::verify(store.pool()).await.unwrap(),
        audit::Verdict::Intact { .. }
    ));
    let _ = a.start_kill();
    let _ = b.start_kill();
    replica.close().await;
    store.close().await;
}

/// A pool on the replica, for looking at it (migrations cannot run on a standby).
async fn replica_pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(url)
        .await
        .unwrap()
}

/// Whether case `id` is on the first page of the list `base` serves.
async fn listed(http: &reqwest::Client, base: &str, token: &str, id: i64) -> bool {
    let page: Value = http
        .get(format!("{base}/api/v1/disputes?page_size=5"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == id)
}

async fn listed_within_seconds(http: &reqwest::Client, base: &str, token: &str, id: i64) {
    let since = Instant::now();
    while !listed(http, base, token, id).await {
        assert!(
            since.elapsed() < Duration::from_secs(5),
            "case {id} is listed from the replica within seconds"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
