//! Crash safety: the real binary is killed with SIGKILL in the middle of intake load, twenty
//! times; every intake that was answered 201 must be there afterwards, whole, with its audit
//! entry. Case reads go on meanwhile: their entries are written behind the answer, so a kill may
//! lose those of the last second (`audit::FLUSH_EVERY` and the commit after it) and no older.

use crate::support::{fresh_url, serve_process, token_at, Db, PASSWORD};
use fengqiao_store::{audit, Store};
use serde_json::{json, Value};
use std::time::Duration;

async fn rounds(db: Db, rounds: usize) {
    let Some(url) = fresh_url(db).await else {
        return;
    };
    let store = Store::open(&url).await.unwrap();
    fengqiao::demo::load(&store, PASSWORD).await.unwrap();
    store.close().await;
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().to_owned();
    fengqiao_store::keys::ServerKey::create(&key.join("fengqiao.key")).unwrap();
    let http = reqwest::Client::new();
    let mut answered: Vec<(i64, String)> = Vec::new();
    // Case reads answered (round, case, instant of the answer), and the instants of the kills.
    let mut reads: Vec<(usize, i64, i64)> = Vec::new();
    let mut kills: Vec<i64> = Vec::new();
    let mut token = String::new();
    for round in 0..rounds {
        let (mut child, base) = serve_process(&url, &key).await;
        if token.is_empty() {
            token = token_at(&http, &base, "gw0001").await;
        }
        let mut clients = Vec::new();
        for c in 0..16 {
            let (http, base, token) = (http.clone(), base.clone(), token.clone());
            clients.push(tokio::spawn(async move {
                let mut ok = Vec::new();
                for n in 0.. {
                    let body = json!({"category": "neighbour", "description": format!("崩溃测试 {round}-{c}-{n}:楼道堆放杂物"), "grid_code": "610302001001001"});
                    match http.post(format!("{base}/api/v1/disputes")).bearer_auth(&token).json(&body).send().await {
                        Ok(res) if res.status() == 201 => {
                            let v: Value = match res.json().await {
                                Ok(v) => v,
                                Err(_) => break,
                            };
                            ok.push((v["id"].as_i64().unwrap(), v["tracking_code"].as_str().unwrap().to_owned()));
                        }
                        Ok(res) => panic!("unexpected {}", res.status()),
                        Err(_) => break,
                    }
                }
                ok
            }));
        }
        let mut readers = Vec::new();
        for c in 0..4_usize {
            let (http, base, token) = (http.clone(), base.clone(), token.clone());
            let known: Vec<i64> = answered.iter().map(|(id, _)| *id).collect();
            readers.push(tokio::spawn(async move {
                let mut ok = Vec::new();
                for n in 0.. {
                    let Some(id) = known.get((c * 7919 + n) % known.len().max(1)).copied() else {
                        break;
                    };
                    match http
                        .get(format!("{base}/api/v1/disputes/{id}"))
                        .bearer_auth(&token)
                        .send()
                        .await
                    {
                        Ok(res) if res.status() == 200 => {
                            ok.push((id, fengqiao_store::now_ms()));
                            tokio::time::sleep(Duration::from_millis(5)).await;
                        }
                        Ok(res) => panic!("unexpected {}", res.status()),
                        Err(_) => break,
                    }
                }
                ok
            }));
        }
        // Long enough, in later rounds, for reads older than the window to exist.
        tokio::time::sleep(Duration::from_millis(900 + 137 * (round as u64 % 7))).await;
        kills.push(fengqiao_store::now_ms());
        child.start_kill().unwrap();
        child.wait().await.unwrap();
        for c in clients {
            answered.extend(c.await.unwrap());
        }
        for r in readers {
            reads.extend(r.await.unwrap().into_iter().map(|(id, at)| (round, id, at)));
        }
    }
    assert!(
        answered.len() > rounds * 5,
        "the load reached the server ({} answered)",
        answered.len()
    );
    let store = Store::open(&url).await.unwrap();
    for (id, code) in &answered {
        let row = fengqiao_store::mediation::by_id(store.pool(), *id)
            .await
            .unwrap();
        assert_eq!(
            row.map(|r| r.tracking_code).as_deref(),
            Some(code.as_str()),
            "answered case {id} survived"
        );
    }
    let half: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM disputes d WHERE NOT EXISTS (SELECT 1 FROM dispute_events e WHERE e.dispute_id = d.id AND e.kind = 'created')",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(half, 0, "no case without its timeline");
    let created: Vec<String> = sqlx::query_scalar(
        "SELECT record_id FROM audit_log WHERE action = 'dispute.create' AND actor = 'gw0001'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let created: std::collections::HashSet<String> = created.into_iter().collect();
    for (id, _) in &answered {
        assert!(
            created.contains(&id.to_string()),
            "case {id}'s write entry survived"
        );
    }
    // A read answered more than a second before the kill that ended its round is in the log.
    let window = 1_000;
    let mut due: std::collections::HashMap<i64, i64> = Default::default();
    for (round, id, at) in &reads {
        if *at < kills[*round] - window {
            *due.entry(*id).or_default() += 1;
        }
    }
    assert!(
        due.values().sum::<i64>() > rounds as i64,
        "reads older than the window happened ({} of {})",
        due.values().sum::<i64>(),
        reads.len()
    );
    let logged: Vec<(String, i64)> = sqlx::query_as(
        "SELECT record_id, COUNT(*) FROM audit_log WHERE action = 'dispute.read' AND actor = 'gw0001' GROUP BY record_id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let logged: std::collections::HashMap<String, i64> = logged.into_iter().collect();
    for (id, n) in &due {
        let have = logged.get(&id.to_string()).copied().unwrap_or(0);
        assert!(
            have >= *n,
            "case {id}: {n} reads older than the window, {have} in the log"
        );
    }
    assert!(
        matches!(
            audit::verify(store.pool()).await.unwrap(),
            audit::Verdict::Intact { .. }
        ),
        "the audit chain holds"
    );
}

#[tokio::test]
async fn answered_intakes_survive_sigkill_on_sqlite() {
    let _alone = crate::support::alone().await;
    rounds(Db::Sqlite, 20).await;
}

#[tokio::test]
async fn answered_intakes_survive_sigkill_on_postgres() {
    let _alone = crate::support::alone().await;
    rounds(Db::Postgres, 20).await;
}

/// Restores a backup file into a fresh database of the same kind and returns its URL.
async fn restore(db: Db, file: &std::path::Path) -> String {
    match db {
        Db::Sqlite => fengqiao::sqlite_url(file),
        Db::Postgres => {
            let url = fresh_url(Db::Postgres).await.unwrap();
            let out = std::process::Command::new("pg_restore")
                .args(["--no-owner", "-d", &url])
                .arg(file)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            url
        }
    }
}

async fn backup_drill(db: Db) {
    let Some(url) = fresh_url(db).await else {
        return;
    };
    let store = Store::open(&url).await.unwrap();
    fengqiao::demo::load(&store, PASSWORD).await.unwrap();
    let app = crate::support::App::with_store(store).await;
    let token = app.token("gw0001").await;
    let mut load = Vec::new();
    for c in 0..8 {
        let (http, base, token) = (app.http.clone(), app.base.clone(), token.clone());
        load.push(tokio::spawn(async move {
            let mut ok = 0;
            for n in 0..60 {
                let body = json!({"category": "neighbour", "description": format!("备份演练 {c}-{n}:楼道堆放杂物"), "grid_code": "610302001001001"});
                let res = http.post(format!("{base}/api/v1/disputes")).bearer_auth(&token).json(&body).send().await.unwrap();
                assert_eq!(res.status(), 201);
                ok += 1;
            }
            ok
        }));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("drill.backup");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fengqiao"))
        .args(["backup", file.to_str().unwrap(), "--db", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut answered = 0;
    for l in load {
        answered += l.await.unwrap();
    }
    assert_eq!(answered, 480);
    let copy = Store::open(&restore(db, &file).await).await.unwrap();
    let live = app.server.state.store.pool().clone();
    let count = |pool: sqlx::AnyPool| async move {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disputes")
            .fetch_one(&pool)
            .await
            .unwrap();
        n
    };
    let (in_copy, in_live) = (count(copy.pool().clone()).await, count(live).await);
    assert!(
        in_copy <= in_live && in_copy > 0,
        "the copy holds a prefix of the history ({in_copy} of {in_live})"
    );
    let regions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM regions")
        .fetch_one(copy.pool())
        .await
        .unwrap();
    assert_eq!(regions, 2291);
    let half: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM disputes d WHERE NOT EXISTS (SELECT 1 FROM dispute_events e WHERE e.dispute_id = d.id AND e.kind = 'created')",
    )
    .fetch_one(copy.pool())
    .await
    .unwrap();
    assert_eq!(half, 0, "every case in the copy is whole");
    assert!(
        matches!(
            audit::verify(copy.pool()).await.unwrap(),
            audit::Verdict::Intact { .. }
        ),
        "the copy's audit chain holds"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_backup_under_write_load_restores_whole_on_sqlite() {
    backup_drill(Db::Sqlite).await;
}

#[tokio::test]
async fn a_backup_under_write_load_restores_whole_on_postgres() {
    backup_drill(Db::Postgres).await;
}
