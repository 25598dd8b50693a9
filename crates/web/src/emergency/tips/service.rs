//! Tip-offs: a resident sends one (without an account if they wish) and is given a receipt;
//! the tip goes to the police station of its place. Only that station's officers read the
//! tipster's contact, each reading recorded (audit and the tip's own list, which the tipster
//! sees as "read by the station on …"). The contact is in no list, search, export, webhook or
//! Open311 answer: the store's queries never select it, and only [`contact`] opens it.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::emergency::tip::{new_receipt, normalise_receipt, TipKind, TipStatus};
use fengqiao_core::Role;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::emergency::tips::{self as store, receipt_hash, NewTip, TipRow};
use fengqiao_store::{accounts, inbox, now_ms};
use serde::Deserialize;
use std::net::IpAddr;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// A tip as the resident sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Submission {
    pub kind: String,
    pub text: String,
    /// Where, in words.
    #[serde(default)]
    pub place: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub grid_code: Option<String>,
    /// A phone or other way to reach the tipster; none for an anonymous tip.
    pub contact: Option<String>,
}

/// Counts a public action (by key and address) against a limiter; past its limits, 429.
fn throttle(limiter: &crate::auth::Limiter, key: &str, ip: IpAddr) -> Result<(), ApiError> {
    if let Err(wait) = limiter.check(key, ip) {
        let mut e = ApiError::new(Code::TooManyRequests, format!("操作过于频繁,请 {wait} 秒后再试"));
        e.retry_after = Some(wait);
        return Err(e);
    }
    limiter.record_failure(key, ip);
    Ok(())
}

/// Takes a tip; answers its id and the receipt, which is shown once and kept only as a hash.
pub async fn submit(state: &AppState, ip: IpAddr, s: Submission) -> Result<(i64, String), ApiError> {
    // As anonymous reports: 10 an hour from one address.
    throttle(&state.public_limiter, &format!("tip:{ip}"), ip)?;
    let kind: TipKind = s.kind.trim().parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let text = s.text.trim().to_owned();
    if !(5..=3_000).contains(&text.chars().count()) {
        return Err(unprocessable("线索内容应为 5 到 3000 字"));
    }
    let place: String = s.place.trim().chars().take(200).collect();
    // A point, else a grid, else the place in words if it names a compound.
    let point = s.lon.zip(s.lat).map(|(lon, lat)| (lon, lat, fengqiao_core::geo::Crs::Wgs84));
    let grid = crate::org::place::resolve(&state.atlas(), point, s.grid_code.as_deref(), Some(&place))?.grid;
    let contact = s.contact.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if contact.is_some_and(|c| c.chars().count() > 60) {
        return Err(unprocessable("联系方式不超过 60 字"));
    }
    let station = grid.path.split('/').nth(2).unwrap_or_default().to_owned();
    let receipt = new_receipt(&mut rand::rngs::OsRng);
    let now = now_ms();
    let new = NewTip {
        receipt_hash: receipt_hash(&receipt),
        kind: kind.as_str().into(),
        text,
        place,
        grid_code: grid.code.clone(),
        region_path: grid.path.clone(),
        station_code: station.clone(),
        contact_sealed: contact.map(|c| state.config.key.seal(c)),
        created_at: now,
    };
    let id = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert(c, &new).await?;
                let to = accounts::usernames_with_role(c, &new.station_code, "station_leader").await?;
                // The notice names the kind only: webhooks subscribed to it learn nothing more.
                let notice = inbox::Notice {
                    kind: "tip".into(),
                    title: format!("新{}(待核查)", kind.label()),
                    link: format!("/station-tips/{id}"),
                    tracking_code: None,
                    region_path: new.region_path.clone(),
                };
                inbox::notify(c, &to, &notice, now).await?;
                audit::append(c, &Entry { actor: "anonymous", action: "tip.submit", record_type: "tip", record_id: &id.to_string(), detail: kind.as_str() }).await?;
                Ok(id)
            })
        })
        .await?;
    Ok((id, receipt))
}

