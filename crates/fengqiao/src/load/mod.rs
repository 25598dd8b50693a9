//! `fengqiao load`: replays a realistic mix of work against a running server and prints the
//! throughput and latency percentiles per route. Each kind of request is made by the role that
//! makes it in life: grid workers take in disputes, read their task lists and open their
//! cases; the district coordinator opens the map and searches. Bounded by a request count and
//! a duration, whichever comes first.

mod bookings;
mod lists;
mod votes;
mod watch;

use crate::demo::disputes;
use anyhow::Context;
use rand::{Rng, SeedableRng};
use reqwest::Client;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The kinds of request, with their share of the mix in percent. `patrol` (a phone posting a
/// batch of [`PATROL_BATCH`] track points) is run only on its own, with `--only patrol`.
pub const MIX: [(&str, u32); 6] = [
    ("intake", 10),
    ("tasks", 40),
    ("case", 30),
    ("map", 10),
    ("search", 10),
    ("patrol", 0),
];

/// Track points per posted batch in the `patrol` route.
pub const PATROL_BATCH: usize = 1_000;

const SEARCH_WORDS: [&str; 6] = ["漏水", "噪音", "欠薪", "物业", "装修", "停车"];

/// What to run.
#[derive(Debug, Clone)]
pub struct Plan {
    pub url: String,
    pub password: String,
    pub clients: usize,
    pub duration: Duration,
    /// Time the mix runs before the `duration` that is counted (the mix only).
    pub warmup: Duration,
    pub requests: usize,
    /// Grid workers to sign in as (their cases and grids are used).
    pub workers: usize,
    /// The server's process id, to sample its resident memory.
    pub server_pid: Option<u32>,
    /// One route of the mix alone.
    pub only: Option<String>,
    /// Session tokens of residents to vote online with (`--only votes`), as bench-data wrote them.
    pub tokens: Option<std::path::PathBuf>,
}

/// A signed-in grid worker and what they can see.
struct Worker {
    token: String,
    grid: String,
    cases: Vec<i64>,
    /// A patrol of theirs to post track points to (`--only patrol`).
    patrol: Option<i64>,
}

struct Setup {
    workers: Vec<Worker>,
    coordinator: String,
    town: String,
}

async fn sign_in(
    http: &Client,
    url: &str,
    username: &str,
    password: &str,
) -> anyhow::Result<String> {
    let res = http
        .post(format!("{url}/api/v1/auth/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await?;
    anyhow::ensure!(
        res.status().is_success(),
        "{username} 无法登录:{}",
        res.status()
    );
    let body: Value = res.json().await?;
    body["token"]
        .as_str()
        .map(str::to_owned)
        .context("登录应答缺少 token")
}

async fn get_json(http: &Client, url: &str, token: &str) -> anyhow::Result<Value> {
    Ok(http
        .get(url)
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?)
}

async fn setup(http: &Client, plan: &Plan) -> anyhow::Result<Setup> {
    let url = &plan.url;
    let coordinator = sign_in(http, url, "coordinator", &plan.password).await?;
    let mut workers = Vec::new();
    for i in 1..=plan.workers {
        let username = format!("gw{i:04}");
        let Ok(token) = sign_in(http, url, &username, &plan.password).await else {
            continue;
        };
        let me = get_json(http, &format!("{url}/api/v1/me"), &token).await?;
        let list = get_json(http, &format!("{url}/api/v1/disputes?page_size=50"), &token).await?;
        let cases = list["items"]
            .as_array()
            .map(|a| a.iter().filter_map(|c| c["id"].as_i64()).collect())
            .unwrap_or_default();
        let grid = me["region_code"].as_str().unwrap_or_default().to_owned();
        let patrol = match plan.only.as_deref() {
            Some("patrol") => http
                .post(format!("{url}/api/v1/patrols"))
                .bearer_auth(&token)
                .json(&json!({"grid_code": grid}))
                .send()
                .await?
                .json::<Value>()
                .await?["id"]
                .as_i64(),
            _ => None,
        };
        workers.push(Worker {
            token,
            grid,
            cases,
            patrol,
        });
    }
    anyhow::ensure!(!workers.is_empty(), "没有可登录的网格员账号(gw0001…)");
    let towns = get_json(
        http,
        &format!("{url}/api/v1/regions?level=town&page_size=1"),
        &coordinator,
    )
    .await?;
    let town = towns["items"][0]["code"]
        .as_str()
        .unwrap_or("610302001")
        .to_owned();
    Ok(Setup {
        workers,
        coordinator,
        town,
    })
}

/// Latencies in microseconds per route, and failures.
#[derive(Default)]
struct Tally {
    latencies: Vec<Vec<u32>>,
    failures: Vec<usize>,
}

fn pick(rng: &mut impl Rng, only: Option<usize>) -> usize {
    if let Some(i) = only {
        return i;
    }
    let total: u32 = MIX.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (i, (_, w)) in MIX.iter().enumerate() {
        if roll < *w {
            return i;
        }
        roll -= w;
    }
    0
}

async fn one(http: &Client, url: &str, s: &Setup, kind: usize, rng: &mut impl Rng) -> bool {
    let w = &s.workers[rng.gen_range(0..s.workers.len())];
    let req = match MIX[kind].0 {
        "intake" => {
            // Reports as varied as the generated history's: with one text for every intake, a
            // few runs left a district's newest cases all about noise, which no district sees.
            let (category, texts) = disputes::TEMPLATES[disputes::pick_category(rng)];
            let text = texts
                .get(rng.gen_range(0..texts.len()))
                .copied()
                .unwrap_or_default();
            http.post(format!("{url}/api/v1/disputes"))
                .bearer_auth(&w.token)
                .json(&json!({
                    "category": category.as_str(),
                    "source": "screening",
                    "description": format!("压测:{text}"),
                    "grid_code": w.grid,
                }))
        }
        "tasks" => http
            .get(format!("{url}/api/v1/lists/tasks"))
            .bearer_auth(&w.token),
        "case" => match w.cases.get(rng.gen_range(0..w.cases.len().max(1))) {
            Some(id) => http
                .get(format!("{url}/api/v1/disputes/{id}"))
                .bearer_auth(&w.token),
            None => http
                .get(format!("{url}/api/v1/disputes?page_size=20"))
                .bearer_auth(&w.token),
        },
        "patrol" => {
            let now = fengqiao_store::now_ms();
            let points: Vec<Value> = (0..PATROL_BATCH)
                .map(|i| {
                    let step = i as f64 * 0.00001;
                    json!({"lon": 107.15 + step, "lat": 34.35 + step, "at": now - 60_000 + i as i64})
                })
                .collect();
            http.post(format!(
                "{url}/api/v1/patrols/{}/points",
                w.patrol.unwrap_or_default()
            ))
            .bearer_auth(&w.token)
            .json(&json!({"points": points}))
        }
        "map" => http
            .get(format!("{url}/map.svg?region={}", s.town))
            .bearer_auth(&s.coordinator),
        _ => http
            .get(format!(
                "{url}/api/v1/search?q={}",
                SEARCH_WORDS[rng.gen_range(0..SEARCH_WORDS.len())]
            ))
            .bearer_auth(&s.coordinator),
    };
    match req.send().await {
        Ok(res) => {
            let ok = res.status().is_success();
            ok && res.bytes().await.is_ok()
        }
        Err(_) => false,
    }
}

fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Runs the plan and prints the table.
pub async fn run(plan: Plan) -> anyhow::Result<()> {
    if plan.only.as_deref() == Some("watch") {
        return watch::run(&plan).await;
    }
    if plan.only.as_deref() == Some("bookings") {
        return bookings::run(&plan).await;
    }
    if plan.only.as_deref() == Some("votes") {
        return votes::run(&plan).await;
    }
    if plan.only.as_deref() == Some("lists") {
        return lists::run(&plan).await;
    }
    let http = Client::builder()
        .pool_max_idle_per_host(plan.clients)
        .timeout(Duration::from_secs(30))
        .build()?;
    let only = match plan.only.as_deref() {
        None => None,
        Some(name) => Some(
            MIX.iter()
                .position(|(n, _)| *n == name)
                .with_context(|| format!("--only 应为 {}", MIX.map(|m| m.0).join("、")))?,
        ),
    };
    let setup = Arc::new(setup(&http, &plan).await?);
    println!(
        "{} 个并发客户端,{} 名网格员账号,预热 {} 秒后计时,最长 {} 秒或 {} 个请求",
        plan.clients,
        setup.workers.len(),
        plan.warmup.as_secs(),
        plan.duration.as_secs(),
        plan.requests
    );
    let tally = Arc::new(Mutex::new(Tally {
        latencies: vec![Vec::new(); MIX.len()],
        failures: vec![0; MIX.len()],
    }));
    let issued = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let peak_rss = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let started = Instant::now() + plan.warmup;
    let deadline = started + plan.duration;
    let sampler = plan.server_pid.map(|pid| {
        let peak = peak_rss.clone();
        tokio::spawn(async move {
            loop {
                if let Some(kb) = rss_kb(pid) {
                    peak.fetch_max(kb, std::sync::atomic::Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    });
    let mut tasks = Vec::new();
    for client in 0..plan.clients {
        let (http, setup, tally, issued) =
            (http.clone(), setup.clone(), tally.clone(), issued.clone());
        let (url, limit) = (plan.url.clone(), plan.requests);
        tasks.push(tokio::spawn(async move {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(client as u64);
            let mut mine: Vec<(usize, u32, bool)> = Vec::new();
            while Instant::now() < deadline
                && issued.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < limit
            {
                let kind = pick(&mut rng, only);
                let t = Instant::now();
                let ok = one(&http, &url, &setup, kind, &mut rng).await;
                if t >= started {
                    let us = u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX);
                    mine.push((kind, us, ok));
                }
            }
            if let Ok(mut t) = tally.lock() {
                for (kind, us, ok) in mine {
                    if ok {
                        t.latencies[kind].push(us);
                    } else {
                        t.failures[kind] += 1;
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(s) = sampler {
        s.abort();
    }
    let mut tally = tally
        .lock()
        .map_err(|_| anyhow::anyhow!("tally poisoned"))?;
    println!(
        "{:<8} {:>8} {:>6} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "route", "ok", "fail", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let mut total = 0;
    for (i, (name, _)) in MIX.iter().enumerate() {
        let failures = tally.failures[i];
        let l = &mut tally.latencies[i];
        l.sort_unstable();
        total += l.len();
        let q = |p: f64| -> f64 {
            if l.is_empty() {
                0.0
            } else {
                let idx = ((l.len() as f64 * p).ceil() as usize).clamp(1, l.len()) - 1;
                f64::from(l[idx]) / 1000.0
            }
        };
        println!(
            "{:<8} {:>8} {:>6} {:>9.0} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            name,
            l.len(),
            failures,
            l.len() as f64 / elapsed,
            q(0.50),
            q(0.90),
            q(0.99),
            q(1.0)
        );
    }
    println!(
        "合计 {total} 个成功请求,{elapsed:.1} 秒,{:.0} req/s",
        total as f64 / elapsed
    );
    let peak = peak_rss.load(std::sync::atomic::Ordering::Relaxed);
    if peak > 0 {
        println!("服务器内存峰值(RSS){:.1} MB", peak as f64 / 1024.0);
    }
    Ok(())
}
