//! Reading cases: one case with the read audited, and a page of the scoped list.

use crate::error::ApiError;
use crate::mediation::views::{self, CaseDetail, CaseSummary};
use crate::org::Page;
use crate::AppState;
use fengqiao_store::mediation::{self as cases, ListFilter};
use fengqiao_store::now_ms;

/// Loads a case in the caller's scope and records the read of its personal data.
pub async fn read_case(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
) -> Result<CaseDetail, ApiError> {
    let scope = user.staff_scope()?;
    let row = cases::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("案件 {id} 不存在或不在您的管辖范围内")))?;
    state
        .store
        .read_audited(
            &user.username,
            "dispute.read",
            "dispute",
            &id.to_string(),
            "",
        )
        .await?;
    Ok(views::detail(state, user, row).await?)
}

/// A page of the scoped list; one audit entry records who listed how many cases.
pub async fn list_page(
    state: &AppState,
    user: &crate::auth::User,
    f: ListFilter,
) -> Result<Page<CaseSummary>, ApiError> {
    let limit = f.limit;
    let (mut rows, total) = cases::list(
        &state.store,
        &ListFilter {
            limit: limit + 1,
            ..f
        },
    )
    .await?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id.to_string())
    } else {
        None
    };
    let detail = format!("{} 条", rows.len());
    state
        .store
        .read_audited(&user.username, "dispute.list", "dispute", "*", &detail)
        .await?;
    let now = now_ms();
    let mut items: Vec<CaseSummary> = rows.iter().map(|r| views::summary(r, now)).collect();
    views::name_assignees(state, &mut items).await?;
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}
