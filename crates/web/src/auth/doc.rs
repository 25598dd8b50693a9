//! The sign-in area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{obj, opt, r, t, B, I, S};
use crate::apidoc::Access::{Public, SignedIn};
use crate::apidoc::{op, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    op("post", "/api/v1/auth/login", "auth", "登录,返回令牌(也设会话 Cookie)", Public, Some("LoginBody"), (200, "LoginAnswer")),
    op("post", "/api/v1/auth/logout", "auth", "退出,令牌失效", SignedIn, None, (204, "")),
    op("get", "/api/v1/me", "auth", "当前用户", SignedIn, None, (200, "User")),
    op("post", "/api/v1/me/totp", "auth", "开始设置两步验证", SignedIn, None, (200, "TotpSetup")),
    op("post", "/api/v1/me/totp/confirm", "auth", "确认两步验证", SignedIn, Some("TotpConfirm"), (200, "User")),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "LoginBody",
            obj(
                &["username", "password"],
                json!({
                    "username": t(S), "password": t(S), "totp": t(S)
                }),
            ),
        ),
        (
            "LoginAnswer",
            obj(
                &["token", "user"],
                json!({ "token": t(S), "expires_at": t(I), "user": r("User") }),
            ),
        ),
        (
            "User",
            obj(
                &["username", "role"],
                json!({
                    "id": t(I), "username": t(S), "name": t(S), "role": t(S), "role_label": t(S),
                    "region_code": t(S), "department": opt(S), "totp_enabled": t(B)
                }),
            ),
        ),
        (
            "TotpSetup",
            obj(
                &["secret", "otpauth_url"],
                json!({ "secret": t(S), "otpauth_url": t(S) }),
            ),
        ),
        ("TotpConfirm", obj(&["code"], json!({ "code": t(S) }))),
    ]
}
