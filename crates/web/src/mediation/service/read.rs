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
    let (row, parts) = cases::page(state.store.pool(), id, scope.path())
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
    Ok(views::detail(state, user, row, parts).await?)
}

/// A page of the case list and how many match: exactly up to `cases::COUNT_CAP`, beyond it
/// `total` is the cap and `total_capped` says there are more.
#[derive(serde::Serialize)]
pub struct CaseList {
    #[serde(flatten)]
    pub page: Page<CaseSummary>,
    pub total_capped: bool,
}

impl CaseList {
    /// The total as a page shows it: "1,000+" past the cap.
    pub fn total_label(&self) -> String {
        if self.total_capped {
            format!("{}+", fengqiao_core::text::thousands(self.page.total))
        } else {
            self.page.total.to_string()
        }
    }
}

/// A page of the scoped list; one audit entry records who listed how many cases.
pub async fn list_page(
    state: &AppState,
    user: &crate::auth::User,
    f: ListFilter,
) -> Result<CaseList, ApiError> {
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
    Ok(CaseList {
        page: Page {
            items,
            total: total.min(cases::COUNT_CAP),
            next_cursor,
        },
        total_capped: total > cases::COUNT_CAP,
    })
}

/// A party's full phone number, for a call back: the case must be in the caller's scope, and
/// the reveal is audited and shows in the case's access log. Lists keep phones masked.
pub async fn reveal_phone(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
    party: i64,
) -> Result<(String, String), ApiError> {
    let scope = user.staff_scope()?;
    cases::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("案件 {id} 不存在或不在您的管辖范围内")))?;
    let p = cases::parties(state.store.pool(), id)
        .await?
        .into_iter()
        .find(|p| p.id == party)
        .ok_or_else(|| ApiError::not_found("该案件没有这位当事人"))?;
    let phone = p
        .phone
        .ok_or_else(|| ApiError::not_found(format!("{} 没有留电话", p.name)))?;
    state
        .store
        .read_audited(
            &user.username,
            "dispute.phone_reveal",
            "dispute",
            &id.to_string(),
            &p.name,
        )
        .await?;
    Ok((p.name, phone))
}

/// One line of a case's access log.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccessLine {
    pub at_local: String,
    pub who: String,
    pub what: String,
}

/// Who opened, printed or called from this case lately, newest first.
pub async fn access_log(state: &AppState, id: i64) -> Result<Vec<AccessLine>, ApiError> {
    let entries =
        fengqiao_store::audit::for_record(&state.store, "dispute", &id.to_string(), 20)
            .await?;
    let names = crate::people::names(state, entries.iter().map(|e| e.actor.as_str())).await?;
    Ok(entries
        .into_iter()
        .map(|e| AccessLine {
            at_local: fengqiao_core::time::minute(e.at),
            who: names.of(&e.actor),
            what: match e.action.as_str() {
                "dispute.read" => "查看案件".to_owned(),
                "dispute.photo_read" => format!("查看{}", e.detail),
                "dispute.phone_reveal" => format!("查看{}的完整电话", e.detail),
                "dispute.linked_report" => "居民再次反映".to_owned(),
                _ => "办理".to_owned(),
            },
        })
        .collect())
}
