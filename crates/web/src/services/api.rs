//! Serving residents over JSON: the catalogue (open to everyone: residents look things up
//! before they sign in), online applications (residents their own, staff in scope; phones
//! masked in lists), and the working calendar.

use super::service::{self, Application, MatterBody, Step};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::time::day;
use fengqiao_core::Phone;
use fengqiao_store::now_ms;
use fengqiao_store::services::applications::{self as store, ApplicationRow};
use fengqiao_store::services::{calendar, matters};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Serialize)]
pub struct MatterView {
    pub code: String,
    pub name: String,
    pub group: String,
    pub materials: String,
    pub steps: String,
    pub place: String,
    pub fees: String,
    pub time_limit_days: i64,
    /// "5 个工作日".
    pub time_limit: String,
    pub legal_basis: String,
    pub online: bool,
}

pub fn matter(m: matters::MatterRow) -> MatterView {
    MatterView {
        time_limit: format!("{} 个工作日", m.time_limit_days),
        online: m.online == 1,
        code: m.code,
        name: m.name,
        group: m.group_name,
        materials: m.materials,
        steps: m.steps,
        place: m.place,
        fees: m.fees,
        time_limit_days: m.time_limit_days,
        legal_basis: m.legal_basis,
    }
}

/// A matter as an entry of the whole catalogue, beside what residents report: the portal's
/// fields (`service_code`, `service_name`, `group`, `kind`, `description`) and the guide's.
fn entry(m: MatterView) -> Value {
    let mut v = serde_json::to_value(&m).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut v {
        o.insert("service_code".into(), json!(m.code));
        o.insert("service_name".into(), json!(m.name));
        o.insert("kind".into(), json!("matter"));
        o.insert("description".into(), json!(format!("办事指南:承诺 {}", m.time_limit)));
        o.insert("guide".into(), json!(format!("/services/{}", m.code)));
    }
    v
}

/// `GET /api/v1/services`: the whole catalogue — what residents report (disputes, hazards,
/// needs, eco problems) and the matters they look up and apply for.
pub async fn list_matters(State(state): State<AppState>) -> Result<Json<Vec<Value>>, ApiError> {
    let mut out: Vec<Value> = crate::portal::api::catalogue(&state).into_iter().map(|s| serde_json::to_value(s).unwrap_or(Value::Null)).collect();
    out.extend(matters::all(state.store.pool()).await?.into_iter().map(|m| entry(matter(m))));
    Ok(Json(out))
}

/// `GET /api/v1/services/{code}`: a matter's guide, or a reportable service.
pub async fn get_matter(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Value>, ApiError> {
    if let Some(m) = matters::get(state.store.pool(), &code).await? {
        return Ok(Json(entry(matter(m))));
    }
    crate::portal::api::catalogue(&state)
        .into_iter()
        .find(|s| s.service_code == code)
        .map(|s| Json(serde_json::to_value(s).unwrap_or(Value::Null)))
        .ok_or_else(|| ApiError::not_found("没有这个服务事项"))
}

pub async fn put_matter(State(state): State<AppState>, ApiUser(user): ApiUser, Path(code): Path<String>, ApiJson(b): ApiJson<MatterBody>) -> Result<(StatusCode, Json<MatterView>), ApiError> {
    if crate::portal::api::catalogue(&state).iter().any(|s| s.service_code == code.trim()) {
        return Err(ApiError::new(crate::error::Code::Conflict, "这是群众反映事项的编码,请另取一个"));
    }
    let new = service::save_matter(&state, &user, &code, b).await?;
    let m = matters::get(state.store.pool(), code.trim()).await?.ok_or_else(|| ApiError::not_found("没有这个服务事项"))?;
    Ok((if new { StatusCode::CREATED } else { StatusCode::OK }, Json(matter(m))))
}

#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView {
    pub id: i64,
    pub tracking_code: String,
    pub matter_code: String,
    pub matter_name: String,
    pub applicant_name: String,
    pub applicant_phone: String,
    pub details: String,
    pub grid_name: String,
    pub status: String,
    pub status_label: &'static str,
    /// The last day of the time limit.
    pub due: String,
    /// Working days left (today included when it is one); negative when overdue; while on hold,
    /// the days that were left when the clock stopped.
    pub remaining_working_days: i64,
    pub overdue: bool,
    pub hold_reason: String,
    pub reply: String,
    pub received: String,
    pub finished: Option<String>,
}

