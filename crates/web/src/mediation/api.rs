//! The mediation JSON API under `/api/v1`, scoped like everything else.

use super::intake::{build_intake, IntakeBody, Origin};
use super::service::{self, ActionDetail};
use super::views::{self, CaseDetail, CaseSummary};
use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::org::Page;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fengqiao_core::mediation::{Action, FollowUpResult, Outcome, Policy};
use fengqiao_core::text::search_tokens;
use fengqiao_core::time::DAY_MS;
use fengqiao_store::mediation::{self as cases, AgreementProgress, ListFilter, NewSession};
use fengqiao_store::{audit, now_ms, Backend};
use serde::Deserialize;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// Reads the caller, if any: residents reporting from the portal may be anonymous.
async fn optional_user(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<crate::auth::User>, ApiError> {
    crate::extract::same_origin_if_cookie(&axum::http::Method::POST, headers)?;
    match crate::session::credential(headers) {
        None => Ok(None),
        Some(token) => crate::session::user_for_token(state, token).await.map(Some),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<IntakeBody>,
) -> Result<Response, ApiError> {
    let user = optional_user(&state, &headers).await?;
    let key = match headers.get("idempotency-key").map(|v| v.to_str()) {
        None => None,
        Some(Ok(k)) if !k.is_empty() && k.len() <= 200 => Some(k.to_owned()),
        Some(_) => {
            return Err(ApiError::bad_request(
                "Idempotency-Key 应为 1 到 200 个可见字符",
            ))
        }
    };
    let origin = user
        .as_ref()
        .map_or(Origin::Anonymous(addr.ip()), Origin::User);
    let intake = build_intake(&state, origin, body, key)?;
    let actor = user
        .as_ref()
        .map_or_else(|| "anonymous".to_owned(), |u| u.username.clone());
    let outcome = service::intake(&state, actor, intake).await?;
    let fresh = matches!(outcome, service::Intaken::New(_));
    let linked = matches!(outcome, service::Intaken::Linked(..));
    let body = match outcome {
        service::Intaken::New(c) => json!({
            "id": c.id,
            "tracking_code": c.tracking_code,
            "status": "open",
            "level": c.level,
            "grid_code": c.grid_code,
            "assignee": c.assignee,
            "due_at": c.due_at,
            "risk": {"level": c.risk.level, "score": c.risk.score, "reasons": c.risk.reasons},
        }),
        service::Intaken::Replayed(id) | service::Intaken::Linked(id, _) => {
            let row = cases::by_id(state.store.pool(), id)
                .await?
                .ok_or_else(|| ApiError::internal("case vanished after intake"))?;
            json!({
                "id": row.id,
                "tracking_code": row.tracking_code,
                "status": row.status,
                "level": row.level,
                "grid_code": row.grid_code,
                "assignee": row.assignee,
                "due_at": row.due_at,
                "risk": {"level": row.risk_level, "score": row.risk_score, "reasons": serde_json::from_str::<Value>(&row.risk_reasons).unwrap_or(Value::Null)},
                "linked": linked,
            })
        }
    };
    // A repeated report of the same thing is linked to the first: nothing new was created.
    let status = if linked {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let mut res = (status, Json(body)).into_response();
    if !fresh && !linked {
        res.headers_mut().insert(
            "idempotent-replayed",
            header::HeaderValue::from_static("true"),
        );
    }
    Ok(res)
}

/// Loads a case in the caller's scope and records the read of its personal data.
pub async fn read_case(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
) -> Result<CaseDetail, ApiError> {
    let scope = user.staff_scope()?;
    let row = cases::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("案件 {id} 不存在或不在您的管辖范围内")))?;
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let e = audit::Entry {
                    actor: &actor,
                    action: "dispute.read",
                    record_type: "dispute",
                    record_id: &id.to_string(),
                    detail: "",
                };
                audit::append(c, &e).await.map(|_| ())
            })
        })
        .await?;
    Ok(views::detail(state, user, row).await?)
}

