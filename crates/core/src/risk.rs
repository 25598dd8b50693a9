//! Risk levels as the map colours them (红橙黄蓝).

crate::named_enum! {
    /// A grid's or a case's risk: red is the most urgent, blue the calmest (so `Ord` runs
    /// from blue to red).
    #[derive(PartialOrd, Ord)]
    pub enum RiskLevel ("风险等级") {
        Blue => ("blue", "蓝色(低风险)"),
        Yellow => ("yellow", "黄色(一般风险)"),
        Orange => ("orange", "橙色(较高风险)"),
        Red => ("red", "红色(高风险)"),
    }
}

impl RiskLevel {
    /// Most urgent first, as legends and lists show them.
    pub const BY_URGENCY: [RiskLevel; 4] = [Self::Red, Self::Orange, Self::Yellow, Self::Blue];

    pub fn colour(self) -> &'static str {
        match self {
            Self::Red => "#d93025",
            Self::Orange => "#f28b22",
            Self::Yellow => "#f6c928",
            Self::Blue => "#4a86e8",
        }
    }

    /// A short name for tight spaces: 红, 橙, 黄, 蓝.
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Red => "红",
            Self::Orange => "橙",
            Self::Yellow => "黄",
            Self::Blue => "蓝",
        }
    }
}

/// Fill used where no area has said anything about a grid.
pub const NEUTRAL_COLOUR: &str = "#e6e8eb";
