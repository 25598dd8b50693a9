//! Helpers for the JSON schemas each area writes in its `doc.rs`, and the schemas all share.

use serde_json::{json, Value};

pub fn obj(required: &[&str], props: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": props })
}

pub fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

pub fn list_of(name: &str) -> Value {
    json!({ "type": "array", "items": r(name) })
}

pub const S: &str = "string";
pub const I: &str = "integer";
pub const N: &str = "number";
pub const B: &str = "boolean";

pub fn t(ty: &str) -> Value {
    json!({ "type": ty })
}

pub fn opt(ty: &str) -> Value {
    json!({ "type": [ty, "null"] })
}

pub fn en(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

/// The schemas every area's answers may name: the problem details of an error, and a free
/// object.
pub fn common() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Problem",
            obj(
                &["type", "title", "status", "detail"],
                json!({
                    "type": t(S), "title": t(S), "status": t(I), "detail": t(S), "code": t(S)
                }),
            ),
        ),
        (
            "Object",
            json!({ "type": "object", "additionalProperties": true }),
        ),
    ]
}
