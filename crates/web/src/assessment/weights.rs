//! The weights: each indicator's default until the coordinator stores a version of their own.

use crate::assessment::indicators;
use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::AppState;
use fengqiao_store::assessment::WEIGHTS;
use fengqiao_store::StoreError;
use std::collections::BTreeMap;

/// The default weights: each indicator's own.
pub fn default_weights(state: &AppState) -> BTreeMap<String, f64> {
    indicators(state)
        .into_iter()
        .map(|i| (i.code.to_owned(), i.default_weight))
        .collect()
}

pub async fn weights(state: &AppState) -> Result<(i64, BTreeMap<String, f64>), StoreError> {
    match fengqiao_store::versioned::current(state.store.pool(), WEIGHTS).await? {
        Some((v, body)) => Ok((
            v,
            serde_json::from_str(&body).map_err(|e| StoreError::Invalid(e.to_string()))?,
        )),
        None => Ok((0, default_weights(state))),
    }
}

/// Checks and stores new weights (coordinator and administrators).
pub async fn store_weights(
    state: &AppState,
    user: &User,
    w: BTreeMap<String, f64>,
) -> Result<i64, ApiError> {
    if !user.role.may_list_accounts() {
        return Err(ApiError::forbidden(
            "只有区政法委协调员和系统管理员可以设置考核权重",
        ));
    }
    for (k, v) in &w {
        if !indicators(state).iter().any(|i| i.code == k) {
            return Err(ApiError::new(
                Code::Unprocessable,
                format!("未知指标「{k}」"),
            ));
        }
        if !v.is_finite() || !(0.0..=100.0).contains(v) {
            return Err(ApiError::new(
                Code::Unprocessable,
                format!("指标「{k}」的权重应为 0 到 100"),
            ));
        }
    }
    if w.values().sum::<f64>() <= 0.0 {
        return Err(ApiError::new(
            Code::Unprocessable,
            "至少一项指标的权重应大于 0",
        ));
    }
    let body = serde_json::to_string(&w).map_err(ApiError::internal)?;
    Ok(fengqiao_store::versioned::save(&state.store, WEIGHTS, body, &user.username).await?)
}
