//! The incident workflow: open (the plan for its kind becomes the checklist, the command
//! centres are told), record, work the steps, regrade (the district takes over from II),
//! dispatch the town's joint rescue team, warn the public, close with a report. Every action
//! is a line of the append-only log, written in the same transaction as the change.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::emergency::cap::MsgType;
use fengqiao_core::emergency::incident::{
    command_after, default_plan, may_command, may_respond, Command, IncidentKind, IncidentStatus,
    LogKind, Severity,
};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::emergency::incidents::{self as store, IncidentRow, NewAlert, NewIncident};
use fengqiao_store::emergency::plans;
use fengqiao_store::{accounts, inbox, now_ms, Conn, StoreError};
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// A named value from its code or label; an unknown one answers with the list to choose from.
pub fn named<T: std::str::FromStr<Err = fengqiao_core::named::UnknownName>>(s: &str) -> Result<T, ApiError> {
    s.trim().parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))
}

/// What is known when an incident is reported.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Report {
    pub kind: String,
    pub severity: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The place: a point, or a grid when there is none.
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub grid_code: Option<String>,
}

/// The plan of a kind, written from the district's first plan if there is none yet.
pub async fn plan_steps(c: &mut Conn, kind: IncidentKind, now: i64) -> Result<Vec<(String, String)>, StoreError> {
    let steps: Vec<(String, String)> =
        default_plan(kind).into_iter().map(|s| (s.title, s.owner.as_str().to_owned())).collect();
    plans::ensure(c, kind.as_str(), &format!("{}应急预案", kind.label()), &steps, now).await?;
    plans::steps_for_kind(c, kind.as_str()).await
}

