//! Family rules' workflow: a resident submits their household's rules (community staff a
//! village's), the community's staff publish or return them with a note, mark a household's
//! rules hung when they see them on the wall, and keep the community's number of households.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::culture::{Review, RuleKind};
use fengqiao_core::{Level, Role};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::culture::rules::{self as store, NewRule, RuleRow};
use fengqiao_store::now_ms;
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

#[derive(Debug, Clone, Deserialize)]
pub struct RuleBody {
    pub kind: String,
    /// The household (王家) or the village.
    pub household: String,
    pub text: String,
    /// Where it hangs: a grid (default: the submitter's own place).
    pub grid_code: Option<String>,
}

pub async fn submit(state: &AppState, user: &User, b: RuleBody) -> Result<i64, ApiError> {
    let kind: RuleKind = b.kind.parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    if kind == RuleKind::Village && !matches!(user.role, Role::CommunityStaff | Role::GridWorker) {
        return Err(ApiError::forbidden("村规民约由村(社区)工作人员提交"));
    }
    let household = b.household.trim().to_owned();
    if !(2..=40).contains(&household.chars().count()) {
        return Err(unprocessable("户名(或村名)应为 2 到 40 字"));
    }
    let text = b.text.trim().to_owned();
    if !(8..=3_000).contains(&text.chars().count()) {
        return Err(unprocessable("内容应为 8 到 3000 字"));
    }
    let code = b.grid_code.as_deref().map(str::trim).filter(|g| !g.is_empty()).unwrap_or(&user.region_code).to_owned();
    let region = state.atlas().get(&code).cloned().ok_or_else(|| unprocessable("没有这个地区编码"))?;
    if user.role.is_staff() && user.scope().is_some_and(|s| !s.contains_path(&region.path)) {
        return Err(unprocessable(format!("{} 不在您的管辖范围内", region.name)));
    }
    let who = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let r = NewRule { kind: kind.as_str(), household: &household, text: &text, grid_code: &region.code, region_path: &region.path, by: &who, now: now_ms() };
                let id = store::submit(c, &r).await?;
                audit::append(c, &Entry { actor: &who, action: "rules.submit", record_type: "family_rules", record_id: &id.to_string(), detail: &household }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// A submission the caller may act on: community staff and grid workers over its place.
pub async fn in_scope(state: &AppState, user: &User, id: i64) -> Result<RuleRow, ApiError> {
    let scope = user.staff_scope()?;
    let r = store::get(state.store.pool(), id).await?.filter(|r| scope.contains_path(&r.region_path));
    let r = r.ok_or_else(|| ApiError::not_found("没有这份家规家训"))?;
    if !matches!(user.role, Role::CommunityStaff | Role::GridWorker) {
        return Err(ApiError::forbidden("家规家训由社区(村)工作人员或网格员审核"));
    }
    Ok(r)
}

pub async fn review(state: &AppState, user: &User, id: i64, publish: bool, note: &str) -> Result<(), ApiError> {
    in_scope(state, user, id).await?;
    let note = note.trim().chars().take(300).collect::<String>();
    if !publish && note.chars().count() < 4 {
        return Err(unprocessable("退回请写明修改意见(至少 4 字)"));
    }
    let to = if publish { Review::Published } else { Review::Returned };
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::review(c, id, to.as_str(), &who, &note, now_ms()).await?;
                if done {
                    audit::append(c, &Entry { actor: &who, action: "rules.review", record_type: "family_rules", record_id: &id.to_string(), detail: to.as_str() }).await?;
                }
                Ok(done)
            })
        })
        .await?;
    if !done {
        return Err(ApiError::new(Code::Conflict, "这份家规家训已经审核过"));
    }
    Ok(())
}

/// Staff who saw the rules on the household's wall record it.
pub async fn hung(state: &AppState, user: &User, id: i64) -> Result<(), ApiError> {
    in_scope(state, user, id).await?;
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::hung(c, id, now_ms()).await?;
                if done {
                    audit::append(c, &Entry { actor: &who, action: "rules.hung", record_type: "family_rules", record_id: &id.to_string(), detail: "" }).await?;
                }
                Ok(done)
            })
        })
        .await?;
    if !done {
        return Err(ApiError::new(Code::Conflict, "只有已发布、尚未登记悬挂的家规家训可以登记悬挂"));
    }
    Ok(())
}

/// Community staff keep their community's number of households.
pub async fn households(state: &AppState, user: &User, community: &str, n: i64) -> Result<(), ApiError> {
    let scope = user.staff_scope()?;
    let region = state.atlas().get(community.trim()).cloned().filter(|r| r.level == Level::Community && scope.contains_path(&r.path));
    let region = region.ok_or_else(|| ApiError::not_found("您管辖范围内没有这个社区(村)"))?;
    if !matches!(user.role, Role::CommunityStaff | Role::DistrictCoordinator) {
        return Err(ApiError::forbidden("户数由社区(村)工作人员登记"));
    }
    if !(1..=100_000).contains(&n) {
        return Err(unprocessable("户数应为 1 到 100000"));
    }
    let who = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::set_households(c, &region.code, &region.path, n, &who, now_ms()).await?;
                audit::append(c, &Entry { actor: &who, action: "rules.households", record_type: "region", record_id: &region.code, detail: &n.to_string() }).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}