pub async fn get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(read_case(&state, &user, parse_id(&id)?).await?))
}

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

fn nonempty(s: &Option<String>) -> Option<&str> {
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
        Some(code) => {
            crate::org::region_in_scope(state, scope.path(), code)
                .await?
                .path
        }
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
    let words = nonempty(&p.q).map(search_tokens).filter(|w| !w.is_empty());
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
        now: now_ms(),
        before_id,
        limit: crate::org::page_size(p.page_size.as_deref())?,
    })
}

pub async fn list_page(state: &AppState, f: ListFilter) -> Result<Page<CaseSummary>, ApiError> {
    let limit = f.limit;
    let postgres = state.store.backend() == Backend::Postgres;
    let (mut rows, total) = cases::list(
        state.store.pool(),
        postgres,
        &ListFilter {
            limit: limit + 1,
            ..f
        },
    )
    .await?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id.to_string())
    } else {
        None
    };
    let now = now_ms();
    Ok(Page {
        items: rows.iter().map(|r| views::summary(r, now)).collect(),
        total,
        next_cursor,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<Page<CaseSummary>>, ApiError> {
    let f = filter(&state, &user, &p).await?;
    Ok(Json(list_page(&state, f).await?))
}

fn required(s: &str, what: &str, max: usize) -> Result<String, ApiError> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > max {
        return Err(ApiError::new(
            Code::Unprocessable,
            format!("{what}不能为空,且不超过 {max} 个字"),
        ));
    }
    Ok(t.to_owned())
}

fn names(list: &[String], what: &str) -> Result<String, ApiError> {
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

fn instant(s: Option<&str>) -> Result<i64, ApiError> {
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

pub fn session_action(
    user: &crate::auth::User,
    b: &SessionBody,
    level: i64,
) -> Result<(Action, ActionDetail), ApiError> {
    let outcome = match b.outcome.as_str() {
        "agreed" => Outcome::Agreed,
        "partial" => Outcome::Partial,
        "failed" => Outcome::Failed,
        "refused" => Outcome::Refused,
        o => {
            return Err(ApiError::new(
                Code::Unprocessable,
                format!("未知调解结果「{o}」,应为 agreed、partial、failed 或 refused"),
            ))
        }
    };
    let mode = match b.mode.as_str() {
        m @ ("face_to_face" | "separate") => m.to_owned(),
        m => {
            return Err(ApiError::new(
                Code::Unprocessable,
                format!("未知调解方式「{m}」,应为 face_to_face(面对面)或 separate(背对背)"),
            ))
        }
    };
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
        outcome: b.outcome.clone(),
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

async fn respond(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(read_case(state, user, id).await?))
}

async fn current_level(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
) -> Result<i64, ApiError> {
    let scope = user.staff_scope()?;
    Ok(cases::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("案件 {id} 不存在或不在您的管辖范围内")))?
        .level)
}

pub async fn add_session(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SessionBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let level = current_level(&state, &user, id).await?;
    let (action, detail) = session_action(&user, &b, level)?;
    service::act(&state, &user, id, action, detail).await?;
    respond(&state, &user, id).await
}

#[derive(Deserialize)]
pub struct ReasonBody {
    #[serde(default)]
    pub reason: String,
    pub to_level: Option<u8>,
}

pub async fn escalate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let reason = required(&b.reason, "上交理由", 1000)?;
    service::act(
        &state,
        &user,
        id,
        Action::Escalate,
        ActionDetail {
            reason,
            ..ActionDetail::default()
        },
    )
    .await?;
    respond(&state, &user, id).await
}

