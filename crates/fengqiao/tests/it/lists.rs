//! The four lists kept while the data under them stands (`lists::cache`): shown again without
//! asking the areas, each area's part gathered again after any change to the tables it reads —
//! through the API, or straight in the database as another node would — on both databases.

use crate::support::{demo_url, on_both, App, Db};
use fengqiao_store::Store;
use fengqiao_web::area::Source;
use fengqiao_web::lists::{self, ListContext, ListKind, TeamInfo};
use serde_json::{json, Value};
use std::collections::HashMap;

const GRID: &str = "610302001001001";

/// Tables no list reads: logs, keys and SQLite's full-text tables. Every other table must move
/// its lists version (migration `202612161000_lists_versions_by_table.sql`).
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

/// The sum of every table's lists version: it moves when any of them does.
async fn version(app: &App) -> i64 {
    sqlx::query_scalar(
        "SELECT CAST(SUM(version) AS BIGINT) FROM data_versions WHERE topic LIKE 'lists.%'",
    )
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

fn parts_afresh(app: &App) -> u64 {
    app.server.state.list_cache.parts_gathered_afresh()
}

/// How many areas' parts name `table` among what they read.
fn parts_reading(app: &App, table: &str) -> u64 {
    app.server
        .state
        .list_sources()
        .iter()
        .filter(|(_, part)| part.reads().contains(&table))
        .count() as u64
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
        let parts = parts_afresh(&app);
        let after = problems(&app, &town).await;
        assert_eq!(afresh(&app), gathered + 1);
        assert_eq!(
            parts_afresh(&app) - parts,
            parts_reading(&app, "disputes"),
            "only the parts that read cases are gathered again"
        );
        assert_eq!(parts_reading(&app, "disputes"), 1, "mediation's");
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
        let parts = parts_afresh(&app);
        let closed = problems(&app, &town).await;
        assert_eq!(afresh(&app), gathered + 2);
        assert_eq!(parts_afresh(&app) - parts, 1);
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
        assert_eq!(
            ready["list_parts_gathered_afresh"],
            parts_afresh(&app),
            "{ready}"
        );
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
async fn every_table_moves_its_lists_version_or_is_named_as_unlisted() {
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
                // Each table needs its three, after insert, update and delete, each moving
                // the table's own version.
                let triggered = sqlx::query_scalar(
                    "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' \
                     AND sql LIKE '%topic = ''lists.' || tbl_name || '''%' \
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
                     WHERE t.tgname LIKE '%lists_version%' \
                     AND encode(t.tgargs, 'escape') = 'lists.' || c.relname::text || '\\000'",
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
            "tables that do not move their lists version: {missing:?}"
        );
        // Each moves a row of its own: a trigger with no row would move nothing.
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT topic FROM data_versions WHERE topic LIKE 'lists.%'")
                .fetch_all(pool)
                .await
                .unwrap();
        let rowless: Vec<&String> = triggered
            .iter()
            .filter(|t| !rows.contains(&format!("lists.{t}")))
            .collect();
        assert!(rowless.is_empty(), "no version row: {rowless:?}");
        // And every table a part names is one of them.
        let unknown: Vec<&str> = app
            .server
            .state
            .list_sources()
            .iter()
            .flat_map(|(_, part)| part.reads().iter().copied())
            .filter(|t| !triggered.iter().any(|n| n == t))
            .collect();
        assert!(
            unknown.is_empty(),
            "parts name tables with no version: {unknown:?}"
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

/// Reads of each table so far, by PostgreSQL's statistics: sequential and index scans.
async fn scans(conn: &mut sqlx::AnyConnection) -> HashMap<String, i64> {
    sqlx::query("SELECT pg_stat_clear_snapshot()")
        .execute(&mut *conn)
        .await
        .unwrap();
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT relname::text, CAST(COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) AS BIGINT) \
         FROM pg_stat_user_tables",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    rows.into_iter().collect()
}

/// Waits until every other connection to this database has ended — a backend hands in its
/// statistics as it ends — ending those still open after a second (the writer's, which reads
/// nothing for a list, ends with its thread).
async fn others_gone(conn: &mut sqlx::AnyConnection) {
    for round in 0..100 {
        let others: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        if others == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            return;
        }
        if round == 20 {
            sqlx::query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            )
            .execute(&mut *conn)
            .await
            .unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("connections to the database did not end");
}

/// Every active account of the demo district, and up to eight of its teams.
async fn demo_people(store: &Store) -> (Vec<fengqiao_web::auth::User>, Vec<Team>) {
    let mut users = Vec::new();
    let names: Vec<String> =
        sqlx::query_scalar("SELECT username FROM accounts WHERE active = 1 ORDER BY id")
            .fetch_all(store.pool())
            .await
            .unwrap();
    for name in names {
        let row = fengqiao_store::accounts::by_username(store.pool(), &name)
            .await
            .unwrap()
            .unwrap();
        users.push(fengqiao_web::session::user_of(row).unwrap());
    }
    let teams: Vec<Team> = sqlx::query_as(
        "SELECT id, name, kind, region_code, region_path FROM teams ORDER BY id LIMIT 8",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(users.len() > 10 && !teams.is_empty());
    (users, teams)
}

/// A team: id, name, kind, region code and path.
type Team = (i64, String, String, String, String);

/// Every list of every account, and every list of each team as the coordinator opens it, at
/// `now`.
fn contexts<'a>(
    users: &'a [fengqiao_web::auth::User],
    teams: &[Team],
    now: i64,
) -> Vec<ListContext<'a>> {
    let kinds = [
        ListKind::Duty,
        ListKind::Tasks,
        ListKind::Problems,
        ListKind::Results,
    ];
    let coordinator = users
        .iter()
        .find(|u| u.role == fengqiao_core::Role::DistrictCoordinator)
        .unwrap();
    let mut out = Vec::new();
    for user in users {
        out.extend(kinds.iter().filter_map(|&kind| lists::own(user, kind)));
    }
    for (id, name, kind, code, path) in teams {
        for list in kinds {
            out.push(ListContext {
                kind: list,
                user: coordinator,
                scope: fengqiao_core::region::Scope::new(code.parse().unwrap(), path.clone()),
                from: 0,
                to: now + 86_400_000,
                now,
                team: Some(TeamInfo {
                    id: *id,
                    name: name.clone(),
                    kind: kind.clone(),
                    members: 0,
                }),
            });
        }
    }
    for cx in &mut out {
        cx.now = now;
    }
    out
}

/// Every area's list part, with its area's name.
fn list_parts() -> Vec<(&'static str, &'static dyn fengqiao_web::lists::ListSource)> {
    fengqiao_web::areas::ALL
        .iter()
        .flat_map(|area| {
            area.sources.iter().filter_map(move |s| match s {
                Source::List(part) => Some((area.name, *part)),
                _ => None,
            })
        })
        .collect()
}

/// Each area's list part is as it was at every instant before the one it names as the first
/// at which time alone may change it (`Found::until`, or a deadline on one of its items): a
/// comparison with now that a part did not offer to its horizon leaves a kept list wrong until
/// its data moves. Every part, every account's four lists and the teams', gathered at now and
/// again, on the same data, a minute on, halfway to that instant and a millisecond before it.
#[tokio::test]
async fn a_part_stands_until_the_instant_it_names() {
    on_both(|db| async move {
        let url = demo_url(db).await;
        let store = Store::open(&url).await.unwrap();
        let (users, teams) = demo_people(&store).await;
        let now = fengqiao_store::now_ms();
        let shown = |items: &[fengqiao_web::lists::ListItem]| serde_json::to_value(items).unwrap();
        let (mut probed, mut beyond_the_minute, mut named) = (0, 0, 0);
        for (area, part) in list_parts() {
            for cx in contexts(&users, &teams, now) {
                let found = part.items(&store, &cx).await.unwrap();
                let until = lists::cache::until(now, &found.items).min(found.until);
                named += usize::from(found.until < i64::MAX);
                if until <= now + 60_000 {
                    continue;
                }
                beyond_the_minute += 1;
                // A part no time changes is probed a day and a year on.
                let last = until.min(now + 366 * 86_400_000) - 1;
                let expected = shown(&found.items);
                for at in [now + 60_000, now + (last - now) / 2, last] {
                    let later = ListContext { now: at, ..cx.clone() };
                    let again = part.items(&store, &later).await.unwrap();
                    assert_eq!(
                        shown(&again.items),
                        expected,
                        "{area}'s {:?} list for {} changed by {at} (gathered at {now}, kept until {until})",
                        cx.kind,
                        cx.user.username
                    );
                    probed += 1;
                }
            }
        }
        // The demo district's parts: most are kept past the minute (every part used to be
        // kept to the minute's end), and some name an instant of their own.
        assert!(probed > 1_000, "{probed} probes");
        assert!(named > 50, "{named} parts named an instant");
        assert!(beyond_the_minute > 1_000, "{beyond_the_minute} kept past the minute");
        store.close().await;
    })
    .await;
}

/// Each area's list part reads no table it does not name in `ListSource::reads` — a table left
/// out would leave the part kept past a change to it. Every part runs for every account of the
/// demo district and every list, and for the teams' lists, on a store of its own; PostgreSQL's
/// table statistics, handed in as that store's connections end, say which tables it read.
/// SQLite keeps no such statistics; the parts' queries are the same on both.
#[tokio::test]
async fn each_part_reads_only_the_tables_it_names() {
    on_both(|db| async move {
        if db == Db::Sqlite {
            return;
        }
        let url = demo_url(db).await;
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        let store = Store::open(&url).await.unwrap();
        let (users, teams) = demo_people(&store).await;
        store.close().await;
        let parts = list_parts();
        let mut checked = 0;
        for (area, part) in parts {
            others_gone(&mut conn).await;
            let before = scans(&mut conn).await;
            let store = Store::open(&url).await.unwrap();
            for cx in contexts(&users, &teams, fengqiao_store::now_ms()) {
                part.items(&store, &cx).await.unwrap();
            }
            store.close().await;
            others_gone(&mut conn).await;
            let after = scans(&mut conn).await;
            let mut read: Vec<&str> = after
                .iter()
                .filter(|(table, n)| before.get(*table).is_some_and(|b| *n > b))
                .map(|(table, _)| table.as_str())
                // What opening a store reads: the migrations applied, and the audit chain's
                // head, which the writer takes up as it starts.
                .filter(|t| !["data_versions", "_sqlx_migrations", "audit_head"].contains(t))
                .collect();
            read.sort_unstable();
            let unnamed: Vec<&&str> = read.iter().filter(|t| !part.reads().contains(t)).collect();
            assert!(
                unnamed.is_empty(),
                "{area}'s list part reads {unnamed:?} without naming them (it read {read:?})"
            );
            assert!(
                !read.is_empty(),
                "{area}'s part read nothing: the check saw nothing"
            );
            checked += 1;
        }
        assert_eq!(checked, 19, "every part checked");
    })
    .await;
}

#[tokio::test]
async fn a_parts_version_is_the_sum_of_its_tables_and_none_when_one_has_no_version() {
    on_both(|db| async move {
        let store = crate::support::empty_store(db).await;
        let pool = store.pool();
        for (table, version) in [("disputes", 5), ("regions", 7)] {
            sqlx::query("UPDATE data_versions SET version = $1 WHERE topic = $2")
                .bind(version)
                .bind(format!("lists.{table}"))
                .execute(pool)
                .await
                .unwrap();
        }
        let groups: [&[&str]; 3] = [
            &["disputes", "regions"],
            &["disputes", "no_such_table"],
            &[],
        ];
        let sums = fengqiao_store::versions::sums(pool, fengqiao_store::versions::LISTS, &groups)
            .await
            .unwrap();
        assert_eq!(sums, vec![Some(12), None, Some(0)]);
        let hostile: [&[&str]; 1] = [&["x') OR ('1"]];
        assert!(
            fengqiao_store::versions::sums(pool, fengqiao_store::versions::LISTS, &hostile)
                .await
                .is_err()
        );
        store.close().await;
    })
    .await;
}
