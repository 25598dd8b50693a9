//! Region codes: national administrative division codes (6 digits for a district, 9 for a
//! town, 12 for a community), extended by three digits per level for grids and below.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("区划代码「{0}」应为 6 到 24 位数字")]
    Shape(String),
}

/// A validated region code: 6–24 ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for RegionCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        let s = s.trim();
        if (6..=24).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(RegionCode(s.to_owned()))
        } else {
            Err(CodeError::Shape(s.chars().take(40).collect()))
        }
    }
}

impl TryFrom<String> for RegionCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, CodeError> {
        s.parse()
    }
}

impl From<RegionCode> for String {
    fn from(c: RegionCode) -> String {
        c.0
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_to_twenty_four_digits() {
        assert!("610302".parse::<RegionCode>().is_ok());
        assert!("610302001001001".parse::<RegionCode>().is_ok());
        assert!("61030".parse::<RegionCode>().is_err());
        assert!("61030x".parse::<RegionCode>().is_err());
        assert!("6103020010010010010010011".parse::<RegionCode>().is_err());
    }
}
