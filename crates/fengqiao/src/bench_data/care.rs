//! The care register for the services benchmarks: 50,000 registered residents and enterprises
//! over the demo district's grids, each visited on its category's plan for three years (one
//! visit in ten late, and about one person in twelve now overdue) — some 1.7 million visits
//! (tests write a thousand people).
//! Like the patrols, only the demo district gets them, at any scale.

use crate::demo;
use crate::transfer::progress;
use fengqiao_core::services::care::{next_visit, on_time, CareCategory};
use fengqiao_core::{IdNumber, Level};
use fengqiao_store::services::care::{self as store, NewCare, NewVisit};
use fengqiao_store::{now_ms, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const DAY: i64 = 86_400_000;
/// People on the register at every scale.
pub const PEOPLE: usize = 50_000;
const YEARS: i64 = 3;
/// People (with their visits) written per transaction.
const BATCH: usize = 500;
const AUTHOR: &str = "bench";

fn id_number(seq: usize) -> String {
    let first17 = format!(
        "6103021950{:02}{:02}{:03}",
        seq % 12 + 1,
        seq % 28 + 1,
        seq % 1000
    );
    let check = IdNumber::check_char(first17.as_bytes()) as char;
    format!("{first17}{check}")
}

/// Writes `people` on the register with their visits into a store holding the demo district;
/// how many people.
pub async fn generate(store: &Store, people: usize) -> anyhow::Result<usize> {
    let already: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM care_register WHERE created_by = $1")
            .bind(AUTHOR)
            .fetch_one(store.pool())
            .await?;
    if already > 0 {
        return Ok(0);
    }
    let atlas = demo::atlas(&demo::district()?);
    let grids: Vec<(String, String)> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid)
        .map(|g| (g.code.clone(), g.path.clone()))
        .collect();
    anyhow::ensure!(!grids.is_empty(), "the demo district has no grids");
    let mut rng = ChaCha8Rng::seed_from_u64(0x6103_0215);
    let now = now_ms();
    let start = now - YEARS * 365 * DAY;
    let bar = progress(people as u64, "生成关爱走访名册");
    let mut seq = 0;
    while seq < people {
        let mut batch = Vec::with_capacity(BATCH);
        for _ in 0..BATCH.min(people - seq) {
            seq += 1;
            let category = CareCategory::ALL[rng.gen_range(0..CareCategory::ALL.len())];
            let (grid, path) = grids[rng.gen_range(0..grids.len())].clone();
            // Visits from registration on the plan, some late; one person in twelve has been
            // missed for the last stretch.
            let mut visits = Vec::new();
            let mut last = start + rng.gen_range(0..60) * DAY;
            let (mut due, mut latest) = next_visit(category, last);
            let missed = rng.gen_range(0..12) == 0;
            let stop = if missed {
                now - rng.gen_range(60..200) * DAY
            } else {
                now
            };
            loop {
                let late = rng.gen_range(0..10) == 0;
                let at = if late {
                    latest + rng.gen_range(1..10) * DAY
                } else {
                    due - rng.gen_range(0..5) * DAY
                };
                if at > stop {
                    break;
                }
                visits.push((at, on_time(at, latest)));
                last = at;
                (due, latest) = next_visit(category, last);
            }
            let person = NewCare {
                category: category.as_str().into(),
                name: format!("关爱对象{seq:05}"),
                id_number: category.is_person().then(|| id_number(seq)),
                phone: format!("139{:08}", seq),
                address: String::new(),
                grid_code: grid,
                region_path: path,
                consent_at: start,
                consent_note: "本人签字同意书".into(),
                due_at: due,
                latest_at: latest,
                created_by: AUTHOR.into(),
                created_at: start,
            };
            batch.push((person, visits, last));
        }
        let size = batch.len();
        store
            .write(move |c| {
                Box::pin(async move {
                    for (person, visits, last) in &batch {
                        let id = store::insert(c, person).await?;
                        let rows: Vec<NewVisit> = visits
                            .iter()
                            .map(|(at, kept)| NewVisit {
                                register_id: id,
                                visited_at: *at,
                                visitor: AUTHOR.into(),
                                done: "入户走访,了解近况".into(),
                                found: String::new(),
                                finding: None,
                                on_time: *kept,
                                region_path: person.region_path.clone(),
                                next: (0, 0),
                            })
                            .collect();
                        store::insert_visits_bulk(c, &rows).await?;
                        if !visits.is_empty() {
                            sqlx::query(
                                "UPDATE care_register SET last_visit_at = $1 WHERE id = $2",
                            )
                            .bind(last)
                            .bind(id)
                            .execute(&mut *c)
                            .await?;
                        }
                    }
                    Ok(())
                })
            })
            .await?;
        bar.inc(size as u64);
    }
    bar.finish_and_clear();
    Ok(people)
}
