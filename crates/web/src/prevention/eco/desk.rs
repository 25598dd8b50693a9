//! The eco-safety desk at the residents' portal: the five disorders and wildlife, followed by
//! tracking code and shown to Open311 — with the place rounded to about a kilometre wherever
//! an exact point could lead someone to an animal or a tree.

use super::service;
use crate::error::ApiError;
use crate::portal::submit::{Channel, Submission, Submitted};
use crate::portal::track::{step, Tracked};
use crate::portal::Desk;
use crate::AppState;
use fengqiao_core::prevention::eco::{public_point, EcoKind, EcoStatus};
use fengqiao_core::services::{self, Handling, Service};
use fengqiao_store::prevention::eco::{self as store, EcoRow};
use fengqiao_store::BoxFuture;
use serde_json::{json, Value};

pub struct Eco;

fn kind_of(r: &EcoRow) -> EcoKind {
    EcoKind::parse(&r.kind).unwrap_or(EcoKind::IllegalDumping)
}

/// The place as a public page may give it: rounded for sensitive kinds.
fn public_place(r: &EcoRow) -> Option<(f64, f64)> {
    let (lon, lat) = r.lon.zip(r.lat)?;
    Some(if kind_of(r).sensitive_place() { public_point(lon, lat) } else { (lon, lat) })
}

fn tracked(r: EcoRow, steps: Vec<crate::portal::track::PublicStep>) -> Tracked {
    let kind = kind_of(&r);
    let approx = r.lon.zip(r.lat).map(|(lon, lat)| {
        let (x, y) = public_point(lon, lat);
        format!("北纬 {y:.2}°,东经 {x:.2}° 附近(只显示到约 1 公里)")
    });
    Tracked {
        tracking_code: r.tracking_code,
        kind: "eco",
        service_name: kind.label().into(),
        status_label: EcoStatus::label_of(&r.status).into(),
        finished: r.status == EcoStatus::Closed.as_str(),
        status: r.status.clone(),
        level_label: kind.department(),
        created_at: r.created_at,
        updated_at: r.updated_at,
        steps,
        reply: None,
        rating: None,
        due_at: (r.status != EcoStatus::Closed.as_str()).then_some(r.due_at),
        expected: None,
        approx_place: approx,
        region_path: r.region_path,
        reporter_phone: r.reporter_phone,
    }
}

fn public_step(kind: &str, detail: &str) -> Option<String> {
    Some(match kind {
        "received" => format!("受理,{detail}"),
        "rectify" => "已责令整改".into(),
        "recheck_failed" => "复查未通过,重新限期整改".into(),
        "closed" => "复查合格,办结".into(),
        _ => return None,
    })
}

fn view(r: &EcoRow, client: Option<&str>) -> Value {
    let mine = client.is_some() && r.client.as_deref() == client;
    let place = if mine || kind_of(r).sensitive_place() { public_place(r) } else { None };
    json!({
        "service_request_id": r.tracking_code,
        "status": if r.status == "closed" { "closed" } else { "open" },
        "status_notes": EcoStatus::label_of(&r.status),
        "service_name": kind_of(r).label(),
        "service_code": kind_of(r).service_code(),
        "description": if mine { Value::from(r.description.clone()) } else { Value::Null },
        "agency_responsible": r.department,
        "service_notice": "",
        "requested_datetime": fengqiao_core::time::iso(r.created_at),
        "updated_datetime": fengqiao_core::time::iso(r.updated_at),
        "expected_datetime": if r.status == "closed" { Value::Null } else { Value::from(fengqiao_core::time::iso(r.due_at)) },
        "address": if mine && !kind_of(r).sensitive_place() { r.address.clone() } else { String::new() },
        "address_id": r.grid_code,
        "zipcode": "",
        "lat": place.map_or(Value::Null, |p| Value::from(p.1)),
        "long": place.map_or(Value::Null, |p| Value::from(p.0)),
        "media_url": "",
    })
}

impl Desk for Eco {
    fn services(&self) -> Vec<Service> {
        services::catalogue()
            .into_iter()
            .filter(|s| matches!(s.handling, Handling::Eco(_)))
            .collect()
    }

    fn promise<'a>(&'a self, _: &'a AppState) -> BoxFuture<'a, Result<Vec<String>, ApiError>> {
        Box::pin(async move {
            Ok(vec![format!(
                "秦岭北麓生态问题:转住建、林业、自然资源、生态环境或森林公安办理,{} 天内处理;涉及野生动物的,公开页面只显示大致位置。",
                service::DUE_DAYS
            )])
        })
    }

    fn submit<'a>(
        &'a self,
        state: &'a AppState,
        channel: Channel<'a>,
        svc: Service,
        s: Submission,
    ) -> BoxFuture<'a, Result<Submitted, ApiError>> {
        Box::pin(async move {
            let kind = match svc.handling {
                Handling::Eco(k) => k,
                _ => EcoKind::IllegalDumping,
            };
            service::intake(state, channel, kind, s).await
        })
    }

    fn track<'a>(&'a self, state: &'a AppState, code: &'a str) -> BoxFuture<'a, Result<Option<Tracked>, ApiError>> {
        Box::pin(async move {
            let pool = state.store.pool();
            let Some(r) = store::by_tracking_code(pool, code).await? else {
                return Ok(None);
            };
            let steps = store::events(pool, r.id)
                .await?
                .into_iter()
                .filter_map(|e| public_step(&e.kind, &e.detail).map(|l| step(e.at, l)))
                .collect();
            Ok(Some(tracked(r, steps)))
        })
    }

    fn reported_by<'a>(
        &'a self,
        state: &'a AppState,
        username: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<Tracked>, ApiError>> {
        Box::pin(async move {
            Ok(store::reported_by(state.store.pool(), username, limit)
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
            Ok(store::by_tracking_code(state.store.pool(), code)
                .await?
                .filter(|r| matches!(r.channel.as_str(), "portal" | "open311"))
                .map(|r| view(&r, client)))
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
            Ok(store::publicly_reported(state.store.pool(), from, to, limit)
                .await?
                .iter()
                .map(|r| (r.created_at, view(r, client)))
                .collect())
        })
    }
}
