//! Staff API for service requests: list in scope, read one (the reporter's phone masked, the
//! read audited), accept or finish.

use fengqiao_core::services::RequestStatus;
use super::service::{self, Step};
use crate::auth::User;
use crate::error::ApiError;
use crate::extract::{ApiQuery, ApiUser};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use fengqiao_core::Phone;
use fengqiao_store::requests::{self as store, ListQuery, RequestEvent, RequestRow};
use serde::{Deserialize, Serialize};

/// A request as staff see it; the phone masked unless asked for in full on the detail read.
#[derive(Debug, Serialize)]
pub struct RequestView {
    pub id: i64,
    pub tracking_code: String,
    pub kind: String,
    pub service_code: String,
    pub service_name: &'static str,
    pub description: String,
    pub status: String,
    pub status_label: &'static str,
    pub grid_code: String,
    pub address: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub reporter_phone: Option<String>,
    pub channel: String,
    pub client: Option<String>,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub overdue: bool,
    pub reply: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
}

pub fn view(r: RequestRow, now: i64) -> RequestView {
    RequestView {
        service_name: fengqiao_core::services::find(&r.service_code).map_or("诉求", |s| s.name),
        status_label: r.status.label(),
        overdue: r.status != RequestStatus::Done && r.due_at < now,
        reporter_phone: r.reporter_phone.as_deref().map(|p| {
            p.parse::<Phone>()
                .map_or_else(|_| "***".to_owned(), |p| p.masked())
        }),
        id: r.id,
        tracking_code: r.tracking_code,
        kind: r.kind,
        service_code: r.service_code,
        description: r.description,
        status: r.status.as_str().to_owned(),
        grid_code: r.grid_code,
        address: r.address,
        lon: r.lon,
        lat: r.lat,
        channel: r.channel,
        client: r.client,
        assignee: r.assignee,
        due_at: r.due_at,
        reply: r.reply,
        created_at: r.created_at,
        updated_at: r.updated_at,
        closed_at: r.closed_at,
    }
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    /// A tracking code (any letter case) or words to search for.
    pub q: Option<String>,
    pub status: Option<String>,
    pub mine: Option<bool>,
    pub before: Option<i64>,
    pub page_size: Option<i64>,
}

#[derive(Serialize)]
pub struct ListAnswer {
    pub items: Vec<RequestView>,
    pub next_before: Option<i64>,
}

