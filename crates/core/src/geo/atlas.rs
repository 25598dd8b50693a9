//! The atlas: every region with its shape, held in memory, with an R-tree over grid bounding
//! boxes so that "which grid is this point in?" costs a few box tests and one polygon test.

use super::Shape;
use crate::region::Level;
use geo::{BoundingRect, Intersects, Point};
use hashbrown::{hash_table::Entry, DefaultHashBuilder, HashTable};
use rstar::{RTree, RTreeObject, AABB};
use serde::Serialize;
use std::hash::BuildHasher;

/// One region as the atlas knows it.
#[derive(Debug, Clone)]
pub struct AtlasRegion {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_code: Option<String>,
    /// Materialised path, `/610302/610302001/…/code/`.
    pub path: String,
    pub shape: Option<Shape>,
}

/// A region's code and name, as returned by a lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub code: String,
    pub name: String,
}

/// The regions containing a point, from the grid up to the district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    pub grid: Named,
    pub community: Option<Named>,
    pub town: Option<Named>,
    pub district: Option<Named>,
}

struct GridBox {
    index: usize,
    envelope: AABB<[f64; 2]>,
}

impl RTreeObject for GridBox {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// All regions, indexed for point lookup and for subtree walks.
pub struct Atlas {
    regions: Vec<AtlasRegion>,
    /// Positions in `regions`, found by the hash of the region's code: the codes are not
    /// copied (a province's 229,975 keys took 23 MB as a `HashMap<String, usize>`).
    by_code: HashTable<usize>,
    hasher: DefaultHashBuilder,
    grid_tree: RTree<GridBox>,
}

impl Atlas {
    pub fn new(regions: Vec<AtlasRegion>) -> Atlas {
        let hasher = DefaultHashBuilder::default();
        let mut by_code = HashTable::with_capacity(regions.len());
        for (i, r) in regions.iter().enumerate() {
            let same = |&j: &usize| regions[j].code == r.code;
            let rehash = |&j: &usize| hasher.hash_one(regions[j].code.as_str());
            // A code given twice is found at its last place, as a map collected in order would.
            match by_code.entry(hasher.hash_one(r.code.as_str()), same, rehash) {
                Entry::Occupied(mut o) => *o.get_mut() = i,
                Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
        let boxes = regions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.level == Level::Grid)
            .filter_map(|(index, r)| match &r.shape {
                Some(Shape::Area(mp)) => mp.bounding_rect().map(|b| GridBox {
                    index,
                    envelope: AABB::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]),
                }),
                _ => None,
            })
            .collect();
        Atlas {
            regions,
            by_code,
            hasher,
            grid_tree: RTree::bulk_load(boxes),
        }
    }

    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    pub fn get(&self, code: &str) -> Option<&AtlasRegion> {
        let hash = self.hasher.hash_one(code);
        self.by_code
            .find(hash, |&i| self.regions[i].code == code)
            .map(|&i| &self.regions[i])
    }

    pub fn regions(&self) -> &[AtlasRegion] {
        &self.regions
    }

    /// The grid containing a WGS-84 point, if any. Points on a shared edge go to either grid.
    pub fn locate_grid(&self, lon: f64, lat: f64) -> Option<&AtlasRegion> {
        let p = Point::new(lon, lat);
        self.grid_tree
            .locate_in_envelope_intersecting(&AABB::from_point([lon, lat]))
            .map(|b| &self.regions[b.index])
            .find(|r| match &r.shape {
                Some(Shape::Area(mp)) => mp.intersects(&p),
                _ => false,
            })
    }

    /// The grid, community, town and district containing a WGS-84 point.
    pub fn locate(&self, lon: f64, lat: f64) -> Option<Located> {
        let grid = self.locate_grid(lon, lat)?;
        let named = |r: &AtlasRegion| Named {
            code: r.code.clone(),
            name: r.name.clone(),
        };
        Some(Located {
            grid: named(grid),
            community: self.ancestor(grid, Level::Community).map(named),
            town: self.ancestor(grid, Level::Town).map(named),
            district: self.ancestor(grid, Level::District).map(named),
        })
    }

