//! The fund over HTTP: the public summary; for its officers and the coordinator the accounts,
//! entries, payouts and the Beancount export. No route edits or deletes an entry.

use super::service::{self, AccountBody, EntryBody, PayoutBody, ReverseBody};
use crate::culture::access;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use fengqiao_core::culture::ledger::{self, AccountKind};
use fengqiao_store::culture::fund as store;
use serde::{Deserialize, Serialize};

fn officer(user: &User) -> Result<(), ApiError> {
    if access::is_fund_officer(user) {
        Ok(())
    } else {
        Err(ApiError::forbidden("见义勇为基金账务由基金会经办人和区协调员查看"))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountView {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub opened_on: String,
    /// Debit-positive balance in yuan.
    pub balance: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    pub account: String,
    pub account_name: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    pub id: i64,
    pub date: String,
    pub narration: String,
    pub postings: Vec<LineView>,
    pub reverses: Option<i64>,
    pub reversed_by: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Books {
    pub accounts: Vec<AccountView>,
    pub entries: Vec<EntryView>,
    pub closed_through: Option<String>,
}

pub async fn books(state: &AppState) -> Result<Books, ApiError> {
    let entries = store::entries(state.store.pool()).await?;
    let mut conn = state.store.pool().acquire().await.map_err(fengqiao_store::StoreError::from)?;
    let accounts = store::accounts(&mut conn).await?;
    let closed_through = store::closed_through(&mut conn).await?;
    drop(conn);
    let balances = ledger::balances(&entries, None);
    let name = |code: &str| accounts.iter().find(|a| a.code == code).map_or_else(|| code.to_owned(), |a| a.name.clone());
    let reversed: std::collections::HashMap<i64, i64> = entries.iter().filter_map(|e| e.reverses.map(|r| (r, e.id))).collect();
    Ok(Books {
        entries: entries
            .iter()
            .rev()
            .map(|e| EntryView {
                id: e.id,
                date: e.date.clone(),
                narration: e.narration.clone(),
                postings: e.postings.iter().map(|p| LineView { account_name: name(&p.account), account: p.account.clone(), amount: ledger::yuan(p.fen) }).collect(),
                reverses: e.reverses,
                reversed_by: reversed.get(&e.id).copied(),
            })
            .collect(),
        accounts: accounts
            .iter()
            .map(|a| AccountView { code: a.code.clone(), name: a.name.clone(), kind: a.kind.as_str(), kind_label: a.kind.label(), opened_on: a.opened_on.clone(), balance: ledger::yuan(*balances.get(&a.code).unwrap_or(&0)) })
            .collect(),
        closed_through,
    })
}

pub async fn get_books(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Books>, ApiError> {
    officer(&user)?;
    Ok(Json(books(&state).await?))
}

pub async fn open_account(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<AccountBody>) -> Result<(StatusCode, Json<Books>), ApiError> {
    service::open_account(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(books(&state).await?)))
}

pub async fn record(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<EntryBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = service::record(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id, "message": format!("已记账,第 {id} 号分录") }))))
}

pub async fn reverse(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<ReverseBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let rid = service::reverse(&state, &user, id, b).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": rid, "reverses": id, "message": format!("已冲正第 {id} 号分录(冲正分录第 {rid} 号)") }))))
}

#[derive(Debug, Deserialize)]
pub struct CloseBody {
    pub closed_through: String,
}

pub async fn close(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<CloseBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    service::close(&state, &user, &b.closed_through).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "closed_through": b.closed_through.trim(), "message": "已结账" }))))
}

#[derive(Debug, Clone, Serialize)]
pub struct PayoutView {
    pub id: i64,
    pub deed_id: i64,
    pub account: String,
    pub amount: String,
    pub payee: String,
    pub reason: String,
    pub date: String,
    pub state: String,
    pub state_label: &'static str,
    pub proposed_by: String,
    pub decided_by: Option<String>,
    pub entry_id: Option<i64>,
}

