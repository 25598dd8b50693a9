//! Roles of the people who use Fengqiao, and what each may see.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A user's role. Staff roles are bound to a region and see its subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 居民
    Resident,
    /// 网格员
    GridWorker,
    /// 警务助理
    PoliceAssistant,
    /// 社区书记/主任 and other community staff
    CommunityStaff,
    /// 社区民警
    PoliceOfficer,
    /// 派出所领导
    StationLeader,
    /// 镇街矛盾纠纷排查化解指挥中心
    TownCommand,
    /// 部门工作人员 (司法、信访、城管…)
    DepartmentStaff,
    /// 区政法委协调员
    DistrictCoordinator,
    /// 系统管理员
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知角色「{0}」")]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Resident,
        Role::GridWorker,
        Role::PoliceAssistant,
        Role::CommunityStaff,
        Role::PoliceOfficer,
        Role::StationLeader,
        Role::TownCommand,
        Role::DepartmentStaff,
        Role::DistrictCoordinator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::GridWorker => "grid_worker",
            Role::PoliceAssistant => "police_assistant",
            Role::CommunityStaff => "community_staff",
            Role::PoliceOfficer => "police_officer",
            Role::StationLeader => "station_leader",
            Role::TownCommand => "town_command",
            Role::DepartmentStaff => "department_staff",
            Role::DistrictCoordinator => "district_coordinator",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Resident => "居民",
            Role::GridWorker => "网格员",
            Role::PoliceAssistant => "警务助理",
            Role::CommunityStaff => "社区工作人员",
            Role::PoliceOfficer => "社区民警",
            Role::StationLeader => "派出所领导",
            Role::TownCommand => "镇街指挥中心",
            Role::DepartmentStaff => "部门工作人员",
            Role::DistrictCoordinator => "区政法委协调员",
            Role::Admin => "系统管理员",
        }
    }

    /// Staff work over a region's subtree; residents only see their own records.
    pub fn is_staff(self) -> bool {
        self != Role::Resident
    }

    /// Who runs the district's platform: issues interface keys, registers webhooks.
    pub fn manages_district(self) -> bool {
        matches!(self, Role::DistrictCoordinator | Role::Admin)
    }

    /// Who may see the account directory of their scope.
    pub fn may_list_accounts(self) -> bool {
        matches!(self, Role::DistrictCoordinator | Role::Admin)
    }
}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("mayor".parse::<Role>().is_err());
    }

    #[test]
    fn only_coordinator_and_admin_list_accounts() {
        let allowed: Vec<_> = Role::ALL
            .into_iter()
            .filter(|r| r.may_list_accounts())
            .collect();
        assert_eq!(allowed, vec![Role::DistrictCoordinator, Role::Admin]);
    }
}