    /// The ancestor of `region` at `level` (or the region itself at that level).
    pub fn ancestor<'a>(
        &'a self,
        region: &'a AtlasRegion,
        level: Level,
    ) -> Option<&'a AtlasRegion> {
        let mut current = region;
        loop {
            if current.level == level {
                return Some(current);
            }
            if current.level < level {
                return None;
            }
            current = self.get(current.parent_code.as_deref()?)?;
        }
    }

    /// The grid an address typed by a resident lies in: the compound or grid whose name the
    /// address contains (the longest name wins, so "福临小区" beats "福临"). Community or town
    /// names alone are too coarse to pick a grid and give `None`.
    pub fn grid_for_address(&self, address: &str) -> Option<&AtlasRegion> {
        let address: String = address.chars().filter(|c| !c.is_whitespace()).collect();
        let best = self
            .regions
            .iter()
            .filter(|r| matches!(r.level, Level::Compound | Level::Grid))
            .filter(|r| r.name.chars().count() >= 2 && address.contains(&r.name))
            .max_by_key(|r| (r.name.chars().count(), r.level == Level::Compound))?;
        match best.level {
            Level::Grid => Some(best),
            _ => self.get(best.parent_code.as_deref()?),
        }
    }

    /// Every region strictly below `root` (by materialised path), in atlas order.
    pub fn descendants<'a>(
        &'a self,
        root: &'a AtlasRegion,
    ) -> impl Iterator<Item = &'a AtlasRegion> {
        self.regions
            .iter()
            .filter(move |r| r.path.len() > root.path.len() && r.path.starts_with(&root.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    fn region(
        code: &str,
        level: Level,
        parent: Option<&str>,
        path: &str,
        shape: Option<Shape>,
    ) -> AtlasRegion {
        AtlasRegion {
            code: code.into(),
            name: format!("区域{code}"),
            level,
            parent_code: parent.map(Into::into),
            path: path.into(),
            shape,
        }
    }

    fn square(x: f64, y: f64) -> Shape {
        Shape::Area(MultiPolygon(vec![polygon![
            (x: x, y: y), (x: x + 0.1, y: y), (x: x + 0.1, y: y + 0.1), (x: x, y: y + 0.1), (x: x, y: y)
        ]]))
    }

    fn atlas() -> Atlas {
        Atlas::new(vec![
            region("610302", Level::District, None, "/610302/", None),
            region(
                "610302001",
                Level::Town,
                Some("610302"),
                "/610302/610302001/",
                None,
            ),
            region(
                "610302001001",
                Level::Community,
                Some("610302001"),
                "/610302/610302001/610302001001/",
                None,
            ),
            region(
                "610302001001001",
                Level::Grid,
                Some("610302001001"),
                "/610302/610302001/610302001001/610302001001001/",
                Some(square(107.0, 34.3)),
            ),
            region(
                "610302001001002",
                Level::Grid,
                Some("610302001001"),
                "/610302/610302001/610302001001/610302001001002/",
                Some(square(107.1, 34.3)),
            ),
        ])
    }

    #[test]
    fn an_address_naming_a_compound_finds_its_grid() {
        let mut regions: Vec<AtlasRegion> = atlas().regions().to_vec();
        let mut compound = region(
            "610302001001002001",
            Level::Compound,
            Some("610302001001002"),
            "/610302/610302001/610302001001/610302001001002/610302001001002001/",
            None,
        );
        compound.name = "福临家园".into();
        regions.push(compound);
        let a = Atlas::new(regions);
        assert_eq!(
            a.grid_for_address("福临 家园3号楼2单元")
                .map(|g| g.code.as_str()),
            Some("610302001001002")
        );
        assert_eq!(
            a.grid_for_address("区域610302001001001旁边")
                .map(|g| g.code.as_str()),
            Some("610302001001001")
        );
        assert!(
            a.grid_for_address("区域610302001001").is_none(),
            "a community is too coarse"
        );
        assert!(a.grid_for_address("北京市朝阳区").is_none());
    }

    #[test]
    fn a_point_is_found_in_its_grid_with_every_ancestor() {
        let found = atlas().locate(107.15, 34.35).unwrap();
        assert_eq!(found.grid.code, "610302001001002");
        assert_eq!(found.community.unwrap().code, "610302001001");
        assert_eq!(found.town.unwrap().code, "610302001");
        assert_eq!(found.district.unwrap().code, "610302");
    }

    #[test]
    fn a_point_outside_every_grid_is_not_found() {
        assert!(atlas().locate(106.5, 34.35).is_none());
        assert!(atlas().locate(107.05, 34.45).is_none());
    }

    #[test]
    fn descendants_follow_the_materialised_path() {
        let a = atlas();
        let town = a.get("610302001").unwrap();
        assert_eq!(a.descendants(town).count(), 3);
        let grid = a.get("610302001001001").unwrap();
        assert_eq!(a.descendants(grid).count(), 0);
    }
}
