//! Drills: record one (the command centres and the police), play its incident (opened as an
//! exercise), write its timeline and evaluation, and record findings — each a step its
//! response plan lacks, given to the town's command centre and, once applied, shown on the
//! plan with the drill that found it.

use crate::emergency::incidents::service::{self as incidents, named, Report};
use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::emergency::drill::{DrillKind, FINDING_DAYS};
use fengqiao_core::emergency::incident::{may_command, Command, IncidentKind};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Role;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::emergency::drills::{self as store, DrillRow, NewDrill};
use fengqiao_store::emergency::plans;
use fengqiao_store::{accounts, inbox, now_ms, StoreError};
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// Who organises drills: the command centres and the station's leaders.
pub fn may_organise(role: Role) -> bool {
    may_command(role, Command::Town) || role == Role::StationLeader
}

fn words(text: &str, what: &str, max: usize) -> Result<String, ApiError> {
    let t = text.trim().to_owned();
    if !(2..=max).contains(&t.chars().count()) {
        return Err(unprocessable(format!("{what}应为 2 到 {max} 字")));
    }
    Ok(t)
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Plan {
    pub kind: String,
    pub title: String,
    pub scenario: String,
    /// The kind of incident whose response plan the drill tests.
    pub plan_kind: String,
    #[serde(default)]
    pub teams: String,
    pub grid_code: String,
    /// ISO 8601, or a day.
    pub held_at: String,
}

pub async fn create(state: &AppState, user: &User, p: Plan) -> Result<i64, ApiError> {
    if !may_organise(user.role) {
        return Err(ApiError::forbidden("演练由指挥中心或派出所组织"));
    }
    let kind: DrillKind = named(&p.kind)?;
    let plan_kind: IncidentKind = named(&p.plan_kind)?;
    let grid = crate::org::place::resolve(&state.atlas(), None, Some(&p.grid_code), None)?.grid;
    if !user.scope().is_some_and(|s| s.contains_path(&grid.path)) {
        return Err(unprocessable(format!("{} 不在您的管辖范围内", grid.name)));
    }
    let held_at = fengqiao_core::time::parse_instant(&p.held_at).ok_or_else(|| unprocessable("演练时间应为日期或 ISO 8601 时间"))?;
    let now = now_ms();
    let new = NewDrill {
        kind: kind.as_str().into(),
        title: words(&p.title, "演练名称", 80)?,
        scenario: words(&p.scenario, "演练场景", 5_000)?,
        plan_kind: plan_kind.as_str().into(),
        teams: p.teams.trim().chars().take(500).collect(),
        grid_code: grid.code.clone(),
        region_path: grid.path.clone(),
        held_at,
        created_by: user.username.clone(),
        created_at: now,
    };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                incidents::plan_steps(c, plan_kind, now).await?;
                let id = store::insert(c, &new).await?;
                audit::append(c, &Entry { actor: &actor, action: "drill.create", record_type: "drill", record_id: &id.to_string(), detail: &new.kind }).await?;
                Ok(id)
            })
        })
        .await?)
}

pub async fn visible(state: &AppState, user: &User, id: i64) -> Result<DrillRow, ApiError> {
    store::by_id(state.store.pool(), id)
        .await?
        .filter(|d| user.scope().is_some_and(|s| s.contains_path(&d.region_path)))
        .ok_or_else(|| ApiError::not_found("没有这次演练,或您无权查看"))
}

async fn organised(state: &AppState, user: &User, id: i64) -> Result<DrillRow, ApiError> {
    let d = visible(state, user, id).await?;
    if !may_organise(user.role) {
        return Err(ApiError::forbidden("演练由指挥中心或派出所组织"));
    }
    Ok(d)
}

/// Plays the drill's incident: opened as an exercise, with the plan under test as checklist.
pub async fn play(state: &AppState, user: &User, id: i64, severity: &str) -> Result<i64, ApiError> {
    let d = organised(state, user, id).await?;
    let report = Report {
        kind: d.plan_kind.clone(),
        severity: severity.to_owned(),
        title: format!("演练:{}", d.title),
        description: d.scenario.clone(),
        lon: None,
        lat: None,
        grid_code: Some(d.grid_code.clone()),
    };
    let incident = incidents::open(state, user, report, Some(id)).await?;
    let actor = user.username.clone();
    state
        .store
        .write(move |c| Box::pin(async move { store::add_timeline(c, id, now_ms(), &format!("启动演练事件 #{incident}"), &actor).await }))
        .await?;
    Ok(incident)
}

