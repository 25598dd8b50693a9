use crate::support::{demo_store, on_both};
use fengqiao_store::audit::{self, Verdict};

#[tokio::test]
async fn the_audit_chain_detects_edited_deleted_and_truncated_entries() {
    on_both(|db| async move {
        let store = demo_store(db).await;
        let pool = store.pool().clone();
        let Verdict::Intact { entries } = audit::verify(&pool).await.unwrap() else {
            panic!("fresh chain broken")
        };
        assert!(
            entries > 3000,
            "every demo region and account was audited ({entries})"
        );

        let original: String = sqlx::query_scalar("SELECT detail FROM audit_log WHERE seq = 10")
            .fetch_one(&pool)
            .await
            .unwrap();
        sqlx::query("UPDATE audit_log SET detail = 'forged' WHERE seq = 10")
            .execute(&pool)
            .await
            .unwrap();
        assert!(matches!(
            audit::verify(&pool).await.unwrap(),
            Verdict::Broken { seq: 10, .. }
        ));
        sqlx::query("UPDATE audit_log SET detail = $1 WHERE seq = 10")
            .bind(original)
            .execute(&pool)
            .await
            .unwrap();
        assert!(matches!(
            audit::verify(&pool).await.unwrap(),
            Verdict::Intact { .. }
        ));

        sqlx::query("DELETE FROM audit_log WHERE seq = 20")
            .execute(&pool)
            .await
            .unwrap();
        assert!(matches!(
            audit::verify(&pool).await.unwrap(),
            Verdict::Broken { seq: 20, .. }
        ));
    })
    .await;
}

#[tokio::test]
async fn removing_the_newest_entries_is_detected_by_the_head() {
    on_both(|db| async move {
        let store = demo_store(db).await;
        let pool = store.pool().clone();
        sqlx::query("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
            .execute(&pool)
            .await
            .unwrap();
        assert!(matches!(
            audit::verify(&pool).await.unwrap(),
            Verdict::Broken { .. }
        ));
    })
    .await;
}

/// A record slipped in past the head, hashed onto the chain but without moving the head, is not
/// the chain's: the head and the records past it are read in one snapshot.
#[tokio::test]
async fn a_record_past_the_head_is_detected() {
    on_both(|db| async move {
        let store = demo_store(db).await;
        let pool = store.pool().clone();
        let (seq, hash): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(&pool)
                .await
                .unwrap();
        let entry = audit::Entry {
            actor: "intruder",
            action: "dispute.create",
            record_type: "dispute",
            record_id: "1",
            detail: "",
        };
        let forged = audit::entry_hash(&hash, seq + 1, 0, &entry);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, record_type, record_id, detail, prev_hash, hash) \
             VALUES ($1, 0, 'intruder', 'dispute.create', 'dispute', '1', '', $2, $3)",
        )
        .bind(seq + 1)
        .bind(&hash)
        .bind(&forged)
        .execute(&pool)
        .await
        .unwrap();
        let verdict = audit::verify(&pool).await.unwrap();
        assert!(
            matches!(verdict, Verdict::Broken { seq: s, .. } if s == seq + 1),
            "{verdict:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_audit_verify_command_exits_non_zero_on_a_broken_chain() {
    let url = crate::support::fresh_url(crate::support::Db::Sqlite)
        .await
        .unwrap();
    let store = fengqiao_store::Store::open(&url).await.unwrap();
    fengqiao::demo::load(&store, "pw").await.unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_fengqiao"))
            .args(["audit", "verify", "--db", &url])
            .output()
            .unwrap()
    };
    let ok = run();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("审计链完整"));
    sqlx::query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5")
        .execute(store.pool())
        .await
        .unwrap();
    let broken = run();
    assert!(!broken.status.success());
    assert!(String::from_utf8_lossy(&broken.stderr).contains("第 5 条"));
}

