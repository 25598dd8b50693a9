//! Serving residents' workflow: the catalogue (the coordinator keeps it), online
//! applications with a deadline in working days on the official calendar (on hold the clock
//! stops; resuming counts the days that were left), and the calendar itself.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::Phone;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::services::applications::{self as store, ApplicationRow, NewApplication};
use fengqiao_store::services::{calendar, matters};
use fengqiao_store::{now_ms, StoreError};
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// Loads a holiday file (the page and `fengqiao import holidays` alike).
pub async fn load_calendar(state: &AppState, user: &User, text: &str) -> Result<usize, ApiError> {
    if !user.role.manages_district() {
        return Err(ApiError::forbidden("工作日历由区协调员导入"));
    }
    calendar::import(&state.store, text, &user.username).await.map_err(|e| match e {
        calendar::ImportError::File(e) => unprocessable(e.to_string()),
        calendar::ImportError::Store(e) => e.into(),
    })
}

/// A matter as the coordinator edits it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MatterBody {
    pub name: String,
    pub group: String,
    #[serde(default)]
    pub materials: String,
    #[serde(default)]
    pub steps: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub fees: String,
    pub time_limit_days: i64,
    #[serde(default)]
    pub legal_basis: String,
    #[serde(default = "yes")]
    pub online: bool,
}

fn yes() -> bool {
    true
}

/// A matter checked as the coordinator gave it (the page, the API and the spreadsheet alike).
pub fn check_matter(code: &str, m: MatterBody, actor: &str) -> Result<matters::MatterRow, ApiError> {
    let code = code.trim();
    if code.is_empty() || code.len() > 40 || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(unprocessable("事项编码只用字母、数字和连字符,不超过 40 个"));
    }
    let name = m.name.trim();
    if !(2..=60).contains(&name.chars().count()) || m.group.trim().is_empty() {
        return Err(unprocessable("事项名称应为 2 到 60 字,并写明类别"));
    }
    if !(1..=60).contains(&m.time_limit_days) {
        return Err(unprocessable("承诺时限应为 1 到 60 个工作日"));
    }
    let clip = |s: &str| s.trim().chars().take(4_000).collect::<String>();
    Ok(matters::MatterRow {
        code: code.to_owned(),
        name: name.to_owned(),
        group_name: m.group.trim().chars().take(20).collect(),
        materials: clip(&m.materials),
        steps: clip(&m.steps),
        place: clip(&m.place),
        fees: clip(&m.fees),
        time_limit_days: m.time_limit_days,
        legal_basis: clip(&m.legal_basis),
        online: i64::from(m.online),
        updated_by: actor.to_owned(),
        updated_at: now_ms(),
    })
}

/// Writes checked matters in one transaction, audited; how many were new.
pub async fn save_matters(state: &AppState, user: &User, rows: Vec<matters::MatterRow>) -> Result<usize, ApiError> {
    if !user.role.manages_district() {
        return Err(ApiError::forbidden("服务事项目录由区协调员维护"));
    }
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let mut new = 0;
                for row in &rows {
                    new += usize::from(matters::upsert(c, row).await?);
                    audit::append(c, &Entry { actor: &actor, action: "service_matter.save", record_type: "service_matter", record_id: &row.code, detail: "" }).await?;
                }
                Ok(new)
            })
        })
        .await?)
}

/// Writes a matter of the catalogue; true if it is new.
pub async fn save_matter(state: &AppState, user: &User, code: &str, m: MatterBody) -> Result<bool, ApiError> {
    if !user.role.manages_district() {
        return Err(ApiError::forbidden("服务事项目录由区协调员维护"));
    }
    let row = check_matter(code, m, &user.username)?;
    Ok(save_matters(state, user, vec![row]).await? == 1)
}

/// An online application.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Application {
    pub matter_code: String,
    pub applicant_name: String,
    pub applicant_phone: String,
    #[serde(default)]
    pub details: String,
    /// Where the applicant lives: a grid, or an address naming a compound.
    pub grid_code: Option<String>,
    pub address: Option<String>,
}