pub async fn add_timeline(state: &AppState, user: &User, id: i64, text: &str) -> Result<(), ApiError> {
    organised(state, user, id).await?;
    let text = words(text, "演练过程记录", 1_000)?;
    let actor = user.username.clone();
    state
        .store
        .write(move |c| Box::pin(async move { store::add_timeline(c, id, now_ms(), &text, &actor).await }))
        .await?;
    Ok(())
}

pub async fn evaluate(state: &AppState, user: &User, id: i64, text: &str) -> Result<(), ApiError> {
    organised(state, user, id).await?;
    let text = words(text, "演练评估", 5_000)?;
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::evaluate(c, id, &text).await?;
                audit::append(c, &Entry { actor: &actor, action: "drill.evaluate", record_type: "drill", record_id: &id.to_string(), detail: "" }).await
            })
        })
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Finding {
    /// What the drill showed.
    pub finding: String,
    /// The step the plan lacks.
    pub step_title: String,
    /// The role that will own the step.
    pub owner_role: String,
    pub days: Option<i64>,
}

/// Records a finding; the town's command centre is to apply it to the plan.
pub async fn add_finding(state: &AppState, user: &User, id: i64, f: Finding) -> Result<i64, ApiError> {
    let d = organised(state, user, id).await?;
    let finding = words(&f.finding, "演练发现的问题", 1_000)?;
    let step = words(&f.step_title, "预案新增步骤", 200)?;
    let owner: Role = named(&f.owner_role)?;
    if owner == Role::Resident {
        return Err(unprocessable("预案步骤由工作人员承担"));
    }
    let days = f.days.unwrap_or(FINDING_DAYS);
    if !(1..=365).contains(&days) {
        return Err(unprocessable("整改期限应为 1 到 365 天"));
    }
    let now = now_ms();
    let town = d.region_path.split('/').nth(2).unwrap_or_default().to_owned();
    let (actor, title, path) = (user.username.clone(), d.title.clone(), d.region_path.clone());
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let assignee = accounts::first_with_role(c, &town, "town_command").await?;
                let fid = store::add_finding(c, id, &finding, &step, owner.as_str(), assignee.as_deref(), now + days * DAY_MS, now).await?;
                if let Some(a) = &assignee {
                    let notice = inbox::Notice { kind: "drill_finding".into(), title: format!("【演练】{title}:预案待完善"), link: format!("/drills/{id}"), tracking_code: None, region_path: path };
                    inbox::notify(c, std::slice::from_ref(a), &notice, now).await?;
                }
                audit::append(c, &Entry { actor: &actor, action: "drill.finding", record_type: "drill", record_id: &id.to_string(), detail: &fid.to_string() }).await?;
                Ok(fid)
            })
        })
        .await?)
}

/// Adds the finding's step to the plan it tested; the plan shows the drill beside the step.
pub async fn apply(state: &AppState, user: &User, id: i64, finding: i64) -> Result<(), ApiError> {
    organised(state, user, id).await?;
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let f = store::finding(c, finding).await?.filter(|f| f.drill_id == id).ok_or(StoreError::NotFound)?;
                if f.applied_at.is_some() {
                    return Err(StoreError::Conflict("这项发现已写入预案".into()));
                }
                let now = now_ms();
                let step = plans::add_step(c, &f.plan_kind, &f.step_title, &f.owner_role, id, now).await?;
                store::mark_applied(c, finding, step, &actor, now).await?;
                audit::append(c, &Entry { actor: &actor, action: "drill.apply", record_type: "drill", record_id: &id.to_string(), detail: &finding.to_string() }).await?;
                Ok(())
            })
        })
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("这次演练没有这项发现"),
            e => e.into(),
        })
}
