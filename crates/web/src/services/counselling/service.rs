//! Psychological services' workflow. Residents book a counsellor under an alias; the
//! counsellor writes notes that are sealed under their own key before they reach the store;
//! only that counsellor opens them, and their supervisor only by breaking the glass with a
//! reason — recorded, audited (without the notes) and told to the counsellor. A crisis flag
//! puts a task on the supervisor's and the community's lists and in their inboxes at once.
//! No other path here returns a note's text.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::calendar::start_of;
use fengqiao_core::services::booking::parse_clock;
use fengqiao_core::services::counselling::{may_read, AppointmentStatus, Reader, ServiceLevel};
use fengqiao_core::time::minute;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::note_keys::NoteKey;
use fengqiao_store::services::counselling::{self as store, AppointmentRow, NewAppointment, NewCounsellor};
use fengqiao_store::{accounts, inbox, now_ms, StoreError};
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// A counsellor as the coordinator registers them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CounsellorBody {
    /// The counsellor's account.
    pub username: String,
    pub qualification: String,
    /// `district`, `town` or `community`.
    pub level: String,
    /// The region they serve.
    pub region_code: String,
    /// Their supervisor's account, itself in the pool.
    pub supervisor: Option<String>,
}

/// Adds or updates a counsellor. Accounts that run the district (coordinator, administrator)
/// cannot be counsellors or supervisors: nobody who manages the platform reads notes.
pub async fn register(state: &AppState, user: &User, b: CounsellorBody) -> Result<i64, ApiError> {
    if !user.role.manages_district() {
        return Err(ApiError::forbidden("心理专家库由区协调员维护"));
    }
    let pool = state.store.pool();
    let account = accounts::by_username(pool, b.username.trim()).await?.filter(|a| a.active == 1).ok_or_else(|| unprocessable("没有这个账号"))?;
    let role: fengqiao_core::Role = account.role.parse().map_err(|_| unprocessable("账号角色无法识别"))?;
    if role.manages_district() || !role.is_staff() {
        return Err(unprocessable("区协调员、系统管理员和居民账号不能登记为咨询师"));
    }
    let level: ServiceLevel = b.level.trim().parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let qualification = b.qualification.trim().chars().take(200).collect::<String>();
    if qualification.chars().count() < 2 {
        return Err(unprocessable("请写明资质(如国家二级心理咨询师)"));
    }
    let region = state.atlas().get(b.region_code.trim()).cloned().ok_or_else(|| unprocessable("没有这个地区编码"))?;
    let supervisor = match b.supervisor.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) if s == account.username => return Err(unprocessable("督导不能是咨询师本人")),
        Some(s) => Some(store::counsellor_named(pool, s).await?.ok_or_else(|| unprocessable("督导须是专家库中的咨询师"))?.username),
        None => None,
    };
    let (_, key_sealed) = NoteKey::generate(&state.config.key);
    let new = NewCounsellor {
        username: account.username,
        name: account.name,
        qualification,
        level: level.as_str().into(),
        region_code: region.code,
        region_path: region.path,
        supervisor,
        key_sealed,
    };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::upsert_counsellor(c, &new).await?;
                audit::append(c, &Entry { actor: &actor, action: "counsellor.register", record_type: "counsellor", record_id: &id.to_string(), detail: &new.username }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// An appointment as a resident asks for it: an alias is enough.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AppointmentBody {
    pub counsellor_id: i64,
    pub alias: String,
    /// How to reach them, if they wish; sealed, shown to their counsellor only.
    pub contact: Option<String>,
    /// `2026-12-10` and `15:00`.
    pub day: String,
    pub time: String,
    pub grid_code: Option<String>,
    pub address: Option<String>,
}