pub async fn list_for(
    state: &AppState,
    user: &User,
    p: &ListParams,
) -> Result<ListAnswer, ApiError> {
    let scope = user.staff_scope()?;
    let status = match p.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s @ ("open" | "accepted" | "done")) => Some(s),
        Some(s) => {
            return Err(ApiError::bad_request(format!(
                "未知状态「{}」,应为 open、accepted 或 done",
                s.chars().take(20).collect::<String>()
            )))
        }
    };
    let limit = p.page_size.unwrap_or(50).clamp(1, 200);
    let q = p.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let code = q.and_then(fengqiao_core::ids::tracking::in_query);
    let words = match (q, &code) {
        (Some(q), None) => Some(fengqiao_core::text::search_tokens(q)).filter(|w| !w.is_empty()),
        _ => None,
    };
    let rows = match words {
        // Words: the full-text match, bounded by the scope like every list.
        Some(words) => store::search(&state.store, scope.path(), &words, limit).await?,
        None => {
            store::list(
                state.store.pool(),
                &ListQuery {
                    scope_path: scope.path(),
                    status,
                    assignee: p.mine.unwrap_or(false).then_some(user.username.as_str()),
                    tracking_code: code.as_deref(),
                    before: p.before,
                    limit,
                },
            )
            .await?
        }
    };
    let next_before = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    let detail = format!("{} 条", rows.len());
    state
        .store
        .read_audited(&user.username, "request.list", "service_request", "*", &detail)
        .await?;
    let now = fengqiao_store::now_ms();
    Ok(ListAnswer {
        items: rows.into_iter().map(|r| view(r, now)).collect(),
        next_before,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<ListAnswer>, ApiError> {
    Ok(Json(list_for(&state, &user, &p).await?))
}

/// A step of a request's handling as pages show it: who by name, what in Chinese.
#[derive(Serialize)]
pub struct EventView {
    pub at: i64,
    pub actor: String,
    pub actor_name: String,
    pub kind: String,
    pub kind_label: &'static str,
    /// For an assignment, whom to by name; otherwise what was said.
    pub detail: String,
}

fn event_label(kind: &str) -> &'static str {
    match kind {
        "created" => "收到反映",
        "assigned" => "分派给",
        "accepted" => "受理",
        "done" => "办结",
        "linked_report" => "再次反映",
        _ => "办理",
    }
}

#[derive(Serialize)]
pub struct Detail {
    #[serde(flatten)]
    pub request: RequestView,
    /// The assignee by name and role.
    pub assignee_name: Option<String>,
    pub events: Vec<EventView>,
    /// Links to the photos the reporter attached.
    pub photos: Vec<String>,
}

/// One request in the caller's scope, the read of its personal data audited.
pub async fn read(state: &AppState, user: &User, id: i64) -> Result<Detail, ApiError> {
    let scope = user.staff_scope()?;
    let row = store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("诉求 {id} 不存在或不在您的管辖范围内")))?;
    state
        .store
        .read_audited(
            &user.username,
            "request.read",
            "service_request",
            &id.to_string(),
            "",
        )
        .await?;
    let events: Vec<RequestEvent> = store::events(state.store.pool(), id).await?;
    let names = crate::people::names(
        state,
        events
            .iter()
            .flat_map(|e| [e.actor.as_str(), e.detail.as_str()])
            .chain(row.assignee.as_deref()),
    )
    .await?;
    let assignee_name = row.assignee.as_deref().map(|a| names.of(a));
    let events = events
        .into_iter()
        .map(|e| EventView {
            at: e.at,
            actor_name: names.of(&e.actor),
            kind_label: event_label(&e.kind),
            detail: if e.kind == "assigned" {
                names.of(&e.detail)
            } else {
                e.detail
            },
            actor: e.actor,
            kind: e.kind,
        })
        .collect();
    let photos = store::photo_ids(state.store.pool(), id)
        .await?
        .into_iter()
        .map(|p| format!("/api/v1/requests/{id}/photos/{p}"))
        .collect();
    Ok(Detail {
        request: view(row, fengqiao_store::now_ms()),
        assignee_name,
        events,
        photos,
    })
}

pub async fn get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Detail>, ApiError> {
    Ok(Json(read(&state, &user, id).await?))
}

#[derive(Deserialize, Default)]
pub struct StepBody {
    #[serde(default)]
    pub reply: String,
}

pub async fn act(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, step)): Path<(i64, String)>,
    body: Bytes,
) -> Result<Json<RequestView>, ApiError> {
    let step = Step::parse(&step)
        .ok_or_else(|| ApiError::not_found("没有这个操作,应为 accept 或 done"))?;
    let reply = if body.is_empty() {
        String::new()
    } else {
        serde_json::from_slice::<StepBody>(&body)
            .map_err(|e| ApiError::bad_request(format!("请求体不是有效的 JSON:{e}")))?
            .reply
    };
    let row = service::act(&state, &user, id, step, reply).await?;
    Ok(Json(view(row, fengqiao_store::now_ms())))
}

/// A photo of a request in the caller's scope.
pub async fn photo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, photo)): Path<(i64, i64)>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let scope = user.staff_scope()?;
    store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("诉求 {id} 不存在或不在您的管辖范围内")))?;
    let (content_type, data) = store::photo(state.store.pool(), id, photo)
        .await?
        .ok_or_else(|| ApiError::not_found("没有这张照片"))?;
    state
        .store
        .read_audited(
            &user.username,
            "request.photo_read",
            "service_request",
            &id.to_string(),
            &format!("照片 {photo}"),
        )
        .await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (
                axum::http::header::CACHE_CONTROL,
                "private, max-age=3600".to_owned(),
            ),
        ],
        data,
    )
        .into_response())
}
