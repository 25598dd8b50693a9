//! The forces API: teams and members, facilities, mandates, the coverage scorecard, and
//! deactivating an account (staff leave; the gap they leave shows at once).

use super::coverage::{self, MandateScore};
use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::forces::{FacilityKind, Mandate, TeamKind};
use fengqiao_core::{IdNumber, Phone, Role};
use fengqiao_store::forces::{self as store, NewMember, TeamRow};
use fengqiao_store::{accounts, audit};
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
}

/// The path of a region in the caller's scope (the scope's root when none is named).
pub async fn region_path(
    state: &AppState,
    user: &User,
    code: Option<&str>,
) -> Result<(String, String), ApiError> {
    let scope = user.staff_scope()?;
    let code = code
        .filter(|c| !c.is_empty())
        .map_or_else(|| scope.root().to_string(), str::to_owned);
    let row = crate::org::region_in_scope(state, scope.path(), &code).await?;
    Ok((row.path, row.level))
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

async fn team_in_scope(state: &AppState, user: &User, id: &str) -> Result<TeamRow, ApiError> {
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
    let (actor, tid) = (user.username.clone(), team.id.to_string());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let e = audit::Entry {
                    actor: &actor,
                    action: "team.read",
                    record_type: "team",
                    record_id: &tid,
                    detail: "",
                };
                audit::append(c, &e).await.map(|_| ())
            })
        })
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
    let username = b.username.filter(|u| !u.is_empty());
    if let Some(u) = &username {
        accounts::by_username(state.store.pool(), u)
            .await?
            .ok_or_else(|| ApiError::new(Code::Unprocessable, format!("账号 {u} 不存在")))?;
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
                "未知设施类型「{}」,应为 video_coverage 或 psychological_service_room",
                b.kind
            ),
        )
    })?;
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
) -> Result<Vec<MandateScore>, ApiError> {
    let (path, _) = region_path(state, user, region).await?;
    Ok(coverage::scorecard(&state.store, &path).await?)
}

pub async fn coverage(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<CoverageParams>,
) -> Result<Json<Value>, ApiError> {
    let card = scorecard_for(&state, &user, p.region.as_deref()).await?;
    Ok(Json(json!({"mandates": card})))
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
    let actor = user.username.clone();
    let version = state
        .store
        .write(move |c| {
            Box::pin(async move {
                fengqiao_store::versioned::add(c, fengqiao_store::forces::MANDATES, &body, &actor)
                    .await
            })
        })
        .await?;
    Ok(Json(json!({"version": version, "mandates": list})))
}

/// Ends an account (staff who leave): its sessions end and coverage counts drop at once.
pub async fn deactivate_account(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(username): Path<String>,
) -> Result<StatusCode, ApiError> {
    if !user.role.may_list_accounts() {
        return Err(ApiError::forbidden(
            "只有区政法委协调员和系统管理员可以停用账号",
        ));
    }
    let scope = user.staff_scope()?;
    let account = accounts::by_username(state.store.pool(), &username)
        .await?
        .filter(|a| scope.contains_path(&a.region_path))
        .ok_or_else(|| ApiError::not_found(format!("账号 {username} 不存在")))?;
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move { accounts::deactivate(c, &actor, &account.username).await })
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
    let report = super::roster::import(
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
