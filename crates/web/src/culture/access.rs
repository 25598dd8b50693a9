//! Who does what in cultural guidance: the district's coordinators run campaigns and the
//! archive; the moral (culture) teams review nominations and publish deeds and rules beside
//! community staff; the fund's officers keep the books; the rule-of-law teams give sessions.

use crate::error::ApiError;
use crate::session::User;
use crate::AppState;
use fengqiao_core::Role;

/// The department the heroism fund's officers belong to.
pub const FUND_DEPARTMENT: &str = "区见义勇为基金会";

pub fn is_coordinator(user: &User) -> bool {
    matches!(user.role, Role::DistrictCoordinator | Role::Admin)
}

/// A member of a moral (culture) team, or a coordinator.
pub async fn is_culture_team(state: &AppState, user: &User) -> Result<bool, ApiError> {
    Ok(is_coordinator(user) || fengqiao_store::forces::is_member_of_kinds(state.store.pool(), &user.username, &["moral_team"]).await?)
}

/// A member of a rule-of-law team (the town's team or a community's legal advisers).
pub async fn is_rule_of_law(state: &AppState, username: &str) -> Result<bool, ApiError> {
    Ok(fengqiao_store::forces::is_member_of_kinds(state.store.pool(), username, &["rule_of_law_team", "legal_advisers"]).await?)
}

/// The fund's officers: its department's staff and the coordinators.
pub fn is_fund_officer(user: &User) -> bool {
    user.role == Role::DistrictCoordinator || (user.role == Role::DepartmentStaff && user.department.as_deref() == Some(FUND_DEPARTMENT))
}
