//! Room bookings' workflow: a resident or a team books a room (a time inside the centre's
//! hours, weekly if asked, the dates already taken skipped and named), staff of the centre's
//! place approve where the room needs it, the booker checks in, and a booking nobody checked
//! in to is released a quarter of an hour after its start by the `booking-release` job.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use chrono::NaiveDate;
use fengqiao_core::calendar::date_of;
use fengqiao_core::services::booking::{self, Ask, BookingStatus, Hours};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::services::rooms::{self as store, BookingRow, CentreRow, NewBooking, RoomRow};
use fengqiao_store::{now_ms, StoreError};
use serde::{Deserialize, Serialize};

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// What a booker asks for.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BookingBody {
    /// `2026-12-02`.
    pub day: String,
    /// `09:00`, on the hour or half hour.
    pub start: String,
    pub end: String,
    pub purpose: String,
    #[serde(default = "one")]
    pub attendees: i64,
    /// The team booking, if it is a team's (舞蹈队、志愿服务队…).
    #[serde(default)]
    pub team: String,
    /// Weekly for this many weeks (1 = once).
    #[serde(default = "one_u32")]
    pub repeat_weeks: u32,
}

fn one() -> i64 {
    1
}

fn one_u32() -> u32 {
    1
}

/// A date of a weekly booking left out, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub day: String,
    pub reason: String,
}

/// What booking answers: the bookings written and the dates skipped.
#[derive(Debug, Clone)]
pub struct Booked {
    pub ids: Vec<i64>,
    pub skipped: Vec<Skipped>,
    pub status: BookingStatus,
}

const TAKEN: &str = "该时段已被预订,请换一个时间";

/// The room with its centre.
pub async fn room(state: &AppState, id: i64) -> Result<(RoomRow, CentreRow), ApiError> {
    let pool = state.store.pool();
    let room = store::room(pool, id).await?.ok_or_else(|| ApiError::not_found("没有这个房间"))?;
    let centre = store::centre(pool, room.centre_id).await?.ok_or_else(|| ApiError::not_found("没有这个场所"))?;
    Ok((room, centre))
}

pub fn hours(c: &CentreRow) -> Result<Hours, ApiError> {
    Hours::parse(&c.opens, &c.closes, &c.open_days).ok_or_else(|| ApiError::internal(format!("场所 {} 的开放时间无法识别", c.id)))
}

