//! The hazards-and-needs desk at the residents' portal: hazards and needs reported by
//! residents or outside systems, followed by tracking code, and shown to Open311.

use super::service::{self as requests, Outcome, Report};
use crate::error::ApiError;
use crate::org::place;
use crate::portal::submit::{unprocessable, Channel, Submission, Submitted};
use crate::portal::track::{step, Tracked};
use crate::portal::Desk;
use crate::AppState;
use fengqiao_core::services::{self, Handling, RequestStatus, Service};
use fengqiao_core::Phone;
use fengqiao_store::requests::{self as request_store, RequestRow};
use fengqiao_store::BoxFuture;
use serde_json::{json, Value};

/// The desk of [`super::AREA`].
pub struct Requests;

impl Desk for Requests {
    fn promise<'a>(&'a self, _: &'a AppState) -> BoxFuture<'a, Result<Vec<String>, ApiError>> {
        Box::pin(async move {
            Ok(vec![format!(
                "安全隐患:网格员 {} 天内到场处置;生活诉求:{} 天内答复。办结后会告诉您结果,您可以评价。",
                Handling::Hazard.due_days(),
                Handling::Need.due_days()
            )])
        })
    }

    fn services(&self) -> Vec<Service> {
        services::catalogue()
            .into_iter()
            .filter(|s| matches!(s.handling, Handling::Hazard | Handling::Need))
            .collect()
    }

    fn submit<'a>(
        &'a self,
        state: &'a AppState,
        channel: Channel<'a>,
        service: Service,
        s: Submission,
    ) -> BoxFuture<'a, Result<Submitted, ApiError>> {
        Box::pin(submit(state, channel, s, service))
    }

    fn track<'a>(
        &'a self,
        state: &'a AppState,
        code: &'a str,
    ) -> BoxFuture<'a, Result<Option<Tracked>, ApiError>> {
        Box::pin(track(state, code))
    }

    fn reported_by<'a>(
        &'a self,
        state: &'a AppState,
        username: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<Tracked>, ApiError>> {
        Box::pin(async move {
            Ok(request_store::reported_by(state.store.pool(), username, limit)
                .await?
                .into_iter()
                .map(|r| tracked(r, Vec::new()))
                .collect())
        })
    }

    fn open311_one<'a>(
        &'a self,
        state: &'a AppState,
        code: &'a str,
        client: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Option<Value>, ApiError>> {
        Box::pin(async move {
            Ok(request_store::by_tracking_code(state.store.pool(), code)
                .await?
                .map(|r| request_view(&r, client)))
        })
    }

    fn open311_between<'a>(
        &'a self,
        state: &'a AppState,
        from: i64,
        to: i64,
        limit: i64,
        client: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Vec<(i64, Value)>, ApiError>> {
        Box::pin(async move {
            Ok(
                request_store::created_between(state.store.pool(), from, to, limit)
                    .await?
                    .iter()
                    .map(|r| (r.created_at, request_view(r, client)))
                    .collect(),
            )
        })
    }
}