pub async fn book(state: &AppState, user: &User, b: AppointmentBody) -> Result<i64, ApiError> {
    let pool = state.store.pool();
    let counsellor = store::counsellor(pool, b.counsellor_id).await?.filter(|c| c.active == 1).ok_or_else(|| unprocessable("专家库中没有这位咨询师"))?;
    let alias = b.alias.trim().chars().take(20).collect::<String>();
    if alias.is_empty() {
        return Err(unprocessable("请填写称呼(可用化名)"));
    }
    let day = chrono::NaiveDate::parse_from_str(b.day.trim(), "%Y-%m-%d").map_err(|_| unprocessable("日期格式应为 2026-12-10"))?;
    let minutes = parse_clock(&b.time).filter(|m| (8 * 60..=20 * 60).contains(m)).ok_or_else(|| unprocessable("时间应在 08:00 至 20:00 之间,格式如 15:00"))?;
    let starts_at = start_of(day) + minutes * 60_000;
    let now = now_ms();
    if starts_at < now {
        return Err(unprocessable("不能预约已经过去的时间"));
    }
    // Where the resident lives decides which community is told in a crisis; without one, the
    // counsellor's own region.
    let atlas = state.atlas();
    let grid = match (b.grid_code.as_deref().filter(|g| !g.trim().is_empty()), b.address.as_deref().filter(|a| !a.trim().is_empty())) {
        (None, None) => None,
        (g, a) => Some(crate::org::place::resolve(&atlas, None, g, a)?.grid),
    };
    let (grid_code, region_path) = match grid {
        Some(g) => (g.code.clone(), g.path.clone()),
        None => (counsellor.region_code.clone(), counsellor.region_path.clone()),
    };
    let contact = b.contact.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if contact.is_some_and(|c| c.chars().count() > 60) {
        return Err(unprocessable("联系方式不超过 60 字"));
    }
    let new = NewAppointment {
        counsellor_id: counsellor.id,
        alias,
        contact_sealed: contact.map(|c| state.config.key.seal(c)),
        booked_by: Some(user.username.clone()),
        grid_code,
        region_path,
        starts_at,
        place: format!("{}心理咨询室", atlas.get(&counsellor.region_code).map_or("", |r| r.name.as_str())),
        created_at: now,
    };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert_appointment(c, &new).await?;
                let notice = inbox::Notice { kind: "counselling".into(), title: format!("新的心理咨询预约:{}", minute(new.starts_at)), link: format!("/counselling/appointments/{id}"), tracking_code: None, region_path: new.region_path.clone() };
                inbox::notify(c, std::slice::from_ref(&counsellor.username), &notice, new.created_at).await?;
                audit::append(c, &Entry { actor: &actor, action: "counselling.book", record_type: "counselling_appointment", record_id: &id.to_string(), detail: "" }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// How the caller stands to an appointment.
pub fn reader(user: &User, a: &AppointmentRow) -> Reader {
    if a.counsellor_username == user.username {
        Reader::Counsellor
    } else if a.supervisor.as_deref() == Some(user.username.as_str()) {
        Reader::Supervisor
    } else {
        Reader::Other
    }
}

/// An appointment the caller may see at all: its counsellor, their supervisor, the resident
/// who booked it. Nobody else — the coordinator and the administrator included — finds it.
pub async fn visible(state: &AppState, user: &User, id: i64) -> Result<AppointmentRow, ApiError> {
    store::appointment(state.store.pool(), id)
        .await?
        .filter(|a| reader(user, a) != Reader::Other || a.booked_by.as_deref() == Some(user.username.as_str()))
        .ok_or_else(|| ApiError::not_found("没有这个预约,或您无权查看"))
}

/// One opened note.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Note {
    pub id: i64,
    pub text: String,
    pub written: String,
}

/// The counsellor's note key, made on first use for a counsellor registered without one (the
/// demo has no server key to seal keys with when it loads).
async fn key_for(state: &AppState, counsellor_id: i64) -> Result<NoteKey, ApiError> {
    let sealed = store::key_of(state.store.pool(), counsellor_id).await?.ok_or_else(|| ApiError::internal("咨询师不存在"))?;
    if sealed.is_empty() {
        let (_, fresh) = NoteKey::generate(&state.config.key);
        state.store.write(move |c| Box::pin(async move { store::set_key_if_missing(c, counsellor_id, &fresh).await })).await?;
        let sealed = store::key_of(state.store.pool(), counsellor_id).await?.unwrap_or_default();
        return NoteKey::open(&state.config.key, &sealed).ok_or_else(|| ApiError::internal("咨询师密钥无法打开"));
    }
    NoteKey::open(&state.config.key, &sealed).ok_or_else(|| ApiError::internal("咨询师密钥无法打开:服务器密钥与写入时不同"))
}

async fn open_notes(state: &AppState, a: &AppointmentRow) -> Result<Vec<Note>, ApiError> {
    let pool = state.store.pool();
    let key = key_for(state, a.counsellor_id).await?;
    let context = format!("appointment:{}", a.id);
    store::notes(pool, a.id)
        .await?
        .into_iter()
        .map(|(id, sealed, at)| {
            let text = key.open_note(&context, &sealed).ok_or_else(|| ApiError::internal(format!("记录 {id} 无法解密")))?;
            Ok(Note { id, text, written: minute(at) })
        })
        .collect()
}

/// The notes, for their counsellor only.
pub async fn notes(state: &AppState, user: &User, id: i64) -> Result<Vec<Note>, ApiError> {
    let a = visible(state, user, id).await?;
    may_read(reader(user, &a), None).map_err(ApiError::forbidden)?;
    open_notes(state, &a).await
}

/// The counsellor writes a note; it is sealed before it is stored.
pub async fn write_note(state: &AppState, user: &User, id: i64, text: &str) -> Result<(), ApiError> {
    let a = visible(state, user, id).await?;
    if reader(user, &a) != Reader::Counsellor {
        return Err(ApiError::forbidden("咨询记录只由本案咨询师填写"));
    }
    let text = text.trim();
    if !(2..=10_000).contains(&text.chars().count()) {
        return Err(unprocessable("记录应为 2 到 10000 字"));
    }
    let key = key_for(state, a.counsellor_id).await?;
    let sealed = key.seal(&format!("appointment:{id}"), text);
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let note = store::add_note(c, id, &sealed, now_ms()).await?;
                // The audit says a note was written, never what it says.
                audit::append(c, &Entry { actor: &actor, action: "counselling.note", record_type: "counselling_appointment", record_id: &id.to_string(), detail: &format!("note {note}") }).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// A supervisor breaks the glass: the reason is recorded and audited, the counsellor told.
pub async fn break_glass(state: &AppState, user: &User, id: i64, reason: &str) -> Result<Vec<Note>, ApiError> {
    let a = visible(state, user, id).await?;
    may_read(reader(user, &a), Some(reason)).map_err(|m| if reader(user, &a) == Reader::Supervisor { unprocessable(m) } else { ApiError::forbidden(m) })?;
    if reader(user, &a) != Reader::Supervisor {
        return Err(ApiError::forbidden("只有本案咨询师的督导可以紧急查阅"));
    }
    let (actor, reason, counsellor, path) = (user.username.clone(), reason.trim().chars().take(500).collect::<String>(), a.counsellor_username.clone(), a.region_path.clone());
    let name = user.name.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                store::record_break_glass(c, id, &actor, &reason, now).await?;
                audit::append(c, &Entry { actor: &actor, action: "counselling.break_glass", record_type: "counselling_appointment", record_id: &id.to_string(), detail: &reason }).await?;
                let notice = inbox::Notice { kind: "counselling_break_glass".into(), title: format!("督导{name}紧急查阅了您的个案(预约 {id})"), link: format!("/counselling/appointments/{id}"), tracking_code: None, region_path: path };
                inbox::notify(c, &[counsellor], &notice, now).await?;
                Ok(())
            })
        })
        .await?;
    open_notes(state, &a).await
}

