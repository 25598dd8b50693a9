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

/// A campaign in its public vote with `n` accepted nominees named `prefix` 1…n.
async fn campaign(
    store: &Store,
    kind: &'static str,
    title: &'static str,
    prefix: &'static str,
    n: usize,
    grid: &(String, String),
) -> anyhow::Result<(i64, Vec<i64>)> {
    let (now, grid) = (now_ms(), grid.clone());
    Ok(store
        .write(move |c| {
            Box::pin(async move {
                let id = campaigns::insert(c, kind, title, "基准测试数据", AUTHOR, now).await?;
                let mut nominees = Vec::new();
                for k in 0..n {
                    let name = format!("{prefix}{}", k + 1);
                    let nominee = NewNominee {
                        campaign_id: id,
                        name: &name,
                        summary: "基准测试",
                        evidence: "基准测试",
                        grid_code: &grid.0,
                        region_path: &grid.1,
                        by: AUTHOR,
                        now,
                    };
                    let nid = campaigns::nominate(c, &nominee).await?;
                    campaigns::review(c, nid, "accepted", AUTHOR, "").await?;
                    nominees.push(nid);
                }
                campaigns::set_phase(c, id, "nomination", "voting", None, now).await?;
                Ok((id, nominees))
            })
        })
        .await?)
}

/// The demo district's grids: (code, path).
fn grids() -> anyhow::Result<Vec<(String, String)>> {
    let atlas = demo::atlas(&demo::district()?);
    let grids: Vec<(String, String)> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid)
        .map(|g| (g.code.clone(), g.path.clone()))
        .collect();
    anyhow::ensure!(!grids.is_empty(), "the demo district has no grids");
    Ok(grids)
}

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
    let grids = grids()?;
    let now = now_ms();
    let (id, nominees) = campaign(store, "good_person", TITLE, "基准候选人", 6, &grids[0]).await?;
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

/// Residents who vote online in the online benchmark, each with an account, a session and a
/// verification, and the campaign they vote in (voting, no votes yet).
pub const ONLINE_VOTERS: usize = 30_000;
pub const ONLINE_TITLE: &str = "基准测试:网上投票";
/// Where their session tokens are written, for `fengqiao load --only votes --tokens FILE`.
pub const TOKENS_FILE: &str = "bench-voter-tokens.txt";

/// Writes the online voters and their campaign unless they are there; the tokens go to
/// [`TOKENS_FILE`] in the working directory (the database keeps only their hashes).
pub async fn online_voters(store: &Store) -> anyhow::Result<usize> {
    let already: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM culture_campaigns WHERE title = $1")
            .bind(ONLINE_TITLE)
            .fetch_one(store.pool())
            .await?;
    if already > 0 {
        return Ok(0);
    }
    let grids = grids()?;
    let now = now_ms();
    campaign(store, "family", ONLINE_TITLE, "基准家庭", 3, &grids[0]).await?;
    let tokens: Vec<String> = (0..ONLINE_VOTERS)
        .map(|_| fengqiao_web::session::random_token())
        .collect();
    let bar = progress(ONLINE_VOTERS as u64, "生成网上投票的居民");
    for from in (0..ONLINE_VOTERS).step_by(BATCH) {
        let to = (from + BATCH).min(ONLINE_VOTERS);
        let (grids, batch) = (grids.clone(), tokens[from..to].to_vec());
        store
            .write(move |c| {
                Box::pin(async move {
                    for (k, token) in batch.iter().enumerate() {
                        let i = from + k;
                        let (grid, path) = &grids[i % grids.len()];
                        let username = format!("bv{i:06}");
                        // No password: these accounts sign in only with the session written here.
                        let account: i64 = sqlx::query_scalar(
                            "INSERT INTO accounts (username, name, role, region_code, region_path, password_hash, created_at) VALUES ($1, $2, 'resident', $3, $4, '!', $5) RETURNING id",
                        )
                        .bind(&username)
                        .bind(format!("网上投票测试居民{i}"))
                        .bind(grid)
                        .bind(path)
                        .bind(now)
                        .fetch_one(&mut *c)
                        .await?;
                        let hash = fengqiao_web::session::token_hash(token);
                        sqlx::query("INSERT INTO sessions (token_hash, account_id, kind, created_at, expires_at) VALUES ($1, $2, 'bearer', $3, $4)")
                            .bind(hash)
                            .bind(account)
                            .bind(now)
                            .bind(now + 30 * 86_400_000)
                            .execute(&mut *c)
                            .await?;
                        sqlx::query("INSERT INTO culture_people (person, name, grid_code, region_path, method, verified_by, verified_at, username) VALUES ($1, '基准选民', $2, $3, 'phone_code', $4, $5, $4)")
                            .bind(format!("bench-online-{i:07}"))
                            .bind(grid)
                            .bind(path)
                            .bind(&username)
                            .bind(now)
                            .execute(&mut *c)
                            .await?;
                    }
                    Ok(())
                })
            })
            .await?;
        bar.inc((to - from) as u64);
    }
    bar.finish_and_clear();
    std::fs::write(TOKENS_FILE, tokens.join("\n"))?;
    println!("网上投票的 {ONLINE_VOTERS} 位居民的会话令牌已写入 {TOKENS_FILE}");
    Ok(ONLINE_VOTERS)
}
