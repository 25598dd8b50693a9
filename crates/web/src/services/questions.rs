//! 掌上问: residents ask about a matter (or in general), staff answer, and answered questions
//! are public and found by words, so the next person finds the answer without asking.

use crate::error::{ApiError, Code};
use crate::extract::{ApiJson, ApiQuery, ApiUser, MaybeApiUser};
use crate::session::User;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use fengqiao_core::time::minute;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::now_ms;
use fengqiao_store::services::{matters, questions as store};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: i64,
    pub matter_code: Option<String>,
    pub matter_name: Option<String>,
    pub question: String,
    pub asked: String,
    pub answer: String,
    pub answered: Option<String>,
    /// The answering office, by role ("社区工作人员"), not the person.
    pub answered_by: Option<String>,
}

fn view(q: store::QuestionRow, names: &crate::people::Names) -> QuestionView {
    QuestionView {
        asked: minute(q.asked_at),
        answered: q.answered_at.map(minute),
        answered_by: q.answered_by.as_deref().map(|u| names.of(u)),
        id: q.id,
        matter_code: q.matter_code,
        matter_name: q.matter_name,
        question: q.question,
        answer: q.answer,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub matter: Option<String>,
}

/// Answered questions for everyone; staff also see the unanswered, a resident their own.
pub async fn visible(state: &AppState, user: Option<&User>, q: &ListQuery) -> Result<Vec<QuestionView>, ApiError> {
    let words: Vec<String> = q
        .q
        .as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .map(|w| w.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).take(30).collect::<String>())
        .filter(|w| !w.is_empty())
        .take(5)
        .collect();
    let f = store::Filter {
        matter: q.matter.as_deref().map(str::trim).filter(|m| !m.is_empty()),
        words,
        unanswered: user.is_some_and(|u| u.role.is_staff()),
        asker: user.map(|u| u.username.as_str()),
    };
    let rows = store::list(state.store.pool(), &f).await?;
    let names = crate::people::names(state, rows.iter().filter_map(|r| r.answered_by.as_deref())).await?;
    Ok(rows.into_iter().map(|r| view(r, &names)).collect())
}

pub async fn list(State(state): State<AppState>, MaybeApiUser(user): MaybeApiUser, ApiQuery(q): ApiQuery<ListQuery>) -> Result<Json<Vec<QuestionView>>, ApiError> {
    Ok(Json(visible(&state, user.as_ref(), &q).await?))
}

#[derive(Debug, Deserialize)]
pub struct AskBody {
    pub matter_code: Option<String>,
    pub question: String,
}

/// A signed-in resident (or staff member on their behalf) asks.
pub async fn ask(state: &AppState, user: &User, b: AskBody) -> Result<i64, ApiError> {
    let question = b.question.trim().to_owned();
    if !(5..=1_000).contains(&question.chars().count()) {
        return Err(ApiError::new(Code::Unprocessable, "问题应为 5 到 1000 字"));
    }
    let matter = match b.matter_code.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(code) => Some(matters::get(state.store.pool(), code).await?.ok_or_else(|| ApiError::new(Code::Unprocessable, format!("没有服务事项「{}」", code.chars().take(40).collect::<String>())))?.code),
        None => None,
    };
    let asker = user.username.clone();
    Ok(state
        .store
        .write(move |c| Box::pin(async move { store::insert(c, matter.as_deref(), &question, &asker, now_ms()).await }))
        .await?)
}

pub async fn ask_api(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(b): ApiJson<AskBody>) -> Result<(StatusCode, Json<QuestionView>), ApiError> {
    let id = ask(&state, &user, b).await?;
    let row = store::by_id(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("问题不存在"))?;
    Ok((StatusCode::CREATED, Json(view(row, &crate::people::Names::default()))))
}

#[derive(Debug, Deserialize)]
pub struct AnswerBody {
    pub answer: String,
}

/// Staff answer; once.
pub async fn answer(state: &AppState, user: &User, id: i64, text: &str) -> Result<(), ApiError> {
    if !user.role.is_staff() {
        return Err(ApiError::forbidden("由工作人员回答"));
    }
    let text = text.trim().to_owned();
    if !(2..=3_000).contains(&text.chars().count()) {
        return Err(ApiError::new(Code::Unprocessable, "回答应为 2 到 3000 字"));
    }
    store::by_id(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这个问题"))?;
    let actor = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::answer(c, id, &text, &actor, now_ms()).await?;
                if done {
                    audit::append(c, &Entry { actor: &actor, action: "service_question.answer", record_type: "service_question", record_id: &id.to_string(), detail: "" }).await?;
                }
                Ok(done)
            })
        })
        .await?;
    if done {
        Ok(())
    } else {
        Err(ApiError::new(Code::Conflict, "这个问题已经回答过了"))
    }
}

pub async fn answer_api(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(b): ApiJson<AnswerBody>) -> Result<Json<QuestionView>, ApiError> {
    answer(&state, &user, id, &b.answer).await?;
    let row = store::by_id(state.store.pool(), id).await?.ok_or_else(|| ApiError::not_found("没有这个问题"))?;
    let names = crate::people::names(&state, row.answered_by.as_deref()).await?;
    Ok(Json(view(row, &names)))
}

/// Answered questions in the search box: public, so for everyone whatever their scope.
pub struct QuestionSearch;

impl crate::search::SearchSource for QuestionSearch {
    fn hits<'a>(&'a self, state: &'a AppState, cx: &'a crate::search::SearchContext<'a>) -> fengqiao_store::BoxFuture<'a, Result<Vec<crate::search::Hit>, fengqiao_store::StoreError>> {
        Box::pin(async move {
            let words: Vec<String> = cx
                .query
                .split_whitespace()
                .map(|w| w.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).take(30).collect::<String>())
                .filter(|w| !w.is_empty())
                .take(5)
                .collect();
            if words.is_empty() {
                return Ok(Vec::new());
            }
            let f = store::Filter { matter: None, words, unanswered: false, asker: None };
            Ok(store::list(state.store.pool(), &f)
                .await?
                .into_iter()
                .filter(|r| r.answered_at.is_some())
                .take(usize::try_from(cx.limit).unwrap_or(20))
                .map(|r| {
                    let href = r.matter_code.as_deref().map_or_else(|| "/services".to_owned(), |m| format!("/services/{m}"));
                    crate::search::Hit {
                        status: Some("已回答".into()),
                        ..crate::search::Hit::new("办事问答", format!("问:{}", r.question.chars().take(40).collect::<String>()), format!("{} 答:{}", r.question, r.answer), href, r.answered_at)
                    }
                })
                .collect())
        })
    }
}
