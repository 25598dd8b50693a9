//! Campaign workflow. People are known by a keyed hash of their normalised ID number; the
//! database's key on (campaign, person) is what makes one vote per person hold across the
//! online and desk channels and every node. Online, a resident verifies once with their name,
//! ID number and a code sent to their account's phone; at a community desk, staff verify the
//! person in front of them (only people of their own grid or community) and may cast the vote
//! they ask for — each such vote audited.

use crate::culture::access;
use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::culture::campaign::{normalise_id, tally, CampaignKind, Channel, Method, NomineeState, Phase};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::culture::campaigns::{self as store, CampaignRow, CodeRow, NewNominee, PersonRow};
use fengqiao_store::{now_ms, StoreError};
use serde::Deserialize;
use std::net::IpAddr;

/// The keyed hash's purpose: one person, whatever campaign.
const PERSON: &str = "culture-voter";
/// A phone code lives ten minutes and allows five tries.
const CODE_MS: i64 = 600_000;
const CODE_TRIES: i64 = 5;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

fn text(s: &str, what: &str, min: usize, max: usize) -> Result<String, ApiError> {
    let t = s.trim().to_owned();
    if (min..=max).contains(&t.chars().count()) {
        Ok(t)
    } else {
        Err(unprocessable(format!("{what}应为 {min} 到 {max} 字")))
    }
}

/// The keyed hash of an ID number as typed; a clear refusal for a wrong number.
pub fn person_of(state: &AppState, id_number: &str) -> Result<String, ApiError> {
    let id = normalise_id(id_number).map_err(|e| unprocessable(format!("身份证号不正确:{e}")))?;
    Ok(state.config.key.keyed_hash(PERSON, id.as_str()))
}

pub async fn campaign(state: &AppState, id: i64) -> Result<CampaignRow, ApiError> {
    store::get(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这项评选"))
}

fn phase(c: &CampaignRow) -> Phase {
    Phase::parse(&c.phase).unwrap_or(Phase::Announced)
}

#[derive(Debug, Clone, Deserialize)]
pub struct CampaignBody {
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

pub async fn create(state: &AppState, user: &User, b: CampaignBody) -> Result<i64, ApiError> {
    if !access::is_coordinator(user) {
        return Err(ApiError::forbidden("评选活动由区协调员发起"));
    }
    let kind: CampaignKind = b.kind.parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let title = text(&b.title, "评选名称", 4, 60)?;
    let description = b.description.trim().chars().take(2_000).collect::<String>();
    let who = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert(c, kind.as_str(), &title, &description, &who, now_ms()).await?;
                audit::append(c, &Entry { actor: &who, action: "campaign.create", record_type: "campaign", record_id: &id.to_string(), detail: &title }).await?;
                Ok(id)
            })
        })
        .await?)
}

#[derive(Debug, Clone, Deserialize)]
pub struct NominationBody {
    pub name: String,
    pub summary: String,
    pub evidence: String,
    pub grid_code: Option<String>,
}

/// Anyone signed in nominates, while nominations are open; the evidence is required.
pub async fn nominate(state: &AppState, user: &User, id: i64, b: NominationBody) -> Result<i64, ApiError> {
    let c = campaign(state, id).await?;
    if phase(&c) != Phase::Nomination {
        return Err(ApiError::new(Code::Conflict, format!("这项评选现在是「{}」阶段,不再接受推荐", phase(&c).label())));
    }
    let name = text(&b.name, "候选人(家庭)名称", 2, 40)?;
    let summary = text(&b.summary, "事迹简介", 10, 2_000)?;
    let evidence = text(&b.evidence, "事迹证明(见证人、报道、获奖等)", 4, 2_000)?;
    let grid = b.grid_code.as_deref().map(str::trim).filter(|g| !g.is_empty()).unwrap_or(&user.region_code).to_owned();
    let region = state.atlas().get(&grid).cloned().ok_or_else(|| unprocessable("没有这个地区编码"))?;
    let who = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let n = NewNominee { campaign_id: id, name: &name, summary: &summary, evidence: &evidence, grid_code: &region.code, region_path: &region.path, by: &who, now: now_ms() };
                let nid = store::nominate(c, &n).await?;
                audit::append(c, &Entry { actor: &who, action: "campaign.nominate", record_type: "campaign", record_id: &id.to_string(), detail: &name }).await?;
                Ok(nid)
            })
        })
        .await?)
}

