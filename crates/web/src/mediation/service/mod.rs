//! The mediation workflow: intake, actions and the deadline sweep. Each runs as one write job,
//! so the case row, its timeline, its parts and the audit entries change together or not at
//! all; the rules themselves come from `fengqiao_core::mediation`. Pages and the API call the
//! same functions.

use crate::auth::User;
use crate::AppState;
use crate::error::{ApiError, Code};
use fengqiao_core::mediation::{Category, MediationLevel, Policy, RiskAssessment, Source};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Role;
use fengqiao_store::{accounts, inbox, now_ms, Conn, StoreError};

/// How high a role reaches in the funnel (see `fengqiao_core::mediation::reach`).
pub use fengqiao_core::mediation::reach as actor_level;

const REPEAT_WINDOW_MS: i64 = 90 * DAY_MS;

/// The current placement policy, storing the default as version 1 on first use.
pub async fn policy_in(conn: &mut Conn, actor: &str) -> Result<(i64, Policy), StoreError> {
    match fengqiao_store::versioned::current(&mut *conn, fengqiao_store::mediation::POLICY).await? {
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
                    fengqiao_store::mediation::POLICY,
                    &body,
                    actor,
                )
                .await?,
                p,
            ))
        }
    }
}

/// How a notice (which webhooks carry out too) names a case: residents' own reports by their
/// tracking code, which the reporter holds anyway; cases staff recorded (screening, 110,
/// referrals) by their number only, since the code is the key to the case's public page.
pub fn notice_name(id: i64, source: Source, tracking_code: &str) -> String {
    if matches!(source, Source::Resident | Source::Hotline12345) {
        tracking_code.to_owned()
    } else {
        format!("#{id}")
    }
}

/// The policy in force, as the pages and the API read it (version 0: the default, not yet
/// stored); read at most once a second per node (`versioned::in_force`).
pub async fn current_policy(store: &fengqiao_store::Store) -> Result<(i64, Policy), StoreError> {
    match fengqiao_store::versioned::in_force(store, fengqiao_store::mediation::POLICY).await? {
        Some((v, body)) => Ok((
            v,
            Policy::from_json(&body).map_err(|e| StoreError::Invalid(e.to_string()))?,
        )),
        None => Ok((0, Policy::default())),
    }
}

/// Publishes a new policy (the coordinator and administrators only); a document that does not
/// parse or validate answers 422 with the reason.
pub async fn save_policy(
    state: &AppState,
    user: &User,
    text: &str,
) -> Result<(i64, Policy), ApiError> {
    if !user.role.may_list_accounts() {
        return Err(ApiError::forbidden(
            "只有区政法委协调员和系统管理员可以修改调解策略",
        ));
    }
    let policy =
        Policy::from_json(text).map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?;
    let body = serde_json::to_string(&policy).map_err(ApiError::internal)?;
    let version = fengqiao_store::versioned::save(
        &state.store,
        fengqiao_store::mediation::POLICY,
        body,
        &user.username,
    )
    .await?;
    Ok((version, policy))
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

fn reasons_json(r: &RiskAssessment) -> String {
    serde_json::to_string(&r.reasons).unwrap_or_else(|_| "[]".into())
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

mod act;
mod agreement;
mod intake;
mod read;
mod risk;

pub use act::{act, act_in, allowed, may, state_of, ActionDetail, Allowed};
pub use agreement::apply_agreement;
pub use intake::{
    case_words, case_words_job, decide_ahead, intake, intake_decided, intake_in, search_text, Created,
    Decided, Intake, Intaken,
    CASE_WORDS,
};
pub use read::{access_log, list_page, read_case, reveal_phone, AccessLine, CaseList};
pub use risk::{sweep, sweep_job};
