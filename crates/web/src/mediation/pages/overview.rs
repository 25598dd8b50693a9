//! The coordinator's overview: the last twelve months of cases in pictures — by month and
//! level, by category, the settlement rate and the overdue count — and the grids with the
//! most open trouble. Drawn on the server, readable on a phone.

use crate::error::PageError;
use crate::extract::{CsrfToken, PageUser};
use crate::mediation::charts;
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::Extension;
use fengqiao_core::mediation::{level_label, Category};
use fengqiao_store::mediation as cases;
use fengqiao_store::now_ms;

const LEVEL_COLOURS: [&str; 4] = ["#1e88e5", "#43a047", "#fb8c00", "#c62828"];

#[derive(Template)]
#[template(path = "mediation/templates/overview.html")]
struct OverviewPage {
    chrome: Chrome,
    region_name: String,
    total: i64,
    settled_rate: String,
    overdue: i64,
    by_month: String,
    by_category: String,
    settled_line: String,
    overdue_bars: String,
    /// (grid code, name, high-risk open, overdue, open)
    worst: Vec<(String, String, i64, i64, i64)>,
}

pub async fn overview(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, PageError> {
    let scope = user.staff_scope()?;
    let now = now_ms();
    let mut labels = Vec::new();
    let mut by_level: Vec<(&str, &str, Vec<i64>)> = (1..=4u8)
        .map(|l| (level_label(l), LEVEL_COLOURS[usize::from(l - 1)], Vec::new()))
        .collect();
    let mut settled = Vec::new();
    let mut overdue = Vec::new();
    let mut categories: Vec<(String, i64)> = Vec::new();
    let (mut total, mut settled_all, mut overdue_all) = (0, 0, 0);
    for back in (0..12).rev() {
        let (Some((from, label)), Some((to, _))) = (
            fengqiao_core::time::month(now, -back),
            fengqiao_core::time::month(now, 1 - back),
        ) else {
            continue;
        };
        let p = cases::period(state.store.pool(), scope.path(), from, to, now).await?;
        labels.push(format!("{}月", label[5..].trim_start_matches('0')));
        for (i, series) in by_level.iter_mut().enumerate() {
            series.2.push(p.by_level[i]);
        }
        settled.push((p.total > 0).then(|| 100.0 * p.settled as f64 / p.total as f64));
        overdue.push(p.overdue);
        for (c, n) in p.by_category {
            match categories.iter_mut().find(|(k, _)| *k == c) {
                Some((_, m)) => *m += n,
                None => categories.push((c, n)),
            }
        }
        total += p.total;
        settled_all += p.settled;
        overdue_all += p.overdue;
    }
    categories.sort_by_key(|c| std::cmp::Reverse(c.1));
    let named: Vec<(String, i64)> = categories
        .into_iter()
        .take(8)
        .map(|(c, n)| (c.parse::<Category>().map_or("其他", Category::label).to_owned(), n))
        .collect();
    let atlas = state.atlas();
    let worst = cases::worst_grids(state.store.pool(), scope.path(), now, 10)
        .await?
        .into_iter()
        .map(|g| {
            let name = atlas
                .get(&g.grid_code)
                .map_or_else(|| g.grid_code.clone(), |r| r.name.clone());
            (g.grid_code, name, g.high_risk, g.overdue, g.open)
        })
        .collect();
    let page = OverviewPage {
        region_name: atlas
            .get(scope.root().as_str())
            .map(|r| r.name.clone())
            .unwrap_or_default(),
        total,
        settled_rate: if total > 0 {
            format!("{:.0}%", 100.0 * settled_all as f64 / total as f64)
        } else {
            "—".into()
        },
        overdue: overdue_all,
        by_month: charts::stacked_bars("近 12 个月各月受理的纠纷,按层级", &labels, &by_level),
        by_category: charts::bars_by_name("近 12 个月纠纷类别", &named),
        settled_line: charts::percent_line("各月受理纠纷的化解率", &labels, &settled),
        overdue_bars: charts::stacked_bars(
            "各月受理、至今超期未化解的纠纷",
            &labels,
            &[("超期", "#ef6c00", overdue)],
        ),
        worst,
        chrome: Chrome::signed_in(user, csrf),
    };
    Ok(render(&page)?)
}
