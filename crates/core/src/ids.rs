//! Personal identifiers that validate on parse and know how to mask themselves for lists.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a personal identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("手机号码应为 11 位数字并以 1 开头")]
    Phone,
    #[error("身份证号码应为 18 位(最后一位可为 X)")]
    IdShape,
    #[error("身份证号码中的出生日期无效")]
    IdBirthDate,
    #[error("身份证号码校验位不正确")]
    IdChecksum,
}

/// A mainland China mobile number (11 digits, `1[3-9]…`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`: enough to recognise, not enough to call.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl FromStr for Phone {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let s = s.trim();
        let b = s.as_bytes();
        let ok = b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]);
        if ok {
            Ok(Phone(s.to_owned()))
        } else {
            Err(IdError::Phone)
        }
    }
}

impl TryFrom<String> for Phone {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        s.parse()
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 居民身份证号码: an 18-character resident ID number with the GB 11643-1999 check character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

impl IdNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `610302********123X`: region kept, birth date and sequence hidden.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }

    /// The check character GB 11643 assigns to the first 17 digits.
    pub fn check_char(first17: &[u8]) -> u8 {
        let sum: u32 = first17
            .iter()
            .zip(ID_WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        ID_CHECK[(sum % 11) as usize]
    }
}

impl FromStr for IdNumber {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let s = s.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 18
            || !b[..17].iter().all(u8::is_ascii_digit)
            || !(b[17].is_ascii_digit() || b[17] == b'X')
        {
            return Err(IdError::IdShape);
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        let (year, month, day) = (num(6..10), num(10..12), num(12..14));
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        if !(1900..=2100).contains(&year) || day == 0 || day > days {
            return Err(IdError::IdBirthDate);
        }
        if Self::check_char(&b[..17]) != b[17] {
            return Err(IdError::IdChecksum);
        }
        Ok(IdNumber(s))
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        s.parse()
    }
}

impl From<IdNumber> for String {
    fn from(p: IdNumber) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_accepts_mobile_numbers_and_masks_the_middle() {
        let p: Phone = "13812345678".parse().unwrap();
        assert_eq!(p.masked(), "138****5678");
        assert_eq!("12812345678".parse::<Phone>(), Err(IdError::Phone));
        assert_eq!("1381234567".parse::<Phone>(), Err(IdError::Phone));
        assert_eq!("1381234567a".parse::<Phone>(), Err(IdError::Phone));
    }

    #[test]
    fn id_number_checks_the_gb11643_checksum() {
        // The standard's own worked example.
        let id: IdNumber = "11010519491231002X".parse().unwrap();
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(
            "110105194912310021".parse::<IdNumber>(),
            Err(IdError::IdChecksum)
        );
        assert_eq!(
            "110105194913310021".parse::<IdNumber>(),
            Err(IdError::IdBirthDate)
        );
        assert_eq!(
            "11010519491231002".parse::<IdNumber>(),
            Err(IdError::IdShape)
        );
    }

    #[test]
    fn id_number_accepts_lowercase_x() {
        assert!("11010519491231002x".parse::<IdNumber>().is_ok());
    }
}

/// Tracking codes: what a resident is given to follow a case or a request, read out over the
/// phone. `FQ` for disputes, `FR` for hazards and needs, then eight characters without
/// look-alikes (no 0/O, 1/I/L).
pub mod tracking {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    const TAIL: usize = 8;

    /// A new random code with the given two-letter prefix.
    pub fn new(prefix: &str) -> String {
        let bytes: [u8; TAIL] = rand::random();
        let tail: String = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
            .collect();
        format!("{prefix}{tail}")
    }

    /// The code a query is, if it is one: trimmed, any letter case, spaces inside ignored (a
    /// code read out as "fq 7k3m …"). `None` for anything else, so a search falls back to words.
    pub fn in_query(query: &str) -> Option<String> {
        let code: String = query
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        let ok = code.len() == 2 + TAIL
            && (code.starts_with("FQ") || code.starts_with("FR"))
            && code[2..].bytes().all(|b| ALPHABET.contains(&b));
        ok.then_some(code)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_code_is_recognised_in_any_case_and_spacing_and_nothing_else_is() {
            let code = new("FQ");
            assert_eq!(in_query(&code).as_deref(), Some(code.as_str()));
            let spoken = format!(" {} {} ", code[..4].to_lowercase(), &code[4..]);
            assert_eq!(in_query(&spoken).as_deref(), Some(code.as_str()));
            assert_eq!(in_query("楼道漏水"), None);
            assert_eq!(in_query("FQ1234567O"), None, "look-alikes are not in codes");
            assert_eq!(in_query("FX7K3M2N9P"), None);
            assert!(new("FR").starts_with("FR"));
        }
    }
}
