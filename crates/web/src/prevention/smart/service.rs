//! Checklists recorded per compound (one write job each), the standard the coordinator sets
//! (a versioned document), and the progress of a region against the year's target.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_core::prevention::smart::{Standard, Subsystem};
use fengqiao_core::region::Level;
use fengqiao_store::now_ms;
use fengqiao_store::prevention::smart::{self as store, Check, ItemRow, STANDARD};
use serde::{Deserialize, Serialize};

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// The standard in force and its version (0: the default, never edited).
pub async fn standard(state: &AppState) -> Result<(i64, Standard), ApiError> {
    match fengqiao_store::versioned::in_force(&state.store, STANDARD).await? {
        Some((v, body)) => Ok((v, serde_json::from_str(&body).map_err(ApiError::internal)?)),
        None => Ok((0, Standard::default())),
    }
}

/// Saves a new version of the standard; the district's coordinators only.
pub async fn save_standard(state: &AppState, user: &User, s: Standard) -> Result<i64, ApiError> {
    if !user.role.manages_district() {
        return Err(ApiError::forbidden("只有区级协调员可以修改智慧安防小区标准"));
    }
    s.check().map_err(|e| unprocessable(e.to_string()))?;
    let body = serde_json::to_string(&s).map_err(ApiError::internal)?;
    Ok(fengqiao_store::versioned::save(&state.store, STANDARD, body, &user.username).await?)
}

/// A compound in the caller's scope.
pub fn compound_in_scope(state: &AppState, user: &User, code: &str) -> Result<AtlasRegion, ApiError> {
    let scope = user.staff_scope()?;
    state
        .atlas()
        .get(code.trim())
        .filter(|r| r.level == Level::Compound && scope.contains_path(&r.path))
        .cloned()
        .ok_or_else(|| ApiError::not_found("没有这个小区,或不在您的管辖范围内"))
}

/// One subsystem's line as shown.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub subsystem: &'static str,
    pub label: &'static str,
    pub present: bool,
    pub evidence: String,
    /// The Beijing day it was checked, if ever.
    pub checked_on: Option<String>,
    pub checked_by: Option<String>,
}

/// A compound's checklist and the level it reaches.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub compound_code: String,
    pub compound_name: String,
    pub items: Vec<Item>,
    pub level: Option<String>,
    /// What the next level still needs, by name.
    pub missing: Vec<&'static str>,
    pub next_level: Option<String>,
}

fn present(rows: &[&ItemRow]) -> Vec<Subsystem> {
    rows.iter()
        .filter(|r| r.present == 1)
        .filter_map(|r| Subsystem::parse(&r.subsystem))
        .collect()
}

fn checklist_of(compound: &AtlasRegion, rows: &[ItemRow], s: &Standard) -> Checklist {
    let mine: Vec<&ItemRow> = rows.iter().filter(|r| r.compound_code == compound.code).collect();
    let have = present(&mine);
    let (reached, missing) = s.reached(&have);
    let next = s
        .grades
        .iter()
        .find(|g| !g.needs.iter().all(|n| have.contains(n)))
        .map(|g| g.name.clone());
    Checklist {
        compound_code: compound.code.clone(),
        compound_name: compound.name.clone(),
        items: Subsystem::ALL
            .iter()
            .map(|sub| {
                let row = mine.iter().find(|r| r.subsystem == sub.as_str());
                Item {
                    subsystem: sub.as_str(),
                    label: sub.label(),
                    present: row.is_some_and(|r| r.present == 1),
                    evidence: row.map(|r| r.evidence.clone()).unwrap_or_default(),
                    checked_on: row.map(|r| fengqiao_core::time::day(r.checked_at)),
                    checked_by: row.map(|r| r.checked_by.clone()),
                }
            })
            .collect(),
        level: reached.map(|g| g.name.clone()),
        missing: missing.iter().map(|m| m.label()).collect(),
        next_level: next,
    }
}

pub async fn checklist(state: &AppState, compound: &AtlasRegion) -> Result<Checklist, ApiError> {
    let rows = store::checklist(state.store.pool(), &compound.code).await?;
    let (_, s) = standard(state).await?;
    Ok(checklist_of(compound, &rows, &s))
}

/// One subsystem checked, as forms and programs give it.
#[derive(Debug, Clone, Deserialize)]
pub struct CheckIn {
    pub subsystem: Subsystem,
    pub present: bool,
    #[serde(default)]
    pub evidence: String,
    /// `YYYY-MM-DD`; today when not given.
    pub checked_on: Option<String>,
}

