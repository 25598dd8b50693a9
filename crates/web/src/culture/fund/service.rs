//! The fund's workflow. Every change is one write job that reads the books as they are,
//! checks the entry with the ledger's rules (`core::culture::ledger`), and appends it; nothing
//! here updates or deletes an entry — the database's triggers would refuse it anyway.

use crate::culture::access;
use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::culture::ledger::{self, Account, AccountKind, LedgerError, Posting};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::culture::{deeds, fund as store};
use fengqiao_store::{now_ms, StoreError};
use serde::Deserialize;

fn officer(user: &User) -> Result<(), ApiError> {
    if access::is_fund_officer(user) {
        Ok(())
    } else {
        Err(ApiError::forbidden("见义勇为基金账务由基金会经办人和区协调员办理"))
    }
}

/// The ledger's refusals travel out of the write job as this, to be answered 422.
const REFUSED: &str = "ledger:";

fn refuse(e: LedgerError) -> StoreError {
    StoreError::Invalid(format!("{REFUSED}{e}"))
}

fn answer(e: StoreError) -> ApiError {
    match e {
        StoreError::Invalid(m) if m.starts_with(REFUSED) => ApiError::new(Code::Unprocessable, m.trim_start_matches(REFUSED).to_owned()),
        StoreError::Conflict(m) if m.contains("fund_accounts") => ApiError::new(Code::Conflict, "这个科目代码已经开设"),
        StoreError::Conflict(m) if m.contains("fund_periods") => ApiError::new(Code::Conflict, "这一天已经结账"),
        StoreError::Conflict(m) if m.contains("reverses") || m.contains("fund_entries") => ApiError::new(Code::Conflict, "这笔分录已经冲正过"),
        e => e.into(),
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct AccountBody {
    pub code: String,
    pub name: String,
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub opened_on: String,
}

pub async fn open_account(state: &AppState, user: &User, b: AccountBody) -> Result<(), ApiError> {
    officer(user)?;
    let kind: AccountKind = b.kind.parse().map_err(|e: fengqiao_core::named::UnknownName| ApiError::new(Code::Unprocessable, e.to_string()))?;
    let code = b.code.trim().to_owned();
    ledger::check_account_code(&code, kind).map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?;
    let name = b.name.trim().to_owned();
    if !(2..=30).contains(&name.chars().count()) {
        return Err(ApiError::new(Code::Unprocessable, "科目名称应为 2 到 30 字"));
    }
    let opened_on = fengqiao_core::time::parse_day(b.opened_on.trim()).map(fengqiao_core::time::day).ok_or_else(|| ApiError::new(Code::Unprocessable, "开设日期格式应为 2026-01-01"))?;
    let a = Account { code, name, kind, opened_on };
    let who = user.username.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::open(c, &a, &who, now_ms()).await?;
                audit::append(c, &Entry { actor: &who, action: "fund.open_account", record_type: "fund_account", record_id: &a.code, detail: &a.name }).await?;
                Ok(())
            })
        })
        .await
        .map_err(answer)
}

#[derive(Debug, Clone, Deserialize)]
pub struct LineBody {
    pub account: String,
    /// Yuan with up to two decimals, as text (`"1200.50"`); debit positive, credit negative.
    pub amount: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EntryBody {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub narration: String,
    pub postings: Vec<LineBody>,
}

fn lines(b: &[LineBody]) -> Result<Vec<Posting>, ApiError> {
    if b.len() > 20 {
        return Err(ApiError::new(Code::Unprocessable, "一笔分录不超过 20 行"));
    }
    b.iter()
        .map(|l| {
            let fen = ledger::parse_yuan(&l.amount).ok_or_else(|| ApiError::new(Code::Unprocessable, format!("金额「{}」应为元,最多两位小数", l.amount.chars().take(20).collect::<String>())))?;
            Ok(Posting { account: l.account.trim().to_owned(), fen })
        })
        .collect()
}

fn narration(s: &str) -> Result<String, ApiError> {
    let n = s.trim().to_owned();
    if (2..=200).contains(&n.chars().count()) {
        Ok(n)
    } else {
        Err(ApiError::new(Code::Unprocessable, "摘要应为 2 到 200 字"))
    }
}

/// Records a balanced entry on open accounts outside closed periods.
pub async fn record(state: &AppState, user: &User, b: EntryBody) -> Result<i64, ApiError> {
    officer(user)?;
    let postings = lines(&b.postings)?;
    let text = narration(&b.narration)?;
    let (date, who) = (b.date.trim().to_owned(), user.username.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let accounts = store::accounts(c).await?;
                let closed = store::closed_through(c).await?;
                ledger::check(&date, &postings, &accounts, closed.as_deref()).map_err(refuse)?;
                let id = store::record(c, &store::NewEntry { day: &date, narration: &text, postings: &postings, reverses: None, payout: None, by: &who, now: now_ms() }).await?;
                audit::append(c, &Entry { actor: &who, action: "fund.record", record_type: "fund_entry", record_id: &id.to_string(), detail: &text }).await?;
                Ok(id)
            })
        })
        .await
        .map_err(answer)
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReverseBody {
    /// The day of the reversal (today if none); must be in an open period.
    pub date: Option<String>,
    pub reason: String,
}

