//! `fengqiao load --only lists`: the problem list and the home page alone, as the district's
//! coordinator, a town's staff and a grid worker open them — one request at a time, 1.2 s
//! apart (past the moment in which a server shows a list again without asking anything).
//! The first call of each finds nothing kept and gathers every area's part; the calls after
//! it show what people get while the data stands. Prints the first call and the median and
//! slowest of the rest, per person and page.

use super::{sign_in, Plan};
use reqwest::Client;
use std::time::{Duration, Instant};

/// Who opens the pages: the district, a town, a grid.
const PEOPLE: [&str; 3] = ["coordinator", "town01", "gw0001"];

/// What they open.
const PAGES: [(&str, &str); 2] = [("problems", "/api/v1/lists/problems"), ("home", "/")];

/// Calls after the first, per person and page.
const CALLS: usize = 8;

/// Time between calls: more than the server's one-second moment (`Config::list_cache_ms`).
const APART: Duration = Duration::from_millis(1_200);

/// One call's time in milliseconds; an answer other than 200 is an error.
async fn timed(http: &Client, url: &str, token: &str) -> anyhow::Result<f64> {
    let started = Instant::now();
    let res = http.get(url).bearer_auth(token).send().await?;
    let status = res.status();
    res.bytes().await?;
    anyhow::ensure!(status.is_success(), "{url}: {status}");
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

pub async fn run(plan: &Plan) -> anyhow::Result<()> {
    let http = Client::builder().timeout(Duration::from_secs(60)).build()?;
    println!(
        "{:<12} {:<9} {:>9} {:>10} {:>8}",
        "who", "page", "first ms", "median ms", "max ms"
    );
    for who in PEOPLE {
        let token = sign_in(&http, &plan.url, who, &plan.password).await?;
        for (page, path) in PAGES {
            let url = format!("{}{path}", plan.url);
            let first = timed(&http, &url, &token).await?;
            let mut rest = Vec::with_capacity(CALLS);
            for _ in 0..CALLS {
                tokio::time::sleep(APART).await;
                rest.push(timed(&http, &url, &token).await?);
            }
            rest.sort_by(f64::total_cmp);
            println!(
                "{:<12} {:<9} {:>9.1} {:>10.1} {:>8.1}",
                who,
                page,
                first,
                rest[CALLS / 2],
                rest[CALLS - 1]
            );
        }
    }
    Ok(())
}
