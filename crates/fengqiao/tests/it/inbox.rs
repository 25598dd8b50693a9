use crate::support::{demo_store, on_both, App};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use fengqiao_web::Config;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A webhook receiver that fails the next `fail` calls, and records every call.
#[derive(Clone, Default)]
struct Receiver {
    fail: Arc<AtomicU32>,
    calls: Arc<Mutex<Vec<(String, String, String)>>>,
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    let h = |k: &str| {
        headers
            .get(k)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    r.calls
        .lock()
        .unwrap()
        .push((h("x-fengqiao-delivery"), h("x-fengqiao-signature"), body));
    if r.fail.load(Ordering::SeqCst) > 0 {
        r.fail.fetch_sub(1, Ordering::SeqCst);
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    }
}

async fn start_receiver() -> (Receiver, String) {
    let r = Receiver::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route("/hook", post(receive))
        .with_state(r.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (r, url)
}

async fn wait_for(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out");
}

#[tokio::test]
async fn a_webhook_receiver_sees_signed_events_retries_and_a_replayed_dead_letter() {
    on_both(|db| async move {
        let config = Config {
            webhook_poll_ms: 30,
            webhook_retry_ms: 60,
            webhook_max_attempts: 3,
            map_cache_ms: 0,
            list_cache_ms: 0,
            webhook_allowed_hosts: vec!["127.0.0.1".into()],
            ..Config::default()
        };
        let app = App::with_config(demo_store(db).await, config).await;
        let (receiver, url) = start_receiver().await;
        let coordinator = app.token("coordinator").await;
        let gw = app.token("gw0001").await;
        let (status, _) = app.post_json("/api/v1/webhooks", &gw, &json!({"name": "x", "url": url})).await;
        assert_eq!(status, 403, "only district administrators attach gateways");
        let (status, bad) = app.post_json("/api/v1/webhooks", &coordinator, &json!({"name": "短信网关", "url": "ftp://x"})).await;
        assert_eq!(status, 422, "{bad}");
        let (status, hook) = app.post_json("/api/v1/webhooks", &coordinator, &json!({"name": "短信网关", "url": url, "events": "assigned,high_risk"})).await;
        assert_eq!(status, 201);
        let secret = hook["secret"].as_str().unwrap().to_owned();

        // The first attempt fails; the retry is delivered, signed with the secret.
        receiver.fail.store(1, Ordering::SeqCst);
        let body = json!({"category": "neighbour", "source": "screening", "description": "楼上漏水淹了楼下厨房", "grid_code": "610302001001001"});
        let (status, case) = app.post_json("/api/v1/disputes", &gw, &body).await;
        assert_eq!(status, 201);
        let calls = receiver.calls.clone();
        // Other deliveries may come between the failed attempt and its retry.
        wait_for(|| {
            let c = calls.lock().unwrap();
            c.len() >= 2 && c.iter().filter(|d| d.0 == c[0].0).count() >= 2
        })
        .await;
        let seen = receiver.calls.lock().unwrap().clone();
        let retried: Vec<_> = seen.iter().filter(|d| d.0 == seen[0].0).collect();
        assert!(retried.len() >= 2, "the same delivery was retried");
        let (_, signature, payload) = retried[1];
        assert_eq!(signature, &fengqiao_web::inbox::deliver::signature(&secret, payload));
        assert_ne!(signature, &fengqiao_web::inbox::deliver::signature("wrong", payload));
        let event: Value = serde_json::from_str(payload).unwrap();
        assert_eq!(event["event"], "assigned");
        assert_eq!(event["link"], format!("/mediation/{}", case["id"]));
        assert!(event["recipients"].as_array().unwrap().iter().any(|r| r == &case["assignee"]));

        // A receiver that stays down: the delivery goes to the dead-letter list after 3 tries.
        receiver.fail.store(100, Ordering::SeqCst);
        let before = receiver.calls.lock().unwrap().len();
        let (status, _) = app.post_json("/api/v1/disputes", &gw, &json!({"category": "neighbour", "source": "screening", "description": "楼道里有人长期堆放杂物", "grid_code": "610302001001001"})).await;
        assert_eq!(status, 201);
        let mut dead = Value::Null;
        for _ in 0..200 {
            let (_, d) = app.get_json("/api/v1/webhooks/deliveries?status=dead", &coordinator).await;
            if d.as_array().is_some_and(|a| !a.is_empty()) {
                dead = d;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let dead_id = dead[0]["id"].as_i64().expect("a dead letter");
        assert_eq!(dead[0]["attempts"], 3);
        // Counted by delivery: on a loaded machine a delivery from before may still arrive
        // after `before` was taken.
        let tries = receiver.calls.lock().unwrap()[before..].iter().filter(|d| d.0 == dead_id.to_string()).count();
        assert_eq!(tries, 3);

        // Back up, replayed by the administrator: delivered.
        receiver.fail.store(0, Ordering::SeqCst);
        let (status, _) = app.post_json(&format!("/api/v1/webhooks/deliveries/{dead_id}/replay"), &coordinator, &json!({})).await;
        assert_eq!(status, 202);
        let (status, _) = app.post_json(&format!("/api/v1/webhooks/deliveries/{dead_id}/replay"), &coordinator, &json!({})).await;
        assert_eq!(status, 409, "only dead letters are replayed");
        let mut delivered = false;
        for _ in 0..200 {
            let (_, d) = app.get_json("/api/v1/webhooks/deliveries?status=delivered", &coordinator).await;
            if d.as_array().unwrap().iter().any(|x| x["id"] == dead_id) {
                delivered = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(delivered);
        app.stop().await;
    })
    .await;
}

/// Deliveries queued for `hook`, or for any webhook when `None`.
async fn deliveries(store: &fengqiao_store::Store, hook: Option<i64>) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE $1 < 0 OR webhook_id = $1")
        .bind(hook.unwrap_or(-1))
        .fetch_one(store.pool())
        .await
        .unwrap()
}

fn notice() -> fengqiao_store::inbox::Notice {
    fengqiao_store::inbox::Notice {
        kind: "assigned".into(),
        title: "新案件".into(),
        link: "/mediation/1".into(),
        tracking_code: None,
        region_path: "/610302/".into(),
    }
}

/// The writer's group reads the active webhooks once for all its notices; a webhook added or
/// turned off within the group, or added by a job that was then rolled back, must still be
/// seen by the notices after it exactly as the database has it.
#[tokio::test]
async fn notices_in_one_group_follow_webhooks_added_dropped_or_rolled_back_within_it() {
    use fengqiao_store::{inbox, StoreError};
    on_both(|db| async move {
        let store = crate::support::empty_store(db).await;
        let who = vec!["gw0001".to_owned()];
        let w = who.clone();
        let hook = store
            .write(move |c| {
                Box::pin(async move {
                    inbox::notify(c, &w, &notice(), 1).await?;
                    let hook = inbox::add_webhook(
                        c,
                        "短信",
                        "http://127.0.0.1:9/",
                        "s",
                        "assigned",
                        "t",
                        1,
                    )
                    .await?;
                    inbox::notify(c, &w, &notice(), 2).await?;
                    Ok(hook)
                })
            })
            .await
            .unwrap();
        assert_eq!(
            deliveries(&store, Some(hook)).await,
            1,
            "a webhook added in the group is told at once"
        );

        // A job that adds a webhook and is rolled back, with jobs queued behind it so that
        // they share its group: the others' notices must not be queued for the lost webhook.
        let hold = store.write(|_| {
            Box::pin(async {
                tokio::time::sleep(Duration::from_millis(200)).await;
                Ok(())
            })
        });
        let lost = store.write(move |c| {
            Box::pin(async move {
                inbox::add_webhook(c, "回滚", "http://127.0.0.1:9/", "s", "assigned", "t", 3)
                    .await?;
                inbox::deactivate_webhook(c, hook).await?;
                inbox::notify(c, &["gw0002".to_owned()], &notice(), 3).await?;
                Err::<(), _>(StoreError::Invalid("refused on purpose".into()))
            })
        });
        let w = who.clone();
        let after =
            store.write(move |c| Box::pin(async move { inbox::notify(c, &w, &notice(), 4).await }));
        let (held, lost, after) = tokio::join!(hold, lost, after);
        held.unwrap();
        assert!(lost.is_err());
        after.unwrap();
        assert_eq!(
            deliveries(&store, None).await,
            2,
            "only the live webhook was told again"
        );
        assert_eq!(deliveries(&store, Some(hook)).await, 2);

        let w = who.clone();
        store
            .write(move |c| {
                Box::pin(async move {
                    inbox::notify(c, &w, &notice(), 5).await?;
                    inbox::deactivate_webhook(c, hook).await?;
                    inbox::notify(c, &w, &notice(), 6).await
                })
            })
            .await
            .unwrap();
        assert_eq!(
            deliveries(&store, Some(hook)).await,
            3,
            "a webhook turned off is told nothing more"
        );
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'pending'",
        )
        .bind(hook)
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(
            pending, 0,
            "what the group queued for it before it was turned off is cancelled with the rest"
        );
    })
    .await;
}
