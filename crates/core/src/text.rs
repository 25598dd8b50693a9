//! Chinese text: segmentation into words (jieba), used for full-text search and for matching
//! word lists, so that 打 inside 打扫 is not taken for the word 打.

use jieba_rs::Jieba;
use std::sync::OnceLock;

/// The segmentation dictionary: jieba's words of frequency 5 and over, the rarer ones this
/// project's own text uses, and two threat words jieba lacks (`scripts/dictionary.py` writes
/// it). jieba's full dictionary held 33 MB of the server's memory; this one keeps 137,161 of
/// its 349,046 words in about 11 MB.
const DICTIONARY: &str = include_str!("../data/dictionary.txt");

/// Which dictionary stored search words were made with; moved whenever [`DICTIONARY`]
/// changes, so the server makes them afresh (`data_versions` topics `search_words:…`).
/// 1 was jieba's full dictionary.
pub const SEGMENTATION: i64 = 2;

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        // Embedded and well-formed (the tests load it): nothing a user sends reaches this.
        Jieba::with_dict(&mut DICTIONARY.as_bytes()).unwrap_or_else(|_| Jieba::empty())
    })
}

/// The words of a text, in order, without punctuation or white space.
pub fn words(text: &str) -> Vec<&str> {
    jieba()
        .cut(text, true)
        .into_iter()
        .map(|t| t.word)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

/// Search tokens of a text, lower-cased and space-separated, as stored in the full-text index.
/// Search-mode segmentation also yields the shorter words inside long ones (两字词 inside 四字词).
pub fn search_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for w in jieba()
        .cut_for_search(text, true)
        .into_iter()
        .map(|t| t.word)
    {
        if w.chars().any(char::is_alphanumeric) {
            if !out.is_empty() {
                out.push(' ');
            }
            let start = out.len();
            out.extend(w.chars().flat_map(char::to_lowercase).filter(|c| {
                !matches!(
                    c,
                    '"' | '\'' | '*' | ':' | '^' | '(' | ')' | '&' | '|' | '!' | '<' | '>' | '\\'
                )
            }));
            if is_scope_word(&out[start..]) {
                // "r610302" is how records carry their regions; from text it becomes "r 610302".
                out.insert(start + 1, ' ');
            }
        }
    }
    out
}

/// Whether a token has the shape of a region scope word: `r` and a region code's digits.
/// Scope words are added to records by the store; [`search_tokens`] never yields one from
/// what people wrote, so planted text cannot widen a scoped search.
pub fn is_scope_word(token: &str) -> bool {
    token.len() > 1 && token.starts_with('r') && token[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Whether the dictionary holds this word.
pub fn is_word(word: &str) -> bool {
    jieba().has_word(word)
}

/// Pre-loads the dictionary (a few hundred milliseconds), so the first request does not pay it.
pub fn warm_up() {
    let _ = jieba();
}

/// A count with thousands separated by commas, as figures are printed: 1,000 and 12,345.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(-1_234_567), "-1,234,567");
    }

    #[test]
    fn text_never_yields_a_scope_word() {
        let tokens = search_tokens("请把 r610302001 加进来 R610302 r6103x");
        assert!(
            !tokens.split(' ').any(is_scope_word),
            "planted scope words are split: {tokens}"
        );
        assert!(tokens.contains("610302001") && tokens.contains("r6103x"));
    }

    #[test]
    fn a_character_inside_a_longer_word_is_not_a_word_of_its_own() {
        assert!(!words("他每天打扫楼道").contains(&"打"));
        assert!(words("他扬言要打我").contains(&"打"));
    }

    #[test]
    fn two_character_words_become_search_tokens() {
        let t = search_tokens("楼上卫生间漏水,晚上噪音很大");
        let tokens: Vec<&str> = t.split(' ').collect();
        assert!(tokens.contains(&"漏水"), "{t}");
        assert!(tokens.contains(&"噪音"), "{t}");
    }

    #[test]
    fn every_line_of_the_dictionary_is_a_word_it_holds() {
        let dictionary = Jieba::with_dict(&mut DICTIONARY.as_bytes()).expect("well-formed");
        let lines: Vec<&str> = DICTIONARY.lines().collect();
        assert!(lines.len() > 130_000, "{}", lines.len());
        for line in lines.iter().step_by(997) {
            let word = line.split(' ').next().unwrap_or_default();
            assert!(dictionary.has_word(word), "{line}");
        }
    }

    #[test]
    fn the_governance_vocabulary_stays_whole() {
        let w = words("社区开展人民调解与法律援助,物业公司配合,群防群治覆盖渭滨区");
        for word in ["人民调解", "物业公司", "法律援助", "群防群治", "渭滨区"] {
            assert!(w.contains(&word), "{word} in {w:?}");
        }
    }

    /// Search words stored with one dictionary miss queries segmented with another: a change
    /// to the file must move [`SEGMENTATION`], so that servers make the stored words afresh.
    #[test]
    fn a_changed_dictionary_moves_the_segmentation() {
        let fnv = DICTIONARY.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        assert_eq!(
            (fnv, SEGMENTATION),
            (0x3011_1113_4375_8b3c, 2),
            "the dictionary changed: move SEGMENTATION and record the new hash here"
        );
    }
}
