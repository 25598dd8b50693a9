//! Eco-safety in the Qinling northern foothills (秦岭北麓): the "five disorders" and wildlife
//! cases, each routed to the department that answers for it, and the place a public page may
//! show — never closer than about a kilometre.

crate::named_enum! {
    /// What an eco report is about.
    pub enum EcoKind ("生态问题类型") {
        IllegalBuilding => ("illegal_building", "乱搭乱建"),
        IllegalLogging => ("illegal_logging", "乱砍乱伐"),
        IllegalMining => ("illegal_mining", "乱采乱挖"),
        IllegalDumping => ("illegal_dumping", "乱排乱放"),
        Poaching => ("poaching", "乱捕乱猎"),
        Wildlife => ("wildlife", "野生动物救助"),
    }
}

crate::named_enum! {
    /// Where an eco report stands: 受理 → 责令整改 → 复查合格.
    pub enum EcoStatus ("生态问题办理状态") {
        Open => ("open", "已受理"),
        Rectifying => ("rectifying", "整改中"),
        Closed => ("closed", "复查合格,已办结"),
    }
}

impl EcoKind {
    /// The department that answers for it.
    pub fn department(self) -> &'static str {
        match self {
            EcoKind::IllegalBuilding => "区住房和城乡建设局",
            EcoKind::IllegalLogging => "区林业局",
            EcoKind::IllegalMining => "区自然资源局",
            EcoKind::IllegalDumping => "市生态环境局渭滨分局",
            EcoKind::Poaching | EcoKind::Wildlife => "森林公安",
        }
    }

    /// Whether its exact place endangers animals or plants if published.
    pub fn sensitive_place(self) -> bool {
        matches!(
            self,
            EcoKind::Poaching | EcoKind::Wildlife | EcoKind::IllegalLogging
        )
    }

    /// The service code residents report it under.
    pub fn service_code(self) -> &'static str {
        match self {
            EcoKind::IllegalBuilding => "eco-building",
            EcoKind::IllegalLogging => "eco-logging",
            EcoKind::IllegalMining => "eco-mining",
            EcoKind::IllegalDumping => "eco-dumping",
            EcoKind::Poaching => "eco-poaching",
            EcoKind::Wildlife => "eco-wildlife",
        }
    }
}

/// A point as a public page may show it: rounded to 0.01° (about 1.1 km north–south, 0.9 km
/// east–west here), so a nest or a den cannot be found from it.
pub fn public_point(lon: f64, lat: f64) -> (f64, f64) {
    ((lon * 100.0).round() / 100.0, (lat * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_kind_goes_to_its_department() {
        assert_eq!(EcoKind::IllegalMining.department(), "区自然资源局");
        assert_eq!(EcoKind::Wildlife.department(), "森林公安");
        assert_eq!(public_point(107.12345, 34.36789), (107.12, 34.37));
    }

    proptest! {
        /// The public point is never more precise than a kilometre, and never further than one.
        #[test]
        fn the_public_point_is_within_a_kilometre_but_not_exact(lon in 106.9f64..107.4, lat in 34.2f64..34.5) {
            let (x, y) = public_point(lon, lat);
            prop_assert!((x - lon).abs() <= 0.005 + 1e-9 && (y - lat).abs() <= 0.005 + 1e-9);
            prop_assert!(((x * 100.0).round() - x * 100.0).abs() < 1e-6);
        }
    }
}
