//! The case API: intake (staff, or residents with a callback phone), one case, the scoped list.

use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::mediation::commands::{filter, parse_id, ListParams};
use crate::mediation::intake::{build_intake, IntakeBody, Origin};
use crate::mediation::service::{self};
use crate::mediation::service::{list_page, read_case};
use crate::mediation::views::CaseDetail;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fengqiao_store::mediation::{self as cases};
use serde_json::{json, Value};

/// Reads the caller, if any: residents reporting from the portal may be anonymous.
async fn optional_user(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<crate::auth::User>, ApiError> {
    crate::extract::same_origin_if_cookie(&axum::http::Method::POST, headers)?;
    match crate::session::credential(headers) {
        None => Ok(None),
        Some(token) => crate::session::user_for_token(state, token).await.map(Some),
    }
}

pub async fn create(
    State(state): State<AppState>,
    crate::extract::ClientIp(ip): crate::extract::ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<IntakeBody>,
) -> Result<Response, ApiError> {
    let user = optional_user(&state, &headers).await?;
    let key = match headers.get("idempotency-key").map(|v| v.to_str()) {
        None => None,
        Some(Ok(k)) if !k.is_empty() && k.len() <= 200 => Some(k.to_owned()),
        Some(_) => {
            return Err(ApiError::bad_request(
                "Idempotency-Key 应为 1 到 200 个可见字符",
            ))
        }
    };
    let origin = user
        .as_ref()
        .map_or(Origin::Anonymous(ip), Origin::User);
    let intake = build_intake(&state, origin, body.try_into()?, key).await?;
    let actor = user
        .as_ref()
        .map_or_else(|| "anonymous".to_owned(), |u| u.username.clone());
    let outcome = service::intake(&state, actor, intake).await?;
    let fresh = matches!(outcome, service::Intaken::New(_));
    let linked = matches!(outcome, service::Intaken::Linked(..));
    let body = match outcome {
        service::Intaken::New(c) => json!({
            "id": c.id,
            "tracking_code": c.tracking_code,
            "status": "open",
            "level": c.level,
            "grid_code": c.grid_code,
            "assignee": c.assignee,
            "due_at": c.due_at,
            "risk": {"level": c.risk.level, "score": c.risk.score, "reasons": c.risk.reasons},
        }),
        // A report linked to an earlier one learns only its own receipt, not the other case.
        service::Intaken::Linked(id, receipt) => json!({
            "id": id,
            "tracking_code": receipt,
            "status": "open",
            "linked": true,
        }),
        service::Intaken::Replayed(id) => {
            let row = cases::by_id(state.store.pool(), id)
                .await?
                .ok_or_else(|| ApiError::internal("case vanished after intake"))?;
            json!({
                "id": row.id,
                "tracking_code": row.tracking_code,
                "status": row.status,
                "level": row.level,
                "grid_code": row.grid_code,
                "assignee": row.assignee,
                "due_at": row.due_at,
                "risk": {"level": row.risk_level, "score": row.risk_score, "reasons": serde_json::from_str::<Value>(&row.risk_reasons).unwrap_or(Value::Null)},
                "linked": linked,
            })
        }
    };
    // A repeated report of the same thing is linked to the first: nothing new was created.
    let status = if linked {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let mut res = (status, Json(body)).into_response();
    if !fresh && !linked {
        res.headers_mut().insert(
            "idempotent-replayed",
            header::HeaderValue::from_static("true"),
        );
    }
    Ok(res)
}

pub async fn get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(read_case(&state, &user, parse_id(&id)?).await?))
}

pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<crate::mediation::service::CaseList>, ApiError> {
    let f = filter(&state, &user, &p).await?;
    Ok(Json(list_page(&state, &user, f).await?))
}

pub(crate) async fn respond(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(read_case(state, user, id).await?))
}

pub(crate) async fn current_level(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
) -> Result<i64, ApiError> {
    let scope = user.staff_scope()?;
    Ok(cases::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("案件 {id} 不存在或不在您的管辖范围内")))?
        .level)
}
