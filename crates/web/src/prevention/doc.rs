//! Risk prevention's part of the API description: its operations and the schemas they name.

use crate::apidoc::schema::{list_of, obj, opt, t, B, I, N, S};
use crate::apidoc::Access::{District, SignedIn, Staff};
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    q(op("get", "/api/v1/patrols", "prevention", "巡逻记录(本人管辖范围,最新在前)", Staff, None, (200, "PatrolPage")), &[("region", "区划代码"), ("days", "近几天,默认 30"), ("before", "上一页最后的 id"), ("limit", "1–200")]),
    op("post", "/api/v1/patrols", "prevention", "开始一次巡逻", Staff, Some("PatrolStart"), (201, "Patrol")),
    op("get", "/api/v1/patrols/{id}", "prevention", "一次巡逻及经过的巡逻点", Staff, None, (200, "Patrol")),
    op("post", "/api/v1/patrols/{id}/points", "prevention", "分批上传轨迹点(WGS-84 或 GCJ-02,每批至多 10000 个)", Staff, Some("PatrolPoints"), (200, "Appended")),
    op("post", "/api/v1/patrols/{id}/finish", "prevention", "结束巡逻,登记发现(隐患、纠纷交相应部门)", Staff, Some("PatrolFinish"), (200, "Patrol")),
    q(op("post", "/api/v1/patrols/import", "prevention", "导入 GPX 1.1 轨迹文件(请求体即文件),记为一次已结束的巡逻", Staff, Some("GpxFile"), (201, "Patrol")), &[("team_id", "巡逻队伍"), ("members", "队员姓名,逗号分隔")]),
    op("get", "/api/v1/patrols/{id}/track.gpx", "prevention", "轨迹(GPX 1.1)", Staff, None, (200, "GpxFile")),
    op("get", "/api/v1/patrols/{id}/track.geojson", "prevention", "轨迹(GeoJSON LineString)", Staff, None, (200, "Object")),
    q(op("get", "/api/v1/patrols/checkpoints", "prevention", "网格巡逻点", Staff, None, (200, "[Checkpoint]")), &[("region", "区划代码")]),
    op("post", "/api/v1/patrols/checkpoints", "prevention", "新增巡逻点(须在该网格内;轨迹经过 30 米内即记为到达)", Staff, Some("CheckpointBody"), (201, "Checkpoint")),
    q(op("get", "/api/v1/cameras", "prevention", "摄像机登记(雪亮工程)", Staff, None, (200, "[Camera]")), &[("region", "区划代码"), ("status", "working|faulty|retired")]),
    op("post", "/api/v1/cameras", "prevention", "登记摄像机(GB/T 28181 设备编码须属本区;同编码则更新)", Staff, Some("CameraBody"), (201, "Camera")),
    op("get", "/api/v1/cameras/{id}", "prevention", "一台摄像机及其故障记录", Staff, None, (200, "CameraDetail")),
    op("post", "/api/v1/cameras/{id}/faults", "prevention", "报修:摄像机标为故障,维护人收到 3 天内修复的任务", Staff, Some("FaultBody"), (201, "CameraDetail")),
    op("post", "/api/v1/cameras/{id}/faults/{fault}/repair", "prevention", "记录修复", Staff, Some("RepairBody"), (200, "CameraDetail")),
    q(op("get", "/api/v1/cameras/export", "prevention", "导出摄像机登记表(xlsx)", Staff, None, (200, "Xlsx")), &[("region", "区划代码")]),
    q(op("post", "/api/v1/cameras/import", "prevention", "导入摄像机登记表(请求体即 xlsx;有不合格行时整表不导入,除非 skip_bad)", Staff, Some("Xlsx"), (200, "CameraImport")), &[("skip_bad", "true:只导入合格的行")]),
    q(op("get", "/api/v1/prevention/compounds", "prevention", "各小区近 7 天的视频与巡逻覆盖(无人看护小时)", Staff, None, (200, "CompoundCover")), &[("region", "区划代码")]),
    op("get", "/api/v1/compounds/{code}/security", "prevention", "小区技防八大子系统检查表与达到的等级", Staff, None, (200, "Checklist")),
    op("put", "/api/v1/compounds/{code}/security", "prevention", "记录小区技防检查结果(已建成须写明依据)", Staff, Some("ChecklistBody"), (200, "Checklist")),
    q(op("get", "/api/v1/prevention/smart-compounds", "prevention", "智慧安防小区:年度目标与各小区等级", Staff, None, (200, "SmartProgress")), &[("region", "区划代码")]),
    op("get", "/api/v1/prevention/smart-standard", "prevention", "智慧安防小区标准(各等级所需子系统、年度目标)", Staff, None, (200, "SmartStandard")),
    op("put", "/api/v1/prevention/smart-standard", "prevention", "修改标准(存为新版本,区级协调员)", District, Some("Standard"), (200, "SmartStandard")),
    q(op("get", "/api/v1/risk-sites", "prevention", "公共安全风险点(责任清单;联系电话脱敏)", Staff, None, (200, "[RiskSite]")), &[("region", "区划代码"), ("kind", "类型"), ("risk", "red|orange|yellow|blue"), ("overdue", "true:只看超期未检")]),
    op("post", "/api/v1/risk-sites", "prevention", "登记风险点(首次检查按风险等级排期)", Staff, Some("RiskSiteBody"), (201, "RiskSiteDetail")),
    op("get", "/api/v1/risk-sites/{id}", "prevention", "一个风险点及检查、整改(读取联系电话留痕)", Staff, None, (200, "RiskSiteDetail")),
    op("post", "/api/v1/risk-sites/{id}/inspections", "prevention", "记录检查:问题列为整改并限期,按风险等级排下次检查", Staff, Some("InspectionBody"), (201, "RiskSiteDetail")),
    op("post", "/api/v1/risk-sites/rectifications/{id}", "prevention", "复查整改:通过则销号,未通过重新限期", Staff, Some("RecheckBody"), (200, "RiskSiteDetail")),
    q(op("get", "/api/v1/risk-sites/report", "prevention", "按类型统计:超期未检、待整改、整改超期、超期天数、平均整改天数", Staff, None, (200, "[SiteReport]")), &[("region", "区划代码")]),
    op("get", "/api/v1/large-events", "prevention", "大型活动申请(工作人员看管辖范围内的,主办方看自己的;联系电话脱敏)", SignedIn, None, (200, "[LargeEvent]")),
    op("post", "/api/v1/large-events", "prevention", "申请大型活动安全许可:不足 1000 人无需许可,不足 20 日不予受理,5000 人以上报市公安局,其余受理并 7 日内决定", SignedIn, Some("LargeEventBody"), (201, "LargeEvent")),
    op("get", "/api/v1/large-events/{id}", "prevention", "一项申请", SignedIn, None, (200, "LargeEvent")),
    op("post", "/api/v1/large-events/{id}/decision", "prevention", "准予许可(附条件)或不予许可(附理由),公安机关", Staff, Some("DecisionBody"), (200, "LargeEvent")),
    op("post", "/api/v1/large-events/{id}/report", "prevention", "活动后报告", SignedIn, Some("EventReportBody"), (200, "LargeEvent")),
    q(op("get", "/api/v1/eco-reports", "prevention", "秦岭北麓生态问题(五乱、野生动物;居民经 /api/v1/reports 的 eco-* 服务上报)", Staff, None, (200, "[EcoReport]")), &[("region", "区划代码"), ("open", "true:只看未办结"), ("mine", "true:只看交给我的")]),
    op("get", "/api/v1/eco-reports/{id}", "prevention", "一件生态问题及办理经过(精确位置仅工作人员可见)", Staff, None, (200, "EcoReport")),
    op("post", "/api/v1/eco-reports/{id}/rectify", "prevention", "责令整改并限期", Staff, Some("RectifyBody"), (200, "EcoReport")),
    op("post", "/api/v1/eco-reports/{id}/recheck", "prevention", "复查:合格办结,不合格重新限期", Staff, Some("RecheckBody"), (200, "EcoReport")),
    q(op("get", "/api/v1/patrols/shifts", "prevention", "各网格每周巡逻班次", Staff, None, (200, "[PatrolShift]")), &[("region", "区划代码")]),
    op("post", "/api/v1/patrols/shifts", "prevention", "新增巡逻班次(星期 1–7,HH:MM 至 HH:MM,可指定负责该网格的队伍)", Staff, Some("ShiftBody"), (201, "PatrolShift")),
    q(op("get", "/api/v1/patrols/weekly", "prevention", "各网格一周的巡逻次数、时长、里程(周一至周日)", Staff, None, (200, "[PatrolWeek]")), &[("region", "区划代码"), ("week", "该周任一天 YYYY-MM-DD,默认本周")]),
];

