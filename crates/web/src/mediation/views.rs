//! What a case looks like to API clients and pages: names resolved, personal data masked,
//! instants also given in Beijing time.

use super::service::{allowed, Allowed};
use crate::auth::User;
use crate::AppState;
use fengqiao_core::mediation::{
    level_label, CaseEvent, Category, Outcome, PartyKind, PartySide, SessionMode, Source, Status,
    Vulnerability,
};
use fengqiao_core::{IdNumber, Phone, RiskLevel, Role};
use fengqiao_store::mediation::{self as cases, CaseRow};
use fengqiao_store::{now_ms, StoreError};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RiskView {
    pub level: RiskLevel,
    pub score: i64,
    pub reasons: Vec<String>,
}

/// One line of a case list; no personal data.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSummary {
    pub id: i64,
    pub tracking_code: String,
    pub category: Category,
    pub category_label: &'static str,
    pub status: Status,
    pub status_label: &'static str,
    pub level: i64,
    pub level_label: &'static str,
    pub grid_code: String,
    pub assignee: Option<String>,
    /// The assignee by name and role, for pages.
    pub assignee_name: Option<String>,
    pub due_at: i64,
    pub due_local: String,
    pub overdue: bool,
    pub risk_level: RiskLevel,
    pub escalation_suggested: bool,
    pub created_at: i64,
    pub created_local: String,
    pub summary: String,
}

fn lvl(level: i64) -> &'static str {
    level_label(u8::try_from(level.clamp(1, 4)).unwrap_or(4))
}

