//! The region tree: district → town/street → community/village → grid → compound → building.

mod code;
mod level;
mod scope;

pub use code::{CodeError, RegionCode};
pub use level::{Level, UnknownLevel};
pub use scope::{child_path, path_bounds, Scope};
