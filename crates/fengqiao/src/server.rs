//! Starting and stopping the HTTP server: bound before it is announced, stopped gracefully on
//! Ctrl-C or SIGTERM (or by a test), letting answered writes finish.

use fengqiao_store::Store;
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
    sweeper: JoinHandle<()>,
    deliverer: JoinHandle<()>,
}

impl Server {
    /// Builds the state from the store, binds `bind` (port 0 picks a free port) and serves.
    pub async fn start(store: Store, bind: &str, config: Config) -> anyhow::Result<Server> {
        let atlas = load_atlas(&store).await?;
        let state = AppState::new(store, atlas, config);
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
        let sweeper = fengqiao_web::mediation::service::spawn_sweeper(state.clone());
        let deliverer = fengqiao_web::inbox::deliver::spawn(state.clone());
        fengqiao_core::text::warm_up();
        Ok(Server {
            addr,
            state,
            stop,
            task,
            sweeper,
            deliverer,
        })
    }

    /// Stops accepting, finishes in-flight requests, and closes the database.
    pub async fn stop(self) -> anyhow::Result<()> {
        self.sweeper.abort();
        self.deliverer.abort();
        let _ = self.stop.send(());
        self.task.await??;
        self.state.store.close().await;
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
