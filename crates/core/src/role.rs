//! Roles of the people who use Fengqiao, and what each may see.

crate::named_enum! {
    /// A user's role. Staff roles are bound to a region and see its subtree.
    pub enum Role ("角色") {
        Resident => ("resident", "居民"),
        GridWorker => ("grid_worker", "网格员"),
        PoliceAssistant => ("police_assistant", "警务助理"),
        /// 社区书记/主任 and other community staff
        CommunityStaff => ("community_staff", "社区工作人员"),
        PoliceOfficer => ("police_officer", "社区民警"),
        StationLeader => ("station_leader", "派出所领导"),
        /// 镇街矛盾纠纷排查化解指挥中心
        TownCommand => ("town_command", "镇街指挥中心"),
        /// 部门工作人员 (司法、信访、城管…)
        DepartmentStaff => ("department_staff", "部门工作人员"),
        /// 区政法委协调员
        DistrictCoordinator => ("district_coordinator", "区政法委协调员"),
        Admin => ("admin", "系统管理员"),
    }
}

impl Role {
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
