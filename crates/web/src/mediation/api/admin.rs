//! The mediation API's district side: the funnel, the placement policy, the mediator pool.

use crate::mediation::commands::named;
use fengqiao_core::mediation::MediatorKind;
use crate::error::ApiError;
use crate::extract::ScopedRegion;
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::mediation::commands::{
    funnel_scope, nonempty, required, FunnelParams, MediatorBody, MediatorParams,
};
use crate::mediation::service::{self};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use fengqiao_store::mediation::{self as cases};
use fengqiao_store::now_ms;
use serde_json::{json, Value};

pub async fn funnel(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<FunnelParams>,
) -> Result<Json<Value>, ApiError> {
    let (path, code, from, to) = funnel_scope(&state, &user, &p).await?;
    let levels = cases::funnel(state.store.stale_pool(), &path, from, to, now_ms()).await?;
    let items: Vec<Value> = levels
        .iter()
        .map(|l| {
            json!({
                "level": l.level,
                "label": fengqiao_core::mediation::level_label(u8::try_from(l.level).unwrap_or(4)),
                "entered": l.entered,
                "resolved": l.resolved,
                "escalated": l.escalated,
                "open": l.open,
                "referred": l.referred,
                "other": l.other(),
                "overdue": l.overdue,
                "median_days_to_resolve": l.median_days,
            })
        })
        .collect();
    Ok(Json(
        json!({"region": code, "from": from, "to": to, "levels": items}),
    ))
}

pub async fn get_policy(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    user.staff_scope()?;
    let (version, policy) = service::current_policy(&state.store).await?;
    Ok(Json(json!({"version": version, "policy": policy})))
}

/// Stores a new policy version; only the district coordinator and administrators may.
pub async fn put_policy(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("策略应为 UTF-8 编码的 JSON"))?;
    let (version, policy) = service::save_policy(&state, &user, text).await?;
    Ok(Json(json!({"version": version, "policy": policy})))
}

pub async fn mediators(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<MediatorParams>,
) -> Result<Json<Value>, ApiError> {
    let scope = user.staff_scope()?;
    let region = ScopedRegion::resolve(&state.atlas(), &scope, nonempty(&p.region))?;
    let pool = cases::mediators_for(state.store.pool(), &region.path).await?;
    let items: Vec<Value> = pool
        .into_iter()
        .map(|m| json!({"id": m.id, "name": m.name, "kind": m.kind, "organisation": m.organisation, "region_code": m.region_code}))
        .collect();
    Ok(Json(json!({"items": items})))
}

/// Adds a member to the joint-mediation pool (departments, lawyers, deputies, committee
/// members); town command centres for their town, the coordinator anywhere.
pub async fn add_mediator(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<MediatorBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let scope = user.staff_scope()?;
    if !matches!(
        user.role,
        fengqiao_core::Role::TownCommand
            | fengqiao_core::Role::DistrictCoordinator
            | fengqiao_core::Role::Admin
    ) {
        return Err(ApiError::forbidden(
            "只有镇街指挥中心和区政法委协调员可以管理调解员库",
        ));
    }
    let kind = named::<MediatorKind>(&b.kind)?.as_str().to_owned();
    let name = required(&b.name, "姓名", 50)?;
    let organisation: String = b.organisation.trim().chars().take(100).collect();
    let code = b.region_code.unwrap_or_else(|| scope.root().to_string());
    ScopedRegion::resolve(&state.atlas(), &scope, Some(&code))?;
    let actor = user.username.clone();
    let (n, k, o, c) = (
        name.clone(),
        kind.clone(),
        organisation.clone(),
        code.clone(),
    );
    let id = state
        .store
        .write(move |conn| {
            Box::pin(async move { cases::add_mediator(conn, &n, &k, &o, &c, &actor).await })
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"id": id, "name": name, "kind": kind, "organisation": organisation, "region_code": code}),
        ),
    ))
}
