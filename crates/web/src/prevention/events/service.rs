//! Applying (the rules decide at once what happens next, and an accepted application goes to
//! the town police station's leader with a notice), deciding, and reporting afterwards. An
//! organiser with an account sees their own applications; staff those in their scope.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::prevention::events::{assess, intake, EventStatus, Intake, LEAD_DAYS};
use fengqiao_core::{Phone, Role};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::prevention::events::{self as store, EventRow, NewEvent};
use fengqiao_store::{accounts, inbox, now_ms};
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// An application as the organiser gives it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Application {
    pub name: String,
    pub organiser: String,
    pub organiser_contact: String,
    pub venue: String,
    pub lon: f64,
    pub lat: f64,
    pub crs: Option<String>,
    /// ISO 8601, or a day (Beijing midnight).
    pub starts_at: String,
    pub ends_at: String,
    pub expected_people: u32,
    pub venue_capacity: u32,
    pub exits: u32,
    #[serde(default)]
    pub plan: String,
}

fn text(s: &str, what: &str, max: usize) -> Result<String, ApiError> {
    let s = s.trim().to_owned();
    if s.is_empty() || s.chars().count() > max {
        return Err(unprocessable(format!("{what}不能为空,且不超过 {max} 字")));
    }
    Ok(s)
}

fn instant(s: &str, what: &str) -> Result<i64, ApiError> {
    fengqiao_core::time::parse_instant(s)
        .ok_or_else(|| unprocessable(format!("{what}「{}」应为日期或 ISO 8601 时间", s.chars().take(40).collect::<String>())))
}

