//! The four forces' API: teams in scope, their members and rosters, facilities, the
//! district's mandates and the coverage they give.

mod mandates;
mod members;

pub use mandates::CoverageParams;
pub use mandates::{add_facility, coverage, get_mandates, put_mandates, scorecard_for};
pub use members::{
    add_member, add_member_to, end_member, import_roster, MemberBody,
};

use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::forces::TeamKind;
use fengqiao_core::{IdNumber, Phone, Role};
use fengqiao_store::forces::{self as store, TeamRow};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Who may organise teams: community staff below their community, town centres, the
/// coordinator and administrators.
pub fn may_organise(user: &User) -> bool {
    matches!(
        user.role,
        Role::CommunityStaff | Role::TownCommand | Role::DistrictCoordinator | Role::Admin
    )
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub force: String,
    pub force_label: &'static str,
    pub region_code: String,
    pub members: i64,
}

pub fn view(t: TeamRow) -> TeamView {
    let kind = TeamKind::parse(&t.kind);
    TeamView {
        kind_label: kind.map_or("", TeamKind::label),
        force_label: kind.map_or("", |k| k.force().label()),
        id: t.id,
        name: t.name,
        kind: t.kind,
        force: t.force,
        region_code: t.region_code,
        members: t.members,
    }
}

#[derive(Deserialize, Default)]
pub struct TeamParams {
    pub region: Option<String>,
    pub kind: Option<String>,
    /// Words of a team's name (page only).
    pub q: Option<String>,
    /// The page, from 1 (page only).
    pub page: Option<usize>,
}

/// The path of a region in the caller's scope (the scope's root when none is named).
pub async fn region_path(
    state: &AppState,
    user: &User,
    code: Option<&str>,
) -> Result<(String, String), ApiError> {
    let scope = user.staff_scope()?;
    let r = crate::extract::ScopedRegion::resolve(&state.atlas(), &scope, code)?;
    Ok((r.path, r.level.as_str().to_owned()))
}

pub async fn list_teams(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<TeamParams>,
) -> Result<Json<Value>, ApiError> {
    let (path, _) = region_path(&state, &user, p.region.as_deref()).await?;
    let kind = match p.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(
            TeamKind::parse(k)
                .ok_or_else(|| ApiError::bad_request(format!("未知队伍类型「{k}」")))?
                .as_str(),
        ),
    };
    let items: Vec<TeamView> = store::teams(state.store.pool(), &path, kind)
        .await?
        .into_iter()
        .map(view)
        .collect();
    Ok(Json(json!({"total": items.len(), "items": items})))
}

#[derive(Deserialize)]
pub struct TeamBody {
    pub name: String,
    pub kind: String,
    pub region_code: String,
}

/// Creates a team at the level its kind belongs to, inside the caller's scope.
pub async fn create(state: &AppState, user: &User, b: TeamBody) -> Result<i64, ApiError> {
    if !may_organise(user) {
        return Err(ApiError::forbidden(
            "只有社区工作人员、镇街指挥中心和区政法委可以组建队伍",
        ));
    }
    let kind = TeamKind::parse(&b.kind).ok_or_else(|| {
        let names: Vec<&str> = TeamKind::ALL.iter().map(|k| k.as_str()).collect();
        ApiError::new(
            Code::Unprocessable,
            format!("未知队伍类型「{}」,应为:{}", b.kind, names.join("、")),
        )
    })?;
    let name = b.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(ApiError::new(
            Code::Unprocessable,
            "队伍名称不能为空,且不超过 60 字",
        ));
    }
    let (_, level) = region_path(state, user, Some(&b.region_code)).await?;
    if level != kind.level().as_str() {
        return Err(ApiError::new(
            Code::Unprocessable,
            format!("{}应建在{}一级", kind.label(), kind.level().label()),
        ));
    }
    let (actor, code) = (user.username.clone(), b.region_code.clone());
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::add_team(
                    c,
                    &name,
                    kind.as_str(),
                    kind.force().as_str(),
                    &code,
                    &actor,
                )
                .await
            })
        })
        .await?)
}

pub async fn create_team(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<TeamBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = create(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

pub(crate) async fn team_in_scope(
    state: &AppState,
    user: &User,
    id: &str,
) -> Result<TeamRow, ApiError> {
    let scope = user.staff_scope()?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request("队伍编号无效"))?;
    store::team_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("队伍 {id} 不存在或不在您的管辖范围内")))
}

/// A team with its members (phones masked); the read is audited.
pub async fn team_detail(
    state: &AppState,
    user: &User,
    id: &str,
) -> Result<(TeamView, Vec<Value>), ApiError> {
    let team = team_in_scope(state, user, id).await?;
    let members = store::members(state.store.pool(), team.id).await?;
    state
        .store
        .read_audited(
            &user.username,
            "team.read",
            "team",
            &team.id.to_string(),
            "",
        )
        .await?;
    let members = members
        .into_iter()
        .map(|m| {
            json!({
                "id": m.id, "name": m.name, "username": m.username, "member_role": m.member_role,
                "phone": m.phone.as_deref().and_then(|p| p.parse::<Phone>().ok()).map(|p| p.masked()),
                "id_number": m.id_number.as_deref().and_then(|p| p.parse::<IdNumber>().ok()).map(|p| p.masked()),
                "active_from": m.active_from, "active_to": m.active_to,
            })
        })
        .collect();
    Ok((view(team), members))
}

pub async fn get_team(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (team, members) = team_detail(&state, &user, &id).await?;
    Ok(Json(json!({"team": team, "members": members})))
}
