//! Facilities, the coverage scorecard and the district's mandates.

use super::{may_organise, region_path};
use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::forces::coverage::{self, MandateScore};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::forces::{FacilityKind, Mandate};
use fengqiao_store::forces::{self as store};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
pub struct FacilityBody {
    pub kind: String,
    pub name: String,
    pub region_code: String,
}

pub async fn add_facility(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<FacilityBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    if !may_organise(&user) {
        return Err(ApiError::forbidden("无权登记设施"));
    }
    let kind = FacilityKind::parse(&b.kind).ok_or_else(|| {
        ApiError::new(
            Code::Unprocessable,
            format!(
                "未知设施类型「{}」,应为 psychological_service_room",
                b.kind
            ),
        )
    })?;
    if kind == FacilityKind::VideoCoverage {
        // One place for cameras: the registry of the prevention area.
        return Err(ApiError::new(
            Code::Unprocessable,
            "视频监控请在「视频监控」中按设备编码登记摄像机(/api/v1/cameras)",
        ));
    }
    let name = b.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(ApiError::new(
            Code::Unprocessable,
            "设施名称不能为空,且不超过 60 字",
        ));
    }
    region_path(&state, &user, Some(&b.region_code)).await?;
    let (actor, code) = (user.username.clone(), b.region_code.clone());
    let id = state
        .store
        .write(move |c| {
            Box::pin(
                async move { store::add_facility(c, kind.as_str(), &name, &code, &actor).await },
            )
        })
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

#[derive(Deserialize, Default)]
pub struct CoverageParams {
    pub region: Option<String>,
}

pub async fn scorecard_for(
    state: &AppState,
    user: &User,
    region: Option<&str>,
) -> Result<std::sync::Arc<Vec<MandateScore>>, ApiError> {
    let (path, _) = region_path(state, user, region).await?;
    Ok(coverage::scorecard(&state.store, &path).await?)
}

pub async fn coverage(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<CoverageParams>,
) -> Result<Json<Value>, ApiError> {
    let card = scorecard_for(&state, &user, p.region.as_deref()).await?;
    Ok(Json(json!({"mandates": card.as_slice()})))
}

pub async fn get_mandates(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    user.staff_scope()?;
    let (version, mandates) = coverage::mandates(&state.store).await?;
    Ok(Json(json!({"version": version, "mandates": mandates})))
}

/// Replaces the mandates with a new version (coordinator and administrators).
pub async fn put_mandates(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(list): ApiJson<Vec<Mandate>>,
) -> Result<Json<Value>, ApiError> {
    if !user.role.may_list_accounts() {
        return Err(ApiError::forbidden(
            "只有区政法委协调员和系统管理员可以修改常态化要求",
        ));
    }
    let mut codes: Vec<&str> = list.iter().map(|m| m.code.as_str()).collect();
    codes.sort_unstable();
    if codes.windows(2).any(|w| w[0] == w[1])
        || list
            .iter()
            .any(|m| m.code.trim().is_empty() || m.name.trim().is_empty())
    {
        return Err(ApiError::new(
            Code::Unprocessable,
            "每条要求需要不重复的 code 和非空的 name",
        ));
    }
    let body = serde_json::to_string(&list).map_err(ApiError::internal)?;
    let version = fengqiao_store::versioned::save(
        &state.store,
        fengqiao_store::forces::MANDATES,
        body,
        &user.username,
    )
    .await?;
    Ok(Json(json!({"version": version, "mandates": list})))
}
