//! The account directory, for the district coordinator and administrators. Phones are masked
//! and every read is written to the audit log.

use super::regions::{page_size, Page};
use crate::error::ApiError;
use crate::extract::{ApiQuery, ApiUser};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use fengqiao_core::{Phone, RegionCode, Role};
use fengqiao_store::accounts;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct ListParams {
    role: Option<String>,
    region: Option<String>,
    page_size: Option<String>,
    cursor: Option<String>,
}

#[derive(Serialize)]
pub struct AccountItem {
    username: String,
    name: String,
    role: String,
    region_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
}

pub async fn api_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<Page<AccountItem>>, ApiError> {
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
    let within = match p.region.as_deref().filter(|s| !s.is_empty()) {
        None => scope.path().to_owned(),
        Some(code) => {
            let code: RegionCode =
                code.parse()
                    .map_err(|e: fengqiao_core::region::CodeError| {
                        ApiError::bad_request(e.to_string())
                    })?;
            crate::extract::ScopedRegion::resolve(&state.atlas(), &scope, Some(code.as_str()))?.path
        }
    };
    let limit = page_size(p.page_size.as_deref())?;
    let q = accounts::ListQuery {
        within_path: &within,
        role: role.map(Role::as_str),
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
        "role={} within={within} count={}",
        role.map(Role::as_str).unwrap_or("*"),
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
            username: a.username,
            name: a.name,
            role: a.role,
            region_code: a.region_code,
            department: a.department,
        })
        .collect();
    Ok(Json(Page {
        items,
        total,
        next_cursor,
    }))
}
