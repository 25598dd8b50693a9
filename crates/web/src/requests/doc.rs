//! The hazards and needs area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{en, list_of, obj, opt, r, t, B, I, N, S};
use crate::apidoc::Access::Staff;
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/requests", "requests", "隐患与诉求列表", Staff, None, (200, "RequestPage")), &[("status", "open|accepted|done"), ("mine", "true:只看我的"), ("before", "上一页最后的 id"), ("page_size", "1–200")]),
    op("get", "/api/v1/requests/{id}", "requests", "一件诉求及经过、照片(读取留痕)", Staff, None, (200, "RequestDetail")),
    op("get", "/api/v1/requests/{id}/photos/{photo}", "requests", "取居民上传的照片", Staff, None, (200, "image")),
    op("post", "/api/v1/requests/{id}/{step}", "requests", "受理(accept)或办结(done,需答复)", Staff, Some("RequestStep"), (200, "Request")),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Request",
            obj(
                &["id", "tracking_code", "status"],
                json!({
                    "id": t(I), "tracking_code": t(S), "kind": en(&["hazard", "need"]), "service_code": t(S), "service_name": t(S),
                    "description": t(S), "status": en(&["open", "accepted", "done"]), "status_label": t(S), "grid_code": t(S), "address": t(S),
                    "lon": opt(N), "lat": opt(N), "reporter_phone": { "type": ["string", "null"], "description": "masked" },
                    "channel": en(&["portal", "open311", "staff"]), "client": opt(S), "assignee": opt(S), "due_at": t(I), "overdue": t(B),
                    "reply": t(S), "created_at": t(I), "updated_at": t(I), "closed_at": opt(I)
                }),
            ),
        ),
        (
            "RequestDetail",
            json!({ "allOf": [r("Request"), obj(&["events", "photos"], json!({ "events": { "type": "array", "items": r("Object") }, "photos": { "type": "array", "items": t(S) } }))] }),
        ),
        (
            "RequestPage",
            obj(
                &["items"],
                json!({ "items": list_of("Request"), "next_before": opt(I) }),
            ),
        ),
        (
            "RequestStep",
            obj(
                &[],
                json!({ "reply": { "type": "string", "description": "required to finish (done); the resident sees it" } }),
            ),
        ),
    ]
}
