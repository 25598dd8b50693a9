//! The region tree and accounts area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{en, list_of, obj, opt, r, t, I, S};
use crate::apidoc::Access::{Admin, District, Public, Staff};
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/regions", "org", "区划列表", Staff, None, (200, "RegionPage")), &[("level", "district|town|community|grid|compound|building"), ("under", "上级区划代码"), ("page_size", "1–500"), ("cursor", "上一页的 next_cursor")]),
    op("get", "/api/v1/regions/{code}", "org", "一个区划及其边界", Staff, None, (200, "Region")),
    q(op("get", "/api/v1/locate", "org", "坐标所在网格", Public, None, (200, "Located")), &[("lon", "经度"), ("lat", "纬度"), ("crs", "wgs84|gcj02|bd09")]),
    q(op("get", "/api/v1/accounts", "org", "账号目录(电话脱敏,读取留痕)", District, None, (200, "AccountPage")), &[("role", "角色"), ("region", "区划代码"), ("q", "姓名或用户名的开头"), ("page_size", "1–500"), ("cursor", "上一页的 next_cursor")]),
    op("post", "/api/v1/accounts/{username}/deactivate", "org", "停用账号(其登录全部结束;最后一个在用的管理员或协调员不能停用)", District, None, (204, "")),
    op("post", "/api/v1/accounts/{username}/reactivate", "org", "重新启用账号", District, None, (204, "")),
    op("post", "/api/v1/accounts/{username}/totp-reset", "org", "清除动态验证码(手机丢失时;留痕)", Admin, None, (204, "")),
    op("post", "/api/v1/accounts/{username}/password-reset", "org", "重置密码,返回只显示一次的临时密码;本人登录后须先改密码", Admin, None, (200, "PasswordReset")),
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
            "PasswordReset",
            obj(
                &["username", "temporary_password"],
                json!({ "username": t(S), "temporary_password": t(S), "message": t(S) }),
            ),
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
