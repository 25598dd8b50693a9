//! Drills over JSON, and the response plans they change.

use super::service::{self, Finding, Plan};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser};
use crate::people::Names;
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::emergency::drill::DrillKind;
use fengqiao_core::emergency::incident::IncidentKind;
use fengqiao_core::time::{day, minute};
use fengqiao_core::Role;
use fengqiao_store::emergency::drills::{self as store, DrillRow, FindingRow};
use fengqiao_store::emergency::{incidents, plans};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub id: i64,
    pub finding: String,
    pub step_title: String,
    pub owner_label: &'static str,
    pub assignee: Option<String>,
    pub due: String,
    pub applied: Option<String>,
}

fn finding(f: FindingRow, names: &Names) -> FindingView {
    FindingView {
        owner_label: Role::parse(&f.owner_role).map_or("", Role::label),
        assignee: f.assignee.as_deref().map(|a| names.of(a)),
        due: day(f.due_at),
        applied: f.applied_at.map(minute),
        id: f.id,
        finding: f.finding,
        step_title: f.step_title,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DrillView {
    pub id: i64,
    /// Always true: a drill and everything done in it is an exercise.
    pub exercise: bool,
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    pub scenario: String,
    pub plan_kind: String,
    pub plan_label: &'static str,
    pub teams: String,
    pub grid_name: String,
    pub held: String,
    pub evaluation: String,
    pub timeline: Vec<(String, String, String)>,
    pub findings: Vec<FindingView>,
    /// The incidents it played, as `(id, title)`.
    pub incidents: Vec<(i64, String)>,
}

fn summary(state: &AppState, d: DrillRow) -> DrillView {
    DrillView {
        exercise: true,
        kind_label: DrillKind::parse(&d.kind).map_or("演练", DrillKind::label),
        plan_label: IncidentKind::parse(&d.plan_kind).map_or("", IncidentKind::label),
        grid_name: state.atlas().get(&d.grid_code).map_or_else(|| d.grid_code.clone(), |g| g.name.clone()),
        held: minute(d.held_at),
        timeline: Vec::new(),
        findings: Vec::new(),
        incidents: Vec::new(),
        id: d.id,
        kind: d.kind,
        title: d.title,
        scenario: d.scenario,
        plan_kind: d.plan_kind,
        teams: d.teams,
        evaluation: d.evaluation,
    }
}

pub async fn detail(state: &AppState, user: &User, id: i64) -> Result<DrillView, ApiError> {
    let d = service::visible(state, user, id).await?;
    let pool = state.store.pool();
    let timeline = store::timeline(pool, id).await?;
    let findings = store::findings(pool, id).await?;
    let names = crate::people::names(state, timeline.iter().map(|t| t.2.as_str()).chain(findings.iter().filter_map(|f| f.assignee.as_deref()))).await?;
    let played = incidents::list(pool, &d.region_path, false, 1_000).await?;
    let mut v = summary(state, d);
    v.timeline = timeline.into_iter().map(|(at, text, actor)| (minute(at), text, names.of(&actor))).collect();
    v.findings = findings.into_iter().map(|f| finding(f, &names)).collect();
    v.incidents = played.into_iter().filter(|i| i.drill_id == Some(id)).map(|i| (i.id, i.title)).collect();
    Ok(v)
}

pub async fn visible_list(state: &AppState, user: &User) -> Result<Vec<DrillView>, ApiError> {
    let Some(scope) = user.scope() else {
        return Ok(Vec::new());
    };
    Ok(store::list(state.store.pool(), scope.path(), 200).await?.into_iter().map(|d| summary(state, d)).collect())
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<DrillView>>, ApiError> {
    if !user.role.is_staff() {
        return Err(ApiError::forbidden("演练记录只对工作人员开放"));
    }
    Ok(Json(visible_list(&state, &user).await?))
}

pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(p): ApiJson<Plan>) -> Result<(StatusCode, Json<DrillView>), ApiError> {
    let id = service::create(&state, &user, p).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &user, id).await?)))
}

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<DrillView>, ApiError> {
    Ok(Json(detail(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct TextBody {
    pub text: String,
}

pub async fn timeline(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<TextBody>) -> Result<(StatusCode, Json<DrillView>), ApiError> {
    service::add_timeline(&state, &user, id, &b.text).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &user, id).await?)))
}

pub async fn evaluation(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<TextBody>) -> Result<Json<DrillView>, ApiError> {
    service::evaluate(&state, &user, id, &b.text).await?;
    Ok(Json(detail(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct PlayBody {
    pub severity: String,
}

pub async fn play(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<PlayBody>) -> Result<(StatusCode, Json<Value>), ApiError> {
    let incident = service::play(&state, &user, id, &b.severity).await?;
    Ok((StatusCode::CREATED, Json(json!({ "incident_id": incident, "exercise": true, "url": format!("/incidents/{incident}") }))))
}

pub async fn add_finding(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(f): ApiJson<Finding>) -> Result<(StatusCode, Json<DrillView>), ApiError> {
    service::add_finding(&state, &user, id, f).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &user, id).await?)))
}

pub async fn apply(State(state): State<AppState>, ApiUser(user): ApiUser, Path((id, finding)): Path<(i64, i64)>) -> Result<Json<DrillView>, ApiError> {
    service::apply(&state, &user, id, finding).await?;
    Ok(Json(detail(&state, &user, id).await?))
}

/// A response plan with its steps; a step a drill added names the drill.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    pub version: i64,
    pub updated: String,
    pub steps: Vec<PlanStepView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanStepView {
    pub seq: i64,
    pub title: String,
    pub owner_label: &'static str,
    pub drill_id: Option<i64>,
    /// "由演练「…」新增" when a drill's finding added it.
    pub from_drill: Option<String>,
}

pub async fn plan_views(state: &AppState) -> Result<Vec<PlanView>, ApiError> {
    let pool = state.store.pool();
    let mut out = Vec::new();
    for p in plans::all(pool).await? {
        let steps = plans::steps(pool, p.id).await?;
        out.push(PlanView {
            kind_label: IncidentKind::parse(&p.kind).map_or("", IncidentKind::label),
            updated: day(p.updated_at),
            steps: steps
                .into_iter()
                .map(|s| PlanStepView {
                    owner_label: Role::parse(&s.owner_role).map_or("", Role::label),
                    from_drill: s.drill_title.map(|t| format!("由演练「{t}」新增")),
                    drill_id: s.drill_id,
                    seq: s.seq,
                    title: s.title,
                })
                .collect(),
            kind: p.kind,
            title: p.title,
            version: p.version,
        });
    }
    Ok(out)
}

pub async fn plans_list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<PlanView>>, ApiError> {
    if !user.role.is_staff() {
        return Err(ApiError::forbidden("应急预案只对工作人员开放"));
    }
    Ok(Json(plan_views(&state).await?))
}

pub async fn plan(State(state): State<AppState>, ApiUser(user): ApiUser, Path(kind): Path<String>) -> Result<Json<PlanView>, ApiError> {
    if !user.role.is_staff() {
        return Err(ApiError::forbidden("应急预案只对工作人员开放"));
    }
    plan_views(&state).await?.into_iter().find(|p| p.kind == kind).map(Json).ok_or_else(|| ApiError::not_found("没有这类事件的预案"))
}
