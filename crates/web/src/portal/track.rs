//! Following a report with its tracking code, and rating how it was handled. The public view
//! shows progress — steps, levels, the reply — never names or phones; rating needs the callback
//! phone the report left, so a guessed code cannot rate someone else's case.

use crate::error::{ApiError, Code};
use crate::AppState;
use fengqiao_core::mediation::{level_label, Category, Status};
use fengqiao_core::services;
use fengqiao_core::Phone;
use fengqiao_store::{mediation as cases, now_ms, ratings, requests};
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

fn step(at: i64, label: String) -> PublicStep {
    PublicStep {
        at,
        day: fengqiao_core::time::day(at),
        label,
    }
}

fn level_name(level: Option<i64>) -> &'static str {
    level_label(u8::try_from(level.unwrap_or(1).clamp(1, 4)).unwrap_or(4))
}

fn dispute_step(kind: &str, to: Option<i64>, from: Option<i64>) -> Option<String> {
    Some(match kind {
        "created" => format!("受理,由{}办理", level_name(to)),
        "escalated" => format!("上交至{}", level_name(to)),
        "handed_back" => format!("交回{}", level_name(to)),
        "session" => format!("{}:组织调解", level_name(from)),
        "agreement" => "达成调解协议".into(),
        "followup" => "回访".into(),
        "closed" => "回访稳定,结案".into(),
        "referred" => "引导至诉讼、仲裁或行政途径".into(),
        "reopened" => "重新启动调解".into(),
        "linked_report" => "再次反映,已合并办理".into(),
        _ => return None,
    })
}

fn request_step(kind: &str, detail: &str) -> Option<String> {
    Some(match kind {
        "created" => "受理".into(),
        "assigned" => "已交网格员办理".into(),
        "accepted" => "网格员已接单,正在办理".into(),
        "done" => format!("办结:{detail}"),
        "linked_report" => "再次反映,已合并办理".into(),
        _ => return None,
    })
}

/// The public view of a tracking code, from whichever area holds it.
pub async fn lookup(state: &AppState, code: &str) -> Result<Option<Tracked>, ApiError> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() > 20 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    let pool = state.store.pool();
    let rating = ratings::of(pool, &code).await?;
    if let Some(c) = cases::by_tracking_code(pool, &code).await? {
        let steps = cases::events(pool, c.id)
            .await?
            .into_iter()
            .filter_map(|e| dispute_step(&e.kind, e.level_to, e.level_from).map(|l| step(e.at, l)))
            .collect();
        let status = Status::parse(&c.status);
        return Ok(Some(Tracked {
            tracking_code: c.tracking_code,
            kind: "dispute",
            service_name: format!(
                "{}纠纷",
                c.category
                    .parse::<Category>()
                    .map_or("其他", Category::label)
            ),
            status_label: status.map_or("", Status::label).into(),
            finished: status.is_some_and(|s| s != Status::Open),
            status: c.status,
            level_label: level_name(Some(c.level)),
            created_at: c.created_at,
            updated_at: c.updated_at,
            steps,
            reply: None,
            rating,
            region_path: c.region_path,
            reporter_phone: c.reporter_phone,
        }));
    }
    if let Some(r) = requests::by_tracking_code(pool, &code).await? {
        let steps = requests::events(pool, r.id)
            .await?
            .into_iter()
            .filter_map(|e| request_step(&e.kind, &e.detail).map(|l| step(e.at, l)))
            .collect();
        let service = services::find(&r.service_code);
        return Ok(Some(Tracked {
            tracking_code: r.tracking_code,
            kind: service.map_or("need", |s| s.handling.kind()),
            service_name: service.map_or("诉求", |s| s.name).into(),
            status_label: crate::requests::service::status_label(&r.status).into(),
            finished: r.status == "done",
            status: r.status,
            level_label: "",
            created_at: r.created_at,
            updated_at: r.updated_at,
            steps,
            reply: Some(r.reply).filter(|s| !s.is_empty()),
            rating,
            region_path: r.region_path,
            reporter_phone: r.reporter_phone,
        }));
    }
    Ok(None)
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
    if let Err(wait) = state.limiter.check(&guard, ip) {
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
        state.limiter.record_failure(&guard, ip);
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
