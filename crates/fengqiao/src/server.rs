//! Starting and stopping the HTTP server: bound before it is announced, stopped gracefully on
//! Ctrl-C or SIGTERM (or by a test), letting answered writes finish.

use fengqiao_store::Store;
use fengqiao_web::area::Area;
use fengqiao_web::{load_atlas, router, AppState, Config};
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
    pub state: AppState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
    jobs: Vec<JoinHandle<()>>,
}

impl Server {
    /// Builds the state from the store, binds `bind` (port 0 picks a free port) and serves
    /// every area.
    pub async fn start(store: Store, bind: &str, config: Config) -> anyhow::Result<Server> {
        Server::start_with_areas(store, bind, config, fengqiao_web::areas::ALL.to_vec()).await
    }

    /// The same with a chosen list of areas (tests add areas of their own).
    pub async fn start_with_areas(
        store: Store,
        bind: &str,
        config: Config,
        areas: Vec<&'static Area>,
    ) -> anyhow::Result<Server> {
        let atlas = load_atlas(&store).await?;
        let state = AppState::with_areas(store, atlas, config, areas);
        let sealed = fengqiao_web::auth::seal_plain_secrets(&state)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.detail))?;
        if sealed > 0 {
            tracing::info!(sealed, "sealed plain-text TOTP secrets with the server key");
        }
        let listener = TcpListener::bind(bind)
            .await
            .map_err(|e| anyhow::anyhow!("无法监听 {bind}:{e}"))?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        let jobs = fengqiao_web::jobs::spawn_all(&state);
        fengqiao_core::text::warm_up();
        Ok(Server {
            addr,
            state,
            stop,
            task,
            jobs,
        })
    }

    /// Stops accepting, finishes in-flight requests, and closes the database.
    pub async fn stop(self) -> anyhow::Result<()> {
        let store = self.state.store.clone();
        self.stop_serving().await?;
        store.close().await;
        Ok(())
    }

    /// Stops accepting and finishes in-flight requests, leaving the database open for
    /// whoever else shares it (another server on the same store).
    pub async fn stop_serving(self) -> anyhow::Result<()> {
        for job in &self.jobs {
            job.abort();
        }
        // Live pages would otherwise hold the graceful shutdown open.
        self.state.live.close();
        let _ = self.stop.send(());
        self.task.await??;
        Ok(())
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        shutdown_signal().await;
        tracing::info!("shutting down");
        self.stop().await
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