/// The schemas of this area's bodies and answers.
pub fn schemas() -> Vec<(&'static str, Value)> {
    let instant = json!({ "type": ["integer", "string"], "description": "milliseconds or ISO 8601" });
    vec![
        (
            "Patrol",
            obj(
                &["id", "grid_code", "started_at"],
                json!({
                    "id": t(I), "grid_code": t(S), "grid_name": t(S), "team_id": opt(I), "team_name": opt(S), "members": t(S),
                    "started_at": t(I), "started": t(S), "ended_at": opt(I), "finished": t(B), "minutes": t(I), "distance_m": t(N),
                    "points": t(I), "findings": t(S), "source": t(S), "source_label": t(S), "created_by": t(S),
                    "visited": { "type": "array", "items": { "type": "array", "description": "[checkpoint name, time]" } },
                    "reported": { "type": "array", "items": t(S), "description": "finish only: tracking codes of what was reported" }
                }),
            ),
        ),
        ("PatrolPage", obj(&["items"], json!({ "items": list_of("Patrol"), "next_before": opt(I) }))),
        (
            "PatrolStart",
            obj(&["grid_code"], json!({ "grid_code": t(S), "team_id": opt(I), "members": { "type": "array", "items": t(S) }, "started_at": instant })),
        ),
        (
            "PatrolPoints",
            obj(&["points"], json!({
                "crs": { "type": "string", "description": "wgs84 (default), gcj02 or bd09" },
                "points": { "type": "array", "maxItems": 10000, "items": obj(&["lon", "lat", "at"], json!({ "lon": t(N), "lat": t(N), "at": instant })) }
            })),
        ),
        ("Appended", obj(&["accepted", "points"], json!({ "accepted": t(I), "points": t(I), "distance_m": t(N), "visited": { "type": "array", "items": t(S) } }))),
        (
            "PatrolFinish",
            obj(&[], json!({
                "findings": t(S), "ended_at": instant,
                "reports": { "type": "array", "maxItems": 10, "items": obj(&["service_code", "description"], json!({ "service_code": t(S), "description": t(S) })) }
            })),
        ),
        ("GpxFile", json!({ "type": "string", "contentMediaType": "application/gpx+xml", "description": "GPX 1.1" })),
        ("Checkpoint", obj(&["id", "name"], json!({ "id": t(I), "grid_code": t(S), "grid_name": t(S), "name": t(S), "lon": t(N), "lat": t(N) }))),
        ("CheckpointBody", obj(&["grid_code", "name", "lon", "lat"], json!({ "grid_code": t(S), "name": t(S), "lon": t(N), "lat": t(N), "crs": t(S) }))),
        (
            "Camera",
            obj(&["id", "device_code", "status"], json!({
                "id": t(I), "device_code": t(S), "name": t(S), "compound_code": opt(S), "compound_name": opt(S), "key_place": t(S),
                "grid_code": t(S), "grid_name": t(S), "lon": t(N), "lat": t(N), "direction": opt(I), "field_of_view": opt(I),
                "status": { "type": "string", "enum": ["working", "faulty", "retired"] }, "status_label": t(S), "faulty_since": opt(I), "maintainer": opt(S)
            })),
        ),
        (
            "CameraBody",
            obj(&["device_code", "name"], json!({
                "device_code": { "type": "string", "pattern": "^[0-9]{20}$" }, "name": t(S), "compound_code": t(S), "key_place": t(S),
                "lon": t(N), "lat": t(N), "crs": t(S), "direction": t(I), "field_of_view": t(I), "maintainer": t(S)
            })),
        ),
        ("CameraDetail", json!({ "allOf": [{ "$ref": "#/components/schemas/Camera" }, obj(&["faults"], json!({ "faults": { "type": "array", "items": obj(&["id"], json!({ "id": t(I), "description": t(S), "reported_at": t(I), "due_at": t(I), "overdue": t(B), "repaired_at": opt(I), "reply": t(S) })) } }))] })),
        ("FaultBody", obj(&["description"], json!({ "description": t(S) }))),
        ("RepairBody", obj(&["reply"], json!({ "reply": t(S) }))),
        ("Xlsx", json!({ "type": "string", "contentMediaType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })),
        ("CameraImport", obj(&["written"], json!({ "registered": t(I), "updated": t(I), "written": t(B), "rejected": { "type": "array", "items": obj(&["row", "reason"], json!({ "row": t(I), "reason": t(S) })) } }))),
        ("CompoundCover", obj(&["compounds", "covered", "items"], json!({
            "compounds": t(I), "covered": t(I), "key_places": t(I), "key_places_covered": t(I), "from": t(I), "to": t(I),
            "items": { "type": "array", "items": obj(&["code", "unwatched_hours"], json!({ "code": t(S), "name": t(S), "grid_name": t(S), "cameras": t(I), "working": t(I), "patrol_hours": t(N), "unwatched_hours": t(N) })) }
        }))),
        ("Checklist", obj(&["compound_code", "items"], json!({
            "compound_code": t(S), "compound_name": t(S), "level": opt(S), "next_level": opt(S), "missing": { "type": "array", "items": t(S) },
            "items": { "type": "array", "items": obj(&["subsystem", "present"], json!({ "subsystem": t(S), "label": t(S), "present": t(B), "evidence": t(S), "checked_on": opt(S), "checked_by": opt(S) })) }
        }))),
        ("ChecklistBody", obj(&["items"], json!({ "items": { "type": "array", "maxItems": 8, "items": obj(&["subsystem", "present"], json!({
            "subsystem": { "type": "string", "enum": ["perimeter_alarm", "pedestrian_access", "vehicle_access", "smart_door", "video", "face_capture", "guard_tour", "smart_fire"] },
            "present": t(B), "evidence": { "type": "string", "description": "required when present" }, "checked_on": { "type": "string", "format": "date" } })) } }))),
        ("SmartProgress", obj(&["year", "target", "reached_this_year"], json!({
            "year": t(I), "target": t(I), "lowest": t(S), "reached_this_year": t(I), "reached": t(I),
            "compounds": { "type": "array", "items": obj(&["code"], json!({ "code": t(S), "name": t(S), "level": opt(S), "present": t(I), "reached_on": opt(S) })) }
        }))),
        ("Standard", obj(&["year", "target", "grades"], json!({ "year": t(I), "target": t(I), "grades": { "type": "array", "items": obj(&["name", "needs"], json!({ "name": t(S), "needs": { "type": "array", "items": t(S) } })) } }))),
        ("SmartStandard", obj(&["version", "standard"], json!({ "version": t(I), "standard": { "$ref": "#/components/schemas/Standard" } }))),
        ("RiskSite", obj(&["id", "kind", "name", "risk_level"], json!({
            "id": t(I), "kind": t(S), "kind_label": t(S), "name": t(S), "address": t(S), "grid_code": t(S), "grid_name": t(S), "lon": t(N), "lat": t(N),
            "responsible_unit": t(S), "contact_name": t(S), "contact_phone": { "type": ["string", "null"], "description": "masked in lists" },
            "risk_level": t(S), "risk_label": t(S), "risk_reasons": t(S), "campaign": t(S), "campaign_label": t(S),
            "last_inspected": opt(S), "next_due": t(S), "next_due_at": t(I), "inspection_overdue": t(B), "open_rectifications": t(I)
        }))),
        ("RiskSiteBody", obj(&["kind", "name", "lon", "lat", "responsible_unit", "risk_level"], json!({
            "kind": { "type": "string", "enum": ["dangerous_goods", "crowded_venue", "new_business", "construction_site", "scenic_area", "enterprise"] },
            "name": t(S), "address": t(S), "lon": t(N), "lat": t(N), "crs": t(S), "responsible_unit": t(S), "contact_name": t(S), "contact_phone": t(S),
            "risk_level": { "type": "string", "enum": ["red", "orange", "yellow", "blue"] }, "risk_reasons": { "type": "string", "description": "required for red and orange" },
            "campaign": { "type": "string", "enum": ["none", "safe_enterprise", "safe_scenic_area"] }
        }))),
        ("RiskSiteDetail", json!({ "allOf": [{ "$ref": "#/components/schemas/RiskSite" }, obj(&["inspections", "rectifications"], json!({
            "inspections": { "type": "array", "items": obj(&["id"], json!({ "id": t(I), "inspected_on": t(S), "inspector": t(S), "notes": t(S), "risk_label": t(S), "findings": t(I), "on_time": t(B) })) },
            "rectifications": { "type": "array", "items": obj(&["id"], json!({ "id": t(I), "finding": t(S), "found_on": t(S), "deadline": t(S), "overdue": t(B), "days_overdue": t(I), "rechecks": t(I), "recheck_notes": t(S), "closed_on": opt(S), "days_to_close": opt(I) })) }
        }))] })),
        ("InspectionBody", obj(&[], json!({ "inspected_on": { "type": "string", "format": "date" }, "notes": t(S), "risk_level": t(S), "risk_reasons": t(S), "findings": { "type": "array", "maxItems": 20, "items": t(S) } }))),
        ("RecheckBody", obj(&["passed", "notes"], json!({ "passed": t(B), "notes": t(S) }))),
        ("SiteReport", obj(&["kind"], json!({ "kind": t(S), "kind_label": t(S), "sites": t(I), "red_or_orange": t(I), "overdue_inspections": t(I), "open_rectifications": t(I), "overdue_rectifications": t(I), "days_overdue": t(I), "mean_days_to_close": opt(N) }))),
        ("LargeEvent", obj(&["id", "name", "status"], json!({
            "id": t(I), "name": t(S), "organiser": t(S), "organiser_contact": { "type": "string", "description": "masked in lists" }, "venue": t(S),
            "grid_code": t(S), "grid_name": t(S), "starts_at": t(I), "starts": t(S), "ends": t(S), "expected_people": t(I), "venue_capacity": t(I), "exits": t(I), "plan": t(S),
            "status": { "type": "string", "enum": ["accepted", "approved", "refused", "referred_city", "not_required"] }, "status_label": t(S), "status_reason": t(S),
            "risk_level": t(S), "risk_label": t(S), "risk_reasons": t(S), "decide_by": opt(S), "decision_overdue": t(B), "conditions": t(S), "decided": opt(S), "report": t(S), "reported": opt(S)
        }))),
        ("LargeEventBody", obj(&["name", "organiser", "organiser_contact", "venue", "lon", "lat", "starts_at", "ends_at", "expected_people", "venue_capacity", "exits"], json!({
            "name": t(S), "organiser": t(S), "organiser_contact": t(S), "venue": t(S), "lon": t(N), "lat": t(N), "crs": t(S),
            "starts_at": { "type": "string", "description": "ISO 8601 or YYYY-MM-DD" }, "ends_at": t(S), "expected_people": t(I), "venue_capacity": t(I), "exits": t(I), "plan": t(S)
        }))),
        ("DecisionBody", obj(&["approve"], json!({ "approve": t(B), "text": { "type": "string", "description": "conditions of a permit, or the reasons of a refusal (required)" } }))),
        ("EventReportBody", obj(&["report"], json!({ "report": t(S) }))),
        ("EcoReport", obj(&["id", "tracking_code", "kind", "status"], json!({
            "id": t(I), "tracking_code": t(S), "kind": { "type": "string", "enum": ["illegal_building", "illegal_logging", "illegal_mining", "illegal_dumping", "poaching", "wildlife"] },
            "kind_label": t(S), "description": t(S), "grid_code": t(S), "grid_name": t(S), "address": t(S), "lon": opt(N), "lat": opt(N),
            "reporter_phone": { "type": ["string", "null"], "description": "masked" }, "channel": t(S), "department": t(S), "assignee": opt(S),
            "status": { "type": "string", "enum": ["open", "rectifying", "closed"] }, "status_label": t(S), "due": t(S), "overdue": t(B), "rectify_order": t(S), "created": t(S),
            "steps": { "type": "array", "items": { "type": "array", "description": "[time, what]" } }
        }))),
        ("RectifyBody", obj(&["order", "days"], json!({ "order": t(S), "days": { "type": "integer", "minimum": 1, "maximum": 90 } }))),
        ("PatrolShift", obj(&["id", "grid_code", "weekday"], json!({ "id": t(I), "grid_code": t(S), "grid_name": t(S), "team_id": opt(I), "team_name": opt(S), "weekday": t(I), "start_minute": t(I), "end_minute": t(I), "when": t(S) }))),
        ("ShiftBody", obj(&["grid_code", "weekday", "start", "end"], json!({ "grid_code": t(S), "team_id": opt(I), "weekday": { "type": "integer", "minimum": 1, "maximum": 7 }, "start": { "type": "string", "description": "HH:MM" }, "end": t(S) }))),
        ("PatrolWeek", obj(&["grid_code", "hours"], json!({ "grid_code": t(S), "grid_name": t(S), "patrols": t(I), "hours": t(N), "distance_km": t(N) }))),
    ]
}