pub async fn payouts_view(state: &AppState) -> Result<Vec<PayoutView>, ApiError> {
    let rows = store::payouts(state.store.pool()).await?;
    let who: Vec<String> = rows.iter().flat_map(|p| std::iter::once(p.proposed_by.clone()).chain(p.decided_by.clone())).collect();
    let names = crate::people::names(state, who.iter().map(String::as_str)).await?;
    Ok(rows
        .into_iter()
        .map(|p| PayoutView {
            state_label: match p.state.as_str() {
                "proposed" => "待另一位经办人审批",
                "approved" => "已批准并记账",
                _ => "未批准",
            },
            amount: ledger::yuan(p.fen),
            proposed_by: names.of(&p.proposed_by),
            decided_by: p.decided_by.as_deref().map(|d| names.of(d)),
            id: p.id,
            deed_id: p.deed_id,
            account: p.account,
            payee: p.payee,
            reason: p.reason,
            date: p.day,
            state: p.state,
            entry_id: p.entry_id,
        })
        .collect())
}

pub async fn payouts(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<PayoutView>>, ApiError> {
    officer(&user)?;
    Ok(Json(payouts_view(&state).await?))
}

pub async fn propose(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<PayoutBody>) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = service::propose(&state, &user, b).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id, "message": "支付申请已提出,待另一位经办人审批" }))))
}

#[derive(Debug, Deserialize)]
pub struct DecisionBody {
    pub approve: bool,
}

pub async fn decide(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<DecisionBody>) -> Result<Json<serde_json::Value>, ApiError> {
    service::decide(&state, &user, id, b.approve).await?;
    Ok(Json(serde_json::json!({ "id": id, "message": if b.approve { "已批准并记账" } else { "已退回" } })))
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Donations received, in yuan.
    pub income: String,
    /// Paid out by kind: (kind label, yuan).
    pub payouts: Vec<(&'static str, String)>,
    /// What the bank accounts hold.
    pub balance: String,
    pub entries: usize,
    pub as_of: String,
}

/// What the public is told: money in, money out by kind, money held.
pub async fn summary_of(state: &AppState) -> Result<Summary, ApiError> {
    let entries = store::entries(state.store.pool()).await?;
    let mut conn = state.store.pool().acquire().await.map_err(fengqiao_store::StoreError::from)?;
    let accounts = store::accounts(&mut conn).await?;
    drop(conn);
    let b = ledger::balances(&entries, None);
    let sum = |kinds: &[AccountKind]| -> i64 { accounts.iter().filter(|a| kinds.contains(&a.kind)).map(|a| *b.get(&a.code).unwrap_or(&0)).sum() };
    Ok(Summary {
        income: ledger::yuan(-sum(&[AccountKind::Donations])),
        payouts: [AccountKind::Awards, AccountKind::Medical, AccountKind::Administration].iter().map(|k| (k.label(), ledger::yuan(sum(&[*k])))).collect(),
        balance: ledger::yuan(sum(&[AccountKind::Bank])),
        entries: entries.len(),
        as_of: fengqiao_core::time::minute(fengqiao_store::now_ms()),
    })
}

pub async fn summary(State(state): State<AppState>) -> Result<Json<Summary>, ApiError> {
    Ok(Json(summary_of(&state).await?))
}

/// `GET /culture/fund/ledger.beancount`: the whole books for an accountant's own tools.
pub async fn beancount(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<impl IntoResponse, ApiError> {
    officer(&user)?;
    let entries = store::entries(state.store.pool()).await?;
    let mut conn = state.store.pool().acquire().await.map_err(fengqiao_store::StoreError::from)?;
    let accounts = store::accounts(&mut conn).await?;
    let closed = store::closed_days(&mut conn).await?;
    drop(conn);
    let text = ledger::beancount("渭滨区见义勇为基金", &accounts, &entries, &closed);
    state
        .store
        .write_audited(&user.username, "fund.export", "fund_ledger", 0, |_| Box::pin(async { Ok(true) }))
        .await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"ledger.beancount\"")],
        text,
    ))
}
