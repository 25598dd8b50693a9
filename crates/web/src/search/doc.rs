//! The search area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{list_of, obj, opt, t, I, S};
use crate::apidoc::Access::Staff;
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/search", "search", "一个搜索框:纠纷、诉求、队伍、区划", Staff, None, (200, "SearchAnswer")), &[("q", "搜索词")]),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Hit",
            obj(
                &["area", "title", "href"],
                json!({ "area": t(S), "title": t(S), "href": t(S), "score": t(I), "title_html": t(S), "snippet_html": { "type": "string", "description": "escaped HTML with <mark> around the words found" }, "at": opt(I) }),
            ),
        ),
        (
            "SearchAnswer",
            obj(&["q", "hits"], json!({ "q": t(S), "hits": list_of("Hit") })),
        ),
    ]
}
