//! The JSON schemas of the API's bodies and answers, by name, for the OpenAPI document.

use serde_json::{json, Map, Value};

fn obj(required: &[&str], props: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": props })
}

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn list_of(name: &str) -> Value {
    json!({ "type": "array", "items": r(name) })
}

const S: &str = "string";
const I: &str = "integer";
const N: &str = "number";
const B: &str = "boolean";

fn t(ty: &str) -> Value {
    json!({ "type": ty })
}

fn opt(ty: &str) -> Value {
    json!({ "type": [ty, "null"] })
}

fn en(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

/// Every schema the document refers to.
pub fn all() -> Map<String, Value> {
    let mut m = Map::new();
    let mut add = |name: &str, v: Value| {
        m.insert(name.to_owned(), v);
    };
    add(
        "Problem",
        obj(
            &["type", "title", "status", "detail"],
            json!({
                "type": t(S), "title": t(S), "status": t(I), "detail": t(S), "code": t(S)
            }),
        ),
    );
    add(
        "Object",
        json!({ "type": "object", "additionalProperties": true }),
    );
    add(
        "LoginBody",
        obj(
            &["username", "password"],
            json!({
                "username": t(S), "password": t(S), "totp": t(S)
            }),
        ),
    );
    add(
        "LoginAnswer",
        obj(
            &["token", "user"],
            json!({ "token": t(S), "expires_at": t(I), "user": r("User") }),
        ),
    );
    add(
        "User",
        obj(
            &["username", "role"],
            json!({
                "id": t(I), "username": t(S), "name": t(S), "role": t(S), "role_label": t(S),
                "region_code": t(S), "department": opt(S), "totp_enabled": t(B)
            }),
        ),
    );
    add(
        "TotpSetup",
        obj(
            &["secret", "otpauth_url"],
            json!({ "secret": t(S), "otpauth_url": t(S) }),
        ),
    );
    add("TotpConfirm", obj(&["code"], json!({ "code": t(S) })));
    add(
        "Region",
        obj(
            &["code", "name", "level"],
            json!({
                "code": t(S), "name": t(S), "level": en(&["district", "town", "community", "grid", "compound", "building"]),
                "parent_code": opt(S), "geometry": { "description": "GeoJSON geometry in WGS-84" }
            }),
        ),
    );
    add(
        "RegionPage",
        obj(
            &["items"],
            json!({ "items": list_of("Region"), "next_cursor": opt(S) }),
        ),
    );
    add(
        "Located",
        obj(
            &["grid"],
            json!({ "grid": r("Named"), "community": r("Named"), "town": r("Named"), "district": r("Named") }),
        ),
    );
    add(
        "Named",
        obj(&["code", "name"], json!({ "code": t(S), "name": t(S) })),
    );
    add(
        "AccountPage",
        obj(
            &["items"],
            json!({ "items": { "type": "array", "items": r("Object") }, "total": t(I), "next_cursor": opt(S) }),
        ),
    );
    add(
        "Party",
        obj(
            &["name"],
            json!({
                "side": en(&["applicant", "respondent", "other"]), "kind": en(&["person", "organisation"]),
                "name": t(S), "phone": t(S), "id_number": { "type": "string", "description": "18-digit GB 11643 number; the check digit is verified" },
                "vulnerability": en(&["elderly", "minor", "disabled"])
            }),
        ),
    );
    add(
        "Location",
        obj(
            &["lon", "lat"],
            json!({ "lon": t(N), "lat": t(N), "crs": en(&["wgs84", "gcj02", "bd09"]) }),
        ),
    );
    add(
        "DisputeIntake",
        obj(
            &["category", "description"],
            json!({
                "category": { "type": "string", "description": "marriage_family, neighbour, housing_land, property_management, contract, damages, labour_wages, land_acquisition, environment, traffic, medical, consumer, other" },
                "source": en(&["resident", "screening", "call_110", "petition", "hotline_12345", "department"]),
                "description": { "type": "string", "minLength": 5, "maxLength": 5000 },
                "parties": { "type": "array", "items": r("Party"), "maxItems": 20 },
                "location": r("Location"), "grid_code": t(S), "address": t(S),
                "amount_yuan": t(N), "people": t(I), "households": t(I),
                "whole_compound": t(B), "litigation": t(B), "minor_fight": t(B),
                "callback_phone": { "type": "string", "description": "required without a sign-in" }
            }),
        ),
    );
    add(
        "DisputeCreated",
        obj(
            &["id", "tracking_code", "level"],
            json!({
                "id": t(I), "tracking_code": t(S), "status": t(S), "level": t(I), "grid_code": t(S),
                "assignee": opt(S), "due_at": t(I), "risk": r("Risk"), "linked": t(B)
            }),
        ),
    );
    add(
        "Risk",
        obj(
            &["level", "score"],
            json!({ "level": en(&["red", "orange", "yellow", "blue"]), "score": t(I), "reasons": { "type": "array", "items": t(S) } }),
        ),
    );
    add(
        "DisputePage",
        obj(
            &["items"],
            json!({ "items": { "type": "array", "items": r("Object") }, "total": t(I), "next_cursor": opt(S) }),
        ),
    );
    add(
        "Dispute",
        json!({ "type": "object", "description": "A case with parties (contacts masked by role), timeline, sessions, agreement, follow-ups and the actions the caller may take", "additionalProperties": true }),
    );
    add(
        "SessionBody",
        obj(
            &["mediators", "mode", "outcome"],
            json!({
                "held_at": t(S), "mediators": { "type": "array", "items": t(S) }, "parties_present": { "type": "array", "items": t(S) },
                "mode": en(&["in_person", "phone", "video"]), "outcome": en(&["settled", "partial", "failed"]), "notes": t(S)
            }),
        ),
    );
    add(
        "ReasonBody",
        obj(&["reason"], json!({ "reason": t(S), "to_level": t(I) })),
    );
    add(
        "AgreementBody",
        obj(
            &["signatures"],
            json!({
                "terms": t(S), "signatures": { "type": "array", "items": obj(&["name"], json!({ "name": t(S), "signed_at": t(S) })) },
                "performance": t(S), "performance_note": t(S), "judicial_applied_at": t(S), "judicial_filed_at": t(S), "judicial_result": t(S)
            }),
        ),
    );
    add(
        "FollowUpBody",
        obj(
            &["result"],
            json!({ "result": en(&["stable", "unstable"]), "notes": t(S) }),
        ),
    );
    add(
        "ReferBody",
        obj(
            &["channel"],
            json!({ "channel": en(&["litigation", "arbitration", "administrative"]), "guidance": t(S) }),
        ),
    );
    add(
        "PhotoAnswer",
        obj(
            &["id"],
            json!({ "id": t(I), "size": t(I), "content_type": t(S) }),
        ),
    );
    add(
        "Funnel",
        obj(
            &["levels"],
            json!({ "levels": { "type": "array", "items": obj(&["level", "entered", "resolved"], json!({ "level": t(I), "entered": t(I), "resolved": t(I), "escalated": t(I), "open": t(I), "overdue": t(I) })) } }),
        ),
    );
    add(
        "PolicyAnswer",
        obj(
            &["version", "policy"],
            json!({ "version": t(I), "policy": r("Object") }),
        ),
    );
    add(
        "Mediator",
        obj(
            &["name", "kind"],
            json!({ "id": t(I), "name": t(S), "kind": t(S), "organisation": t(S), "region_code": t(S) }),
        ),
    );
    add(
        "MediatorBody",
        obj(
            &["name", "kind"],
            json!({ "name": t(S), "kind": t(S), "organisation": t(S), "region_code": t(S) }),
        ),
    );
    add(
        "Team",
        obj(
            &["id", "name", "kind"],
            json!({ "id": t(I), "name": t(S), "kind": t(S), "force": t(S), "region_code": t(S), "active": t(B), "members": t(I) }),
        ),
    );
    add(
        "TeamBody",
        obj(
            &["name", "kind", "region_code"],
            json!({ "name": t(S), "kind": t(S), "region_code": t(S) }),
        ),
    );
    add(
        "MemberBody",
        obj(
            &["name", "member_role"],
            json!({ "name": t(S), "member_role": t(S), "username": t(S), "phone": t(S), "id_number": t(S) }),
        ),
    );
    add(
        "FacilityBody",
        obj(
            &["kind", "region_code"],
            json!({ "kind": t(S), "name": t(S), "region_code": t(S), "lon": t(N), "lat": t(N) }),
        ),
    );
    add(
        "RosterReport",
        obj(
            &["imported"],
            json!({ "imported": t(I), "rejected": { "type": "array", "items": obj(&["number", "reason"], json!({ "number": t(I), "reason": t(S) })) } }),
        ),
    );
    add(
        "Coverage",
        json!({ "type": "object", "description": "Each requirement of the normal-operation mandate per region: met or the gap", "additionalProperties": true }),
    );
    add(
        "Mandates",
        json!({ "type": "object", "description": "The versioned requirements of the four forces", "additionalProperties": true }),
    );
    add(
        "ListAnswer",
        obj(
            &["kind", "items"],
            json!({ "kind": t(S), "items": { "type": "array", "items": r("ListItem") } }),
        ),
    );
    add(
        "ListItem",
        obj(
            &["area", "title", "href"],
            json!({ "area": t(S), "title": t(S), "detail": t(S), "href": t(S), "due_at": opt(I), "overdue": t(B) }),
        ),
    );
    add(
        "Assessment",
        obj(
            &["rows"],
            json!({ "level": t(S), "rows": { "type": "array", "items": obj(&["region_code", "score", "rank"], json!({ "region_code": t(S), "region_name": t(S), "score": t(N), "rank": t(I), "values": { "type": "object", "additionalProperties": { "type": ["number", "null"] } } })) } }),
        ),
    );
    add(
        "Weights",
        json!({ "type": "object", "additionalProperties": { "type": "number", "minimum": 0 } }),
    );
    add(
        "Hit",
        obj(
            &["area", "title", "href"],
            json!({ "area": t(S), "title": t(S), "href": t(S), "score": t(I), "title_html": t(S), "snippet_html": { "type": "string", "description": "escaped HTML with <mark> around the words found" }, "at": opt(I) }),
        ),
    );
    add(
        "SearchAnswer",
        obj(&["q", "hits"], json!({ "q": t(S), "hits": list_of("Hit") })),
    );
    add(
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
    );
    add(
        "RequestDetail",
        json!({ "allOf": [r("Request"), obj(&["events", "photos"], json!({ "events": { "type": "array", "items": r("Object") }, "photos": { "type": "array", "items": t(S) } }))] }),
    );
    add(
        "RequestPage",
        obj(
            &["items"],
            json!({ "items": list_of("Request"), "next_before": opt(I) }),
        ),
    );
    add(
        "RequestStep",
        obj(
            &[],
            json!({ "reply": { "type": "string", "description": "required to finish (done); the resident sees it" } }),
        ),
    );
    add(
        "Notification",
        obj(
            &["id", "kind", "title", "link"],
            json!({ "id": t(I), "kind": en(&["assigned", "escalated", "overdue", "high_risk", "request_assigned"]), "title": t(S), "link": t(S), "created_at": t(I), "read_at": opt(I) }),
        ),
    );
    add(
        "Inbox",
        obj(
            &["unread", "items"],
            json!({ "unread": t(I), "items": list_of("Notification") }),
        ),
    );
    add(
        "ReadBody",
        obj(
            &[],
            json!({ "ids": { "type": "array", "items": t(I), "description": "absent: all" } }),
        ),
    );
    add(
        "ReadAnswer",
        obj(
            &["changed", "unread"],
            json!({ "changed": t(I), "unread": t(I) }),
        ),
    );
    add(
        "Webhook",
        obj(
            &["id", "name", "url", "events"],
            json!({ "id": t(I), "name": t(S), "url": t(S), "events": t(S), "active": t(I), "created_by": t(S), "created_at": t(I) }),
        ),
    );
    add(
        "WebhookBody",
        obj(
            &["name", "url"],
            json!({ "name": t(S), "url": { "type": "string", "format": "uri" }, "events": { "type": "string", "description": "* or comma-separated kinds" } }),
        ),
    );
    add(
        "WebhookCreated",
        obj(
            &["id", "secret"],
            json!({ "id": t(I), "name": t(S), "url": t(S), "events": t(S), "secret": { "type": "string", "description": "HMAC-SHA256 key of X-Fengqiao-Signature; shown once" } }),
        ),
    );
    add(
        "Delivery",
        obj(
            &["id", "status"],
            json!({ "id": t(I), "webhook_id": t(I), "event": t(S), "body": t(S), "status": en(&["pending", "delivered", "dead"]), "attempts": t(I), "next_at": t(I), "last_error": t(S), "created_at": t(I), "delivered_at": opt(I) }),
        ),
    );
    add(
        "Service",
        obj(
            &["service_code", "service_name", "kind"],
            json!({ "service_code": t(S), "service_name": t(S), "group": t(S), "kind": en(&["dispute", "hazard", "need"]), "description": t(S) }),
        ),
    );
    add(
        "ReportBody",
        obj(
            &["service_code", "description", "callback_phone"],
            json!({
                "service_code": t(S), "description": { "type": "string", "minLength": 5, "maxLength": 5000 }, "location": r("Location"),
                "grid_code": t(S), "address": { "type": "string", "description": "within the district, naming the compound" },
                "callback_phone": t(S), "name": t(S)
            }),
        ),
    );
    add(
        "Submitted",
        obj(
            &["kind", "tracking_code", "linked"],
            json!({ "kind": en(&["dispute", "hazard", "need"]), "id": t(I), "tracking_code": t(S), "linked": t(B), "replayed": t(B) }),
        ),
    );
    add(
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
    );
    add(
        "RatingBody",
        obj(
            &["stars", "phone"],
            json!({ "stars": { "type": "integer", "minimum": 1, "maximum": 5 }, "phone": { "type": "string", "description": "the callback phone left with the report" }, "comment": t(S) }),
        ),
    );
    add("KeyBody", obj(&["name"], json!({ "name": t(S) })));
    add(
        "IssuedKey",
        obj(
            &["id", "name", "api_key"],
            json!({ "id": t(I), "name": t(S), "api_key": { "type": "string", "description": "shown once" } }),
        ),
    );
    add(
        "Key",
        obj(
            &["id", "name", "key_prefix"],
            json!({ "id": t(I), "name": t(S), "key_prefix": t(S), "created_by": t(S), "created_at": t(I), "revoked_at": opt(I) }),
        ),
    );
    add("AccountDeactivated", obj(&[], json!({ "username": t(S) })));
    m
}
