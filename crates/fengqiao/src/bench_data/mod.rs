//! `fengqiao bench-data`: deterministic generated history for benchmarks — the demo district
//! (and, past 100,000 cases, neighbouring districts of the same size) plus five years of
//! disputes and of hazards and needs at a chosen scale, and a year of patrols over the demo
//! district, written in large batches with a progress bar.

pub mod care;
pub mod ceiling;
mod patrols;
mod votes;
pub use votes::{ONLINE_TITLE, TOKENS_FILE};

use crate::demo::{self, disputes};
use crate::transfer::progress;
use fengqiao_core::text::search_tokens;
use fengqiao_core::{Level, Role};
use fengqiao_store::mediation::{insert_bulk, BulkCase};
use fengqiao_store::{now_ms, Store};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

/// How much history to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// About 100,000 disputes over five years in one district (600 grids, 1,128 accounts).
    District,
    /// About 1,000,000 in ten districts (6,000 grids, 11,280 accounts).
    City,
    /// About 10,000,000 in a hundred districts (PostgreSQL).
    Province,
}

impl Scale {
    pub fn disputes(self) -> usize {
        match self {
            Scale::District => 100_000,
            Scale::City => 1_000_000,
            Scale::Province => 10_000_000,
        }
    }
}

const DAY: i64 = 86_400_000;
const BATCH: usize = 5_000;
/// Cases per district of places.
const PER_DISTRICT: usize = 100_000;
/// Neighbouring districts at most (a province's worth: 100 districts of 600 grids).
const MAX_NEIGHBOURS: usize = 99;

/// Generates `count` disputes, and a tenth as many hazards and needs, into a store holding (or
/// now given) the demo district. Resumable: what an earlier, stopped run wrote is counted and
/// the run goes on from there (every batch is one transaction, so none is half there).
pub async fn generate(store: &Store, count: usize, password: &str) -> anyhow::Result<usize> {
    // Places scale with the cases: Weibin holds the first 100,000, and every further 100,000
    // brings a neighbouring district of the same size (600 grids, 1,128 accounts).
    let neighbours = (count / PER_DISTRICT).saturating_sub(1);
    let written = generate_history(store, count, neighbours, password).await?;
    patrols::generate(store).await?;
    care::generate(store, care::PEOPLE).await?;
    votes::generate(store).await?;
    votes::online_voters(store).await?;
    Ok(written)
}

/// The part of [`generate`] that grows with the count — the disputes and a tenth as many
/// hazards and needs — spread over Weibin and `neighbours` neighbouring districts whatever
/// the count, without the registers of a fixed size (patrols, care, votes): for tests.
pub async fn generate_history(
    store: &Store,
    count: usize,
    neighbours: usize,
    password: &str,
) -> anyhow::Result<usize> {
    let places = places(store, neighbours, password).await?;
    let written = cases(store, count, &places).await?;
    generate_requests(store, count / 10, &places.grids, &places.staff).await?;
    Ok(written)
}

/// The grids cases are spread over, and who is on duty for each place and role.
struct Places {
    grids: Vec<(String, String)>,
    staff: HashMap<(String, Role), String>,
}

/// Loads the demo district and `neighbours` neighbouring districts' places if not there yet.
async fn places(store: &Store, neighbours: usize, password: &str) -> anyhow::Result<Places> {
    if !demo::is_loaded(store).await? {
        demo::load(store, password).await?;
    }
    let neighbours = neighbours.min(MAX_NEIGHBOURS);
    let mut districts = vec![demo::district()?];
    for k in 1..=neighbours {
        let spec = demo::Spec::neighbour(k);
        let d = demo::district_for(&spec)?;
        if !demo::is_district_loaded(store, &spec.code).await? {
            demo::load_places(store, &d, password).await?;
        }
        districts.push(d);
    }
    let mut staff: HashMap<(String, Role), String> = HashMap::new();
    let mut grids: Vec<(String, String)> = Vec::new();
    for district in &districts {
        for a in &district.accounts {
            staff
                .entry((a.region_code.clone(), a.role))
                .or_insert_with(|| a.username.clone());
        }
        let atlas = demo::atlas(district);
        grids.extend(
            atlas
                .regions()
                .iter()
                .filter(|r| r.level == Level::Grid)
                .map(|r| (r.code.clone(), r.path.clone())),
        );
    }
    Ok(Places { grids, staff })
}

