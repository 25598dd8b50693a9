//! `fengqiao load --only votes`: a campaign's public vote under load. A campaign is set up in
//! its voting phase; `clients` grid workers then stand at their community desks and cast
//! votes for residents of their grids (in-person verification and the vote, audited as one
//! act), `requests` votes in all. One person in five is also sent by the neighbouring desk at
//! the same moment — a race for a double vote: each of them must end with one vote and one
//! clear refusal. At the end the campaign's total is read back and must equal the number of
//! people. Prints requests and counted votes per second and latency percentiles.

use super::{sign_in, Plan};
use anyhow::Context;
use fengqiao_core::IdNumber;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[idx]
}

/// The `i`-th made-up resident's ID number: born on a day from 1950 on, a sequence, and the
/// GB 11643 check character; `salt` keeps runs apart.
fn id_number(i: usize, salt: usize) -> String {
    let day = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default()
        + chrono::Duration::days(((i / 900) + salt * 40) as i64 % 20_000);
    let first17 = format!("610302{}{:03}", day.format("%Y%m%d"), i % 900 + 100);
    let check = IdNumber::check_char(first17.as_bytes());
    format!("{first17}{}", check as char)
}

async fn post(
    http: &Client,
    url: &str,
    token: &str,
    path: &str,
    body: &Value,
) -> anyhow::Result<Value> {
    let res = http
        .post(format!("{url}{path}"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await?;
    let status = res.status();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(status.is_success(), "{path}: {status} {v}");
    Ok(v)
}

/// A new campaign in its voting phase with three accepted nominees: (id, nominees).
async fn campaign(http: &Client, url: &str, coordinator: &str) -> anyhow::Result<(i64, Vec<i64>)> {
    let c = post(http, url, coordinator, "/api/v1/campaigns", &json!({"kind": "good_person", "title": format!("压力测试评选 {}", fengqiao_store::now_ms())})).await?;
    let id = c["id"].as_i64().context("评选编号")?;
    for name in ["候选人甲", "候选人乙", "候选人丙"] {
        post(http, url, coordinator, &format!("/api/v1/campaigns/{id}/nominations"), &json!({"name": name, "summary": "压力测试:热心公益多年,邻里称赞", "evidence": "压力测试"})).await?;
    }
    post(
        http,
        url,
        coordinator,
        &format!("/api/v1/campaigns/{id}/phase"),
        &json!({"phase": "review"}),
    )
    .await?;
    let c: Value = http
        .get(format!("{url}/api/v1/campaigns/{id}"))
        .bearer_auth(coordinator)
        .send()
        .await?
        .json()
        .await?;
    let nominees: Vec<i64> = c["nominees"]
        .as_array()
        .context("候选人")?
        .iter()
        .filter_map(|n| n["id"].as_i64())
        .collect();
    for n in &nominees {
        post(
            http,
            url,
            coordinator,
            &format!("/api/v1/nominees/{n}/review"),
            &json!({"accept": true}),
        )
        .await?;
    }
    post(
        http,
        url,
        coordinator,
        &format!("/api/v1/campaigns/{id}/phase"),
        &json!({"phase": "voting"}),
    )
    .await?;
    Ok((id, nominees))
}

/// Online votes by the residents `bench-data` wrote with their session tokens (one per line in
/// `tokens`), in its online campaign: resident i is sent by client i % clients, and one in five
/// also by the next client at the same moment.
async fn online(plan: &Plan, tokens: &std::path::Path) -> anyhow::Result<()> {
    let http = Client::builder()
        .pool_max_idle_per_host(plan.clients)
        .timeout(Duration::from_secs(60))
        .build()?;
    let url = &plan.url;
    let tokens: Vec<String> = std::fs::read_to_string(tokens)
        .with_context(|| format!("读取 {}", tokens.display()))?
        .lines()
        .map(str::to_owned)
        .filter(|t| !t.is_empty())
        .collect();
    let all: Value = http
        .get(format!("{url}/api/v1/campaigns"))
        .send()
        .await?
        .json()
        .await?;
    let c = all
        .as_array()
        .context("评选列表")?
        .iter()
        .find(|c| c["title"] == crate::bench_data::ONLINE_TITLE)
        .context("没有基准测试的网上投票评选(先运行 fengqiao bench-data)")?
        .clone();
    let id = c["id"].as_i64().context("评选编号")?;
    let nominees: Vec<i64> = c["nominees"]
        .as_array()
        .context("候选人")?
        .iter()
        .filter_map(|n| n["id"].as_i64())
        .collect();
    let people = plan.requests.min(tokens.len()) * 5 / 6;
    let n = plan.clients.max(2);
    let twice = |i: usize| i.is_multiple_of(5);
    println!("{n} 个客户端,{people} 位已实名核验的居民网上投票,其中每 5 人有 1 人的票被同时提交两次(共 {} 次),评选 {id}", people + people.div_ceil(5));
    let before = c["votes"].as_i64().unwrap_or(0);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for d in 0..n {
        let (http, url, nominees) = (http.clone(), url.clone(), nominees.clone());
        let mine: Vec<(usize, String)> = (0..people.div_ceil(n))
            .flat_map(|k| {
                let (own, neighbours) = (k * n + d, k * n + (d + n - 1) % n);
                std::iter::once(own).chain(Some(neighbours).filter(|i| twice(*i)))
            })
            .filter(|i| *i < people)
            .map(|i| (i, tokens[i].clone()))
            .collect();
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::with_capacity(mine.len());
            for (i, token) in mine {
                let t = Instant::now();
                let status = match http
                    .post(format!("{url}/api/v1/campaigns/{id}/votes"))
                    .bearer_auth(&token)
                    .json(&json!({"nominee_id": nominees[i % nominees.len()]}))
                    .send()
                    .await
                {
                    Ok(res) => res.status(),
                    Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
                };
                out.push((i, status, t.elapsed().as_secs_f64() * 1_000.0));
            }
            out
        }));
    }
    report(&http, url, id, people, before, started, tasks, twice).await
}

