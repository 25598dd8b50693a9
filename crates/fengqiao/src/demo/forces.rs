//! The demo's four forces: every town's party committee, rule-of-law team, dispute command
//! centre, rescue and moral teams; every community's party branch, joint defence team and legal
//! adviser; party organisations on the grids; video coverage in the compounds — with a few
//! realistic gaps so the scorecard and the coverage map have something to show.

use super::people;
use fengqiao_core::forces::{FacilityKind, TeamKind};
use fengqiao_core::geo::Atlas;
use fengqiao_core::Level;
use fengqiao_store::forces::{self as store, NewMember};
use fengqiao_store::{Conn, Store, StoreError};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

struct Plan {
    teams: Vec<(String, TeamKind, String, Vec<NewMember>)>,
    facilities: Vec<(FacilityKind, String, String)>,
}

fn members(rng: &mut ChaCha8Rng, roles: &[&str]) -> Vec<NewMember> {
    roles
        .iter()
        .enumerate()
        .map(|(i, role)| NewMember {
            name: people::person(rng),
            username: None,
            member_role: (*role).to_owned(),
            phone: Some(format!("1700004{:04}", rng.gen_range(0..10_000) + i)),
            id_number: None,
        })
        .collect()
}

fn plan(atlas: &Atlas) -> Plan {
    let mut rng = ChaCha8Rng::seed_from_u64(0x6103_0203);
    let mut teams = Vec::new();
    let mut facilities = Vec::new();
    let mut team =
        |rng: &mut ChaCha8Rng, name: String, kind: TeamKind, region: &str, roles: &[&str]| {
            let m = members(rng, roles);
            teams.push((name, kind, region.to_owned(), m));
        };
    for r in atlas.regions() {
        match r.level {
            Level::District => facilities.push((
                FacilityKind::PsychologicalServiceRoom,
                "渭滨区社会心理服务中心".into(),
                r.code.clone(),
            )),
            Level::Town => {
                let n = &r.name;
                team(
                    &mut rng,
                    format!("{n}党委"),
                    TeamKind::TownPartyCommittee,
                    &r.code,
                    &["书记", "副书记", "组织委员"],
                );
                team(
                    &mut rng,
                    format!("{n}综合法治队伍"),
                    TeamKind::RuleOfLawTeam,
                    &r.code,
                    &["公安", "检察", "司法", "城市管理", "市场监管", "生态环境"],
                );
                team(
                    &mut rng,
                    format!("{n}矛盾纠纷排查化解指挥中心"),
                    TeamKind::DisputeCommandCentre,
                    &r.code,
                    &["主任", "值班调度", "法律顾问"],
                );
                if !r.name.starts_with("八鱼") {
                    team(
                        &mut rng,
                        format!("{n}联合应急救援队"),
                        TeamKind::EmergencyRescueTeam,
                        &r.code,
                        &["队长", "公安", "民政", "卫生", "司法"],
                    );
                }
                team(
                    &mut rng,
                    format!("{n}德治队伍"),
                    TeamKind::MoralTeam,
                    &r.code,
                    &["宣传", "文化", "教育", "民政"],
                );
                if !r.name.starts_with("神农") {
                    facilities.push((
                        FacilityKind::PsychologicalServiceRoom,
                        format!("{n}心理服务室"),
                        r.code.clone(),
                    ));
                }
            }
            Level::Community => {
                let n = &r.name;
                team(
                    &mut rng,
                    format!("{n}党支部"),
                    TeamKind::CommunityPartyBranch,
                    &r.code,
                    &["书记", "委员", "委员"],
                );
                team(
                    &mut rng,
                    format!("{n}联防联治队"),
                    TeamKind::JointDefenceTeam,
                    &r.code,
                    &["居委会", "网格员", "业委会", "治安辅助员"],
                );
                if rng.gen_bool(0.95) {
                    team(
                        &mut rng,
                        format!("{n}法律顾问"),
                        TeamKind::LegalAdvisers,
                        &r.code,
                        &["律师"],
                    );
                }
                if n.ends_with("社区") {
                    team(
                        &mut rng,
                        format!("{n}义务巡逻队"),
                        TeamKind::VolunteerPatrol,
                        &r.code,
                        &["队长", "队员", "队员", "队员"],
                    );
                }
                if rng.gen_bool(0.9) {
                    facilities.push((
                        FacilityKind::PsychologicalServiceRoom,
                        format!("{n}心理服务室"),
                        r.code.clone(),
                    ));
                }
            }
            Level::Grid if rng.gen_bool(0.97) => {
                team(
                    &mut rng,
                    format!("{}党小组", r.name),
                    TeamKind::GridPartyOrganisation,
                    &r.code,
                    &["组长", "党员"],
                );
            }
            Level::Compound => {
                // Cameras are in the prevention area's registry; the draw is kept so the rest
                // of the demo stays as it was.
                let _ = rng.gen_bool(0.97);
                if rng.gen_bool(0.3) {
                    team(
                        &mut rng,
                        format!("{}护院队", r.name),
                        TeamKind::CompoundGuard,
                        &r.code,
                        &["队长", "队员", "队员"],
                    );
                }
            }
            _ => {}
        }
    }
    Plan { teams, facilities }
}

async fn write(c: &mut Conn, plan: Plan) -> Result<(), StoreError> {
    for (name, kind, region, members) in &plan.teams {
        let id = store::add_team(
            c,
            name,
            kind.as_str(),
            kind.force().as_str(),
            region,
            "demo",
        )
        .await?;
        for m in members {
            store::add_member(c, id, m, "demo").await?;
        }
    }
    for (kind, name, region) in &plan.facilities {
        store::add_facility(c, kind.as_str(), name, region, "demo").await?;
    }
    Ok(())
}

/// Writes the demo's teams and facilities in one transaction.
pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    let plan = plan(atlas);
    store
        .write(move |c| Box::pin(async move { write(c, plan).await }))
        .await?;
    Ok(())
}
