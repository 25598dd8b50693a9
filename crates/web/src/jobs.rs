//! The scheduler: every area's background jobs, each on its own interval, for as long as the
//! server runs. Jobs on shared data run on the leading node only (`fengqiao_store::leader`):
//! with several servers on one PostgreSQL exactly one sweeps deadlines and delivers webhooks,
//! and another takes over within seconds when it dies.

use crate::AppState;
use tokio::task::JoinHandle;

/// Starts the bid for leadership and every job of the areas served; abort the handles to stop
/// them (the leader's lock goes with its task).
pub fn spawn_all(state: &AppState) -> Vec<JoinHandle<()>> {
    let mut handles = vec![
        tokio::spawn(state.leadership.clone().campaign(state.store.clone())),
        tokio::spawn(follow_other_nodes(state.clone())),
    ];
    handles.extend(state.areas().iter().flat_map(|a| a.jobs.iter()).map(|job| {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval((job.every)(&state.config));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if job.on_one_node && !state.leadership.is_leader() {
                    // Run as soon as this node leads, not a whole interval later.
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    tick.reset_immediately();
                    continue;
                }
                if let Err(e) = (job.run)(&state).await {
                    tracing::warn!(job = job.name, error = %e, "background job failed");
                }
            }
        })
    }));
    handles
}

/// Reloads the atlas when another node (or `fengqiao import regions`) announces new regions.
async fn follow_other_nodes(state: AppState) {
    let mut changes = state.store.changes();
    loop {
        match changes.recv().await {
            Ok(topic) if topic == crate::ATLAS_TOPIC => {
                if let Err(e) = state.reload_atlas().await {
                    tracing::warn!(error = %e, "atlas not reloaded after another node's import");
                }
            }
            Ok(_) => {}
            // Notices missed: reload to be safe.
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                let _ = state.reload_atlas().await;
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
        }
    }
}
