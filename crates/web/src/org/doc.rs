//! The region tree and accounts area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{en, list_of, obj, opt, r, t, I, S};
use crate::apidoc::Access::{District, Public, Staff};
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/regions", "org", "区划列表", Staff, None, (200, "RegionPage")), &[("level", "district|town|community|grid|compound|building"), ("under", "上级区划代码"), ("page_size", "1–500"), ("cursor", "上一页的 next_cursor")]),
    op("get", "/api/v1/regions/{code}", "org", "一个区划及其边界", Staff, None, (200, "Region")),
    q(op("get", "/api/v1/locate", "org", "坐标所在网格", Public, None, (200, "Located")), &[("lon", "经度"), ("lat", "纬度"), ("crs", "wgs84|gcj02|bd09")]),
    q(op("get", "/api/v1/accounts", "org", "账号目录(电话脱敏,读取留痕)", District, None, (200, "AccountPage")), &[("role", "角色"), ("region", "区划代码")]),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Region",
            obj(
                &["code", "name", "level"],
                json!({
                    "code": t(S), "name": t(S), "level": en(&["district", "town", "community", "grid", "compound", "building"]),
                    "parent_code": opt(S), "geometry": { "description": "GeoJSON geometry in WGS-84" }
                }),
            ),
        ),
        (
            "RegionPage",
            obj(
                &["items"],
                json!({ "items": list_of("Region"), "next_cursor": opt(S) }),
            ),
        ),
        (
            "Located",
            obj(
                &["grid"],
                json!({ "grid": r("Named"), "community": r("Named"), "town": r("Named"), "district": r("Named") }),
            ),
        ),
        (
            "Named",
            obj(&["code", "name"], json!({ "code": t(S), "name": t(S) })),
        ),
        (
            "AccountPage",
            obj(
                &["items"],
                json!({ "items": { "type": "array", "items": r("Object") }, "total": t(I), "next_cursor": opt(S) }),
            ),
        ),
    ]
}