/// The disputes: resumable, in batches of one transaction each.
async fn cases(store: &Store, count: usize, places: &Places) -> anyhow::Result<usize> {
    let Places { grids, staff } = places;
    let templates: Vec<(fengqiao_core::mediation::Category, Vec<(String, String)>)> =
        disputes::TEMPLATES
            .iter()
            .map(|(c, texts)| {
                (
                    *c,
                    texts
                        .iter()
                        .map(|t| {
                            (
                                (*t).to_owned(),
                                search_tokens(&format!("{} {t}", c.label())),
                            )
                        })
                        .collect(),
                )
            })
            .collect();
    let mut written = already(store, "disputes", "BD").await?.min(count);
    let mut rng = ChaCha8Rng::seed_from_u64(0x6103_0202 ^ written as u64);
    let now = now_ms();
    let bar = progress(count as u64, "生成纠纷");
    bar.inc(written as u64);
    while written < count {
        let n = BATCH.min(count - written);
        let mut batch = Vec::with_capacity(n);
        for i in 0..n {
            let seq = written + i;
            let Some((grid, path)) = grids.choose(&mut rng) else {
                break;
            };
            let (category, texts) = &templates[disputes::pick_category(&mut rng)];
            let Some((description, words)) = texts.choose(&mut rng) else {
                continue;
            };
            let created_at = now - rng.gen_range(0..5 * 365) * DAY - rng.gen_range(0..DAY);
            let level: i64 = match rng.gen_range(0..100) {
                0..=49 => 1,
                50..=79 => 2,
                80..=91 => 3,
                _ => 4,
            };
            let recent = now - created_at < 60 * DAY;
            let status = match rng.gen_range(0..100) {
                0..=39 if recent => "open",
                0..=74 => "closed",
                75..=89 => "agreed",
                _ => "referred",
            };
            let resolved = matches!(status, "closed" | "agreed");
            let resolved_at = resolved.then(|| created_at + rng.gen_range(1..15) * DAY);
            let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let (role, region) = match level {
                1 => (Role::GridWorker, grid.as_str()),
                2 => (
                    Role::CommunityStaff,
                    parts.get(2).copied().unwrap_or_default(),
                ),
                3 => (
                    Role::PoliceOfficer,
                    parts.get(2).copied().unwrap_or_default(),
                ),
                _ => (Role::TownCommand, parts.get(1).copied().unwrap_or_default()),
            };
            let risk = match rng.gen_range(0..100) {
                0..=1 => ("red", 70),
                2..=6 => ("orange", 45),
                7..=16 => ("yellow", 20),
                _ => ("blue", 0),
            };
            batch.push(BulkCase {
                tracking_code: format!("BD{seq:010}"),
                category: category.as_str().into(),
                source: "screening".into(),
                description: description.clone(),
                status: status.into(),
                level,
                grid_code: grid.clone(),
                region_path: path.clone(),
                assignee: staff.get(&(region.to_owned(), role)).cloned(),
                due_at: created_at + [3, 7, 10, 30][usize::try_from(level - 1).unwrap_or(0)] * DAY,
                risk_level: risk.0.into(),
                risk_score: risk.1,
                created_at,
                resolved_at,
                resolved_level: resolved.then_some(level),
                closed_at: (status == "closed")
                    .then(|| resolved_at.unwrap_or(created_at) + 7 * DAY),
                search_text: format!("{words} {}", fengqiao_store::dialect::scope_words(path)),
                parties_key: format!(
                    "1700002{:04}|1700003{:04}",
                    seq % 10_000,
                    (seq / 7) % 10_000
                ),
                // Every seventh case above the first level was escalated to it.
                escalated: seq % 7 == 0,
            });
        }
        let size = batch.len();
        store
            .write(move |c| Box::pin(async move { insert_bulk(c, &batch).await }))
            .await?;
        written += size.max(1);
        bar.inc(size as u64);
    }
    bar.finish_and_clear();
    Ok(written)
}

