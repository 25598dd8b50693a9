//! What staff send about a case, parsed into typed commands at the edge: list filters, session,
//! agreement, follow-up and referral bodies, funnel periods. Unknown values are refused by name.

use crate::error::{ApiError, Code};
use crate::extract::ScopedRegion;
use crate::mediation::service::ActionDetail;
use crate::AppState;
use fengqiao_core::mediation::{Action, FollowUpResult, Outcome};
use fengqiao_core::mediation::{ReferralChannel, SessionMode, UnknownName};
use fengqiao_core::text::search_tokens;
use fengqiao_core::time::DAY_MS;
use fengqiao_store::mediation::{ListFilter, NewSession};
use fengqiao_store::now_ms;
use serde::Deserialize;

pub fn parse_id(s: &str) -> Result<i64, ApiError> {
    s.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError::bad_request(format!(
            "案件编号「{}」无效",
            s.chars().take(30).collect::<String>()
        ))
    })
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    pub status: Option<String>,
    pub level: Option<String>,
    pub region: Option<String>,
    pub overdue: Option<String>,
    pub risk: Option<String>,
    pub q: Option<String>,
    pub assignee: Option<String>,
    pub page_size: Option<String>,
    pub cursor: Option<String>,
}

pub(crate) fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Turns list parameters into a scoped filter, refusing unknown values by name.
pub async fn filter(
    state: &AppState,
    user: &crate::auth::User,
    p: &ListParams,
) -> Result<ListFilter, ApiError> {
    let scope = user.staff_scope()?;
    let within = match nonempty(&p.region) {
        None => scope.path().to_owned(),
        Some(code) => ScopedRegion::resolve(&state.atlas(), &scope, Some(code))?.path,
    };
    let status = match nonempty(&p.status) {
        None => None,
        Some(s) if fengqiao_core::mediation::Status::parse(s).is_some() => Some(s.to_owned()),
        Some(s) => {
            return Err(ApiError::bad_request(format!(
                "未知状态「{s}」,应为 open、agreed、closed 或 referred"
            )))
        }
    };
    let level = match nonempty(&p.level) {
        None => None,
        Some(l) => Some(
            l.parse::<i64>()
                .ok()
                .filter(|l| (1..=4).contains(l))
                .ok_or_else(|| ApiError::bad_request("level 应为 1 到 4"))?,
        ),
    };
    let overdue = match nonempty(&p.overdue) {
        None => None,
        Some("true" | "1") => Some(true),
        Some("false" | "0") => Some(false),
        Some(_) => return Err(ApiError::bad_request("overdue 应为 true 或 false")),
    };
    let risk = match nonempty(&p.risk) {
        None => None,
        Some(r @ ("red" | "orange" | "yellow" | "blue")) => Some(r.to_owned()),
        Some("high") => Some("red".to_owned()),
        Some(r) => {
            return Err(ApiError::bad_request(format!(
                "未知风险等级「{r}」,应为 red、orange、yellow、blue 或 high"
            )))
        }
    };
    let assignee = match nonempty(&p.assignee) {
        None => None,
        Some("me") => Some(user.username.clone()),
        Some(a) => Some(a.to_owned()),
    };
    // A tracking code read out by a resident finds its case; anything else is words.
    let tracking_code = nonempty(&p.q).and_then(fengqiao_core::ids::tracking::in_query);
    let words = nonempty(&p.q)
        .filter(|_| tracking_code.is_none())
        .map(search_tokens)
        .filter(|w| !w.is_empty());
    let before_id = match nonempty(&p.cursor) {
        None => None,
        Some(c) => Some(
            c.parse::<i64>()
                .map_err(|_| ApiError::bad_request("cursor 无效"))?,
        ),
    };
    Ok(ListFilter {
        within_path: within,
        status,
        level,
        overdue,
        risk,
        assignee,
        words,
        tracking_code,
        now: now_ms(),
        before_id,
        limit: crate::org::page_size(p.page_size.as_deref())?,
    })
}

pub(crate) fn required(s: &str, what: &str, max: usize) -> Result<String, ApiError> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > max {
        return Err(ApiError::new(
            Code::Unprocessable,
            format!("{what}不能为空,且不超过 {max} 个字"),
        ));
    }
    Ok(t.to_owned())
}

pub(crate) fn names(list: &[String], what: &str) -> Result<String, ApiError> {
    if list.len() > 30
        || list
            .iter()
            .any(|n| n.trim().is_empty() || n.chars().count() > 50)
    {
        return Err(ApiError::new(
            Code::Unprocessable,
            format!("{what}应为不超过 30 个的姓名,每个不超过 50 字"),
        ));
    }
    Ok(serde_json::to_string(list).unwrap_or_else(|_| "[]".into()))
}

#[derive(Deserialize)]
pub struct SessionBody {
    pub held_at: Option<String>,
    pub mediators: Vec<String>,
    #[serde(default)]
    pub parties_present: Vec<String>,
    pub mode: String,
    pub outcome: String,
    #[serde(default)]
    pub notes: String,
}

