//! Volunteer service's workflow: staff post positions in their place (what, where, when, how
//! many); residents sign up once each while seats are free; after the work, the staff who
//! posted it (or any staff over its place) confirm the hours served, which feed the results
//! list and each volunteer's own total.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::services::volunteering::{self as store, NewPosition, PositionRow};
use fengqiao_store::{now_ms, StoreError};
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PositionBody {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub place: String,
    pub grid_code: Option<String>,
    /// `2026-12-10T09:00`.
    pub starts: String,
    pub ends: String,
    pub seats: i64,
}

pub async fn post(state: &AppState, user: &User, b: PositionBody) -> Result<i64, ApiError> {
    let scope = user.staff_scope()?;
    let title = b.title.trim().to_owned();
    if !(2..=60).contains(&title.chars().count()) {
        return Err(unprocessable("岗位名称应为 2 到 60 字"));
    }
    let (starts_at, ends_at) = fengqiao_core::time::parse_instant(&b.starts)
        .zip(fengqiao_core::time::parse_instant(&b.ends))
        .ok_or_else(|| unprocessable("时间格式应为 2026-12-10T09:00"))?;
    if ends_at <= starts_at || ends_at - starts_at > 12 * 3_600_000 {
        return Err(unprocessable("结束时间须晚于开始时间,一次不超过 12 小时"));
    }
    if !(1..=500).contains(&b.seats) {
        return Err(unprocessable("名额应为 1 到 500 人"));
    }
    let grid_code = b.grid_code.clone().filter(|g| !g.trim().is_empty()).unwrap_or_else(|| user.region_code.clone());
    let region = state.atlas().get(grid_code.trim()).cloned().ok_or_else(|| unprocessable("没有这个地区编码"))?;
    if !scope.contains_path(&region.path) {
        return Err(unprocessable(format!("{} 不在您的管辖范围内", region.name)));
    }
    let new = NewPosition {
        title,
        description: b.description.trim().chars().take(1_000).collect(),
        place: b.place.trim().chars().take(100).collect(),
        grid_code: region.code.clone(),
        region_path: region.path.clone(),
        starts_at,
        ends_at,
        seats: b.seats,
        created_by: user.username.clone(),
        created_at: now_ms(),
    };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert(c, &new).await?;
                audit::append(c, &Entry { actor: &actor, action: "volunteer.post", record_type: "volunteer_position", record_id: &id.to_string(), detail: "" }).await?;
                Ok(id)
            })
        })
        .await?)
}

pub async fn position(state: &AppState, id: i64) -> Result<PositionRow, ApiError> {
    store::position(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这个志愿服务岗位"))
}

/// Signs the caller up; a second sign-up and a full position are refused (409).
pub async fn sign_up(state: &AppState, user: &User, id: i64) -> Result<(), ApiError> {
    let p = position(state, id).await?;
    if p.ends_at < now_ms() {
        return Err(ApiError::new(Code::Conflict, "这个岗位的服务时间已过"));
    }
    let (who, seats) = (user.username.clone(), p.seats);
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::sign_up(c, id, &who, seats, now_ms()).await?;
                audit::append(c, &Entry { actor: &who, action: "volunteer.sign_up", record_type: "volunteer_position", record_id: &id.to_string(), detail: "" }).await?;
                Ok(())
            })
        })
        .await;
    match done {
        Err(StoreError::Conflict(m)) if m.contains("volunteer_signups") => Err(ApiError::new(Code::Conflict, "您已报名这个岗位")),
        other => Ok(other?),
    }
}

/// Staff over the position's place confirm the hours a volunteer served.
pub async fn confirm(state: &AppState, user: &User, id: i64, username: &str, hours: f64) -> Result<(), ApiError> {
    let scope = user.staff_scope()?;
    let p = position(state, id).await?;
    if !scope.contains_path(&p.region_path) {
        return Err(ApiError::not_found("没有这个志愿服务岗位"));
    }
    if !(0.5..=12.0).contains(&hours) {
        return Err(unprocessable("服务时长应为 0.5 到 12 小时"));
    }
    let minutes = (hours * 60.0).round() as i64;
    let (actor, who) = (user.username.clone(), username.trim().to_owned());
    let found = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let found = store::confirm(c, id, &who, minutes, &actor, now_ms()).await?;
                if found {
                    audit::append(c, &Entry { actor: &actor, action: "volunteer.hours", record_type: "volunteer_position", record_id: &id.to_string(), detail: &format!("{who} {minutes}") }).await?;
                }
                Ok(found)
            })
        })
        .await?;
    if !found {
        return Err(unprocessable("这个人没有报名这个岗位"));
    }
    Ok(())
}
