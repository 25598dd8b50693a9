//! The residents' portal area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{en, obj, opt, r, t, B, I, S};
use crate::apidoc::Access::{District, Public, SignedIn};
use crate::apidoc::{idempotent, op, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    idempotent(op("post", "/api/v1/reports", "portal", "居民反映(无需登录,限频;同电话同网格当天合并;登录的居民记在本人账号下,可不留电话)", Public, Some("ReportBody"), (201, "Submitted"))),
    op("get", "/api/v1/reports", "portal", "本人反映过的事项(最新在前,最多 50 件,不含步骤)", SignedIn, None, (200, "[Tracked]")),
    op("get", "/api/v1/track/{code}", "portal", "凭查询码看进度(不含姓名电话)", Public, None, (200, "Tracked")),
    op("post", "/api/v1/track/{code}/rating", "portal", "办结后评价(需回访电话)", Public, Some("RatingBody"), (201, "Tracked")),
    op("get", "/api/v1/open311/keys", "portal", "Open311 接口密钥", District, None, (200, "[Key]")),
    op("post", "/api/v1/open311/keys", "portal", "签发 Open311 密钥", District, Some("KeyBody"), (201, "IssuedKey")),
    op("post", "/api/v1/open311/keys/{id}/revoke", "portal", "吊销 Open311 密钥", District, None, (204, "")),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Service",
            obj(
                &["service_code", "service_name", "kind"],
                json!({ "service_code": t(S), "service_name": t(S), "group": t(S), "kind": en(&["dispute", "hazard", "need"]), "description": t(S) }),
            ),
        ),
        (
            "ReportBody",
            obj(
                &["service_code", "description"],
                json!({
                    "service_code": t(S), "description": { "type": "string", "minLength": 5, "maxLength": 5000 }, "location": r("Location"),
                    "grid_code": t(S), "address": { "type": "string", "description": "within the district, naming the compound" },
                    "callback_phone": { "type": "string", "description": "required without signing in" }, "name": t(S)
                }),
            ),
        ),
        (
            "Submitted",
            obj(
                &["kind", "tracking_code", "linked"],
                json!({ "kind": en(&["dispute", "hazard", "need"]), "id": t(I), "tracking_code": t(S), "linked": t(B), "replayed": t(B) }),
            ),
        ),
        (
            "Tracked",
            obj(
                &["tracking_code", "status", "steps"],
                json!({
                    "tracking_code": t(S), "kind": t(S), "service_name": t(S), "status": t(S), "status_label": t(S), "level_label": t(S),
                    "created_at": t(I), "updated_at": t(I), "finished": t(B),
                    "steps": { "type": "array", "items": obj(&["at", "label"], json!({ "at": t(I), "day": t(S), "label": t(S) })) },
                    "reply": opt(S), "rating": opt(I)
                }),
            ),
        ),
        (
            "RatingBody",
            obj(
                &["stars", "phone"],
                json!({ "stars": { "type": "integer", "minimum": 1, "maximum": 5 }, "phone": { "type": "string", "description": "the callback phone left with the report" }, "comment": t(S) }),
            ),
        ),
        ("KeyBody", obj(&["name"], json!({ "name": t(S) }))),
        (
            "IssuedKey",
            obj(
                &["id", "name", "api_key"],
                json!({ "id": t(I), "name": t(S), "api_key": { "type": "string", "description": "shown once" } }),
            ),
        ),
        (
            "Key",
            obj(
                &["id", "name", "key_prefix"],
                json!({ "id": t(I), "name": t(S), "key_prefix": t(S), "created_by": t(S), "created_at": t(I), "revoked_at": opt(I) }),
            ),
        ),
        ("AccountDeactivated", obj(&[], json!({ "username": t(S) }))),
    ]
}
