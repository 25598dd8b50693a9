//! Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for outside systems: the 12345
//! hotline, police systems, SMS and WeChat gateways. JSON or XML by the path's extension (JSON
//! when there is none); errors in the standard's list-of-errors form with its status codes.
//!
//! `service_request_id` is the tracking code, so a request posted here can be followed on the
//! public tracking page too. Reading is open to anyone, as the standard expects, but shows only
//! status, service, dates and the grid — descriptions and coordinates only to the client that
//! posted the request.

mod format;
mod post;

pub use format::xml;
pub use post::submission;

use format::{split, Format, Reply};
use post::post_requests;

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Router;
use fengqiao_store::api_keys;
use serde_json::{json, Value};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{resource}", get(top).post(post_requests))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
        .route("/open311/v2/tokens/{file}", get(token))
}

fn discovery(format: Format) -> Reply {
    Reply {
        format,
        status: 200,
        names: ("discovery", ""),
        value: json!({
            "changeset": "2026-11-27T00:00:00+08:00",
            "contact": "渭滨区委政法委 矛盾纠纷多元化解指挥中心",
            "key_service": "接口密钥由区级协调员在 /open311/keys 签发",
            "endpoints": [{
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": "/open311/v2",
                "changeset": "2026-11-27T00:00:00+08:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }],
        }),
    }
}

fn service_list(state: &AppState, format: Format) -> Reply {
    let items = super::desk::catalogue(state)
        .into_iter()
        .map(|s| {
            json!({
                "service_code": s.code,
                "service_name": s.name,
                "description": s.description,
                "metadata": false,
                "type": "realtime",
                "keywords": s.handling.kind(),
                "group": s.group,
            })
        })
        .collect();
    Reply::list(format, ("services", "service"), items)
}

#[derive(serde::Deserialize, Default)]
struct ListParams {
    service_request_id: Option<String>,
    service_code: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    status: Option<String>,
    api_key: Option<String>,
}

/// GET `discovery`, `services`, `requests`.
async fn top(
    State(state): State<AppState>,
    Path(resource): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Reply {
    let (name, format) = match split(&resource) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match name {
        "discovery" => discovery(format),
        "services" => service_list(&state, format),
        "requests" => {
            let p = ListParams {
                service_request_id: params.get("service_request_id").cloned(),
                service_code: params.get("service_code").cloned(),
                start_date: params.get("start_date").cloned(),
                end_date: params.get("end_date").cloned(),
                status: params.get("status").cloned(),
                api_key: params.get("api_key").cloned(),
            };
            list_requests(&state, format, p)
                .await
                .unwrap_or_else(|e| Reply::from_api(format, &e))
        }
        _ => Reply::error(format, 404, "没有这个资源"),
    }
}

async fn service_definition(State(state): State<AppState>, Path(file): Path<String>) -> Reply {
    let (code, format) = match split(&file) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match super::desk::desk_for(&state, code) {
        Some((_, s)) => Reply {
            format,
            status: 200,
            names: ("service_definition", ""),
            value: json!({ "service_code": s.code, "attributes": [] }),
        },
        None => Reply::error(format, 404, "没有这个服务代码"),
    }
}

/// Parses `2026-11-27T08:00:00+08:00`, or a bare date taken as Beijing midnight.
fn instant(name: &str, s: &str) -> Result<i64, ApiError> {
    fengqiao_core::time::parse_instant(s).ok_or_else(|| {
        ApiError::bad_request(format!(
            "{name} 应为 ISO 8601 时间,如 2026-11-27T08:00:00+08:00"
        ))
    })
}

/// The standard's view of one record. `client` is the Open311 client asking, if it gave a key.
async fn client_for(state: &AppState, key: Option<&str>) -> Result<Option<String>, ApiError> {
    match key.map(str::trim).filter(|k| !k.is_empty()) {
        None => Ok(None),
        Some(k) => Ok(Some(
            api_keys::client_of(state.store.pool(), k)
                .await?
                .ok_or_else(|| ApiError::forbidden("api_key 无效或已吊销"))?,
        )),
    }
}

/// A record by its code, from whichever desk answers for it.
async fn by_code(
    state: &AppState,
    code: &str,
    client: Option<&str>,
) -> Result<Option<Value>, ApiError> {
    let Some(code) = super::desk::normalise_code(code) else {
        return Ok(None);
    };
    for desk in super::desk::desks(state) {
        if let Some(v) = desk.open311_one(state, &code, client).await? {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

const DAY: i64 = 86_400_000;

async fn list_requests(state: &AppState, format: Format, p: ListParams) -> Result<Reply, ApiError> {
    let client = client_for(state, p.api_key.as_deref()).await?;
    let names = ("service_requests", "request");
    if let Some(ids) = p
        .service_request_id
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        let codes: Vec<&str> = ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if codes.len() > 100 {
            return Err(ApiError::bad_request("service_request_id 一次最多 100 个"));
        }
        let mut items = Vec::new();
        for code in codes {
            if let Some(v) = by_code(state, code, client.as_deref()).await? {
                items.push(v);
            }
        }
        return Ok(Reply::list(format, names, items));
    }
    let now = fengqiao_store::now_ms();
    let to = match p.end_date.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => instant("end_date", s)?,
        None => now + 1,
    };
    let from = match p.start_date.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => instant("start_date", s)?,
        None => to - 90 * DAY,
    };
    if from >= to {
        return Err(ApiError::bad_request("start_date 应早于 end_date"));
    }
    if to - from > 90 * DAY {
        return Err(ApiError::bad_request("查询时段不超过 90 天"));
    }
    let codes: Option<Vec<&str>> = p
        .service_code
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| s.split(',').map(str::trim).collect());
    let status = match p.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s @ ("open" | "closed")) => Some(s),
        Some(_) => return Err(ApiError::bad_request("status 应为 open 或 closed")),
    };
    let mut items: Vec<(i64, Value)> = Vec::new();
    for desk in super::desk::desks(state) {
        items.extend(
            desk.open311_between(state, from, to, 1000, client.as_deref())
                .await?,
        );
    }
    items.retain(|(_, v)| {
        codes
            .as_ref()
            .is_none_or(|cs| cs.iter().any(|c| v["service_code"] == *c))
            && status.is_none_or(|s| v["status"] == s)
    });
    items.sort_by_key(|b| std::cmp::Reverse(b.0));
    items.truncate(1000);
    Ok(Reply::list(
        format,
        names,
        items.into_iter().map(|(_, v)| v).collect(),
    ))
}

async fn one_request(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Reply {
    let (code, format) = match split(&file) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let found = async {
        let client = client_for(&state, params.get("api_key").map(String::as_str)).await?;
        by_code(&state, code, client.as_deref()).await
    }
    .await;
    match found {
        Ok(Some(v)) => Reply::list(format, ("service_requests", "request"), vec![v]),
        Ok(None) => Reply::error(format, 404, "没有这个诉求编号"),
        Err(e) => Reply::from_api(format, &e),
    }
}

/// Requests are created at once, so a token is the request's own id.
async fn token(State(state): State<AppState>, Path(file): Path<String>) -> Reply {
    let (code, format) = match split(&file) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match by_code(&state, code, None).await {
        Ok(Some(v)) => Reply::list(
            format,
            ("service_requests", "request"),
            vec![json!({ "service_request_id": v["service_request_id"], "token": code })],
        ),
        Ok(None) => Reply::error(format, 404, "没有这个令牌"),
        Err(e) => Reply::from_api(format, &e),
    }
}
