//! The four lists kept while the data under them stands (`lists::cache`): shown again without
//! asking the areas, gathered again after any change to what they read — through the API, or
//! straight in the database as another node would — on both databases.

use crate::support::{on_both, App, Db};
use serde_json::{json, Value};

const GRID: &str = "610302001001001";

/// Tables no list reads: logs, keys and SQLite's full-text tables. Every other table must move
/// the lists' data version (migration `202612141000_lists_version.sql`).
const UNLISTED: &[&str] = &[
    "audit_head",
    "audit_log",
    "counselling_break_glass",
    "data_versions",
    "notifications",
    "open311_keys",
    "rate_counts",
    "sessions",
    "sign_in_failures",
    "tip_contact_reads",
    "webhook_deliveries",
    "webhooks",
];

async fn problems(app: &App, token: &str) -> Value {
    let (status, list) = app.get_json("/api/v1/lists/problems", token).await;
    assert_eq!(status, 200, "{list}");
    list
}

async fn version(app: &App) -> i64 {
    sqlx::query_scalar("SELECT version FROM data_versions WHERE topic = 'lists'")
        .fetch_one(app.server.state.store.pool())
        .await
        .unwrap()
}

/// Waits out the jobs a start runs at once (the demo cases' search words are written at the
/// first start): until the lists' version holds still for half a second.
async fn settled(app: &App) {
    let mut last = version(app).await;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let now = version(app).await;
        if now == last {
            return;
        }
        last = now;
    }
    panic!("the lists' version kept moving with nothing asked");
}

fn afresh(app: &App) -> u64 {
    app.server.state.list_cache.gathered_afresh()
}

fn titles(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_list_is_shown_again_while_its_data_stands_and_gathered_again_after_any_change() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let town = app.token("town01").await;
        let gw = app.token("gw0001").await;
        settled(&app).await;

        let first = problems(&app, &town).await;
        let gathered = afresh(&app);
        let again = problems(&app, &town).await;
        assert_eq!(
            afresh(&app),
            gathered,
            "nothing changed: the kept list is shown"
        );
        assert_eq!(again, first);

        // Another person's case, through the API: the town's problems show it at once (a
        // threat between the same neighbours as a case of last week is red).
        let case = |description: &str| {
            json!({"category": "neighbour", "source": "screening", "grid_code": GRID,
                "description": description,
                "parties": [{"side": "applicant", "name": "张甲", "phone": "13800000001"},
                            {"side": "respondent", "name": "李乙", "phone": "13800000002"}]})
        };
        app.post_json("/api/v1/disputes", &gw, &case("楼道堆放杂物引起口角"))
            .await;
        let (status, case) = app
            .post_json(
                "/api/v1/disputes",
                &gw,
                &case("对方扬言要拿刀报复,情绪激动"),
            )
            .await;
        assert_eq!(status, 201, "{case}");
        assert_eq!(case["risk"]["level"], "red", "{case}");
        let after = problems(&app, &town).await;
        assert_eq!(afresh(&app), gathered + 1);
        let code = case["tracking_code"].as_str().unwrap();
        assert!(
            after["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i.to_string().contains(code)),
            "{after}"
        );

        // A change written straight into the database, as another node's would be.
        sqlx::query("UPDATE disputes SET status = 'closed' WHERE tracking_code = $1")
            .bind(code)
            .execute(app.server.state.store.pool())
            .await
            .unwrap();
        let closed = problems(&app, &town).await;
        assert_eq!(afresh(&app), gathered + 2);
        assert!(!closed.to_string().contains(code), "{closed}");
        assert_eq!(titles(&closed), titles(&first));
        // Operators see the same count.
        let ready: Value = app
            .http
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(ready["lists_gathered_afresh"], gathered + 2, "{ready}");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn an_account_signing_in_leaves_the_lists_kept() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let town = app.token("town01").await;
        settled(&app).await;
        problems(&app, &town).await;
        let gathered = afresh(&app);
        app.token("gw0001").await;
        problems(&app, &town).await;
        assert_eq!(
            afresh(&app),
            gathered,
            "a sign-in is not a change to any list"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn every_table_moves_the_lists_version_or_is_named_as_unlisted() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let pool = app.server.state.store.pool();
        let (tables, triggered): (Vec<String>, Vec<String>) = match db {
            Db::Sqlite => {
                let tables = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' \
                     AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%'",
                )
                .fetch_all(pool)
                .await
                .unwrap();
                // Each table needs its three: after insert, update and delete.
                let triggered = sqlx::query_scalar(
                    "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' \
                     AND sql LIKE '%topic = ''lists''%' \
                     GROUP BY tbl_name HAVING COUNT(*) = 3",
                )
                .fetch_all(pool)
                .await
                .unwrap();
                (tables, triggered)
            }
            Db::Postgres => {
                let tables = sqlx::query_scalar(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
                     AND tablename NOT LIKE '_sqlx%'",
                )
                .fetch_all(pool)
                .await
                .unwrap();
                let triggered = sqlx::query_scalar(
                    "SELECT DISTINCT c.relname::text FROM pg_trigger t \
                     JOIN pg_class c ON c.oid = t.tgrelid \
                     WHERE t.tgname LIKE '%lists_version%'",
                )
                .fetch_all(pool)
                .await
                .unwrap();
                (tables, triggered)
            }
        };
        assert!(tables.len() > 90, "{tables:?}");
        let missing: Vec<&String> = tables
            .iter()
            .filter(|t| !UNLISTED.contains(&t.as_str()) && !triggered.contains(t))
            .collect();
        assert!(
            missing.is_empty(),
            "tables that do not move the lists' version: {missing:?}"
        );
        let named_but_gone: Vec<&&str> = UNLISTED
            .iter()
            .filter(|t| !tables.iter().any(|n| n == *t))
            .collect();
        assert!(named_but_gone.is_empty(), "{named_but_gone:?}");
        app.stop().await;
    })
    .await;
}