pub async fn handback(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let reason = required(&b.reason, "交回理由", 1000)?;
    let to = b
        .to_level
        .ok_or_else(|| ApiError::new(Code::Unprocessable, "需要 to_level(交回到第几级)"))?;
    service::act(
        &state,
        &user,
        id,
        Action::HandBack { to },
        ActionDetail {
            reason,
            ..ActionDetail::default()
        },
    )
    .await?;
    respond(&state, &user, id).await
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

/// Records the agreement on an open case; on an agreed case, updates its performance and
/// judicial confirmation (the application within 30 days of the agreement).
pub async fn agreement(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AgreementBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    apply_agreement(&state, &user, id, b).await?;
    respond(&state, &user, id).await
}

pub async fn apply_agreement(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
    b: AgreementBody,
) -> Result<(), ApiError> {
    let scope = user.staff_scope()?;
    let row = cases::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("案件 {id} 不存在或不在您的管辖范围内")))?;
    match (row.status.as_str(), &b.terms) {
        ("open", Some(terms)) => {
            let terms = required(terms, "协议内容", 10_000)?;
            if b.signatures.is_empty() || b.signatures.len() > 30 {
                return Err(ApiError::new(
                    Code::Unprocessable,
                    "协议需要当事人签名(1 到 30 人)",
                ));
            }
            let mut sigs = Vec::new();
            for s in &b.signatures {
                sigs.push((
                    required(&s.name, "签名人姓名", 50)?,
                    instant(s.signed_at.as_deref())?,
                ));
            }
            let agreed_at = sigs.iter().map(|(_, t)| *t).max().unwrap_or_else(now_ms);
            let (_, policy) = service::current_policy(&state.store).await?;
            let detail = ActionDetail {
                reason: format!("达成调解协议,安排 {} 次回访", policy.followup_days.len()),
                agreement: Some((
                    terms,
                    serde_json::to_string(&sigs).unwrap_or_default(),
                    agreed_at,
                )),
                ..ActionDetail::default()
            };
            let followups = u32::try_from(policy.followup_days.len()).unwrap_or(1);
            service::act(state, user, id, Action::Agree { followups }, detail).await?;
            Ok(())
        }
        ("open", None) => Err(ApiError::new(Code::Unprocessable, "需要协议内容 terms")),
        ("agreed", _) => {
            if !service::may(user, row.level, &Action::Escalate) {
                return Err(ApiError::forbidden("无权更新此协议"));
            }
            let agreed = cases::agreement(state.store.pool(), id)
                .await?
                .ok_or_else(|| ApiError::not_found("协议不存在"))?;
            let performance = match b.performance.as_deref() {
                None => None,
                Some(p @ ("pending" | "partial" | "fulfilled" | "breached")) => Some(p.to_owned()),
                Some(p) => {
                    return Err(ApiError::new(
                        Code::Unprocessable,
                        format!("未知履行情况「{p}」,应为 pending、partial、fulfilled 或 breached"),
                    ))
                }
            };
            let applied = b
                .judicial_applied_at
                .as_deref()
                .map(crate::extract::day)
                .transpose()?;
            if let Some(a) = applied {
                let start = agreed.agreed_at - DAY_MS;
                if a < start || a > agreed.agreed_at + 30 * DAY_MS {
                    return Err(ApiError::new(
                        Code::Unprocessable,
                        "司法确认申请应在协议达成之日起 30 日内提出",
                    ));
                }
            }
            let filed = b
                .judicial_filed_at
                .as_deref()
                .map(crate::extract::day)
                .transpose()?;
            if filed.is_some() && applied.or(agreed.judicial_applied_at).is_none() {
                return Err(ApiError::new(
                    Code::Unprocessable,
                    "尚未申请司法确认,不能登记立案日期",
                ));
            }
            let p = AgreementProgress {
                performance,
                performance_note: b.performance_note.map(|n| n.chars().take(2000).collect()),
                judicial_applied_at: applied,
                judicial_filed_at: filed,
                judicial_result: b.judicial_result.map(|r| r.chars().take(500).collect()),
            };
            let actor = user.username.clone();
            state
                .store
                .write(move |c| {
                    Box::pin(async move {
                        cases::update_agreement(c, id, &actor, &p).await?;
                        cases::add_event(
                            c,
                            id,
                            &actor,
                            "agreement",
                            (None, None),
                            "更新协议履行或司法确认情况",
                        )
                        .await
                    })
                })
                .await?;
            Ok(())
        }
        (status, _) => Err(ApiError::new(
            Code::Conflict,
            format!(
                "案件{},不能登记协议",
                fengqiao_core::mediation::Status::parse(status).map_or("", |s| s.label())
            ),
        )),
    }
}

