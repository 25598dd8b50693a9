//! The Weibin demo district: ten streets and towns, a hundred communities and villages, six
//! hundred grids, exactly 244 residential compounds with their buildings, and staff for every
//! role. Generated from a fixed seed, so every run and every test sees the same district.

pub(crate) mod disputes;
mod forces;
mod layout;
mod people;
mod requests;

use fengqiao_core::geo::{Atlas, AtlasRegion, Shape};
use fengqiao_core::region::child_path;
use fengqiao_core::{Level, RegionCode, Role};
use fengqiao_store::accounts::{self, NewAccount};
use fengqiao_store::regions::{self, NewRegion};
use fengqiao_store::Store;
use layout::{Lattice, COMMUNITIES_X, COMMUNITIES_Y, GRIDS_X, GRIDS_Y};
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
        let name = people::person(&mut self.rng);
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
    for (t, (w, s, e, n)) in layout::town_rects().into_iter().enumerate() {
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
                    people::COMMUNITY_STEMS
                } else {
                    people::VILLAGE_STEMS
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
                    let (grid_code, i, j) = &grid_codes[(k * 2 + 1) % grid_codes.len()];
                    let (u, v) = (b.rng.gen_range(0.3..0.7), b.rng.gen_range(0.3..0.7));
                    let point =
                        json!({"type": "Point", "coordinates": lattice.inside(*i, *j, u, v)});
                    let compound_code = code(format!("{grid_code}{:03}", k + 1))?;
                    let stem = people::COMPOUND_STEMS[compound_no % people::COMPOUND_STEMS.len()];
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
                        b.region(
                            &building,
                            format!("{}号楼", n + 1),
                            Level::Building,
                            Some(&compound_code),
                            None,
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
    anyhow::ensure!(
        compound_no == COMPOUNDS,
        "demo generated {compound_no} compounds, expected {COMPOUNDS}"
    );
    Ok(b.district)
}

/// The demo district's atlas, built without a database (for benchmarks and tests).
pub fn atlas(d: &DemoDistrict) -> Atlas {
    let mut paths: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let regions = d
        .regions
        .iter()
        .map(|r| {
            let parent_path = r
                .region
                .parent_code
                .as_ref()
                .and_then(|p| paths.get(p.as_str()).cloned())
                .unwrap_or_else(|| "/".into());
            let path = child_path(&parent_path, &r.region.code);
            paths.insert(r.region.code.to_string(), path.clone());
            AtlasRegion {
                code: r.region.code.to_string(),
                name: r.region.name.clone(),
                level: r.region.level,
                parent_code: r.region.parent_code.as_ref().map(ToString::to_string),
                path,
                shape: r.shape.clone(),
            }
        })
        .collect();
    Atlas::new(regions)
}

/// Whether the store already holds a district.
pub async fn is_loaded(store: &Store) -> anyhow::Result<bool> {
    is_district_loaded(store, DISTRICT_CODE).await
}

/// Whether a district with this code is already in the store.
pub async fn is_district_loaded(store: &Store, code: &str) -> anyhow::Result<bool> {
    Ok(regions::path_of(store.pool(), code).await?.is_some())
}

/// Writes a district's regions and accounts (no teams or cases), every account with the
/// given argon2id hash.
pub async fn load_places(store: &Store, d: &DemoDistrict, hash: &str) -> anyhow::Result<()> {
    let regions: Vec<NewRegion> = d.regions.iter().map(|r| r.region.clone()).collect();
    let accounts: Vec<NewAccount> = d
        .accounts
        .iter()
        .map(|a| NewAccount {
            username: a.username.clone(),
            name: a.name.clone(),
            role: a.role.as_str().into(),
            region_code: a.region_code.clone(),
            department: a.department.clone(),
            phone: Some(a.phone.clone()),
            password_hash: hash.to_owned(),
        })
        .collect();
    store
        .write(move |c| {
            Box::pin(async move {
                for r in &regions {
                    regions::upsert(c, "demo", r).await?;
                }
                for a in &accounts {
                    accounts::insert(c, "demo", a).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// Writes the district into the store in one transaction. Every account gets the same
/// argon2id hash of `password`: hashing once keeps start-up under a few seconds.
pub async fn load(store: &Store, password: &str) -> anyhow::Result<DemoDistrict> {
    let d = district()?;
    let pw = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || fengqiao_web::auth::password::hash(&pw))
        .await?
        .map_err(|e| anyhow::anyhow!(e))?;
    load_places(store, &d, &hash).await?;
    let atlas = atlas(&d);
    forces::load(store, &atlas).await?;
    disputes::load(store, &atlas).await?;
    requests::load(store, &atlas).await?;
    Ok(d)
}

/// One example sign-in per role, for the start-up banner.
pub fn sample_sign_ins(d: &DemoDistrict) -> Vec<(&'static str, &str, String)> {
    let names: std::collections::HashMap<&str, &str> = d
        .regions
        .iter()
        .map(|r| (r.region.code.as_str(), r.region.name.as_str()))
        .collect();
    Role::ALL
        .iter()
        .filter_map(|role| {
            let a = d.accounts.iter().find(|a| a.role == *role)?;
            let place = names
                .get(a.region_code.as_str())
                .copied()
                .unwrap_or_default();
            Some((
                role.label(),
                a.username.as_str(),
                format!(
                    "{place}{}",
                    a.department
                        .as_deref()
                        .map(|d| format!(" · {d}"))
                        .unwrap_or_default()
                ),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_districts_have_their_own_codes_accounts_and_ground() {
        let weibin = district().unwrap();
        let n1 = district_for(&Spec::neighbour(1)).unwrap();
        let n12 = district_for(&Spec::neighbour(12)).unwrap();
        for d in [&n1, &n12] {
            let grids = |d: &DemoDistrict| {
                d.regions
                    .iter()
                    .filter(|r| r.region.level == Level::Grid)
                    .count()
            };
            assert_eq!(grids(d), 600);
            assert_eq!(d.accounts.len(), weibin.accounts.len());
            let codes: std::collections::HashSet<String> = weibin
                .regions
                .iter()
                .map(|r| r.region.code.to_string())
                .collect();
            assert!(d
                .regions
                .iter()
                .all(|r| !codes.contains(&r.region.code.to_string())));
            let users: std::collections::HashSet<&str> = weibin
                .accounts
                .iter()
                .map(|a| a.username.as_str())
                .collect();
            assert!(d
                .accounts
                .iter()
                .all(|a| !users.contains(a.username.as_str())));
        }
        let (a, b) = (atlas(&weibin), atlas(&n1));
        let grid = b.regions().iter().find(|r| r.level == Level::Grid).unwrap();
        let Some(Shape::Area(mp)) = &grid.shape else {
            panic!("grids have areas")
        };
        let c = geo::Centroid::centroid(mp).unwrap();
        assert!(
            a.locate_grid(c.x(), c.y()).is_none(),
            "a neighbour's grid lies outside Weibin"
        );
        assert_eq!(
            b.locate_grid(c.x(), c.y()).map(|g| g.code.clone()),
            Some(grid.code.clone())
        );
    }

    #[test]
    fn the_demo_district_has_the_promised_shape() {
        let d = district().unwrap();
        let count = |l: Level| d.regions.iter().filter(|r| r.region.level == l).count();
        assert_eq!(count(Level::Town), 10);
        assert_eq!(count(Level::Community), 100);
        assert!(count(Level::Grid) >= 500);
        assert_eq!(count(Level::Compound), COMPOUNDS);
        assert!(count(Level::Building) >= COMPOUNDS * 3);
        for role in Role::ALL {
            assert!(d.accounts.iter().any(|a| a.role == role), "no {role:?}");
        }
    }

    #[test]
    fn every_compound_lies_inside_its_own_grid_and_inside_the_baoji_box() {
        let d = district().unwrap();
        let atlas = atlas(&d);
        for r in d
            .regions
            .iter()
            .filter(|r| r.region.level == Level::Compound)
        {
            let Some(Shape::Point(p)) = &r.shape else {
                panic!("compound without a point")
            };
            assert!((106.9..107.4).contains(&p.x()) && (34.2..34.45).contains(&p.y()));
            let grid = atlas
                .locate_grid(p.x(), p.y())
                .expect("compound outside every grid");
            assert_eq!(
                Some(grid.code.as_str()),
                r.region.parent_code.as_ref().map(RegionCode::as_str)
            );
        }
    }

    #[test]
    fn grids_tile_each_community_without_overlap_or_holes() {
        use geo::{Area, BooleanOps, MultiPolygon};
        let d = district().unwrap();
        let shape = |code: &str| match d
            .regions
            .iter()
            .find(|r| r.region.code.as_str() == code)
            .and_then(|r| r.shape.clone())
        {
            Some(Shape::Area(mp)) => mp,
            _ => panic!("no area for {code}"),
        };
        for community in d
            .regions
            .iter()
            .filter(|r| r.region.level == Level::Community)
        {
            let grids: Vec<MultiPolygon<f64>> = d
                .regions
                .iter()
                .filter(|r| r.region.parent_code.as_ref() == Some(&community.region.code))
                .map(|r| shape(r.region.code.as_str()))
                .collect();
            let whole = shape(community.region.code.as_str());
            let sum: f64 = grids.iter().map(|g| g.unsigned_area()).sum();
            let union = grids
                .iter()
                .skip(1)
                .fold(grids[0].clone(), |acc, g| acc.union(g));
            let tol = whole.unsigned_area() * 1e-6;
            assert!(
                (sum - whole.unsigned_area()).abs() < tol,
                "grid areas overlap or leave holes in {}",
                community.region.name
            );
            assert!((union.unsigned_area() - whole.unsigned_area()).abs() < tol);
            assert!(
                whole.difference(&union).unsigned_area() < tol,
                "hole in {}",
                community.region.name
            );
        }
    }
}