async fn submit(
    state: &AppState,
    channel: Channel<'_>,
    s: Submission,
    service: Service,
) -> Result<Submitted, ApiError> {
    let description = s.description.trim().to_owned();
    if !(5..=5000).contains(&description.chars().count()) {
        return Err(unprocessable("情况说明应为 5 到 5000 字"));
    }
    let point = match (s.lon, s.lat) {
        (Some(lon), Some(lat)) => Some((lon, lat, place::crs(s.crs.as_deref())?)),
        (None, None) => None,
        _ => return Err(unprocessable("经度和纬度要同时提供")),
    };
    let address: String = s
        .address
        .as_deref()
        .unwrap_or_default()
        .trim()
        .chars()
        .take(200)
        .collect();
    let place = place::resolve(
        &state.atlas(),
        point,
        s.grid_code.as_deref(),
        Some(&address),
    )?;
    let phone = match s.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(
            p.parse::<Phone>()
                .map_err(|e| unprocessable(format!("回访电话:{e}")))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let (channel_name, client, actor, key_owner) = match channel {
        Channel::Portal(ip) => {
            let p = phone
                .as_deref()
                .ok_or_else(|| unprocessable("匿名反映需要留下回访电话"))?;
            crate::mediation::intake::check_public_rate(state, p, ip).await?;
            ("portal", None, "anonymous".to_owned(), format!("anon:{p}"))
        }
        Channel::Account(u) => (
            if u.role.is_staff() { "staff" } else { "portal" },
            None,
            u.username.clone(),
            format!("user:{}", u.username),
        ),
        Channel::Open311(c) => (
            "open311",
            Some(c.to_owned()),
            format!("open311:{c}"),
            format!("client:{c}"),
        ),
    };
    let report = Report {
        service,
        description,
        place,
        address,
        reporter_phone: phone,
        channel: channel_name,
        client,
        idempotency_key: s.idempotency_key.map(|k| format!("{key_owner}:{k}")),
        photos: s.photos,
    };
    let outcome = requests::intake(state, actor, report).await?;
    let (linked, replayed) = (
        matches!(outcome, Outcome::Linked(..)),
        matches!(outcome, Outcome::Replayed(_)),
    );
    let id = outcome.id();
    let tracking_code = match outcome {
        Outcome::New { tracking_code, .. } | Outcome::Linked(_, tracking_code) => tracking_code,
        Outcome::Replayed(id) => request_store::by_id(state.store.pool(), id)
            .await?
            .map(|r| r.tracking_code)
            .ok_or_else(|| ApiError::internal("request vanished after intake"))?,
    };
    Ok(Submitted {
        kind: service.handling.kind(),
        id,
        tracking_code,
        linked,
        replayed,
    })
}

fn public_step(kind: &str, detail: &str) -> Option<String> {
    Some(match kind {
        "created" => "受理".into(),
        "assigned" => "已交网格员办理".into(),
        "accepted" => "网格员已接单,正在办理".into(),
        "done" => format!("办结:{detail}"),
        "linked_report" => "再次反映,已合并办理".into(),
        _ => return None,
    })
}

/// The public view of a hazard's or need's tracking code.
async fn track(state: &AppState, code: &str) -> Result<Option<Tracked>, ApiError> {
    let pool = state.store.pool();
    let found = match request_store::by_tracking_code(pool, code).await? {
        Some(row) => Some(row),
        None => request_store::by_receipt(pool, code).await?,
    };
    let Some(mut r) = found else {
        return Ok(None);
    };
    let steps = request_store::events(pool, r.id)
        .await?
        .into_iter()
        .filter_map(|e| public_step(&e.kind, &e.detail).map(|l| step(e.at, l)))
        .collect();
    // A receipt shows the request it joined under its own code.
    code.clone_into(&mut r.tracking_code);
    Ok(Some(tracked(r, steps)))
}

/// The public view of a request under the code it is asked by, with the given steps.
fn tracked(r: RequestRow, steps: Vec<crate::portal::track::PublicStep>) -> Tracked {
    let service = services::find(&r.service_code);
    Tracked {
            tracking_code: r.tracking_code,
            kind: service.map_or("need", |s| s.handling.kind()),
            service_name: service.map_or("诉求", |s| s.name).into(),
            status_label: r.status.label().into(),
            finished: r.status == RequestStatus::Done,
            status: r.status.as_str().into(),
            level_label: "",
            created_at: r.created_at,
            updated_at: r.updated_at,
            steps,
            reply: Some(r.reply).filter(|s| !s.is_empty()),
            rating: None,
            due_at: (r.status != RequestStatus::Done).then_some(r.due_at),
            expected: None,
            approx_place: None,
            region_path: r.region_path,
            reporter_phone: r.reporter_phone,
    }
}

/// The standard's view of one record. `client` is the Open311 client asking, if it gave a key.
fn request_view(r: &RequestRow, client: Option<&str>) -> Value {
    let mine = client.is_some() && r.client.as_deref() == client;
    let service = services::find(&r.service_code);
    let mut notes = r.status.label().to_owned();
    if !r.reply.is_empty() {
        notes = format!("{notes}:{}", r.reply);
    }
    json!({
        "service_request_id": r.tracking_code,
        "status": if r.status == RequestStatus::Done { "closed" } else { "open" },
        "status_notes": notes,
        "service_name": service.map_or("诉求", |s| s.name),
        "service_code": r.service_code,
        "description": if mine { Value::from(r.description.clone()) } else { Value::Null },
        "agency_responsible": "网格员",
        "service_notice": "",
        "requested_datetime": fengqiao_core::time::iso(r.created_at),
        "updated_datetime": fengqiao_core::time::iso(r.updated_at),
        "expected_datetime": if r.status == RequestStatus::Done { Value::Null } else { Value::from(fengqiao_core::time::iso(r.due_at)) },
        "address": if mine { r.address.clone() } else { String::new() },
        "address_id": r.grid_code,
        "zipcode": "",
        "lat": if mine { r.lat.map_or(Value::Null, Value::from) } else { Value::Null },
        "long": if mine { r.lon.map_or(Value::Null, Value::from) } else { Value::Null },
        "media_url": "",
    })
}