/// Opens an incident (as an exercise when a drill plays it).
pub async fn open(state: &AppState, user: &User, r: Report, drill: Option<i64>) -> Result<i64, ApiError> {
    if !may_respond(user.role) {
        return Err(ApiError::forbidden("突发事件由工作人员接报"));
    }
    let kind: IncidentKind = named(&r.kind)?;
    let severity: Severity = named(&r.severity)?;
    let title = r.title.trim().to_owned();
    if !(2..=80).contains(&title.chars().count()) {
        return Err(unprocessable("事件名称应为 2 到 80 字"));
    }
    let description: String = r.description.trim().chars().take(5_000).collect();
    let point = r.lon.zip(r.lat).map(|(lon, lat)| (lon, lat, fengqiao_core::geo::Crs::Wgs84));
    if point.is_none() && r.grid_code.as_deref().is_none_or(|g| g.trim().is_empty()) {
        return Err(unprocessable("请给出事发地点(经纬度)或所在网格"));
    }
    let place = crate::org::place::resolve(&state.atlas(), point, r.grid_code.as_deref(), None)?;
    let (grid, point) = (place.grid, place.lon.zip(place.lat));
    if !user.scope().is_some_and(|s| s.contains_path(&grid.path)) {
        return Err(unprocessable(format!("{} 不在您的管辖范围内", grid.name)));
    }
    let town = grid.path.split('/').nth(2).unwrap_or_default().to_owned();
    let district = grid.path.split('/').nth(1).unwrap_or_default().to_owned();
    let command = severity.command();
    let now = now_ms();
    let new = NewIncident {
        kind: kind.as_str().into(),
        severity: severity.as_str().into(),
        title: title.clone(),
        description,
        grid_code: grid.code.clone(),
        region_path: grid.path.clone(),
        town_code: town.clone(),
        lon: point.map(|p| p.0),
        lat: point.map(|p| p.1),
        command: command.as_str().into(),
        exercise: drill.is_some(),
        drill_id: drill,
        opened_by: user.username.clone(),
        opened_at: now,
    };
    let actor = user.username.clone();
    let opened = format!("接报:{title}({},{},{})", kind.label(), severity.label(), grid.name);
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let steps = plan_steps(c, kind, now).await?;
                let id = store::insert(c, &new, &steps).await?;
                store::append(c, id, (&actor, now), LogKind::Opened.as_str(), &opened, None).await?;
                if command == Command::District {
                    store::append(c, id, (&actor, now), LogKind::Takeover.as_str(), "Ⅱ级及以上,由区级指挥中心直接指挥", None).await?;
                }
                let mut to = accounts::usernames_with_role(c, &town, "town_command").await?;
                if command == Command::District {
                    to.extend(accounts::usernames_with_role(c, &district, "district_coordinator").await?);
                }
                let exercise = if new.exercise { "【演练】" } else { "" };
                let notice = inbox::Notice {
                    kind: "incident".into(),
                    title: format!("{exercise}突发事件:{}({})", new.title, severity.label()),
                    link: format!("/incidents/{id}"),
                    tracking_code: None,
                    region_path: new.region_path.clone(),
                };
                inbox::notify(c, &to, &notice, now).await?;
                audit::append(c, &Entry { actor: &actor, action: "incident.open", record_type: "incident", record_id: &id.to_string(), detail: severity.as_str() }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// An incident in the caller's scope.
pub async fn visible(state: &AppState, user: &User, id: i64) -> Result<IncidentRow, ApiError> {
    let i = store::by_id(state.store.pool(), id).await?;
    i.filter(|i| user.scope().is_some_and(|s| s.contains_path(&i.region_path)))
        .ok_or_else(|| ApiError::not_found("没有这起事件,或您无权查看"))
}

fn command_of(i: &IncidentRow) -> Command {
    Command::parse(&i.command).unwrap_or(Command::District)
}

/// An incident the caller may act on: in scope, still being handled, and — for commanding
/// actions — the caller on the platform that commands it.
async fn actionable(state: &AppState, user: &User, id: i64, commanding: bool) -> Result<IncidentRow, ApiError> {
    let i = visible(state, user, id).await?;
    if i.status != IncidentStatus::Responding.as_str() {
        return Err(ApiError::new(Code::Conflict, "事件已处置结束,日志只能查看"));
    }
    if !may_respond(user.role) {
        return Err(ApiError::forbidden("只有工作人员可以处置事件"));
    }
    if commanding && !may_command(user.role, command_of(&i)) {
        let who = if command_of(&i) == Command::District { "区级指挥中心已接管,由区级指挥" } else { "由镇街指挥中心或区级指挥" };
        return Err(ApiError::forbidden(who));
    }
    Ok(i)
}

/// Writes one change and its log line (and audit entry) in one transaction.
async fn logged<F>(state: &AppState, user: &User, id: i64, kind: LogKind, text: String, change: F) -> Result<(), ApiError>
where
    F: for<'c> FnOnce(&'c mut Conn) -> fengqiao_store::BoxFuture<'c, Result<(), StoreError>> + Send + 'static,
{
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                change(c).await?;
                store::append(c, id, (&actor, now), kind.as_str(), &text, None).await?;
                let action = format!("incident.{}", kind.as_str());
                audit::append(c, &Entry { actor: &actor, action: &action, record_type: "incident", record_id: &id.to_string(), detail: "" }).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

fn words(text: &str, what: &str, max: usize) -> Result<String, ApiError> {
    let t = text.trim().to_owned();
    if !(2..=max).contains(&t.chars().count()) {
        return Err(unprocessable(format!("{what}应为 2 到 {max} 字")));
    }
    Ok(t)
}

/// A line in the log; a correction names the line it corrects (which stays as it was).
pub async fn note(state: &AppState, user: &User, id: i64, text: &str, corrects: Option<i64>) -> Result<store::LogRow, ApiError> {
    actionable(state, user, id, false).await?;
    let text = words(text, "记录内容", 2_000)?;
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                if let Some(line) = corrects {
                    if !store::log_line_of(c, id, line).await? {
                        return Err(StoreError::NotFound);
                    }
                }
                let kind = if corrects.is_some() { LogKind::Correction } else { LogKind::Note };
                let line = store::append(c, id, (&actor, now_ms()), kind.as_str(), &text, corrects).await?;
                audit::append(c, &Entry { actor: &actor, action: "incident.note", record_type: "incident", record_id: &id.to_string(), detail: "" }).await?;
                Ok(line)
            })
        })
        .await
        .map_err(|e| match e {
            StoreError::NotFound => unprocessable("更正的记录不属于这起事件"),
            e => e.into(),
        })
}

/// Ticks off a step of the plan.
pub async fn complete_step(state: &AppState, user: &User, id: i64, step: i64) -> Result<(), ApiError> {
    actionable(state, user, id, false).await?;
    let actor = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                let Some(title) = store::complete_step(c, id, step, &actor, now).await? else {
                    return Ok(false);
                };
                store::append(c, id, (&actor, now), LogKind::Step.as_str(), &format!("完成:{title}"), None).await?;
                audit::append(c, &Entry { actor: &actor, action: "incident.step", record_type: "incident", record_id: &id.to_string(), detail: &step.to_string() }).await?;
                Ok(true)
            })
        })
        .await?;
    if done {
        Ok(())
    } else {
        Err(ApiError::new(Code::Conflict, "这一步已完成,或不是这起事件的步骤"))
    }
}

