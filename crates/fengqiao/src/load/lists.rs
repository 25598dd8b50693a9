//! `fengqiao load --only lists`: the problem list and the home page alone, as the district's
//! coordinator, a town's staff and a grid worker open them — one request at a time, 1.2 s
//! apart (past the moment in which a server shows a list again without asking anything).
//! The first call of each finds nothing kept and gathers every area's part; the calls after
//! it show what people get while the data stands. Then as many calls again, each after another
//! grid worker (gw0002) has taken in a case: what a change costs, the part that reads cases
//! gathered again. Each call comes as soon as the case is in, while the machine is still busy
//! with it; as many again come [`APART`] after a case, as a person opening the page would
//! (a machine that halts idle processors may charge the second call more: docs/PERFORMANCE.md,
//! "Twenty-fourth session"). Last, the first call of a new minute, each page at [`TURNS`] turns of the
//! clock: a server that keeps lists to the minute gathers every part again there. Prints the
//! first call and the median and slowest of the rest, per person and page, and the same right
//! after each change, a moment after it, and at each new minute; then each new minute's call with the parts it gathered
//! afresh (the server's `/readyz` counts them): the deadline sweep changes cases in most
//! minutes at city scale, and a call after such a minute gathers again what reads them.

use super::{get_json, sign_in, Plan};
use reqwest::Client;
use serde_json::json;
use std::time::{Duration, Instant};

/// Who opens the pages: the district, a town, a grid.
const PEOPLE: [&str; 3] = ["coordinator", "town01", "gw0001"];

/// Who takes in the cases between the calls of the second round.
const REPORTER: &str = "gw0002";

/// What they open.
const PAGES: [(&str, &str); 2] = [("problems", "/api/v1/lists/problems"), ("home", "/")];

/// Calls after the first, per person and page.
const CALLS: usize = 8;

/// Time between calls: more than the server's one-second moment (`Config::list_cache_ms`).
const APART: Duration = Duration::from_millis(1_200);

/// New minutes at which each page is called once per person.
const TURNS: usize = 3;

/// Sleeps until just past the next turn of the wall clock's minute.
async fn next_minute() {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    tokio::time::sleep(Duration::from_millis(60_000 - ms % 60_000 + 200)).await;
}

/// The areas' parts the server has gathered afresh since it started (`/readyz`).
async fn parts_afresh(http: &Client, url: &str) -> anyhow::Result<u64> {
    let ready: serde_json::Value = http
        .get(format!("{url}/readyz"))
        .send()
        .await?
        .json()
        .await?;
    ready["list_parts_gathered_afresh"]
        .as_u64()
        .ok_or_else(|| anyhow::anyhow!("/readyz 未给出 list_parts_gathered_afresh:{ready}"))
}

