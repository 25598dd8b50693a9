//! The mediation workflow: intake, actions and the deadline sweep. Each runs as one write job,
//! so the case row, its timeline, its parts and the audit entries change together or not at
//! all; the rules themselves come from `fengqiao_core::mediation`.

use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::AppState;
use fengqiao_core::mediation::{
    assess, level_for_risk, level_label, Action, CaseState, Category, Facts, FollowUpResult,
    MediationLevel, Outcome, Policy, RiskAssessment, RiskInput, Source, Status, Transition,
    Vulnerability,
};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::{RiskLevel, Role};
use fengqiao_store::mediation::{
    self as cases, CaseRow, CaseUpdate, NewCase, NewParty, NewSession,
};
use fengqiao_store::{accounts, inbox, now_ms, Conn, StoreError};
use serde::Serialize;

/// How high a role reaches in the funnel (see `fengqiao_core::mediation::reach`).
pub use fengqiao_core::mediation::reach as actor_level;

const REPEAT_WINDOW_MS: i64 = 90 * DAY_MS;

/// The current placement policy, storing the default as version 1 on first use.
pub async fn policy_in(conn: &mut Conn, actor: &str) -> Result<(i64, Policy), StoreError> {
    match fengqiao_store::versioned::current(
        &mut *conn,
        fengqiao_store::versioned::Document::MediationPolicy,
    )
    .await?
    {
        Some((v, body)) => Ok((
            v,
            Policy::from_json(&body).map_err(|e| StoreError::Invalid(e.to_string()))?,
        )),
        None => {
            let p = Policy::default();
            let body = serde_json::to_string(&p).map_err(|e| StoreError::Invalid(e.to_string()))?;
            Ok((
                fengqiao_store::versioned::add(
                    conn,
                    fengqiao_store::versioned::Document::MediationPolicy,
                    &body,
                    actor,
                )
                .await?,
                p,
            ))
        }
    }
}

/// The region codes above a grid, read from its materialised path.
fn ancestors(region_path: &str) -> (Option<&str>, Option<&str>, Option<&str>) {
    let parts: Vec<&str> = region_path.split('/').filter(|s| !s.is_empty()).collect();
    (
        parts.get(1).copied(),
        parts.get(2).copied(),
        parts.get(3).copied(),
    )
}

/// Who works a case at a level: L1 the grid's worker (else the police assistant), L2 the
/// community staff, L3 the community police officer (else the station leader), L4 the town
/// command centre.
pub async fn assignee_for(
    conn: &mut Conn,
    region_path: &str,
    level: MediationLevel,
) -> Result<Option<String>, StoreError> {
    let (town, community, grid) = ancestors(region_path);
    let tries: Vec<(Option<&str>, Role)> = match level {
        1 => vec![
            (grid, Role::GridWorker),
            (community, Role::PoliceAssistant),
            (community, Role::CommunityStaff),
        ],
        2 => vec![(community, Role::CommunityStaff)],
        3 => vec![
            (community, Role::PoliceOfficer),
            (town, Role::StationLeader),
        ],
        _ => vec![(town, Role::TownCommand)],
    };
    for (region, role) in tries {
        if let Some(region) = region {
            if let Some(u) = accounts::first_with_role(conn, region, role.as_str()).await? {
                return Ok(Some(u));
            }
        }
    }
    Ok(None)
}

/// The intake of one dispute, already validated.
#[derive(Debug, Clone)]
pub struct Intake {
    pub facts: Facts,
    pub description: String,
    pub grid_code: String,
    pub region_path: String,
    pub address: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub parties: Vec<NewParty>,
    pub reporter_phone: Option<String>,
    pub idempotency_key: Option<String>,
    /// Photos the reporter attached, already checked.
    pub photos: Vec<crate::upload::Photo>,
}

fn tracking_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let bytes: [u8; 8] = rand::random();
    let tail: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("FQ{tail}")
}

/// Key for "the same parties": their phones (or names) sorted.
pub fn parties_key(parties: &[NewParty]) -> String {
    let mut keys: Vec<String> = parties
        .iter()
        .map(|p| p.phone.clone().unwrap_or_else(|| p.name.trim().to_owned()))
        .filter(|k| !k.is_empty())
        .collect();
    if keys.len() < 2 {
        return String::new();
    }
    keys.sort();
    keys.dedup();
    keys.join("|")
}

