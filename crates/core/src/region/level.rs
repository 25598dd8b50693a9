//! Levels of the region tree and how they nest.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A level of the region tree, from the district down to a building.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 区
    District,
    /// 街道/镇
    Town,
    /// 社区/村
    Community,
    /// 网格
    Grid,
    /// 小区
    Compound,
    /// 楼栋
    Building,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知层级「{0}」,应为 district、town、community、grid、compound 或 building")]
pub struct UnknownLevel(pub String);

impl Level {
    pub const ALL: [Level; 6] = [
        Level::District,
        Level::Town,
        Level::Community,
        Level::Grid,
        Level::Compound,
        Level::Building,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::District => "district",
            Level::Town => "town",
            Level::Community => "community",
            Level::Grid => "grid",
            Level::Compound => "compound",
            Level::Building => "building",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::District => "区",
            Level::Town => "街道/镇",
            Level::Community => "社区/村",
            Level::Grid => "网格",
            Level::Compound => "小区",
            Level::Building => "楼栋",
        }
    }

    pub fn depth(self) -> usize {
        self as usize
    }

    /// The level a parent of this level must have; none for the district.
    pub fn parent(self) -> Option<Level> {
        self.depth().checked_sub(1).map(|d| Level::ALL[d])
    }

    /// Levels drawn as areas (polygons); compounds are points, buildings have no shape.
    pub fn has_area(self) -> bool {
        self <= Level::Grid
    }
}

impl FromStr for Level {
    type Err = UnknownLevel;
    fn from_str(s: &str) -> Result<Self, UnknownLevel> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| UnknownLevel(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_nests_under_the_one_above() {
        assert_eq!(Level::District.parent(), None);
        assert_eq!(Level::Grid.parent(), Some(Level::Community));
        assert_eq!(Level::Building.parent(), Some(Level::Compound));
        assert_eq!("grid".parse::<Level>(), Ok(Level::Grid));
        assert!("province".parse::<Level>().is_err());
    }
}