#[derive(Deserialize)]
pub struct FollowUpBody {
    pub result: String,
    #[serde(default)]
    pub notes: String,
}

pub fn followup_action(b: &FollowUpBody) -> Result<(Action, ActionDetail), ApiError> {
    let result = match b.result.as_str() {
        "stable" => FollowUpResult::Stable,
        "unstable" => FollowUpResult::Unstable,
        r => {
            return Err(ApiError::new(
                Code::Unprocessable,
                format!("未知回访结果「{r}」,应为 stable 或 unstable"),
            ))
        }
    };
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

pub async fn followup(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<FollowUpBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let (action, detail) = followup_action(&b)?;
    service::act(&state, &user, id, action, detail).await?;
    respond(&state, &user, id).await
}

#[derive(Deserialize)]
pub struct ReferBody {
    pub channel: String,
    #[serde(default)]
    pub guidance: String,
}

pub fn refer_action(b: &ReferBody) -> Result<(Action, ActionDetail), ApiError> {
    let channel = match b.channel.as_str() {
        "litigation" => "诉讼",
        "arbitration" => "仲裁",
        "administrative" => "行政渠道",
        c => {
            return Err(ApiError::new(
                Code::Unprocessable,
                format!("未知渠道「{c}」,应为 litigation、arbitration 或 administrative"),
            ))
        }
    };
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

pub async fn refer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReferBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    // Who may act comes before what the body says, so a resident learns nothing from it.
    user.staff_scope()?;
    let id = parse_id(&id)?;
    let (action, detail) = refer_action(&b)?;
    service::act(&state, &user, id, action, detail).await?;
    respond(&state, &user, id).await
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
    let code = nonempty(&p.region).map_or_else(|| scope.root().to_string(), str::to_owned);
    let region = crate::org::region_in_scope(state, scope.path(), &code).await?;
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

pub async fn funnel(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<FunnelParams>,
) -> Result<Json<Value>, ApiError> {
    let (path, code, from, to) = funnel_scope(&state, &user, &p).await?;
    let levels = cases::funnel(state.store.pool(), &path, from, to, now_ms()).await?;
    let items: Vec<Value> = levels
        .iter()
        .map(|l| {
            json!({
                "level": l.level,
                "label": fengqiao_core::mediation::level_label(u8::try_from(l.level).unwrap_or(4)),
                "entered": l.entered,
                "resolved": l.resolved,
                "escalated": l.escalated,
                "open": l.open,
                "overdue": l.overdue,
                "median_days_to_resolve": l.median_days,
            })
        })
        .collect();
    Ok(Json(
        json!({"region": code, "from": from, "to": to, "levels": items}),
    ))
}

pub async fn get_policy(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    user.staff_scope()?;
    let (version, policy) = service::current_policy(&state.store).await?;
    Ok(Json(json!({"version": version, "policy": policy})))
}

/// Stores a new policy version; only the district coordinator and administrators may.
pub async fn put_policy(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    if !user.role.may_list_accounts() {
        return Err(ApiError::forbidden(
            "只有区政法委协调员和系统管理员可以修改调解策略",
        ));
    }
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("策略应为 UTF-8 编码的 JSON"))?;
    let policy =
        Policy::from_json(text).map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?;
    let body = serde_json::to_string(&policy).map_err(ApiError::internal)?;
    let actor = user.username.clone();
    let version = state
        .store
        .write(move |c| {
            Box::pin(async move {
                fengqiao_store::versioned::add(
                    c,
                    fengqiao_store::versioned::Document::MediationPolicy,
                    &body,
                    &actor,
                )
                .await
            })
        })
        .await?;
    Ok(Json(json!({"version": version, "policy": policy})))
}

#[derive(Deserialize, Default)]
pub struct MediatorParams {
    pub region: Option<String>,
}

pub async fn mediators(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<MediatorParams>,
) -> Result<Json<Value>, ApiError> {
    let scope = user.staff_scope()?;
    let code = nonempty(&p.region).map_or_else(|| scope.root().to_string(), str::to_owned);
    let region = crate::org::region_in_scope(&state, scope.path(), &code).await?;
    let pool = cases::mediators_for(state.store.pool(), &region.path).await?;
    let items: Vec<Value> = pool
        .into_iter()
        .map(|m| json!({"id": m.id, "name": m.name, "kind": m.kind, "organisation": m.organisation, "region_code": m.region_code}))
        .collect();
    Ok(Json(json!({"items": items})))
}

/// Largest photo accepted.
pub async fn add_photo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = parse_id(&id)?;
    current_level(&state, &user, id).await?;
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if body.is_empty() {
        return Err(ApiError::bad_request("照片内容为空"));
    }
    if body.len() > crate::upload::MAX_PHOTO {
        return Err(ApiError::new(Code::PayloadTooLarge, "照片不能超过 10 MB"));
    }
    let kind = crate::upload::sniff(&body).ok_or_else(|| {
        ApiError::new(Code::UnsupportedMediaType, "只接受 JPEG、PNG 或 WebP 照片")
    })?;
    if declared != kind {
        return Err(ApiError::new(
            Code::UnsupportedMediaType,
            format!("声明的类型 {declared} 与文件内容({kind})不符"),
        ));
    }
    let actor = user.username.clone();
    let data = body.to_vec();
    let photo = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let p = cases::add_photo(c, id, kind, &data, &actor).await?;
                cases::add_event(c, id, &actor, "photo_added", (None, None), kind).await?;
                Ok(p)
            })
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": photo, "url": format!("/api/v1/disputes/{id}/photos/{photo}")})),
    ))
}