/// Key for "the same address": the grid and the address without spaces or punctuation.
pub fn address_key(grid_code: &str, address: &str) -> String {
    let a: String = address.chars().filter(|c| c.is_alphanumeric()).collect();
    if a.is_empty() {
        String::new()
    } else {
        format!("{grid_code}:{a}")
    }
}

fn reasons_json(r: &RiskAssessment) -> String {
    serde_json::to_string(&r.reasons).unwrap_or_else(|_| "[]".into())
}

/// Puts a notice about case `id` in the inboxes of `who` (and the webhook outbox).
async fn tell(
    conn: &mut Conn,
    who: &[String],
    kind: &str,
    title: String,
    id: i64,
    region_path: &str,
) -> Result<(), StoreError> {
    let notice = inbox::Notice {
        kind: kind.into(),
        title,
        link: format!("/mediation/{id}"),
        tracking_code: None,
        region_path: region_path.into(),
    };
    inbox::notify(conn, who, &notice, now_ms()).await
}

async fn early_warning(
    conn: &mut Conn,
    id: i64,
    region_path: &str,
    risk: &RiskAssessment,
) -> Result<(), StoreError> {
    let (town, community, _) = ancestors(region_path);
    let mut notified = Vec::new();
    if let Some(c) = community {
        notified
            .extend(accounts::usernames_with_role(conn, c, Role::PoliceOfficer.as_str()).await?);
    }
    if let Some(t) = town {
        notified
            .extend(accounts::usernames_with_role(conn, t, Role::StationLeader.as_str()).await?);
        notified.extend(accounts::usernames_with_role(conn, t, Role::TownCommand.as_str()).await?);
    }
    let detail = format!(
        "高风险预警(评分 {}):{};已通知派出所与镇街指挥中心:{}",
        risk.score,
        risk.reasons.join(";"),
        notified.join("、")
    );
    cases::add_event(conn, id, "system", "early_warning", (None, None), &detail).await?;
    let title = format!("高风险预警:案件 #{id},评分 {}", risk.score);
    tell(conn, &notified, "high_risk", title, id, region_path).await
}

/// Records a new dispute: placement by the current policy, early warning, assignment and
/// deadline; settled cases between the same parties or at the same address are reopened.
/// A retry with the same idempotency key returns the first case.
pub async fn intake(state: &AppState, actor: String, intake: Intake) -> Result<Intaken, ApiError> {
    let search = search_text(&intake);
    let result = state
        .store
        .write(move |c| {
            Box::pin(async move { intake_in(c, &actor, intake, now_ms(), search).await })
        })
        .await;
    match result {
        Err(StoreError::Conflict(_)) => Err(ApiError::new(
            Code::Conflict,
            "同一请求正在处理中,请稍后用相同的 Idempotency-Key 重试",
        )),
        other => Ok(other?),
    }
}

/// A case just created, as the intake answer reports it.
#[derive(Debug, Clone)]
pub struct Created {
    pub id: i64,
    pub tracking_code: String,
    pub level: MediationLevel,
    pub grid_code: String,
    pub assignee: Option<String>,
    pub due_at: i64,
    pub risk: RiskAssessment,
}

/// What an intake did: created a case, found the one an earlier try with the same
/// idempotency key created, or linked a resident's repeated report to the first one.
#[derive(Debug, Clone)]
pub enum Intaken {
    New(Created),
    Replayed(i64),
    /// The same phone reported in the same grid earlier today: linked to that case (id, code).
    Linked(i64, String),
}

impl Intaken {
    pub fn id(&self) -> i64 {
        match self {
            Intaken::New(c) => c.id,
            Intaken::Replayed(id) | Intaken::Linked(id, _) => *id,
        }
    }
}

/// The words a case is found by: its category, description, address and parties' names.
pub fn search_text(intake: &Intake) -> String {
    let names: Vec<&str> = intake.parties.iter().map(|p| p.name.as_str()).collect();
    let words = fengqiao_core::text::search_tokens(&format!(
        "{} {} {} {}",
        intake.facts.category.label(),
        intake.description,
        intake.address,
        names.join(" ")
    ));
    format!(
        "{words} {}",
        fengqiao_store::dialect::scope_words(&intake.region_path)
    )
}