type Answers = Vec<(usize, StatusCode, f64)>;

#[allow(clippy::too_many_arguments)]
async fn report(
    http: &Client,
    url: &str,
    id: i64,
    people: usize,
    before: i64,
    started: Instant,
    tasks: Vec<tokio::task::JoinHandle<Answers>>,
    twice: impl Fn(usize) -> bool,
) -> anyhow::Result<()> {
    let mut per_person = vec![(0usize, 0usize, 0usize); people];
    let mut latencies = Vec::new();
    for t in tasks {
        for (i, status, ms) in t.await? {
            latencies.push(ms);
            match status {
                StatusCode::CREATED => per_person[i].0 += 1,
                StatusCode::CONFLICT => per_person[i].1 += 1,
                _ => per_person[i].2 += 1,
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let once = per_person.iter().filter(|p| p.0 == 1).count();
    let doubled = per_person.iter().filter(|p| p.0 > 1).count();
    let refused_right = per_person
        .iter()
        .enumerate()
        .filter(|(i, p)| twice(*i) && p.0 == 1 && p.1 == 1)
        .count();
    let other: usize = per_person.iter().map(|p| p.2).sum();
    let c: Value = http
        .get(format!("{url}/api/v1/campaigns/{id}"))
        .send()
        .await?
        .json()
        .await?;
    let total = c["votes"].as_i64().unwrap_or(-1) - before;
    println!(
        "请求 {} 个,用时 {elapsed:.1} 秒,{:.0} 个/秒;计入的票 {once} 张,{:.0} 张/秒",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        once as f64 / elapsed
    );
    println!("每人恰好一票:{once}/{people};同时提交两次的 {} 人中一次计入、一次被拒:{refused_right};被计两票:{doubled};其他应答 {other} 个;评选读回新增票数 {total}", people.div_ceil(5));
    println!(
        "延迟 中位 {:.1} ms,p95 {:.1} ms,p99 {:.1} ms,最大 {:.1} ms",
        quantile(&latencies, 0.5),
        quantile(&latencies, 0.95),
        quantile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(0.0)
    );
    anyhow::ensure!(
        doubled == 0 && total == once as i64 && refused_right == people.div_ceil(5),
        "出现重复计票"
    );
    Ok(())
}

pub async fn run(plan: &Plan) -> anyhow::Result<()> {
    if let Some(tokens) = &plan.tokens {
        return online(plan, tokens).await;
    }
    let http = Client::builder()
        .pool_max_idle_per_host(plan.clients)
        .timeout(Duration::from_secs(60))
        .build()?;
    let url = &plan.url;
    let coordinator = sign_in(&http, url, "coordinator", &plan.password).await?;
    let mut desks = Vec::new();
    for i in 1..=plan.clients.max(2) {
        if let Ok(t) = sign_in(&http, url, &format!("gw{i:04}"), &plan.password).await {
            desks.push(t);
        }
    }
    anyhow::ensure!(desks.len() >= 2, "至少需要两个可登录的网格员账号(gw0001…)");
    let (id, nominees) = campaign(&http, url, &coordinator).await?;
    // Person i belongs to desk i % n; one in five is also sent by the next desk, right after
    // its own desk sends it, so the two requests meet.
    let n = desks.len();
    let people = (plan.requests * 5 / 6).max(1);
    let twice = |i: usize| i.is_multiple_of(5);
    println!("{n} 个社区投票点同时代为投票,{people} 位居民,其中每 5 人有 1 人被两个投票点同时提交(共 {} 次),评选 {id}", people + people.div_ceil(5));
    let salt = (fengqiao_store::now_ms() / 1000) as usize % 500;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (d, desk) in desks.iter().enumerate() {
        let (http, url, token, nominees) =
            (http.clone(), url.clone(), desk.clone(), nominees.clone());
        let mine: Vec<usize> = (0..people.div_ceil(n))
            .flat_map(|k| {
                let (own, neighbours) = (k * n + d, k * n + (d + n - 1) % n);
                std::iter::once(own).chain(Some(neighbours).filter(|i| twice(*i)))
            })
            .filter(|i| *i < people)
            .collect();
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::with_capacity(mine.len());
            for i in mine {
                let body = json!({"nominee_id": nominees[i % nominees.len()], "name": "压力测试选民", "id_number": id_number(i, salt), "grid_code": ""});
                let t = Instant::now();
                let status = match http.post(format!("{url}/api/v1/campaigns/{id}/desk-votes")).bearer_auth(&token).json(&body).send().await {
                    Ok(res) => res.status(),
                    Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
                };
                out.push((i, status, t.elapsed().as_secs_f64() * 1_000.0));
            }
            out
        }));
    }
    report(&http, url, id, people, 0, started, tasks, twice).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn made_up_id_numbers_pass_the_check_and_do_not_repeat() {
        let ids: std::collections::HashSet<String> =
            (0..5_000).map(|i| super::id_number(i, 3)).collect();
        assert_eq!(ids.len(), 5_000);
        assert!(ids
            .iter()
            .all(|i| i.parse::<fengqiao_core::IdNumber>().is_ok()));
    }
}
