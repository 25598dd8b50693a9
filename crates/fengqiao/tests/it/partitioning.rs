//! Issue 17, item 5, the step past one primary on paper: docs/partition-by-district.sql splits
//! the cases and their timeline by district on a real PostgreSQL holding three generated
//! districts. Every row lands in its district's partition, a query bounded to one district
//! answers what the live tables answer and reads one partition only when it names the
//! district, and the constraints the split needs (district held to the path, tracking codes
//! unique across districts, timeline entries tied to their case) refuse what they should.

use crate::support::{fresh_url, Db, PASSWORD};
use fengqiao_store::Store;
use sqlx::{Connection, PgConnection, Row};

const LAYOUT: &str = include_str!("../../../../docs/partition-by-district.sql");

/// The bounds of a district's paths, as the app's queries write them.
fn bounds(district: &str) -> (String, String) {
    (format!("/{district}/"), format!("/{district}0"))
}

/// Levels and states of one district's cases, with their risk summed: the shape of a funnel.
async fn funnel_rows(
    conn: &mut PgConnection,
    sql: &str,
    district: &str,
) -> Vec<(i64, String, i64, i64)> {
    let (lo, hi) = bounds(district);
    sqlx::query(sql)
        .bind(lo)
        .bind(hi)
        .bind(district)
        .fetch_all(conn)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
}

/// The partitions of `by_district.disputes` a query's plan reads.
async fn partitions_read(conn: &mut PgConnection, query: &str, district: &str) -> Vec<String> {
    let (lo, hi) = bounds(district);
    let plan: String = sqlx::query_scalar(&format!("EXPLAIN (FORMAT JSON) {query}"))
        .bind(lo)
        .bind(hi)
        .bind(district)
        .fetch_one(&mut *conn)
        .await
        .map(|v: serde_json::Value| v.to_string())
        .unwrap();
    let mut read: Vec<String> = ["610302", "610303", "610304"]
        .iter()
        .map(|d| format!("disputes_{d}"))
        .filter(|p| plan.contains(&format!("\"{p}\"")))
        .collect();
    read.sort();
    read
}

