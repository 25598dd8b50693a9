//! Legal education's workflow: planning series and their exceptions (the coordinator and the
//! rule-of-law teams), orders from the menu (staff over the place, for their community or a
//! unit in it), scheduling with a speaker (coordinator or the town), check-in at the door and
//! marking a session held.

use crate::culture::access;
use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::culture::legal::{Cadence, Series, Theme};
use fengqiao_core::time::parse_instant;
use fengqiao_core::Role;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::culture::legal::{self as store, NewOrder, NewSeries, OrderRow};
use fengqiao_store::inbox::{self, Notice};
use fengqiao_store::now_ms;
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

fn instant(s: &str) -> Result<i64, ApiError> {
    parse_instant(s.trim()).ok_or_else(|| unprocessable("时间格式应为 2026-12-07T09:00"))
}

async fn planner(state: &AppState, user: &User) -> Result<(), ApiError> {
    if access::is_coordinator(user) || access::is_rule_of_law(state, &user.username).await? {
        Ok(())
    } else {
        Err(ApiError::forbidden("普法计划由区协调员或法治队伍安排"))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeriesBody {
    pub cadence: String,
    pub theme: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub place: String,
    /// The first session, `2026-12-07T09:00`.
    pub first: String,
    pub minutes: i64,
    pub count: u32,
}

pub async fn plan(state: &AppState, user: &User, b: SeriesBody) -> Result<i64, ApiError> {
    planner(state, user).await?;
    let cadence: Cadence = b.cadence.parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let theme: Theme = b.theme.parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let title = b.title.trim().to_owned();
    if !(2..=60).contains(&title.chars().count()) {
        return Err(unprocessable("名称应为 2 到 60 字"));
    }
    let first_start = instant(&b.first)?;
    let series = Series { cadence, first_start, minutes: b.minutes, count: b.count, cancelled: vec![], moved: vec![] };
    series.check().map_err(|e| unprocessable(e.to_string()))?;
    let (description, place) = (b.description.trim().chars().take(1_000).collect::<String>(), b.place.trim().chars().take(100).collect::<String>());
    let who = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let s = NewSeries { cadence: cadence.as_str(), theme: theme.as_str(), title: &title, description: &description, place: &place, first_start, minutes: b.minutes, count: i64::from(b.count), by: &who, now: now_ms() };
                let id = store::insert_series(c, &s).await?;
                audit::append(c, &Entry { actor: &who, action: "legal.plan", record_type: "legal_series", record_id: &id.to_string(), detail: &title }).await?;
                Ok(id)
            })
        })
        .await?)
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExceptionBody {
    /// The session as planned, `2026-12-14T09:00`.
    pub original: String,
    /// Its new time; none cancels it.
    pub moved_to: Option<String>,
    pub reason: String,
}

/// Cancels or moves one session of a series.
pub async fn except(state: &AppState, user: &User, id: i64, b: ExceptionBody) -> Result<(), ApiError> {
    planner(state, user).await?;
    let original = instant(&b.original)?;
    let moved_to = match b.moved_to.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => Some(instant(m)?),
        None => None,
    };
    let reason = b.reason.trim().chars().take(200).collect::<String>();
    if reason.chars().count() < 2 {
        return Err(unprocessable("请写明原因"));
    }
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let Some(s) = store::one_series(c, id).await? else { return Ok(Err((Code::NotFound, "没有这个普法系列".to_owned()))) };
                if let Err(e) = s.plan(&[]).holds(original) {
                    return Ok(Err((Code::Unprocessable, e.to_string())));
                }
                store::except(c, id, original, moved_to, &reason, &who, now_ms()).await?;
                let what = if moved_to.is_some() { "legal.move" } else { "legal.cancel" };
                audit::append(c, &Entry { actor: &who, action: what, record_type: "legal_series", record_id: &id.to_string(), detail: &reason }).await?;
                Ok(Ok(()))
            })
        })
        .await?;
    done.map_err(|(code, m)| ApiError::new(code, m))
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrderBody {
    pub theme: String,
    /// The unit the session is for (a school, an enterprise); the community itself if none.
    #[serde(default)]
    pub unit: String,
    pub grid_code: Option<String>,
    pub audience: i64,
    /// `YYYY-MM-DD`.
    pub wanted_on: String,
    #[serde(default)]
    pub note: String,
}

