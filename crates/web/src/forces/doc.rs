//! The four forces area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{obj, t, B, I, N, S};
use crate::apidoc::Access::{District, Staff};
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/teams", "forces", "四支力量队伍", Staff, None, (200, "Object")), &[("region", "区划代码"), ("kind", "队伍类型")]),
    op("post", "/api/v1/teams", "forces", "建立队伍", Staff, Some("TeamBody"), (201, "Object")),
    op("get", "/api/v1/teams/{id}", "forces", "一支队伍及成员(证件号按角色脱敏)", Staff, None, (200, "Object")),
    op("post", "/api/v1/teams/roster", "forces", "导入队伍花名册 .xlsx", Staff, Some("xlsx"), (201, "RosterReport")),
    op("post", "/api/v1/teams/{id}/members", "forces", "添加成员", Staff, Some("MemberBody"), (201, "Object")),
    op("post", "/api/v1/teams/{id}/members/{member}/end", "forces", "成员离队", Staff, None, (204, "")),
    op("post", "/api/v1/facilities", "forces", "登记设施(物防、技防)", Staff, Some("FacilityBody"), (201, "Object")),
    q(op("get", "/api/v1/coverage", "forces", "常态化要求达标情况", Staff, None, (200, "Coverage")), &[("region", "区划代码")]),
    op("get", "/api/v1/mandates", "forces", "常态化要求(现行版本)", Staff, None, (200, "Mandates")),
    op("put", "/api/v1/mandates", "forces", "发布新版常态化要求", District, Some("Mandates"), (200, "Mandates")),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Team",
            obj(
                &["id", "name", "kind"],
                json!({ "id": t(I), "name": t(S), "kind": t(S), "force": t(S), "region_code": t(S), "active": t(B), "members": t(I) }),
            ),
        ),
        (
            "TeamBody",
            obj(
                &["name", "kind", "region_code"],
                json!({ "name": t(S), "kind": t(S), "region_code": t(S) }),
            ),
        ),
        (
            "MemberBody",
            obj(
                &["name", "member_role"],
                json!({ "name": t(S), "member_role": t(S), "username": t(S), "phone": t(S), "id_number": t(S) }),
            ),
        ),
        (
            "FacilityBody",
            obj(
                &["kind", "region_code"],
                json!({ "kind": t(S), "name": t(S), "region_code": t(S), "lon": t(N), "lat": t(N) }),
            ),
        ),
        (
            "RosterReport",
            obj(
                &["imported"],
                json!({ "imported": t(I), "rejected": { "type": "array", "items": obj(&["number", "reason"], json!({ "number": t(I), "reason": t(S) })) } }),
            ),
        ),
        (
            "Coverage",
            json!({ "type": "object", "description": "Each requirement of the normal-operation mandate per region: met or the gap", "additionalProperties": true }),
        ),
        (
            "Mandates",
            json!({ "type": "object", "description": "The versioned requirements of the four forces", "additionalProperties": true }),
        ),
    ]
}
