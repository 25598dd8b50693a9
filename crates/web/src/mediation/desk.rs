//! Four-level mediation's desk at the residents' portal: disputes of every standard category
//! reported by residents or outside systems, followed by tracking code, and shown to Open311.

use super::intake::{build_intake, IntakeCommand, Origin};
use crate::org::place;
use crate::portal::submit::unprocessable;
use fengqiao_core::Phone;
use fengqiao_store::mediation::NewParty;
use super::service::{self as mediation, Intaken};
use crate::error::ApiError;
use crate::portal::submit::{Channel, Submission, Submitted};
use crate::portal::track::{step, Tracked};
use crate::portal::Desk;
use crate::AppState;
use fengqiao_core::mediation::{
    level_label, CaseEvent, Category, PartyKind, PartySide, Source, Status,
};
use fengqiao_core::services::{self, Handling, Service};
use fengqiao_store::mediation::{self as cases, CaseRow};
use fengqiao_store::BoxFuture;
use serde_json::{json, Value};

/// The desk of [`super::AREA`].
pub struct Disputes;

impl Desk for Disputes {
    fn services(&self) -> Vec<Service> {
        services::catalogue()
            .into_iter()
            .filter(|s| matches!(s.handling, Handling::Dispute(_)))
            .collect()
    }

    fn promise<'a>(&'a self, state: &'a AppState) -> BoxFuture<'a, Result<Vec<String>, ApiError>> {
        Box::pin(async move {
            let (_, policy) = super::service::current_policy(&state.store).await?;
            let d = policy.deadline_days;
            Ok(vec![
                format!("矛盾纠纷:网格员先到现场调解,{} 天内办理;调不成的,依次交社区({} 天)、派出所({} 天)、镇街综治中心({} 天)联合调解。", d[0], d[1], d[2], d[3]),
                "达成协议后,工作人员会按约定的日子回访,看协议是否落实。".into(),
            ])
        })
    }

    fn submit<'a>(
        &'a self,
        state: &'a AppState,
        channel: Channel<'a>,
        service: Service,
        s: Submission,
    ) -> BoxFuture<'a, Result<Submitted, ApiError>> {
        Box::pin(async move {
            let category = match service.handling {
                Handling::Dispute(c) => c,
                _ => Category::Other,
            };
            submit(state, channel, s, category).await
        })
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
            Ok(cases::reported_by(state.store.pool(), username, limit)
                .await?
                .into_iter()
                .map(|c| tracked(c, Vec::new()))
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
            Ok(cases::by_tracking_code(state.store.pool(), code)
                .await?
                .filter(is_public)
                .map(|c| case_view(&c, client)))
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
                cases::publicly_reported(state.store.pool(), from, to, limit)
                    .await?
                    .iter()
                    .map(|c| (c.created_at, case_view(c, client)))
                    .collect(),
            )
        })
    }
}

/// Cases staff recorded themselves (screening, 110) are internal, not public requests.
fn is_public(c: &CaseRow) -> bool {
    matches!(c.source, Source::Resident | Source::Hotline12345)
}

async fn submit(
    state: &AppState,
    channel: Channel<'_>,
    s: Submission,
    category: Category,
) -> Result<Submitted, ApiError> {
    let callback_phone = match s.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => Some(
            p.parse::<Phone>()
                .map_err(|e| unprocessable(format!("回访电话:{e}")))?,
        ),
    };
    let parties = match s.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) if name.chars().count() <= 50 => vec![NewParty {
            side: PartySide::Applicant,
            kind: PartyKind::Person,
            name: name.to_owned(),
            phone: callback_phone.as_ref().map(|p| p.as_str().to_owned()),
            id_number: None,
            vulnerability: None,
        }],
        Some(_) => return Err(unprocessable("姓名不超过 50 字")),
        None => Vec::new(),
    };
    let point = match (s.lon, s.lat) {
        (Some(lon), Some(lat)) => Some((lon, lat, place::crs(s.crs.as_deref())?)),
        _ => None,
    };
    let command = IntakeCommand {
        category,
        source: None,
        description: s.description,
        parties,
        point,
        grid_code: s.grid_code,
        address: s.address,
        amount_yuan: None,
        people: None,
        households: None,
        whole_compound: false,
        litigation: false,
        minor_fight: false,
        callback_phone,
    };
    let (origin, actor) = match channel {
        Channel::Portal(ip) => (Origin::Anonymous(ip), "anonymous".to_owned()),
        Channel::Account(u) => (Origin::User(u), u.username.clone()),
        Channel::Open311(client) => (Origin::Client(client), format!("open311:{client}")),
    };
    let mut intake = build_intake(state, origin, command, s.idempotency_key).await?;
    intake.photos = s.photos;
    let outcome = mediation::intake(state, actor, intake).await?;
    let (linked, replayed) = (
        matches!(outcome, Intaken::Linked(..)),
        matches!(outcome, Intaken::Replayed(_)),
    );
    let id = outcome.id();
    let tracking_code = match outcome {
        Intaken::New(c) => c.tracking_code,
        Intaken::Linked(_, code) => code,
        Intaken::Replayed(id) => cases::by_id(state.store.pool(), id)
            .await?
            .map(|c| c.tracking_code)
            .ok_or_else(|| ApiError::internal("case vanished after intake"))?,
    };
    Ok(Submitted {
        kind: "dispute",
        id,
        tracking_code,
        linked,
        replayed,
    })
}