/// The intake inside a write job, at instant `now` (the demo backdates its cases).
pub async fn intake_in(
    c: &mut Conn,
    actor: &str,
    intake: Intake,
    now: i64,
    search: String,
) -> Result<Intaken, StoreError> {
    if let Some(key) = &intake.idempotency_key {
        if let Some(id) = cases::by_idempotency_key(c, key).await? {
            return Ok(Intaken::Replayed(id));
        }
    }
    if let (Source::Resident, Some(phone)) = (intake.facts.source, &intake.reporter_phone) {
        let since = fengqiao_core::time::start_of_day(now);
        if let Some((id, code)) = cases::same_report(c, phone, &intake.grid_code, since).await? {
            let detail = format!("同一电话当天在同一网格再次反映:{}", intake.description);
            cases::add_event(c, id, actor, "linked_report", (None, None), &detail).await?;
            for p in &intake.photos {
                cases::add_photo(c, id, p.content_type, &p.data, actor).await?;
            }
            return Ok(Intaken::Linked(id, code));
        }
    }
    let (version, policy) = policy_in(c, actor).await?;
    let placement = policy.place(&intake.facts);
    let pk = parties_key(&intake.parties);
    let ak = address_key(&intake.grid_code, &intake.address);
    let repeats = cases::repeats(c, now - REPEAT_WINDOW_MS, &pk, &ak, -1).await?;
    let vulnerable: Vec<Vulnerability> = intake
        .parties
        .iter()
        .filter_map(|p| p.vulnerability.as_deref())
        .filter_map(parse_vulnerability)
        .collect();
    let risk = assess(&RiskInput {
        texts: vec![&intake.description],
        repeats: u32::try_from(repeats).unwrap_or(u32::MAX),
        vulnerable,
        people: intake.facts.people,
        overdue: false,
    });
    let level = level_for_risk(placement.level, risk.level);
    let assignee = assignee_for(c, &intake.region_path, level).await?;
    let new = NewCase {
        placed_level: i64::from(placement.level),
        tracking_code: tracking_code(),
        idempotency_key: intake.idempotency_key.clone(),
        category: intake.facts.category.as_str().into(),
        source: intake.facts.source.as_str().into(),
        description: intake.description.clone(),
        level: i64::from(level),
        grid_code: intake.grid_code.clone(),
        region_path: intake.region_path.clone(),
        address: intake.address.clone(),
        address_key: ak.clone(),
        parties_key: pk.clone(),
        lon: intake.lon,
        lat: intake.lat,
        amount_yuan: intake.facts.amount_yuan,
        people: i64::from(intake.facts.people),
        households: i64::from(intake.facts.households),
        whole_compound: intake.facts.whole_compound,
        litigation: intake.facts.litigation,
        minor_fight: intake.facts.minor_fight,
        assignee: assignee.clone(),
        due_at: now + i64::from(policy.deadline_days(level)) * DAY_MS,
        risk_score: i64::from(risk.score),
        risk_level: risk.level.as_str().into(),
        risk_reasons: reasons_json(&risk),
        policy_version: version,
        reporter_phone: intake.reporter_phone.clone(),
        created_by: actor.to_owned(),
        created_at: now,
        search_text: search,
        parties: intake.parties.clone(),
    };
    let id = cases::insert(c, &new).await?;
    for p in &intake.photos {
        cases::add_photo(c, id, p.content_type, &p.data, actor).await?;
    }
    let placed = format!(
        "按第 {version} 版策略定为{}:{}",
        level_label(placement.level),
        placement.reasons.join(";")
    );
    cases::add_event(
        c,
        id,
        actor,
        "created",
        (None, Some(i64::from(placement.level))),
        &placed,
    )
    .await?;
    if level != placement.level {
        let why = "高风险案件至少由派出所调解";
        cases::add_event(
            c,
            id,
            "system",
            "escalated",
            (Some(i64::from(placement.level)), Some(i64::from(level))),
            why,
        )
        .await?;
    }
    let who = assignee.as_deref().unwrap_or("(本级暂无承办人)");
    cases::add_event(
        c,
        id,
        "system",
        "assigned",
        (None, Some(i64::from(level))),
        who,
    )
    .await?;
    if let Some(a) = &assignee {
        let title = format!(
            "新案件 {}:{}纠纷,{}前办理",
            new.tracking_code,
            intake.facts.category.label(),
            fengqiao_core::time::day(new.due_at)
        );
        tell(
            c,
            std::slice::from_ref(a),
            "assigned",
            title,
            id,
            &intake.region_path,
        )
        .await?;
    }
    if risk.level != RiskLevel::Blue {
        cases::add_event(
            c,
            id,
            "system",
            "risk_assessed",
            (None, None),
            &format!("风险评分 {}:{}", risk.score, risk.reasons.join(";")),
        )
        .await?;
    }
    if risk.is_high() {
        early_warning(c, id, &intake.region_path, &risk).await?;
    }
    for earlier in cases::settled_matches(c, now - REPEAT_WINDOW_MS, &pk, &ak).await? {
        let why = format!(
            "同一当事人或同一地点又发生纠纷({}),重新启动",
            new.tracking_code
        );
        apply_in(
            c,
            earlier,
            "system",
            Action::Reopen { at_least: level },
            &why,
            &policy,
        )
        .await?;
    }
    Ok(Intaken::New(Created {
        id,
        tracking_code: new.tracking_code,
        level,
        grid_code: new.grid_code,
        assignee,
        due_at: new.due_at,
        risk,
    }))
}

