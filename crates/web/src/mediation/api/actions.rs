//! The case actions API: sessions, escalation and hand-back, agreement, follow-ups, referral,
//! photos. Each parses its body into a command and calls the service.

use super::cases::{current_level, respond};
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiUser};
use crate::mediation::commands::{
    followup_action, parse_id, refer_action, required, session_action, AgreementBody, FollowUpBody,
    ReasonBody, ReferBody, SessionBody,
};
use crate::mediation::service::apply_agreement;
use crate::mediation::service::{self, ActionDetail};
use crate::mediation::views::CaseDetail;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fengqiao_core::mediation::Action;
use fengqiao_core::mediation::CaseEvent;
use fengqiao_store::mediation::{self as cases};
use serde_json::{json, Value};

pub async fn add_session(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SessionBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let level = current_level(&state, &user, id).await?;
    let (action, detail) = session_action(&user, &b, level)?;
    service::act(&state, &user, id, action, detail).await?;
    respond(&state, &user, id).await
}

pub async fn escalate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let reason = required(&b.reason, "上交理由", 1000)?;
    service::act(
        &state,
        &user,
        id,
        Action::Escalate,
        ActionDetail {
            reason,
            ..ActionDetail::default()
        },
    )
    .await?;
    respond(&state, &user, id).await
}

pub async fn handback(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let reason = required(&b.reason, "交回理由", 1000)?;
    let to = b
        .to_level
        .ok_or_else(|| ApiError::new(Code::Unprocessable, "需要 to_level(交回到第几级)"))?;
    service::act(
        &state,
        &user,
        id,
        Action::HandBack { to },
        ActionDetail {
            reason,
            ..ActionDetail::default()
        },
    )
    .await?;
    respond(&state, &user, id).await
}

/// Records the agreement on an open case; on an agreed case, updates its performance and
/// judicial confirmation (the application within 30 days of the agreement).
pub async fn agreement(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AgreementBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    apply_agreement(&state, &user, id, b).await?;
    respond(&state, &user, id).await
}

pub async fn followup(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<FollowUpBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let (action, detail) = followup_action(&b)?;
    service::act(&state, &user, id, action, detail).await?;
    respond(&state, &user, id).await
}

pub async fn refer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReferBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let (action, detail) = refer_action(&b)?;
    service::act(&state, &user, id, action, detail).await?;
    respond(&state, &user, id).await
}

/// Largest photo accepted.
pub async fn add_photo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = parse_id(&id)?;
    current_level(&state, &user, id).await?;
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if body.is_empty() {
        return Err(ApiError::bad_request("照片内容为空"));
    }
    if body.len() > crate::upload::MAX_PHOTO {
        return Err(ApiError::new(
            Code::PayloadTooLarge,
            format!("照片不能超过 {} MB", crate::upload::MAX_PHOTO / (1024 * 1024)),
        ));
    }
    let kind = crate::upload::sniff(&body).ok_or_else(|| {
        ApiError::new(Code::UnsupportedMediaType, "只接受 JPEG、PNG 或 WebP 照片")
    })?;
    if declared != kind {
        return Err(ApiError::new(
            Code::UnsupportedMediaType,
            format!("声明的类型 {declared} 与文件内容({kind})不符"),
        ));
    }
    let actor = user.username.clone();
    let data = body.to_vec();
    let photo = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let p = cases::add_photo(c, id, kind, &data, &actor).await?;
                cases::add_event(c, id, &actor, CaseEvent::PhotoAdded, (None, None), kind).await?;
                Ok(p)
            })
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": photo, "url": format!("/api/v1/disputes/{id}/photos/{photo}")})),
    ))
}

pub async fn get_photo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, photo)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    current_level(&state, &user, id).await?;
    let photo = parse_id(&photo)?;
    let (kind, data) = cases::photo(state.store.pool(), id, photo)
        .await?
        .ok_or_else(|| ApiError::not_found("照片不存在"))?;
    state
        .store
        .read_audited(
            &user.username,
            "dispute.photo_read",
            "dispute",
            &id.to_string(),
            &format!("照片 {photo}"),
        )
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        data,
    )
        .into_response())
}

/// `POST /api/v1/disputes/{id}/parties/{party}/phone`: one party's full phone for a call
/// back, audited.
pub async fn reveal_phone(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, party)): Path<(String, String)>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let (id, party) = (parse_id(&id)?, parse_id(&party)?);
    let (name, phone) = crate::mediation::service::reveal_phone(&state, &user, id, party).await?;
    Ok(axum::Json(
        serde_json::json!({"party": party, "name": name, "phone": phone}),
    ))
}