/// The tip a receipt opens; a wrong receipt and a missing tip answer alike.
pub async fn by_receipt(state: &AppState, ip: IpAddr, receipt: &str) -> Result<TipRow, ApiError> {
    throttle(&state.track_limiter, &format!("tip:{}", receipt.chars().take(40).collect::<String>()), ip)?;
    let not_found = || ApiError::not_found("没有这个回执对应的线索,请核对 16 位回执号");
    let receipt = normalise_receipt(receipt).ok_or_else(not_found)?;
    store::by_receipt(state.store.pool(), &receipt_hash(&receipt)).await?.ok_or_else(not_found)
}

/// The tipster answers the station.
pub async fn answer(state: &AppState, ip: IpAddr, receipt: &str, text: &str) -> Result<(), ApiError> {
    let tip = by_receipt(state, ip, receipt).await?;
    if tip.status == TipStatus::Closed.as_str() {
        return Err(ApiError::new(Code::Conflict, "线索已办结,如有新情况请重新提交"));
    }
    let text = text.trim().to_owned();
    if !(2..=2_000).contains(&text.chars().count()) {
        return Err(unprocessable("回复应为 2 到 2000 字"));
    }
    let id = tip.id;
    state
        .store
        .write(move |c| Box::pin(async move { store::add_message(c, id, false, "anonymous", &text, now_ms()).await }))
        .await?;
    Ok(())
}

/// The police station (town) an officer belongs to, if the caller is one.
fn station_of(user: &User) -> Option<&str> {
    matches!(user.role, Role::PoliceOfficer | Role::StationLeader)
        .then(|| user.region_path.split('/').nth(2))
        .flatten()
        .filter(|s| !s.is_empty())
}

fn not_police() -> ApiError {
    ApiError::forbidden("线索只由属地派出所民警处理")
}

/// The tips of the caller's station.
pub async fn station_list(state: &AppState, user: &User) -> Result<Vec<TipRow>, ApiError> {
    let station = station_of(user).ok_or_else(not_police)?;
    Ok(store::for_station(state.store.pool(), station, 300).await?)
}

/// A tip of the caller's station (404 for any other, as for one that does not exist).
pub async fn station_tip(state: &AppState, user: &User, id: i64) -> Result<TipRow, ApiError> {
    let station = station_of(user).ok_or_else(not_police)?;
    store::by_id(state.store.pool(), id)
        .await?
        .filter(|t| t.station_code == station)
        .ok_or_else(|| ApiError::not_found("没有这条线索,或不属于本所"))
}

/// Opens the tipster's contact for an officer of the receiving station, recording it.
pub async fn contact(state: &AppState, user: &User, id: i64) -> Result<Option<String>, ApiError> {
    station_tip(state, user, id).await?;
    let reader = user.username.clone();
    let sealed = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let sealed = store::open_contact(c, id, &reader, now_ms()).await?;
                if sealed.is_some() {
                    audit::append(c, &Entry { actor: &reader, action: "tip.contact_read", record_type: "tip", record_id: &id.to_string(), detail: "" }).await?;
                }
                Ok(sealed)
            })
        })
        .await?;
    match sealed {
        None => Ok(None),
        Some(s) => state
            .config
            .key
            .open(&s)
            .map(Some)
            .ok_or_else(|| ApiError::internal("联系方式无法解密:服务器密钥与写入时不同")),
    }
}

/// The station replies, and may move the tip on (checking, closed).
pub async fn reply(state: &AppState, user: &User, id: i64, text: &str, status: Option<&str>) -> Result<(), ApiError> {
    let tip = station_tip(state, user, id).await?;
    let text = text.trim().to_owned();
    if !(2..=2_000).contains(&text.chars().count()) {
        return Err(unprocessable("回复应为 2 到 2000 字"));
    }
    let status = match status.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.parse::<TipStatus>().map_err(|e| unprocessable(e.to_string()))?,
        None if tip.status == TipStatus::Received.as_str() => TipStatus::Checking,
        None => TipStatus::parse(&tip.status).unwrap_or(TipStatus::Checking),
    };
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                store::add_message(c, id, true, &actor, &text, now).await?;
                store::set_status(c, id, status.as_str(), now).await?;
                audit::append(c, &Entry { actor: &actor, action: "tip.reply", record_type: "tip", record_id: &id.to_string(), detail: status.as_str() }).await
            })
        })
        .await?;
    Ok(())
}
