//! The life of a service request: intake (assigned to the grid's worker, a notice in their
//! inbox, a resident's same-day repeat linked to the first), then accept and done. Each step is
//! one write job with its audit entry.

use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::mediation::service::{actor_level, assignee_for};
use crate::org::place::Place;
use crate::AppState;
use fengqiao_core::services::Service;
use fengqiao_core::time::DAY_MS;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::requests::{self as store, NewRequest, RequestRow};
use fengqiao_store::{inbox, now_ms, Conn, StoreError};

/// A validated request to record.
#[derive(Debug, Clone)]
pub struct Report {
    pub service: Service,
    pub description: String,
    pub place: Place,
    pub address: String,
    pub reporter_phone: Option<String>,
    /// `portal`, `open311` or `staff`.
    pub channel: &'static str,
    /// The Open311 client that sent it.
    pub client: Option<String>,
    pub idempotency_key: Option<String>,
    pub photos: Vec<crate::upload::Photo>,
}

/// What an intake did.
#[derive(Debug, Clone)]
pub enum Outcome {
    New { id: i64, tracking_code: String },
    Replayed(i64),
    Linked(i64, String),
}

impl Outcome {
    pub fn id(&self) -> i64 {
        match self {
            Outcome::New { id, .. } | Outcome::Replayed(id) | Outcome::Linked(id, _) => *id,
        }
    }
}

fn tracking_code() -> String {
    fengqiao_core::ids::tracking::new("FR")
}

pub async fn intake(state: &AppState, actor: String, r: Report) -> Result<Outcome, ApiError> {
    let result = state
        .store
        .write(move |c| Box::pin(async move { intake_in(c, &actor, r, now_ms()).await }))
        .await;
    match result {
        Err(StoreError::Conflict(_)) => Err(ApiError::new(
            Code::Conflict,
            "同一请求正在处理中,请稍后用相同的 Idempotency-Key 重试",
        )),
        other => Ok(other?),
    }
}

async fn tell(
    conn: &mut Conn,
    who: &str,
    kind: &str,
    title: String,
    row: (i64, &str, &str),
) -> Result<(), StoreError> {
    let (id, code, region_path) = row;
    let notice = inbox::Notice {
        kind: kind.into(),
        title,
        link: format!("/requests/{id}"),
        tracking_code: Some(code.into()),
        region_path: region_path.into(),
    };
    inbox::notify(conn, &[who.to_owned()], &notice, now_ms()).await
}

pub async fn intake_in(
    c: &mut Conn,
    actor: &str,
    r: Report,
    now: i64,
) -> Result<Outcome, StoreError> {
    if let Some(key) = &r.idempotency_key {
        if let Some(id) = store::by_idempotency_key(c, key).await? {
            return Ok(Outcome::Replayed(id));
        }
    }
    let kind = r.service.handling.kind();
    let grid = &r.place.grid;
    if let Some(phone) = &r.reporter_phone {
        let since = fengqiao_core::time::start_of_day(now);
        if let Some((id, _)) = store::same_report(c, phone, &grid.code, kind, since).await? {
            // The second report gets a receipt of its own, never the first report's code.
            let receipt = tracking_code();
            store::add_receipt(c, id, &receipt, actor, now).await?;
            let detail = format!("同一电话当天在同一网格再次反映:{}", r.description);
            store::add_event(c, id, actor, "linked_report", &detail, now).await?;
            for p in &r.photos {
                store::add_photo(c, id, p.content_type, &p.data, actor, now).await?;
            }
            fengqiao_store::audit::append(
                c,
                &fengqiao_store::audit::Entry {
                    actor,
                    action: "request.linked_report",
                    record_type: "service_request",
                    record_id: &id.to_string(),
                    detail: &receipt,
                },
            )
            .await?;
            return Ok(Outcome::Linked(id, receipt));
        }
    }
    let assignee = assignee_for(c, &grid.path, 1).await?;
    let search_text = super::words::request_words(Some(&r.service), &r.description, &r.address, &grid.path);
    let new = NewRequest {
        tracking_code: tracking_code(),
        idempotency_key: r.idempotency_key.clone(),
        kind: kind.into(),
        service_code: r.service.code.into(),
        description: r.description.clone(),
        grid_code: grid.code.clone(),
        region_path: grid.path.clone(),
        address: r.address.clone(),
        lon: r.place.lon,
        lat: r.place.lat,
        reporter_phone: r.reporter_phone.clone(),
        channel: r.channel.into(),
        client: r.client.clone(),
        assignee: assignee.clone(),
        due_at: now + r.service.handling.due_days() * DAY_MS,
        created_by: actor.into(),
        created_at: now,
        search_text,
    };
    let id = store::insert(c, &new).await?;
    for p in &r.photos {
        store::add_photo(c, id, p.content_type, &p.data, actor, now).await?;
    }
    let via = match (r.channel, &r.client) {
        ("open311", Some(client)) => format!("经 {client} 接口受理"),
        ("portal", _) => "居民网上反映".to_owned(),
        _ => "工作人员登记".to_owned(),
    };
    store::add_event(
        c,
        id,
        actor,
        "created",
        &format!("{}:{via}", r.service.name),
        now,
    )
    .await?;
    let who = assignee.as_deref().unwrap_or("(本网格暂无网格员)");
    store::add_event(c, id, "system", "assigned", who, now).await?;
    if let Some(a) = &assignee {
        let title = format!(
            "新{}:{} {}",
            r.service.group, r.service.name, new.tracking_code
        );
        tell(
            c,
            a,
            "request_assigned",
            title,
            (id, &new.tracking_code, &grid.path),
        )
        .await?;
    }
    let id_text = id.to_string();
    audit::append(
        c,
        &Entry {
            actor,
            action: "request.create",
            record_type: "service_request",
            record_id: &id_text,
            detail: r.service.code,
        },
    )
    .await?;
    Ok(Outcome::New {
        id,
        tracking_code: new.tracking_code,
    })
}

