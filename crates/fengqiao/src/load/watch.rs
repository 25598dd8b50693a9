//! `fengqiao load --only watch`: an incident page watched by `clients` people at once (each a
//! server-sent event stream of its log) while the town's command centre writes to the log
//! every 50 ms. Prints how long appending took, and how long each line took to reach the
//! first and the last of the watchers.

use super::{sign_in, Plan};
use anyhow::Context;
use reqwest::Client;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Per line of the log: when each watcher saw it.
type Seen = Arc<Mutex<HashMap<i64, Vec<Instant>>>>;

fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[idx]
}

/// Passes over the stream, noting the instant each line id arrives, until it ends.
async fn watch(mut res: reqwest::Response, seen: Seen) {
    let mut buf = String::new();
    while let Ok(Some(chunk)) = res.chunk().await {
        let now = Instant::now();
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let event: String = buf.drain(..end + 2).collect();
            if let Some(id) = event
                .lines()
                .find_map(|l| l.strip_prefix("id: "))
                .and_then(|n| n.trim().parse::<i64>().ok())
            {
                if let Ok(mut s) = seen.lock() {
                    s.entry(id).or_default().push(now);
                }
            }
        }
    }
}

pub async fn run(plan: &Plan) -> anyhow::Result<()> {
    let http = Client::builder()
        .timeout(Duration::from_secs(600))
        .build()?;
    let url = &plan.url;
    let town = sign_in(&http, url, "town01", &plan.password).await?;
    let coordinator = sign_in(&http, url, "coordinator", &plan.password).await?;
    let opened: Value = http
        .post(format!("{url}/api/v1/incidents"))
        .bearer_auth(&town)
        .json(&json!({"kind": "natural_disaster", "severity": "III", "title": "压力测试:山洪", "grid_code": "610302001001001"}))
        .send()
        .await?
        .json()
        .await?;
    let incident = opened["id"].as_i64().context("未能接报测试事件")?;
    let seen: Seen = Arc::default();
    let mut watchers = Vec::with_capacity(plan.clients);
    for _ in 0..plan.clients {
        let res = http
            .get(format!("{url}/api/v1/incidents/{incident}/stream"))
            .bearer_auth(&coordinator)
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "观看连接失败:{}", res.status());
        watchers.push(tokio::spawn(watch(res, seen.clone())));
    }
    println!(
        "{} 个观看者已连接事件 #{incident},每 50 毫秒写一条日志,共 {} 秒",
        plan.clients,
        plan.duration.as_secs()
    );
    let started = Instant::now();
    let mut appends: Vec<(i64, Instant, f64)> = Vec::new();
    let mut failures = 0;
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    while started.elapsed() < plan.duration && appends.len() < plan.requests {
        tick.tick().await;
        let sent = Instant::now();
        let res = http
            .post(format!("{url}/api/v1/incidents/{incident}/log"))
            .bearer_auth(&town)
            .json(&json!({"text": format!("水位报告 {}", appends.len() + 1)}))
            .send()
            .await?;
        let took = sent.elapsed().as_secs_f64() * 1000.0;
        if res.status().as_u16() != 201 {
            failures += 1;
            continue;
        }
        let body: Value = res.json().await?;
        let line = body["id"].as_i64().unwrap_or_default();
        appends.push((line, sent, took));
    }
    // Let the last lines arrive.
    tokio::time::sleep(Duration::from_secs(2)).await;
    http.post(format!("{url}/api/v1/incidents/{incident}/close"))
        .bearer_auth(&town)
        .json(&json!({"report": "压力测试结束"}))
        .send()
        .await?;
    for w in watchers {
        w.abort();
    }
    let seen = seen.lock().map_err(|_| anyhow::anyhow!("seen poisoned"))?;
    let mut took: Vec<f64> = appends.iter().map(|a| a.2).collect();
    took.sort_by(f64::total_cmp);
    let (mut first, mut all, mut short) = (Vec::new(), Vec::new(), 0);
    for (line, sent, _) in &appends {
        let times = seen.get(line).map_or(&[][..], Vec::as_slice);
        if times.len() < plan.clients {
            short += 1;
        }
        let ms = |t: &Instant| t.duration_since(*sent).as_secs_f64() * 1000.0;
        if let (Some(a), Some(b)) = (times.iter().min(), times.iter().max()) {
            first.push(ms(a));
            all.push(ms(b));
        }
    }
    first.sort_by(f64::total_cmp);
    all.sort_by(f64::total_cmp);
    println!(
        "{:<22} {:>8} {:>8} {:>8} {:>8}",
        "", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    for (name, l) in [
        ("写入日志(应答)", &took),
        ("到达第一个观看者", &first),
        ("到达全部观看者", &all),
    ] {
        println!(
            "{:<22} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            name,
            quantile(l, 0.5),
            quantile(l, 0.9),
            quantile(l, 0.99),
            quantile(l, 1.0)
        );
    }
    println!(
        "写入 {} 条(失败 {failures});{short} 条没有送达全部 {} 个观看者",
        appends.len(),
        plan.clients
    );
    Ok(())
}
