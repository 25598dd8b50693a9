//! The account directory, for the district coordinator and administrators, and what an
//! administrator does to an account (turn off, turn on, force a new password, clear a lost
//! second factor). Phones are masked and every read of the directory is audited.

use super::regions::{page_size, Page};
use crate::auth::manage::{self, AdminAction};
use crate::auth::User;
use crate::error::ApiError;
use crate::extract::{ApiQuery, ApiUser};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::{Phone, RegionCode, Role};
use fengqiao_store::accounts;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Deserialize, Default)]
pub struct ListParams {
    pub role: Option<String>,
    pub region: Option<String>,
    /// The start of a username or a name.
    pub q: Option<String>,
    pub page_size: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Serialize)]
pub struct AccountItem {
    pub username: String,
    pub name: String,
    pub role: String,
    pub role_label: &'static str,
    pub region_code: String,
    pub region_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub active: bool,
    pub totp_enabled: bool,
    pub must_change_password: bool,
}

/// A page of the directory inside the caller's scope; the read is audited.
pub async fn directory(
    state: &AppState,
    user: &User,
    p: &ListParams,
) -> Result<Page<AccountItem>, ApiError> {
    if !user.role.may_list_accounts() {
        return Err(ApiError::forbidden(
            "只有区政法委协调员和系统管理员可以查看账号名录",
        ));
    }
    let scope = user.staff_scope()?;
    let role = match p.role.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(r) => Some(
            r.parse::<Role>()
                .map_err(|e| ApiError::bad_request(e.to_string()))?,
        ),
    };
    let atlas = state.atlas();
    let within = match p.region.as_deref().filter(|s| !s.is_empty()) {
        None => scope.path().to_owned(),
        Some(code) => {
            let code: RegionCode =
                code.parse()
                    .map_err(|e: fengqiao_core::region::CodeError| {
                        ApiError::bad_request(e.to_string())
                    })?;
            crate::extract::ScopedRegion::resolve(&atlas, &scope, Some(code.as_str()))?.path
        }
    };
    let limit = page_size(p.page_size.as_deref())?;
    let prefix = p.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let q = accounts::ListQuery {
        within_path: &within,
        role: role.map(Role::as_str),
        prefix,
        after_username: p.cursor.as_deref().filter(|s| !s.is_empty()),
        limit: limit + 1,
    };
    let (mut rows, total) = accounts::list(state.store.pool(), &q).await?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.username.clone())
    } else {
        None
    };
    let detail = format!(
        "role={} within={within} q={} count={}",
        role.map(Role::as_str).unwrap_or("*"),
        prefix.unwrap_or(""),
        rows.len()
    );
    state
        .store
        .read_audited(&user.username, "accounts.read", "account", "*", &detail)
        .await?;
    let items = rows
        .into_iter()
        .map(|a| AccountItem {
            phone: a
                .phone
                .as_deref()
                .and_then(|p| p.parse::<Phone>().ok())
                .map(|p| p.masked()),
            role_label: a.role.parse::<Role>().map_or("未知角色", Role::label),
            region_name: atlas
                .get(&a.region_code)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            active: a.active != 0,
            totp_enabled: a.totp_enabled != 0,
            must_change_password: a.must_change_password != 0,
            username: a.username,
            name: a.name,
            role: a.role,
            region_code: a.region_code,
            department: a.department,
        })
        .collect();
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}

pub async fn api_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<Page<AccountItem>>, ApiError> {
    Ok(Json(directory(&state, &user, &p).await?))
}

/// The action named by the last path segment.
pub fn action(name: &str) -> Result<AdminAction, ApiError> {
    match name {
        "deactivate" => Ok(AdminAction::Deactivate),
        "reactivate" => Ok(AdminAction::Reactivate),
        "totp-reset" => Ok(AdminAction::ResetTotp),
        _ => Err(ApiError::not_found(format!("没有「{name}」这项账号操作"))),
    }
}

/// The account actions' API: 204 when done (deactivation answered so before the others
/// existed).
async fn api_act(
    state: AppState,
    user: User,
    username: String,
    action: AdminAction,
) -> Result<StatusCode, ApiError> {
    manage::apply(&state, &user, &username, action).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/accounts/{username}/deactivate`.
pub async fn api_deactivate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(username): Path<String>,
) -> Result<StatusCode, ApiError> {
    api_act(state, user, username, AdminAction::Deactivate).await
}

/// `POST /api/v1/accounts/{username}/reactivate`.
pub async fn api_reactivate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(username): Path<String>,
) -> Result<StatusCode, ApiError> {
    api_act(state, user, username, AdminAction::Reactivate).await
}

/// `POST /api/v1/accounts/{username}/totp-reset`.
pub async fn api_totp_reset(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(username): Path<String>,
) -> Result<StatusCode, ApiError> {
    api_act(state, user, username, AdminAction::ResetTotp).await
}

/// `POST /api/v1/accounts/{username}/password-reset`: the temporary password is in this
/// answer only.
pub async fn api_reset_password(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(username): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (name, temporary) = manage::reset_password(&state, &user, &username).await?;
    Ok(Json(json!({
        "username": username,
        "temporary_password": temporary,
        "message": format!("{name}({username})的密码已重置;请把临时密码当面或电话告知本人,登录后须立即修改"),
    })))
}
