//! One way in for everything residents and outside systems report: the service code picks the
//! desk (the area) that takes it. The report page and Open311 both come through here.

use crate::error::{ApiError, Code};
use crate::AppState;
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

/// Who submits: a resident on the page or app without an account (rate-limited by address,
/// needs a callback phone), a signed-in account (a resident, whose reports are kept under their
/// account; staff reporting what they found on a patrol), or an Open311 client.
#[derive(Debug, Clone, Copy)]
pub enum Channel<'a> {
    Portal(IpAddr),
    Account(&'a crate::session::User),
    Open311(&'a str),
}

impl<'a> Channel<'a> {
    /// The portal channel of a request: the signed-in resident, else the anonymous address.
    /// Staff who use the report form report as residents without an account do.
    pub fn of(user: Option<&'a crate::session::User>, ip: IpAddr) -> Self {
        match user {
            Some(u) if u.role == fengqiao_core::Role::Resident => Channel::Account(u),
            _ => Channel::Portal(ip),
        }
    }
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

/// A 422 answer about what was submitted.
pub fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

pub async fn submit(
    state: &AppState,
    channel: Channel<'_>,
    s: Submission,
) -> Result<Submitted, ApiError> {
    let (desk, service) = super::desk::desk_for(state, s.service_code.trim()).ok_or_else(|| {
        ApiError::new(
            Code::Unprocessable,
            format!(
                "未知的服务代码「{}」",
                s.service_code.chars().take(40).collect::<String>()
            ),
        )
    })?;
    desk.submit(state, channel, service, s).await
}