/// Changes the grade; from II up the district takes over command and keeps it.
pub async fn regrade(state: &AppState, user: &User, id: i64, severity: &str) -> Result<Command, ApiError> {
    let i = actionable(state, user, id, true).await?;
    let severity: Severity = named(severity)?;
    if severity.as_str() == i.severity {
        return Err(ApiError::new(Code::Conflict, format!("事件已是{}", severity.label())));
    }
    let before = command_of(&i);
    let after = command_after(before, severity);
    let text = format!("级别由{}调整为{}", Severity::label_of(&i.severity), severity.label());
    let district = i.region_path.split('/').nth(1).unwrap_or_default().to_owned();
    let (actor, title, path) = (user.username.clone(), i.title.clone(), i.region_path.clone());
    logged(state, user, id, LogKind::Severity, text, move |c| {
        Box::pin(async move {
            let now = now_ms();
            store::regrade(c, id, severity.as_str(), after.as_str(), now).await?;
            if before == Command::Town && after == Command::District {
                store::append(c, id, (&actor, now), LogKind::Takeover.as_str(), "事件升为Ⅱ级及以上,区级指挥中心接管指挥", None).await?;
                let to = accounts::usernames_with_role(c, &district, "district_coordinator").await?;
                let notice = inbox::Notice { kind: "incident".into(), title: format!("区级接管:{title}({})", severity.label()), link: format!("/incidents/{id}"), tracking_code: None, region_path: path };
                inbox::notify(c, &to, &notice, now).await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(after)
}

/// Sends the town's joint rescue team (综合应急救援队), with what it is to do.
pub async fn dispatch(state: &AppState, user: &User, id: i64, task: &str) -> Result<(), ApiError> {
    let i = actionable(state, user, id, true).await?;
    let task = words(task, "救援任务", 500)?;
    let town = state.atlas().get(&i.town_code).map_or_else(|| "镇街".to_owned(), |t| t.name.clone());
    logged(state, user, id, LogKind::Dispatch, format!("调派{town}综合应急救援队:{task}"), |_| Box::pin(async { Ok(()) })).await
}

/// A public warning about the incident, over the grids given (the incident's own by default).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Warning {
    /// `Alert`, `Update` or `Cancel`.
    #[serde(default)]
    pub msg_type: Option<String>,
    pub headline: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub instruction: String,
    #[serde(default)]
    pub grids: Vec<String>,
}

/// Publishes a warning; an update or cancellation refers to the incident's latest one.
pub async fn warn(state: &AppState, user: &User, id: i64, w: Warning) -> Result<i64, ApiError> {
    let i = actionable(state, user, id, true).await?;
    let msg_type: MsgType = named(w.msg_type.as_deref().unwrap_or("Alert"))?;
    let headline = words(&w.headline, "预警标题", 100)?;
    let description = w.description.trim().chars().take(2_000).collect::<String>();
    let instruction = w.instruction.trim().chars().take(1_000).collect::<String>();
    let atlas = state.atlas();
    let codes = if w.grids.is_empty() { vec![i.grid_code.clone()] } else { w.grids.clone() };
    let mut names = Vec::new();
    for code in &codes {
        let g = crate::org::place::resolve(&atlas, None, Some(code), None)?.grid;
        if !user.scope().is_some_and(|s| s.contains_path(&g.path)) {
            return Err(unprocessable(format!("{} 不在您的管辖范围内", g.name)));
        }
        names.push(g.name.clone());
    }
    let previous = store::alerts_of(state.store.pool(), id).await?.pop();
    if msg_type != MsgType::Alert && previous.is_none() {
        return Err(ApiError::new(Code::Conflict, "还没有发布过预警,不能更新或解除"));
    }
    let alert = NewAlert {
        incident_id: id,
        msg_type: msg_type.as_str().into(),
        exercise: i.exercise == 1,
        references_id: previous.filter(|_| msg_type != MsgType::Alert).map(|p| p.id),
        headline: headline.clone(),
        description: if description.is_empty() { i.title.clone() } else { description },
        instruction,
        area_desc: names.join("、"),
        grid_codes: codes.join(" "),
        sent_by: user.username.clone(),
        sent_at: now_ms(),
    };
    let prefix = format!("fengqiao-{}-alert", i.region_path.split('/').nth(1).unwrap_or("0"));
    let actor = user.username.clone();
    let text = format!("{}公众预警:{headline}(范围:{})", msg_type.label(), alert.area_desc);
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let alert_id = store::insert_alert(c, &alert, &prefix).await?;
                store::append(c, id, (&actor, alert.sent_at), LogKind::Warning.as_str(), &text, None).await?;
                audit::append(c, &Entry { actor: &actor, action: "incident.warning", record_type: "cap_alert", record_id: &alert_id.to_string(), detail: &alert.msg_type }).await?;
                Ok(alert_id)
            })
        })
        .await?)
}

/// Ends the response with the closing report.
pub async fn close(state: &AppState, user: &User, id: i64, report: &str) -> Result<(), ApiError> {
    actionable(state, user, id, true).await?;
    let report = words(report, "总结报告", 10_000)?;
    let summary = format!("处置结束。{}", report.chars().take(60).collect::<String>());
    logged(state, user, id, LogKind::Closed, summary, move |c| {
        Box::pin(async move {
            if store::close(c, id, &report, now_ms()).await? {
                Ok(())
            } else {
                Err(StoreError::Conflict("事件刚刚已结束".into()))
            }
        })
    })
    .await
}