/// Staff order a session from the menu for their community or a unit in it.
pub async fn order(state: &AppState, user: &User, b: OrderBody) -> Result<i64, ApiError> {
    let scope = user.staff_scope()?;
    let theme: Theme = b.theme.parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let code = b.grid_code.as_deref().map(str::trim).filter(|g| !g.is_empty()).unwrap_or(&user.region_code).to_owned();
    let region = state.atlas().get(&code).cloned().ok_or_else(|| unprocessable("没有这个地区编码"))?;
    if !scope.contains_path(&region.path) {
        return Err(unprocessable(format!("{} 不在您的管辖范围内", region.name)));
    }
    if !(5..=2_000).contains(&b.audience) {
        return Err(unprocessable("听众人数应为 5 到 2000 人"));
    }
    let wanted = fengqiao_core::time::parse_day(b.wanted_on.trim()).ok_or_else(|| unprocessable("希望日期格式应为 2026-12-20"))?;
    if wanted < fengqiao_core::time::start_of_day(now_ms()) + 3 * fengqiao_core::time::DAY_MS {
        return Err(unprocessable("请至少提前 3 天预约,以便安排讲师"));
    }
    let unit = match b.unit.trim() {
        "" => region.name.clone(),
        u => u.chars().take(60).collect(),
    };
    let (note, who, wanted_on) = (b.note.trim().chars().take(500).collect::<String>(), user.username.clone(), fengqiao_core::time::day(wanted));
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let o = NewOrder { theme: theme.as_str(), unit: &unit, grid_code: &region.code, region_path: &region.path, audience: b.audience, wanted_on: &wanted_on, note: &note, by: &who, now: now_ms() };
                let id = store::order(c, &o).await?;
                audit::append(c, &Entry { actor: &who, action: "legal.order", record_type: "legal_order", record_id: &id.to_string(), detail: theme.as_str() }).await?;
                Ok(id)
            })
        })
        .await?)
}

