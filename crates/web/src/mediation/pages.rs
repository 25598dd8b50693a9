//! Mediation pages: the phone-friendly intake form, my cases, the case page with its timeline
//! and the actions the user may take, the printable agreement, the funnel, the overdue
//! supervision list (督办).

use super::api::{
    self, AgreementBody, FollowUpBody, FunnelParams, ListParams, ReasonBody, ReferBody,
    SessionBody, SignatureBody,
};
use super::intake::{build_intake, IntakeBody, LocationBody, Origin, PartyBody};
use super::service::{self, Allowed};
use super::views::{CaseDetail, CaseSummary};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::mediation::{Action, Category, Source};
use fengqiao_store::mediation as cases;
use fengqiao_store::now_ms;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "mediation/templates/list.html")]
struct ListPage {
    chrome: Chrome,
    title: &'static str,
    items: Vec<CaseSummary>,
    total: i64,
    q: String,
    status: String,
    mine: bool,
    next: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Html<String>, PageError> {
    let f = api::filter(&state, &user, &p).await?;
    let page = api::list_page(&state, f).await?;
    let next = page.next_cursor.map(|c| {
        format!(
            "/mediation?q={}&status={}&assignee={}&cursor={c}",
            p.q.as_deref().unwrap_or(""),
            p.status.as_deref().unwrap_or(""),
            p.assignee.as_deref().unwrap_or("")
        )
    });
    Ok(render(&ListPage {
        chrome: Chrome::signed_in(user, csrf),
        title: "矛盾纠纷",
        items: page.items,
        total: page.total,
        q: p.q.unwrap_or_default(),
        status: p.status.unwrap_or_default(),
        mine: p.assignee.as_deref() == Some("me"),
        next,
    })?)
}

pub async fn overdue(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    let p = ListParams {
        overdue: Some("true".into()),
        page_size: Some("200".into()),
        ..ListParams::default()
    };
    let f = api::filter(&state, &user, &p).await?;
    let mut page = api::list_page(&state, f).await?;
    page.items.sort_by_key(|c| c.due_at);
    Ok(render(&ListPage {
        chrome: Chrome::signed_in(user, csrf),
        title: "超期督办",
        items: page.items,
        total: page.total,
        q: String::new(),
        status: String::new(),
        mine: false,
        next: None,
    })?)
}

#[derive(Template)]
#[template(path = "mediation/templates/new.html")]
struct NewPage {
    chrome: Chrome,
    categories: Vec<(&'static str, &'static str)>,
    sources: Vec<(&'static str, &'static str)>,
    grid_code: String,
    /// A fresh key per form shown, kept when the form comes back with an error, so a double
    /// submit of the same form opens one case and two forms open two.
    submission: String,
    error: Option<String>,
    form: HashMap<String, String>,
}

impl NewPage {
    fn value(&self, key: &str) -> String {
        self.form.get(key).cloned().unwrap_or_default()
    }

    fn checked(&self, key: &str) -> bool {
        self.form.get(key).is_some_and(|v| v == "on" || v == "true")
    }