fn parse_vulnerability(s: &str) -> Option<Vulnerability> {
    match s {
        "elderly" => Some(Vulnerability::Elderly),
        "minor" => Some(Vulnerability::Minor),
        "disabled" => Some(Vulnerability::Disabled),
        _ => None,
    }
}

/// The machine's state stored in a case row.
pub fn state_of(c: &CaseRow) -> CaseState {
    CaseState {
        status: Status::parse(&c.status).unwrap_or(Status::Open),
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
async fn apply_in(
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

async fn apply_loaded(
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
    let mut u = CaseUpdate::of(row);
    let s = t.state;
    u.status = s.status.as_str().into();
    u.level = i64::from(s.level);
    u.failed_at_level = i64::from(s.failed_at_level);
    u.escalation_suggested = s.escalation_suggested;
    u.followups_pending = i64::from(s.followups_pending);
    u.has_agreement = s.has_agreement;
    u.last_followup_stable = s.last_followup_stable;
    let kind = match action {
        Action::Session(_) => "session",
        Action::Escalate => "escalated",
        Action::DeadlinePassed => "escalated",
        Action::HighRisk => "escalated",
        Action::HandBack { .. } => "handed_back",
        Action::Agree { .. } => "agreement",
        Action::FollowUp(_) => "followup",
        Action::Refer => "referred",
        Action::Reopen { .. } => "reopened",
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
                "session",
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
                    "escalated",
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
            "escalation_suggested",
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
            "assigned",
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
        let title = format!("案件 {} {what}至{}", row.tracking_code, level_label(to));
        tell(conn, &who, notice, title, id, &row.region_path).await?;
    }
    if s.status == Status::Closed {
        cases::add_event(
            conn,
            id,
            "system",
            "closed",
            (None, None),
            "最后一次回访情况稳定,结案",
        )
        .await?;
    }
    cases::save(conn, id, actor, &format!("dispute.{kind}"), &u).await?;
    Ok(t)
}

/// Re-scores a case after new words or a deadline; a newly high risk lifts it to at least the
/// police station and alerts the station and the town centre.
async fn reassess(
    conn: &mut Conn,
    id: i64,
    overdue: bool,
    policy: &Policy,
) -> Result<(), StoreError> {
    let row = cases::load_for_update(conn, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if row.status != "open" {
        return Ok(());
    }
    let notes = cases::session_notes(conn, id).await?;
    let vulnerable: Vec<Vulnerability> = cases::vulnerabilities(conn, id)
        .await?
        .iter()
        .filter_map(|v| parse_vulnerability(v))
        .collect();
    let repeats = cases::repeats(
        conn,
        row.created_at - REPEAT_WINDOW_MS,
        &row.parties_key,
        &row.address_key,
        id,
    )
    .await?;
    let mut texts: Vec<&str> = vec![&row.description];
    texts.extend(notes.iter().map(String::as_str));
    let risk = assess(&RiskInput {
        texts,
        repeats: u32::try_from(repeats).unwrap_or(u32::MAX),
        vulnerable,
        people: u32::try_from(row.people).unwrap_or(0),
        overdue,
    });
    if i64::from(risk.score) == row.risk_score {
        return Ok(());
    }
    let was_high = row.risk_level == RiskLevel::Red.as_str();
    let mut u = CaseUpdate::of(&row);
    u.risk_score = i64::from(risk.score);
    u.risk_level = risk.level.as_str().into();
    u.risk_reasons = reasons_json(&risk);
    cases::save(conn, id, "system", "dispute.risk", &u).await?;
    cases::add_event(
        conn,
        id,
        "system",
        "risk_assessed",
        (None, None),
        &format!("风险评分 {}:{}", risk.score, risk.reasons.join(";")),
    )
    .await?;
    if risk.is_high() && !was_high {
        early_warning(conn, id, &row.region_path, &risk).await?;
        let level = u8::try_from(row.level).unwrap_or(4);
        if level_for_risk(level, risk.level) > level {
            let row = cases::load_for_update(conn, id)
                .await?
                .ok_or(StoreError::NotFound)?;
            let detail = ActionDetail {
                reason: "高风险案件立即上交,至少由派出所调解".into(),
                ..ActionDetail::default()
            };
            apply_loaded(conn, &row, "system", Action::HighRisk, &detail, policy).await?;
        }
    }
    Ok(())
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

/// Escalates every open case whose level's deadline has passed. Returns how many moved.
pub async fn sweep(state: &AppState, now: i64) -> Result<usize, StoreError> {
    let ids = cases::overdue_ids(state.store.pool(), now, 500).await?;
    let mut moved = 0;
    for id in ids {
        let done = state
            .store
            .write(move |c| {
                Box::pin(async move {
                    let (_, policy) = policy_in(c, "system").await?;
                    let Some(row) = cases::load_for_update(c, id).await? else {
                        return Ok(false);
                    };
                    if row.status != "open" || row.due_at >= now || row.level >= 4 {
                        return Ok(false);
                    }
                    reassess(c, id, true, &policy).await?;
                    let row = cases::load_for_update(c, id)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    if row.status != "open" || row.due_at >= now {
                        return Ok(true);
                    }
                    let why = format!(
                        "超过{}办理期限,自动上交",
                        level_label(u8::try_from(row.level).unwrap_or(4))
                    );
                    let detail = ActionDetail {
                        reason: why,
                        ..ActionDetail::default()
                    };
                    apply_loaded(c, &row, "system", Action::DeadlinePassed, &detail, &policy)
                        .await?;
                    Ok(true)
                })
            })
            .await?;
        moved += usize::from(done);
    }
    Ok(moved)
}

/// Runs the sweep every minute for as long as the server runs.
pub fn spawn_sweeper(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = sweep(&state, now_ms()).await {
                tracing::warn!(error = %e, "mediation sweep failed");
            }
        }
    })
}

/// The policy in force, as the pages and the API read it (version 0: the default, not yet
/// stored).
pub async fn current_policy(store: &fengqiao_store::Store) -> Result<(i64, Policy), StoreError> {
    match fengqiao_store::versioned::current(
        store.pool(),
        fengqiao_store::versioned::Document::MediationPolicy,
    )
    .await?
    {
        Some((v, body)) => Ok((
            v,
            Policy::from_json(&body).map_err(|e| StoreError::Invalid(e.to_string()))?,
        )),
        None => Ok((0, Policy::default())),
    }
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

/// Parses a category or source name for the API, naming the list on failure.
pub fn category(s: &str) -> Result<Category, ApiError> {
    s.parse().map_err(|_| {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        ApiError::new(
            Code::Unprocessable,
            format!("未知的纠纷类别「{s}」,应为:{}", names.join("、")),
        )
    })
}

pub fn source(s: &str) -> Result<Source, ApiError> {
    s.parse().map_err(|_| {
        let names: Vec<&str> = Source::ALL.iter().map(|c| c.as_str()).collect();
        ApiError::new(
            Code::Unprocessable,
            format!("未知的来源「{s}」,应为:{}", names.join("、")),
        )
    })
}
