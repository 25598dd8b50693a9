//! Actions on a case: the state machine's transition and its side effects on assignment,
//! deadline, resolution, timeline, notices and audit; who may take which action.

use super::actor_level;
use super::risk::reassess;
use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::mediation::service::{assignee_for, policy_in, tell};
use crate::AppState;
use fengqiao_core::mediation::CaseEvent;
use fengqiao_core::mediation::{
    level_label, Action, CaseState, FollowUpResult, Outcome, Policy, Status, Transition,
};
use fengqiao_core::time::DAY_MS;
use fengqiao_store::mediation::{self as cases, CaseRow, CaseUpdate, NewSession};
use fengqiao_store::{now_ms, Conn, StoreError};
use serde::Serialize;

/// The machine's state stored in a case row.
pub fn state_of(c: &CaseRow) -> CaseState {
    CaseState {
        status: c.status,
        level: u8::try_from(c.level.clamp(1, 4)).unwrap_or(4),
        failed_at_level: u32::try_from(c.failed_at_level).unwrap_or(0),
        escalation_suggested: c.escalation_suggested != 0,
        followups_pending: u32::try_from(c.followups_pending).unwrap_or(0),
        has_agreement: c.has_agreement != 0,
        last_followup_stable: c.last_followup_stable.map(|v| v != 0),
    }
}

/// Details that come with an action, beyond the machine's own input.
#[derive(Debug, Clone, Default)]
pub struct ActionDetail {
    pub reason: String,
    pub session: Option<NewSession>,
    pub agreement: Option<(String, String, i64)>,
    pub followup_notes: String,
    pub referral: Option<String>,
}

