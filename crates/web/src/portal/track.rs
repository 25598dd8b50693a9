//! Following a report with its tracking code, and rating how it was handled. The public view
//! shows progress — steps, levels, the reply — never names or phones; rating needs the callback
//! phone the report left, so a guessed code cannot rate someone else's case.

use crate::error::{ApiError, Code};
use crate::AppState;
use fengqiao_core::Phone;
use fengqiao_store::{now_ms, ratings};
use serde::Serialize;

/// One public step of the handling.
#[derive(Debug, Clone, Serialize)]
pub struct PublicStep {
    pub at: i64,
    pub day: String,
    pub label: String,
}

/// What anyone holding the tracking code may see.
#[derive(Debug, Clone, Serialize)]
pub struct Tracked {
    pub tracking_code: String,
    /// `dispute`, `hazard` or `need`.
    pub kind: &'static str,
    pub service_name: String,
    pub status: String,
    pub status_label: String,
    /// The mediation level's name for disputes (现场调解 …), empty for requests.
    pub level_label: &'static str,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished: bool,
    pub steps: Vec<PublicStep>,
    /// The handler's answer to a hazard or need, once done.
    pub reply: Option<String>,
    /// Stars given, once rated.
    pub rating: Option<i64>,
    /// When the current step is due to be finished (the level's or the request's deadline),
    /// while it is under way.
    pub due_at: Option<i64>,
    /// The same, in words for the page: "预计 2026-12-04 前".
    pub expected: Option<String>,
    /// Where, as precisely as a public page may say (eco reports: to about a kilometre).
    pub approx_place: Option<String>,
    #[serde(skip)]
    pub region_path: String,
    #[serde(skip)]
    pub reporter_phone: Option<String>,
}

impl Tracked {
    pub fn may_rate(&self) -> bool {
        self.finished && self.rating.is_none() && self.reporter_phone.is_some()
    }
}

/// A public step at an instant.
pub fn step(at: i64, label: String) -> PublicStep {
    PublicStep {
        at,
        day: fengqiao_core::time::day(at),
        label,
    }
}

/// Counts one public lookup of a code from an address; past the limits, 429 with the wait.
pub async fn count_lookup(
    state: &AppState,
    code: &str,
    ip: std::net::IpAddr,
) -> Result<(), ApiError> {
    let key = format!("track:{}", code.trim().to_ascii_uppercase());
    if let Err(wait) = state.track_limiter.take(&state.store, &key, ip).await? {
        let mut e = ApiError::new(
            Code::TooManyRequests,
            format!("查询过于频繁,请 {wait} 秒后再试"),
        );
        e.retry_after = Some(wait);
        return Err(e);
    }
    Ok(())
}

/// The public view of a tracking code, from whichever desk answers for it.
pub async fn lookup(state: &AppState, code: &str) -> Result<Option<Tracked>, ApiError> {
    let Some(code) = super::desk::normalise_code(code) else {
        return Ok(None);
    };
    for desk in super::desk::desks(state) {
        if let Some(mut t) = desk.track(state, &code).await? {
            t.rating = ratings::of(state.store.pool(), &code).await?;
            t.steps.dedup_by(|b, a| a.day == b.day && a.label == b.label);
            t.expected = expected(&t);
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// When the current step is expected to be done, in words, while it is under way.
pub fn expected(t: &Tracked) -> Option<String> {
    t.due_at
        .filter(|_| !t.finished)
        .map(|d| format!("预计 {} 前完成这一步", fengqiao_core::time::day(d)))
}

/// Stores a resident's rating of a finished case or request.
pub async fn rate(
    state: &AppState,
    code: &str,
    stars: i64,
    comment: &str,
    phone: &str,
    ip: std::net::IpAddr,
) -> Result<Tracked, ApiError> {
    // Guessing the callback phone for a known code is limited like guessing a password.
    let guard = format!("rating:{}", code.trim().to_ascii_uppercase());
    if let Err(wait) = state.rating_limiter.check(&guard, ip) {
        let mut e = ApiError::new(
            Code::TooManyRequests,
            format!("尝试次数过多,请 {} 分钟后再试", wait.div_ceil(60)),
        );
        e.retry_after = Some(wait);
        return Err(e);
    }
    let t = lookup(state, code)
        .await?
        .ok_or_else(|| ApiError::not_found("没有这个查询码,请核对后重试"))?;
    if !(1..=5).contains(&stars) {
        return Err(ApiError::new(Code::Unprocessable, "评价应为 1 到 5 星"));
    }
    let comment: String = comment.trim().chars().take(500).collect();
    let phone: Phone = phone
        .trim()
        .parse()
        .map_err(|e| ApiError::new(Code::Unprocessable, format!("回访电话:{e}")))?;
    if t.reporter_phone.as_deref() != Some(phone.as_str()) {
        state.rating_limiter.record_failure(&guard, ip);
        return Err(ApiError::forbidden("电话与反映时留下的回访电话不一致"));
    }
    if !t.finished {
        return Err(ApiError::new(Code::Conflict, "办结后才能评价"));
    }
    let (code, kind, path) = (t.tracking_code.clone(), t.kind, t.region_path.clone());
    let added = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let added = ratings::add(c, &code, kind, &path, stars, &comment, now_ms()).await?;
                if added {
                    fengqiao_store::audit::append(
                        c,
                        &fengqiao_store::audit::Entry {
                            actor: "resident",
                            action: "rating.create",
                            record_type: kind,
                            record_id: &code,
                            detail: &stars.to_string(),
                        },
                    )
                    .await?;
                }
                Ok(added)
            })
        })
        .await?;
    if !added {
        return Err(ApiError::new(Code::Conflict, "已经评价过了,谢谢您"));
    }
    lookup(state, &t.tracking_code)
        .await?
        .ok_or_else(|| ApiError::internal("tracked record vanished"))
}