/// One call's time in milliseconds; an answer other than 200 is an error.
async fn timed(http: &Client, url: &str, token: &str) -> anyhow::Result<f64> {
    let started = Instant::now();
    let res = http.get(url).bearer_auth(token).send().await?;
    let status = res.status();
    res.bytes().await?;
    anyhow::ensure!(status.is_success(), "{url}: {status}");
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

/// A case taken in by the reporter in their grid.
async fn take_in(http: &Client, plan: &Plan, token: &str, grid: &str) -> anyhow::Result<()> {
    let res = http
        .post(format!("{}/api/v1/disputes", plan.url))
        .bearer_auth(token)
        .json(&json!({
            "category": "neighbour",
            "source": "screening",
            "description": "压测:楼上装修噪音扰民",
            "grid_code": grid,
        }))
        .send()
        .await?;
    let status = res.status();
    anyhow::ensure!(status.is_success(), "{REPORTER} 受理纠纷:{status}");
    Ok(())
}

/// One person's page: each series of calls in milliseconds.
struct Row {
    who: &'static str,
    page: &'static str,
    first: f64,
    /// While the data stands.
    standing: Vec<f64>,
    /// As soon as another's case is in.
    changed: Vec<f64>,
    /// [`APART`] after another's case.
    later: Vec<f64>,
    /// The first call of a new minute.
    turned: Vec<f64>,
}

fn median_and_max(mut calls: Vec<f64>) -> (f64, f64) {
    calls.sort_by(f64::total_cmp);
    (calls[calls.len() / 2], calls[calls.len() - 1])
}

pub async fn run(plan: &Plan) -> anyhow::Result<()> {
    let http = Client::builder().timeout(Duration::from_secs(60)).build()?;
    let reporter = sign_in(&http, &plan.url, REPORTER, &plan.password).await?;
    let me = get_json(&http, &format!("{}/api/v1/me", plan.url), &reporter).await?;
    let grid = me["region_code"].as_str().unwrap_or_default().to_owned();
    let mut tokens = Vec::with_capacity(PEOPLE.len());
    for who in PEOPLE {
        tokens.push(sign_in(&http, &plan.url, who, &plan.password).await?);
    }
    let mut rows = Vec::new();
    for (who, token) in PEOPLE.iter().zip(&tokens) {
        for (page, path) in PAGES {
            let url = format!("{}{path}", plan.url);
            let first = timed(&http, &url, token).await?;
            let mut standing = Vec::with_capacity(CALLS);
            for _ in 0..CALLS {
                tokio::time::sleep(APART).await;
                standing.push(timed(&http, &url, token).await?);
            }
            let mut changed = Vec::with_capacity(CALLS);
            for _ in 0..CALLS {
                tokio::time::sleep(APART).await;
                take_in(&http, plan, &reporter, &grid).await?;
                changed.push(timed(&http, &url, token).await?);
            }
            let mut later = Vec::with_capacity(CALLS);
            for _ in 0..CALLS {
                tokio::time::sleep(APART).await;
                take_in(&http, plan, &reporter, &grid).await?;
                tokio::time::sleep(APART).await;
                later.push(timed(&http, &url, token).await?);
            }
            rows.push(Row {
                who,
                page,
                first,
                standing,
                changed,
                later,
                turned: Vec::with_capacity(TURNS),
            });
        }
    }
    // One page at a turn, every person in turn: the home page holds the problem list, so each
    // call here is the first of its minute for everything it shows. The count of parts is
    // read before the minute turns and after each call, never just before one.
    let mut turned_parts = Vec::new();
    for _ in 0..TURNS {
        for (p, (page, path)) in PAGES.iter().enumerate() {
            let mut before = parts_afresh(&http, &plan.url).await?;
            next_minute().await;
            let url = format!("{}{path}", plan.url);
            for (w, token) in tokens.iter().enumerate() {
                let took = timed(&http, &url, token).await?;
                let after = parts_afresh(&http, &plan.url).await?;
                rows[w * PAGES.len() + p].turned.push(took);
                turned_parts.push((PEOPLE[w], *page, took, after.saturating_sub(before)));
                before = after;
            }
        }
    }
    println!(
        "{:<12} {:<9} {:>9} {:>10} {:>8} {:>14} {:>11} {:>12} {:>9} {:>11} {:>8}",
        "who",
        "page",
        "first ms",
        "median ms",
        "max ms",
        "changed median",
        "changed max",
        "1.2 s median",
        "1.2 s max",
        "new minute",
        "max"
    );
    for row in rows {
        let (who, page, first) = (row.who, row.page, row.first);
        let (median, max) = median_and_max(row.standing);
        let (changed_median, changed_max) = median_and_max(row.changed);
        let (later_median, later_max) = median_and_max(row.later);
        let (turned_median, turned_max) = median_and_max(row.turned);
        println!(
            "{who:<12} {page:<9} {first:>9.1} {median:>10.1} {max:>8.1} {changed_median:>14.1} {changed_max:>11.1} {later_median:>12.1} {later_max:>9.1} {turned_median:>11.1} {turned_max:>8.1}"
        );
    }
    println!("\nnew minutes, call by call: ms (parts gathered afresh)");
    for who in PEOPLE {
        for (page, _) in PAGES {
            let calls: Vec<String> = turned_parts
                .iter()
                .filter(|t| t.0 == who && t.1 == page)
                .map(|t| format!("{:.1} ({})", t.2, t.3))
                .collect();
            println!("{who:<12} {page:<9} {}", calls.join(", "));
        }
    }
    Ok(())
}
