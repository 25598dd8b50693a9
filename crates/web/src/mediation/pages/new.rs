//! The intake form for staff.

use crate::error::{ApiError, PageError};
use crate::extract::{CsrfForm, CsrfToken, PageUser};
use crate::mediation::intake::{
    build_intake, IntakeBody, IntakeCommand, LocationBody, Origin, PartyBody,
};
use crate::mediation::service::{self};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use fengqiao_core::mediation::{Category, Source};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "mediation/templates/new.html")]
struct NewPage {
    chrome: Chrome,
    categories: Vec<(&'static str, &'static str)>,
    sources: Vec<(&'static str, &'static str)>,
    grid_code: String,
    /// The grids the user may record in, by name (community · grid), to pick from.
    grids: Vec<(String, String)>,
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

/// The grids inside the user's scope, named with their community.
fn grids_of(state: &AppState, user: &crate::auth::User) -> Vec<(String, String)> {
    let atlas = state.atlas();
    let Some(root) = atlas.get(&user.region_code) else {
        return Vec::new();
    };
    std::iter::once(root)
        .chain(atlas.descendants(root))
        .filter(|r| r.level == fengqiao_core::region::Level::Grid)
        .map(|g| {
            let community = g
                .parent_code
                .as_deref()
                .and_then(|c| atlas.get(c))
                .map(|c| c.name.as_str())
                .unwrap_or("");
            let name = if g.name.starts_with(community) {
                g.name.clone()
            } else {
                format!("{community} · {}", g.name)
            };
            (g.code.clone(), name)
        })
        .collect()
}

fn new_page(
    chrome: Chrome,
    grids: Vec<(String, String)>,
    error: Option<String>,
    form: HashMap<String, String>,
) -> NewPage {
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
        grids,
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
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    user.staff_scope()?;
    let grids = grids_of(&state, &user);
    Ok(render(&new_page(
        Chrome::signed_in(user, csrf),
        grids,
        None,
        HashMap::new(),
    ))?)
}

pub(crate) fn field(form: &HashMap<String, String>, key: &str) -> Option<String> {
    form.get(key)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

pub(crate) fn number<T: std::str::FromStr>(
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
    let built = match intake_body(&form).and_then(IntakeCommand::try_from) {
        Ok(b) => build_intake(&state, Origin::User(&user), b, key).await,
        Err(e) => Err(e),
    };
    let intake = match built {
        Ok(i) => i,
        Err(e) => {
            let status = e.code.status();
            return Ok((
                status,
                render(&new_page(
                    Chrome::signed_in(user.clone(), csrf),
                    grids_of(&state, &user),
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
