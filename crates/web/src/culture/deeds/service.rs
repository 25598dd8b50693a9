//! Deeds' workflow: report → verify (community staff, grid workers and the culture team for
//! good deeds; police officers for heroism, which the fund pays on) → the people named agree
//! (published) or not (kept off the board, still verified for the fund).

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::culture::{Board, DeedState};
use fengqiao_core::Role;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::culture::deeds::{self as store, DeedRow, NewDeed};
use fengqiao_store::now_ms;
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

#[derive(Debug, Clone, Deserialize)]
pub struct DeedBody {
    pub board: String,
    pub title: String,
    pub story: String,
    /// Who did it, as they should appear on the board.
    pub people: String,
    /// `YYYY-MM-DD`.
    pub occurred_on: String,
    /// Where: a grid's code, or an address naming the compound.
    #[serde(default)]
    pub grid_code: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

/// Anyone reports a deed (signed in or not: `by` is then "public").
pub async fn report(state: &AppState, by: &str, b: DeedBody) -> Result<i64, ApiError> {
    let board: Board = b.board.parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let title = b.title.trim().to_owned();
    if !(4..=60).contains(&title.chars().count()) {
        return Err(unprocessable("标题应为 4 到 60 字"));
    }
    let story = b.story.trim().to_owned();
    if !(20..=3_000).contains(&story.chars().count()) {
        return Err(unprocessable("事迹经过应为 20 到 3000 字"));
    }
    let people = b.people.trim().to_owned();
    if !(2..=100).contains(&people.chars().count()) {
        return Err(unprocessable("请写明做好事的人(2 到 100 字)"));
    }
    let day = fengqiao_core::time::parse_day(b.occurred_on.trim()).ok_or_else(|| unprocessable("日期格式应为 2026-12-01"))?;
    if day > now_ms() {
        return Err(unprocessable("事迹发生日期不能晚于今天"));
    }
    let atlas = state.atlas();
    let (g, a) = (b.grid_code.as_deref().filter(|g| !g.trim().is_empty()), b.address.as_deref().filter(|a| !a.trim().is_empty()));
    if g.is_none() && a.is_none() {
        return Err(unprocessable("请写明发生地(小区名称或网格编号)"));
    }
    let region = crate::org::place::resolve(&atlas, None, g, a)?.grid.clone();
    drop(atlas);
    let occurred_on = fengqiao_core::time::day(day);
    let by = by.to_owned();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let d = NewDeed { board: board.as_str(), title: &title, story: &story, people: &people, occurred_on: &occurred_on, grid_code: &region.code, region_path: &region.path, by: &by, now: now_ms() };
                let id = store::report(c, &d).await?;
                audit::append(c, &Entry { actor: &by, action: "deed.report", record_type: "deed", record_id: &id.to_string(), detail: board.as_str() }).await?;
                Ok(id)
            })
        })
        .await?)
}

/// A deed the caller may act on: staff over its place (404 otherwise, as for one that does
/// not exist).
pub async fn in_scope(state: &AppState, user: &User, id: i64) -> Result<DeedRow, ApiError> {
    let scope = user.staff_scope()?;
    let d = store::get(state.store.pool(), id).await?.filter(|d| scope.contains_path(&d.region_path));
    d.ok_or_else(|| ApiError::not_found("没有这条事迹"))
}

/// Who verifies a deed of this board.
fn may_verify(user: &User, board: Board) -> bool {
    match board {
        Board::Heroic => matches!(user.role, Role::PoliceOfficer | Role::StationLeader),
        Board::Good => matches!(user.role, Role::CommunityStaff | Role::GridWorker | Role::TownCommand | Role::DistrictCoordinator),
    }
}

pub async fn verify(state: &AppState, user: &User, id: i64, verified: bool, note: &str) -> Result<(), ApiError> {
    let d = in_scope(state, user, id).await?;
    let board = Board::parse(&d.board).unwrap_or(Board::Good);
    if !may_verify(user, board) {
        return Err(ApiError::forbidden(match board {
            Board::Heroic => "见义勇为事迹由公安民警核实",
            Board::Good => "善行事迹由社区工作人员或网格员核实",
        }));
    }
    let note = note.trim().chars().take(500).collect::<String>();
    if note.chars().count() < 4 {
        return Err(unprocessable("请写明核实情况(至少 4 字)"));
    }
    let to = if verified { DeedState::Verified } else { DeedState::Rejected };
    step(state, user, id, DeedState::Reported, to, note, "deed.verify").await
}

/// Staff record whether the people named agreed to be on the board.
pub async fn consent(state: &AppState, user: &User, id: i64, agreed: bool, note: &str) -> Result<(), ApiError> {
    in_scope(state, user, id).await?;
    let note = note.trim().chars().take(300).collect::<String>();
    if note.chars().count() < 4 {
        return Err(unprocessable("请写明本人意见的取得方式,如「电话确认,本人同意」"));
    }
    let to = if agreed { DeedState::Published } else { DeedState::Declined };
    step(state, user, id, DeedState::Verified, to, note, "deed.consent").await
}

async fn step(state: &AppState, user: &User, id: i64, from: DeedState, to: DeedState, note: String, action: &'static str) -> Result<(), ApiError> {
    let who = user.username.clone();
    let moved = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let moved = store::step(c, id, from.as_str(), to.as_str(), &who, &note, now_ms()).await?;
                if moved {
                    audit::append(c, &Entry { actor: &who, action, record_type: "deed", record_id: &id.to_string(), detail: to.as_str() }).await?;
                }
                Ok(moved)
            })
        })
        .await?;
    if !moved {
        return Err(ApiError::new(Code::Conflict, format!("这条事迹不在「{}」状态,请刷新后再试", from.label())));
    }
    Ok(())
}
