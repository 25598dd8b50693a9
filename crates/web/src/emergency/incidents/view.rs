//! How an incident is shown, to pages and programs alike: names and labels, never codes
//! alone; an exercise says so on every part.

use crate::people::Names;
use crate::AppState;
use fengqiao_core::emergency::incident::{Command, IncidentKind, IncidentStatus, LogKind, Severity};
use fengqiao_core::time::minute;
use fengqiao_core::Role;
use fengqiao_store::emergency::incidents::{AlertRow, IncidentRow, LogRow, StepRow};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub severity: String,
    pub severity_label: &'static str,
    pub title: String,
    pub description: String,
    pub grid_code: String,
    pub grid_name: String,
    pub town_name: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub status: String,
    pub status_label: &'static str,
    pub command: String,
    pub command_label: &'static str,
    /// Played in a drill, not real.
    pub exercise: bool,
    pub drill_id: Option<i64>,
    pub report: String,
    pub opened_by: String,
    pub opened: String,
    pub closed: Option<String>,
}

pub fn incident(state: &AppState, i: IncidentRow, names: &Names) -> IncidentView {
    let atlas = state.atlas();
    let name = |code: &str| atlas.get(code).map_or_else(|| code.to_owned(), |r| r.name.clone());
    IncidentView {
        kind_label: IncidentKind::parse(&i.kind).map_or("未知", IncidentKind::label),
        severity_label: Severity::parse(&i.severity).map_or("未定级", Severity::label),
        status_label: IncidentStatus::parse(&i.status).map_or("未知", IncidentStatus::label),
        command_label: Command::parse(&i.command).map_or("未知", Command::label),
        grid_name: name(&i.grid_code),
        town_name: name(&i.town_code),
        opened_by: names.of(&i.opened_by),
        opened: minute(i.opened_at),
        closed: i.closed_at.map(minute),
        exercise: i.exercise == 1,
        id: i.id,
        kind: i.kind,
        severity: i.severity,
        title: i.title,
        description: i.description,
        grid_code: i.grid_code,
        lon: i.lon,
        lat: i.lat,
        status: i.status,
        command: i.command,
        drill_id: i.drill_id,
        report: i.report,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub id: i64,
    pub seq: i64,
    pub title: String,
    pub owner_label: &'static str,
    pub done: Option<String>,
    pub done_by: Option<String>,
}

pub fn step(s: StepRow, names: &Names) -> StepView {
    StepView {
        owner_label: Role::parse(&s.owner_role).map_or("", Role::label),
        done: s.done_at.map(minute),
        done_by: s.done_by.as_deref().map(|u| names.of(u)),
        id: s.id,
        seq: s.seq,
        title: s.title,
    }
}

/// A line of the log, as the page lists it and the live stream sends it.
#[derive(Debug, Clone, Serialize)]
pub struct LogLineView {
    pub id: i64,
    pub incident_id: i64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub text: String,
    pub corrects: Option<i64>,
}

pub fn line(l: LogRow, names: &Names) -> LogLineView {
    LogLineView {
        at: minute(l.at),
        actor: names.of(&l.actor),
        kind_label: LogKind::parse(&l.kind).map_or("记录", LogKind::label),
        id: l.id,
        incident_id: l.incident_id,
        kind: l.kind,
        text: l.text,
        corrects: l.corrects,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AlertView {
    pub id: i64,
    pub identifier: String,
    pub msg_type: String,
    pub msg_type_label: &'static str,
    pub exercise: bool,
    pub headline: String,
    pub description: String,
    pub instruction: String,
    pub area_desc: String,
    pub sent: String,
    pub cap_url: String,
}

pub fn alert(a: AlertRow) -> AlertView {
    AlertView {
        msg_type_label: fengqiao_core::emergency::cap::MsgType::parse(&a.msg_type).map_or("", |m| m.label()),
        sent: minute(a.sent_at),
        cap_url: format!("/cap/alerts/{}.xml", a.id),
        exercise: a.exercise == 1,
        id: a.id,
        identifier: a.identifier,
        msg_type: a.msg_type,
        headline: a.headline,
        description: a.description,
        instruction: a.instruction,
        area_desc: a.area_desc,
    }
}
