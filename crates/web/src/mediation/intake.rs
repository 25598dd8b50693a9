//! Reading an intake from the outside — the API body or the intake form — into a validated
//! [`Intake`]: known category and source, a location that falls in a grid, checked phones and
//! ID numbers, sensible numbers.

use super::service::{category, source, Intake};
use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::org::place::{self, Place};
use crate::AppState;
use fengqiao_core::geo::Crs;
use fengqiao_core::mediation::{
    Category,Facts, PartyKind, PartySide, Source, UnknownName, Vulnerability};
use fengqiao_core::{IdNumber, Phone};
use fengqiao_store::mediation::NewParty;
use serde::Deserialize;
use std::net::IpAddr;

#[derive(Debug, Deserialize)]
pub struct PartyBody {
    pub side: Option<String>,
    pub kind: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub vulnerability: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LocationBody {
    pub lon: f64,
    pub lat: f64,
    pub crs: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct IntakeBody {
    pub category: String,
    pub source: Option<String>,
    pub description: String,
    #[serde(default)]
    pub parties: Vec<PartyBody>,
    pub location: Option<LocationBody>,
    pub grid_code: Option<String>,
    pub address: Option<String>,
    pub amount_yuan: Option<f64>,
    pub people: Option<u32>,
    pub households: Option<u32>,
    #[serde(default)]
    pub whole_compound: bool,
    #[serde(default)]
    pub litigation: bool,
    #[serde(default)]
    pub minor_fight: bool,
    pub callback_phone: Option<String>,
}

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

fn party(i: usize, p: PartyBody) -> Result<NewParty, ApiError> {
    let n = i + 1;
    let name = p.name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(unprocessable(format!(
            "第 {n} 位当事人的姓名不能为空,且不超过 50 字"
        )));
    }
    let phone = match p.phone.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            s.parse::<Phone>()
                .map_err(|e| unprocessable(format!("第 {n} 位当事人:{e}")))?
                .as_str()
                .to_owned(),
        ),
    };
    let id_number = match p
        .id_number
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => Some(
            s.parse::<IdNumber>()
                .map_err(|e| unprocessable(format!("第 {n} 位当事人:{e}")))?
                .as_str()
                .to_owned(),
        ),
    };
    let named = |e: UnknownName| unprocessable(format!("第 {n} 位当事人:{e}"));
    let vulnerability = match p.vulnerability.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(v) => Some(
            v.parse::<Vulnerability>()
                .map_err(named)?
                .as_str()
                .to_owned(),
        ),
    };
    let side: PartySide = p
        .side
        .as_deref()
        .unwrap_or("applicant")
        .parse()
        .map_err(named)?;
    let kind: PartyKind = p
        .kind
        .as_deref()
        .unwrap_or("person")
        .parse()
        .map_err(named)?;
    Ok(NewParty {
        side,
        kind,
        name: name.to_owned(),
        phone,
        id_number,
        vulnerability,
    })
}

/// Who hands an intake in.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// A signed-in account: staff record cases in their scope, residents their own.
    User(&'a User),
    /// A resident without an account, from this address: needs a callback phone and is
    /// rate-limited.
    Anonymous(IpAddr),
    /// An outside system with an Open311 key, e.g. the 12345 hotline.
    Client(&'a str),
}

/// An intake with every value already of its type: what the API body and the intake form
/// parse into, and what the portal builds directly from a resident's report.
#[derive(Debug, Clone)]
pub struct IntakeCommand {
    pub category: Category,
    /// Staff and outside systems may name the channel; residents' reports are `Resident`.
    pub source: Option<Source>,
    pub description: String,
    pub parties: Vec<NewParty>,
    pub point: Option<(f64, f64, Crs)>,
    pub grid_code: Option<String>,
    pub address: Option<String>,
    pub amount_yuan: Option<f64>,
    pub people: Option<u32>,
    pub households: Option<u32>,
    pub whole_compound: bool,
    pub litigation: bool,
    pub minor_fight: bool,
    pub callback_phone: Option<Phone>,
}

impl TryFrom<IntakeBody> for IntakeCommand {
    type Error = ApiError;

    /// Reads the body's codes, parties, point and phone; unknown values answer 422 by name.
    fn try_from(b: IntakeBody) -> Result<Self, ApiError> {
        if b.parties.len() > 20 {
            return Err(unprocessable("当事人不超过 20 位"));
        }
        let given = b.source.as_deref().map(str::trim).filter(|s| !s.is_empty());
        Ok(IntakeCommand {
            category: category(b.category.trim())?,
            source: given.map(source).transpose()?,
            description: b.description,
            parties: b
                .parties
                .into_iter()
                .enumerate()
                .map(|(i, p)| party(i, p))
                .collect::<Result<Vec<_>, _>>()?,
            point: match &b.location {
                Some(loc) => Some((loc.lon, loc.lat, place::crs(loc.crs.as_deref())?)),
                None => None,
            },
            grid_code: b.grid_code,
            address: b.address,
            amount_yuan: b.amount_yuan,
            people: b.people,
            households: b.households,
            whole_compound: b.whole_compound,
            litigation: b.litigation,
            minor_fight: b.minor_fight,
            callback_phone: match b
                .callback_phone
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                None => None,
                Some(p) => Some(
                    p.parse::<Phone>()
                        .map_err(|e| unprocessable(format!("回访电话:{e}")))?,
                ),
            },
        })
    }
}