/// Corrects an entry by a new one with every line negated, pointing at it. An entry is
/// reversed once; a reversal is not itself reversed (the right entry is recorded anew).
pub async fn reverse(state: &AppState, user: &User, id: i64, b: ReverseBody) -> Result<i64, ApiError> {
    officer(user)?;
    let reason = narration(&b.reason)?;
    let date = b.date.as_deref().map(str::trim).filter(|d| !d.is_empty()).map_or_else(|| fengqiao_core::time::day(now_ms()), str::to_owned);
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let Some(original) = store::entry(c, id).await? else { return Ok(Err((Code::NotFound, "没有这笔分录"))) };
                if original.reverses.is_some() {
                    return Ok(Err((Code::Conflict, "冲正分录不能再冲正;如需更正,请重新记一笔")));
                }
                if store::reversed_by(c, id).await?.is_some() {
                    return Ok(Err((Code::Conflict, "这笔分录已经冲正过")));
                }
                let postings = ledger::reversal(&original.postings);
                let accounts = store::accounts(c).await?;
                let closed = store::closed_through(c).await?;
                ledger::check(&date, &postings, &accounts, closed.as_deref()).map_err(refuse)?;
                let text = format!("冲正第 {id} 号分录:{reason}");
                let rid = store::record(c, &store::NewEntry { day: &date, narration: &text, postings: &postings, reverses: Some(id), payout: None, by: &who, now: now_ms() }).await?;
                audit::append(c, &Entry { actor: &who, action: "fund.reverse", record_type: "fund_entry", record_id: &rid.to_string(), detail: &format!("reverses {id}") }).await?;
                Ok(Ok(rid))
            })
        })
        .await
        .map_err(answer)?;
    done.map_err(|(code, m)| ApiError::new(code, m))
}

/// Closes the books through a day: nothing may be dated on or before it afterwards.
pub async fn close(state: &AppState, user: &User, day: &str) -> Result<(), ApiError> {
    officer(user)?;
    let day = fengqiao_core::time::parse_day(day.trim()).map(fengqiao_core::time::day).ok_or_else(|| ApiError::new(Code::Unprocessable, "日期格式应为 2026-12-31"))?;
    if day >= fengqiao_core::time::day(now_ms()) {
        return Err(ApiError::new(Code::Unprocessable, "只能结账到昨天为止"));
    }
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                if store::closed_through(c).await?.is_some_and(|c| c >= day) {
                    return Ok(false);
                }
                store::close(c, &day, &who, now_ms()).await?;
                audit::append(c, &Entry { actor: &who, action: "fund.close", record_type: "fund_period", record_id: &day, detail: "" }).await?;
                Ok(true)
            })
        })
        .await
        .map_err(answer)?;
    if !done {
        return Err(ApiError::new(Code::Conflict, "这一天及以前已经结账"));
    }
    Ok(())
}

#[derive(Debug, Clone, Deserialize)]
pub struct PayoutBody {
    /// The verified heroism deed the payout honours.
    pub deed_id: i64,
    /// The expense account (an award or medical support account).
    pub account: String,
    /// The bank account it is paid from.
    pub bank: String,
    pub amount: String,
    pub payee: String,
    pub reason: String,
    pub date: Option<String>,
}

