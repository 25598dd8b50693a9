//! 四支力量: the four forces, the kinds of team they field, and the district's standing
//! requirements (mandates) that say which teams, people and facilities every region must have.

use crate::region::Level;
use crate::role::Role;
use serde::{Deserialize, Serialize};

/// One of the four forces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Force {
    /// 政治: party organisations.
    Political,
    /// 自治: residents' self-governance.
    SelfGovernance,
    /// 法治: rule of law.
    RuleOfLaw,
    /// 德治: morals and culture.
    Moral,
}

impl Force {
    pub const ALL: [Force; 4] = [
        Force::Political,
        Force::SelfGovernance,
        Force::RuleOfLaw,
        Force::Moral,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Force::Political => "political",
            Force::SelfGovernance => "self_governance",
            Force::RuleOfLaw => "rule_of_law",
            Force::Moral => "moral",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Force::Political => "政治",
            Force::SelfGovernance => "自治",
            Force::RuleOfLaw => "法治",
            Force::Moral => "德治",
        }
    }

    pub fn colour(self) -> &'static str {
        match self {
            Force::Political => "#c5221f",
            Force::SelfGovernance => "#188038",
            Force::RuleOfLaw => "#1a73e8",
            Force::Moral => "#a142f4",
        }
    }
}

macro_rules! kinds {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => ($slug:literal, $label:literal, $force:expr, $level:expr)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The force this kind of team belongs to.
            pub fn force(self) -> Force {
                match self { $($name::$variant => $force),+ }
            }

            /// The level of region such a team is bound to.
            pub fn level(self) -> Level {
                match self { $($name::$variant => $level),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|k| k.as_str() == s)
            }
        }
    };
}

kinds!(
    /// The kinds of team the four forces field, each bound to a level of region.
    TeamKind {
        TownPartyCommittee => ("town_party_committee", "镇(街)党委", Force::Political, Level::Town),
        CommunityPartyBranch => ("community_party_branch", "社区(村)党支部", Force::Political, Level::Community),
        GridPartyOrganisation => ("grid_party_organisation", "网格(小区)党组织", Force::Political, Level::Grid),
        BuildingPartyGroup => ("building_party_group", "楼栋党小组", Force::Political, Level::Building),
        PartyMemberHousehold => ("party_member_household", "党员中心户", Force::Political, Level::Building),
        JointDefenceTeam => ("joint_defence_team", "社区(村)联防联治队", Force::SelfGovernance, Level::Community),
        VolunteerPatrol => ("volunteer_patrol", "义务巡逻队", Force::SelfGovernance, Level::Community),
        CommunityDefence => ("community_defence", "社区联防队", Force::SelfGovernance, Level::Community),
        CompoundGuard => ("compound_guard", "小区护院队", Force::SelfGovernance, Level::Compound),
        LegalAdvisers => ("legal_advisers", "法律顾问", Force::RuleOfLaw, Level::Community),
        RuleOfLawTeam => ("rule_of_law_team", "镇街综合法治队伍", Force::RuleOfLaw, Level::Town),
        DisputeCommandCentre => ("dispute_command_centre", "矛盾纠纷排查化解指挥中心", Force::RuleOfLaw, Level::Town),
        EmergencyRescueTeam => ("emergency_rescue_team", "联合应急救援队", Force::SelfGovernance, Level::Town),
        MoralTeam => ("moral_team", "德治队伍", Force::Moral, Level::Town),
    }
);

/// Facilities some mandates require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilityKind {
    /// 视频监控覆盖
    VideoCoverage,
    /// 心理服务室
    PsychologicalServiceRoom,
}

impl FacilityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FacilityKind::VideoCoverage => "video_coverage",
            FacilityKind::PsychologicalServiceRoom => "psychological_service_room",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FacilityKind::VideoCoverage => "视频监控覆盖",
            FacilityKind::PsychologicalServiceRoom => "心理服务室",
        }
    }

    pub fn parse(s: &str) -> Option<FacilityKind> {
        [
            FacilityKind::VideoCoverage,
            FacilityKind::PsychologicalServiceRoom,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// What a mandate asks of each region at its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Requirement {
    /// At least `min` active staff accounts with this role bound to the region.
    Staff { role: Role, min: u32 },
    /// At least `min` active teams of this kind, each with at least one member.
    Team { kind: TeamKind, min: u32 },
    /// At least `min` facilities of this kind.
    Facility { kind: FacilityKind, min: u32 },
}

/// A standing requirement of the district, checked at every region of one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mandate {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub requirement: Requirement,
}

