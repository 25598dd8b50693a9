//! Test harness: a fresh database per test on SQLite and on PostgreSQL, the demo district
//! loaded into it, and the real server started on port 0.

use fengqiao::server::Server;
use fengqiao_store::Store;
use fengqiao_web::Config;
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use std::future::Future;

pub const PASSWORD: &str = "test-password-1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A URL for a brand-new, empty database of the given kind, or None when PostgreSQL is not
/// configured (allowed only outside the README's test command).
pub async fn fresh_url(db: Db) -> Option<String> {
    match db {
        Db::Sqlite => {
            let suffix = format!("{:016x}", rand::random::<u64>());
            let dir = std::env::temp_dir().join(format!("fengqiao-test-{suffix}"));
            std::fs::create_dir_all(&dir).unwrap();
            Some(fengqiao::sqlite_url(&dir.join("t.db")))
        }
        Db::Postgres => fresh_pg(None).await,
    }
}

/// A new PostgreSQL database, empty or a copy of `template`; None when PostgreSQL is not
/// configured.
async fn fresh_pg(template: Option<&str>) -> Option<String> {
    let Ok(admin) = std::env::var("FENGQIAO_TEST_PG") else {
        assert!(
            std::env::var("FENGQIAO_REQUIRE_PG").is_err(),
            "FENGQIAO_TEST_PG must be set"
        );
        eprintln!(
            "FENGQIAO_TEST_PG not set: PostgreSQL half of this test skipped (run scripts/test)"
        );
        return None;
    };
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap();
    let name = format!("fq_{:016x}", rand::random::<u64>());
    let from = template
        .map(|t| format!(" TEMPLATE {t}"))
        .unwrap_or_default();
    sqlx::query(&format!("CREATE DATABASE {name}{from}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    Some(format!("{base}/{name}"))
}

/// Taken shared by every test that runs through [`on_both`], and alone by [`alone`].
static CLOCKED: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

/// For the tests that hold the server to a clock — the crash rounds' one-second window for read
/// audits, a leader's jobs taken over within seconds: waits until no [`on_both`] test runs and
/// keeps the others waiting while held. The suite runs four tests at a time on two cores
/// (`scripts/test`), a starvation no deployment is sized for; six at a time once let a read's
/// audit entry miss its second.
pub async fn alone() -> tokio::sync::RwLockWriteGuard<'static, ()> {
    CLOCKED.write().await
}

/// Runs a test body once on SQLite and once on PostgreSQL.
pub async fn on_both<F, Fut>(body: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let _shared = CLOCKED.read().await;
    body(Db::Sqlite).await;
    if std::env::var("FENGQIAO_TEST_PG").is_ok() || std::env::var("FENGQIAO_REQUIRE_PG").is_ok() {
        body(Db::Postgres).await;
    } else {
        eprintln!(
            "FENGQIAO_TEST_PG not set: PostgreSQL half of this test skipped (run scripts/test)"
        );
    }
}

/// An empty, migrated store.
pub async fn empty_store(db: Db) -> Store {
    let url = fresh_url(db).await.expect("database");
    Store::open(&url).await.unwrap()
}

/// A store holding the demo district: a copy of the one loaded once per test process (see
/// [`demo_template`]), taken in a fraction of a second where loading takes seconds.
pub async fn demo_store(db: Db) -> Store {
    Store::open(&demo_url(db).await).await.unwrap()
}

/// A new database holding the demo district, as [`demo_store`] makes it, for a test that opens
/// stores of its own on it.
pub async fn demo_url(db: Db) -> String {
    match (db, demo_template(db)) {
        (Db::Sqlite, Template::Sqlite(file)) => {
            let url = fresh_url(db).await.expect("database");
            let target = url_file(&url);
            std::fs::copy(file, &target).unwrap();
            url
        }
        (Db::Postgres, Template::Postgres(name)) => {
            let Some(url) = fresh_pg(Some(name)).await else {
                panic!("FENGQIAO_TEST_PG must be set for a PostgreSQL test");
            };
            url
        }
        _ => unreachable!("a template of the database kind asked"),
    }
}

/// The demo district, loaded once per database kind and test process. Loading it is most of
/// a short test's time (about 5 s on SQLite, where every step commits durably); the tests then
/// copy it: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. Its deadlines
/// are as old as the process, minutes at most, which the demo's deadlines (days) allow.
enum Template {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

fn demo_template(db: Db) -> &'static Template {
    static SQLITE: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    static POSTGRES: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    let cell = match db {
        Db::Sqlite => &SQLITE,
        Db::Postgres => &POSTGRES,
    };
    // Loaded on a runtime of its own, so that every connection to it is gone (a template
    // database must have none) when the runtime ends with the thread.
    cell.get_or_init(|| {
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let url = match db {
                    Db::Sqlite => fresh_url(db).await.expect("database"),
                    Db::Postgres => fresh_pg(None).await.expect("FENGQIAO_TEST_PG"),
                };
                let store = Store::open(&url).await.unwrap();
                fengqiao::demo::load(&store, PASSWORD).await.unwrap();
                let template = match db {
                    Db::Sqlite => {
                        let file = url_file(&url).with_file_name("demo-template.db");
                        store.backup(&file).await.unwrap();
                        Template::Sqlite(file)
                    }
                    Db::Postgres => Template::Postgres(url.rsplit('/').next().unwrap().into()),
                };
                store.close().await;
                template
            })
        })
        .join()
        .expect("the demo template loads")
    })
}

