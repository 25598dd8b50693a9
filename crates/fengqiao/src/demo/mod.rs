//! The Weibin demo district: ten streets and towns, a hundred communities and villages, six
//! hundred grids, exactly 244 residential compounds with their buildings, and staff for every
//! role. Generated from a fixed seed, so every run and every test sees the same district.

mod aid;
mod care;
mod centres;
mod counselling;
mod culture;
pub(crate) mod disputes;
mod district;
mod emergency;
mod forces;
mod layout;
mod people;
mod prevention;
mod requests;
mod services;
pub(crate) mod spots;

use fengqiao_core::geo::{Atlas, AtlasRegion};
use fengqiao_core::region::child_path;
use fengqiao_core::Role;
use fengqiao_store::accounts::{self, NewAccount};
use fengqiao_store::regions::{self, NewRegion};
use fengqiao_store::{BoxFuture, Store};

pub use district::{
    district, district_for, DemoAccount, DemoDistrict, DemoRegion, Spec, COMPOUNDS, DISTRICT_CODE,
};

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

/// Writes a district's regions and accounts (no teams or cases), every account with
/// `password` hashed under its own salt.
pub async fn load_places(store: &Store, d: &DemoDistrict, password: &str) -> anyhow::Result<()> {
    let regions: Vec<NewRegion> = d.regions.iter().map(|r| r.region.clone()).collect();
    let (pw, n) = (password.to_owned(), d.accounts.len());
    let hashes =
        tokio::task::spawn_blocking(move || fengqiao_web::auth::password::hash_light_many(&pw, n))
            .await?
            .map_err(|e| anyhow::anyhow!(e))?;
    let accounts: Vec<NewAccount> = d
        .accounts
        .iter()
        .zip(hashes)
        .map(|(a, password_hash)| NewAccount {
            username: a.username.clone(),
            name: a.name.clone(),
            role: a.role.as_str().into(),
            region_code: a.region_code.clone(),
            department: a.department.clone(),
            phone: Some(a.phone.clone()),
            password_hash,
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

/// Writes the district into the store in one transaction. Every account has `password`,
/// hashed with its own salt.
pub async fn load(store: &Store, password: &str) -> anyhow::Result<DemoDistrict> {
    let d = district()?;
    load_places(store, &d, password).await?;
    let atlas = atlas(&d);
    for (_, load) in LOADERS {
        load(store, &atlas).await?;
    }
    Ok(d)
}

/// Loads one area's demo data into a store that already holds the places and accounts.
type Loader = for<'a> fn(&'a Store, &'a Atlas) -> BoxFuture<'a, anyhow::Result<()>>;

/// Each area's demo data by the area's name (as in `fengqiao_web::areas::ALL`), in the order
/// they build on each other: teams before the cases their members mediate.
const LOADERS: &[(&str, Loader)] = &[
    ("forces", |s, a| Box::pin(forces::load(s, a))),
    ("mediation", |s, a| {
        Box::pin(async move { disputes::load(s, a).await.map(|_| ()) })
    }),
    ("requests", |s, a| {
        Box::pin(async move { requests::load(s, a).await.map(|_| ()) })
    }),
    ("prevention", |s, a| Box::pin(prevention::load(s, a))),
    ("emergency", |s, a| Box::pin(emergency::load(s, a))),
    ("services", |s, a| Box::pin(services::load(s, a))),
    ("culture", |s, a| Box::pin(culture::load(s, a))),
];

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
    use fengqiao_core::geo::Shape;
    use fengqiao_core::{Level, RegionCode};

    #[test]
    fn every_demo_loader_belongs_to_an_area_that_is_served() {
        for (name, _) in LOADERS {
            assert!(
                fengqiao_web::areas::ALL.iter().any(|a| a.name == *name),
                "demo data for an area that is not in fengqiao_web::areas::ALL: {name}"
            );
        }
    }

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
