//! Campaigns over JSON: the campaigns and their results (public), nominations (signed in),
//! review (culture team), phases (coordinator), verification and votes.

use super::service::{self, CampaignBody, DeskVoteBody, InPersonBody, NominationBody};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser, ClientIp, MaybeApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::culture::campaign::{CampaignKind, Channel, NomineeState, Phase};
use fengqiao_core::time::minute;
use fengqiao_store::culture::campaigns::{self as store, CampaignRow, NomineeRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct NomineeView {
    pub id: i64,
    pub name: String,
    pub summary: String,
    pub evidence: String,
    pub area: String,
    pub state: String,
    pub state_label: &'static str,
    pub review_note: String,
    pub votes: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    pub description: String,
    pub phase: String,
    pub phase_label: &'static str,
    pub created: String,
    pub announced: Option<String>,
    /// Votes counted so far (the kept tally).
    pub votes: i64,
    pub by_channel: Vec<(String, i64)>,
    /// The announcement as recorded: the total and each nominee's count from the stored votes.
    pub announcement: Option<serde_json::Value>,
    pub nominees: Vec<NomineeView>,
    /// The caller's own vote, if they are verified and have voted.
    pub my_vote: Option<i64>,
    pub verified: bool,
}

fn nominee_view(state: &AppState, n: NomineeRow, votes: i64) -> NomineeView {
    NomineeView {
        area: state.atlas().get(&n.grid_code).map_or_else(String::new, |r| r.name.clone()),
        state_label: NomineeState::parse(&n.state).map_or("—", |s| s.label()),
        id: n.id,
        name: n.name,
        summary: n.summary,
        evidence: n.evidence,
        state: n.state,
        review_note: n.review_note.unwrap_or_default(),
        votes,
    }
}

/// A campaign as the caller may see it: nominees under review only for the culture team and
/// coordinators; everyone else sees the accepted ones (and, after voting opens, their counts).
pub async fn view(state: &AppState, c: CampaignRow, user: Option<&User>) -> Result<CampaignView, ApiError> {
    let pool = state.store.pool();
    let phase = Phase::parse(&c.phase).unwrap_or(Phase::Announced);
    let reviewer = match user {
        Some(u) => crate::culture::access::is_culture_team(state, u).await?,
        None => false,
    };
    let kept = store::tally(pool, c.id).await?;
    let mut tally: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    let mut channels: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    for (nominee, channel, votes) in &kept {
        *tally.entry(*nominee).or_insert(0) += votes;
        *channels.entry(channel.clone()).or_insert(0) += votes;
    }
    let nominees = store::nominees(pool, c.id)
        .await?
        .into_iter()
        .filter(|n| reviewer || n.state == NomineeState::Accepted.as_str())
        .map(|n| {
            let v = if matches!(phase, Phase::Voting | Phase::Announced) { *tally.get(&n.id).unwrap_or(&0) } else { 0 };
            nominee_view(state, n, v)
        })
        .collect();
    let me = match user {
        Some(u) => store::person_of(pool, &u.username).await?,
        None => None,
    };
    let my_vote = match &me {
        Some(p) => store::vote_of(pool, c.id, &p.person).await?.map(|v| v.nominee_id),
        None => None,
    };
    Ok(CampaignView {
        kind_label: CampaignKind::parse(&c.kind).map_or("", |k| k.label()),
        phase_label: phase.label(),
        created: minute(c.created_at),
        announced: c.announced_at.map(minute),
        votes: tally.values().sum(),
        by_channel: channels.into_iter().map(|(ch, n)| (Channel::label_of(&ch).to_owned(), n)).collect(),
        announcement: c.announcement.as_deref().and_then(|a| serde_json::from_str(a).ok()),
        nominees,
        my_vote,
        verified: me.is_some(),
        id: c.id,
        kind: c.kind,
        title: c.title,
        description: c.description,
        phase: c.phase,
    })
}

pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<CampaignView>>, ApiError> {
    let mut out = Vec::new();
    for c in store::all(state.store.pool()).await? {
        out.push(view(&state, c, None).await?);
    }
    Ok(Json(out))
}

pub async fn get(State(state): State<AppState>, MaybeApiUser(user): MaybeApiUser, Path(id): Path<i64>) -> Result<Json<CampaignView>, ApiError> {
    let c = service::campaign(&state, id).await?;
    Ok(Json(view(&state, c, user.as_ref()).await?))
}

pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<CampaignBody>) -> Result<(StatusCode, Json<CampaignView>), ApiError> {
    let id = service::create(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(view(&state, service::campaign(&state, id).await?, Some(&user)).await?)))
}