pub async fn order_in_scope(state: &AppState, user: &User, id: i64) -> Result<OrderRow, ApiError> {
    let o = store::get_order(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这个普法预约"))?;
    let mine = o.speaker.as_deref() == Some(user.username.as_str());
    let over = user.scope().is_some_and(|s| user.role.is_staff() && s.contains_path(&o.region_path));
    if mine || over {
        Ok(o)
    } else {
        Err(ApiError::not_found("没有这个普法预约"))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ScheduleBody {
    /// The speaker's account: a member of a rule-of-law team.
    pub speaker: String,
    pub starts: String,
    pub place: String,
}

/// The coordinator or the town fixes the speaker, time and place; the door code is drawn and
/// the speaker told.
pub async fn schedule(state: &AppState, user: &User, id: i64, b: ScheduleBody) -> Result<String, ApiError> {
    let o = order_in_scope(state, user, id).await?;
    if !matches!(user.role, Role::DistrictCoordinator | Role::TownCommand) {
        return Err(ApiError::forbidden("讲师由镇街或区协调员安排"));
    }
    let speaker = b.speaker.trim().to_owned();
    if !access::is_rule_of_law(state, &speaker).await? {
        return Err(unprocessable("讲师应为法治队伍(综合法治队伍或法律顾问)的成员"));
    }
    let starts = instant(&b.starts)?;
    if starts < now_ms() {
        return Err(unprocessable("不能安排在已经过去的时间"));
    }
    let place = b.place.trim().chars().take(100).collect::<String>();
    if place.chars().count() < 2 {
        return Err(unprocessable("请写明地点"));
    }
    let door: String = (0..6).map(|_| char::from(b"23456789ABCDEFGHJKMNPQRSTUVWXYZ"[rand::random::<u8>() as usize % 31])).collect();
    let (who, code) = (user.username.clone(), door.clone());
    let theme = Theme::label_of(&o.theme).to_owned();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::schedule(c, id, &speaker, starts, &place, &code).await?;
                if done {
                    audit::append(c, &Entry { actor: &who, action: "legal.schedule", record_type: "legal_order", record_id: &id.to_string(), detail: &speaker }).await?;
                    let n = Notice { kind: "legal_session".into(), title: format!("普法讲座:{}({},{})", theme, o.unit, fengqiao_core::time::minute(starts)), link: "/culture/legal-education".into(), tracking_code: None, region_path: o.region_path.clone() };
                    inbox::notify(c, std::slice::from_ref(&speaker), &n, now_ms()).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(door)
}

/// Checks a signed-in person in with the door code on the day; a second check-in is ignored.
/// Returns whether this one counted.
pub async fn check_in(state: &AppState, user: &User, id: i64, code: &str) -> Result<bool, ApiError> {
    let o = store::get_order(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这个普法讲座"))?;
    let right = o.door_code.as_deref().is_some_and(|d| d.eq_ignore_ascii_case(code.trim()));
    if !right {
        return Err(unprocessable("签到码不正确,请看讲座现场公布的签到码"));
    }
    let starts = o.starts_at.unwrap_or(0);
    let now = now_ms();
    if now < starts - 3_600_000 || now > starts + 6 * 3_600_000 {
        return Err(ApiError::new(Code::Conflict, format!("签到时间为讲座开始前 1 小时至开始后 6 小时({})", fengqiao_core::time::minute(starts))));
    }
    let who = user.username.clone();
    Ok(state.store.write(move |c| Box::pin(async move { store::attend(c, id, &who, now_ms()).await })).await?)
}

/// The speaker or staff over the place record that the session was held.
pub async fn held(state: &AppState, user: &User, id: i64) -> Result<(), ApiError> {
    let o = order_in_scope(state, user, id).await?;
    if o.starts_at.is_none_or(|s| s > now_ms()) {
        return Err(ApiError::new(Code::Conflict, "讲座还没有开始,不能登记为已举办"));
    }
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::mark_held(c, id, now_ms()).await?;
                if done {
                    audit::append(c, &Entry { actor: &who, action: "legal.held", record_type: "legal_order", record_id: &id.to_string(), detail: "" }).await?;
                }
                Ok(done)
            })
        })
        .await?;
    if !done {
        return Err(ApiError::new(Code::Conflict, "这场讲座不在「已安排」状态"));
    }
    Ok(())
}

#[derive(Debug, Clone, Deserialize)]
pub struct CornerBody {
    pub hall_id: i64,
    pub name: String,
    pub holdings: i64,
    #[serde(default)]
    pub titles: String,
}

/// Staff register a legal book corner in a culture hall of the archive.
pub async fn add_corner(state: &AppState, user: &User, b: CornerBody) -> Result<i64, ApiError> {
    user.staff_scope()?;
    let hall = fengqiao_store::culture::archive::get(state.store.pool(), b.hall_id).await?.filter(|h| h.kind == fengqiao_core::culture::ArchiveKind::CultureHall.as_str());
    hall.ok_or_else(|| unprocessable("请选择一个文化礼堂"))?;
    let name = b.name.trim().to_owned();
    if !(2..=40).contains(&name.chars().count()) {
        return Err(unprocessable("名称应为 2 到 40 字"));
    }
    if !(0..=100_000).contains(&b.holdings) {
        return Err(unprocessable("藏书册数应为 0 到 100000"));
    }
    let (titles, who) = (b.titles.trim().chars().take(2_000).collect::<String>(), user.username.clone());
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::add_corner(c, b.hall_id, &name, b.holdings, &titles, &who, now_ms()).await?;
                audit::append(c, &Entry { actor: &who, action: "legal.book_corner", record_type: "legal_book_corner", record_id: &id.to_string(), detail: &name }).await?;
                Ok(id)
            })
        })
        .await?)
}
