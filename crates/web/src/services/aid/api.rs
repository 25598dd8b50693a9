//! Emergency aid over JSON. Lists mask the ID number and phone; a reviewer opening one
//! application sees them whole (others masked), and every staff reading is audited. The tracking answer is public
//! and carries no personal data: the kind, the state, each step's decision and reasons.

use super::service::{self, AidBody, DecisionBody};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser, ClientIp};
use crate::session::User;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fengqiao_core::services::aid::{AidKind, AidStatus, Stage};
use fengqiao_core::time::{day, minute};
use fengqiao_core::{IdNumber, Phone};
use fengqiao_store::services::aid::{self as store, AidRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub stage: String,
    pub stage_label: &'static str,
    pub approved: bool,
    pub decision: &'static str,
    pub reasons: String,
    pub checked: Vec<String>,
    pub decided_by: String,
    pub decided: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded: String,
    pub url: String,
}

/// Another application by the same ID number.
#[derive(Debug, Clone, Serialize)]
pub struct SamePerson {
    pub id: i64,
    pub tracking_code: String,
    pub kind_label: &'static str,
    pub status_label: &'static str,
    pub applied: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AidView {
    pub id: i64,
    pub tracking_code: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub applicant_name: String,
    /// Masked in lists.
    pub id_number: String,
    pub phone: String,
    pub place: String,
    pub situation: String,
    pub amount_asked: i64,
    pub urgent: bool,
    pub status: String,
    pub status_label: &'static str,
    /// The step that decides next, in words.
    pub waiting_for: Option<&'static str>,
    pub applied: String,
    pub checklist: Vec<&'static str>,
    pub decisions: Vec<DecisionView>,
    pub documents: Vec<DocumentView>,
    pub same_person: Vec<SamePerson>,
    pub paid_amount: Option<i64>,
    pub paid: Option<String>,
    pub payment_note: String,
}

fn masked_id(s: &str) -> String {
    s.parse::<IdNumber>().map(|i| i.masked()).unwrap_or_else(|_| "***".into())
}

fn masked_phone(s: &str) -> String {
    s.parse::<Phone>().map(|p| p.masked()).unwrap_or_else(|_| "***".into())
}

fn base(state: &AppState, a: AidRow, whole: bool) -> AidView {
    let kind = AidKind::parse(&a.kind);
    let status = AidStatus::parse(&a.status);
    AidView {
        kind_label: kind.map_or("救助", AidKind::label),
        status_label: status.map_or("未知", AidStatus::label),
        waiting_for: status.and_then(AidStatus::stage).map(Stage::label),
        checklist: kind.map(|k| k.checklist().to_vec()).unwrap_or_default(),
        place: state.atlas().get(&a.grid_code).map_or_else(|| a.grid_code.clone(), |g| g.name.clone()),
        id_number: if whole { a.id_number.clone() } else { masked_id(&a.id_number) },
        phone: if whole { a.phone.clone() } else { masked_phone(&a.phone) },
        applied: minute(a.created_at),
        paid: a.paid_at.map(minute),
        urgent: a.urgent == 1,
        id: a.id,
        tracking_code: a.tracking_code,
        kind: a.kind,
        applicant_name: a.applicant_name,
        situation: a.situation,
        amount_asked: a.amount_asked,
        status: a.status,
        paid_amount: a.paid_amount,
        payment_note: a.payment_note,
        decisions: Vec::new(),
        documents: Vec::new(),
        same_person: Vec::new(),
    }
}

async fn decisions(state: &AppState, id: i64, names: bool) -> Result<Vec<DecisionView>, ApiError> {
    let rows = store::decisions(state.store.pool(), id).await?;
    let who = crate::people::names(state, rows.iter().map(|d| d.decided_by.as_str())).await?;
    Ok(rows
        .into_iter()
        .map(|d| DecisionView {
            stage_label: Stage::parse(&d.stage).map_or("审核", Stage::label),
            approved: d.approve == 1,
            decision: if d.approve == 1 { "通过" } else { "不通过" },
            checked: d.checked.lines().map(str::to_owned).collect(),
            // The applicant is told which step decided, not by whom.
            decided_by: if names { who.of(&d.decided_by) } else { String::new() },
            decided: minute(d.decided_at),
            stage: d.stage,
            reasons: d.reasons,
        })
        .collect())
}

/// One application in full, for its applicant or staff who can see it (staff reads audited).
pub async fn detail(state: &AppState, user: &User, id: i64) -> Result<AidView, ApiError> {
    let a = service::visible(state, user, id).await?;
    let staff = user.role.is_staff();
    if staff {
        state.store.read_audited(&user.username, "aid.read", "aid_application", &id.to_string(), "").await?;
    }
    let pool = state.store.pool();
    let same = if staff { store::same_person(pool, &a.id_number, id).await? } else { Vec::new() };
    // The ID number and phone whole only for the applicant and the reviewers, who check them.
    let whole = (a.created_by == user.username && !staff) || service::stage_of(user).is_some();
    let mut v = base(state, a, whole);
    v.decisions = decisions(state, id, staff).await?;
    v.documents = store::documents(pool, id)
        .await?
        .into_iter()
        .map(|d| DocumentView { url: format!("/aid/{id}/documents/{}", d.id), uploaded: minute(d.uploaded_at), id: d.id, name: d.name, content_type: d.content_type, size: d.size })
        .collect();
    v.same_person = same
        .into_iter()
        .map(|(id, code, kind, status, at)| SamePerson { id, tracking_code: code, kind_label: AidKind::parse(&kind).map_or("救助", AidKind::label), status_label: AidStatus::parse(&status).map_or("", AidStatus::label), applied: day(at) })
        .collect();
    Ok(v)
}

/// The caller's list: staff their scope's, a resident their own; masked.
pub async fn visible_list(state: &AppState, user: &User) -> Result<Vec<AidView>, ApiError> {
    let pool = state.store.pool();
    let rows = match user.scope() {
        Some(s) => store::within(pool, s.path(), 500).await?,
        None => store::of_applicant(pool, &user.username).await?,
    };
    Ok(rows.into_iter().map(|a| base(state, a, false)).collect())
}

pub async fn apply(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<AidBody>) -> Result<(StatusCode, Json<AidView>), ApiError> {
    let (id, _) = service::apply(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &user, id).await?)))
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<AidView>>, ApiError> {
    Ok(Json(visible_list(&state, &user).await?))
}

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<AidView>, ApiError> {
    Ok(Json(detail(&state, &user, id).await?))
}