/// The counsellor flags a crisis: the emergency protocol starts at once.
pub async fn crisis(state: &AppState, user: &User, id: i64) -> Result<(), ApiError> {
    let a = visible(state, user, id).await?;
    if reader(user, &a) != Reader::Counsellor {
        return Err(ApiError::forbidden("危机标记由本案咨询师作出"));
    }
    if a.crisis_at.is_some() {
        return Ok(());
    }
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                store::flag_crisis(c, id, now).await?;
                audit::append(c, &Entry { actor: &actor, action: "counselling.crisis", record_type: "counselling_appointment", record_id: &id.to_string(), detail: "" }).await?;
                let mut to: Vec<String> = a.supervisor.iter().cloned().collect();
                if let Some(community) = a.region_path.split('/').filter(|p| !p.is_empty()).nth(2) {
                    to.extend(accounts::usernames_with_role(c, community, "community_staff").await?);
                }
                let notice = inbox::Notice {
                    kind: "counselling_crisis".into(),
                    title: format!("心理危机干预:来访者“{}”需立即跟进(启动应急预案)", a.alias),
                    link: format!("/counselling/appointments/{id}"),
                    tracking_code: None,
                    region_path: a.region_path.clone(),
                };
                inbox::notify(c, &to, &notice, now).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// Moves an appointment on: the counsellor confirms, completes or cancels; the resident who
/// booked it may cancel.
pub async fn set_status(state: &AppState, user: &User, id: i64, status: &str) -> Result<AppointmentStatus, ApiError> {
    let a = visible(state, user, id).await?;
    let next: AppointmentStatus = status.trim().parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let own = a.booked_by.as_deref() == Some(user.username.as_str());
    let allowed = match (reader(user, &a), next) {
        (Reader::Counsellor, AppointmentStatus::Confirmed | AppointmentStatus::Done | AppointmentStatus::Cancelled) => true,
        (_, AppointmentStatus::Cancelled) => own,
        _ => false,
    };
    if !allowed {
        return Err(ApiError::forbidden("由本案咨询师办理;来访者可以取消自己的预约"));
    }
    if matches!(a.status.as_str(), "done" | "cancelled") {
        return Err(ApiError::new(Code::Conflict, format!("预约{},不能再变更", AppointmentStatus::parse(&a.status).map_or("", AppointmentStatus::label))));
    }
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::set_status(c, id, next.as_str(), now_ms()).await?;
                audit::append(c, &Entry { actor: &actor, action: "counselling.status", record_type: "counselling_appointment", record_id: &id.to_string(), detail: next.as_str() }).await
            })
        })
        .await
        .map_err(|e: StoreError| ApiError::from(e))?;
    Ok(next)
}