/// The culture team accepts or rejects a nominee during review, with a note.
pub async fn review(state: &AppState, user: &User, nominee: i64, accept: bool, note: &str) -> Result<i64, ApiError> {
    if !access::is_culture_team(state, user).await? {
        return Err(ApiError::forbidden("提名由德治(文化)队伍或区协调员审核"));
    }
    let n = store::nominee(state.store.pool(), nominee).await?.ok_or_else(|| ApiError::not_found("没有这个候选人"))?;
    let c = campaign(state, n.campaign_id).await?;
    if phase(&c) != Phase::Review {
        return Err(ApiError::new(Code::Conflict, format!("这项评选现在是「{}」阶段,不能审核", phase(&c).label())));
    }
    let state_code = if accept { NomineeState::Accepted } else { NomineeState::Rejected };
    if !accept && note.trim().chars().count() < 4 {
        return Err(unprocessable("未入围请写明理由(至少 4 字)"));
    }
    let (who, note) = (user.username.clone(), note.trim().chars().take(500).collect::<String>());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::review(c, nominee, state_code.as_str(), &who, &note).await?;
                audit::append(c, &Entry { actor: &who, action: "campaign.review", record_type: "nominee", record_id: &nominee.to_string(), detail: state_code.as_str() }).await?;
                Ok(())
            })
        })
        .await?;
    Ok(n.campaign_id)
}

/// The coordinator moves a campaign to its next phase. Announcing recounts the stored votes,
/// checks the kept tally against them, and records the result with the campaign.
pub async fn advance(state: &AppState, user: &User, id: i64, to: &str) -> Result<(), ApiError> {
    if !access::is_coordinator(user) {
        return Err(ApiError::forbidden("评选阶段由区协调员推进"));
    }
    let to: Phase = to.parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let c = campaign(state, id).await?;
    let from = phase(&c);
    let accepted = store::nominees(state.store.pool(), id).await?.iter().filter(|n| n.state == NomineeState::Accepted.as_str()).count();
    from.advance(to, accepted).map_err(|m| ApiError::new(Code::Conflict, m))?;
    let who = user.username.clone();
    let moved = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let announcement = if to == Phase::Announced {
                    let recount = tally(store::recount(c, id).await?);
                    Some(serde_json::json!({ "votes": recount.iter().map(|x| x.1).sum::<i64>(), "tally": recount.iter().map(|(n, v)| serde_json::json!({"nominee_id": n, "votes": v})).collect::<Vec<_>>() }).to_string())
                } else {
                    None
                };
                let moved = store::set_phase(c, id, from.as_str(), to.as_str(), announcement.as_deref(), now_ms()).await?;
                if moved {
                    audit::append(c, &Entry { actor: &who, action: "campaign.phase", record_type: "campaign", record_id: &id.to_string(), detail: to.as_str() }).await?;
                }
                Ok(moved)
            })
        })
        .await?;
    if !moved {
        return Err(ApiError::new(Code::Conflict, "评选阶段刚被他人推进,请刷新后再试"));
    }
    Ok(())
}

