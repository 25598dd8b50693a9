//! The inbox and webhooks area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{en, list_of, obj, opt, t, I, S};
use crate::apidoc::Access::{District, SignedIn};
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/notifications", "inbox", "我的消息与未读数", SignedIn, None, (200, "Inbox")), &[("unread", "true:只看未读"), ("before", "上一页最后的 id"), ("page_size", "1–200")]),
    op("post", "/api/v1/notifications/read", "inbox", "标为已读", SignedIn, Some("ReadBody"), (200, "ReadAnswer")),
    op("get", "/api/v1/webhooks", "inbox", "Webhook 列表", District, None, (200, "[Webhook]")),
    op("post", "/api/v1/webhooks", "inbox", "添加 Webhook(返回签名密钥)", District, Some("WebhookBody"), (201, "WebhookCreated")),
    op("post", "/api/v1/webhooks/{id}/deactivate", "inbox", "停用 Webhook", District, None, (204, "")),
    q(op("get", "/api/v1/webhooks/deliveries", "inbox", "投递记录与死信列表", District, None, (200, "[Delivery]")), &[("status", "pending|delivered|dead")]),
    op("post", "/api/v1/webhooks/deliveries/{id}/replay", "inbox", "重发一条死信", District, None, (202, "")),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Notification",
            obj(
                &["id", "kind", "title", "link"],
                json!({ "id": t(I), "kind": en(&["assigned", "escalated", "overdue", "high_risk", "request_assigned"]), "title": t(S), "link": t(S), "created_at": t(I), "read_at": opt(I) }),
            ),
        ),
        (
            "Inbox",
            obj(
                &["unread", "items"],
                json!({ "unread": t(I), "items": list_of("Notification") }),
            ),
        ),
        (
            "ReadBody",
            obj(
                &[],
                json!({ "ids": { "type": "array", "items": t(I), "description": "absent: all" } }),
            ),
        ),
        (
            "ReadAnswer",
            obj(
                &["changed", "unread"],
                json!({ "changed": t(I), "unread": t(I) }),
            ),
        ),
        (
            "Webhook",
            obj(
                &["id", "name", "url", "events"],
                json!({ "id": t(I), "name": t(S), "url": t(S), "events": t(S), "active": t(I), "created_by": t(S), "created_at": t(I) }),
            ),
        ),
        (
            "WebhookBody",
            obj(
                &["name", "url"],
                json!({ "name": t(S), "url": { "type": "string", "format": "uri" }, "events": { "type": "string", "description": "* or comma-separated kinds" } }),
            ),
        ),
        (
            "WebhookCreated",
            obj(
                &["id", "secret"],
                json!({ "id": t(I), "name": t(S), "url": t(S), "events": t(S), "secret": { "type": "string", "description": "HMAC-SHA256 key of X-Fengqiao-Signature; shown once" } }),
            ),
        ),
        (
            "Delivery",
            obj(
                &["id", "status"],
                json!({ "id": t(I), "webhook_id": t(I), "event": t(S), "body": t(S), "status": en(&["pending", "delivered", "dead"]), "attempts": t(I), "next_at": t(I), "last_error": t(S), "created_at": t(I), "delivered_at": opt(I) }),
            ),
        ),
    ]
}