pub async fn decide(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<DecisionBody>) -> Result<Json<AidView>, ApiError> {
    service::decide(&state, &user, id, b).await?;
    Ok(Json(detail(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct PaymentBody {
    pub amount: i64,
    #[serde(default)]
    pub note: String,
}

pub async fn pay(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<PaymentBody>) -> Result<Json<AidView>, ApiError> {
    service::pay(&state, &user, id, b.amount, &b.note).await?;
    Ok(Json(detail(&state, &user, id).await?))
}

#[derive(Debug, Deserialize, Default)]
pub struct DocumentQuery {
    pub name: Option<String>,
}

/// `POST …/documents?name=诊断证明.pdf`: the body is the file.
pub async fn attach(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiQuery(q): ApiQuery<DocumentQuery>, body: Bytes) -> Result<(StatusCode, Json<AidView>), ApiError> {
    service::attach(&state, &user, id, q.name.as_deref().unwrap_or_default(), body.to_vec()).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &user, id).await?)))
}

/// A document's bytes, for whoever can see the application (staff reads audited).
pub async fn document_response(state: &AppState, user: &User, id: i64, doc: i64) -> Result<Response, ApiError> {
    service::visible(state, user, id).await?;
    let (content_type, data) = store::document(state.store.pool(), id, doc).await?.ok_or_else(|| ApiError::not_found("没有这份材料"))?;
    if user.role.is_staff() {
        state.store.read_audited(&user.username, "aid.document_read", "aid_application", &id.to_string(), &doc.to_string()).await?;
    }
    Ok(([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, "attachment".to_owned()), (header::CACHE_CONTROL, "private, no-store".to_owned())], data).into_response())
}

pub async fn document(State(state): State<AppState>, ApiUser(user): ApiUser, Path((id, doc)): Path<(i64, i64)>) -> Result<Response, ApiError> {
    document_response(&state, &user, id, doc).await
}

/// What a tracking code shows, without signing in.
#[derive(Debug, Clone, Serialize)]
pub struct Tracked {
    pub tracking_code: String,
    pub kind_label: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub waiting_for: Option<&'static str>,
    pub applied: String,
    pub decisions: Vec<DecisionView>,
    pub paid_amount: Option<i64>,
    pub paid: Option<String>,
}

pub async fn tracked(state: &AppState, ip: std::net::IpAddr, code: &str) -> Result<Tracked, ApiError> {
    let code = code.trim().to_uppercase();
    if state.track_limiter.check(&format!("aid:{ip}"), ip).is_err() {
        return Err(ApiError::new(crate::error::Code::TooManyRequests, "查询过于频繁,请稍后再试"));
    }
    let not_found = || ApiError::not_found("没有这个查询码对应的救助申请,请核对");
    let a = match store::by_tracking_code(state.store.pool(), &code).await? {
        Some(a) => a,
        None => {
            state.track_limiter.record_failure(&format!("aid:{ip}"), ip);
            return Err(not_found());
        }
    };
    let id = a.id;
    let v = base(state, a, false);
    Ok(Tracked {
        decisions: decisions(state, id, false).await?,
        tracking_code: v.tracking_code,
        kind_label: v.kind_label,
        status: v.status,
        status_label: v.status_label,
        waiting_for: v.waiting_for,
        applied: v.applied,
        paid_amount: v.paid_amount,
        paid: v.paid,
    })
}

pub async fn track(State(state): State<AppState>, ClientIp(ip): ClientIp, Path(code): Path<String>) -> Result<Json<Tracked>, ApiError> {
    Ok(Json(tracked(&state, ip, &code).await?))
}