/// Records an application and answers it by the rules at once.
pub async fn apply(state: &AppState, user: &User, a: Application) -> Result<i64, ApiError> {
    let contact = a
        .organiser_contact
        .trim()
        .parse::<Phone>()
        .map_err(|e| unprocessable(format!("主办方联系电话:{e}")))?;
    fengqiao_core::geo::check_lon_lat(a.lon, a.lat).map_err(|e| unprocessable(e.to_string()))?;
    let (lon, lat) = crate::org::place::crs(a.crs.as_deref())?.to_wgs84(a.lon, a.lat);
    let grid = state
        .atlas()
        .locate_grid(lon, lat)
        .cloned()
        .ok_or_else(|| unprocessable("活动场地不在本区任何网格内"))?;
    if let Some(scope) = user.scope() {
        if !scope.contains_path(&grid.path) {
            return Err(unprocessable(format!("{} 不在您的管辖范围内", grid.name)));
        }
    }
    let (starts_at, ends_at) = (instant(&a.starts_at, "开始时间")?, instant(&a.ends_at, "结束时间")?);
    let now = now_ms();
    if ends_at <= starts_at || starts_at < now {
        return Err(unprocessable("活动应在今后举行,结束时间晚于开始时间"));
    }
    if a.expected_people == 0 || a.expected_people > 1_000_000 || a.venue_capacity > 1_000_000 || a.exits > 1_000 {
        return Err(unprocessable("预计人数、场地容量、出口数应为合理的正数"));
    }
    let plan = a.plan.trim().chars().take(5_000).collect::<String>();
    let (risk, reasons) = assess(a.expected_people, a.venue_capacity, a.exits, !plan.is_empty());
    let (status, reason, decide_by) = match intake(a.expected_people, starts_at, now) {
        Intake::NotRequired => (EventStatus::NotRequired, format!("预计 {} 人,不足 1000 人,无需安全许可;请做好自身安全工作", a.expected_people), None),
        Intake::TooLate { days_before } => (
            EventStatus::Refused,
            format!("应在活动举办 {LEAD_DAYS} 日前提出申请,本次申请距活动仅 {days_before} 日"),
            None,
        ),
        Intake::ToCity => (EventStatus::ReferredCity, format!("预计 {} 人,达到 5000 人,由市公安局审批(已记录,本平台不作决定)", a.expected_people), None),
        Intake::Accepted { decide_by } => (EventStatus::Accepted, "已受理,7 日内作出决定".to_owned(), Some(decide_by)),
    };
    let new = NewEvent {
        name: text(&a.name, "活动名称", 60)?,
        organiser: text(&a.organiser, "主办方", 60)?,
        organiser_contact: contact.as_str().to_owned(),
        venue: text(&a.venue, "场地", 100)?,
        grid_code: grid.code.clone(),
        region_path: grid.path.clone(),
        lon,
        lat,
        starts_at,
        ends_at,
        expected_people: i64::from(a.expected_people),
        venue_capacity: i64::from(a.venue_capacity),
        exits: i64::from(a.exits),
        plan,
        status: status.as_str(),
        status_reason: reason,
        risk_level: risk.as_str(),
        risk_reasons: reasons.join(";"),
        decide_by,
        reviewer: None,
    };
    let actor = user.username.clone();
    let town = grid.path.split('/').nth(2).map(str::to_owned).unwrap_or_default();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let mut new = new;
                if new.decide_by.is_some() {
                    new.reviewer = match accounts::first_with_role(c, &town, "station_leader").await? {
                        Some(r) => Some(r),
                        None => accounts::first_with_role(c, &town, "town_command").await?,
                    };
                }
                let id = store::insert(c, &new, &actor, now).await?;
                if let Some(r) = &new.reviewer {
                    let notice = inbox::Notice {
                        kind: "large_event".into(),
                        title: format!("大型活动待审批:{}(7 日内决定)", new.name),
                        link: format!("/large-events/{id}"),
                        tracking_code: None,
                        region_path: new.region_path.clone(),
                    };
                    inbox::notify(c, std::slice::from_ref(r), &notice, now).await?;
                }
                audit::append(c, &Entry { actor: &actor, action: "large_event.apply", record_type: "large_event", record_id: &id.to_string(), detail: new.status }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// An application the caller may see: staff in scope, the organiser's own.
pub async fn visible(state: &AppState, user: &User, id: i64) -> Result<EventRow, ApiError> {
    let e = store::by_id(state.store.pool(), id).await?;
    e.filter(|e| match user.scope() {
        Some(scope) => scope.contains_path(&e.region_path),
        None => e.created_by == user.username,
    })
    .ok_or_else(|| ApiError::not_found("没有这项申请,或您无权查看"))
}

/// Who may decide: the police and the district.
pub fn may_decide(role: Role) -> bool {
    matches!(role, Role::PoliceOfficer | Role::StationLeader | Role::DistrictCoordinator | Role::Admin)
}

/// Approves with conditions or refuses with reasons an accepted application in the caller's
/// scope.
pub async fn decide(state: &AppState, user: &User, id: i64, approve: bool, words: &str) -> Result<(), ApiError> {
    if !may_decide(user.role) {
        return Err(ApiError::forbidden("大型活动安全许可由公安机关决定"));
    }
    let e = visible(state, user, id).await?;
    if e.status != EventStatus::Accepted.as_str() {
        return Err(ApiError::new(Code::Conflict, format!("这项申请{},不在待审批状态", EventStatus::label_of(&e.status))));
    }
    let words = words.trim().to_owned();
    if !approve && words.is_empty() {
        return Err(unprocessable("不予许可须写明理由"));
    }
    if approve && e.risk_level == "red" {
        return Err(unprocessable(format!("风险评估为红色({}),整改前不能许可", e.risk_reasons)));
    }
    if words.chars().count() > 2_000 {
        return Err(unprocessable("许可条件或理由不超过 2000 字"));
    }
    let (status, reason, conditions) = if approve {
        (EventStatus::Approved, "准予许可".to_owned(), words)
    } else {
        (EventStatus::Refused, words, String::new())
    };
    let actor = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::decide(c, id, (status.as_str(), &reason, &conditions), (&actor, now_ms())).await?;
                if done {
                    audit::append(c, &Entry { actor: &actor, action: "large_event.decide", record_type: "large_event", record_id: &id.to_string(), detail: status.as_str() }).await?;
                }
                Ok(done)
            })
        })
        .await?;
    if done {
        Ok(())
    } else {
        Err(ApiError::new(Code::Conflict, "这项申请刚刚已被决定"))
    }
}

/// The report after an event that took place (approved, or needing no permit).
pub async fn report(state: &AppState, user: &User, id: i64, text: &str) -> Result<(), ApiError> {
    let e = visible(state, user, id).await?;
    if !matches!(e.status.as_str(), "approved" | "not_required") {
        return Err(ApiError::new(Code::Conflict, "只有已许可或无需许可的活动需要活动后报告"));
    }
    let now = now_ms();
    if e.starts_at > now {
        return Err(unprocessable("活动开始后才能报告"));
    }
    let text = text.trim().to_owned();
    if !(2..=5_000).contains(&text.chars().count()) {
        return Err(unprocessable("活动情况应为 2 到 5000 字"));
    }
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::report(c, id, &text, now).await?;
                audit::append(c, &Entry { actor: &actor, action: "large_event.report", record_type: "large_event", record_id: &id.to_string(), detail: "" }).await
            })
        })
        .await?;
    Ok(())
}
