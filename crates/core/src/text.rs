//! Chinese text: segmentation into words (jieba), used for full-text search and for matching
//! word lists, so that 打 inside 打扫 is not taken for the word 打.

use jieba_rs::Jieba;
use std::sync::OnceLock;

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
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
}
