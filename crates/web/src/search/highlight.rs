//! Showing where the words were found: a window of the text around the first match, and the
//! words wrapped in `<mark>` in otherwise escaped HTML.

/// Up to `width` characters of `text` around the first occurrence of any term.
pub fn snippet(text: &str, terms: &[String], width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width {
        return text.to_owned();
    }
    let lower = text.to_lowercase();
    let first = terms
        .iter()
        .filter_map(|t| lower.find(t.as_str()))
        .min()
        .map_or(0, |byte| lower[..byte].chars().count());
    let start = first.saturating_sub(width / 3).min(chars.len() - width);
    let mut out: String = chars[start..start + width].iter().collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if start + width < chars.len() {
        out.push('…');
    }
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Escaped `text` with every occurrence of a term (case-insensitive for Latin letters) marked.
pub fn highlight(text: &str, terms: &[String]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut marked = vec![false; chars.len()];
    for t in terms {
        let t: Vec<char> = t.chars().collect();
        if t.is_empty() || t.len() > lower.len() {
            continue;
        }
        for i in 0..=lower.len() - t.len() {
            if lower[i..i + t.len()] == t[..] {
                marked[i..i + t.len()].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let run = marked[i];
        let mut j = i;
        while j < chars.len() && marked[j] == run {
            j += 1;
        }
        let piece: String = chars[i..j].iter().collect();
        if run {
            out.push_str("<mark>");
            escape_into(&mut out, &piece);
            out.push_str("</mark>");
        } else {
            escape_into(&mut out, &piece);
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn marks_every_occurrence_and_escapes_the_rest() {
        assert_eq!(
            highlight("楼上漏水,<b>漏水</b>", &terms(&["漏水"])),
            "楼上<mark>漏水</mark>,&lt;b&gt;<mark>漏水</mark>&lt;/b&gt;"
        );
    }

    #[test]
    fn overlapping_terms_make_one_mark() {
        assert_eq!(
            highlight("噪音扰民", &terms(&["噪音", "音扰"])),
            "<mark>噪音扰</mark>民"
        );
    }

    #[test]
    fn snippets_centre_on_the_first_match() {
        let text = format!("{}漏水{}", "前".repeat(100), "后".repeat(100));
        let s = snippet(&text, &terms(&["漏水"]), 30);
        assert!(s.contains("漏水") && s.starts_with('…') && s.ends_with('…'));
        assert_eq!(s.chars().count(), 32);
    }
}
