//! Looking after accounts: the holder changes their password; an administrator turns an
//! account off or back on, forces a new password, or clears a lost second factor. Each is one
//! audited write; each ends the sessions it should.

use super::{password, policy, throttle, User};
use crate::error::{ApiError, Code};
use crate::session::token_hash;
use crate::AppState;
use axum::http::HeaderMap;
use fengqiao_core::Role;
use fengqiao_store::accounts::{self, AccountRow, PasswordSet};
use std::net::IpAddr;

/// Checks the signed-in user's password again before a sensitive change; wrong guesses count
/// like failed sign-ins, so a borrowed session cannot be used to find the password.
pub async fn confirm_password(
    state: &AppState,
    user: &User,
    ip: IpAddr,
    given: &str,
) -> Result<(), ApiError> {
    throttle::check(state, &user.username, ip).await?;
    let account = accounts::by_id(state.store.pool(), user.id)
        .await?
        .ok_or_else(|| ApiError::not_found("账号不存在"))?;
    if password::verify_async(account.password_hash, given.to_owned()).await {
        return Ok(());
    }
    throttle::failed(state, &user.username, ip).await?;
    Err(ApiError::new(Code::Unprocessable, "当前密码不正确"))
}

/// Hashes a password on the blocking pool.
async fn hash(new: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || password::hash(&new))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// The holder's own change: the current password, then a new acceptable one; every other
/// session of the account ends.
pub async fn change_password(
    state: &AppState,
    user: &User,
    headers: &HeaderMap,
    ip: IpAddr,
    current: &str,
    new: &str,
) -> Result<(), ApiError> {
    confirm_password(state, user, ip, current).await?;
    policy::acceptable(new, &user.username)
        .map_err(|m| ApiError::new(Code::Unprocessable, m))?;
    if current == new {
        return Err(ApiError::new(Code::Unprocessable, "新密码不能与当前密码相同"));
    }
    let phc = hash(new.to_owned()).await?;
    let keep = crate::session::credential(headers).map(token_hash);
    let name = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                accounts::set_password(c, &name, &name, &phc, PasswordSet::OwnChange, keep.as_deref())
                    .await
            })
        })
        .await?;
    Ok(())
}

/// An account the caller may act on: they hold the role the action needs, and the account
/// exists inside their scope (unknown and out-of-scope answer alike).
async fn managed(
    state: &AppState,
    admin: &User,
    username: &str,
    needs_admin: bool,
) -> Result<AccountRow, ApiError> {
    if needs_admin && admin.role != Role::Admin {
        return Err(ApiError::forbidden("只有系统管理员可以重置密码或动态验证码"));
    }
    if !admin.role.may_list_accounts() {
        return Err(ApiError::forbidden(
            "只有区政法委协调员和系统管理员可以停用或启用账号",
        ));
    }
    let scope = admin.staff_scope()?;
    accounts::by_username(state.store.pool(), username.trim())
        .await?
        .filter(|a| scope.contains_path(&a.region_path))
        .ok_or_else(|| ApiError::not_found(format!("账号「{}」不存在或不在您的管辖范围内", username.trim())))
}

/// What a coordinator or an administrator does to an account (clearing a second factor is
/// for administrators only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminAction {
    Deactivate,
    Reactivate,
    ResetTotp,
}

impl AdminAction {
    /// What the page says was done.
    pub fn done(self) -> &'static str {
        match self {
            AdminAction::Deactivate => "已停用,其登录已全部结束",
            AdminAction::Reactivate => "已重新启用",
            AdminAction::ResetTotp => "已清除动态验证码,其登录已全部结束;下次登录只需密码",
        }
    }
}

/// Applies an action to an account; returns the account's display name.
pub async fn apply(
    state: &AppState,
    admin: &User,
    username: &str,
    action: AdminAction,
) -> Result<String, ApiError> {
    let account = managed(state, admin, username, action == AdminAction::ResetTotp).await?;
    if action == AdminAction::Deactivate && account.id == admin.id {
        return Err(ApiError::new(Code::Conflict, "不能停用自己的账号"));
    }
    let (actor, target) = (admin.username.clone(), account.username.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                match action {
                    AdminAction::Deactivate => accounts::deactivate(c, &actor, &target).await,
                    AdminAction::Reactivate => accounts::reactivate(c, &actor, &target).await,
                    AdminAction::ResetTotp => accounts::reset_totp(c, &actor, &target).await,
                }
            })
        })
        .await
        .map_err(|e| match e {
            fengqiao_store::StoreError::NotFound if action == AdminAction::Reactivate => {
                ApiError::new(Code::Conflict, "该账号本来就在用")
            }
            e => e.into(),
        })?;
    Ok(account.name)
}

/// Forces a new password: a temporary one, shown once to the administrator, which the holder
/// must replace at their next sign-in; the account's sessions end.
pub async fn reset_password(
    state: &AppState,
    admin: &User,
    username: &str,
) -> Result<(String, String), ApiError> {
    let account = managed(state, admin, username, true).await?;
    let temporary = temporary_password();
    let phc = hash(temporary.clone()).await?;
    let (actor, target) = (admin.username.clone(), account.username.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                accounts::set_password(c, &actor, &target, &phc, PasswordSet::AdminReset, None)
                    .await
            })
        })
        .await?;
    Ok((account.name, temporary))
}

/// Twelve characters from an alphabet without look-alikes (no 0/O, 1/l/I), ~70 bits.
fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789";
    (0..12)
        .map(|_| ALPHABET[rand::random::<usize>() % ALPHABET.len()] as char)
        .collect()
}

/// Paths a holder who must change their password may still reach: the change itself, who
/// they are, and signing out.
pub fn allowed_before_change(path: &str) -> bool {
    matches!(
        path,
        "/account" | "/account/password" | "/logout" | "/api/v1/me" | "/api/v1/me/password"
            | "/api/v1/auth/logout"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_password_passes_the_policy_and_differs_each_time() {
        let a = temporary_password();
        assert_eq!(a.chars().count(), 12);
        assert!(policy::acceptable(&a, "gw0001").is_ok());
        assert_ne!(a, temporary_password());
    }
}
