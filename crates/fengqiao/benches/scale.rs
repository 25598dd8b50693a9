//! What the roll-ups are for, timed on a generated database: the five-year funnel of a district
//! and of every district together, and the assessment of every grid over five years and over
//! the default quarter. Needs data: point `FENGQIAO_BENCH_DB` at a database made by
//! `fengqiao bench-data` (a copy: serving it runs the migrations); without it, nothing runs.
//! Run: `FENGQIAO_BENCH_DB=sqlite:///tmp/b/run.db cargo bench -p fengqiao --bench scale`.

#![allow(clippy::expect_used)] // a benchmark without its fixture has nothing to measure

use criterion::{criterion_group, criterion_main, Criterion};
use fengqiao::server::Server;
use fengqiao_core::time::{month, parse_day};
use fengqiao_core::Level;
use fengqiao_store::{now_ms, Store};
use fengqiao_web::state::Config;
use std::time::Duration;

fn scale(c: &mut Criterion) {
    let Ok(url) = std::env::var("FENGQIAO_BENCH_DB") else {
        eprintln!("FENGQIAO_BENCH_DB not set: the scale benchmarks need generated data");
        return;
    };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = rt.block_on(async {
        let store = Store::open(&url).await.expect("store");
        Server::start(store, "127.0.0.1:0", Config::default())
            .await
            .expect("server")
    });
    let state = &server.state;
    let now = now_ms();
    let five_years = parse_day("2021-12-01").expect("day");
    let next_month = month(now, 1).expect("month").0;
    let pool = state.store.stale_pool();
    let grids = state
        .atlas()
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid)
        .count();
    eprintln!("{grids} grids in the atlas");

    let mut group = c.benchmark_group("scale");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("funnel, one district, five years", |b| {
        b.iter(|| {
            rt.block_on(async {
                fengqiao_store::mediation::funnel(pool, "/610302/", five_years, now, now)
                    .await
                    .expect("funnel")
            })
        })
    });
    group.bench_function("funnel, one district, five whole years", |b| {
        b.iter(|| {
            rt.block_on(async {
                fengqiao_store::mediation::funnel(pool, "/610302/", five_years, next_month, now)
                    .await
                    .expect("funnel")
            })
        })
    });
    group.bench_function("funnel, every district, five years", |b| {
        b.iter(|| {
            rt.block_on(async {
                fengqiao_store::mediation::funnel(pool, "/", five_years, now, now)
                    .await
                    .expect("funnel")
            })
        })
    });
    group.bench_function(format!("assessment, {grids} grids, five years"), |b| {
        b.iter(|| {
            rt.block_on(async {
                fengqiao_web::assessment::table(state, Level::Grid, "/", five_years, now)
                    .await
                    .expect("table")
            })
        })
    });
    group.bench_function(format!("assessment, {grids} grids, last 90 days"), |b| {
        b.iter(|| {
            rt.block_on(async {
                fengqiao_web::assessment::table(state, Level::Grid, "/", now - 90 * 86_400_000, now)
                    .await
                    .expect("table")
            })
        })
    });
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
