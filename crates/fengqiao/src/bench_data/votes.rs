//! A campaign's public vote for the results benchmark: half a million verified people in the
//! demo district's grids, each with one vote (two in three online, one in three at a desk) for
//! one of six nominees, and the kept tally summed from them, as the vote would have left it.
//! The people are kept under opaque benchmark keys: bench-data holds no server key.

use crate::demo;
use crate::transfer::progress;
use fengqiao_core::Level;
use fengqiao_store::culture::campaigns::{self, NewNominee};
use fengqiao_store::{now_ms, Store};

pub const VOTES: usize = 500_000;
const BATCH: usize = 5_000;
const AUTHOR: &str = "bench";
const TITLE: &str = "基准测试:2026年度渭滨好人网络投票";

/// Writes the campaign and its votes unless they are there already; how many votes.
pub async fn generate(store: &Store) -> anyhow::Result<usize> {
    let already: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM culture_campaigns WHERE title = $1")
            .bind(TITLE)
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
    let now = now_ms();
    let g0 = grids[0].clone();
    let (id, nominees) = store
        .write(move |c| {
            Box::pin(async move {
                let id =
                    campaigns::insert(c, "good_person", TITLE, "基准测试数据", AUTHOR, now).await?;
                let mut nominees = Vec::new();
                for n in 0..6 {
                    let name = format!("基准候选人{}", n + 1);
                    let nid = campaigns::nominate(
                        c,
                        &NewNominee {
                            campaign_id: id,
                            name: &name,
                            summary: "基准测试",
                            evidence: "基准测试",
                            grid_code: &g0.0,
                            region_path: &g0.1,
                            by: AUTHOR,
                            now,
                        },
                    )
                    .await?;
                    campaigns::review(c, nid, "accepted", AUTHOR, "").await?;
                    nominees.push(nid);
                }
                campaigns::set_phase(c, id, "nomination", "voting", None, now).await?;
                Ok((id, nominees))
            })
        })
        .await?;
    let bar = progress(VOTES as u64, "生成评选投票");
    let mut done = 0;
    while done < VOTES {
        let (from, to) = (done, (done + BATCH).min(VOTES));
        let (grids, nominees) = (grids.clone(), nominees.clone());
        store
            .write(move |c| {
                Box::pin(async move {
                    for i in from..to {
                        let (grid, path) = &grids[i % grids.len()];
                        let person = format!("bench-voter-{i:07}");
                        let desk = i % 3 == 0;
                        sqlx::query("INSERT INTO culture_people (person, name, grid_code, region_path, method, verified_by, verified_at) VALUES ($1, '基准选民', $2, $3, $4, $5, $6)")
                            .bind(&person)
                            .bind(grid)
                            .bind(path)
                            .bind(if desk { "in_person" } else { "phone_code" })
                            .bind(AUTHOR)
                            .bind(now)
                            .execute(&mut *c)
                            .await?;
                        // Skewed towards the first nominees, as real votes are.
                        let choice = nominees[(i * i + i / 7) % 11 % nominees.len()];
                        sqlx::query("INSERT INTO culture_votes (campaign_id, person, nominee_id, channel, cast_by, cast_at) VALUES ($1, $2, $3, $4, $5, $6)")
                            .bind(id)
                            .bind(&person)
                            .bind(choice)
                            .bind(if desk { "desk" } else { "online" })
                            .bind(AUTHOR)
                            .bind(now - (VOTES - i) as i64 * 1_000)
                            .execute(&mut *c)
                            .await?;
                    }
                    Ok(())
                })
            })
            .await?;
        bar.inc((to - from) as u64);
        done = to;
    }
    bar.finish_and_clear();
    store
        .write(move |c| {
            Box::pin(async move {
                sqlx::query("INSERT INTO culture_tallies (campaign_id, nominee_id, channel, votes) SELECT campaign_id, nominee_id, channel, COUNT(*) FROM culture_votes WHERE campaign_id = $1 GROUP BY campaign_id, nominee_id, channel")
                    .bind(id)
                    .execute(&mut *c)
                    .await?;
                Ok(())
            })
        })
        .await?;
    Ok(VOTES)
}