/// Sends a code to the phone on the resident's account, for the name and ID number given.
/// The ID number's check digit is checked first; a person already verified under another name
/// is sent to their community instead.
pub async fn request_code(state: &AppState, user: &User, ip: IpAddr, name: &str, id_number: &str) -> Result<String, ApiError> {
    if let Err(wait) = state.code_limiter.check(&user.username, ip) {
        return Err(ApiError::new(Code::TooManyRequests, format!("验证码发送过于频繁,请 {} 分钟后再试", wait.div_ceil(60))));
    }
    let name = text(name, "姓名", 2, 20)?;
    let person = person_of(state, id_number)?;
    let phone = fengqiao_store::accounts::by_username(state.store.pool(), &user.username).await?.and_then(|a| a.phone).filter(|p| !p.trim().is_empty());
    let phone = phone.ok_or_else(|| unprocessable("您的账号没有登记手机号,请到社区现场核验"))?;
    state.code_limiter.record_failure(&user.username, ip);
    let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
    let code_hash = state.config.key.keyed_hash("culture-phone-code", &format!("{}:{code}", user.username));
    let who = user.username.clone();
    let sms = format!("【渭滨区】您的评选投票实名核验码为 {code},10 分钟内有效。如非本人操作请忽略。");
    let sent = state
        .store
        .write(move |c| {
            Box::pin(async move {
                if let Some(p) = store::person(c, &person).await? {
                    if p.name != name {
                        return Ok(Err("姓名与此前核验的登记不一致,请到社区现场核验"));
                    }
                }
                let now = now_ms();
                store::put_code(c, &who, &CodeRow { person, name, code_hash, sent_at: now, expires_at: now + CODE_MS, attempts: 0 }).await?;
                let n = fengqiao_store::inbox::queue_text(c, "phone_code", &who, &phone, &sms, now).await?;
                if n == 0 {
                    return Err(StoreError::Invalid("no sms gateway".into()));
                }
                Ok(Ok(phone.parse::<fengqiao_core::Phone>().map_or_else(|_| "账号登记的手机".to_owned(), |p| p.masked())))
            })
        })
        .await;
    match sent {
        Ok(Ok(masked)) => Ok(masked),
        Ok(Err(m)) => Err(ApiError::new(Code::Conflict, m)),
        Err(StoreError::Invalid(m)) if m == "no sms gateway" => Err(ApiError::new(Code::Unavailable, "短信网关暂未接入,请到社区现场核验")),
        Err(e) => Err(e.into()),
    }
}

/// Checks the code and verifies the resident; their account is linked to the person.
pub async fn confirm_code(state: &AppState, user: &User, code: &str) -> Result<(), ApiError> {
    let code_hash = state.config.key.keyed_hash("culture-phone-code", &format!("{}:{}", user.username, code.trim()));
    let who = user.username.clone();
    let (grid, path) = (user.region_code.clone(), user.region_path.clone());
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                let Some(row) = store::code_of(c, &who).await? else { return Ok(Err("请先获取验证码")) };
                if row.expires_at < now || row.attempts >= CODE_TRIES {
                    store::drop_code(c, &who).await?;
                    return Ok(Err("验证码已失效,请重新获取"));
                }
                if row.code_hash != code_hash {
                    store::count_attempt(c, &who).await?;
                    return Ok(Err("验证码不正确"));
                }
                store::drop_code(c, &who).await?;
                let p = PersonRow { person: row.person, name: row.name, grid_code: grid, region_path: path, method: Method::PhoneCode.as_str().into(), verified_by: who.clone(), verified_at: now, username: Some(who.clone()) };
                store::verify(c, &p).await?;
                audit::append(c, &Entry { actor: &who, action: "voter.verify", record_type: "voter", record_id: &p.person[..16], detail: Method::PhoneCode.as_str() }).await?;
                Ok(Ok(()))
            })
        })
        .await?;
    done.map_err(|m| ApiError::new(Code::Unprocessable, m))
}

#[derive(Debug, Clone, Deserialize)]
pub struct InPersonBody {
    pub name: String,
    pub id_number: String,
    /// The person's grid (default: the staff member's own region).
    pub grid_code: Option<String>,
    /// The person's account, to vote online from now on.
    pub username: Option<String>,
}

/// The person as staff verify them in person: their own grid's or community's residents only.
async fn in_person(state: &AppState, user: &User, b: &InPersonBody) -> Result<PersonRow, ApiError> {
    let scope = user.staff_scope()?;
    if !matches!(user.role, fengqiao_core::Role::CommunityStaff | fengqiao_core::Role::GridWorker) {
        return Err(ApiError::forbidden("现场核验由社区工作人员或网格员办理"));
    }
    let name = text(&b.name, "姓名", 2, 20)?;
    let person = person_of(state, &b.id_number)?;
    let grid = b.grid_code.as_deref().map(str::trim).filter(|g| !g.is_empty()).unwrap_or(&user.region_code).to_owned();
    let region = state.atlas().get(&grid).cloned().ok_or_else(|| unprocessable("没有这个地区编码"))?;
    if !scope.contains_path(&region.path) {
        return Err(ApiError::forbidden(format!("{} 不在您的网格(社区)内,请到居民所在社区办理", region.name)));
    }
    let username = match b.username.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => Some(fengqiao_store::accounts::by_username(state.store.pool(), u).await?.ok_or_else(|| unprocessable("没有这个账号"))?.username),
        None => None,
    };
    Ok(PersonRow { person, name, grid_code: region.code.clone(), region_path: region.path.clone(), method: Method::InPerson.as_str().into(), verified_by: user.username.clone(), verified_at: now_ms(), username })
}

