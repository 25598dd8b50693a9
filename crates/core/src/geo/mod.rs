//! Geography: coordinate systems, shapes that validate, and the atlas that finds the grid
//! under a point.

mod atlas;
mod crs;
mod shape;

pub use atlas::{Atlas, AtlasRegion, Located, Named};
pub use crs::{Crs, UnknownCrs};
pub use shape::{check_lon_lat, Shape, ShapeError};