/// Books a room, once or weekly. A single booking of a taken time is refused (409); a weekly
/// one skips the taken or closed dates and names them, refused only if every date is.
pub async fn book(state: &AppState, user: &User, room_id: i64, b: BookingBody) -> Result<Booked, ApiError> {
    let (room, centre) = room(state, room_id).await?;
    let hours = hours(&centre)?;
    let purpose = b.purpose.trim().to_owned();
    if !(2..=200).contains(&purpose.chars().count()) {
        return Err(unprocessable("请写明用途(2 到 200 字)"));
    }
    if !(1..=room.capacity).contains(&b.attendees) {
        return Err(unprocessable(format!("{} 最多容纳 {} 人", room.name, room.capacity)));
    }
    let team = b.team.trim().chars().take(40).collect::<String>();
    let first = NaiveDate::parse_from_str(b.day.trim(), "%Y-%m-%d").map_err(|_| unprocessable("日期格式应为 2026-12-02"))?;
    let (start, end) = booking::parse_clock(&b.start)
        .zip(booking::parse_clock(&b.end))
        .ok_or_else(|| unprocessable("时间格式应为 09:00"))?;
    if b.repeat_weeks == 0 || b.repeat_weeks > booking::MAX_WEEKS {
        return Err(unprocessable(format!("每周重复 1 到 {} 周", booking::MAX_WEEKS)));
    }
    let now = now_ms();
    let closures: Vec<(NaiveDate, String)> = store::closures(state.store.pool(), centre.id, &first.to_string())
        .await?
        .into_iter()
        .filter_map(|(d, why)| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok().map(|d| (d, why)))
        .collect();
    let days = booking::weekly(first, b.repeat_weeks);
    let mut wanted = Vec::new();
    let mut skipped = Vec::new();
    for day in days {
        match booking::check(Ask { day, start, end }, &hours, &closures, now) {
            Ok(span) => wanted.push((day, span)),
            // A single booking's refusal is the answer; a series names the dates it skips.
            Err(r) if b.repeat_weeks == 1 => return Err(unprocessable(r.to_string())),
            Err(r) => skipped.push(Skipped { day: day.to_string(), reason: r.to_string() }),
        }
    }
    let status = if room.needs_approval == 1 { BookingStatus::Pending } else { BookingStatus::Confirmed };
    let legal_aid = room.kind == fengqiao_core::services::booking::RoomKind::LegalAid.as_str();
    let community_path = centre.region_path.split('/').filter(|p| !p.is_empty()).take(3).fold(String::from("/"), |acc, p| format!("{acc}{p}/"));
    let first_start = wanted.first().map_or(0, |(_, (s, _))| *s);
    let series = (b.repeat_weeks > 1).then(|| fengqiao_core::ids::tracking::new("BK"));
    let actor = user.username.clone();
    let single = b.repeat_weeks == 1;
    let result = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let mut ids = Vec::new();
                let mut skipped = skipped;
                for (day, (starts_at, ends_at)) in wanted {
                    let slots: Vec<i64> = booking::slots(starts_at, ends_at).collect();
                    // Within this node's writer the check sees every earlier booking; the
                    // slots' key still refuses one written meanwhile by another node.
                    if store::taken(c, room_id, &slots).await? {
                        if single {
                            return Err(StoreError::Conflict(TAKEN.into()));
                        }
                        skipped.push(Skipped { day: day.to_string(), reason: "该时段已被预订".into() });
                        continue;
                    }
                    let new = NewBooking {
                        room_id,
                        starts_at,
                        ends_at,
                        booked_by: actor.clone(),
                        team: team.clone(),
                        purpose: purpose.clone(),
                        attendees: b.attendees,
                        status: status.as_str().into(),
                        series: series.clone(),
                        created_at: now,
                    };
                    let id = store::insert_booking(c, &new, &slots).await?;
                    audit::append(c, &Entry { actor: &actor, action: "booking.create", record_type: "room_booking", record_id: &id.to_string(), detail: status.as_str() }).await?;
                    ids.push(id);
                }
                if ids.is_empty() {
                    return Err(StoreError::Conflict(format!("所选日期都无法预订:{}", skipped.iter().map(|s| format!("{} {}", s.day, s.reason)).collect::<Vec<_>>().join(";"))));
                }
                // A legal-aid desk's booking is a free consultation with the community's legal
                // adviser (一村(社区)一法律顾问): the advisers with accounts are told, and the
                // community's staff, who arrange it with those without.
                if legal_aid {
                    let mut to = fengqiao_store::forces::member_usernames_of_kind(c, &community_path, "legal_advisers").await?;
                    if let Some(code) = community_path.trim_end_matches('/').rsplit('/').next() {
                        to.extend(fengqiao_store::accounts::usernames_with_role(c, code, "community_staff").await?);
                    }
                    let notice = fengqiao_store::inbox::Notice {
                        kind: "legal_aid_appointment".into(),
                        title: format!("法律咨询预约:{} 等 {} 次", fengqiao_core::time::minute(first_start), ids.len()),
                        link: "/bookings".into(),
                        tracking_code: None,
                        region_path: community_path.clone(),
                    };
                    fengqiao_store::inbox::notify(c, &to, &notice, now).await?;
                }
                skipped.sort_by(|a, b| a.day.cmp(&b.day));
                Ok((ids, skipped))
            })
        })
        .await;
    match result {
        Ok((ids, skipped)) => Ok(Booked { ids, skipped, status }),
        // The slots' key: another booking got there first.
        Err(StoreError::Conflict(m)) if m.contains("room_slots") => Err(ApiError::new(Code::Conflict, TAKEN)),
        Err(e) => Err(e.into()),
    }
}

/// Whether the caller runs the centre at `path`: the community's staff, grid workers and the
/// town's command centre whose scope holds it, and the coordinator (police officers and
/// departments do not run centres).
pub fn runs_centre(user: &User, path: &str) -> bool {
    use fengqiao_core::Role::{CommunityStaff, DistrictCoordinator, GridWorker, TownCommand};
    matches!(user.role, CommunityStaff | GridWorker | TownCommand | DistrictCoordinator) && user.scope().is_some_and(|s| s.contains_path(path))
}

/// Whether the caller looks after the centre a booking is at.
pub fn manages(user: &User, b: &BookingRow) -> bool {
    runs_centre(user, &b.region_path)
}

/// A booking the caller may see: their own, or one at a centre they look after.
pub async fn visible(state: &AppState, user: &User, id: i64) -> Result<BookingRow, ApiError> {
    store::booking(state.store.pool(), id)
        .await?
        .filter(|b| b.booked_by == user.username || manages(user, b))
        .ok_or_else(|| ApiError::not_found("没有这条预订,或您无权查看"))
}

/// What can be done to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Approve,
    Refuse,
    CheckIn,
    Cancel,
}

impl Action {
    pub fn parse(s: &str) -> Result<Action, ApiError> {
        match s.trim() {
            "approve" => Ok(Action::Approve),
            "refuse" => Ok(Action::Refuse),
            "check_in" => Ok(Action::CheckIn),
            "cancel" => Ok(Action::Cancel),
            other => Err(unprocessable(format!("不认识的操作「{}」:可用 approve、refuse、check_in、cancel", other.chars().take(20).collect::<String>()))),
        }
    }

    /// What the page says once it is done.
    pub fn done(self) -> &'static str {
        match self {
            Action::Approve => "已批准预订",
            Action::Refuse => "已拒绝预订,时段已释放",
            Action::CheckIn => "已签到",
            Action::Cancel => "已取消预订,时段已释放",
        }
    }
}