/// Records checks of a compound in the caller's scope: a present subsystem needs its evidence.
pub async fn record(
    state: &AppState,
    user: &User,
    compound: &AtlasRegion,
    checks: Vec<CheckIn>,
) -> Result<Checklist, ApiError> {
    if checks.is_empty() || checks.len() > Subsystem::ALL.len() {
        return Err(unprocessable("请逐项填写八个子系统的检查结果"));
    }
    let now = now_ms();
    let mut out = Vec::new();
    for c in checks {
        let evidence = c.evidence.trim().to_owned();
        if c.present && evidence.is_empty() {
            return Err(unprocessable(format!("「{}」已建成,请写明依据(验收单、照片编号等)", c.subsystem.label())));
        }
        if evidence.chars().count() > 500 {
            return Err(unprocessable("依据不超过 500 字"));
        }
        let checked_at = match c.checked_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => crate::extract::day(d)?,
            None => fengqiao_core::time::start_of_day(now),
        };
        if checked_at > now {
            return Err(unprocessable("检查日期不能晚于今天"));
        }
        if out.iter().any(|o: &Check| o.subsystem == c.subsystem.as_str()) {
            return Err(unprocessable(format!("「{}」填写了两次", c.subsystem.label())));
        }
        out.push(Check {
            subsystem: c.subsystem.as_str(),
            present: c.present,
            evidence,
            checked_at,
        });
    }
    let (actor, code, path) = (user.username.clone(), compound.code.clone(), compound.path.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                store::record(c, (&code, &path), &out, &actor).await?;
                let detail: Vec<String> = out
                    .iter()
                    .map(|o| format!("{}={}", o.subsystem, u8::from(o.present)))
                    .collect();
                fengqiao_store::audit::append(
                    c,
                    &fengqiao_store::audit::Entry {
                        actor: &actor,
                        action: "prevention.smart_check",
                        record_type: "compound",
                        record_id: &code,
                        detail: &detail.join(" "),
                    },
                )
                .await
            })
        })
        .await?;
    checklist(state, compound).await
}

/// A compound's line in the progress table.
#[derive(Debug, Clone, Serialize)]
pub struct CompoundLevel {
    pub code: String,
    pub name: String,
    pub level: Option<String>,
    pub present: usize,
    /// The day the lowest level was complete (its last subsystem checked), if it is.
    pub reached_on: Option<String>,
}

/// A region's progress against the year's target.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub year: i32,
    pub target: u32,
    pub lowest: String,
    /// Compounds that completed the lowest level in the standard's year.
    pub reached_this_year: usize,
    /// Compounds at the lowest level or above, whenever reached.
    pub reached: usize,
    pub compounds: Vec<CompoundLevel>,
}

pub async fn progress(state: &AppState, region: &AtlasRegion) -> Result<Progress, ApiError> {
    let (_, s) = standard(state).await?;
    let rows = store::under(state.store.pool(), &region.path).await?;
    let atlas = state.atlas();
    let lowest = s.grades.first().map(|g| g.name.clone()).unwrap_or_default();
    let mut compounds: Vec<CompoundLevel> = std::iter::once(region)
        .chain(atlas.descendants(region))
        .filter(|r| r.level == Level::Compound)
        .map(|c| {
            let mine: Vec<&ItemRow> = rows.iter().filter(|r| r.compound_code == c.code).collect();
            let have = present(&mine);
            let level = s.reached(&have).0.map(|g| g.name.clone());
            let reached_at = level.as_ref().and_then(|_| {
                let needs = &s.grades.first()?.needs;
                mine.iter()
                    .filter(|r| needs.iter().any(|n| n.as_str() == r.subsystem))
                    .map(|r| r.checked_at)
                    .max()
            });
            CompoundLevel {
                code: c.code.clone(),
                name: c.name.clone(),
                present: have.len(),
                level,
                reached_on: reached_at.map(fengqiao_core::time::day),
            }
        })
        .collect();
    compounds.sort_by(|a, b| b.present.cmp(&a.present).then_with(|| a.code.cmp(&b.code)));
    let reached_this_year = compounds
        .iter()
        .filter(|c| c.reached_on.as_deref().and_then(|d| d.get(..4)?.parse::<i32>().ok()) == Some(s.year))
        .count();
    Ok(Progress {
        reached: compounds.iter().filter(|c| c.level.is_some()).count(),
        reached_this_year,
        year: s.year,
        target: s.target,
        lowest,
        compounds,
    })
}
