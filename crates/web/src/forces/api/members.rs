//! Team members: adding (one by one or from a roster workbook), ending membership, and
//! deactivating an account.

use super::{may_organise, team_in_scope};
use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::{IdNumber, Phone};
use fengqiao_store::accounts;
use fengqiao_store::forces::{self as store, NewMember};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
pub struct MemberBody {
    pub name: String,
    pub username: Option<String>,
    pub member_role: String,
    pub phone: Option<String>,
    #[serde(default)]
    pub id_number: Option<String>,
}

pub async fn add_member_to(
    state: &AppState,
    user: &User,
    id: &str,
    b: MemberBody,
) -> Result<i64, ApiError> {
    if !may_organise(user) {
        return Err(ApiError::forbidden("无权调整队伍成员"));
    }
    let team = team_in_scope(state, user, id).await?;
    let name = b.name.trim().to_owned();
    let role = b.member_role.trim().to_owned();
    if name.is_empty() || name.chars().count() > 50 || role.is_empty() || role.chars().count() > 50
    {
        return Err(ApiError::new(
            Code::Unprocessable,
            "成员姓名和队内职务不能为空,且不超过 50 字",
        ));
    }
    let phone = match b.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => Some(
            p.parse::<Phone>()
                .map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?
                .as_str()
                .to_owned(),
        ),
    };
    let username = b.username.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
    if let Some(u) = &username {
        // An account outside the caller's scope answers exactly like one that does not exist.
        let scope = user.staff_scope()?;
        accounts::by_username(state.store.pool(), u)
            .await?
            .filter(|a| a.active != 0 && scope.contains_path(&a.region_path))
            .ok_or_else(|| {
                ApiError::new(
                    Code::Unprocessable,
                    format!(
                        "账号 {} 不存在或不在您的管辖范围内",
                        u.chars().take(40).collect::<String>()
                    ),
                )
            })?;
    }
    let id_number = match b
        .id_number
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        None => None,
        Some(p) => Some(
            p.parse::<IdNumber>()
                .map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?
                .as_str()
                .to_owned(),
        ),
    };
    let member = NewMember {
        name,
        username,
        member_role: role,
        phone,
        id_number,
    };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move { store::add_member(c, team.id, &member, &actor).await })
        })
        .await?)
}

pub async fn add_member(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MemberBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let member = add_member_to(&state, &user, &id, b).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": member}))))
}

pub async fn end_member(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, member)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    if !may_organise(&user) {
        return Err(ApiError::forbidden("无权调整队伍成员"));
    }
    let team = team_in_scope(&state, &user, &id).await?;
    let member: i64 = member
        .parse()
        .map_err(|_| ApiError::bad_request("成员编号无效"))?;
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move { store::end_member(c, team.id, member, &actor).await })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
pub struct RosterParams {
    pub skip_bad: Option<bool>,
}

/// Imports members from an .xlsx roster (the request body). 200 with the report when written;
/// 422 with the bad rows when the file was refused.
pub async fn import_roster(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<RosterParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    if !may_organise(&user) {
        return Err(ApiError::forbidden("无权导入队伍名册"));
    }
    if body.is_empty() {
        return Err(ApiError::bad_request("请求体应为 .xlsx 文件"));
    }
    let report = crate::forces::roster::import(
        &state,
        Some(&user),
        body.to_vec(),
        p.skip_bad.unwrap_or(false),
    )
    .await?;
    let status = if report.written {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(json!(report))))
}

