//! The assessment area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{obj, t, I, N, S};
use crate::apidoc::Access::{District, Staff};
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/assessment", "assessment", "考核排名", Staff, None, (200, "Assessment")), &[("level", "town|community|grid|team"), ("from", "起始日"), ("to", "截止日")]),
    op("get", "/api/v1/assessment/weights", "assessment", "考核权重", Staff, None, (200, "Weights")),
    op("put", "/api/v1/assessment/weights", "assessment", "设置考核权重", District, Some("Weights"), (200, "Weights")),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Assessment",
            obj(
                &["rows"],
                json!({ "level": t(S), "rows": { "type": "array", "items": obj(&["region_code", "score", "rank"], json!({ "region_code": t(S), "region_name": t(S), "score": t(N), "rank": t(I), "values": { "type": "object", "additionalProperties": { "type": ["number", "null"] } } })) } }),
            ),
        ),
        (
            "Weights",
            json!({ "type": "object", "additionalProperties": { "type": "number", "minimum": 0 } }),
        ),
    ]
}
