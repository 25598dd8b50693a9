//! One case's page, its actions, and the printed agreement.

use fengqiao_core::mediation::MediatorKind;
use crate::error::{ApiError, Code, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::mediation::commands::{
    AgreementBody, FollowUpBody, ReasonBody, ReferBody, SessionBody, SignatureBody,
};
use crate::mediation::pages::new::field;
use crate::mediation::service::{self, Allowed};
use crate::mediation::views::CaseDetail;
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::mediation::Action;
use fengqiao_store::mediation as cases;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "mediation/templates/case.html")]
struct CasePage {
    chrome: Chrome,
    case: CaseDetail,
    can: Allowed,
    lower_levels: Vec<(i64, &'static str)>,
    /// The joint-mediation pool, offered when the case is at the joint level.
    pool: Vec<(String, &'static str, String)>,
    /// What the last action did, said at the top of the page.
    message: Option<String>,
    /// Why the last action was refused, said at the top of the actions.
    error: Option<String>,
    /// A party whose full phone was just revealed for a call back.
    revealed: Option<(i64, String)>,
    /// Who opened or called from this case lately.
    access: Vec<service::AccessLine>,
}

#[derive(serde::Deserialize, Default)]
pub struct CaseQuery {
    /// The action just taken (after the redirect), for its confirmation.
    done: Option<String>,
}

/// The confirmation of an action, from the case as it is now.
fn confirmation(done: &str, case: &CaseDetail) -> Option<String> {
    let level = fengqiao_core::mediation::level_label(u8::try_from(case.summary.level).unwrap_or(1));
    let recorded = case
        .followups
        .iter()
        .filter(|f| f.done_at.is_some() && f.result.as_deref() != Some("cancelled"))
        .count();
    Some(match done {
        "session" => format!("已记录第 {} 次调解。", case.sessions.len()),
        "escalate" => format!("已上交,现由{level}办理。"),
        "handback" => format!("已交回,现由{level}继续调解。"),
        "agreement" => match case.next_followup() {
            Some(f) => format!("已登记调解协议;第 1 次回访应在 {} 当天或之后。", f.due_local),
            None => "已更新调解协议。".to_owned(),
        },
        "followup" if case.summary.status == fengqiao_core::mediation::Status::Closed => {
            format!("已登记第 {recorded} 次回访,案件已办结。")
        }
        "followup" => format!("已登记第 {recorded} 次回访。"),
        "refer" => format!(
            "已结束调解并引导至{}。",
            case.referral.as_deref().unwrap_or("其他渠道")
        ),
        _ => return None,
    })
}

/// Where on the page an action's result shows.
fn anchor(action: &str) -> &'static str {
    match action {
        "followup" | "agreement" => "#followups",
        _ => "#timeline",
    }
}

pub async fn case(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> Result<Html<String>, PageError> {
    let id = crate::mediation::commands::parse_id(&id)?;
    let mut page = case_page(&state, user, csrf, id).await?;
    page.message = q.done.as_deref().and_then(|d| confirmation(d, &page.case));
    Ok(render(&page)?)
}

async fn case_page(
    state: &AppState,
    user: crate::auth::User,
    csrf: CsrfToken,
    id: i64,
) -> Result<CasePage, PageError> {
    let case = crate::mediation::service::read_case(state, &user, id).await?;
    let lower_levels = (1..case.summary.level)
        .map(|l| {
            (
                l,
                fengqiao_core::mediation::level_label(u8::try_from(l).unwrap_or(1)),
            )
        })
        .collect();
    let mut pool = Vec::new();
    if case.summary.level == 4 && case.allowed_actions.session {
        if let Some(grid) = state.atlas().get(&case.summary.grid_code) {
            pool = cases::mediators_for(state.store.pool(), &grid.path)
                .await?
                .into_iter()
                .map(|m| (m.name, MediatorKind::parse(&m.kind).map_or("调解员", MediatorKind::label), m.organisation))
                .collect();
        }
    }
    Ok(CasePage {
        chrome: Chrome::signed_in(user, csrf),
        can: case.allowed_actions.clone(),
        case,
        lower_levels,
        pool,
        message: None,
        error: None,
        revealed: None,
        access: service::access_log(state, id).await?,
    })
}

/// "Call back": shows one party's full phone on the case page, audited.
pub async fn reveal(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path((id, party)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let id = crate::mediation::commands::parse_id(&id)?;
    let party = crate::mediation::commands::parse_id(&party)?;
    let (name, phone) = service::reveal_phone(&state, &user, id, party).await?;
    let mut page = case_page(&state, user, csrf, id).await?;
    page.message = Some(format!("已显示{name}的完整电话,本次查看已记入查阅记录。"));
    page.revealed = Some((party, phone));
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "mediation/templates/agreement.html")]
struct AgreementPrint {
    case: CaseDetail,
    /// The people's mediation committee of the case's community (村/居民委员会).
    committee: String,
    /// Who mediated it: the sessions' mediators, or the assignee.
    mediators: String,
}

pub async fn agreement_print(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = crate::mediation::commands::parse_id(&id)?;
    let case = crate::mediation::service::read_case(&state, &user, id).await?;
    if case.agreement.is_none() {
        return Err(ApiError::not_found("此案件尚无调解协议").into());
    }
    let atlas = state.atlas();
    let community = atlas
        .get(&case.summary.grid_code)
        .and_then(|g| g.parent_code.as_deref())
        .and_then(|c| atlas.get(c))
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let mut mediators: Vec<String> = case
        .sessions
        .iter()
        .flat_map(|s| s.mediators.iter().cloned())
        .collect();
    mediators.dedup();
    let mediators = if mediators.is_empty() {
        case.summary.assignee_name.clone().unwrap_or_default()
    } else {
        mediators.join("、")
    };
    Ok(render(&AgreementPrint {
        committee: format!("{community}人民调解委员会"),
        mediators,
        case,
    })?)
}

pub(crate) fn list_field(form: &HashMap<String, String>, key: &str) -> Vec<String> {
    form.get(key)
        .map(|s| {
            s.split([',', ',', '、', '\n'])
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Every action form on the case page posts here; the same checks as the API apply.
/// A refused action shows the case again with the reason; others go to the error page.
pub async fn act(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path((id, action)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = crate::mediation::commands::parse_id(&id)?;
    match take(&state, &user, id, &action, &form).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/mediation/{id}?done={action}{}",
            anchor(&action)
        ))
        .into_response()),
        Err(e) if matches!(e.code, Code::Unprocessable | Code::Conflict | Code::BadRequest) => {
            let status = e.code.status();
            let mut page = case_page(&state, user, csrf, id).await?;
            page.error = Some(e.detail);
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn take(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
    action: &str,
    form: &HashMap<String, String>,
) -> Result<(), ApiError> {
    let text = |k: &str| field(form, k).unwrap_or_default();
    match action {
        "session" => {
            let scope = user.staff_scope()?;
            let row = cases::get_in_scope(state.store.pool(), id, scope.path())
                .await?
                .ok_or_else(|| ApiError::not_found("案件不存在"))?;
            let body = SessionBody {
                held_at: None,
                mediators: list_field(form, "mediators"),
                parties_present: list_field(form, "parties_present"),
                mode: text("mode"),
                outcome: text("outcome"),
                notes: text("notes"),
            };
            let (a, d) = crate::mediation::commands::session_action(user, &body, row.level)?;
            service::act(state, user, id, a, d).await?;
        }
        "escalate" | "handback" => {
            let body = ReasonBody {
                reason: text("reason"),
                to_level: field(form, "to_level").and_then(|l| l.parse().ok()),
            };
            if body.reason.is_empty() {
                return Err(ApiError::new(Code::Unprocessable, "请填写理由"));
            }
            let a = if action == "escalate" {
                Action::Escalate
            } else {
                Action::HandBack {
                    to: body.to_level.unwrap_or(0),
                }
            };
            service::act(
                state,
                user,
                id,
                a,
                service::ActionDetail {
                    reason: body.reason,
                    ..Default::default()
                },
            )
            .await?;
        }
        "agreement" => {
            let signatures = list_field(form, "signatures")
                .into_iter()
                .map(|name| SignatureBody {
                    name,
                    signed_at: None,
                })
                .collect();
            let body = AgreementBody {
                terms: field(form, "terms"),
                signatures,
                performance: field(form, "performance"),
                performance_note: field(form, "performance_note"),
                judicial_applied_at: field(form, "judicial_applied_at"),
                judicial_filed_at: field(form, "judicial_filed_at"),
                judicial_result: field(form, "judicial_result"),
            };
            crate::mediation::service::apply_agreement(state, user, id, body).await?;
        }
        "followup" => {
            let (a, d) = crate::mediation::commands::followup_action(&FollowUpBody {
                result: text("result"),
                notes: text("notes"),
            })?;
            service::act(state, user, id, a, d).await?;
        }
        "refer" => {
            let (a, d) = crate::mediation::commands::refer_action(&ReferBody {
                channel: text("channel"),
                guidance: text("guidance"),
            })?;
            service::act(state, user, id, a, d).await?;
        }
        other => return Err(ApiError::not_found(format!("没有「{other}」这个操作"))),
    }
    Ok(())
}