pub fn summary(c: &CaseRow, now: i64) -> CaseSummary {
    CaseSummary {
        id: c.id,
        tracking_code: c.tracking_code.clone(),
        category: c.category,
        category_label: c.category.label(),
        status: c.status,
        status_label: c.status.label(),
        level: c.level,
        level_label: lvl(c.level),
        grid_code: c.grid_code.clone(),
        assignee: c.assignee.clone(),
        assignee_name: None,
        due_at: c.due_at,
        due_local: fengqiao_core::time::minute(c.due_at),
        overdue: fengqiao_core::mediation::is_overdue(c.status, c.due_at, now),
        risk_level: c.risk_level,
        escalation_suggested: c.escalation_suggested != 0,
        created_at: c.created_at,
        created_local: fengqiao_core::time::minute(c.created_at),
        summary: c.description.chars().take(60).collect(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    pub id: i64,
    pub side: PartySide,
    pub kind: PartyKind,
    pub name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub vulnerability: Option<Vulnerability>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub at: i64,
    pub at_local: String,
    pub actor: String,
    /// Who, by name and role.
    pub actor_name: String,
    pub kind: CaseEvent,
    pub kind_label: &'static str,
    pub level_from: Option<i64>,
    pub level_to: Option<i64>,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    pub level: i64,
    pub held_at: i64,
    pub held_local: String,
    pub mediators: Vec<String>,
    pub parties_present: Vec<String>,
    pub mode: SessionMode,
    pub outcome: Outcome,
    pub notes: String,
    pub recorded_by: String,
    pub recorded_by_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    pub name: String,
    pub signed_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub terms: String,
    pub signatures: Vec<Signature>,
    pub agreed_at: i64,
    pub agreed_local: String,
    pub performance: String,
    /// 待履行, 已履行 …
    pub performance_label: &'static str,
    pub performance_note: String,
    pub judicial_applied_at: Option<i64>,
    pub judicial_filed_at: Option<i64>,
    pub judicial_result: Option<String>,
    /// The last day (ms) an application for judicial confirmation can be made.
    pub judicial_deadline: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUpView {
    pub seq: i64,
    pub due_at: i64,
    pub due_local: String,
    pub done_at: Option<i64>,
    /// When it was recorded, in Beijing time.
    pub done_local: Option<String>,
    pub result: Option<String>,
    /// 稳定, 不稳定, or 已取消 (the case reopened first).
    pub result_label: Option<&'static str>,
    pub notes: String,
    pub done_by: Option<String>,
    pub done_by_name: Option<String>,
    /// Whether it may be recorded now (its day has come).
    pub open_now: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhotoView {
    pub id: i64,
    pub content_type: String,
    pub size: i64,
    pub url: String,
}

/// Everything about a case that its reader may see.
#[derive(Debug, Clone, Serialize)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub source: Source,
    pub source_label: &'static str,
    pub description: String,
    pub address: String,
    pub grid_name: String,
    pub amount_yuan: f64,
    pub people: i64,
    pub households: i64,
    pub failed_at_level: i64,
    pub followups_pending: i64,
    pub policy_version: i64,
    pub referral: Option<String>,
    pub risk: RiskView,
    pub parties: Vec<PartyView>,
    pub sessions: Vec<SessionView>,
    pub agreement: Option<AgreementView>,
    pub followups: Vec<FollowUpView>,
    pub photos: Vec<PhotoView>,
    pub timeline: Vec<EventView>,
    pub allowed_actions: Allowed,
}

impl CaseDetail {
    /// The earliest follow-up not yet recorded.
    pub fn next_followup(&self) -> Option<&FollowUpView> {
        self.followups.iter().find(|f| f.done_at.is_none())
    }

    /// Whether the next follow-up may be recorded today.
    pub fn next_followup_open(&self) -> bool {
        self.next_followup().is_some_and(|f| f.open_now)
    }
}

/// Roles that need full ID numbers (police and joint mediation); everyone else sees them masked.
fn sees_id_numbers(role: Role) -> bool {
    matches!(
        role,
        Role::PoliceOfficer | Role::StationLeader | Role::TownCommand | Role::DistrictCoordinator
    )
}

fn json_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// A case's page, from its row and the parts read with it (`cases::page`).
pub async fn detail(
    state: &AppState,
    user: &User,
    c: CaseRow,
    parts: cases::CaseParts,
) -> Result<CaseDetail, StoreError> {
    let now = now_ms();
    let cases::CaseParts {
        parties,
        sessions,
        agreement,
        followups,
        photos,
        events,
        people,
    } = parts;
    let full_ids = sees_id_numbers(user.role);
    let (_, policy) = super::service::current_policy(&state.store).await?;
    let names = crate::people::Names::of_accounts(people);
    let mut head = summary(&c, now);
    head.assignee_name = c.assignee.as_deref().map(|u| names.of(u));
    Ok(CaseDetail {
        summary: head,
        source_label: c.source.label(),
        source: c.source,
        description: c.description.clone(),
        address: c.address.clone(),
        grid_name: state
            .atlas()
            .get(&c.grid_code)
            .map(|g| g.name.clone())
            .unwrap_or_default(),
        amount_yuan: c.amount_yuan,
        people: c.people,
        households: c.households,
        failed_at_level: c.failed_at_level,
        followups_pending: c.followups_pending,
        policy_version: c.policy_version,
        referral: c.referral.clone(),
        risk: RiskView {
            level: c.risk_level,
            score: c.risk_score,
            reasons: json_list(&c.risk_reasons),
        },
        parties: parties
            .into_iter()
            .map(|p| PartyView {
                phone: p
                    .phone
                    .as_deref()
                    .and_then(|x| x.parse::<Phone>().ok())
                    .map(|x| x.masked()),
                id_number: p
                    .id_number
                    .as_deref()
                    .and_then(|x| x.parse::<IdNumber>().ok())
                    .map(|x| {
                        if full_ids {
                            x.as_str().to_owned()
                        } else {
                            x.masked()
                        }
                    }),
                id: p.id,
                side: p.side,
                kind: p.kind,
                name: p.name,
                vulnerability: p.vulnerability.as_deref().and_then(Vulnerability::parse),
            })
            .collect(),
        sessions: sessions
            .into_iter()
            .map(|s| SessionView {
                level: s.level,
                held_local: fengqiao_core::time::minute(s.held_at),
                held_at: s.held_at,
                mediators: json_list(&s.mediators),
                parties_present: json_list(&s.parties_present),
                mode: s.mode,
                outcome: s.outcome,
                notes: s.notes,
                recorded_by_name: names.of(&s.recorded_by),
                recorded_by: s.recorded_by,
            })
            .collect(),
        agreement: agreement.map(|a| AgreementView {
            signatures: serde_json::from_str::<Vec<(String, i64)>>(&a.signatures)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, signed_at)| Signature { name, signed_at })
                .collect(),
            terms: a.terms,
            agreed_local: fengqiao_core::time::minute(a.agreed_at),
            judicial_deadline: a.agreed_at + 30 * fengqiao_core::time::DAY_MS,
            agreed_at: a.agreed_at,
            performance_label: a
                .performance
                .parse::<fengqiao_core::mediation::Performance>()
                .map_or("—", |p| p.label()),
            performance: a.performance,
            performance_note: a.performance_note,
            judicial_applied_at: a.judicial_applied_at,
            judicial_filed_at: a.judicial_filed_at,
            judicial_result: a.judicial_result,
        }),
        followups: followups
            .into_iter()
            .map(|f| FollowUpView {
                seq: f.seq,
                due_local: fengqiao_core::time::day(f.due_at),
                open_now: f.done_at.is_none()
                    && fengqiao_core::mediation::followup::may_record(f.due_at, now).is_ok(),
                due_at: f.due_at,
                done_at: f.done_at,
                done_local: f.done_at.map(fengqiao_core::time::minute),
                result_label: f.result.as_deref().map(|r| match r {
                    "cancelled" => "已取消(案件重新调解)",
                    r => r
                        .parse::<fengqiao_core::mediation::FollowUpResult>()
                        .map_or("—", |r| r.label()),
                }),
                result: f.result,
                notes: f.notes,
                done_by_name: f.done_by.as_deref().map(|u| names.of(u)),
                done_by: f.done_by,
            })
            .collect(),
        photos: photos
            .into_iter()
            .map(|p| PhotoView {
                url: format!("/api/v1/disputes/{}/photos/{}", c.id, p.id),
                id: p.id,
                content_type: p.content_type,
                size: p.size,
            })
            .collect(),
        timeline: events
            .into_iter()
            .map(|e| EventView {
                at_local: fengqiao_core::time::minute(e.at),
                at: e.at,
                kind_label: e.kind.label(),
                kind: e.kind,
                actor_name: names.of(&e.actor),
                actor: e.actor,
                level_from: e.level_from,
                level_to: e.level_to,
                detail: e.detail,
            })
            .collect(),
        allowed_actions: allowed(user, &c, &policy),
    })
}

/// Fills in the assignees' names of a page of summaries (one lookup per distinct assignee).
pub async fn name_assignees(state: &AppState, items: &mut [CaseSummary]) -> Result<(), StoreError> {
    let names = crate::people::names(state, items.iter().filter_map(|c| c.assignee.as_deref())).await?;
    for c in items {
        c.assignee_name = c.assignee.as_deref().map(|u| names.of(u));
    }
    Ok(())
}
