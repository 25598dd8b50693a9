//! The four lists area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{obj, opt, r, t, B, I, S};
use crate::apidoc::Access::Staff;
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/lists/{kind}", "lists", "四单:duty|tasks|problems|results", Staff, None, (200, "ListAnswer")), &[("region", "区划代码"), ("team", "队伍编号"), ("from", "起始日"), ("to", "截止日")]),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "ListAnswer",
            obj(
                &["kind", "items"],
                json!({ "kind": t(S), "items": { "type": "array", "items": r("ListItem") } }),
            ),
        ),
        (
            "ListItem",
            obj(
                &["area", "title", "href"],
                json!({ "area": t(S), "title": t(S), "detail": t(S), "href": t(S), "due_at": opt(I), "overdue": t(B) }),
            ),
        ),
    ]
}