async fn sqlstate(conn: &mut PgConnection, sql: &str) -> String {
    let err = sqlx::raw_sql(sql).execute(conn).await.unwrap_err();
    err.as_database_error()
        .and_then(|e| e.code())
        .map(|c| c.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn cases_split_by_district_answer_the_same_and_read_one_partition() {
    let Some(url) = fresh_url(Db::Postgres).await else {
        return;
    };
    let store = Store::open(&url).await.unwrap();
    fengqiao::bench_data::generate_history(&store, 3_000, 2, PASSWORD)
        .await
        .unwrap();
    let mut conn = PgConnection::connect(&url).await.unwrap();
    sqlx::raw_sql(LAYOUT).execute(&mut conn).await.unwrap();

    // Every case and every timeline entry was copied, each into its own district's partition.
    for (live, split) in [
        ("public.disputes", "by_district.disputes"),
        ("public.dispute_events", "by_district.dispute_events"),
    ] {
        let count = |t: &str| format!("SELECT COUNT(*) FROM {t}");
        let a: i64 = sqlx::query_scalar(&count(live))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let b: i64 = sqlx::query_scalar(&count(split))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(a, b, "{split} holds every row of {live}");
        assert!(a >= 3_000);
    }
    let placed = sqlx::query(
        "SELECT tableoid::regclass::text AS part, district_code, COUNT(*) AS n \
         FROM by_district.disputes GROUP BY 1, 2 ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        placed.len(),
        3,
        "three districts, three partitions holding cases"
    );
    for row in &placed {
        let (part, district, n): (String, String, i64) = (row.get(0), row.get(1), row.get(2));
        assert_eq!(part, format!("by_district.disputes_{district}"));
        assert!(n > 500, "{district} holds a share of the cases ({n})");
    }
    let strays: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM by_district.dispute_events e \
         JOIN by_district.disputes d ON d.id = e.dispute_id \
         WHERE e.district_code <> d.district_code \
            OR e.tableoid::regclass::text <> 'by_district.dispute_events_' || d.district_code",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        strays, 0,
        "a case's timeline lies in its district's partition"
    );

    // A district's funnel answers the same from the split tables, and reads one partition
    // only when the query names the district; bounds on the path alone read them all.
    let live = "SELECT level, status, COUNT(*), SUM(risk_score)::BIGINT FROM public.disputes \
                WHERE region_path >= $1 AND region_path < $2 AND $3::text IS NOT NULL \
                GROUP BY 1, 2 ORDER BY 1, 2";
    let named =
        "SELECT level, status, COUNT(*), SUM(risk_score)::BIGINT FROM by_district.disputes \
                 WHERE region_path >= $1 AND region_path < $2 AND district_code = $3 \
                 GROUP BY 1, 2 ORDER BY 1, 2";
    let unnamed =
        "SELECT level, status, COUNT(*), SUM(risk_score)::BIGINT FROM by_district.disputes \
                   WHERE region_path >= $1 AND region_path < $2 AND $3::text IS NOT NULL \
                   GROUP BY 1, 2 ORDER BY 1, 2";
    for district in ["610302", "610303", "610304"] {
        let expected = funnel_rows(&mut conn, live, district).await;
        assert!(!expected.is_empty());
        assert_eq!(funnel_rows(&mut conn, named, district).await, expected);
        assert_eq!(funnel_rows(&mut conn, unnamed, district).await, expected);
        assert_eq!(
            partitions_read(&mut conn, named, district).await,
            vec![format!("disputes_{district}")]
        );
        assert_eq!(partitions_read(&mut conn, unnamed, district).await.len(), 3);
    }

    // A case's page: by id within its district, and a resident's tracking code routed there.
    let (code, id, district): (String, i64, String) = sqlx::query_as(
        "SELECT tracking_code, id, district_code FROM by_district.disputes \
         WHERE district_code = '610304' ORDER BY id LIMIT 1",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let routed: (String, i64) = sqlx::query_as(
        "SELECT district_code, dispute_id FROM by_district.tracking_codes WHERE tracking_code = $1",
    )
    .bind(&code)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(routed, (district.clone(), id));

    // What the split must refuse, with the SQLSTATE a writer would map to an answer.
    let insert = |district: &str, path: &str| {
        format!(
            "INSERT INTO by_district.disputes (tracking_code, category, source, description, \
             status, level, grid_code, region_path, due_at, policy_version, created_by, \
             created_at, updated_at, district_code) \
             SELECT 'PX' || id, category, source, description, status, level, grid_code, \
             '{path}', due_at, policy_version, created_by, created_at, updated_at, '{district}' \
             FROM by_district.disputes WHERE id = {id}"
        )
    };
    let path: String =
        sqlx::query_scalar("SELECT region_path FROM by_district.disputes WHERE id = $1")
            .bind(id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        sqlstate(&mut conn, &insert("610302", &path)).await,
        "23514",
        "a district that is not the path's first segment"
    );
    assert_eq!(
        sqlstate(
            &mut conn,
            &insert("610399", &path.replacen("610304", "610399", 1))
        )
        .await,
        "23514",
        "a district without a partition (no default partition takes it)"
    );
    assert_eq!(
        sqlstate(
            &mut conn,
            &format!(
                "INSERT INTO by_district.tracking_codes VALUES ('{code}', '610302', \
                 (SELECT MIN(id) FROM by_district.disputes WHERE district_code = '610302'))"
            )
        )
        .await,
        "23505",
        "a tracking code already given in another district"
    );
    assert_eq!(
        sqlstate(
            &mut conn,
            "INSERT INTO by_district.dispute_events (dispute_id, at, actor, kind, district_code) \
             VALUES (-1, 0, 'x', 'created', '610302')"
        )
        .await,
        "23503",
        "a timeline entry of no case"
    );
    sqlx::raw_sql(&insert("610304", &path))
        .execute(&mut conn)
        .await
        .unwrap();

    // A case corrected into another district moves partitions, its timeline with it.
    let target: (String, String) = sqlx::query_as(
        "SELECT code, path FROM public.regions WHERE level = 'grid' AND path LIKE '/610303/%' \
         ORDER BY code LIMIT 1",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let events_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM by_district.dispute_events WHERE dispute_id = $1")
            .bind(id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(events_before > 0);
    sqlx::query(
        "UPDATE by_district.disputes SET grid_code = $1, region_path = $2, district_code = '610303' \
         WHERE district_code = '610304' AND id = $3",
    )
    .bind(&target.0)
    .bind(&target.1)
    .bind(id)
    .execute(&mut conn)
    .await
    .unwrap();
    let moved: (String, i64, String) = sqlx::query_as(
        "SELECT d.tableoid::regclass::text, \
                (SELECT COUNT(*) FROM by_district.dispute_events_610303 e WHERE e.dispute_id = d.id), \
                (SELECT district_code FROM by_district.tracking_codes WHERE dispute_id = d.id) \
         FROM by_district.disputes d WHERE d.id = $1",
    )
    .bind(id)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        moved,
        (
            "by_district.disputes_610303".to_owned(),
            events_before,
            "610303".to_owned()
        )
    );
}
