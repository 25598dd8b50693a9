//! Inbox and webhook API. The inbox is each user's own; webhooks and their dead-letter list
//! belong to the district's administrators.

use crate::auth::{random_token, User};
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::inbox::{self, DeliveryRow, NotificationRow, WebhookRow};
use fengqiao_store::now_ms;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
pub struct InboxParams {
    pub unread: Option<bool>,
    pub before: Option<i64>,
    pub page_size: Option<i64>,
}

#[derive(Serialize)]
pub struct Inbox {
    pub unread: i64,
    pub items: Vec<NotificationRow>,
}

pub async fn inbox_of(state: &AppState, user: &User, p: &InboxParams) -> Result<Inbox, ApiError> {
    let pool = state.store.pool();
    Ok(Inbox {
        unread: inbox::unread_count(pool, &user.username).await?,
        items: inbox::list(
            pool,
            &user.username,
            p.unread.unwrap_or(false),
            p.before,
            p.page_size.unwrap_or(50),
        )
        .await?,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<InboxParams>,
) -> Result<Json<Inbox>, ApiError> {
    Ok(Json(inbox_of(&state, &user, &p).await?))
}

#[derive(Deserialize, Default)]
pub struct ReadBody {
    /// The notices to mark read; all of them when absent.
    pub ids: Option<Vec<i64>>,
}

pub async fn mark(state: &AppState, user: &User, ids: Option<Vec<i64>>) -> Result<u64, ApiError> {
    if ids.as_ref().is_some_and(|v| v.len() > 500) {
        return Err(ApiError::new(Code::Unprocessable, "一次最多标记 500 条"));
    }
    let username = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move { inbox::mark_read(c, &username, ids.as_deref(), now_ms()).await })
        })
        .await?)
}

pub async fn read(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<ReadBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let changed = mark(&state, &user, b.ids).await?;
    let unread = inbox::unread_count(state.store.pool(), &user.username).await?;
    Ok(Json(
        serde_json::json!({ "changed": changed, "unread": unread }),
    ))
}

pub fn administrator(user: &User) -> Result<(), ApiError> {
    if user.role.manages_district() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "只有区级协调员和管理员可以管理 Webhook",
        ))
    }
}

pub async fn webhooks(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<WebhookRow>>, ApiError> {
    administrator(&user)?;
    Ok(Json(inbox::webhooks(state.store.pool()).await?))
}

#[derive(Deserialize)]
pub struct NewWebhook {
    pub name: String,
    pub url: String,
    /// `*` or comma-separated kinds: assigned, escalated, overdue, high_risk, request_assigned.
    pub events: Option<String>,
}

#[derive(Serialize)]
pub struct CreatedWebhook {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub events: String,
    /// The signing secret, shown once.
    pub secret: String,
}

/// The notice kinds of the areas served, as webhooks subscribe to them.
pub fn event_kinds(state: &AppState) -> Vec<&'static str> {
    state
        .areas()
        .iter()
        .flat_map(|a| a.events.iter().map(|e| e.code))
        .collect()
}

pub async fn create_webhook(
    state: &AppState,
    user: &User,
    b: NewWebhook,
) -> Result<CreatedWebhook, ApiError> {
    administrator(user)?;
    let name = b.name.trim().to_owned();
    if !(1..=60).contains(&name.chars().count()) {
        return Err(ApiError::new(Code::Unprocessable, "名称应为 1 到 60 字"));
    }
    let url = b.url.trim().to_owned();
    let parsed = reqwest::Url::parse(&url).map_err(|_| {
        ApiError::new(
            Code::Unprocessable,
            "地址应为完整的 http:// 或 https:// 网址",
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.host_str().is_none()
        || url.len() > 500
    {
        return Err(ApiError::new(
            Code::Unprocessable,
            "地址应为完整的 http:// 或 https:// 网址",
        ));
    }
    super::target::check(&state.config, &parsed)
        .await
        .map_err(|why| ApiError::new(Code::Unprocessable, why))?;
    let events = b.events.unwrap_or_else(|| "*".into()).replace(' ', "");
    let kinds = event_kinds(state);
    for e in events.split(',') {
        if e != "*" && !kinds.contains(&e) {
            return Err(ApiError::new(
                Code::Unprocessable,
                format!(
                    "未知事件「{}」,应为 * 或 {}",
                    e.chars().take(30).collect::<String>(),
                    kinds.join("、")
                ),
            ));
        }
    }
    let secret = random_token();
    let (n, u, s, ev, actor) = (
        name.clone(),
        url.clone(),
        secret.clone(),
        events.clone(),
        user.username.clone(),
    );
    let id = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = inbox::add_webhook(c, &n, &u, &s, &ev, &actor, now_ms()).await?;
                let id_text = id.to_string();
                audit::append(
                    c,
                    &Entry {
                        actor: &actor,
                        action: "webhook.create",
                        record_type: "webhook",
                        record_id: &id_text,
                        detail: &u,
                    },
                )
                .await?;
                Ok(id)
            })
        })
        .await?;
    Ok(CreatedWebhook {
        id,
        name,
        url,
        events,
        secret,
    })
}

pub async fn add_webhook(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<NewWebhook>,
) -> Result<(StatusCode, Json<CreatedWebhook>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(create_webhook(&state, &user, b).await?),
    ))
}

pub async fn turn_off(state: &AppState, user: &User, id: i64) -> Result<(), ApiError> {
    administrator(user)?;
    let done = state
        .store
        .write_audited(
            &user.username,
            "webhook.deactivate",
            "webhook",
            id,
            move |c| Box::pin(inbox::deactivate_webhook(c, id)),
        )
        .await?;
    if done {
        Ok(())
    } else {
        Err(ApiError::not_found(format!("没有启用中的 Webhook {id}")))
    }
}

pub async fn deactivate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    turn_off(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
pub struct DeliveryParams {
    pub status: Option<String>,
}

pub async fn deliveries(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<DeliveryParams>,
) -> Result<Json<Vec<DeliveryRow>>, ApiError> {
    administrator(&user)?;
    let status = match p.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s @ ("pending" | "delivered" | "dead")) => Some(s),
        Some(_) => {
            return Err(ApiError::bad_request(
                "status 应为 pending、delivered 或 dead",
            ))
        }
    };
    Ok(Json(
        inbox::deliveries(state.store.pool(), status, 200).await?,
    ))
}

pub async fn replay_one(state: &AppState, user: &User, id: i64) -> Result<(), ApiError> {
    administrator(user)?;
    let done = state
        .store
        .write_audited(
            &user.username,
            "webhook.replay",
            "webhook_delivery",
            id,
            move |c| Box::pin(inbox::replay(c, id, now_ms())),
        )
        .await?;
    if done {
        Ok(())
    } else {
        Err(ApiError::new(
            Code::Conflict,
            format!("投递 {id} 不在死信列表中,或其推送已停用"),
        ))
    }
}

pub async fn replay(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    replay_one(&state, &user, id).await?;
    Ok(StatusCode::ACCEPTED)
}