/// Community staff and grid workers verify a resident of their own area in person.
pub async fn verify_in_person(state: &AppState, user: &User, b: &InPersonBody) -> Result<PersonRow, ApiError> {
    let p = in_person(state, user, b).await?;
    let who = user.username.clone();
    let row = p.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::verify(c, &row).await?;
                audit::append(c, &Entry { actor: &who, action: "voter.verify", record_type: "voter", record_id: &row.person[..16], detail: Method::InPerson.as_str() }).await?;
                Ok(())
            })
        })
        .await?;
    Ok(p)
}

async fn open_for_votes(state: &AppState, id: i64, nominee: i64) -> Result<(), ApiError> {
    match store::open_for_votes(state.store.pool(), id, nominee).await? {
        None if store::get(state.store.pool(), id).await?.is_none() => Err(ApiError::not_found("没有这项评选")),
        None => Err(unprocessable("请从入围名单中选择")),
        Some(p) if p == Phase::Voting.as_str() => Ok(()),
        Some(p) => Err(ApiError::new(Code::Conflict, format!("这项评选现在是「{}」阶段,不能投票", Phase::label_of(&p)))),
    }
}

const SECOND_VOTE: &str = "您已在这项评选中投过票(网上或社区现场),每人每项评选只能投一票";

/// Stores the vote (and, at a desk, the in-person verification with it, audited as one act):
/// one write job, so a refused second vote leaves nothing behind.
async fn cast(state: &AppState, id: i64, nominee: i64, person: String, channel: Channel, by: String, verified_here: Option<PersonRow>) -> Result<(), ApiError> {
    if verified_here.is_some() && store::vote_of(state.store.pool(), id, &person).await?.is_some() {
        return Err(ApiError::new(Code::Conflict, SECOND_VOTE));
    }
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                if let Some(p) = &verified_here {
                    store::verify(c, p).await?;
                }
                store::cast(c, id, &person, nominee, channel.as_str(), &by, now_ms()).await?;
                if verified_here.is_some() {
                    audit::append(c, &Entry { actor: &by, action: "campaign.desk_vote", record_type: "campaign", record_id: &id.to_string(), detail: &format!("voter {} verified in person", &person[..16]) }).await?;
                }
                Ok(())
            })
        })
        .await;
    match done {
        Err(StoreError::Conflict(m)) if m.contains("culture_votes") || m.contains("UNIQUE") || m.contains("duplicate") => Err(ApiError::new(Code::Conflict, SECOND_VOTE)),
        other => Ok(other?),
    }
}

/// A verified resident votes from their own account.
pub async fn vote_online(state: &AppState, user: &User, ip: IpAddr, id: i64, nominee: i64) -> Result<(), ApiError> {
    if let Err(wait) = state.vote_limiter.take(&state.store, &user.username, ip).await? {
        return Err(ApiError::new(Code::TooManyRequests, format!("操作过于频繁,请 {wait} 秒后再试")));
    }
    open_for_votes(state, id, nominee).await?;
    let (person, voted) = store::voter(state.store.pool(), &user.username, id).await?.ok_or_else(|| ApiError::new(Code::Forbidden, "投票前请先实名核验(手机验证码,或到社区现场核验)"))?;
    if voted.is_some() {
        return Err(ApiError::new(Code::Conflict, SECOND_VOTE));
    }
    cast(state, id, nominee, person, Channel::Online, user.username.clone(), None).await
}

#[derive(Debug, Clone, Deserialize)]
pub struct DeskVoteBody {
    pub nominee_id: i64,
    pub name: String,
    pub id_number: String,
    pub grid_code: Option<String>,
}

/// Staff at a community desk verify the person in front of them and cast the vote they ask
/// for; only people of the staff member's own grid (or community); audited.
pub async fn vote_at_desk(state: &AppState, user: &User, id: i64, b: DeskVoteBody) -> Result<(), ApiError> {
    open_for_votes(state, id, b.nominee_id).await?;
    let p = in_person(state, user, &InPersonBody { name: b.name, id_number: b.id_number, grid_code: b.grid_code, username: None }).await?;
    cast(state, id, b.nominee_id, p.person.clone(), Channel::Desk, user.username.clone(), Some(p)).await
}
