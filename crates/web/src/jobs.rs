//! The scheduler: every area's background jobs, each on its own interval, for as long as the
//! server runs. One place starts them, so that later exactly one node of several can.

use crate::AppState;
use tokio::task::JoinHandle;

/// Starts every job of the areas served; abort the handles to stop them.
pub fn spawn_all(state: &AppState) -> Vec<JoinHandle<()>> {
    state
        .areas()
        .iter()
        .flat_map(|a| a.jobs.iter())
        .map(|job| {
            let state = state.clone();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval((job.every)(&state.config));
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tick.tick().await;
                    if let Err(e) = (job.run)(&state).await {
                        tracing::warn!(job = job.name, error = %e, "background job failed");
                    }
                }
            })
        })
        .collect()
}