fn level_name(level: Option<i64>) -> &'static str {
    level_label(u8::try_from(level.unwrap_or(1).clamp(1, 4)).unwrap_or(4))
}

fn public_step(kind: CaseEvent, to: Option<i64>, from: Option<i64>) -> Option<String> {
    Some(match kind {
        CaseEvent::Created => format!("受理,由{}办理", level_name(to)),
        CaseEvent::Escalated => format!("上交至{}", level_name(to)),
        CaseEvent::HandedBack => format!("交回{}", level_name(to)),
        CaseEvent::Session => format!("{}:组织调解", level_name(from)),
        CaseEvent::Agreement => "达成调解协议".into(),
        CaseEvent::FollowUp => "回访".into(),
        CaseEvent::Closed => "回访稳定,结案".into(),
        CaseEvent::Referred => "引导至诉讼、仲裁或行政途径".into(),
        CaseEvent::Reopened => "重新启动调解".into(),
        CaseEvent::LinkedReport => "再次反映,已合并办理".into(),
        _ => return None,
    })
}

/// The public view of a dispute's tracking code.
async fn track(state: &AppState, code: &str) -> Result<Option<Tracked>, ApiError> {
    let pool = state.store.pool();
    let found = match cases::by_tracking_code(pool, code).await? {
        Some(row) => Some(row),
        None => cases::by_receipt(pool, code).await?,
    };
    let Some(mut c) = found else {
        return Ok(None);
    };
    let steps = cases::events(pool, c.id)
        .await?
        .into_iter()
        .filter_map(|e| public_step(e.kind, e.level_to, e.level_from).map(|l| step(e.at, l)))
        .collect();
    // A receipt shows the case it joined under its own code.
    code.clone_into(&mut c.tracking_code);
    Ok(Some(tracked(c, steps)))
}

/// The public view of a case under the code it is asked by, with the given steps.
fn tracked(c: CaseRow, steps: Vec<crate::portal::track::PublicStep>) -> Tracked {
    Tracked {
            tracking_code: c.tracking_code,
            kind: "dispute",
            service_name: format!("{}纠纷", c.category.label()),
            status_label: c.status.label().into(),
            finished: c.status != Status::Open,
            status: c.status.as_str().into(),
            level_label: level_name(Some(c.level)),
            created_at: c.created_at,
            updated_at: c.updated_at,
            steps,
            reply: None,
            rating: None,
            due_at: (c.status == Status::Open).then_some(c.due_at),
            expected: None,
            approx_place: None,
            region_path: c.region_path,
            reporter_phone: c.reporter_phone,
    }
}

/// The standard's view of one record. `client` is the Open311 client asking, if it gave a key.
fn case_view(c: &CaseRow, client: Option<&str>) -> Value {
    let mine = client.is_some_and(|k| c.created_by == format!("open311:{k}"));
    json!({
        "service_request_id": c.tracking_code,
        "status": if matches!(c.status, Status::Closed | Status::Referred) { "closed" } else { "open" },
        "status_notes": format!(
            "{} · {}",
            c.status.label(),
            level_label(u8::try_from(c.level.clamp(1, 4)).unwrap_or(4))
        ),
        "service_name": c.category.label(),
        "service_code": services::dispute_code(c.category),
        "description": if mine { Value::from(c.description.clone()) } else { Value::Null },
        "agency_responsible": level_label(u8::try_from(c.level.clamp(1, 4)).unwrap_or(4)),
        "service_notice": "",
        "requested_datetime": fengqiao_core::time::iso(c.created_at),
        "updated_datetime": fengqiao_core::time::iso(c.updated_at),
        "expected_datetime": if c.status == Status::Open { Value::from(fengqiao_core::time::iso(c.due_at)) } else { Value::Null },
        "address": if mine { c.address.clone() } else { String::new() },
        "address_id": c.grid_code,
        "zipcode": "",
        "lat": if mine { c.lat.map_or(Value::Null, Value::from) } else { Value::Null },
        "long": if mine { c.lon.map_or(Value::Null, Value::from) } else { Value::Null },
        "media_url": "",
    })
}
