//! Pages of the four forces: teams (list, create, members) and the coverage scorecard with its
//! gaps.

use super::api::{self, MemberBody, TeamBody, TeamView};
use super::coverage::MandateScore;
use crate::error::PageError;
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::forces::TeamKind;
use fengqiao_store::forces as store;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "forces/templates/teams.html")]
struct TeamsPage {
    chrome: Chrome,
    region: String,
    teams: Vec<TeamView>,
    kinds: Vec<(&'static str, String)>,
    can_organise: bool,
}

pub async fn teams(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<api::TeamParams>,
) -> Result<Html<String>, PageError> {
    let (path, _) = api::region_path(&state, &user, p.region.as_deref()).await?;
    let teams = store::teams(state.store.pool(), &path, None)
        .await?
        .into_iter()
        .map(api::view)
        .collect();
    let kinds = TeamKind::ALL
        .iter()
        .map(|k| {
            (
                k.as_str(),
                format!(
                    "{} · {}({})",
                    k.force().label(),
                    k.label(),
                    k.level().label()
                ),
            )
        })
        .collect();
    let region = p.region.clone().unwrap_or_else(|| user.region_code.clone());
    Ok(render(&TeamsPage {
        can_organise: api::may_organise(&user),
        chrome: Chrome::signed_in(user, csrf),
        region,
        teams,
        kinds,
    })?)
}

pub async fn create_team(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let id = api::create(
        &state,
        &user,
        TeamBody {
            name: get("name"),
            kind: get("kind"),
            region_code: get("region_code"),
        },
    )
    .await?;
    Ok(Redirect::to(&format!("/teams/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "forces/templates/team.html")]
struct TeamPage {
    chrome: Chrome,
    team: TeamView,
    members: Vec<serde_json::Value>,
    can_organise: bool,
}

pub async fn team(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let (team, members) = api::team_detail(&state, &user, &id).await?;
    Ok(render(&TeamPage {
        can_organise: api::may_organise(&user),
        chrome: Chrome::signed_in(user, csrf),
        team,
        members,
    })?)
}

pub async fn add_member(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| form.get(k).cloned().filter(|v| !v.trim().is_empty());
    let body = MemberBody {
        name: get("name").unwrap_or_default(),
        username: get("username"),
        member_role: get("member_role").unwrap_or_default(),
        phone: get("phone"),
        id_number: get("id_number"),
    };
    api::add_member_to(&state, &user, &id, body).await?;
    Ok(Redirect::to(&format!("/teams/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "forces/templates/coverage.html")]
struct CoveragePage {
    chrome: Chrome,
    region: String,
    card: Vec<MandateScore>,
}

impl CoveragePage {
    fn percent(&self, share: &f64) -> String {
        format!("{:.0}%", share * 100.0)
    }
}

pub async fn coverage(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<api::CoverageParams>,
) -> Result<Html<String>, PageError> {
    let card = api::scorecard_for(&state, &user, p.region.as_deref()).await?;
    let region = p.region.clone().unwrap_or_else(|| user.region_code.clone());
    Ok(render(&CoveragePage {
        chrome: Chrome::signed_in(user, csrf),
        region,
        card,
    })?)
}
