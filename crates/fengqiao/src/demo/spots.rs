//! Where the demo's reports were made: beside a compound of their grid, with the compound's
//! name as the address, so the open cases sit on a grid worker's map where they would walk.

use fengqiao_core::geo::{Atlas, Shape};
use fengqiao_core::region::Level;
use std::collections::HashMap;

/// The compounds of every grid, by grid code: name, longitude, latitude.
pub struct Spots(HashMap<String, Vec<(String, f64, f64)>>);

impl Spots {
    pub fn new(atlas: &Atlas) -> Spots {
        let mut by_grid: HashMap<String, Vec<(String, f64, f64)>> = HashMap::new();
        for r in atlas.regions() {
            if let (Level::Compound, Some(Shape::Point(p)), Some(grid)) =
                (r.level, &r.shape, &r.parent_code)
            {
                by_grid
                    .entry(grid.clone())
                    .or_default()
                    .push((r.name.clone(), p.x(), p.y()));
            }
        }
        Spots(by_grid)
    }

    /// The `n`-th report's place in a grid: beside one of its compounds (about 30 metres off,
    /// in a direction that turns with `n`), or nothing in a grid without compounds.
    pub fn at(&self, grid: &str, n: usize) -> Option<(String, f64, f64)> {
        let compounds = self.0.get(grid).filter(|c| !c.is_empty())?;
        let (name, lon, lat) = &compounds[n % compounds.len()];
        // The golden angle spreads successive reports evenly around the compound.
        let angle = n as f64 * 2.399_963;
        Some((
            name.clone(),
            lon + 0.0003 * angle.cos(),
            lat + 0.0003 * angle.sin(),
        ))
    }
}