    fn selected(&self, key: &str, v: &str) -> bool {
        self.form.get(key).is_some_and(|x| x == v)
    }
}

fn new_page(chrome: Chrome, error: Option<String>, form: HashMap<String, String>) -> NewPage {
    let grid_code = chrome
        .user
        .as_ref()
        .filter(|u| u.role == fengqiao_core::Role::GridWorker)
        .map(|u| u.region_code.clone())
        .unwrap_or_default();
    let submission = form
        .get("submission")
        .cloned()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(crate::auth::random_token);
    NewPage {
        submission,
        chrome,
        categories: Category::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect(),
        sources: Source::ALL
            .iter()
            .filter(|s| **s != Source::Resident)
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        grid_code,
        error,
        form,
    }
}

pub async fn new_form(
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    user.staff_scope()?;
    Ok(render(&new_page(
        Chrome::signed_in(user, csrf),
        None,
        HashMap::new(),
    ))?)
}

fn field(form: &HashMap<String, String>, key: &str) -> Option<String> {
    form.get(key)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn number<T: std::str::FromStr>(
    form: &HashMap<String, String>,
    key: &str,
    label: &str,
) -> Result<Option<T>, ApiError> {
    field(form, key)
        .map(|v| {
            v.parse::<T>()
                .map_err(|_| ApiError::bad_request(format!("{label}应为数字")))
        })
        .transpose()
}

/// The intake form's fields as the API body, so both go through the same checks.
fn intake_body(form: &HashMap<String, String>) -> Result<IntakeBody, ApiError> {
    let mut parties = Vec::new();
    for (i, side) in [(1, "applicant"), (2, "respondent")] {
        if let Some(name) = field(form, &format!("party{i}_name")) {
            parties.push(PartyBody {
                side: Some(side.into()),
                kind: Some("person".into()),
                name,
                phone: field(form, &format!("party{i}_phone")),
                id_number: field(form, &format!("party{i}_id_number")),
                vulnerability: field(form, &format!("party{i}_vulnerability")),
            });
        }
    }
    let location = match (
        number::<f64>(form, "lon", "经度")?,
        number::<f64>(form, "lat", "纬度")?,
    ) {
        (Some(lon), Some(lat)) => Some(LocationBody {
            lon,
            lat,
            crs: field(form, "crs"),
        }),
        _ => None,
    };
    let flag = |k: &str| form.get(k).is_some_and(|v| v == "on" || v == "true");
    Ok(IntakeBody {
        category: field(form, "category").unwrap_or_default(),
        source: field(form, "source"),
        description: field(form, "description").unwrap_or_default(),
        parties,
        location,
        grid_code: field(form, "grid_code"),
        address: field(form, "address"),
        amount_yuan: number(form, "amount_yuan", "争议金额")?,
        people: number(form, "people", "涉及人数")?,
        households: number(form, "households", "涉及户数")?,
        whole_compound: flag("whole_compound"),
        litigation: flag("litigation"),
        minor_fight: flag("minor_fight"),
        callback_phone: field(form, "callback_phone"),
    })
}

pub async fn new_submit(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    user.staff_scope()?;
    let key = field(&form, "submission").map(|k| format!("form:{k}"));
    let built = intake_body(&form).and_then(|b| build_intake(&state, Origin::User(&user), b, key));
    let intake = match built {
        Ok(i) => i,
        Err(e) => {
            let status = e.code.status();
            return Ok((
                status,
                render(&new_page(
                    Chrome::signed_in(user, csrf),
                    Some(e.detail),
                    form,
                ))?,
            )
                .into_response());
        }
    };
    let id = service::intake(&state, user.username.clone(), intake)
        .await?
        .id();
    Ok(Redirect::to(&format!("/mediation/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "mediation/templates/case.html")]
struct CasePage {
    chrome: Chrome,
    case: CaseDetail,
    can: Allowed,
    lower_levels: Vec<(i64, &'static str)>,
    /// The joint-mediation pool, offered when the case is at the joint level.
    pool: Vec<(String, &'static str, String)>,
}

fn mediator_kind(kind: &str) -> &'static str {
    match kind {
        "department" => "部门",
        "lawyer" => "律师",
        "deputy" => "人大代表",
        "committee_member" => "政协委员",
        _ => "调解员",
    }
}

pub async fn case(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = api::parse_id(&id)?;
    let case = api::read_case(&state, &user, id).await?;
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
                .map(|m| (m.name, mediator_kind(&m.kind), m.organisation))
                .collect();
        }
    }
    Ok(render(&CasePage {
        chrome: Chrome::signed_in(user, csrf),
        can: case.allowed_actions.clone(),
        case,
        lower_levels,
        pool,
    })?)
}

#[derive(Template)]
#[template(path = "mediation/templates/agreement.html")]
struct AgreementPrint {
    case: CaseDetail,
}

pub async fn agreement_print(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = api::parse_id(&id)?;
    let case = api::read_case(&state, &user, id).await?;
    if case.agreement.is_none() {
        return Err(ApiError::not_found("此案件尚无调解协议").into());
    }
    Ok(render(&AgreementPrint { case })?)
}

fn list_field(form: &HashMap<String, String>, key: &str) -> Vec<String> {
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
pub async fn act(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, action)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = api::parse_id(&id)?;
    let text = |k: &str| field(&form, k).unwrap_or_default();
    match action.as_str() {
        "session" => {
            let scope = user.staff_scope()?;
            let row = cases::get_in_scope(state.store.pool(), id, scope.path())
                .await?
                .ok_or_else(|| ApiError::not_found("案件不存在"))?;
            let body = SessionBody {
                held_at: None,
                mediators: list_field(&form, "mediators"),
                parties_present: list_field(&form, "parties_present"),
                mode: text("mode"),
                outcome: text("outcome"),
                notes: text("notes"),
            };
            let (a, d) = api::session_action(&user, &body, row.level)?;
            service::act(&state, &user, id, a, d).await?;
        }
        "escalate" | "handback" => {
            let body = ReasonBody {
                reason: text("reason"),
                to_level: field(&form, "to_level").and_then(|l| l.parse().ok()),
            };
            if body.reason.is_empty() {
                return Err(ApiError::new(crate::error::Code::Unprocessable, "请填写理由").into());
            }
            let a = if action == "escalate" {
                Action::Escalate
            } else {
                Action::HandBack {
                    to: body.to_level.unwrap_or(0),
                }
            };
            service::act(
                &state,
                &user,
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
            let signatures = list_field(&form, "signatures")
                .into_iter()
                .map(|name| SignatureBody {
                    name,
                    signed_at: None,
                })
                .collect();
            let body = AgreementBody {
                terms: field(&form, "terms"),
                signatures,
                performance: field(&form, "performance"),
                performance_note: field(&form, "performance_note"),
                judicial_applied_at: field(&form, "judicial_applied_at"),
                judicial_filed_at: field(&form, "judicial_filed_at"),
                judicial_result: field(&form, "judicial_result"),
            };
            api::apply_agreement(&state, &user, id, body).await?;
        }
        "followup" => {
            let (a, d) = api::followup_action(&FollowUpBody {
                result: text("result"),
                notes: text("notes"),
            })?;
            service::act(&state, &user, id, a, d).await?;
        }
        "refer" => {
            let (a, d) = api::refer_action(&ReferBody {
                channel: text("channel"),
                guidance: text("guidance"),
            })?;
            service::act(&state, &user, id, a, d).await?;
        }
        other => return Err(ApiError::not_found(format!("没有「{other}」这个操作")).into()),
    }
    Ok(Redirect::to(&format!("/mediation/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "mediation/templates/funnel.html")]
struct FunnelPage {
    chrome: Chrome,
    region: String,
    region_name: String,
    from: String,
    to: String,
    svg: String,
    levels: Vec<(&'static str, fengqiao_store::mediation::FunnelLevel)>,
}

pub async fn funnel(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<FunnelParams>,
) -> Result<Html<String>, PageError> {
    let (path, code, from, to) = api::funnel_scope(&state, &user, &p).await?;
    let levels = cases::funnel(state.store.pool(), &path, from, to, now_ms()).await?;
    let svg = super::funnel::svg(&levels);
    let region_name = state
        .atlas()
        .get(&code)
        .map(|r| r.name.clone())
        .unwrap_or_default();
    Ok(render(&FunnelPage {
        chrome: Chrome::signed_in(user, csrf),
        region: code,
        region_name,
        from: fengqiao_core::time::day(from),
        to: fengqiao_core::time::day(to - 1),
        svg,
        levels: levels
            .into_iter()
            .map(|l| {
                (
                    fengqiao_core::mediation::level_label(u8::try_from(l.level).unwrap_or(4)),
                    l,
                )
            })
            .collect(),
    })?)
}

pub async fn funnel_svg(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    ApiQuery(p): ApiQuery<FunnelParams>,
) -> Result<Response, PageError> {
    let (path, _, from, to) = api::funnel_scope(&state, &user, &p).await?;
    let levels = cases::funnel(state.store.pool(), &path, from, to, now_ms()).await?;
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
        super::funnel::svg(&levels),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "mediation/templates/policy.html")]
struct PolicyPage {
    chrome: Chrome,
    version: i64,
    body: String,
    editable: bool,
    error: Option<String>,
    saved: bool,
}

async fn policy_page(
    state: &AppState,
    user: crate::auth::User,
    csrf: CsrfToken,
) -> Result<PolicyPage, PageError> {
    user.staff_scope()?;
    let (version, body) = match fengqiao_store::versioned::current(
        state.store.pool(),
        fengqiao_store::versioned::Document::MediationPolicy,
    )
    .await?
    {
        Some((v, b)) => (v, b),
        None => (
            0,
            serde_json::to_string(&fengqiao_core::mediation::Policy::default()).unwrap_or_default(),
        ),
    };
    let pretty = serde_json::from_str::<serde_json::Value>(&body)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or(body);
    Ok(PolicyPage {
        editable: user.role.may_list_accounts(),
        chrome: Chrome::signed_in(user, csrf),
        version,
        body: pretty,
        error: None,
        saved: false,
    })
}

pub async fn policy(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    Ok(render(&policy_page(&state, user, csrf).await?)?)
}

/// The coordinator edits the placement policy as JSON; a valid one becomes the next version.
pub async fn policy_save(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    if !user.role.may_list_accounts() {
        return Err(ApiError::forbidden("只有区政法委协调员和系统管理员可以修改调解策略").into());
    }
    let text = form.get("policy").cloned().unwrap_or_default();
    match fengqiao_core::mediation::Policy::from_json(&text) {
        Ok(p) => {
            let body = serde_json::to_string(&p).map_err(ApiError::internal)?;
            let actor = user.username.clone();
            state
                .store
                .write(move |c| {
                    Box::pin(async move {
                        fengqiao_store::versioned::add(
                            c,
                            fengqiao_store::versioned::Document::MediationPolicy,
                            &body,
                            &actor,
                        )
                        .await
                    })
                })
                .await?;
            let mut page = policy_page(&state, user, csrf).await?;
            page.saved = true;
            Ok(render(&page)?.into_response())
        }
        Err(e) => {
            let mut page = policy_page(&state, user, csrf).await?;
            page.body = text;
            page.error = Some(e.to_string());
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
