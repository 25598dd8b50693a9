//! The standard dispute categories and the channels disputes come in through.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知的{what}「{value}」")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
}

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($variant:ident => ($slug:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s || v.label() == s)
                    .ok_or_else(|| UnknownName { what: $what, value: s.chars().take(40).collect() })
            }
        }
    };
}

named_enum!(
    /// A dispute's category from the district's standard list.
    Category, "纠纷类别", {
        MarriageFamily => ("marriage_family", "婚姻家庭"),
        Neighbour => ("neighbour", "邻里"),
        HousingLand => ("housing_land", "房屋宅基地"),
        PropertyManagement => ("property_management", "物业"),
        Contract => ("contract", "合同"),
        Damages => ("damages", "损害赔偿"),
        LabourWages => ("labour_wages", "劳动/欠薪"),
        LandAcquisition => ("land_acquisition", "征地拆迁"),
        Environment => ("environment", "环境污染"),
        Traffic => ("traffic", "道路交通"),
        Medical => ("medical", "医疗"),
        Consumer => ("consumer", "消费"),
        Other => ("other", "其他"),
    }
);

named_enum!(
    /// Where a dispute came from.
    Source, "来源", {
        Resident => ("resident", "居民上报"),
        Screening => ("screening", "网格排查"),
        Call110 => ("call_110", "110 警情移交"),
        Petition => ("petition", "信访积案"),
        Hotline12345 => ("hotline_12345", "12345 热线"),
        Department => ("department", "部门移交"),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_parse_from_slug_or_chinese_name() {
        assert_eq!("neighbour".parse::<Category>(), Ok(Category::Neighbour));
        assert_eq!("劳动/欠薪".parse::<Category>(), Ok(Category::LabourWages));
        assert_eq!(Category::ALL.len(), 13);
        assert!("gossip".parse::<Category>().is_err());
        assert_eq!("call_110".parse::<Source>(), Ok(Source::Call110));
    }
}
