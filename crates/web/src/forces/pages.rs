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
    /// Teams matching the filters, over every page.
    total: usize,
    kind: String,
    q: String,
    page: usize,
    pages: usize,
    /// Regions to pick from (filter and new team): code, name with its level, indented.
    regions: Vec<(String, String)>,
    /// Place names by code, for the list.
    places: std::collections::HashMap<String, String>,
}

impl TeamsPage {
    fn place(&self, code: &str) -> String {
        self.places.get(code).cloned().unwrap_or_default()
    }

    /// The link to another page with the same filters.
    fn page_link(&self, page: usize) -> String {
        format!(
            "/teams?region={}&kind={}&q={}&page={page}",
            self.region,
            self.kind,
            form_urlencoded::byte_serialize(self.q.as_bytes()).collect::<String>()
        )
    }
}

const TEAMS_PER_PAGE: usize = 30;

pub async fn teams(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<api::TeamParams>,
) -> Result<Html<String>, PageError> {
    let (path, _) = api::region_path(&state, &user, p.region.as_deref()).await?;
    let kind = p.kind.clone().filter(|k| !k.is_empty());
    let q = p.q.clone().unwrap_or_default().trim().to_owned();
    let all: Vec<TeamView> = store::teams(state.store.pool(), &path, kind.as_deref())
        .await?
        .into_iter()
        .filter(|t| q.is_empty() || t.name.contains(&q))
        .map(api::view)
        .collect();
    let total = all.len();
    let pages = total.div_ceil(TEAMS_PER_PAGE).max(1);
    let page = p.page.unwrap_or(1).clamp(1, pages);
    let teams: Vec<TeamView> = all
        .into_iter()
        .skip((page - 1) * TEAMS_PER_PAGE)
        .take(TEAMS_PER_PAGE)
        .collect();
    let atlas = state.atlas();
    let places = teams
        .iter()
        .filter_map(|t| atlas.get(&t.region_code).map(|r| (t.region_code.clone(), r.name.clone())))
        .collect();
    let scope = user.staff_scope()?;
    let regions = atlas
        .get(scope.root().as_str())
        .into_iter()
        .chain(atlas.get(scope.root().as_str()).into_iter().flat_map(|root| atlas.descendants(root)))
        .filter(|r| r.level.has_area())
        .map(|r| {
            let depth = r.path.matches('/').count().saturating_sub(2);
            (
                r.code.clone(),
                format!("{}{}({})", "\u{3000}".repeat(depth.min(4)), r.name, r.level.label()),
            )
        })
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
        total,
        kind: kind.unwrap_or_default(),
        q,
        page,
        pages,
        regions,
        places,
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
    card: std::sync::Arc<Vec<MandateScore>>,
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