/// The file behind a SQLite URL made by [`fresh_url`].
fn url_file(url: &str) -> std::path::PathBuf {
    let path = url.trim_start_matches("sqlite://");
    std::path::PathBuf::from(path.split('?').next().unwrap())
}

/// The running demo server and an HTTP client for it.
pub struct App {
    pub server: Server,
    pub base: String,
    pub http: Client,
}

impl App {
    pub async fn demo(db: Db) -> App {
        App::with_store(demo_store(db).await).await
    }

    pub async fn with_store(store: Store) -> App {
        let config = Config {
            // Tests look at the map right after changing data.
            map_cache_ms: 0,
            list_cache_ms: 0,
            // Their webhook receivers listen on loopback, which only an operator may allow.
            webhook_allowed_hosts: vec!["127.0.0.1".into()],
            ..Config::default()
        };
        App::with_config(store, config).await
    }

    pub async fn with_config(store: Store, config: Config) -> App {
        App::serving(store, config, fengqiao_web::areas::ALL.to_vec()).await
    }

    /// The demo district served with a chosen list of areas (a test's own area among them).
    pub async fn demo_with_areas(db: Db, areas: Vec<&'static fengqiao_web::area::Area>) -> App {
        let config = Config {
            map_cache_ms: 0,
            list_cache_ms: 0,
            webhook_allowed_hosts: vec!["127.0.0.1".into()],
            ..Config::default()
        };
        App::serving(demo_store(db).await, config, areas).await
    }

    async fn serving(
        store: Store,
        config: Config,
        areas: Vec<&'static fengqiao_web::area::Area>,
    ) -> App {
        let server = Server::start_with_areas(store, "127.0.0.1:0", config, areas)
            .await
            .unwrap();
        let base = format!("http://{}", server.addr);
        let http = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        App { server, base, http }
    }