/// Rows an earlier run generated into `table`: their tracking codes start with `prefix`.
async fn already(store: &Store, table: &str, prefix: &str) -> anyhow::Result<usize> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {table} WHERE tracking_code >= $1 AND tracking_code < $2"
    ))
    .bind(format!("{prefix}0"))
    .bind(format!("{prefix}:"))
    .fetch_one(store.pool())
    .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Hazards and needs beside the disputes, one for every ten: over the same five years, most
/// finished with a reply, the recent ones open or accepted, each assigned to its grid's worker.
async fn generate_requests(
    store: &Store,
    count: usize,
    grids: &[(String, String)],
    staff: &HashMap<(String, Role), String>,
) -> anyhow::Result<()> {
    let services: Vec<fengqiao_core::services::Service> = fengqiao_core::services::catalogue()
        .into_iter()
        .filter(|s| !matches!(s.handling, fengqiao_core::services::Handling::Dispute(_)))
        .collect();
    let mut written = already(store, "service_requests", "BR").await?.min(count);
    let mut rng = ChaCha8Rng::seed_from_u64(0x6103_0203 ^ written as u64);
    let now = now_ms();
    let bar = progress(count as u64, "生成隐患与诉求");
    bar.inc(written as u64);
    while written < count {
        let n = BATCH.min(count - written);
        let mut batch = Vec::with_capacity(n);
        for i in 0..n {
            let (Some((grid, path)), Some(service)) =
                (grids.choose(&mut rng), services.choose(&mut rng))
            else {
                break;
            };
            let created_at = now - rng.gen_range(0..5 * 365) * DAY - rng.gen_range(0..DAY);
            let recent = now - created_at < 14 * DAY;
            let status = match rng.gen_range(0..100) {
                0..=49 if recent => "open",
                50..=79 if recent => "accepted",
                _ => "done",
            };
            let description = format!("{}:{}", service.name, service.description);
            let words = search_tokens(&format!("{} {} {description}", service.group, service.name));
            batch.push((
                status,
                fengqiao_store::requests::NewRequest {
                    tracking_code: format!("BR{:010}", written + i),
                    idempotency_key: None,
                    kind: service.handling.kind().into(),
                    service_code: service.code.into(),
                    description,
                    grid_code: grid.clone(),
                    region_path: path.clone(),
                    address: String::new(),
                    lon: None,
                    lat: None,
                    reporter_phone: Some(format!("1390{:07}", (written + i) % 10_000_000)),
                    channel: "portal".into(),
                    client: None,
                    assignee: staff.get(&(grid.clone(), Role::GridWorker)).cloned(),
                    due_at: created_at + service.handling.due_days() * DAY,
                    created_by: "bench".into(),
                    created_at,
                    search_text: format!("{words} {}", fengqiao_store::dialect::scope_words(path)),
                },
            ));
        }
        let size = batch.len();
        store
            .write(move |c| {
                Box::pin(async move {
                    for (status, r) in &batch {
                        let id = fengqiao_store::requests::insert(c, r).await?;
                        if *status != "open" {
                            let done_at = r.created_at + DAY / 2;
                            let reply = if *status == "done" {
                                "已处理完毕"
                            } else {
                                ""
                            };
                            fengqiao_store::requests::save(
                                c,
                                id,
                                status,
                                r.assignee.as_deref(),
                                reply,
                                done_at,
                            )
                            .await?;
                        }
                    }
                    Ok(())
                })
            })
            .await?;
        written += size.max(1);
        bar.inc(size as u64);
    }
    bar.finish_and_clear();
    Ok(())
}
