//! Residents' tip-offs (线索) about crimes and hazards. A tip is read back only with its
//! receipt: 16 characters of Crockford's base-32 (80 random bits; no I, L, O or U to misread),
//! of which the server keeps only a hash.

use rand::Rng;

crate::named_enum! {
    /// What a tip is about. Nothing else is taken: tips are not for reporting opinions.
    pub enum TipKind ("线索类型") {
        Crime => ("crime", "违法犯罪线索"),
        Hazard => ("hazard", "安全隐患线索"),
    }
}

crate::named_enum! {
    pub enum TipStatus ("线索状态") {
        Received => ("received", "已收到,待核查"),
        Checking => ("checking", "核查中"),
        Closed => ("closed", "已办结"),
    }
}

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const RECEIPT_LEN: usize = 16;

/// A new receipt.
pub fn new_receipt(rng: &mut impl Rng) -> String {
    (0..RECEIPT_LEN)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// A receipt as typed back: spaces and dashes dropped, small letters raised, and the letters
/// people confuse with digits read as those digits. `None` if it cannot be one.
pub fn normalise_receipt(typed: &str) -> Option<String> {
    let out: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (out.len() == RECEIPT_LEN && out.bytes().all(|b| ALPHABET.contains(&b))).then_some(out)
}

/// A receipt shown in four groups, easier to copy by hand.
pub fn grouped(receipt: &str) -> String {
    receipt
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;

    #[test]
    fn a_receipt_is_sixteen_unambiguous_characters() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let r = new_receipt(&mut rng);
        assert_eq!(r.len(), 16);
        assert!(!r.contains(['I', 'L', 'O', 'U']));
        assert_ne!(r, new_receipt(&mut rng));
    }

    #[test]
    fn what_is_refused_as_a_receipt() {
        assert_eq!(normalise_receipt("too-short"), None);
        assert_eq!(
            normalise_receipt("UUUU-UUUU-UUUU-UUUU"),
            None,
            "U is never written"
        );
        assert_eq!(normalise_receipt("线索线索线索线索线索线索线索线索"), None);
    }

    proptest! {
        /// However a receipt is copied back — grouped, lower case, O for 0 — it is found.
        #[test]
        fn a_receipt_survives_being_copied_by_hand(seed in any::<u64>(), lower in any::<bool>()) {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let r = new_receipt(&mut rng);
            let mut typed = grouped(&r).replace('0', "O").replace('1', "l");
            if lower { typed = typed.to_lowercase(); }
            prop_assert_eq!(normalise_receipt(&typed), Some(r));
        }
    }
}
