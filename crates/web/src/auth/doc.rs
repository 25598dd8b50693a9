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
    op("post", "/api/v1/me/totp", "auth", "开始设置两步验证(需再次输入密码)", SignedIn, Some("PasswordAgain"), (200, "TotpSetup")),
    op("post", "/api/v1/me/totp/confirm", "auth", "确认两步验证(其他登录随即结束)", SignedIn, Some("TotpConfirm"), (200, "TotpConfirmed")),
    op("post", "/api/v1/me/password", "auth", "修改自己的密码(至少 10 个字符,不能是常见密码;其他登录随即结束)", SignedIn, Some("PasswordChange"), (200, "PasswordChanged")),
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
                    "region_code": t(S), "department": opt(S), "totp_enabled": t(B),
                    "must_change_password": t(B)
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
        (
            "TotpConfirmed",
            obj(&["totp_enabled"], json!({ "totp_enabled": t(B), "message": t(S) })),
        ),
        ("PasswordAgain", obj(&["password"], json!({ "password": t(S) }))),
        (
            "PasswordChange",
            obj(
                &["current_password", "new_password"],
                json!({ "current_password": t(S), "new_password": t(S) }),
            ),
        ),
        (
            "PasswordChanged",
            obj(&["changed"], json!({ "changed": t(B), "message": t(S) })),
        ),
    ]
}