fn mandate(code: &str, name: &str, level: Level, requirement: Requirement) -> Mandate {
    Mandate {
        code: code.into(),
        name: name.into(),
        level,
        requirement,
    }
}

/// The district's default mandates.
pub fn default_mandates() -> Vec<Mandate> {
    use Requirement::{Facility, Staff, Team};
    vec![
        mandate(
            "community_police_officer",
            "一社区(村)一民警",
            Level::Community,
            Staff {
                role: Role::PoliceOfficer,
                min: 1,
            },
        ),
        mandate(
            "community_auxiliary",
            "一社区(村)一辅警",
            Level::Community,
            Staff {
                role: Role::PoliceAssistant,
                min: 1,
            },
        ),
        mandate(
            "community_legal_adviser",
            "一村(社区)一法律顾问",
            Level::Community,
            Team {
                kind: TeamKind::LegalAdvisers,
                min: 1,
            },
        ),
        mandate(
            "community_joint_defence",
            "社区(村)联防联治队",
            Level::Community,
            Team {
                kind: TeamKind::JointDefenceTeam,
                min: 1,
            },
        ),
        mandate(
            "community_psychological_room",
            "社区(村)心理服务室",
            Level::Community,
            Facility {
                kind: FacilityKind::PsychologicalServiceRoom,
                min: 1,
            },
        ),
        mandate(
            "town_rule_of_law_team",
            "镇街综合法治队伍",
            Level::Town,
            Team {
                kind: TeamKind::RuleOfLawTeam,
                min: 1,
            },
        ),
        mandate(
            "town_command_centre",
            "镇街矛盾纠纷排查化解指挥中心",
            Level::Town,
            Team {
                kind: TeamKind::DisputeCommandCentre,
                min: 1,
            },
        ),
        mandate(
            "town_rescue_team",
            "镇街联合应急救援队",
            Level::Town,
            Team {
                kind: TeamKind::EmergencyRescueTeam,
                min: 1,
            },
        ),
        mandate(
            "town_psychological_room",
            "镇街心理服务室",
            Level::Town,
            Facility {
                kind: FacilityKind::PsychologicalServiceRoom,
                min: 1,
            },
        ),
        mandate(
            "grid_party_organisation",
            "党组织建在网格上",
            Level::Grid,
            Team {
                kind: TeamKind::GridPartyOrganisation,
                min: 1,
            },
        ),
        mandate(
            "compound_video",
            "小区视频监控全覆盖(雪亮工程)",
            Level::Compound,
            Facility {
                kind: FacilityKind::VideoCoverage,
                min: 1,
            },
        ),
        mandate(
            "district_psychological_room",
            "区心理服务室",
            Level::District,
            Facility {
                kind: FacilityKind::PsychologicalServiceRoom,
                min: 1,
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_team_kind_belongs_to_a_force_and_round_trips() {
        for k in TeamKind::ALL {
            assert_eq!(TeamKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(TeamKind::GridPartyOrganisation.force(), Force::Political);
        assert_eq!(TeamKind::RuleOfLawTeam.level(), Level::Town);
        assert!(TeamKind::parse("book_club").is_none());
    }

    #[test]
    fn the_default_mandates_cover_what_the_district_requires() {
        let m = default_mandates();
        let codes: Vec<&str> = m.iter().map(|m| m.code.as_str()).collect();
        for c in [
            "community_police_officer",
            "community_auxiliary",
            "community_legal_adviser",
            "town_command_centre",
            "compound_video",
        ] {
            assert!(codes.contains(&c), "{c}");
        }
        let json = serde_json::to_string(&m).unwrap();
        let back: Vec<Mandate> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
    }
}