/// Takes an application; its deadline is the matter's time limit in working days.
pub async fn apply(state: &AppState, user: &User, a: Application) -> Result<i64, ApiError> {
    let pool = state.store.pool();
    let matter = matters::get(pool, a.matter_code.trim())
        .await?
        .filter(|m| m.online == 1)
        .ok_or_else(|| unprocessable(format!("没有可在线办理的事项「{}」", a.matter_code.chars().take(40).collect::<String>())))?;
    let name = a.applicant_name.trim().to_owned();
    if !(2..=30).contains(&name.chars().count()) {
        return Err(unprocessable("申请人姓名应为 2 到 30 字"));
    }
    let phone = a.applicant_phone.trim().parse::<Phone>().map_err(|e| unprocessable(format!("联系电话:{e}")))?;
    let place = crate::org::place::resolve(&state.atlas(), None, a.grid_code.as_deref(), a.address.as_deref())?;
    if let Some(scope) = user.scope() {
        if !scope.contains_path(&place.grid.path) {
            return Err(unprocessable(format!("{} 不在您的管辖范围内", place.grid.name)));
        }
    }
    let now = now_ms();
    let due_at = calendar::calendar(pool).await?.due(now, matter.time_limit_days);
    let new = NewApplication {
        tracking_code: fengqiao_core::ids::tracking::new("FS"),
        matter_code: matter.code.clone(),
        applicant_name: name,
        applicant_phone: phone.as_str().to_owned(),
        details: a.details.trim().chars().take(3_000).collect(),
        grid_code: place.grid.code.clone(),
        region_path: place.grid.path.clone(),
        due_at,
        created_by: user.username.clone(),
        created_at: now,
    };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert(c, &new).await?;
                audit::append(c, &Entry { actor: &actor, action: "service_application.apply", record_type: "service_application", record_id: &id.to_string(), detail: &new.matter_code }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// An application the caller may see: staff in scope, the applicant their own.
pub async fn visible(state: &AppState, user: &User, id: i64) -> Result<ApplicationRow, ApiError> {
    store::by_id(state.store.pool(), id)
        .await?
        .filter(|a| match user.scope() {
            Some(s) => s.contains_path(&a.region_path),
            None => a.created_by == user.username,
        })
        .ok_or_else(|| ApiError::not_found("没有这项申请,或您无权查看"))
}

/// What staff do with an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Waiting for the applicant (missing papers): the clock stops.
    Hold,
    Resume,
    Done,
    Refuse,
}

/// Moves an application on; holding keeps the working days left, resuming counts them again
/// from today.
pub async fn act(state: &AppState, user: &User, id: i64, step: Step, words: &str) -> Result<(), ApiError> {
    if !user.role.is_staff() {
        return Err(ApiError::forbidden("由工作人员办理"));
    }
    let a = visible(state, user, id).await?;
    let words = words.trim().chars().take(2_000).collect::<String>();
    let now = now_ms();
    let cal = calendar::calendar(state.store.pool()).await?;
    let (status, due, held, reason, reply) = match (step, a.status.as_str()) {
        (Step::Hold, "received") => {
            if words.chars().count() < 2 {
                return Err(unprocessable("暂停计时须写明原因(例如缺少哪份材料)"));
            }
            ("on_hold", a.due_at, Some(cal.remaining(now, a.due_at).max(1)), words, a.reply.clone())
        }
        (Step::Resume, "on_hold") => {
            let left = a.held_remaining.unwrap_or(1).max(1);
            // Today counts as one of the days left when it is a working day.
            let due = cal.due(now, left - i64::from(cal.is_working(fengqiao_core::calendar::date_of(now))));
            ("received", due, None, String::new(), a.reply.clone())
        }
        (Step::Done | Step::Refuse, "received" | "on_hold") => {
            if words.chars().count() < 2 {
                return Err(unprocessable("请写明办理结果"));
            }
            (if step == Step::Done { "done" } else { "refused" }, a.due_at, None, a.hold_reason.clone(), words)
        }
        (_, status) => return Err(ApiError::new(Code::Conflict, format!("这项申请{},不能这样办理", status_label(status)))),
    };
    let actor = user.username.clone();
    let action = match step {
        Step::Hold => "service_application.hold",
        Step::Resume => "service_application.resume",
        Step::Done => "service_application.done",
        Step::Refuse => "service_application.refuse",
    };
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let current = store::load(c, id).await?.ok_or(StoreError::NotFound)?;
                if current.updated_at != a.updated_at {
                    return Err(StoreError::Conflict("这项申请刚刚已被办理,请刷新后再看".into()));
                }
                store::save(c, id, (status, due, held), (&reason, &reply), now).await?;
                audit::append(c, &Entry { actor: &actor, action, record_type: "service_application", record_id: &id.to_string(), detail: status }).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// The status in words.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "received" => "办理中",
        "on_hold" => "暂停计时(等待补正)",
        "done" => "已办结",
        "refused" => "不予办理",
        _ => "未知",
    }
}
