//! `fengqiao`: the command line of the platform — serve, run the demo district, move regions
//! in and out, back up, and check the audit chain.

use clap::{Parser, Subcommand};
use fengqiao::bench_data::ceiling;
use fengqiao::transfer::{self, Format};
use fengqiao::{demo, server::Server, sqlite_url, DEMO_DB_FILE};
use fengqiao_store::keys::{self, ServerKey};
use fengqiao_store::{audit, Store};
use fengqiao_web::Config;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc keeps the resident set small and steady under concurrent load, where glibc's
/// per-thread arenas kept growing (measured in docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_DB: &str = "sqlite://fengqiao-data/fengqiao.db";
const DEFAULT_DEMO_PASSWORD: &str = "fengqiao-demo-2026";
const DEFAULT_KEY: &str = "fengqiao-data/fengqiao.key";
const DEFAULT_CHECKPOINTS: &str = "fengqiao-data/audit-checkpoints.jsonl";

#[derive(Parser)]
#[command(
    name = "fengqiao",
    version,
    about = "枫桥基层社会治理平台 / Fengqiao grassroots governance platform"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the Weibin demo district on SQLite (created and loaded on first run).
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        #[arg(long, default_value = "fengqiao-data")]
        data: PathBuf,
    },
    /// Serve pages and the API from a database (migrations run at start).
    Serve {
        #[arg(long, env = "FENGQIAO_DB")]
        db: String,
        /// A PostgreSQL streaming replica of `--db` (repeatable): lists, the map, search, the
        /// funnel and the assessment are read from the replicas in turn.
        #[arg(long = "read-db")]
        read_db: Vec<String>,
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Mark cookies Secure (when served behind HTTPS).
        #[arg(long)]
        secure_cookies: bool,
        /// SQLite durability: `full` survives power loss (default); `normal` survives a crash
        /// of the program but may lose the last commits on power loss, for more throughput.
        #[arg(long, value_enum, default_value = "full")]
        synchronous: Sync,
        /// A host webhooks may reach although it is on the local network (repeatable); all
        /// other loopback, private and link-local targets are refused.
        #[arg(long = "allow-webhook-host")]
        allow_webhook_host: Vec<String>,
        /// The server key (from `fengqiao keys init`): signs audit checkpoints and seals
        /// second-factor secrets. Keep it off the database machine's backups.
        #[arg(long, env = "FENGQIAO_KEY", default_value = DEFAULT_KEY)]
        key: PathBuf,
        /// The append-only file signed audit checkpoints are written to.
        #[arg(long, env = "FENGQIAO_CHECKPOINTS", default_value = DEFAULT_CHECKPOINTS)]
        checkpoints: PathBuf,
        /// Minutes between audit checkpoints.
        #[arg(long, default_value_t = 10)]
        checkpoint_minutes: u64,
        /// The header a reverse proxy puts the client's address in (e.g. X-Forwarded-For);
        /// read only on connections from a `--trusted-proxy` address.
        #[arg(long)]
        client_ip_header: Option<String>,
        /// The address of a reverse proxy whose client-address header is believed (repeatable).
        #[arg(long = "trusted-proxy")]
        trusted_proxy: Vec<std::net::IpAddr>,
        /// A base map under the grids: a tile URL template with {z}/{x}/{y} (and {s} for
        /// subdomains), e.g. 天地图 with the district's key. Without it the map works offline.
        #[arg(long)]
        map_tiles: Option<String>,
        /// The base map's attribution line, e.g. "天地图".
        #[arg(long, default_value = "")]
        map_attribution: String,
    },
    /// The server key.
    Keys {
        #[command(subcommand)]
        what: KeysWhat,
    },
    /// Import records from a file.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export records to a file.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Write a consistent copy of the database while the server runs.
    Backup {
        file: PathBuf,
        #[arg(long, env = "FENGQIAO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Generate deterministic history for benchmarks: districts of places, five years of
    /// disputes and a tenth as many hazards and needs.
    BenchData {
        #[arg(long, value_enum, default_value = "district")]
        scale: fengqiao::bench_data::Scale,
        /// Generate exactly this many disputes instead of the scale's number.
        #[arg(long)]
        count: Option<usize>,
        #[arg(long, env = "FENGQIAO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Replay a realistic mix (intake, task lists, case pages, map, search) against a running
    /// server and print throughput and latency percentiles per route.
    Load {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        /// Concurrent clients.
        #[arg(long, default_value_t = 64)]
        clients: usize,
        /// Seconds to run at most.
        #[arg(long, default_value_t = 30)]
        duration: u64,
        /// Seconds to run the mix first without counting it: the server's readers are opened
        /// and their caches filled, so the figures are those of a server that has been running.
        #[arg(long, default_value_t = 0)]
        warmup: u64,
        /// Requests to make at most.
        #[arg(long, default_value_t = 1_000_000)]
        requests: usize,
        /// Grid workers to sign in as (gw0001…).
        #[arg(long, default_value_t = 50)]
        workers: usize,
        /// The server's process id, to report its peak resident memory.
        #[arg(long)]
        server_pid: Option<u32>,
        /// Run one route of the mix alone (intake, tasks, case, map, search; or patrol: a phone
        /// posting batches of 1,000 track points, never part of the mix; or watch: `clients`
        /// people watching an incident's live log while lines are written every 50 ms; or
        /// bookings: `clients` residents asking for the same room slot at once, round after
        /// round, checked for double bookings; or votes: `clients` community desks casting a
        /// campaign's votes, every person sent by two desks at once, checked for double votes;
        /// or lists: the problem list and the home page alone, as the coordinator, town01 and
        /// gw0001 open them, one call at a time, 1.2 s apart, then each call after gw0002 has
        /// taken in a case).
        #[arg(long)]
        only: Option<String>,
        /// With `--only votes`: vote online as the residents whose session tokens bench-data
        /// wrote to this file (bench-voter-tokens.txt), instead of at community desks.
        #[arg(long)]
        tokens: Option<PathBuf>,
    },
    /// The raw ceiling for intake: the same dispute rows inserted straight into SQLite by one
    /// connection, in transactions of `batch` rows, with the chosen durability.
    Ceiling {
        #[arg(long)]
        db: String,
        #[arg(long, default_value_t = 20_000)]
        rows: usize,
        #[arg(long, default_value_t = 1)]
        batch: usize,
        #[arg(long, value_enum, default_value = "full")]
        synchronous: Sync,
        /// rows: bare dispute rows on one connection; intake: whole intakes (the load
        /// generator's report) through the store's writer, on a copy of generated data
        /// (`--rows` is then the number of intakes, always with synchronous=FULL).
        #[arg(long, value_enum, default_value = "rows")]
        shape: Shape,
    },
    /// Audit log commands.
    Audit {
        #[command(subcommand)]
        what: AuditWhat,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Team members from an .xlsx roster (队伍编号, 姓名, 职务, 手机, 身份证号, 账号).
    Roster {
        file: PathBuf,
        /// Import the good rows and report the bad ones, instead of refusing the whole file.
        #[arg(long)]
        skip_bad: bool,
        #[arg(long, env = "FENGQIAO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// A patrol's track from a GPX 1.1 file, recorded as one finished patrol in the grid of
    /// its first point, under the account given (whose scope it must lie in).
    Gpx {
        file: PathBuf,
        /// The staff account the patrol is recorded for, e.g. gw0001.
        #[arg(long = "as")]
        account: String,
        /// The patrol team's number (队伍编号), if a team walked it.
        #[arg(long)]
        team: Option<i64>,
        /// The members' names, comma-separated.
        #[arg(long, default_value = "")]
        members: String,
        #[arg(long, env = "FENGQIAO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// The year's public holidays and make-up working days (调休), one `date,kind,name` per
    /// line (kind: holiday or workday); each year in the file replaces what was loaded for it.
    Holidays {
        file: PathBuf,
        #[arg(long, env = "FENGQIAO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Regions from GeoJSON (.geojson/.json) or Excel (.xlsx).
    Regions {
        file: PathBuf,
        /// Import the good rows and report the bad ones, instead of refusing the whole file.
        #[arg(long)]
        skip_bad: bool,
        #[arg(long, env = "FENGQIAO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// All regions, parents first.
    Regions {
        #[arg(long, value_enum, default_value = "geojson")]
        format: Format,
        /// Output file (default regions.geojson or regions.xlsx).
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[arg(long, env = "FENGQIAO_DB", default_value = DEFAULT_DB)]
        db: String,
    },
}

#[derive(Subcommand)]
enum AuditWhat {
    /// Check that no audit entry was edited, removed or cut off; with `--checkpoints`, also
    /// against the signed checkpoints, which catches a cut tail or a recomputed chain.
    Verify {
        #[arg(long, env = "FENGQIAO_DB", default_value = DEFAULT_DB)]
        db: String,
        /// A checkpoint file written by the server (or a copy of it).
        #[arg(long)]
        checkpoints: Option<PathBuf>,
        /// The server key or its public half (`.pub`) the checkpoints must be signed with.
        #[arg(long, env = "FENGQIAO_KEY", default_value = DEFAULT_KEY)]
        key: PathBuf,
    },
    /// Append a signed checkpoint of the audit head now (before a backup, or from cron when
    /// the server is not running).
    Checkpoint {
        #[arg(long, env = "FENGQIAO_DB", default_value = DEFAULT_DB)]
        db: String,
        #[arg(long, env = "FENGQIAO_KEY", default_value = DEFAULT_KEY)]
        key: PathBuf,
        #[arg(long, env = "FENGQIAO_CHECKPOINTS", default_value = DEFAULT_CHECKPOINTS)]
        checkpoints: PathBuf,
    },
}

#[derive(Subcommand)]
enum KeysWhat {
    /// Create the server key (never overwrites one) and print its public half.
    Init {
        #[arg(long, env = "FENGQIAO_KEY", default_value = DEFAULT_KEY)]
        key: PathBuf,
    },
}

fn main() -> ExitCode {
    // mimalloc asks the kernel for transparent huge pages on its arenas, and a 2 MiB page is
    // resident in full however little of it is used: 33–36 MB of the server's 111–115 MB under
    // load on district data (docs/PERFORMANCE.md, seventh session). This process does without.
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::thread::disable_transparent_huge_pages(true) {
        eprintln!("transparent huge pages left on: {e}");
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FENGQIAO_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("无法启动运行时:{e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误:{e:#}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Shape {
    Rows,
    Intake,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Sync {
    Full,
    Normal,
}

async fn open(db: &str) -> anyhow::Result<Store> {
    open_with(db, fengqiao_store::Synchronous::Full).await
}

async fn open_with(db: &str, sync: fengqiao_store::Synchronous) -> anyhow::Result<Store> {
    if let Some(path) = db.strip_prefix("sqlite://") {
        if let Some(dir) = std::path::Path::new(path.split('?').next().unwrap_or(path)).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    Ok(Store::open_with(db, sync).await?)
}

async fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Demo { bind, data } => {
            let started = std::time::Instant::now();
            std::fs::create_dir_all(&data)?;
            let store = open(&sqlite_url(&data.join(DEMO_DB_FILE))).await?;
            let password = std::env::var("FENGQIAO_DEMO_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty());
            let fresh = !demo::is_loaded(&store).await?;
            let district = if fresh {
                demo::load(&store, password.as_deref().unwrap_or(DEFAULT_DEMO_PASSWORD)).await?
            } else {
                demo::district()?
            };
            let key_file = data.join("fengqiao.key");
            let server_key = if key_file.exists() {
                ServerKey::load(&key_file)?
            } else {
                ServerKey::create(&key_file)?
            };
            let config = Config {
                key: std::sync::Arc::new(server_key),
                checkpoints: Some(data.join("audit-checkpoints.jsonl")),
                ..Config::default()
            };
            let server = Server::start(store, &bind, config).await?;
            println!("枫桥演示区(渭滨区)已启动 / Fengqiao demo district is serving");
            println!("  地址 / address:  http://{}/", server.addr);
            println!("  数据 / data:     {}", data.display());
            match (&password, fresh) {
                (Some(_), _) => println!("  演示密码 / demo password: 来自 FENGQIAO_DEMO_PASSWORD"),
                (None, true) => println!("  演示密码 / demo password: {DEFAULT_DEMO_PASSWORD}"),
                (None, false) => println!("  演示密码 / demo password: 首次创建时设置的密码(默认 {DEFAULT_DEMO_PASSWORD})"),
            }
            println!("  演示账号 / demo sign-ins:");
            for (role, username, place) in demo::sample_sign_ins(&district) {
                println!("    {username:<12} {role}  {place}");
            }
            println!("  就绪用时 / ready in {} ms", started.elapsed().as_millis());
            server.run_until_signal().await?;
        }
        Command::Serve {
            db,
            read_db,
            bind,
            secure_cookies,
            synchronous,
            allow_webhook_host,
            key,
            checkpoints,
            checkpoint_minutes,
            client_ip_header,
            trusted_proxy,
            map_tiles,
            map_attribution,
        } => {
            let server_key = ServerKey::load(&key).map_err(|e| {
                anyhow::anyhow!(
                    "{e}(首次部署请先运行 fengqiao keys init --key {})",
                    key.display()
                )
            })?;
            let sync = match synchronous {
                Sync::Full => fengqiao_store::Synchronous::Full,
                Sync::Normal => fengqiao_store::Synchronous::Normal,
            };
            let store = open_with(&db, sync).await?.with_replicas(&read_db).await?;
            let config = Config {
                secure_cookies,
                webhook_allowed_hosts: allow_webhook_host,
                key: std::sync::Arc::new(server_key),
                checkpoints: Some(checkpoints),
                checkpoint_every_ms: checkpoint_minutes.max(1) * 60_000,
                client_ip_header,
                trusted_proxies: trusted_proxy,
                map_tiles,
                map_attribution,
                ..Config::default()
            };
            let server = Server::start(store, &bind, config).await?;
            println!("Fengqiao serving on http://{}/", server.addr);
            server.run_until_signal().await?;
        }
        Command::Import {
            what: ImportWhat::Holidays { file, db },
        } => {
            let store = open(&db).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("无法读取 {}:{e}", file.display()))?;
            let n = fengqiao_store::services::calendar::import(&store, &text, "system").await?;
            println!("已导入 {n} 个日期(节假日与调休上班日)");
        }
        Command::Import {
            what: ImportWhat::Regions { file, skip_bad, db },
        } => {
            let store = open(&db).await?;
            let report = transfer::import_regions(&store, &file, skip_bad).await?;
            for r in &report.rejected {
                eprintln!("第 {} 条:{}", r.number, r.reason);
            }
            if !report.written {
                eprintln!(
                    "有 {} 条不合格,整个文件未导入(可加 --skip-bad 只导入合格的条目)",
                    report.rejected.len()
                );
                return Ok(ExitCode::FAILURE);
            }
            // Running servers on this database reload their atlas.
            store.announce(fengqiao_web::ATLAS_TOPIC).await?;
            println!(
                "已导入 {} 条区划,跳过 {} 条",
                report.accepted,
                report.rejected.len()
            );
        }
        Command::Import {
            what: ImportWhat::Roster { file, skip_bad, db },
        } => {
            let store = open(&db).await?;
            let atlas = fengqiao_web::load_atlas(&store).await?;
            let state = fengqiao_web::AppState::new(store, atlas, Config::default());
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("无法读取 {}:{e}", file.display()))?;
            let report = fengqiao_web::forces::roster::import(&state, None, bytes, skip_bad)
                .await
                .map_err(|e| anyhow::anyhow!(e.detail))?;
            for r in &report.rejected {
                eprintln!("第 {} 行:{}", r.row, r.reason);
            }
            if !report.written {
                eprintln!(
                    "有 {} 行不合格,整个名册未导入(可加 --skip-bad 只导入合格的行)",
                    report.rejected.len()
                );
                return Ok(ExitCode::FAILURE);
            }
            println!(
                "已导入 {} 名队员,跳过 {} 行",
                report.imported,
                report.rejected.len()
            );
        }
        Command::Import {
            what:
                ImportWhat::Gpx {
                    file,
                    account,
                    team,
                    members,
                    db,
                },
        } => {
            let store = open(&db).await?;
            let row = fengqiao_store::accounts::by_username(store.pool(), &account)
                .await?
                .filter(|a| a.active == 1)
                .ok_or_else(|| anyhow::anyhow!("没有账号 {account},或已停用"))?;
            let user =
                fengqiao_web::session::user_of(row).map_err(|e| anyhow::anyhow!(e.detail))?;
            let atlas = fengqiao_web::load_atlas(&store).await?;
            let state = fengqiao_web::AppState::new(store, atlas, Config::default());
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("无法读取 {}:{e}", file.display()))?;
            let members = fengqiao_web::prevention::patrols::view::split_names(&members);
            let id = fengqiao_web::prevention::patrols::service::import(
                &state, &user, &bytes, team, members,
            )
            .await
            .map_err(|e| anyhow::anyhow!(e.detail))?;
            let p = fengqiao_store::prevention::patrols::get_in_scope(state.store.pool(), id, "/")
                .await?
                .ok_or_else(|| anyhow::anyhow!("巡逻 {id} 未找到"))?;
            println!(
                "已导入巡逻 {id}:{} 个轨迹点,{:.2} 公里,{} 分钟",
                p.points,
                p.distance_m / 1000.0,
                p.duration_ms() / 60_000
            );
        }
        Command::Export {
            what: ExportWhat::Regions { format, output, db },
        } => {
            let store = open(&db).await?;
            let out = output.unwrap_or_else(|| match format {
                Format::Geojson => "regions.geojson".into(),
                Format::Xlsx => "regions.xlsx".into(),
            });
            let n = transfer::export_regions(&store, format, &out).await?;
            println!("已导出 {n} 条区划到 {}", out.display());
        }
        Command::Backup { file, db } => {
            let store = open(&db).await?;
            store.backup(&file).await?;
            println!("备份已写入 {}", file.display());
        }
        Command::Load {
            url,
            clients,
            duration,
            warmup,
            requests,
            workers,
            server_pid,
            only,
            tokens,
        } => {
            let password = std::env::var("FENGQIAO_DEMO_PASSWORD")
                .unwrap_or_else(|_| DEFAULT_DEMO_PASSWORD.to_owned());
            fengqiao::load::run(fengqiao::load::Plan {
                url: url.trim_end_matches('/').to_owned(),
                password,
                clients: clients.clamp(1, 4096),
                duration: std::time::Duration::from_secs(duration),
                warmup: std::time::Duration::from_secs(warmup),
                requests,
                workers: workers.max(1),
                server_pid,
                only,
                tokens,
            })
            .await?;
        }
        Command::Ceiling {
            db,
            rows,
            batch,
            synchronous,
            shape,
        } => {
            let sync = match synchronous {
                Sync::Full => "FULL",
                Sync::Normal => "NORMAL",
            };
            let batch = batch.max(1);
            match shape {
                Shape::Rows => {
                    let per_s = ceiling::rows(&db, rows, batch, sync).await?;
                    println!("{rows} 行,每事务 {batch} 行,synchronous={sync}:{per_s:.0} 行/秒");
                }
                Shape::Intake => {
                    let per_s = ceiling::intakes(&db, rows, batch).await?;
                    println!("{rows} 件受理,每事务 {batch} 件,synchronous=FULL:{per_s:.0} 件/秒");
                }
            }
        }
        Command::BenchData { scale, count, db } => {
            let store = open(&db).await?;
            let started = std::time::Instant::now();
            let password = std::env::var("FENGQIAO_DEMO_PASSWORD")
                .unwrap_or_else(|_| DEFAULT_DEMO_PASSWORD.to_owned());
            let n = fengqiao::bench_data::generate(
                &store,
                count.unwrap_or(scale.disputes()),
                &password,
            )
            .await?;
            println!(
                "已生成 {n} 条纠纷,用时 {:.1} 秒",
                started.elapsed().as_secs_f64()
            );
        }
        Command::Keys {
            what: KeysWhat::Init { key },
        } => {
            let created = ServerKey::create(&key)?;
            println!("已生成服务器密钥 / server key written: {}", key.display());
            println!("公钥 / public key: {}", created.public_hex());
            println!(
                "公钥文件 / public key file: {}",
                keys::public_path(&key).display()
            );
            println!("请离线另存一份密钥;丢失后动态验证码需重新设置。");
        }
        Command::Audit {
            what:
                AuditWhat::Checkpoint {
                    db,
                    key,
                    checkpoints,
                },
        } => {
            let store = open(&db).await?;
            let server_key = ServerKey::load(&key)?;
            match audit::checkpoint::append(store.pool(), &server_key, &checkpoints).await? {
                Some(cp) => println!("已写入检查点:第 {} 条,{}", cp.seq, checkpoints.display()),
                None => println!("审计链自上个检查点以来没有新记录"),
            }
        }
        Command::Audit {
            what:
                AuditWhat::Verify {
                    db,
                    checkpoints,
                    key,
                },
        } => {
            let store = open(&db).await?;
            let verdict = match &checkpoints {
                None => audit::verify(store.pool()).await?,
                Some(file) => {
                    let public = keys::load_public(&key)?;
                    let lines = audit::checkpoint::read(file).map_err(|e| {
                        anyhow::anyhow!("无法读取检查点文件 {}:{e}", file.display())
                    })?;
                    let n = lines.len();
                    let v = audit::checkpoint::verify(store.pool(), &lines, &public).await?;
                    if matches!(v, audit::Verdict::Intact { .. }) {
                        println!("{n} 个签名检查点全部相符");
                    }
                    v
                }
            };
            match verdict {
                audit::Verdict::Intact { entries } => println!("审计链完整:共 {entries} 条记录"),
                audit::Verdict::Broken { seq, reason } => {
                    eprintln!("审计链被破坏(第 {seq} 条):{reason}");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