/// Applies one action to a loaded case inside a write: the transition, its side effects on
/// assignment, deadline and resolution, the timeline and the audit entry.
pub(crate) async fn apply_in(
    conn: &mut Conn,
    id: i64,
    actor: &str,
    action: Action,
    reason: &str,
    policy: &Policy,
) -> Result<Transition, StoreError> {
    let row = cases::load_for_update(conn, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    apply_loaded(
        conn,
        &row,
        actor,
        action,
        &ActionDetail {
            reason: reason.into(),
            ..ActionDetail::default()
        },
        policy,
    )
    .await
}

pub(crate) async fn apply_loaded(
    conn: &mut Conn,
    row: &CaseRow,
    actor: &str,
    action: Action,
    detail: &ActionDetail,
    policy: &Policy,
) -> Result<Transition, StoreError> {
    let before = state_of(row);
    let t = before
        .apply(
            action,
            policy.suggest_after_failures,
            policy.escalate_after_failures,
        )
        .map_err(|e| StoreError::Conflict(e.to_string()))?;
    let now = now_ms();
    let id = row.id;
    if let Action::FollowUp(_) = action {
        if let Some(due) = cases::next_followup_due(conn, id).await? {
            fengqiao_core::mediation::followup::may_record(due, now).map_err(StoreError::Invalid)?;
        }
    }
    let mut u = CaseUpdate::of(row);
    let s = t.state;
    u.status = s.status;
    u.level = i64::from(s.level);
    u.failed_at_level = i64::from(s.failed_at_level);
    u.escalation_suggested = s.escalation_suggested;
    u.followups_pending = i64::from(s.followups_pending);
    u.has_agreement = s.has_agreement;
    u.last_followup_stable = s.last_followup_stable;
    let kind = match action {
        Action::Session(_) => CaseEvent::Session,
        Action::Escalate => CaseEvent::Escalated,
        Action::DeadlinePassed => CaseEvent::Escalated,
        Action::HighRisk => CaseEvent::Escalated,
        Action::HandBack { .. } => CaseEvent::HandedBack,
        Action::Agree { .. } => CaseEvent::Agreement,
        Action::FollowUp(_) => CaseEvent::FollowUp,
        Action::Refer => CaseEvent::Referred,
        Action::Reopen { .. } => CaseEvent::Reopened,
    };
    if let Some(session) = &detail.session {
        cases::add_session(conn, id, session).await?;
    }
    match action {
        Action::Agree { .. } => {
            if let Some((terms, signatures, agreed_at)) = &detail.agreement {
                cases::put_agreement(conn, id, terms, signatures, *agreed_at, actor).await?;
                let due: Vec<i64> = policy
                    .followup_days
                    .iter()
                    .map(|d| agreed_at + i64::from(*d) * DAY_MS)
                    .collect();
                cases::schedule_followups(conn, id, &due).await?;
            }
            u.resolved_at = Some(now);
            u.resolved_level = Some(i64::from(s.level));
        }
        Action::FollowUp(result) => {
            let r = if result == FollowUpResult::Stable {
                "stable"
            } else {
                "unstable"
            };
            cases::complete_followup(conn, id, r, &detail.followup_notes, actor).await?;
            if result == FollowUpResult::Unstable {
                cases::cancel_followups(conn, id).await?;
                u.resolved_at = None;
                u.resolved_level = None;
            }
        }
        Action::Reopen { .. } => {
            cases::cancel_followups(conn, id).await?;
            u.resolved_at = None;
            u.resolved_level = None;
            u.closed_at = None;
        }
        Action::Refer => u.referral = detail.referral.clone(),
        _ => {}
    }
    if s.status == Status::Closed {
        u.closed_at = Some(now);
    }
    if let Some((_, to)) = t.moved {
        u.assignee = assignee_for(conn, &row.region_path, to).await?;
        u.due_at = now + i64::from(policy.deadline_days(to)) * DAY_MS;
    } else if matches!(
        action,
        Action::Reopen { .. } | Action::FollowUp(FollowUpResult::Unstable)
    ) {
        u.due_at = now + i64::from(policy.deadline_days(s.level)) * DAY_MS;
    }
    match (action, t.moved) {
        (Action::Session(_), moved) => {
            cases::add_event(
                conn,
                id,
                actor,
                CaseEvent::Session,
                (Some(i64::from(before.level)), None),
                &detail.reason,
            )
            .await?;
            if let Some((from, to)) = moved {
                let why = format!(
                    "本级调解 {} 次未成,自动上交至{}",
                    policy.escalate_after_failures,
                    level_label(to)
                );
                cases::add_event(
                    conn,
                    id,
                    "system",
                    CaseEvent::Escalated,
                    (Some(i64::from(from)), Some(i64::from(to))),
                    &why,
                )
                .await?;
            }
        }
        (_, Some((from, to))) => {
            cases::add_event(
                conn,
                id,
                actor,
                kind,
                (Some(i64::from(from)), Some(i64::from(to))),
                &detail.reason,
            )
            .await?;
        }
        (Action::Reopen { .. }, None) => {
            let l = Some(i64::from(s.level));
            cases::add_event(conn, id, actor, kind, (l, l), &detail.reason).await?;
        }
        (_, None) => {
            cases::add_event(
                conn,
                id,
                actor,
                kind,
                (Some(i64::from(before.level)), None),
                &detail.reason,
            )
            .await?
        }
    }
    if t.suggestion_raised {
        cases::add_event(
            conn,
            id,
            "system",
            CaseEvent::EscalationSuggested,
            (Some(i64::from(s.level)), None),
            &format!(
                "本级 {} 次调解未成,建议上交上一级",
                policy.suggest_after_failures
            ),
        )
        .await?;
    }
    if let Some((from, to)) = t.moved {
        cases::add_event(
            conn,
            id,
            "system",
            CaseEvent::Assigned,
            (None, Some(i64::from(to))),
            u.assignee.as_deref().unwrap_or("(本级暂无承办人)"),
        )
        .await?;
        let (notice, what) = match action {
            Action::DeadlinePassed => ("overdue", "超期自动上交"),
            _ if to > from => ("escalated", "上交"),
            _ => ("assigned", "交回"),
        };
        let mut who: Vec<String> = u.assignee.iter().cloned().collect();
        if notice == "overdue" {
            who.extend(row.assignee.iter().cloned());
        }
        let title = format!(
            "案件 {} {what}至{}",
            super::notice_name(id, row.source, &row.tracking_code),
            level_label(to)
        );
        tell(conn, &who, notice, title, id, &row.region_path).await?;
    }
    if s.status == Status::Closed {
        cases::add_event(
            conn,
            id,
            "system",
            CaseEvent::Closed,
            (None, None),
            "最后一次回访情况稳定,结案",
        )
        .await?;
    }
    cases::save(conn, id, actor, &format!("dispute.{kind}"), &u).await?;
    Ok(t)
}

/// Whether `user` may take `action` on a case at `level`.
pub fn may(user: &User, level: i64, action: &Action) -> bool {
    let mine = i64::from(actor_level(user.role));
    match action {
        Action::HandBack { .. } => mine >= level && level > 1,
        Action::Reopen { .. } | Action::DeadlinePassed | Action::HighRisk => false,
        _ => mine >= level && mine > 0,
    }
}

/// Takes a user's action on a case in their scope.
pub async fn act(
    state: &AppState,
    user: &User,
    id: i64,
    action: Action,
    detail: ActionDetail,
) -> Result<Transition, ApiError> {
    let scope = user.staff_scope()?;
    let row = cases::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("案件 {id} 不存在或不在您的管辖范围内")))?;
    if !may(user, row.level, &action) {
        return Err(ApiError::forbidden(format!(
            "{}不能在{}办理此操作",
            user.role.label(),
            level_label(u8::try_from(row.level).unwrap_or(4))
        )));
    }
    let actor = user.username.clone();
    let out = state
        .store
        .write(move |c| Box::pin(async move { act_in(c, &actor, id, action, detail).await }))
        .await;
    match out {
        Err(StoreError::Conflict(m)) => Err(ApiError::new(Code::Conflict, m)),
        other => Ok(other?),
    }
}

