//! Atom feeds (RFC 4287), for the channels that take their stories from the platform: public
//! warnings, and cultural guidance's published stories. Every feed and entry carries what the
//! RFC requires (id, title, updated; an author on the feed; a link or content on each entry).

use crate::time::iso;
use crate::xml::{document, text_el};

pub const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// The feed itself.
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub self_url: &'a str,
    /// The web page the feed mirrors.
    pub alternate: Option<&'a str>,
    pub updated: i64,
    pub author: &'a str,
}

/// One entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// A permanent IRI, e.g. `tag:…` or a URN.
    pub id: String,
    pub title: String,
    pub updated: i64,
    pub published: i64,
    /// `(rel, media type, href)` links; the first `alternate` is the entry's page.
    pub links: Vec<(&'static str, &'static str, String)>,
    pub summary: String,
    /// Category terms with their labels.
    pub categories: Vec<(String, String)>,
}

/// The feed as XML, entries in the order given (newest first by convention).
pub fn write(feed: &Feed<'_>, entries: &[Entry]) -> String {
    document(|w| {
        w.create_element("feed")
            .with_attribute(("xmlns", ATOM_NS))
            .write_inner_content(|w| {
                text_el(w, "id", feed.id)?;
                text_el(w, "title", feed.title)?;
                text_el(w, "updated", &iso(feed.updated))?;
                w.create_element("link")
                    .with_attributes([
                        ("rel", "self"),
                        ("type", "application/atom+xml"),
                        ("href", feed.self_url),
                    ])
                    .write_empty()?;
                if let Some(alt) = feed.alternate {
                    w.create_element("link")
                        .with_attributes([
                            ("rel", "alternate"),
                            ("type", "text/html"),
                            ("href", alt),
                        ])
                        .write_empty()?;
                }
                w.create_element("author")
                    .write_inner_content(|w| text_el(w, "name", feed.author))?;
                for e in entries {
                    w.create_element("entry").write_inner_content(|w| {
                        text_el(w, "id", &e.id)?;
                        text_el(w, "title", &e.title)?;
                        text_el(w, "updated", &iso(e.updated))?;
                        text_el(w, "published", &iso(e.published))?;
                        for (rel, kind, href) in &e.links {
                            w.create_element("link")
                                .with_attributes([
                                    ("rel", *rel),
                                    ("type", *kind),
                                    ("href", href.as_str()),
                                ])
                                .write_empty()?;
                        }
                        for (term, label) in &e.categories {
                            w.create_element("category")
                                .with_attributes([
                                    ("term", term.as_str()),
                                    ("label", label.as_str()),
                                ])
                                .write_empty()?;
                        }
                        text_el(w, "summary", &e.summary)?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_has_what_rfc_4287_requires_and_escapes_text() {
        let f = Feed {
            id: "tag:x,2026:feed",
            title: "文化 & 故事",
            self_url: "https://x/feed.atom",
            alternate: Some("https://x/"),
            updated: 1_796_000_000_000,
            author: "渭滨区",
        };
        let e = Entry {
            id: "tag:x,2026:1".into(),
            title: "<秦岭>".into(),
            updated: 1_796_000_000_000,
            published: 1_795_000_000_000,
            links: vec![("alternate", "text/html", "https://x/1".into())],
            summary: "a".into(),
            categories: vec![("story".into(), "历史故事".into())],
        };
        let xml = write(&f, &[e]);
        assert!(xml.contains("<title>文化 &amp; 故事</title>") && xml.contains("&lt;秦岭&gt;"));
        assert!(
            xml.contains("<author>")
                && xml.contains("rel=\"self\"")
                && xml.contains("<updated>2026-")
        );
        assert!(xml.contains("<category term=\"story\" label=\"历史故事\"/>"));
    }
}
