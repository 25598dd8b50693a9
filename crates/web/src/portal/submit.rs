//! One way in for everything residents and outside systems report: a service code from the
//! catalogue decides whether it becomes a dispute (four-level mediation) or a service request
//! (hazard or need). The report page and Open311 both come through here.

use crate::error::{ApiError, Code};
use crate::mediation::intake::{build_intake, IntakeBody, LocationBody, Origin, PartyBody};
use crate::mediation::service::{self as mediation, Intaken};
use crate::org::place;
use crate::requests::service::{self as requests, Outcome, Report};
use crate::AppState;
use fengqiao_core::services::{self, Handling};
use fengqiao_core::Phone;
use fengqiao_store::mediation as cases;
use fengqiao_store::requests as request_store;
use serde::Serialize;
use std::net::IpAddr;

/// What was reported, as the page form or the Open311 form carry it.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub service_code: String,
    pub description: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub crs: Option<String>,
    pub grid_code: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
    pub idempotency_key: Option<String>,
    /// Photos, already checked (at most three from the report page).
    pub photos: Vec<crate::upload::Photo>,
}

/// Who submits: a resident on the page, or an Open311 client.
#[derive(Debug, Clone, Copy)]
pub enum Channel<'a> {
    Portal(IpAddr),
    Open311(&'a str),
}

/// What came of a submission.
#[derive(Debug, Clone, Serialize)]
pub struct Submitted {
    /// `dispute`, `hazard` or `need`.
    pub kind: &'static str,
    pub id: i64,
    pub tracking_code: String,
    /// The same phone reported in the same grid earlier today: linked to that record.
    pub linked: bool,
    /// A retry of an earlier submission with the same key.
    pub replayed: bool,
}

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

pub async fn submit(
    state: &AppState,
    channel: Channel<'_>,
    s: Submission,
) -> Result<Submitted, ApiError> {
    let service = services::find(s.service_code.trim()).ok_or_else(|| {
        ApiError::new(
            Code::Unprocessable,
            format!(
                "未知的服务代码「{}」",
                s.service_code.chars().take(40).collect::<String>()
            ),
        )
    })?;
    match service.handling {
        Handling::Dispute(category) => dispute(state, channel, s, category.as_str()).await,
        Handling::Hazard | Handling::Need => request(state, channel, s, service).await,
    }
}

async fn dispute(
    state: &AppState,
    channel: Channel<'_>,
    s: Submission,
    category: &str,
) -> Result<Submitted, ApiError> {
    let parties = match s.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => vec![PartyBody {
            side: Some("applicant".into()),
            kind: Some("person".into()),
            name: name.into(),
            phone: s.phone.clone(),
            id_number: None,
            vulnerability: None,
        }],
        None => Vec::new(),
    };
    let body = IntakeBody {
        category: category.into(),
        source: None,
        description: s.description,
        parties,
        location: match (s.lon, s.lat) {
            (Some(lon), Some(lat)) => Some(LocationBody {
                lon,
                lat,
                crs: s.crs,
            }),
            _ => None,
        },
        grid_code: s.grid_code,
        address: s.address,
        amount_yuan: None,
        people: None,
        households: None,
        whole_compound: false,
        litigation: false,
        minor_fight: false,
        callback_phone: s.phone,
    };
    let (origin, actor) = match channel {
        Channel::Portal(ip) => (Origin::Anonymous(ip), "anonymous".to_owned()),
        Channel::Open311(client) => (Origin::Client(client), format!("open311:{client}")),
    };
    let mut intake = build_intake(state, origin, body, s.idempotency_key)?;
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

async fn request(
    state: &AppState,
    channel: Channel<'_>,
    s: Submission,
    service: services::Service,
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
            crate::mediation::intake::check_public_rate(state, p, ip)?;
            ("portal", None, "anonymous".to_owned(), format!("anon:{p}"))
        }
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