/// One action inside a write job, under the current policy; a session's notes re-score the risk.
pub async fn act_in(
    c: &mut Conn,
    actor: &str,
    id: i64,
    action: Action,
    detail: ActionDetail,
) -> Result<Transition, StoreError> {
    let (_, policy) = policy_in(c, actor).await?;
    let row = cases::load_for_update(c, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let t = apply_loaded(c, &row, actor, action, &detail, &policy).await?;
    if matches!(action, Action::Session(_)) {
        reassess(c, id, false, &policy).await?;
    }
    Ok(t)
}

/// The actions a user may take on a case now, for pages and the API.
#[derive(Debug, Clone, Serialize)]
pub struct Allowed {
    pub session: bool,
    pub escalate: bool,
    pub handback: bool,
    pub agreement: bool,
    pub agreement_update: bool,
    pub followup: bool,
    pub refer: bool,
}

pub fn allowed(user: &User, row: &CaseRow, policy: &Policy) -> Allowed {
    let s = state_of(row);
    let open = s.status == Status::Open;
    let ok = |a: Action| {
        may(user, row.level, &a)
            && s.apply(
                a,
                policy.suggest_after_failures,
                policy.escalate_after_failures,
            )
            .is_ok()
    };
    Allowed {
        session: open && ok(Action::Session(Outcome::Partial)),
        escalate: open && row.level < 4 && ok(Action::Escalate),
        handback: open && row.level > 1 && ok(Action::HandBack { to: 1 }),
        agreement: open && ok(Action::Agree { followups: 1 }),
        agreement_update: s.status == Status::Agreed && may(user, row.level, &Action::Escalate),
        followup: s.status == Status::Agreed && ok(Action::FollowUp(FollowUpResult::Stable)),
        refer: open && ok(Action::Refer),
    }
}