pub async fn nominate(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<NominationBody>) -> Result<(StatusCode, Json<CampaignView>), ApiError> {
    service::nominate(&state, &user, id, b).await?;
    Ok((StatusCode::CREATED, Json(view(&state, service::campaign(&state, id).await?, Some(&user)).await?)))
}

#[derive(Debug, Deserialize)]
pub struct ReviewBody {
    pub accept: bool,
    #[serde(default)]
    pub note: String,
}

pub async fn review(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<ReviewBody>) -> Result<Json<CampaignView>, ApiError> {
    let campaign = service::review(&state, &user, id, b.accept, &b.note).await?;
    Ok(Json(view(&state, service::campaign(&state, campaign).await?, Some(&user)).await?))
}

#[derive(Debug, Deserialize)]
pub struct PhaseBody {
    pub phase: String,
}

pub async fn phase(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<PhaseBody>) -> Result<Json<CampaignView>, ApiError> {
    service::advance(&state, &user, id, &b.phase).await?;
    Ok(Json(view(&state, service::campaign(&state, id).await?, Some(&user)).await?))
}

#[derive(Debug, Deserialize)]
pub struct VoteBody {
    pub nominee_id: i64,
}

pub async fn vote(State(state): State<AppState>, ApiUser(user): ApiUser, ClientIp(ip): ClientIp, Path(id): Path<i64>, ApiJson(b): ApiJson<VoteBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    service::vote_online(&state, &user, ip, id, b.nominee_id).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "message": "投票成功,感谢参与", "nominee_id": b.nominee_id }))))
}

pub async fn desk_vote(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<DeskVoteBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let nominee = b.nominee_id;
    service::vote_at_desk(&state, &user, id, b).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "message": "现场投票已记录", "nominee_id": nominee }))))
}

#[derive(Debug, Deserialize)]
pub struct CodeBody {
    pub name: String,
    pub id_number: String,
}

pub async fn request_code(State(state): State<AppState>, ApiUser(user): ApiUser, ClientIp(ip): ClientIp, ApiJson(b): ApiJson<CodeBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let phone = service::request_code(&state, &user, ip, &b.name, &b.id_number).await?;
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({ "message": format!("验证码已发送到 {phone},10 分钟内有效"), "phone": phone }))))
}

#[derive(Debug, Deserialize)]
pub struct ConfirmBody {
    pub code: String,
}

#[derive(Debug, Serialize)]
pub struct Verified {
    pub verified: bool,
    pub name: String,
    pub method: String,
    pub method_label: &'static str,
    pub area: String,
    pub verified_at: String,
}

async fn me(state: &AppState, user: &User) -> Result<Verified, ApiError> {
    let p = store::person_of(state.store.pool(), &user.username).await?;
    Ok(match p {
        Some(p) => Verified {
            verified: true,
            method_label: fengqiao_core::culture::campaign::Method::parse(&p.method).map_or("", |m| m.label()),
            area: state.atlas().get(&p.grid_code).map_or_else(String::new, |r| r.name.clone()),
            verified_at: minute(p.verified_at),
            name: p.name,
            method: p.method,
        },
        None => Verified { verified: false, name: String::new(), method: String::new(), method_label: "", area: String::new(), verified_at: String::new() },
    })
}

pub async fn verification(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Verified>, ApiError> {
    Ok(Json(me(&state, &user).await?))
}

pub async fn confirm_code(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<ConfirmBody>) -> Result<Json<Verified>, ApiError> {
    service::confirm_code(&state, &user, &b.code).await?;
    Ok(Json(me(&state, &user).await?))
}

pub async fn verify_in_person(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<InPersonBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let p = service::verify_in_person(&state, &user, &b).await?;
    let area = state.atlas().get(&p.grid_code).map_or_else(String::new, |r| r.name.clone());
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "message": format!("{} 已完成现场实名核验", p.name), "name": p.name, "area": area }))))
}