/// One officer proposes a payout on a verified heroism deed.
pub async fn propose(state: &AppState, user: &User, b: PayoutBody) -> Result<i64, ApiError> {
    officer(user)?;
    let fen = ledger::parse_yuan(&b.amount).filter(|f| *f > 0 && *f <= ledger::MAX_FEN).ok_or_else(|| ApiError::new(Code::Unprocessable, "金额应为正数,最多两位小数"))?;
    let reason = narration(&b.reason)?;
    let payee = b.payee.trim().to_owned();
    if !(2..=40).contains(&payee.chars().count()) {
        return Err(ApiError::new(Code::Unprocessable, "请写明领款人(2 到 40 字)"));
    }
    let date = b.date.as_deref().map(str::trim).filter(|d| !d.is_empty()).map_or_else(|| fengqiao_core::time::day(now_ms()), str::to_owned);
    let (account, bank, who, deed) = (b.account.trim().to_owned(), b.bank.trim().to_owned(), user.username.clone(), b.deed_id);
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                if !deeds::heroic_verified(c, deed).await? {
                    return Ok(Err("只能为已核实的见义勇为事迹支付"));
                }
                let accounts = store::accounts(c).await?;
                let payout_kind = accounts.iter().find(|a| a.code == account).map(|a| a.kind);
                if !payout_kind.is_some_and(AccountKind::is_payout) {
                    return Ok(Err("支出科目应为见义勇为奖励或医疗救助科目"));
                }
                if accounts.iter().find(|a| a.code == bank).map(|a| a.kind) != Some(AccountKind::Bank) {
                    return Ok(Err("付款科目应为银行存款科目"));
                }
                // Checked now as it will be recorded, so that approval does not fail later.
                let lines = [Posting { account: account.clone(), fen }, Posting { account: bank.clone(), fen: -fen }];
                ledger::check(&date, &lines, &accounts, store::closed_through(c).await?.as_deref()).map_err(refuse)?;
                let p = store::NewPayout { deed_id: deed, account: &account, bank: &bank, fen, payee: &payee, reason: &reason, day: &date, by: &who, now: now_ms() };
                let id = store::propose(c, &p).await?;
                audit::append(c, &Entry { actor: &who, action: "fund.propose", record_type: "fund_payout", record_id: &id.to_string(), detail: &ledger::yuan(fen) }).await?;
                Ok(Ok(id))
            })
        })
        .await
        .map_err(answer)?;
    done.map_err(|m| ApiError::new(Code::Unprocessable, m))
}

/// Another officer approves (recording the payment) or refuses a proposed payout.
pub async fn decide(state: &AppState, user: &User, id: i64, approve: bool) -> Result<(), ApiError> {
    officer(user)?;
    let who = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let Some(p) = store::payout(c, id).await? else { return Ok(Err((Code::NotFound, "没有这笔支付申请"))) };
                if p.state != "proposed" {
                    return Ok(Err((Code::Conflict, "这笔支付已经审批过")));
                }
                if p.proposed_by == who {
                    return Ok(Err((Code::Forbidden, "支付须由另一位经办人审批,不能审批自己提出的申请")));
                }
                let entry = if approve {
                    let lines = [Posting { account: p.account.clone(), fen: p.fen }, Posting { account: p.bank.clone(), fen: -p.fen }];
                    let accounts = store::accounts(c).await?;
                    ledger::check(&p.day, &lines, &accounts, store::closed_through(c).await?.as_deref()).map_err(refuse)?;
                    let text = format!("见义勇为支付:{}({})", p.payee, p.reason);
                    Some(store::record(c, &store::NewEntry { day: &p.day, narration: &text, postings: &lines, reverses: None, payout: Some(id), by: &who, now: now_ms() }).await?)
                } else {
                    None
                };
                store::decide(c, id, if approve { "approved" } else { "refused" }, &who, entry, now_ms()).await?;
                audit::append(c, &Entry { actor: &who, action: if approve { "fund.approve" } else { "fund.refuse" }, record_type: "fund_payout", record_id: &id.to_string(), detail: "" }).await?;
                Ok(Ok(()))
            })
        })
        .await
        .map_err(answer)?;
    done.map_err(|(code, m)| ApiError::new(code, m))
}