/// Validates an intake against who hands it in: the channel it came through, a place that falls
/// in a grid (inside the scope of staff), sensible numbers, a callback phone from anonymous
/// residents (who are rate-limited).
pub async fn build_intake(
    state: &AppState,
    origin: Origin<'_>,
    b: IntakeCommand,
    key: Option<String>,
) -> Result<Intake, ApiError> {
    let user = match origin {
        Origin::User(u) => Some(u),
        _ => None,
    };
    let staff = user.filter(|u| u.role.is_staff());
    let source = match (origin, staff, b.source) {
        (_, Some(_), Some(s)) | (Origin::Client(_), _, Some(s)) => s,
        (_, Some(_), None) => Source::Screening,
        (Origin::Client(_), _, None) => Source::Hotline12345,
        _ => Source::Resident,
    };
    let description = b.description.trim().to_owned();
    let len = description.chars().count();
    if !(5..=5000).contains(&len) {
        return Err(unprocessable("纠纷描述应为 5 到 5000 字"));
    }
    // A resident (with an account or without) reports what a resident can know: how many
    // people, how much money, a whole compound, a lawsuit or a fight are placement facts staff
    // establish (an anonymous "100,000 people" would otherwise put a case at the town centre).
    let resident = staff.is_none() && !matches!(origin, Origin::Client(_));
    let b = match resident {
        true => IntakeCommand {
            amount_yuan: None,
            people: None,
            households: None,
            whole_compound: false,
            litigation: false,
            minor_fight: false,
            ..b
        },
        false => b,
    };
    let parties = b.parties;
    let Place { grid, lon, lat } = place::resolve(
        &state.atlas(),
        b.point,
        b.grid_code.as_deref(),
        b.address.as_deref(),
    )?;
    if let Some(u) = staff {
        let scope = u.staff_scope()?;
        if !scope.contains_path(&grid.path) {
            return Err(unprocessable(format!("{} 不在您的管辖范围内", grid.name)));
        }
    }
    let amount = b.amount_yuan.unwrap_or(0.0);
    if !amount.is_finite() || !(0.0..=1e10).contains(&amount) {
        return Err(unprocessable("争议金额应为 0 到 100 亿元之间的数"));
    }
    let people = b
        .people
        .unwrap_or_else(|| u32::try_from(parties.len()).unwrap_or(1).max(1));
    if !(1..=100_000).contains(&people) {
        return Err(unprocessable("涉及人数应为 1 到 100000"));
    }
    let households = b.households.unwrap_or(1);
    if households > 100_000 {
        return Err(unprocessable("涉及户数不超过 100000"));
    }
    let address: String = b
        .address
        .unwrap_or_default()
        .trim()
        .chars()
        .take(200)
        .collect();
    let reporter_phone = match (origin, &b.callback_phone) {
        (_, Some(p)) => Some(p.as_str().to_owned()),
        (Origin::Anonymous(_), None) => {
            return Err(unprocessable("匿名反映需要留下回访电话 callback_phone"))
        }
        _ => None,
    };
    if let Origin::Anonymous(ip) = origin {
        check_public_rate(state, reporter_phone.as_deref().unwrap_or_default(), ip).await?;
    }
    let actor_key = match origin {
        Origin::User(u) => u.username.clone(),
        Origin::Anonymous(_) => format!("anon:{}", reporter_phone.as_deref().unwrap_or_default()),
        Origin::Client(name) => format!("client:{name}"),
    };
    Ok(Intake {
        facts: Facts {
            category: b.category,
            source,
            people,
            households,
            whole_compound: b.whole_compound,
            litigation: b.litigation,
            minor_fight: b.minor_fight,
            amount_yuan: amount,
        },
        description,
        grid_code: grid.code.clone(),
        region_path: grid.path.clone(),
        address,
        lon,
        lat,
        parties,
        reporter_phone,
        idempotency_key: key.map(|k| format!("{actor_key}:{k}")),
        photos: Vec::new(),
    })
}

/// Counts an anonymous submission against the public limits (per phone, per address).
pub async fn check_public_rate(state: &AppState, phone: &str, ip: IpAddr) -> Result<(), ApiError> {
    if let Err(wait) = state.public_limiter.take(&state.store, phone, ip).await? {
        let mut e = ApiError::new(
            Code::TooManyRequests,
            format!("提交过于频繁,请 {} 分钟后再试", wait.div_ceil(60)),
        );
        e.retry_after = Some(wait);
        return Err(e);
    }
    Ok(())
}
