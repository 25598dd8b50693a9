//! Intake's ceilings on SQLite, measured without the server around them: plain dispute rows
//! inserted by one connection (the raw ceiling), and whole intakes — the same writes the
//! server's writer makes for one report — committed through the store's writer in batches.
//! The distance from the first to the second is what an intake writes beyond a bare row; from
//! the second to intake over HTTP, what serving it costs.

use fengqiao_core::mediation::{Category, Facts, Source};
use fengqiao_core::text::search_tokens;
use fengqiao_store::mediation::POLICY;
use fengqiao_store::{now_ms, Store, Synchronous};
use fengqiao_web::mediation::service::{decide_ahead, intake_decided, search_text, Intake};

/// The raw ceiling: `rows` dispute rows (and their full-text entries)
/// inserted by one connection in transactions of `batch`, with the given `synchronous`
/// setting. Returns rows per second. The database is created and migrated first.
pub async fn rows(url: &str, rows: usize, batch: usize, synchronous: &str) -> anyhow::Result<f64> {
    use sqlx::Connection;
    anyhow::ensure!(url.starts_with("sqlite:"), "上限测量只针对 SQLite");
    Store::open(url).await?.close().await;
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    sqlx::query(&format!(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}"
    ))
    .execute(&mut conn)
    .await?;
    // The grid the rows belong to, so the foreign key is checked as it is for real intakes.
    sqlx::query(
        "INSERT OR IGNORE INTO regions (code, name, level, parent_code, path, created_at, updated_at) VALUES \
         ('610302', '渭滨区', 'district', NULL, '/610302/', 0, 0), \
         ('610302001', '街道', 'town', '610302', '/610302/610302001/', 0, 0), \
         ('610302001001', '社区', 'community', '610302001', '/610302/610302001/610302001001/', 0, 0), \
         ('610302001001001', '网格', 'grid', '610302001001', '/610302/610302001/610302001001/610302001001001/', 0, 0)",
    )
    .execute(&mut conn)
    .await?;
    let text = "楼上深夜噪音扰民,楼下住户多次反映";
    let words = search_tokens(text);
    let started = std::time::Instant::now();
    let mut done = 0;
    while done < rows {
        let mut tx = conn.begin().await?;
        for _ in 0..batch.min(rows - done) {
            let now = now_ms();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO disputes (reached_l1, tracking_code, category, source, description, status, level, \
                 grid_code, region_path, due_at, policy_version, created_by, created_at, updated_at, search_text) \
                 VALUES (1, $1, 'neighbour', 'screening', $2, 'open', 1, '610302001001001', \
                 '/610302/610302001/610302001001/610302001001001/', $3, 1, 'ceiling', $3, $3, $4) RETURNING id",
            )
            .bind(format!("CL{done:010}"))
            .bind(text)
            .bind(now)
            .bind(&words)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO disputes_fts (rowid, search_text) VALUES ($1, $2)")
                .bind(id)
                .bind(&words)
                .execute(&mut *tx)
                .await?;
            done += 1;
        }
        tx.commit().await?;
    }
    Ok(rows as f64 / started.elapsed().as_secs_f64())
}

/// Whole intakes: `cases` reports like the load generator's (a neighbour dispute found in
/// screening, in the first grid with a grid worker) written through the store's writer,
/// `batch` to a job, each decided ahead on a reader as the server does. Only the writes are
/// timed: in the server the decisions run on the readers beside the writer. The database
/// should be a copy of generated data, so that the writes meet the indexes they meet in
/// service. Returns intakes per second of the writer's time.
pub async fn intakes(url: &str, cases: usize, batch: usize) -> anyhow::Result<f64> {
    anyhow::ensure!(url.starts_with("sqlite:"), "上限测量只针对 SQLite");
    let store = Store::open_with(url, Synchronous::Full).await?;
    let grid: Option<(String, String)> = sqlx::query_as(
        "SELECT region_code, region_path FROM accounts WHERE role = 'grid_worker' AND active = 1 \
         ORDER BY username LIMIT 1",
    )
    .fetch_optional(store.pool())
    .await?;
    let (grid_code, region_path) =
        grid.ok_or_else(|| anyhow::anyhow!("数据库中没有网格员,请先生成数据"))?;
    let intake = Intake {
        facts: Facts {
            category: Category::Neighbour,
            source: Source::Screening,
            people: 1,
            households: 1,
            whole_compound: false,
            litigation: false,
            minor_fight: false,
            amount_yuan: 0.0,
        },
        description: "压测:楼上深夜噪音扰民,楼下住户多次反映".into(),
        grid_code,
        region_path,
        address: String::new(),
        lon: None,
        lat: None,
        parties: Vec::new(),
        reporter_phone: None,
        idempotency_key: None,
        photos: Vec::new(),
    };
    let mut writing = std::time::Duration::ZERO;
    let mut done = 0;
    while done < cases {
        let n = batch.min(cases - done);
        let mut jobs = Vec::with_capacity(n);
        for _ in 0..n {
            let now = now_ms();
            let mut reader = store.pool().acquire().await?;
            let policy = fengqiao_store::versioned::in_force(&store, POLICY).await?;
            let decided = decide_ahead(&mut reader, policy, &intake, now).await?;
            jobs.push((intake.clone(), now, search_text(&intake), decided));
        }
        let started = std::time::Instant::now();
        store
            .write(move |c| {
                Box::pin(async move {
                    for (intake, now, search, decided) in jobs {
                        intake_decided(c, "ceiling", intake, now, search, decided).await?;
                    }
                    Ok(())
                })
            })
            .await?;
        writing += started.elapsed();
        done += n;
    }
    let per_s = cases as f64 / writing.as_secs_f64();
    store.close().await;
    Ok(per_s)
}