/// What someone with write access to the database can do without the key: cut the newest
/// entries and fix the head, or alter an entry and recompute every hash after it. The plain
/// check passes both; the signed checkpoints do not.
#[tokio::test]
async fn signed_checkpoints_catch_a_cut_tail_and_a_recomputed_chain() {
    use fengqiao_store::audit::checkpoint;
    use fengqiao_store::keys::ServerKey;
    on_both(|db| async move {
        let store = demo_store(db).await;
        let pool = store.pool().clone();
        let key = ServerKey::generate();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("checkpoints.jsonl");
        assert!(checkpoint::append(&pool, &key, &file).await.unwrap().is_some());
        assert!(
            checkpoint::append(&pool, &key, &file).await.unwrap().is_none(),
            "an unchanged head is not written twice"
        );
        let lines = checkpoint::read(&file).unwrap();
        let public = key.verifying_key();
        assert!(matches!(
            checkpoint::verify(&pool, &lines, &public).await.unwrap(),
            Verdict::Intact { .. }
        ));

        // Recompute: alter an entry 20 before the head and rehash every entry after it.
        let (head, _) = checkpoint::head(&pool).await.unwrap();
        recompute_from(&pool, head - 20, "forged").await;
        assert!(
            matches!(audit::verify(&pool).await.unwrap(), Verdict::Intact { .. }),
            "the recomputed chain passes the plain check"
        );
        let Verdict::Broken { reason, .. } =
            checkpoint::verify(&pool, &lines, &public).await.unwrap()
        else {
            panic!("a recomputed chain passed the checkpoints")
        };
        assert!(reason.contains("重新计算"), "{reason}");

        // Cut: drop the last five entries and point the head at the new last one.
        sqlx::query("DELETE FROM audit_log WHERE seq > $1")
            .bind(head - 5)
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE audit_head SET seq = $1, hash = (SELECT hash FROM audit_log WHERE seq = $1) WHERE id = 1",
        )
        .bind(head - 5)
        .execute(&pool)
        .await
        .unwrap();
        assert!(matches!(audit::verify(&pool).await.unwrap(), Verdict::Intact { .. }));
        let Verdict::Broken { reason, .. } =
            checkpoint::verify(&pool, &lines, &public).await.unwrap()
        else {
            panic!("a cut tail passed the checkpoints")
        };
        assert!(reason.contains("截断"), "{reason}");

        // A checkpoint line rewritten to match, or signed by another key, does not check.
        let mut forged = lines[0].clone().unwrap();
        forged.seq = head - 5;
        let Verdict::Broken { reason, .. } =
            checkpoint::verify(&pool, &[Ok(forged)], &public).await.unwrap()
        else {
            panic!("an altered checkpoint passed")
        };
        assert!(reason.contains("签名"), "{reason}");
        let other = ServerKey::generate().verifying_key();
        assert!(matches!(
            checkpoint::verify(&pool, &lines, &other).await.unwrap(),
            Verdict::Broken { .. }
        ));
    })
    .await;
}

/// Rewrites the entry at `seq` and every hash after it, as an attacker with the database
/// but without the server key could.
async fn recompute_from(pool: &sqlx::AnyPool, seq: i64, detail: &str) {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, record_type, record_id, detail, prev_hash FROM audit_log \
         WHERE seq >= $1 ORDER BY seq",
    )
    .bind(seq)
    .fetch_all(pool)
    .await
    .unwrap();
    let mut prev: String = rows[0].get("prev_hash");
    for row in rows {
        let n: i64 = row.get("seq");
        let stored: String = row.get("detail");
        let detail = if n == seq { detail.to_owned() } else { stored };
        let (actor, action, rt, rid): (String, String, String, String) = (
            row.get("actor"),
            row.get("action"),
            row.get("record_type"),
            row.get("record_id"),
        );
        let entry = audit::Entry {
            actor: &actor,
            action: &action,
            record_type: &rt,
            record_id: &rid,
            detail: &detail,
        };
        let hash = audit::entry_hash(&prev, n, row.get("at"), &entry);
        sqlx::query("UPDATE audit_log SET detail = $1, prev_hash = $2, hash = $3 WHERE seq = $4")
            .bind(&detail)
            .bind(&prev)
            .bind(&hash)
            .bind(n)
            .execute(pool)
            .await
            .unwrap();
        prev = hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&prev)
        .execute(pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_verify_command_checks_the_checkpoint_file_with_the_public_key() {
    let url = crate::support::fresh_url(crate::support::Db::Sqlite)
        .await
        .unwrap();
    let store = fengqiao_store::Store::open(&url).await.unwrap();
    fengqiao::demo::load(&store, "pw").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("fengqiao.key");
    let (key, file) = (
        key.to_str().unwrap().to_owned(),
        dir.path().join("cp.jsonl").to_str().unwrap().to_owned(),
    );
    let fq = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_fengqiao"))
            .args(args)
            .output()
            .unwrap()
    };
    let init = fq(&["keys", "init", "--key", &key]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    assert!(
        !fq(&["keys", "init", "--key", &key]).status.success(),
        "an existing key is not overwritten"
    );
    let cp = fq(&[
        "audit",
        "checkpoint",
        "--db",
        &url,
        "--key",
        &key,
        "--checkpoints",
        &file,
    ]);
    assert!(
        cp.status.success(),
        "{}",
        String::from_utf8_lossy(&cp.stderr)
    );
    let public = format!("{key}.pub");
    let verify = || {
        fq(&[
            "audit",
            "verify",
            "--db",
            &url,
            "--checkpoints",
            &file,
            "--key",
            &public,
        ])
    };
    let ok = verify();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("检查点全部相符"));

    let pool = store.pool();
    sqlx::query("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE audit_head SET seq = seq - 1, hash = (SELECT hash FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)) WHERE id = 1",
    )
    .execute(pool)
    .await
    .unwrap();
    let plain = fq(&["audit", "verify", "--db", &url]);
    assert!(plain.status.success(), "the cut passes the plain check");
    let cut = verify();
    assert!(!cut.status.success());
    assert!(String::from_utf8_lossy(&cut.stderr).contains("截断"));
}