    /// Commits the read entries the server has queued, for a test about to look at the log.
    pub async fn audit_settled(&self) {
        self.server.state.store.flush_reads().await.unwrap();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs in through the API and returns the bearer token.
    pub async fn token(&self, username: &str) -> String {
        let res = self.login(username, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "login of {username}");
        let body: Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.http
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, path: &str, token: &str) -> (StatusCode, Value) {
        let res = self.get(path, token).await;
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
        let res = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn put_json(&self, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
        let res = self
            .http
            .put(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// A page as the browser of a signed-in user gets it (the session cookie is the token).
    pub async fn page(&self, path: &str, token: &str) -> String {
        self.http
            .get(self.url(path))
            .header("cookie", format!("fq_session={token}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// A form post from a browser that holds the CSRF cookie `tok`.
    pub async fn post_form(&self, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = vec![("csrf", "tok")];
        all.extend_from_slice(fields);
        self.http
            .post(self.url(path))
            .header("cookie", format!("fq_csrf=tok{cookie}"))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    pub async fn stop(self) {
        self.server.stop().await.unwrap();
    }
}

/// Asserts an answer is problem+json with the given status, and returns its body.
pub async fn problem(res: Response, status: u16) -> Value {
    assert_eq!(res.status().as_u16(), status);
    let ct = res
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(ct, "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(!body["detail"].as_str().unwrap().is_empty());
    body
}

/// Lets `days` days pass for a case's pending follow-ups: their due dates move that far back,
/// as if the visits' days had come (follow-ups are recorded on their day or later).
pub async fn days_pass(app: &App, dispute: i64, days: i64) {
    sqlx::query(
        "UPDATE dispute_followups SET due_at = due_at - $1 WHERE dispute_id = $2 AND done_at IS NULL",
    )
    .bind(days * 86_400_000)
    .bind(dispute)
    .execute(app.server.state.store.pool())
    .await
    .unwrap();
}

/// The point of a compound in `grid`, from the grid's map as `token` sees it.
pub async fn compound_point(app: &App, token: &str, grid: &str) -> (f64, f64) {
    let (_, map) = app
        .get_json(&format!("/api/v1/map/grids?region={grid}"), token)
        .await;
    let compound = map["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["level"] == "compound")
        .expect("the grid has a compound")
        .clone();
    let at = &compound["geometry"]["coordinates"];
    (at[0].as_f64().unwrap(), at[1].as_f64().unwrap())
}

/// Runs a Python snippet on a file named `*{suffix}` holding `input` (its path is `sys.argv[1]`) with the venv the
/// test command provides (FENGQIAO_PYTHON, holding third-party parsers such as gpxpy and
/// openpyxl); its trimmed output, or `None` where no venv was provided and none is required.
pub fn python(modules: &[&str], code: &str, (suffix, input): (&str, &[u8])) -> Option<String> {
    let Ok(python) = std::env::var("FENGQIAO_PYTHON") else {
        assert!(
            std::env::var("FENGQIAO_REQUIRE_PYTHON").is_err(),
            "FENGQIAO_PYTHON (a venv with {modules:?}) is required"
        );
        return None;
    };
    let file = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    std::fs::write(file.path(), input).unwrap();
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(code)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python ({modules:?}): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap().trim().to_owned())
}

/// The real binary serving `url` on a free port, with the server key and checkpoint file in
/// `dir`; answers the child (killed when dropped) and its base URL.
pub async fn serve_process(url: &str, dir: &std::path::Path) -> (tokio::process::Child, String) {
    serve_process_with(url, dir, &[]).await
}

/// The same with more arguments for `fengqiao serve`.
pub async fn serve_process_with(
    url: &str,
    dir: &std::path::Path,
    more: &[&str],
) -> (tokio::process::Child, String) {
    use tokio::io::AsyncBufReadExt;
    let key = dir.join("fengqiao.key");
    let checkpoints = dir.join("checkpoints.jsonl");
    let (key, checkpoints) = (key.to_str().unwrap(), checkpoints.to_str().unwrap());
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_fengqiao"))
        .args(["serve", "--db", url, "--bind", "127.0.0.1:0", "--key", key])
        .args(["--checkpoints", checkpoints])
        .args(more)
        .env("FENGQIAO_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(std::time::Duration::from_secs(30), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_owned();
    (child, base)
}

/// A session token for `username` (demo password) from a server started by [`serve_process`].
pub async fn token_at(http: &reqwest::Client, base: &str, username: &str) -> String {
    let res: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    res["token"].as_str().unwrap().to_owned()
}
