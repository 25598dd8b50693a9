//! The assessment page: the ranked table of a level for a period, the .xlsx download, and the
//! weights form for the coordinator.

use super::{level_of, period, store_weights, table_of, Params, Table};
use crate::error::PageError;
use crate::extract::{ApiQuery, CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use std::collections::{BTreeMap, HashMap};

#[derive(Template)]
#[template(path = "assessment/templates/assessment.html")]
struct AssessmentPage {
    chrome: Chrome,
    t: Table,
    level: String,
    from: String,
    to: String,
    editable: bool,
}

impl AssessmentPage {
    fn cell(&self, row: &super::Row, indicator: &super::Indicator) -> String {
        match row.values.get(indicator.code).copied().flatten() {
            Some(v) if indicator.percent => format!("{v:.1}"),
            Some(v) => format!("{v:.0}"),
            None => "—".into(),
        }
    }

    fn weight(&self, code: &str) -> String {
        self.t
            .weights
            .get(code)
            .map_or_else(|| "0".into(), |w| format!("{w}"))
    }
}

pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Html<String>, PageError> {
    let level = level_of(&p)?;
    let (within, from, to) = period(&user, &p)?;
    let t = table_of(&state, level, &within, from, to).await?;
    let day = |ms: i64| fengqiao_core::time::day(ms);
    Ok(render(&AssessmentPage {
        editable: user.role.may_list_accounts(),
        chrome: Chrome::signed_in(user, csrf),
        level: level.map_or("team", |l| l.as_str()).into(),
        from: day(from),
        to: day(to - 1),
        t,
    })?)
}

pub async fn save_weights(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let mut w = BTreeMap::new();
    for i in super::indicators(&state) {
        let raw = form
            .get(i.code)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .unwrap_or("0");
        let v: f64 = raw.parse().map_err(|_| {
            crate::error::ApiError::bad_request(format!("{}的权重应为数字", i.name))
        })?;
        w.insert(i.code.to_owned(), v);
    }
    store_weights(&state, &user, w).await?;
    Ok(Redirect::to("/assessment").into_response())
}
