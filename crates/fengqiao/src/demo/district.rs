//! The made-up Weibin district: five streets and five towns, their communities, grids, 244
//! compounds and buildings laid out on a lattice, and the accounts that work them, all from a
//! fixed seed. `Spec` scales it up for the benchmarks' neighbouring districts.

use super::layout::{Lattice, COMMUNITIES_X, COMMUNITIES_Y, GRIDS_X, GRIDS_Y};
use fengqiao_core::geo::Shape;
use fengqiao_core::{Level, RegionCode, Role};
use fengqiao_store::regions::NewRegion;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

const SEED: u64 = 0x6103_0200;
pub const DISTRICT_CODE: &str = "610302";
pub const COMPOUNDS: usize = 244;
const STREETS: [&str; 5] = [
    "经二路街道",
    "清姜路街道",
    "姜谭路街道",
    "桥南街道",
    "金陵街道",
];
const TOWNS: [&str; 5] = ["马营镇", "石鼓镇", "神农镇", "高家镇", "八鱼镇"];
const DEPARTMENTS: [&str; 6] = [
    "区司法局",
    "区信访局",
    "区城管局",
    "区市场监管局",
    "区生态环境局",
    "区民政局",
];

/// A demo region with its validated shape.
pub struct DemoRegion {
    pub region: NewRegion,
    pub shape: Option<Shape>,
}

/// A demo account; every demo account shares the demo password.
pub struct DemoAccount {
    pub username: String,
    pub name: String,
    pub role: Role,
    pub region_code: String,
    pub department: Option<String>,
    pub phone: String,
}

/// The whole generated district.
pub struct DemoDistrict {
    pub regions: Vec<DemoRegion>,
    pub accounts: Vec<DemoAccount>,
}

fn code(s: String) -> anyhow::Result<RegionCode> {
    Ok(s.parse()?)
}

struct Builder {
    rng: ChaCha8Rng,
    district: DemoDistrict,
    phone_seq: u32,
}

impl Builder {
    fn region(
        &mut self,
        code: &RegionCode,
        name: String,
        level: Level,
        parent: Option<&RegionCode>,
        geometry: Option<serde_json::Value>,
    ) -> anyhow::Result<()> {
        let shape = geometry.as_ref().map(Shape::from_geojson).transpose()?;
        self.district.regions.push(DemoRegion {
            region: NewRegion {
                code: code.clone(),
                name,
                level,
                parent_code: parent.cloned(),
                geometry: geometry.map(|g| g.to_string()),
            },
            shape,
        });
        Ok(())
    }

    fn account(
        &mut self,
        username: String,
        role: Role,
        region: &RegionCode,
        department: Option<String>,
    ) {
        self.phone_seq += 1;
        let name = super::people::person(&mut self.rng);
        self.district.accounts.push(DemoAccount {
            username,
            name,
            role,
            region_code: region.to_string(),
            department,
            phone: format!("1700000{:04}", self.phone_seq),
        });
    }
}

/// Which district to generate: Weibin itself, or one of the neighbours that `bench-data` adds
/// at city and province scale — the same layout under another code, further east, with its
/// usernames prefixed so they do not collide.
#[derive(Debug, Clone)]
pub struct Spec {
    pub code: String,
    pub name: String,
    pub prefix: String,
    /// Degrees the district is moved east and south by.
    pub shift: (f64, f64),
    seed: u64,
}

impl Spec {
    pub fn weibin() -> Spec {
        Spec {
            code: DISTRICT_CODE.into(),
            name: "渭滨区".into(),
            prefix: String::new(),
            shift: (0.0, 0.0),
            seed: SEED,
        }
    }

    /// The `k`-th neighbour (1, 2, …): code 610302 + k, usernames `d{k}-…`, placed in rows of
    /// ten districts east and south of Weibin.
    pub fn neighbour(k: usize) -> Spec {
        Spec {
            code: (610_302 + k).to_string(),
            name: format!("第{k}邻区"),
            prefix: format!("d{k}-"),
            shift: (0.6 * (k % 10) as f64, 0.3 * (k / 10) as f64),
            seed: SEED + k as u64,
        }
    }
}

