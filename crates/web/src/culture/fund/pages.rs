//! `/culture/fund`: the public summary for everyone; for the fund's officers the books with
//! the forms to open accounts, record and reverse entries, propose and approve payouts, and
//! close periods, and the Beancount export.

use super::api::{self, Books, PayoutView, Summary};
use super::service::{self, AccountBody, EntryBody, LineBody, PayoutBody, ReverseBody};
use crate::culture::access;
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{after_form, render, Chrome};
use crate::session::User;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fengqiao_core::culture::ledger::AccountKind;

use crate::culture::form::{field, Done, Form};

#[derive(Template)]
#[template(path = "culture/templates/fund.html")]
struct Page {
    chrome: Chrome,
    summary: Summary,
    books: Option<Books>,
    payouts: Vec<PayoutView>,
    kinds: Vec<(&'static str, &'static str)>,
    today: String,
    message: Option<&'static str>,
    error: Option<String>,
}

async fn page(state: &AppState, user: Option<User>, csrf: CsrfToken, error: Option<String>) -> Result<Page, ApiError> {
    let officer = user.as_ref().is_some_and(access::is_fund_officer);
    Ok(Page {
        summary: api::summary_of(state).await?,
        books: if officer { Some(api::books(state).await?) } else { None },
        payouts: if officer { api::payouts_view(state).await? } else { Vec::new() },
        kinds: AccountKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        today: fengqiao_core::time::day(fengqiao_store::now_ms()),
        message: None,
        error,
        chrome: Chrome::of(user, csrf),
    })
}

/// `GET /culture/fund`.
pub async fn home(State(state): State<AppState>, user: Result<PageUser, PageError>, Extension(csrf): Extension<CsrfToken>, ApiQuery(q): ApiQuery<Done>) -> Result<Response, PageError> {
    let mut p = page(&state, user.ok().map(|u| u.0), csrf, None).await?;
    p.message = match q.done.as_deref() {
        Some("account") => Some("科目已开设。"),
        Some("entry") => Some("已记账。"),
        Some("reversed") => Some("已冲正:新记一笔方向相反的分录,原分录保留。"),
        Some("closed") => Some("已结账,此前日期不能再记账。"),
        Some("proposed") => Some("支付申请已提出,待另一位经办人审批。"),
        Some("decided") => Some("审批结果已记录。"),
        _ => None,
    };
    Ok(render(&p)?.into_response())
}

/// `POST /culture/fund`: every form of the page, told apart by `do`.
pub async fn act(State(state): State<AppState>, PageUser(user): PageUser, Extension(csrf): Extension<CsrfToken>, CsrfForm(form): Form) -> Result<Response, PageError> {
    let num = |k: &str| field(&form, k).parse::<i64>().unwrap_or(0);
    let (done, tag) = match field(&form, "do").as_str() {
        "account" => {
            let b = AccountBody { code: field(&form, "code"), name: field(&form, "name"), kind: field(&form, "kind"), opened_on: field(&form, "opened_on") };
            (service::open_account(&state, &user, b).await, "account")
        }
        "entry" => {
            // Each line: an account and a debit or a credit.
            let postings = (1..=4)
                .filter(|i| !field(&form, &format!("account{i}")).is_empty())
                .map(|i| {
                    let (debit, credit) = (field(&form, &format!("debit{i}")), field(&form, &format!("credit{i}")));
                    let amount = if !debit.is_empty() { debit } else if credit.is_empty() { String::new() } else { format!("-{credit}") };
                    LineBody { account: field(&form, &format!("account{i}")), amount }
                })
                .collect();
            let b = EntryBody { date: field(&form, "date"), narration: field(&form, "narration"), postings };
            (service::record(&state, &user, b).await.map(|_| ()), "entry")
        }
        "reverse" => (service::reverse(&state, &user, num("entry_id"), ReverseBody { date: None, reason: field(&form, "reason") }).await.map(|_| ()), "reversed"),
        "close" => (service::close(&state, &user, &field(&form, "closed_through")).await, "closed"),
        "propose" => {
            let b = PayoutBody { deed_id: num("deed_id"), account: field(&form, "account"), bank: field(&form, "bank"), amount: field(&form, "amount"), payee: field(&form, "payee"), reason: field(&form, "reason"), date: None };
            (service::propose(&state, &user, b).await.map(|_| ()), "proposed")
        }
        "approve" => (service::decide(&state, &user, num("payout_id"), true).await, "decided"),
        _ => (service::decide(&state, &user, num("payout_id"), false).await, "decided"),
    };
    let to = format!("/culture/fund?done={tag}");
    after_form(done, &to, |reason| async move { page(&state, Some(user), csrf, Some(reason)).await }).await
}
