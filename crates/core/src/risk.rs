//! Risk levels as the map colours them (红橙黄蓝).

use serde::{Deserialize, Serialize};

/// A grid's or a case's risk: red is the most urgent, blue the calmest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskLevel {
    Blue,
    Yellow,
    Orange,
    Red,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 4] = [Self::Red, Self::Orange, Self::Yellow, Self::Blue];

    pub fn colour(self) -> &'static str {
        match self {
            Self::Red => "#d93025",
            Self::Orange => "#f28b22",
            Self::Yellow => "#f6c928",
            Self::Blue => "#4a86e8",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Red => "红色(高风险)",
            Self::Orange => "橙色(较高风险)",
            Self::Yellow => "黄色(一般风险)",
            Self::Blue => "蓝色(低风险)",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Orange => "orange",
            Self::Yellow => "yellow",
            Self::Blue => "blue",
        }
    }
}

/// Fill used where no area has said anything about a grid.
pub const NEUTRAL_COLOUR: &str = "#e6e8eb";
