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
