//! Emergency command's part of the API description: its operations and the schemas they name.

use crate::apidoc::schema::{obj, opt, t, B, I, N, S};
use crate::apidoc::Access::{Public, Staff};
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/incidents", "emergency", "突发事件(本人管辖范围,最新在前)", Staff, None, (200, "[Incident]")), &[("open", "1:只看处置中的")]),
    op("post", "/api/v1/incidents", "emergency", "接报突发事件:按类型启动预案清单,通知指挥中心;Ⅱ级及以上由区级指挥", Staff, Some("IncidentBody"), (201, "IncidentDetail")),
    op("get", "/api/v1/incidents/{id}", "emergency", "一起事件:预案步骤、只增不改的日志、公众预警", Staff, None, (200, "IncidentDetail")),
    op("post", "/api/v1/incidents/{id}/log", "emergency", "记入日志(更正也是新的一条,写明更正哪一条),返回写入的这一条", Staff, Some("LogBody"), (201, "LogLine")),
    op("post", "/api/v1/incidents/{id}/steps/{step}/done", "emergency", "预案步骤完成", Staff, None, (200, "IncidentDetail")),
    op("post", "/api/v1/incidents/{id}/severity", "emergency", "调整级别(升至Ⅱ级及以上时区级接管指挥)", Staff, Some("SeverityBody"), (200, "IncidentDetail")),
    op("post", "/api/v1/incidents/{id}/dispatch", "emergency", "调派镇街综合应急救援队", Staff, Some("DispatchBody"), (200, "IncidentDetail")),
    op("post", "/api/v1/incidents/{id}/alerts", "emergency", "发布、更新或解除公众预警(CAP 1.2)", Staff, Some("WarningBody"), (201, "Warning")),
    op("post", "/api/v1/incidents/{id}/close", "emergency", "处置结束,提交总结报告", Staff, Some("CloseBody"), (200, "IncidentDetail")),
    q(op("get", "/api/v1/incidents/{id}/stream", "emergency", "事件日志实时推送(server-sent events;Last-Event-ID 续传)", Staff, None, (200, "EventStream")), &[("after", "页面已显示的最后一条日志编号")]),
    op("get", "/api/v1/response-plans", "emergency", "各类事件的应急预案(演练新增的步骤注明来源)", Staff, None, (200, "[ResponsePlan]")),
    op("get", "/api/v1/response-plans/{kind}", "emergency", "一类事件的应急预案", Staff, None, (200, "ResponsePlan")),
    op("get", "/api/v1/drills", "emergency", "反恐与应急演练", Staff, None, (200, "[Drill]")),
    op("post", "/api/v1/drills", "emergency", "登记演练(指挥中心、派出所)", Staff, Some("DrillBody"), (201, "Drill")),
    op("get", "/api/v1/drills/{id}", "emergency", "一次演练:过程、评估、发现的问题", Staff, None, (200, "Drill")),
    op("post", "/api/v1/drills/{id}/timeline", "emergency", "记录演练过程", Staff, Some("TextBody"), (201, "Drill")),
    op("post", "/api/v1/drills/{id}/evaluation", "emergency", "演练评估", Staff, Some("TextBody"), (200, "Drill")),
    op("post", "/api/v1/drills/{id}/incident", "emergency", "启动演练事件(标为演练,按所检验的预案处置)", Staff, Some("SeverityBody"), (201, "Played")),
    op("post", "/api/v1/drills/{id}/findings", "emergency", "登记演练发现的问题及预案应增加的步骤", Staff, Some("FindingBody"), (201, "Drill")),
    op("post", "/api/v1/drills/{id}/findings/{finding}/apply", "emergency", "把发现写入预案(预案版本加一,步骤注明来自本次演练)", Staff, None, (200, "Drill")),
    op("post", "/api/v1/tips", "emergency", "提供线索(可匿名),返回 16 位回执号", Public, Some("TipBody"), (201, "TipReceipt")),
    op("get", "/api/v1/tips", "emergency", "本所收到的线索(仅属地派出所民警;不含联系方式)", Staff, None, (200, "[Tip]")),
    op("get", "/api/v1/tips/{id}", "emergency", "一条线索及沟通记录(不含联系方式)", Staff, None, (200, "TipDetail")),
    op("get", "/api/v1/tips/{id}/contact", "emergency", "查看线索人联系方式(仅属地派出所民警;每次查看均记录并告知线索人)", Staff, None, (200, "TipContact")),
    op("post", "/api/v1/tips/{id}/replies", "emergency", "回复线索人", Staff, Some("TextBody"), (201, "TipDetail")),
    op("get", "/api/v1/tip-receipts/{receipt}", "emergency", "凭回执查看线索的回复", Public, None, (200, "TipForTipster")),
    op("post", "/api/v1/tip-receipts/{receipt}/messages", "emergency", "凭回执补充情况", Public, Some("TextBody"), (201, "TipForTipster")),
];

pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        ("Incident", obj(&["id", "kind", "severity", "status", "exercise"], json!({
            "id": t(I), "kind": { "type": "string", "enum": ["natural_disaster", "accident", "public_health", "public_security", "collective"] }, "kind_label": t(S),
            "severity": { "type": "string", "enum": ["I", "II", "III", "IV"] }, "severity_label": t(S), "title": t(S), "description": t(S),
            "grid_code": t(S), "grid_name": t(S), "town_name": t(S), "lon": opt(N), "lat": opt(N),
            "status": { "type": "string", "enum": ["responding", "closed"] }, "status_label": t(S),
            "command": { "type": "string", "enum": ["town", "district"] }, "command_label": t(S), "exercise": t(B), "drill_id": opt(I),
            "report": t(S), "opened_by": t(S), "opened": t(S), "closed": opt(S)
        }))),
        ("IncidentDetail", json!({ "allOf": [{ "$ref": "#/components/schemas/Incident" }, obj(&["steps", "log", "alerts"], json!({
            "steps": { "type": "array", "items": obj(&["id", "title"], json!({ "id": t(I), "seq": t(I), "title": t(S), "owner_label": t(S), "done": opt(S), "done_by": opt(S) })) },
            "log": { "type": "array", "items": { "$ref": "#/components/schemas/LogLine" } },
            "alerts": { "type": "array", "items": { "$ref": "#/components/schemas/Warning" } }
        }))] })),
        ("LogLine", obj(&["id", "at", "kind", "text"], json!({ "id": t(I), "incident_id": t(I), "at": t(S), "actor": t(S), "kind": t(S), "kind_label": t(S), "text": t(S), "corrects": opt(I) }))),
        ("IncidentBody", obj(&["kind", "severity", "title"], json!({ "kind": t(S), "severity": t(S), "title": t(S), "description": t(S), "lon": t(N), "lat": t(N), "grid_code": { "type": "string", "description": "when there is no point" } }))),
        ("LogBody", obj(&["text"], json!({ "text": t(S), "corrects": { "type": "integer", "description": "the line corrected (it stays as it was)" } }))),
        ("SeverityBody", obj(&["severity"], json!({ "severity": { "type": "string", "enum": ["I", "II", "III", "IV"] } }))),
        ("DispatchBody", obj(&["task"], json!({ "task": t(S) }))),
        ("WarningBody", obj(&["headline"], json!({ "msg_type": { "type": "string", "enum": ["Alert", "Update", "Cancel"] }, "headline": t(S), "description": t(S), "instruction": t(S), "grids": { "type": "array", "items": t(S), "description": "grid codes; the incident's grid by default" } }))),
        ("Warning", obj(&["id", "identifier", "msg_type", "cap_url"], json!({ "id": t(I), "identifier": t(S), "msg_type": t(S), "msg_type_label": t(S), "exercise": t(B), "headline": t(S), "description": t(S), "instruction": t(S), "area_desc": t(S), "sent": t(S), "cap_url": t(S) }))),
        ("CloseBody", obj(&["report"], json!({ "report": t(S) }))),
        ("EventStream", json!({ "type": "string", "contentMediaType": "text/event-stream", "description": "events `entry` (a LogLine as JSON, id = line number) and `reload`" })),
        ("ResponsePlan", obj(&["kind", "version", "steps"], json!({ "kind": t(S), "kind_label": t(S), "title": t(S), "version": t(I), "updated": t(S),
            "steps": { "type": "array", "items": obj(&["seq", "title"], json!({ "seq": t(I), "title": t(S), "owner_label": t(S), "drill_id": opt(I), "from_drill": opt(S) })) } }))),
        ("Drill", obj(&["id", "kind", "title", "exercise"], json!({ "id": t(I), "exercise": t(B), "kind": t(S), "kind_label": t(S), "title": t(S), "scenario": t(S), "plan_kind": t(S), "plan_label": t(S),
            "teams": t(S), "grid_name": t(S), "held": t(S), "evaluation": t(S), "timeline": { "type": "array", "items": { "type": "array", "description": "[time, what, who]" } },
            "findings": { "type": "array", "items": obj(&["id"], json!({ "id": t(I), "finding": t(S), "step_title": t(S), "owner_label": t(S), "assignee": opt(S), "due": t(S), "applied": opt(S) })) },
            "incidents": { "type": "array", "items": { "type": "array", "description": "[id, title]" } } }))),
        ("DrillBody", obj(&["kind", "title", "scenario", "plan_kind", "grid_code", "held_at"], json!({ "kind": { "type": "string", "enum": ["counter_terror", "emergency"] }, "title": t(S), "scenario": t(S), "plan_kind": t(S), "teams": t(S), "grid_code": t(S), "held_at": t(S) }))),
        ("TextBody", obj(&["text"], json!({ "text": t(S), "status": { "type": "string", "enum": ["checking", "closed"], "description": "a station's reply only" } }))),
        ("Played", obj(&["incident_id", "exercise"], json!({ "incident_id": t(I), "exercise": t(B), "url": t(S) }))),
        ("FindingBody", obj(&["finding", "step_title", "owner_role"], json!({ "finding": t(S), "step_title": t(S), "owner_role": t(S), "days": t(I) }))),
        ("TipBody", obj(&["kind", "text"], json!({ "kind": { "type": "string", "enum": ["crime", "hazard"] }, "text": t(S), "place": t(S), "lon": t(N), "lat": t(N), "grid_code": t(S), "contact": { "type": "string", "description": "optional; sealed, read only by the receiving station's officers" } }))),
        ("TipReceipt", obj(&["receipt", "url"], json!({ "receipt": { "type": "string", "pattern": "^[0-9A-HJKMNP-TV-Z]{16}$" }, "receipt_grouped": t(S), "status": t(S), "status_label": t(S), "url": t(S), "note": t(S) }))),
        ("Tip", obj(&["id", "kind", "status"], json!({ "id": t(I), "kind": t(S), "kind_label": t(S), "text": t(S), "place": t(S), "grid_code": t(S), "grid_name": t(S), "status": t(S), "status_label": t(S), "has_contact": t(B), "received": t(S) }))),
        ("TipDetail", json!({ "allOf": [{ "$ref": "#/components/schemas/Tip" }, obj(&["messages"], json!({ "messages": { "type": "array", "items": { "$ref": "#/components/schemas/TipMessage" } }, "contact_reads": { "type": "array", "items": t(S) } }))] })),
        ("TipMessage", obj(&["from", "text", "at"], json!({ "from": t(S), "from_station": t(B), "text": t(S), "at": t(S) }))),
        ("TipContact", obj(&["contact", "recorded"], json!({ "contact": opt(S), "recorded": t(B) }))),
        ("TipForTipster", obj(&["status", "messages"], json!({ "kind_label": t(S), "status": t(S), "status_label": t(S), "text": t(S), "received": t(S),
            "messages": { "type": "array", "items": { "$ref": "#/components/schemas/TipMessage" } }, "contact_reads": { "type": "array", "items": t(S) } }))),
    ]
}