pub async fn get_photo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, photo)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    current_level(&state, &user, id).await?;
    let photo = parse_id(&photo)?;
    let (kind, data) = cases::photo(state.store.pool(), id, photo)
        .await?
        .ok_or_else(|| ApiError::not_found("照片不存在"))?;
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        data,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct MediatorBody {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub organisation: String,
    pub region_code: Option<String>,
}

/// Adds a member to the joint-mediation pool (departments, lawyers, deputies, committee
/// members); town command centres for their town, the coordinator anywhere.
pub async fn add_mediator(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<MediatorBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let scope = user.staff_scope()?;
    if !matches!(
        user.role,
        fengqiao_core::Role::TownCommand
            | fengqiao_core::Role::DistrictCoordinator
            | fengqiao_core::Role::Admin
    ) {
        return Err(ApiError::forbidden(
            "只有镇街指挥中心和区政法委协调员可以管理调解员库",
        ));
    }
    let kind = match b.kind.as_str() {
        k @ ("department" | "lawyer" | "deputy" | "committee_member" | "mediator") => k.to_owned(),
        k => return Err(ApiError::new(Code::Unprocessable, format!("未知调解员类型「{k}」,应为 department、lawyer、deputy、committee_member 或 mediator"))),
    };
    let name = required(&b.name, "姓名", 50)?;
    let organisation: String = b.organisation.trim().chars().take(100).collect();
    let code = b.region_code.unwrap_or_else(|| scope.root().to_string());
    crate::org::region_in_scope(&state, scope.path(), &code).await?;
    let actor = user.username.clone();
    let (n, k, o, c) = (
        name.clone(),
        kind.clone(),
        organisation.clone(),
        code.clone(),
    );
    let id = state
        .store
        .write(move |conn| {
            Box::pin(async move { cases::add_mediator(conn, &n, &k, &o, &c, &actor).await })
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"id": id, "name": name, "kind": kind, "organisation": organisation, "region_code": code}),
        ),
    ))
}
