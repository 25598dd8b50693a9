//! Public warnings for CAP-aware channels: `GET /cap/alerts.atom` lists them, newest first,
//! and `GET /cap/alerts/{id}.xml` is each one as a CAP 1.2 document, the warned area drawn as
//! the polygons of the grids concerned. Warnings are public by nature; nothing else of the
//! incident is in them.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use fengqiao_core::emergency::cap::{self, Alert, FeedEntry, MsgType, Reference};
use fengqiao_core::emergency::incident::{IncidentKind, Severity};
use fengqiao_core::geo::Shape;
use fengqiao_store::emergency::incidents::{self as store, AlertRow};
use fengqiao_store::now_ms;

/// Builds the CAP alert of a stored warning.
pub async fn alert(state: &AppState, a: &AlertRow, base: &str) -> Result<Alert, ApiError> {
    let pool = state.store.pool();
    let incident = store::by_id(pool, a.incident_id).await?.ok_or_else(|| ApiError::not_found("预警不存在"))?;
    let references = match a.references_id {
        Some(r) => store::alert(pool, r).await?.map(|p| vec![Reference { identifier: p.identifier, sent: p.sent_at }]).unwrap_or_default(),
        None => Vec::new(),
    };
    let atlas = state.atlas();
    let polygons = a
        .grid_codes
        .split_whitespace()
        .filter_map(|code| atlas.get(code))
        .filter_map(|g| match &g.shape {
            Some(Shape::Area(mp)) => Some(mp.0.iter().map(|p| p.exterior().0.iter().map(|c| (c.x, c.y)).collect::<Vec<_>>()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    let district = incident.region_path.split('/').nth(1).unwrap_or("0");
    let kind = IncidentKind::parse(&incident.kind);
    let severity = Severity::parse(&incident.severity);
    Ok(Alert {
        identifier: a.identifier.clone(),
        sender: format!("fengqiao@{district}"),
        sender_name: atlas.get(district).map_or_else(|| "应急指挥中心".to_owned(), |d| format!("{}应急指挥中心", d.name)),
        sent: a.sent_at,
        exercise: a.exercise == 1,
        msg_type: MsgType::parse(&a.msg_type).unwrap_or(MsgType::Alert),
        references,
        category: kind.map_or("Other", IncidentKind::cap_category),
        event: kind.map_or("突发事件", IncidentKind::label).to_owned(),
        severity: severity.map_or("Unknown", Severity::cap),
        headline: a.headline.clone(),
        description: a.description.clone(),
        instruction: a.instruction.clone(),
        web: format!("{base}/warnings"),
        area_desc: a.area_desc.clone(),
        polygons,
    })
}

/// `GET /cap/alerts/{id}.xml`.
pub async fn one(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Result<impl IntoResponse, ApiError> {
    let id: i64 = file
        .strip_suffix(".xml")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| ApiError::not_found("没有这条预警"))?;
    let row = store::alert(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这条预警"))?;
    let xml = cap::write_alert(&alert(&state, &row, &crate::headers::base_url(&headers, &state.config)).await?);
    Ok(([(header::CONTENT_TYPE, "application/cap+xml; charset=utf-8")], xml))
}

/// `GET /cap/alerts.atom`: the last 50 warnings.
pub async fn feed(State(state): State<AppState>, headers: HeaderMap) -> Result<impl IntoResponse, ApiError> {
    let base = crate::headers::base_url(&headers, &state.config);
    let rows = store::alerts(state.store.pool(), 50).await?;
    let mut entries = Vec::with_capacity(rows.len());
    for r in &rows {
        entries.push(FeedEntry { alert: alert(&state, r, &base).await?, cap_url: format!("{base}/cap/alerts/{}.xml", r.id) });
    }
    let updated = rows.first().map_or_else(now_ms, |r| r.sent_at);
    let xml = cap::write_feed(&format!("{base}/cap/alerts.atom"), "公众预警信息", &format!("{base}/cap/alerts.atom"), updated, &entries);
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml))
}
