//! An eco report's life: intake (routed to the department of its kind, a notice to its
//! account), a rectification order with a deadline, and the re-check that closes it or sets a
//! new deadline. Each step is one write job with its audit entry and a public step.

use crate::error::{ApiError, Code};
use crate::org::place;
use crate::portal::submit::{unprocessable, Channel, Submission, Submitted};
use crate::session::User;
use crate::AppState;
use fengqiao_core::prevention::eco::{EcoKind, EcoStatus};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Phone;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::prevention::eco::{self as store, EcoRow, NewEco};
use fengqiao_store::{accounts, inbox, now_ms};

/// Days the department has to act on a report, and to rectify after an order by default.
pub const DUE_DAYS: i64 = 5;

/// Takes a report of one kind from a channel.
pub async fn intake(state: &AppState, channel: Channel<'_>, kind: EcoKind, s: Submission) -> Result<Submitted, ApiError> {
    let description = s.description.trim().to_owned();
    if !(5..=5000).contains(&description.chars().count()) {
        return Err(unprocessable("情况说明应为 5 到 5000 字"));
    }
    let point = match (s.lon, s.lat) {
        (Some(lon), Some(lat)) => Some((lon, lat, place::crs(s.crs.as_deref())?)),
        (None, None) => None,
        _ => return Err(unprocessable("经度和纬度要同时提供")),
    };
    let address: String = s.address.as_deref().unwrap_or_default().trim().chars().take(200).collect();
    let place = place::resolve(&state.atlas(), point, s.grid_code.as_deref(), Some(&address))?;
    let phone = match s.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(p.parse::<Phone>().map_err(|e| unprocessable(format!("回访电话:{e}")))?.as_str().to_owned()),
        None => None,
    };
    let (channel_name, client, actor, key_owner) = match channel {
        Channel::Portal(ip) => {
            let p = phone.as_deref().ok_or_else(|| unprocessable("匿名反映需要留下回访电话"))?;
            crate::mediation::intake::check_public_rate(state, p, ip).await?;
            ("portal", None, "anonymous".to_owned(), format!("anon:{p}"))
        }
        Channel::Account(u) => (
            if u.role.is_staff() { "staff" } else { "portal" },
            None,
            u.username.clone(),
            format!("user:{}", u.username),
        ),
        Channel::Open311(c) => ("open311", Some(c.to_owned()), format!("open311:{c}"), format!("client:{c}")),
    };
    let now = now_ms();
    let new = NewEco {
        tracking_code: fengqiao_core::ids::tracking::new("FE"),
        idempotency_key: s.idempotency_key.map(|k| format!("{key_owner}:{k}")),
        kind: kind.as_str(),
        description,
        grid_code: place.grid.code.clone(),
        region_path: place.grid.path.clone(),
        address,
        lon: place.lon,
        lat: place.lat,
        reporter_phone: phone,
        channel: channel_name,
        client,
        department: kind.department(),
        assignee: None,
        due_at: now + DUE_DAYS * DAY_MS,
        created_by: actor.clone(),
    };
    let (id, replayed) = state
        .store
        .write(move |c| {
            Box::pin(async move {
                if let Some(key) = &new.idempotency_key {
                    if let Some(id) = store::by_idempotency_key(c, key).await? {
                        return Ok((id, true));
                    }
                }
                let mut new = new;
                new.assignee = accounts::first_in_department(c, new.department).await?;
                let id = store::insert(c, &new, now).await?;
                let routed = format!("转{}办理", new.department);
                store::add_event(c, id, (&actor, "received", &routed), now).await?;
                if let Some(a) = &new.assignee {
                    let notice = inbox::Notice {
                        kind: "eco_report".into(),
                        title: format!("生态问题待处理:{}", EcoKind::label_of(new.kind)),
                        link: format!("/eco-reports/{id}"),
                        tracking_code: Some(new.tracking_code.clone()),
                        region_path: new.region_path.clone(),
                    };
                    inbox::notify(c, std::slice::from_ref(a), &notice, now).await?;
                }
                audit::append(c, &Entry { actor: &actor, action: "eco.report", record_type: "eco_report", record_id: &id.to_string(), detail: new.kind }).await?;
                Ok((id, false))
            })
        })
        .await?;
    let row = fengqiao_store::prevention::eco::by_id(state.store.pool(), id)
        .await?
        .ok_or_else(|| ApiError::internal("eco report vanished"))?;
    Ok(Submitted {
        kind: "eco",
        id,
        tracking_code: row.tracking_code,
        linked: false,
        replayed,
    })
}

/// A report in the caller's scope.
pub async fn in_scope(state: &AppState, user: &User, id: i64) -> Result<EcoRow, ApiError> {
    let scope = user.staff_scope()?;
    store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found("没有这件生态问题,或不在您的管辖范围内"))
}

async fn step(
    state: &AppState,
    user: &User,
    r: &EcoRow,
    (status, order, due_at): (EcoStatus, Option<String>, i64),
    (event, detail): (&'static str, String),
) -> Result<(), ApiError> {
    let (actor, id) = (user.username.clone(), r.id);
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                if !store::save(c, id, (status.as_str(), order.as_deref(), due_at), now).await? {
                    return Ok(false);
                }
                store::add_event(c, id, (&actor, event, &detail), now).await?;
                audit::append(c, &Entry { actor: &actor, action: "eco.step", record_type: "eco_report", record_id: &id.to_string(), detail: event }).await?;
                Ok(true)
            })
        })
        .await?;
    if done {
        Ok(())
    } else {
        Err(ApiError::new(Code::Conflict, "这件生态问题已经办结"))
    }
}

/// Orders a rectification by a deadline `days` from now.
pub async fn rectify(state: &AppState, user: &User, id: i64, order: &str, days: i64) -> Result<(), ApiError> {
    let r = in_scope(state, user, id).await?;
    if r.status != EcoStatus::Open.as_str() {
        return Err(ApiError::new(Code::Conflict, format!("这件生态问题{},不能再下整改通知", EcoStatus::label_of(&r.status))));
    }
    let order = order.trim().to_owned();
    if !(2..=1000).contains(&order.chars().count()) || !(1..=90).contains(&days) {
        return Err(unprocessable("请写明整改要求(2 到 1000 字),期限 1 到 90 天"));
    }
    let due = now_ms() + days * DAY_MS;
    let detail = format!("责令整改,{days} 天内完成:{order}");
    step(state, user, &r, (EcoStatus::Rectifying, Some(order), due), ("rectify", detail)).await
}

/// Re-checks a rectification: passed closes the report, failed sets a new deadline.
pub async fn recheck(state: &AppState, user: &User, id: i64, passed: bool, notes: &str) -> Result<(), ApiError> {
    let r = in_scope(state, user, id).await?;
    if r.status != EcoStatus::Rectifying.as_str() {
        return Err(ApiError::new(Code::Conflict, "先下整改通知,整改后再复查"));
    }
    let notes = notes.trim().to_owned();
    if !(2..=1000).contains(&notes.chars().count()) {
        return Err(unprocessable("请写明复查情况(2 到 1000 字)"));
    }
    if passed {
        step(state, user, &r, (EcoStatus::Closed, None, r.due_at), ("closed", format!("复查合格:{notes}"))).await
    } else {
        let due = now_ms() + DUE_DAYS * DAY_MS;
        step(state, user, &r, (EcoStatus::Rectifying, None, due), ("recheck_failed", format!("复查不合格,重新限期 {DUE_DAYS} 天:{notes}"))).await
    }
}