/// Approves, refuses, checks in to or cancels a booking.
pub async fn act(state: &AppState, user: &User, id: i64, action: Action) -> Result<BookingStatus, ApiError> {
    let b = visible(state, user, id).await?;
    let status = BookingStatus::parse(&b.status).unwrap_or(BookingStatus::Cancelled);
    let now = now_ms();
    let own = b.booked_by == user.username;
    let next = match (action, status) {
        (Action::Approve | Action::Refuse, _) if !manages(user, &b) => return Err(ApiError::forbidden("由场所所在社区的工作人员审批")),
        (Action::Approve, BookingStatus::Pending) => BookingStatus::Confirmed,
        (Action::Refuse, BookingStatus::Pending) => BookingStatus::Refused,
        (Action::CheckIn, BookingStatus::Confirmed) if booking::check_in_open(b.starts_at, now) => BookingStatus::CheckedIn,
        (Action::CheckIn, BookingStatus::Confirmed) => {
            return Err(ApiError::new(Code::Conflict, format!("签到时间为开始前 15 分钟至开始后 15 分钟({})", fengqiao_core::time::minute(b.starts_at))))
        }
        (Action::Cancel, BookingStatus::Pending | BookingStatus::Confirmed) if own || manages(user, &b) => BookingStatus::Cancelled,
        (_, s) => return Err(ApiError::new(Code::Conflict, format!("这条预订{},不能这样操作", s.label()))),
    };
    let actor = user.username.clone();
    let decided = matches!(action, Action::Approve | Action::Refuse).then(|| actor.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let current = store::load_booking(c, id).await?.ok_or(StoreError::NotFound)?;
                if current.updated_at != b.updated_at {
                    return Err(StoreError::Conflict("这条预订刚刚有了变化,请刷新后再看".into()));
                }
                if next == BookingStatus::CheckedIn {
                    store::check_in(c, id, now).await?;
                } else {
                    store::set_status(c, id, next.as_str(), decided.as_deref(), now).await?;
                }
                audit::append(c, &Entry { actor: &actor, action: "booking.act", record_type: "room_booking", record_id: &id.to_string(), detail: next.as_str() }).await?;
                Ok(())
            })
        })
        .await?;
    Ok(next)
}

/// The `booking-release` job: bookings nobody checked in to, a quarter after their start.
pub fn release_job(state: &AppState) -> fengqiao_store::BoxFuture<'_, Result<(), String>> {
    Box::pin(async move {
        let now = now_ms();
        state
            .store
            .write(move |c| {
                Box::pin(async move {
                    let ids = store::release_unattended(c, now - booking::RELEASE_AFTER_MS, now).await?;
                    for id in &ids {
                        audit::append(c, &Entry { actor: "system", action: "booking.release", record_type: "room_booking", record_id: &id.to_string(), detail: "" }).await?;
                    }
                    Ok(())
                })
            })
            .await
            .map_err(|e| e.to_string())
    })
}

/// The bookings a person sees on their list: their own, and for staff those at the centres
/// they look after, from today on.
pub async fn list(state: &AppState, user: &User) -> Result<Vec<BookingRow>, ApiError> {
    let since = fengqiao_core::calendar::start_of(date_of(now_ms()));
    let pool = state.store.pool();
    match user.scope().filter(|_| user.role.is_staff()) {
        Some(scope) => Ok(store::bookings_within(pool, scope.path(), since, 500).await?),
        None => Ok(store::bookings_of(pool, &user.username, since).await?),
    }
}

/// A closure as staff give it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClosureBody {
    /// `2026-12-24`.
    pub day: String,
    pub reason: String,
}

/// Closes a centre on a day (staff who run it). Bookings already made for that day stay, and
/// are listed so their bookers can be told; new ones are refused with the reason.
pub async fn close(state: &AppState, user: &User, centre_id: i64, b: ClosureBody) -> Result<usize, ApiError> {
    let centre = store::centre(state.store.pool(), centre_id).await?.ok_or_else(|| ApiError::not_found("没有这个场所"))?;
    if !runs_centre(user, &centre.region_path) {
        return Err(ApiError::not_found("没有这个场所,或不由您管理"));
    }
    let day = NaiveDate::parse_from_str(b.day.trim(), "%Y-%m-%d").map_err(|_| unprocessable("日期格式应为 2026-12-24"))?;
    if day < date_of(now_ms()) {
        return Err(unprocessable("不能为已经过去的日子设闭馆"));
    }
    let reason = b.reason.trim().chars().take(100).collect::<String>();
    if reason.chars().count() < 2 {
        return Err(unprocessable("请写明闭馆原因"));
    }
    let from = fengqiao_core::calendar::start_of(day);
    let mut affected = 0;
    for room in store::rooms(state.store.pool()).await?.into_iter().filter(|r| r.centre_id == centre_id) {
        affected += store::room_bookings(state.store.pool(), room.id, from, from + fengqiao_core::time::DAY_MS).await?.len();
    }
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::close_day(c, centre_id, &day.to_string(), &reason).await?;
                audit::append(c, &Entry { actor: &actor, action: "centre.close", record_type: "service_centre", record_id: &centre_id.to_string(), detail: &day.to_string() }).await?;
                Ok(())
            })
        })
        .await?;
    Ok(affected)
}
