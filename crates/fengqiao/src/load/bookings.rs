//! `fengqiao load --only bookings`: `clients` residents ask for the same room slot at the same
//! instant, round after round (a new slot each round, over the demo centre's rooms). Every
//! round must end with one booking and `clients - 1` refusals; at the end the rooms' taken
//! times are read back and checked for any overlap. Prints the rounds, the answers and the
//! booking latency.

use super::{sign_in, Plan};
use anyhow::Context;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;

fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[idx]
}

pub async fn run(plan: &Plan) -> anyhow::Result<()> {
    let http = Client::builder()
        .pool_max_idle_per_host(plan.clients)
        .timeout(Duration::from_secs(60))
        .build()?;
    let url = &plan.url;
    let mut tokens = Vec::new();
    for i in 1..=plan.clients {
        if let Ok(t) = sign_in(&http, url, &format!("res{i:03}"), &plan.password).await {
            tokens.push(t);
        }
    }
    anyhow::ensure!(!tokens.is_empty(), "没有可登录的居民账号(res001…)");
    let centres: Value = http
        .get(format!("{url}/api/v1/centres"))
        .send()
        .await?
        .json()
        .await?;
    let rooms: Vec<i64> = centres
        .as_array()
        .context("服务场所列表")?
        .iter()
        .filter(|c| c["kind"] == "neighbourhood")
        .flat_map(|c| c["rooms"].as_array().cloned().unwrap_or_default())
        .filter(|r| r["needs_approval"] == false)
        .filter_map(|r| r["id"].as_i64())
        .collect();
    anyhow::ensure!(!rooms.is_empty(), "没有可预订的房间");
    // Two hundred half hours per room fit in the ten days used.
    let rounds = plan.requests.clamp(1, 200 * rooms.len());
    println!(
        "{} 个居民同时预订同一时段,{rounds} 轮,{} 个房间",
        plan.clients,
        rooms.len()
    );
    let barrier = Arc::new(Barrier::new(plan.clients));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..plan.clients {
        let (http, url, token, rooms, barrier) = (
            http.clone(),
            url.clone(),
            tokens[c % tokens.len()].clone(),
            rooms.clone(),
            barrier.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut answers = Vec::with_capacity(rounds);
            for r in 0..rounds {
                // Round r: a room, and its s-th half hour from 09:00 on the days 4 to 13 ahead
                // (inside the fortnight the room's page shows, so that every booking is read
                // back; past the demo's own bookings of the next three days).
                let (room, s) = (rooms[r % rooms.len()], r / rooms.len());
                let day = fengqiao_core::time::day(fengqiao_store::now_ms() + (4 + (s / 20) as i64 % 10) * 86_400_000);
                let start = 9 * 60 + (s % 20) as i64 * 30;
                let clock = fengqiao_core::services::booking::clock;
                let body = json!({"day": day, "start": clock(start), "end": clock(start + 30), "purpose": "压力测试:同时预订"});
                barrier.wait().await;
                let t = Instant::now();
                let status = match http.post(format!("{url}/api/v1/rooms/{room}/bookings")).bearer_auth(&token).json(&body).send().await {
                    Ok(res) => res.status(),
                    Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
                };
                answers.push((r, status, t.elapsed().as_secs_f64() * 1_000.0));
            }
            answers
        }));
    }
    let mut per_round = vec![(0usize, 0usize, 0usize); rounds];
    let mut latencies = Vec::new();
    for t in tasks {
        for (r, status, ms) in t.await? {
            latencies.push(ms);
            match status {
                StatusCode::CREATED => per_round[r].0 += 1,
                StatusCode::CONFLICT => per_round[r].1 += 1,
                _ => per_round[r].2 += 1,
            }
        }
    }
    let elapsed = started.elapsed();
    latencies.sort_by(f64::total_cmp);
    let exact = per_round
        .iter()
        .filter(|(won, lost, other)| *won == 1 && *lost == plan.clients - 1 && *other == 0)
        .count();
    let doubled = per_round.iter().filter(|(won, _, _)| *won > 1).count();
    let none_won = per_round.iter().filter(|(won, _, _)| *won == 0).count();
    let failed: usize = per_round.iter().map(|(_, _, o)| o).sum();
    // Read back every room's fortnight-and-more of taken times and look for overlaps.
    let (mut overlaps, mut read_back) = (0, 0);
    for room in &rooms {
        let detail: Value = http
            .get(format!("{url}/api/v1/rooms/{room}"))
            .send()
            .await?
            .json()
            .await?;
        let mut spans: Vec<(String, String, String)> = detail["taken"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|t| {
                        (
                            t["day"].as_str().unwrap_or("").to_owned(),
                            t["start"].as_str().unwrap_or("").to_owned(),
                            t["end"].as_str().unwrap_or("").to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        spans.sort();
        read_back += spans.len();
        overlaps += spans
            .windows(2)
            .filter(|w| w[0].0 == w[1].0 && w[1].1 < w[0].2)
            .count();
    }
    println!("轮次 {rounds},每轮恰好一人订到、其余被拒:{exact} 轮;无人订到(时段已被先前的预订占用):{none_won} 轮;一个时段被订两次:{doubled} 轮;其他应答 {failed} 个");
    println!("回读各房间近两周的预订 {read_back} 条,时段重叠:{overlaps} 处");
    println!(
        "预订请求 {} 个,用时 {:.1} 秒;延迟 中位 {:.1} ms,p95 {:.1} ms,p99 {:.1} ms,最大 {:.1} ms",
        latencies.len(),
        elapsed.as_secs_f64(),
        quantile(&latencies, 0.5),
        quantile(&latencies, 0.95),
        quantile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(0.0)
    );
    anyhow::ensure!(doubled == 0 && overlaps == 0, "出现重复预订");
    Ok(())
}
