//! Tips over JSON. The public side: send (no account needed), read and answer with the
//! receipt. The station's side: list, read, open the contact (recorded), reply. No answer
//! here but `…/contact` carries the contact.

use super::service::{self, Submission};
use super::view::{self, ForTipster, MessageView, TipView};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser, ClientIp};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::emergency::tip::{grouped, TipStatus};
use fengqiao_core::time::minute;
use fengqiao_store::emergency::tips::{self as store, TipRow};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub fn tip_view(state: &AppState, t: TipRow) -> TipView {
    let grid = state.atlas().get(&t.grid_code).map_or_else(|| t.grid_code.clone(), |g| g.name.clone());
    view::tip(t, grid)
}

/// What the receipt opens.
pub async fn for_tipster(state: &AppState, t: TipRow) -> Result<ForTipster, ApiError> {
    let pool = state.store.pool();
    let messages = store::messages(pool, t.id)
        .await?
        .into_iter()
        .map(|m| {
            let from = if m.from_station == 1 { "派出所" } else { "您" };
            view::message(m, from.into())
        })
        .collect();
    let contact_reads = store::contact_reads(pool, t.id)
        .await?
        .into_iter()
        .map(|at| format!("派出所于 {} 查看了您留下的联系方式", minute(at)))
        .collect();
    Ok(ForTipster {
        kind_label: fengqiao_core::emergency::tip::TipKind::parse(&t.kind).map_or("线索", |k| k.label()),
        status_label: TipStatus::parse(&t.status).map_or("未知", TipStatus::label),
        received: minute(t.created_at),
        status: t.status,
        text: t.text,
        messages,
        contact_reads,
    })
}

pub async fn submit(State(state): State<AppState>, ClientIp(ip): ClientIp, ApiJson(s): ApiJson<Submission>) -> Result<(StatusCode, Json<Value>), ApiError> {
    let (_, receipt) = service::submit(&state, ip, s).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "receipt": receipt,
            "receipt_grouped": grouped(&receipt),
            "status": "received",
            "status_label": TipStatus::Received.label(),
            "url": format!("/tips/{receipt}"),
            "note": "请保存好回执号:凭它查看回复、补充情况;平台不保存回执原文,遗失后无法找回。",
        })),
    ))
}

pub async fn by_receipt(State(state): State<AppState>, ClientIp(ip): ClientIp, Path(receipt): Path<String>) -> Result<Json<ForTipster>, ApiError> {
    let tip = service::by_receipt(&state, ip, &receipt).await?;
    Ok(Json(for_tipster(&state, tip).await?))
}

#[derive(Debug, Deserialize)]
pub struct TextBody {
    pub text: String,
    /// For a station's reply: `checking` or `closed`.
    pub status: Option<String>,
}

pub async fn answer(State(state): State<AppState>, ClientIp(ip): ClientIp, Path(receipt): Path<String>, ApiJson(b): ApiJson<TextBody>) -> Result<(StatusCode, Json<ForTipster>), ApiError> {
    service::answer(&state, ip, &receipt, &b.text).await?;
    let tip = service::by_receipt(&state, ip, &receipt).await?;
    Ok((StatusCode::CREATED, Json(for_tipster(&state, tip).await?)))
}

pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<TipView>>, ApiError> {
    let rows = service::station_list(&state, &user).await?;
    Ok(Json(rows.into_iter().map(|t| tip_view(&state, t)).collect()))
}

/// A tip with the conversation, for its station.
#[derive(Debug, Clone, Serialize)]
pub struct StationDetail {
    #[serde(flatten)]
    pub tip: TipView,
    pub messages: Vec<MessageView>,
    /// When the contact was read, and by whom.
    pub contact_reads: Vec<String>,
}

pub async fn station_detail(state: &AppState, user: &User, id: i64) -> Result<StationDetail, ApiError> {
    let t = service::station_tip(state, user, id).await?;
    let pool = state.store.pool();
    let messages = store::messages(pool, id).await?;
    let names = crate::people::names(state, messages.iter().map(|m| m.author.as_str())).await?;
    let reads = store::contact_reads(pool, id).await?;
    Ok(StationDetail {
        tip: tip_view(state, t),
        messages: messages
            .into_iter()
            .map(|m| {
                let from = if m.from_station == 1 { names.of(&m.author) } else { "线索人".to_owned() };
                view::message(m, from)
            })
            .collect(),
        contact_reads: reads.into_iter().map(|at| format!("{} 查看联系方式", minute(at))).collect(),
    })
}

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<StationDetail>, ApiError> {
    Ok(Json(station_detail(&state, &user, id).await?))
}

pub async fn contact(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    let contact = service::contact(&state, &user, id).await?;
    Ok(Json(json!({ "contact": contact, "recorded": contact.is_some() })))
}

pub async fn reply(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<TextBody>) -> Result<(StatusCode, Json<StationDetail>), ApiError> {
    service::reply(&state, &user, id, &b.text, b.status.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(station_detail(&state, &user, id).await?)))
}