pub use fengqiao_core::services::Step;

/// Whether a user may move a request on: its assignee, or staff working at grid level or
/// above whose scope holds it (checked by the caller's scoped load).
pub fn may_act(user: &User, row: &RequestRow) -> bool {
    row.assignee.as_deref() == Some(user.username.as_str()) || actor_level(user.role) >= 1
}

/// Accepts a request, or finishes it with a reply the resident sees.
pub async fn act(
    state: &AppState,
    user: &User,
    id: i64,
    step: Step,
    reply: String,
) -> Result<RequestRow, ApiError> {
    let scope = user.staff_scope()?;
    let row = store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("诉求 {id} 不存在或不在您的管辖范围内")))?;
    if !may_act(user, &row) {
        return Err(ApiError::forbidden("您不能办理这件诉求"));
    }
    let reply = reply.trim().to_owned();
    if step == Step::Done && !(2..=2000).contains(&reply.chars().count()) {
        return Err(ApiError::new(
            Code::Unprocessable,
            "办结需要填写答复(2 到 2000 字),居民查询时可见",
        ));
    }
    let actor = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let row = store::load_for_update(c, id)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let current = row.status;
                let Some(next) = current.after(step) else {
                    return Err(StoreError::Conflict(format!(
                        "这件诉求当前为「{}」,不能再{}",
                        current.label(),
                        if step == Step::Accept {
                            "受理"
                        } else {
                            "办结"
                        }
                    )));
                };
                let (status, kind, detail) = match step {
                    Step::Accept => (next.as_str(), "accepted", "已受理,正在办理".to_owned()),
                    Step::Done => (next.as_str(), "done", reply.clone()),
                };
                let now = now_ms();
                let assignee = row.assignee.clone().or_else(|| Some(actor.clone()));
                let reply = if step == Step::Done {
                    reply.as_str()
                } else {
                    row.reply.as_str()
                };
                store::save(c, id, status, assignee.as_deref(), reply, now).await?;
                store::add_event(c, id, &actor, kind, &detail, now).await?;
                let id_text = id.to_string();
                audit::append(
                    c,
                    &Entry {
                        actor: &actor,
                        action: &format!("request.{kind}"),
                        record_type: "service_request",
                        record_id: &id_text,
                        detail: "",
                    },
                )
                .await?;
                Ok(())
            })
        })
        .await?;
    store::by_id(state.store.pool(), id)
        .await?
        .ok_or_else(|| ApiError::internal("request vanished after update"))
}

