//! Door-to-door care's workflow: staff register a person (or an enterprise) with the consent
//! and its date; the next visit's due and latest dates follow from the category's plan; a
//! visit records what was done and found, and a finding opens a need or a dispute through the
//! portal's desks (the visit keeps its tracking code). Reads of one person are audited.

use crate::error::{ApiError, Code};
use crate::portal::submit::{Channel, Submission};
use crate::session::User;
use crate::AppState;
use fengqiao_core::calendar::{date_of, start_of};
use fengqiao_core::services::care::{next_visit, on_time, CareCategory};
use fengqiao_core::{IdNumber, Phone};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::services::care::{self as store, CareRow, NewCare, NewVisit};
use fengqiao_store::now_ms;
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// A person or enterprise as staff register them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CareBody {
    pub category: String,
    pub name: String,
    /// Required for a person, checked; none for an enterprise.
    pub id_number: Option<String>,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    pub grid_code: Option<String>,
    /// The day consent was given, `2026-11-20`; consent is required to be on the register.
    pub consent_day: String,
    /// How it was given (signed form, in person with a witness…).
    #[serde(default)]
    pub consent_note: String,
}

fn staff_only(user: &User) -> Result<fengqiao_core::region::Scope, ApiError> {
    if !user.role.is_staff() {
        return Err(ApiError::forbidden("关爱对象名册由工作人员维护"));
    }
    user.staff_scope()
}

pub async fn register(state: &AppState, user: &User, b: CareBody) -> Result<i64, ApiError> {
    let scope = staff_only(user)?;
    let category: CareCategory = b.category.trim().parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let name = b.name.trim().to_owned();
    if !(2..=60).contains(&name.chars().count()) {
        return Err(unprocessable("姓名或企业名称应为 2 到 60 字"));
    }
    let id_number = match (category.is_person(), b.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty())) {
        (true, None) => return Err(unprocessable("身份证号:请填写")),
        (true, Some(n)) => Some(n.parse::<IdNumber>().map_err(|e| unprocessable(format!("身份证号:{e}")))?.as_str().to_owned()),
        (false, n) => n.map(str::to_owned).filter(|_| false),
    };
    let phone = match b.phone.trim() {
        "" => String::new(),
        p => p.parse::<Phone>().map_err(|e| unprocessable(format!("联系电话:{e}")))?.as_str().to_owned(),
    };
    let consent = chrono::NaiveDate::parse_from_str(b.consent_day.trim(), "%Y-%m-%d").map_err(|_| unprocessable("同意日期:请按 2026-11-20 的格式填写本人(或监护人)同意的日期"))?;
    let now = now_ms();
    let consent_at = start_of(consent);
    if consent > date_of(now) {
        return Err(unprocessable("同意日期不能晚于今天"));
    }
    let place = crate::org::place::resolve(&state.atlas(), None, b.grid_code.as_deref(), Some(&b.address))?;
    if !scope.contains_path(&place.grid.path) {
        return Err(unprocessable(format!("{} 不在您的管辖范围内", place.grid.name)));
    }
    // The first visit is planned from the registration.
    let (due_at, latest_at) = next_visit(category, now);
    let new = NewCare {
        category: category.as_str().into(),
        name,
        id_number,
        phone,
        address: b.address.trim().chars().take(100).collect(),
        grid_code: place.grid.code.clone(),
        region_path: place.grid.path.clone(),
        consent_at,
        consent_note: b.consent_note.trim().chars().take(200).collect(),
        due_at,
        latest_at,
        created_by: user.username.clone(),
        created_at: now,
    };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert(c, &new).await?;
                audit::append(c, &Entry { actor: &actor, action: "care.register", record_type: "care_register", record_id: &id.to_string(), detail: &new.category }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// One person on the register, for staff whose scope holds them; the reading is audited.
pub async fn visible(state: &AppState, user: &User, id: i64) -> Result<CareRow, ApiError> {
    let scope = staff_only(user)?;
    let row = store::by_id(state.store.pool(), id)
        .await?
        .filter(|r| scope.contains_path(&r.region_path))
        .ok_or_else(|| ApiError::not_found("名册中没有这个对象,或不在您的管辖范围内"))?;
    state.store.read_audited(&user.username, "care.read", "care_register", &id.to_string(), "").await?;
    Ok(row)
}

/// A visit as the visitor logs it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct VisitBody {
    /// What was done (送政策、送服务、送关怀…).
    pub done: String,
    /// What was found, if anything.
    #[serde(default)]
    pub found: String,
    /// A finding that needs follow-up opens one: a service code of the portal (a need such as
    /// `need-elderly`, or a dispute category such as `dispute-neighbour`).
    pub open_service: Option<String>,
    /// When the visit was, `2026-12-01T10:00`; now by default.
    pub visited_at: Option<String>,
}

/// Logs a visit; answers the visit's id and the tracking code of what its finding opened.
pub async fn visit(state: &AppState, user: &User, id: i64, v: VisitBody) -> Result<(i64, Option<String>), ApiError> {
    let person = visible(state, user, id).await?;
    let category = CareCategory::parse(&person.category).ok_or_else(|| ApiError::internal("未知的关爱对象类别"))?;
    let done = v.done.trim().to_owned();
    if !(2..=2_000).contains(&done.chars().count()) {
        return Err(unprocessable("请写明走访做了什么(2 到 2000 字)"));
    }
    let found = v.found.trim().chars().take(2_000).collect::<String>();
    let now = now_ms();
    let at = match v.visited_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => fengqiao_core::time::parse_instant(s).ok_or_else(|| unprocessable("走访时间格式应为 2026-12-01T10:00"))?,
        None => now,
    };
    if at > now + 60_000 || at < person.created_at.min(person.consent_at) {
        return Err(unprocessable("走访时间不能晚于现在,也不能早于登记"));
    }
    // The finding first: the visit records what it opened.
    let finding = match v.open_service.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => {
            if found.chars().count() < 5 {
                return Err(unprocessable("发现问题需要跟进时,请写明发现的情况(至少 5 字)"));
            }
            let (desk, service) = crate::portal::desk_for(state, code).ok_or_else(|| unprocessable(format!("没有服务事项「{}」", code.chars().take(40).collect::<String>())))?;
            let submitted = desk
                .submit(
                    state,
                    Channel::Account(user),
                    service,
                    Submission {
                        service_code: code.to_owned(),
                        description: format!("入户走访发现({}):{found}", person.name),
                        grid_code: Some(person.grid_code.clone()),
                        address: Some(person.address.clone()).filter(|a| !a.is_empty()),
                        phone: Some(person.phone.clone()).filter(|p| !p.is_empty()),
                        name: Some(person.name.clone()),
                        ..Submission::default()
                    },
                )
                .await?;
            Some(submitted.tracking_code)
        }
    };
    let visit = NewVisit {
        register_id: id,
        visited_at: at,
        visitor: user.username.clone(),
        done,
        found,
        finding: finding.clone(),
        on_time: on_time(at, person.latest_at),
        region_path: person.region_path.clone(),
        next: next_visit(category, at.max(person.last_visit_at.unwrap_or(0))),
    };
    let actor = user.username.clone();
    let visit_id = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let vid = store::visit(c, &visit).await?;
                audit::append(c, &Entry { actor: &actor, action: "care.visit", record_type: "care_register", record_id: &id.to_string(), detail: if visit.on_time { "on_time" } else { "late" } }).await?;
                Ok(vid)
            })
        })
        .await?;
    Ok((visit_id, finding))
}
