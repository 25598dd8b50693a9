//! Benchmarks of the foundation's hot paths on the demo district (600 grids, 244 compounds):
//! point-to-grid lookup on one core, and drawing the whole district's map.
//! Run: `cargo bench -p fengqiao --bench foundation`.

#![allow(clippy::expect_used)] // a benchmark without its fixture has nothing to measure

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fengqiao_core::geo::Atlas;
use std::collections::HashMap;
use std::hint::black_box;

fn demo_atlas() -> Atlas {
    let d = fengqiao::demo::district().expect("demo district");
    fengqiao::demo::atlas(&d)
}

/// Points spread over the district box (some fall outside every grid, as real input does).
fn points(n: usize) -> Vec<(f64, f64)> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| (106.95 + 0.4 * next(), 34.22 + 0.18 * next()))
        .collect()
}

fn locate(c: &mut Criterion) {
    let atlas = demo_atlas();
    let pts = points(10_000);
    let mut group = c.benchmark_group("locate");
    group.throughput(Throughput::Elements(pts.len() as u64));
    group.bench_function("10k points, demo grids", |b| {
        b.iter(|| {
            let mut found = 0usize;
            for &(x, y) in &pts {
                found += usize::from(atlas.locate_grid(black_box(x), black_box(y)).is_some());
            }
            found
        })
    });
    group.finish();
}

fn map(c: &mut Criterion) {
    let atlas = demo_atlas();
    let district = atlas.get(fengqiao::demo::DISTRICT_CODE).expect("district");
    let risks = HashMap::new();
    c.bench_function("map.svg whole district", |b| {
        b.iter(|| fengqiao_web::map::render_svg(&atlas, black_box(district), &risks).len())
    });
}

criterion_group!(benches, locate, map);
criterion_main!(benches);