pub fn application(state: &AppState, cal: &fengqiao_core::calendar::WorkCalendar, a: ApplicationRow, mask: bool) -> ApplicationView {
    let now = now_ms();
    let open = a.finished_at.is_none();
    let remaining = match (a.status.as_str(), a.held_remaining) {
        ("on_hold", Some(left)) => left,
        _ if open => cal.remaining(now, a.due_at),
        _ => 0,
    };
    ApplicationView {
        grid_name: state.atlas().get(&a.grid_code).map_or_else(|| a.grid_code.clone(), |g| g.name.clone()),
        applicant_phone: match (mask, a.applicant_phone.parse::<Phone>()) {
            (true, Ok(p)) => p.masked(),
            _ => a.applicant_phone.clone(),
        },
        status_label: service::status_label(&a.status),
        due: day(a.due_at),
        remaining_working_days: remaining,
        overdue: open && a.status == "received" && a.due_at < now,
        received: fengqiao_core::time::minute(a.created_at),
        finished: a.finished_at.map(fengqiao_core::time::minute),
        id: a.id,
        tracking_code: a.tracking_code,
        matter_code: a.matter_code,
        matter_name: a.matter_name,
        applicant_name: a.applicant_name,
        details: a.details,
        status: a.status,
        hold_reason: a.hold_reason,
        reply: a.reply,
    }
}

pub async fn visible_list(state: &AppState, user: &User) -> Result<Vec<ApplicationView>, ApiError> {
    let pool = state.store.pool();
    let rows = match user.scope() {
        Some(s) => store::list(pool, s.path(), 300).await?,
        None => store::of_applicant(pool, &user.username).await?,
    };
    let cal = calendar::calendar(pool).await?;
    Ok(rows.into_iter().map(|a| application(state, &cal, a, true)).collect())
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<ApplicationView>>, ApiError> {
    Ok(Json(visible_list(&state, &user).await?))
}

/// One application: staff read it with the phone masked, and the reading is audited; the
/// applicant sees their own in full.
pub async fn one(state: &AppState, user: &User, id: i64) -> Result<ApplicationView, ApiError> {
    let a = service::visible(state, user, id).await?;
    let staff = user.role.is_staff();
    if staff {
        state.store.read_audited(&user.username, "service_application.read", "service_application", &id.to_string(), "").await?;
    }
    let cal = calendar::calendar(state.store.pool()).await?;
    Ok(application(state, &cal, a, staff))
}

pub async fn apply(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(a): ApiJson<Application>) -> Result<(StatusCode, Json<ApplicationView>), ApiError> {
    let id = service::apply(&state, &user, a).await?;
    Ok((StatusCode::CREATED, Json(one(&state, &user, id).await?)))
}

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<ApplicationView>, ApiError> {
    Ok(Json(one(&state, &user, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct ActBody {
    /// `hold`, `resume`, `done` or `refuse`.
    pub action: String,
    #[serde(default)]
    pub text: String,
}

pub fn step_of(action: &str) -> Result<Step, ApiError> {
    match action.trim() {
        "hold" => Ok(Step::Hold),
        "resume" => Ok(Step::Resume),
        "done" => Ok(Step::Done),
        "refuse" => Ok(Step::Refuse),
        other => Err(ApiError::new(crate::error::Code::Unprocessable, format!("未知的办理动作「{}」,应为:hold、resume、done、refuse", other.chars().take(20).collect::<String>()))),
    }
}

pub async fn act(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<ActBody>) -> Result<Json<ApplicationView>, ApiError> {
    service::act(&state, &user, id, step_of(&b.action)?, &b.text).await?;
    Ok(Json(one(&state, &user, id).await?))
}

pub async fn get_calendar(State(state): State<AppState>, ApiUser(_): ApiUser) -> Result<Json<Value>, ApiError> {
    let days: Vec<Value> = calendar::entries(state.store.pool())
        .await?
        .into_iter()
        .map(|(d, kind, name)| json!({"day": d, "kind": kind, "kind_label": fengqiao_core::calendar::DayKind::label_of(&kind), "name": name}))
        .collect();
    Ok(Json(json!({ "days": days })))
}

/// `POST /api/v1/calendar`: the body is the holiday file itself.
pub async fn load_calendar(State(state): State<AppState>, ApiUser(user): ApiUser, body: String) -> Result<Json<Value>, ApiError> {
    let n = service::load_calendar(&state, &user, &body).await?;
    Ok(Json(json!({ "loaded": n })))
}

/// `GET /api/v1/services/export`: the catalogue as .xlsx.
pub async fn export(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    if !user.role.manages_district() {
        return Err(ApiError::forbidden("服务事项目录由区协调员维护"));
    }
    let bytes = super::sheet::export(&matters::all(state.store.pool()).await?)?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"services.xlsx\""),
        ],
        bytes,
    )
        .into_response())
}

/// `POST /api/v1/services/import`: the body is the workbook; 422 with every bad row named, and
/// nothing written, when any row is bad.
pub async fn import(State(state): State<AppState>, ApiUser(user): ApiUser, body: axum::body::Bytes) -> Result<(StatusCode, Json<super::sheet::Report>), ApiError> {
    let report = super::sheet::import(&state, &user, body.to_vec()).await?;
    let status = if report.written { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(report)))
}