/// Generates the Weibin district. Pure and deterministic.
pub fn district() -> anyhow::Result<DemoDistrict> {
    district_for(&Spec::weibin())
}

/// Generates a district after `spec`. Pure and deterministic.
pub fn district_for(spec: &Spec) -> anyhow::Result<DemoDistrict> {
    let mut b = Builder {
        rng: ChaCha8Rng::seed_from_u64(spec.seed),
        district: DemoDistrict {
            regions: Vec::new(),
            accounts: Vec::new(),
        },
        phone_seq: 0,
    };
    let district: RegionCode = spec.code.parse()?;
    let p = &spec.prefix;
    b.region(&district, spec.name.clone(), Level::District, None, None)?;
    b.account(
        format!("{p}coordinator"),
        Role::DistrictCoordinator,
        &district,
        Some("区委政法委".into()),
    );
    b.account(format!("{p}admin"), Role::Admin, &district, None);
    for (i, dept) in DEPARTMENTS.iter().enumerate() {
        b.account(
            format!("{p}dept{:02}", i + 1),
            Role::DepartmentStaff,
            &district,
            Some((*dept).into()),
        );
    }
    let (mut community_no, mut grid_no, mut compound_no, mut resident_no) = (0, 0, 0, 0);
    for (t, (w, s, e, n)) in super::layout::town_rects().into_iter().enumerate() {
        let (east, south) = spec.shift;
        let rect = (w + east, s - south, e + east, n - south);
        let urban = t < 5;
        let district_code = &spec.code;
        let (town_code, town_name) = if urban {
            (code(format!("{district_code}{:03}", t + 1))?, STREETS[t])
        } else {
            (
                code(format!("{district_code}{:03}", 100 + t - 5))?,
                TOWNS[t - 5],
            )
        };
        let lattice = Lattice::new(rect, &mut b.rng);
        let ring = json!({"type": "Polygon", "coordinates": [lattice.whole()]});
        b.region(
            &town_code,
            town_name.into(),
            Level::Town,
            Some(&district),
            Some(ring),
        )?;
        let short = town_name.trim_end_matches("街道").trim_end_matches('镇');
        let station = format!("{short}派出所");
        b.account(
            format!("{p}town{:02}", t + 1),
            Role::TownCommand,
            &town_code,
            Some(format!("{town_name}矛盾纠纷排查化解指挥中心")),
        );
        b.account(
            format!("{p}station{:02}", t + 1),
            Role::StationLeader,
            &town_code,
            Some(station.clone()),
        );
        for cy in 0..COMMUNITIES_Y {
            for cx in 0..COMMUNITIES_X {
                let c = cy * COMMUNITIES_X + cx;
                let community_code = code(format!("{town_code}{:03}", c + 1))?;
                let stems = if urban {
                    super::people::COMMUNITY_STEMS
                } else {
                    super::people::VILLAGE_STEMS
                };
                let community_name = format!(
                    "{}{}",
                    stems[community_no % stems.len()],
                    if urban { "社区" } else { "村" }
                );
                community_no += 1;
                let cells = (
                    (cx * GRIDS_X, cx * GRIDS_X + GRIDS_X),
                    (cy * GRIDS_Y, cy * GRIDS_Y + GRIDS_Y),
                );
                let ring =
                    json!({"type": "Polygon", "coordinates": [lattice.ring(cells.0, cells.1)]});
                b.region(
                    &community_code,
                    community_name.clone(),
                    Level::Community,
                    Some(&town_code),
                    Some(ring),
                )?;
                b.account(
                    format!("{p}cs{community_no:03}"),
                    Role::CommunityStaff,
                    &community_code,
                    None,
                );
                b.account(
                    format!("{p}po{community_no:03}"),
                    Role::PoliceOfficer,
                    &community_code,
                    Some(station.clone()),
                );
                b.account(
                    format!("{p}pa{community_no:03}"),
                    Role::PoliceAssistant,
                    &community_code,
                    Some(station.clone()),
                );
                let compounds_here = if urban {
                    4
                } else {
                    usize::from(community_no <= 94)
                };
                let mut grid_codes = Vec::new();
                for gy in 0..GRIDS_Y {
                    for gx in 0..GRIDS_X {
                        let g = gy * GRIDS_X + gx;
                        let (i, j) = (cells.0 .0 + gx, cells.1 .0 + gy);
                        let grid_code = code(format!("{community_code}{:03}", g + 1))?;
                        let ring = json!({"type": "Polygon", "coordinates": [lattice.ring((i, i + 1), (j, j + 1))]});
                        b.region(
                            &grid_code,
                            format!("{community_name}第{}网格", g + 1),
                            Level::Grid,
                            Some(&community_code),
                            Some(ring),
                        )?;
                        grid_no += 1;
                        b.account(
                            format!("{p}gw{grid_no:04}"),
                            Role::GridWorker,
                            &grid_code,
                            None,
                        );
                        grid_codes.push((grid_code, i, j));
                    }
                }
                for k in 0..compounds_here {
                    let (grid_code, i, j) = &grid_codes[(k * 2) % grid_codes.len()];
                    let (u, v) = (b.rng.gen_range(0.3..0.7), b.rng.gen_range(0.3..0.7));
                    let point =
                        json!({"type": "Point", "coordinates": lattice.inside(*i, *j, u, v)});
                    let compound_code = code(format!("{grid_code}{:03}", k + 1))?;
                    let stem = super::people::COMPOUND_STEMS
                        [compound_no % super::people::COMPOUND_STEMS.len()];
                    let name = format!(
                        "{}{stem}",
                        &community_name
                            .trim_end_matches("社区")
                            .trim_end_matches('村')
                    );
                    compound_no += 1;
                    b.region(
                        &compound_code,
                        name,
                        Level::Compound,
                        Some(grid_code),
                        Some(point),
                    )?;
                    for n in 0..b.rng.gen_range(3..=8) {
                        let building = code(format!("{compound_code}{:03}", n + 1))?;
                        // The buildings stand in a ring around the compound's point.
                        let turn = f64::from(n) * std::f64::consts::TAU / 8.0;
                        let at =
                            lattice.inside(*i, *j, u + 0.06 * turn.cos(), v + 0.06 * turn.sin());
                        b.region(
                            &building,
                            format!("{}号楼", n + 1),
                            Level::Building,
                            Some(&compound_code),
                            Some(json!({"type": "Point", "coordinates": at})),
                        )?;
                        if resident_no < 200 && n == 0 {
                            resident_no += 1;
                            b.account(
                                format!("{p}res{resident_no:03}"),
                                Role::Resident,
                                &building,
                                None,
                            );
                        }
                    }
                }
            }
        }
    }
    // The district's psychological service centre: two counsellors and their supervisor,
    // added last so that every name generated before them stays as it was.
    for n in 1..=3 {
        b.account(
            format!("{p}xl{n:02}"),
            Role::DepartmentStaff,
            &district,
            Some("区心理健康服务中心".into()),
        );
    }
    // The heroism fund's two officers: one proposes a payout, the other approves it.
    for n in 1..=2 {
        b.account(
            format!("{p}jj{n:02}"),
            Role::DepartmentStaff,
            &district,
            Some("区见义勇为基金会".into()),
        );
    }
    // A lawyer of the judicial bureau who speaks at legal-education sessions (a member of the
    // towns' rule-of-law teams), and an officer of the civilisation office on the moral team
    // who reviews campaign nominations.
    b.account(
        format!("{p}fz01"),
        Role::DepartmentStaff,
        &district,
        Some("区司法局".into()),
    );
    b.account(
        format!("{p}dz01"),
        Role::DepartmentStaff,
        &district,
        Some("区文明办".into()),
    );
    anyhow::ensure!(
        compound_no == COMPOUNDS,
        "demo generated {compound_no} compounds, expected {COMPOUNDS}"
    );
    Ok(b.district)
}