pub(crate) fn instant(s: Option<&str>) -> Result<i64, ApiError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(now_ms()),
        Some(t) => chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| d.timestamp_millis())
            .map_err(|_| {
                ApiError::new(
                    Code::Unprocessable,
                    format!("时间「{t}」应为 RFC 3339 格式,如 2026-11-27T09:30:00+08:00"),
                )
            }),
    }
}

/// A named value from a body; an unknown one answers 422 naming the values it should be.
pub fn named<T: std::str::FromStr<Err = UnknownName>>(s: &str) -> Result<T, ApiError> {
    s.trim()
        .parse()
        .map_err(|e: UnknownName| ApiError::new(Code::Unprocessable, e.to_string()))
}

pub fn session_action(
    user: &crate::auth::User,
    b: &SessionBody,
    level: i64,
) -> Result<(Action, ActionDetail), ApiError> {
    let outcome: Outcome = named(&b.outcome)?;
    let mode: SessionMode = named(&b.mode)?;
    if b.mediators.is_empty() {
        return Err(ApiError::new(Code::Unprocessable, "至少要有一名调解员"));
    }
    if b.notes.chars().count() > 5000 {
        return Err(ApiError::new(Code::Unprocessable, "调解记录不超过 5000 字"));
    }
    let held_at = instant(b.held_at.as_deref())?;
    if held_at > now_ms() + 3_600_000 {
        return Err(ApiError::new(Code::Unprocessable, "调解时间不能在将来"));
    }
    let session = NewSession {
        level,
        held_at,
        mediators: names(&b.mediators, "调解员")?,
        parties_present: names(&b.parties_present, "到场当事人")?,
        mode,
        outcome,
        notes: b.notes.trim().to_owned(),
        recorded_by: user.username.clone(),
    };
    let reason = format!(
        "{}:{}",
        outcome.label(),
        session.notes.chars().take(200).collect::<String>()
    );
    Ok((
        Action::Session(outcome),
        ActionDetail {
            reason,
            session: Some(session),
            ..ActionDetail::default()
        },
    ))
}

#[derive(Deserialize)]
pub struct ReasonBody {
    #[serde(default)]
    pub reason: String,
    pub to_level: Option<u8>,
}

#[derive(Deserialize)]
pub struct SignatureBody {
    pub name: String,
    pub signed_at: Option<String>,
}

#[derive(Deserialize)]
pub struct AgreementBody {
    pub terms: Option<String>,
    #[serde(default)]
    pub signatures: Vec<SignatureBody>,
    pub performance: Option<String>,
    pub performance_note: Option<String>,
    pub judicial_applied_at: Option<String>,
    pub judicial_filed_at: Option<String>,
    pub judicial_result: Option<String>,
}

#[derive(Deserialize)]
pub struct FollowUpBody {
    pub result: String,
    #[serde(default)]
    pub notes: String,
}

pub fn followup_action(b: &FollowUpBody) -> Result<(Action, ActionDetail), ApiError> {
    let result: FollowUpResult = named(&b.result)?;
    let notes: String = b.notes.trim().chars().take(2000).collect();
    let reason = match result {
        FollowUpResult::Stable => format!("回访:情况稳定。{notes}"),
        FollowUpResult::Unstable => format!("回访:情况不稳定,重新调解。{notes}"),
    };
    Ok((
        Action::FollowUp(result),
        ActionDetail {
            reason,
            followup_notes: notes,
            ..ActionDetail::default()
        },
    ))
}

#[derive(Deserialize)]
pub struct ReferBody {
    pub channel: String,
    #[serde(default)]
    pub guidance: String,
}

pub fn refer_action(b: &ReferBody) -> Result<(Action, ActionDetail), ApiError> {
    let channel = named::<ReferralChannel>(&b.channel)?.label();
    let guidance = required(&b.guidance, "引导说明", 2000)?;
    let referral = format!("{channel}:{guidance}");
    Ok((
        Action::Refer,
        ActionDetail {
            reason: format!("当事人拒绝调解,已引导至{referral}"),
            referral: Some(referral),
            ..ActionDetail::default()
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct FunnelParams {
    pub region: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Resolves funnel parameters: the region in scope (its path and code) and the period.
pub async fn funnel_scope(
    state: &AppState,
    user: &crate::auth::User,
    p: &FunnelParams,
) -> Result<(String, String, i64, i64), ApiError> {
    let scope = user.staff_scope()?;
    let region = ScopedRegion::resolve(&state.atlas(), &scope, nonempty(&p.region))?;
    let to = nonempty(&p.to)
        .map(crate::extract::day)
        .transpose()?
        .map_or(now_ms() + DAY_MS, |t| t + DAY_MS);
    let from = nonempty(&p.from)
        .map(crate::extract::day)
        .transpose()?
        .unwrap_or(to - 366 * DAY_MS);
    if from >= to {
        return Err(ApiError::bad_request("from 应早于 to"));
    }
    Ok((region.path, region.code, from, to))
}

#[derive(Deserialize, Default)]
pub struct MediatorParams {
    pub region: Option<String>,
}

#[derive(Deserialize)]
pub struct MediatorBody {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub organisation: String,
    pub region_code: Option<String>,
}
