//! Intake: placement by the current policy, the early warning, assignment and deadline, the
//! same report linked, settled cases between the same parties reopened.

use super::act::apply_in;
use crate::error::{ApiError, Code};
use crate::mediation::service::{
    notice_name,
    ancestors, assignee_for, policy_in, reasons_json, tell, REPEAT_WINDOW_MS,
};
use crate::AppState;
use fengqiao_core::mediation::CaseEvent;
use fengqiao_core::mediation::{
    assess, level_for_risk, level_label, Action, Facts, MediationLevel, Placement, Policy,
    Category, RiskAssessment, RiskInput, Source, Vulnerability,
};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::{RiskLevel, Role};
use fengqiao_store::mediation::{self as cases, NewCase, NewEvent, NewParty, POLICY};
use fengqiao_store::{accounts, now_ms, BoxFuture, Conn, StoreError};

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

pub(crate) fn tracking_code() -> String {
    fengqiao_core::ids::tracking::new("FQ")
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

pub(crate) async fn early_warning(
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
    cases::add_event(
        conn,
        id,
        "system",
        CaseEvent::EarlyWarning,
        (None, None),
        &detail,
    )
    .await?;
    let title = format!("高风险预警:案件 #{id},评分 {}", risk.score);
    tell(conn, &notified, "high_risk", title, id, region_path).await
}

/// Records a new dispute: placement by the current policy, early warning, assignment and
/// deadline; settled cases between the same parties or at the same address are reopened.
/// A retry with the same idempotency key returns the first case. What can be decided from
/// reads (policy, placement, risk, assignee) is decided on the read pool first, so that the
/// one writer only checks what must be checked in order and writes.
pub async fn intake(state: &AppState, actor: String, intake: Intake) -> Result<Intaken, ApiError> {
    let search = search_text(&intake);
    let now = now_ms();
    let decided = {
        let policy = fengqiao_store::versioned::in_force(&state.store, POLICY).await?;
        let mut reader = state.store.pool().acquire().await.map_err(StoreError::from)?;
        decide_ahead(&mut reader, policy, &intake, now).await?
    };
    let result = state
        .store
        .write_folded(move |c| {
            Box::pin(async move { intake_decided(c, &actor, intake, now, search, decided).await })
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

/// What an intake decides before it writes.
#[derive(Debug, Clone)]
pub struct Decided {
    version: i64,
    policy: Policy,
    placement: Placement,
    risk: RiskAssessment,
    level: MediationLevel,
    assignee: Option<String>,
}

/// The decisions read on any connection under the policy in force (version and document, as
/// `versioned::in_force` shows it: a save on another node reaches intakes here within a
/// second, and each case records the version it was placed by), or `None` while no policy is
/// stored yet (the first intake stores the default one, which only the writer may do).
pub async fn decide_ahead(
    c: &mut Conn,
    policy: Option<(i64, String)>,
    intake: &Intake,
    now: i64,
) -> Result<Option<Decided>, StoreError> {
    match policy {
        Some((version, body)) => {
            let policy = Policy::from_json(&body).map_err(|e| StoreError::Invalid(e.to_string()))?;
            Ok(Some(decide(c, version, policy, intake, now).await?))
        }
        None => Ok(None),
    }
}

async fn decide(
    c: &mut Conn,
    version: i64,
    policy: Policy,
    intake: &Intake,
    now: i64,
) -> Result<Decided, StoreError> {
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
    Ok(Decided {
        version,
        policy,
        placement,
        risk,
        level,
        assignee,
    })
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
    case_words(
        intake.facts.category,
        &intake.description,
        &intake.address,
        &names,
        &intake.region_path,
    )
}

/// The words of a case's parts, and the words of its region scope.
pub fn case_words(
    category: Category,
    description: &str,
    address: &str,
    names: &[&str],
    region_path: &str,
) -> String {
    let words = fengqiao_core::text::search_tokens(&format!(
        "{} {description} {address} {}",
        category.label(),
        names.join(" ")
    ));
    format!(
        "{words} {}",
        fengqiao_store::dialect::scope_words(region_path)
    )
}

/// Cases' search words, made afresh when the dictionary changes (`search::words`).
pub const CASE_WORDS: crate::search::words::Words = crate::search::words::Words {
    topic: "search_words:disputes",
    page: |store, after| {
        Box::pin(async move {
            let texts = fengqiao_store::mediation::words::texts_after(
                store.pool(),
                after,
                crate::search::words::PAGE,
            )
            .await?;
            Ok(texts
                .iter()
                .map(|t| {
                    let names: Vec<&str> = t.names.iter().map(String::as_str).collect();
                    let words =
                        case_words(t.category, &t.description, &t.address, &names, &t.region_path);
                    (t.id, words)
                })
                .collect())
        })
    },
    table: "disputes",
};

/// The job that makes cases' words afresh on the leading node.
pub fn case_words_job(state: &AppState) -> BoxFuture<'_, Result<(), String>> {
    Box::pin(async move {
        crate::search::words::refresh(&state.store, &CASE_WORDS)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}

/// The intake inside a write job, at instant `now` (the demo backdates its cases), deciding
/// everything on the writer's connection.
pub async fn intake_in(
    c: &mut Conn,
    actor: &str,
    intake: Intake,
    now: i64,
    search: String,
) -> Result<Intaken, StoreError> {
    intake_decided(c, actor, intake, now, search, None).await
}

/// The intake inside a write job, with what was decided ahead if anything. It may run with its
/// savepoint deferred (`Store::write_folded`): its reads come first, and each path opens the
/// savepoint before its first write, or sends it with the case (`cases::insert`).
pub async fn intake_decided(
    c: &mut Conn,
    actor: &str,
    intake: Intake,
    now: i64,
    search: String,
    decided: Option<Decided>,
) -> Result<Intaken, StoreError> {
    if let Some(key) = &intake.idempotency_key {
        if let Some(id) = cases::by_idempotency_key(c, key).await? {
            return Ok(Intaken::Replayed(id));
        }
    }
    if let (Source::Resident, Some(phone)) = (intake.facts.source, &intake.reporter_phone) {
        let since = fengqiao_core::time::start_of_day(now);
        if let Some((id, _)) = cases::same_report(c, phone, &intake.grid_code, since).await? {
            // The second report gets a receipt of its own: answering with the first report's
            // code would hand it to anyone who knows a resident's phone and grid.
            let receipt = tracking_code();
            fengqiao_store::group::open_savepoint(c).await?;
            cases::add_receipt(c, id, &receipt, actor, now).await?;
            let detail = format!("同一电话当天在同一网格再次反映:{}", intake.description);
            cases::add_event(c, id, actor, CaseEvent::LinkedReport, (None, None), &detail).await?;
            for p in &intake.photos {
                cases::add_photo(c, id, p.content_type, &p.data, actor).await?;
            }
            fengqiao_store::audit::append(
                c,
                &fengqiao_store::audit::Entry {
                    actor,
                    action: "dispute.linked_report",
                    record_type: "dispute",
                    record_id: &id.to_string(),
                    detail: &receipt,
                },
            )
            .await?;
            return Ok(Intaken::Linked(id, receipt));
        }
    }
    let Decided {
        version,
        policy,
        placement,
        risk,
        level,
        assignee,
    } = match decided {
        Some(d) => d,
        None => {
            fengqiao_store::group::open_savepoint(c).await?;
            let (version, policy) = policy_in(c, actor).await?;
            decide(c, version, policy, &intake, now).await?
        }
    };
    let pk = parties_key(&intake.parties);
    let ak = address_key(&intake.grid_code, &intake.address);
    let new = NewCase {
        placed_level: i64::from(placement.level),
        tracking_code: tracking_code(),
        idempotency_key: intake.idempotency_key.clone(),
        category: intake.facts.category,
        source: intake.facts.source,
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
        risk_level: risk.level,
        risk_reasons: reasons_json(&risk),
        policy_version: version,
        reporter_phone: intake.reporter_phone.clone(),
        created_by: actor.to_owned(),
        created_at: now,
        search_text: search,
        parties: intake.parties.clone(),
    };
    let placed = format!(
        "按第 {version} 版策略定为{}:{}",
        level_label(placement.level),
        placement.reasons.join(";")
    );
    let assessed = format!("风险评分 {}:{}", risk.score, risk.reasons.join(";"));
    let (from, to) = (i64::from(placement.level), i64::from(level));
    let mut events = vec![NewEvent {
        actor,
        kind: CaseEvent::Created,
        levels: (None, Some(from)),
        detail: &placed,
    }];
    if level != placement.level {
        events.push(NewEvent {
            actor: "system",
            kind: CaseEvent::Escalated,
            levels: (Some(from), Some(to)),
            detail: "高风险案件至少由派出所调解",
        });
    }
    events.push(NewEvent {
        actor: "system",
        kind: CaseEvent::Assigned,
        levels: (None, Some(to)),
        detail: assignee.as_deref().unwrap_or("(本级暂无承办人)"),
    });
    if risk.level != RiskLevel::Blue {
        events.push(NewEvent {
            actor: "system",
            kind: CaseEvent::RiskAssessed,
            levels: (None, None),
            detail: &assessed,
        });
    }
    let id = cases::insert(c, &new, &events).await?;
    for p in &intake.photos {
        cases::add_photo(c, id, p.content_type, &p.data, actor).await?;
    }
    if let Some(a) = &assignee {
        let title = format!(
            "新案件 {}:{}纠纷,{}前办理",
            notice_name(id, intake.facts.source, &new.tracking_code),
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

pub(crate) fn parse_vulnerability(s: &str) -> Option<Vulnerability> {
    match s {
        "elderly" => Some(Vulnerability::Elderly),
        "minor" => Some(Vulnerability::Minor),
        "disabled" => Some(Vulnerability::Disabled),
        _ => None,
    }
}
