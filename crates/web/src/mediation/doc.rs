//! The four-level mediation area's part of the API description: its operations and the
//! schemas they name.

use crate::apidoc::schema::{en, obj, opt, r, t, B, I, N, S};
use crate::apidoc::Access::{District, Public, Staff};
use crate::apidoc::{idempotent, op, q, Op};
use fengqiao_core::mediation::{
    Category, FollowUpResult, Outcome, PartyKind, PartySide, Performance, ReferralChannel,
    SessionMode, Source,
    Vulnerability,
};
use fengqiao_core::RiskLevel;
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/disputes", "mediation", "纠纷列表(管辖范围内)", Staff, None, (200, "DisputePage")), &[("status", "open|agreed|closed|referred"), ("level", "1–4"), ("region", "区划代码"), ("overdue", "true|false"), ("risk", "red|orange|yellow|blue"), ("q", "中文全文检索"), ("assignee", "me 或用户名"), ("page_size", "1–200"), ("cursor", "下一页游标")]),
    idempotent(op("post", "/api/v1/disputes", "mediation", "登记纠纷(工作人员;或匿名居民带回访电话)。Idempotency-Key 头防重复", Public, Some("DisputeIntake"), (201, "DisputeCreated"))),
    op("get", "/api/v1/disputes/{id}", "mediation", "一件纠纷(读取留痕)", Staff, None, (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/sessions", "mediation", "记录一次调解", Staff, Some("SessionBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/escalate", "mediation", "上交上一级", Staff, Some("ReasonBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/handback", "mediation", "交回下一级", Staff, Some("ReasonBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/agreement", "mediation", "达成调解协议", Staff, Some("AgreementBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/followups", "mediation", "记录回访", Staff, Some("FollowUpBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/refer", "mediation", "引导至诉讼、仲裁或行政途径", Staff, Some("ReferBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/photos", "mediation", "上传现场照片(JPEG/PNG 原始字节)", Staff, Some("image"), (201, "PhotoAnswer")),
    op("get", "/api/v1/disputes/{id}/photos/{photo}", "mediation", "取照片(留痕)", Staff, None, (200, "image")),
    op("post", "/api/v1/disputes/{id}/parties/{party}/phone", "mediation", "回访:显示当事人完整电话(留痕,列入案件查阅记录)", Staff, None, (200, "RevealedPhone")),
    q(op("get", "/api/v1/mediation/funnel", "mediation", "四级漏斗", Staff, None, (200, "Funnel")), &[("region", "区划代码"), ("from", "起始日 YYYY-MM-DD"), ("to", "截止日 YYYY-MM-DD")]),
    op("get", "/api/v1/mediation/policy", "mediation", "当前定级策略", Staff, None, (200, "PolicyAnswer")),
    op("put", "/api/v1/mediation/policy", "mediation", "发布新版定级策略", District, Some("Object"), (200, "PolicyAnswer")),
    q(op("get", "/api/v1/mediation/mediators", "mediation", "调解员名册", Staff, None, (200, "[Mediator]")), &[("region", "区划代码")]),
    op("post", "/api/v1/mediation/mediators", "mediation", "添加调解员", Staff, Some("MediatorBody"), (201, "Mediator")),
];

/// The schemas of this area's bodies and answers; the codes of named values come from core,
/// so the document cannot drift from what the server accepts.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "RevealedPhone",
            obj(
                &["party", "name", "phone"],
                json!({ "party": t(I), "name": t(S), "phone": t(S) }),
            ),
        ),
        (
            "Party",
            obj(
                &["name"],
                json!({
                    "side": en(&PartySide::ALL.map(PartySide::as_str)), "kind": en(&PartyKind::ALL.map(PartyKind::as_str)),
                    "name": t(S), "phone": t(S), "id_number": { "type": "string", "description": "18-digit GB 11643 number; the check digit is verified" },
                    "vulnerability": en(&Vulnerability::ALL.map(Vulnerability::as_str))
                }),
            ),
        ),
        (
            "Location",
            obj(
                &["lon", "lat"],
                json!({ "lon": t(N), "lat": t(N), "crs": en(&["wgs84", "gcj02", "bd09"]) }),
            ),
        ),
        (
            "DisputeIntake",
            obj(
                &["category", "description"],
                json!({
                    "category": en(&Category::ALL.map(Category::as_str)),
                    "source": en(&Source::ALL.map(Source::as_str)),
                    "description": { "type": "string", "minLength": 5, "maxLength": 5000 },
                    "parties": { "type": "array", "items": r("Party"), "maxItems": 20 },
                    "location": r("Location"), "grid_code": t(S), "address": t(S),
                    "amount_yuan": t(N), "people": t(I), "households": t(I),
                    "whole_compound": t(B), "litigation": t(B), "minor_fight": t(B),
                    "callback_phone": { "type": "string", "description": "required without a sign-in" }
                }),
            ),
        ),
        (
            "DisputeCreated",
            obj(
                &["id", "tracking_code", "level"],
                json!({
                    "id": t(I), "tracking_code": t(S), "status": t(S), "level": t(I), "grid_code": t(S),
                    "assignee": opt(S), "due_at": t(I), "risk": r("Risk"), "linked": t(B)
                }),
            ),
        ),
        (
            "Risk",
            obj(
                &["level", "score"],
                json!({ "level": en(&RiskLevel::BY_URGENCY.map(RiskLevel::as_str)), "score": t(I), "reasons": { "type": "array", "items": t(S) } }),
            ),
        ),
        (
            "DisputePage",
            obj(
                &["items"],
                json!({ "items": { "type": "array", "items": r("Object") }, "total": t(I), "total_capped": t(B), "next_cursor": opt(S) }),
            ),
        ),
        (
            "Dispute",
            json!({ "type": "object", "description": "A case with parties (contacts masked by role), timeline, sessions, agreement, follow-ups and the actions the caller may take", "additionalProperties": true }),
        ),
        (
            "SessionBody",
            obj(
                &["mediators", "mode", "outcome"],
                json!({
                    "held_at": t(S), "mediators": { "type": "array", "items": t(S) }, "parties_present": { "type": "array", "items": t(S) },
                    "mode": en(&SessionMode::ALL.map(SessionMode::as_str)), "outcome": en(&Outcome::ALL.map(Outcome::as_str)), "notes": t(S)
                }),
            ),
        ),
        (
            "ReasonBody",
            obj(&["reason"], json!({ "reason": t(S), "to_level": t(I) })),
        ),
        (
            "AgreementBody",
            obj(
                &["signatures"],
                json!({
                    "terms": t(S), "signatures": { "type": "array", "items": obj(&["name"], json!({ "name": t(S), "signed_at": t(S) })) },
                    "performance": en(&Performance::ALL.map(Performance::as_str)), "performance_note": t(S), "judicial_applied_at": t(S), "judicial_filed_at": t(S), "judicial_result": t(S)
                }),
            ),
        ),
        (
            "FollowUpBody",
            obj(
                &["result"],
                json!({ "result": en(&FollowUpResult::ALL.map(FollowUpResult::as_str)), "notes": t(S) }),
            ),
        ),
        (
            "ReferBody",
            obj(
                &["channel"],
                json!({ "channel": en(&ReferralChannel::ALL.map(ReferralChannel::as_str)), "guidance": t(S) }),
            ),
        ),
        (
            "PhotoAnswer",
            obj(
                &["id"],
                json!({ "id": t(I), "size": t(I), "content_type": t(S) }),
            ),
        ),
        (
            "Funnel",
            obj(
                &["levels"],
                json!({ "levels": { "type": "array", "items": obj(&["level", "entered", "resolved"], json!({ "level": t(I), "entered": t(I), "resolved": t(I), "escalated": t(I), "open": t(I), "referred": t(I), "other": t(I), "overdue": t(I) })) } }),
            ),
        ),
        (
            "PolicyAnswer",
            obj(
                &["version", "policy"],
                json!({ "version": t(I), "policy": r("Object") }),
            ),
        ),
        (
            "Mediator",
            obj(
                &["name", "kind"],
                json!({ "id": t(I), "name": t(S), "kind": t(S), "organisation": t(S), "region_code": t(S) }),
            ),
        ),
        (
            "MediatorBody",
            obj(
                &["name", "kind"],
                json!({ "name": t(S), "kind": t(S), "organisation": t(S), "region_code": t(S) }),
            ),
        ),
    ]
}
