//! Serving residents' part of the API description.

use crate::apidoc::schema::{obj, t, B, I, S};
use crate::apidoc::Access::{District, Public, SignedIn, Staff};
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    op("get", "/api/v1/services", "services", "服务目录:可反映的事项(纠纷、隐患、诉求、生态问题,kind 注明)与办事指南事项(kind 为 matter,含材料、流程、时限)", Public, None, (200, "[ServiceEntry]")),
    op("get", "/api/v1/services/{code}", "services", "一个服务事项:办事指南,或可反映事项的说明", Public, None, (200, "ServiceEntry")),
    op("put", "/api/v1/services/{code}", "services", "新增或修改服务事项(区协调员)", District, Some("ServiceMatterBody"), (200, "ServiceMatter")),
    op("get", "/api/v1/services/export", "services", "导出服务事项目录(xlsx,区协调员)", District, None, (200, "Xlsx")),
    op("post", "/api/v1/services/import", "services", "导入服务事项目录(请求体即 xlsx;按编码新增或修改;有不合格行时整表不导入并逐行说明)", District, Some("Xlsx"), (200, "CatalogueImport")),
    op("get", "/api/v1/service-requests", "services", "在线办事申请(工作人员看管辖范围,居民看自己的;电话脱敏)", SignedIn, None, (200, "[ServiceApplication]")),
    op("post", "/api/v1/service-requests", "services", "在线申请办理一个事项,办结期限按工作日计算", SignedIn, Some("ServiceApplicationBody"), (201, "ServiceApplication")),
    op("get", "/api/v1/service-requests/{id}", "services", "一项申请:办结期限与剩余工作日", SignedIn, None, (200, "ServiceApplication")),
    op("post", "/api/v1/service-requests/{id}/act", "services", "办理:hold 暂停计时(写明原因)、resume 恢复计时、done 办结、refuse 不予办理", SignedIn, Some("ServiceActBody"), (200, "ServiceApplication")),
    op("get", "/api/v1/calendar", "services", "工作日历:法定节假日与调休上班日", SignedIn, None, (200, "WorkCalendar")),
    op("post", "/api/v1/calendar", "services", "导入节假日安排(请求体即文件:每行 日期,holiday|workday,名称;所涉年份整年替换)", District, Some("HolidayFile"), (200, "CalendarLoaded")),
    q(op("get", "/api/v1/questions", "services", "居民提问与回答(已回答的公开;工作人员也看到未回答的,居民看到自己的)", Public, None, (200, "[Question]")), &[("q", "关键词,空格分隔"), ("matter", "事项编码")]),
    op("post", "/api/v1/questions", "services", "提问(可针对某个事项)", SignedIn, Some("AskBody"), (201, "Question")),
    q(op("get", "/api/v1/centres", "services", "公益基地与党群服务中心:开放时间与房间", Public, None, (200, "[Centre]")), &[("region", "地区编码,只看其下的场所")]),
    op("get", "/api/v1/rooms/{id}", "services", "一个房间:近两周已预订时段(不显示预订人)、闭馆日;iCalendar 见 /rooms/{id}.ics", Public, None, (200, "RoomDetail")),
    op("post", "/api/v1/rooms/{id}/bookings", "services", "预订房间(整点或半点,开放时间内;repeat_weeks 大于 1 为每周重复,已被预订或闭馆的日期跳过并在 skipped 中说明;单次预订时段已被占用时 409)", SignedIn, Some("BookingBody"), (201, "Booked")),
    op("get", "/api/v1/bookings", "services", "预订:居民看自己的,工作人员看管辖范围内场所的", SignedIn, None, (200, "[Booking]")),
    op("get", "/api/v1/bookings/{id}", "services", "一条预订", SignedIn, None, (200, "Booking")),
    op("post", "/api/v1/bookings/{id}/act", "services", "approve 批准、refuse 拒绝(场所所在社区工作人员)、check_in 签到(开始前后 15 分钟内)、cancel 取消", SignedIn, Some("BookingActBody"), (200, "Booking")),
    op("get", "/api/v1/aid-applications", "services", "急难救助申请(工作人员看管辖范围,居民看自己的;身份证号、电话脱敏)", SignedIn, None, (200, "[AidApplication]")),
    op("post", "/api/v1/aid-applications", "services", "申请法律援助、大病救助或临时困难救助(身份证号校验;urgent 为真时通知镇街指挥中心和联合应急救援队)", SignedIn, Some("AidBody"), (201, "AidApplication")),
    op("get", "/api/v1/aid-applications/{id}", "services", "一项救助申请:核查清单、各环节意见、材料、同一身份证号的其他申请(工作人员查看记入审计)", SignedIn, None, (200, "AidApplication")),
    op("post", "/api/v1/aid-applications/{id}/decisions", "services", "本环节审核(社区→镇街→部门依次进行,前一环节通过前后一环节不能审核;通过须逐项核实清单)", Staff, Some("AidDecisionBody"), (200, "AidApplication")),
    op("post", "/api/v1/aid-applications/{id}/payment", "services", "登记救助金发放(部门,批准后)", Staff, Some("AidPaymentBody"), (200, "AidApplication")),
    op("post", "/api/v1/aid-applications/{id}/documents", "services", "上传证明材料(请求体即文件,PDF、JPEG 或 PNG,按内容判断,不超过 10 MB;?name= 材料名称)", SignedIn, Some("AidDocument"), (201, "AidApplication")),
    op("get", "/api/v1/aid-applications/{id}/documents/{doc}", "services", "下载一份材料(工作人员下载记入审计)", SignedIn, None, (200, "AidDocument")),
    op("get", "/api/v1/aid-track/{code}", "services", "凭查询码查看救助申请进度和各环节意见(不含个人信息,无需登录)", Public, None, (200, "AidTracked")),
    op("post", "/api/v1/questions/{id}/answer", "services", "回答居民提问(工作人员,只答一次)", Staff, Some("AnswerBody"), (200, "Question")),
];

pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        ("ServiceMatter", obj(&["code", "name", "time_limit_days"], json!({ "code": t(S), "name": t(S), "group": t(S), "materials": t(S), "steps": t(S), "place": t(S), "fees": t(S), "time_limit_days": t(I), "time_limit": t(S), "legal_basis": t(S), "online": t(B) }))),
        ("ServiceEntry", obj(&["service_code", "service_name", "kind"], json!({ "service_code": t(S), "service_name": t(S), "group": t(S), "kind": { "type": "string", "enum": ["dispute", "hazard", "need", "eco", "matter"] }, "description": t(S), "time_limit_days": t(I), "time_limit": t(S), "online": t(B), "guide": t(S), "materials": t(S), "steps": t(S), "place": t(S), "fees": t(S), "legal_basis": t(S) }))),
        ("ServiceMatterBody", obj(&["name", "group", "time_limit_days"], json!({ "name": t(S), "group": t(S), "materials": t(S), "steps": t(S), "place": t(S), "fees": t(S), "time_limit_days": { "type": "integer", "minimum": 1, "maximum": 60 }, "legal_basis": t(S), "online": t(B) }))),
        ("ServiceApplication", obj(&["id", "tracking_code", "status", "due"], json!({ "id": t(I), "tracking_code": t(S), "matter_code": t(S), "matter_name": t(S), "applicant_name": t(S), "applicant_phone": { "type": "string", "description": "masked in lists" }, "details": t(S), "grid_name": t(S), "status": { "type": "string", "enum": ["received", "on_hold", "done", "refused"] }, "status_label": t(S), "due": { "type": "string", "format": "date" }, "remaining_working_days": t(I), "overdue": t(B), "hold_reason": t(S), "reply": t(S), "received": t(S), "finished": { "type": ["string", "null"] } }))),
        ("ServiceApplicationBody", obj(&["matter_code", "applicant_name", "applicant_phone"], json!({ "matter_code": t(S), "applicant_name": t(S), "applicant_phone": t(S), "details": t(S), "grid_code": t(S), "address": { "type": "string", "description": "naming a compound, when no grid is given" } }))),
        ("ServiceActBody", obj(&["action"], json!({ "action": { "type": "string", "enum": ["hold", "resume", "done", "refuse"] }, "text": t(S) }))),
        ("WorkCalendar", obj(&["days"], json!({ "days": { "type": "array", "items": obj(&["day", "kind"], json!({ "day": t(S), "kind": { "type": "string", "enum": ["holiday", "workday"] }, "kind_label": t(S), "name": t(S) })) } }))),
        ("Question", obj(&["id", "question"], json!({ "id": t(I), "matter_code": { "type": ["string", "null"] }, "matter_name": { "type": ["string", "null"] }, "question": t(S), "asked": t(S), "answer": t(S), "answered": { "type": ["string", "null"] }, "answered_by": { "type": ["string", "null"] } }))),
        ("AskBody", obj(&["question"], json!({ "matter_code": t(S), "question": t(S) }))),
        ("AnswerBody", obj(&["answer"], json!({ "answer": t(S) }))),
        ("CatalogueImport", obj(&["written"], json!({ "added": t(I), "updated": t(I), "written": t(B), "rejected": { "type": "array", "items": { "type": "array", "description": "[row, reason]" } } }))),
        ("Room", obj(&["id", "name"], json!({ "id": t(I), "centre_id": t(I), "name": t(S), "kind": { "type": "string", "enum": ["library", "activity", "parent_child", "legal_aid", "counselling", "meeting"] }, "kind_label": t(S), "capacity": t(I), "needs_approval": t(B), "ics": t(S) }))),
        ("Centre", obj(&["id", "name", "rooms"], json!({ "id": t(I), "name": t(S), "kind": { "type": "string", "enum": ["welfare_base", "neighbourhood"] }, "kind_label": t(S), "grid_code": t(S), "place": t(S), "address": t(S), "phone": t(S), "hours": t(S), "rooms": { "type": "array", "items": { "$ref": "#/components/schemas/Room" } } }))),
        ("RoomDetail", obj(&["room", "centre", "taken"], json!({ "room": { "$ref": "#/components/schemas/Room" }, "centre": { "$ref": "#/components/schemas/Centre" }, "closures": { "type": "array", "items": { "type": "array", "description": "[day, reason]" } }, "taken": { "type": "array", "items": obj(&["day", "start", "end"], json!({ "day": t(S), "start": t(S), "end": t(S), "label": t(S), "status": t(S), "status_label": t(S) })) } }))),
        ("BookingBody", obj(&["day", "start", "end", "purpose"], json!({ "day": { "type": "string", "format": "date" }, "start": { "type": "string", "example": "09:00" }, "end": { "type": "string", "example": "11:00" }, "purpose": t(S), "attendees": t(I), "team": t(S), "repeat_weeks": { "type": "integer", "minimum": 1, "maximum": 12 } }))),
        ("Booking", obj(&["id", "status"], json!({ "id": t(I), "room_id": t(I), "room_name": t(S), "centre_name": t(S), "day": t(S), "start": t(S), "end": t(S), "team": t(S), "purpose": t(S), "attendees": t(I), "status": { "type": "string", "enum": ["pending", "confirmed", "checked_in", "released", "cancelled", "refused"] }, "status_label": t(S), "booked_by": t(S), "series": { "type": ["string", "null"] }, "checked_in": { "type": ["string", "null"] }, "actions": { "type": "array", "items": t(S) } }))),
        ("Booked", obj(&["bookings", "skipped", "message"], json!({ "bookings": { "type": "array", "items": { "$ref": "#/components/schemas/Booking" } }, "skipped": { "type": "array", "items": obj(&["day", "reason"], json!({ "day": t(S), "reason": t(S) })) }, "message": t(S) }))),
        ("BookingActBody", obj(&["action"], json!({ "action": { "type": "string", "enum": ["approve", "refuse", "check_in", "cancel"] } }))),
        ("AidBody", obj(&["kind", "applicant_name", "id_number", "phone", "situation"], json!({ "kind": { "type": "string", "enum": ["legal", "illness", "hardship"] }, "applicant_name": t(S), "id_number": { "type": "string", "description": "18 位身份证号,校验码须正确" }, "phone": t(S), "grid_code": t(S), "address": t(S), "situation": t(S), "amount_asked": t(I), "urgent": t(B) }))),
        ("AidDecision", obj(&["stage", "approved", "reasons"], json!({ "stage": { "type": "string", "enum": ["community", "town", "department"] }, "stage_label": t(S), "approved": t(B), "decision": t(S), "reasons": t(S), "checked": { "type": "array", "items": t(S) }, "decided_by": t(S), "decided": t(S) }))),
        ("AidApplication", obj(&["id", "tracking_code", "status"], json!({ "id": t(I), "tracking_code": t(S), "kind": t(S), "kind_label": t(S), "applicant_name": t(S), "id_number": { "type": "string", "description": "masked in lists" }, "phone": t(S), "place": t(S), "situation": t(S), "amount_asked": t(I), "urgent": t(B), "status": { "type": "string", "enum": ["at_community", "at_town", "at_department", "approved", "paid", "refused"] }, "status_label": t(S), "waiting_for": { "type": ["string", "null"] }, "applied": t(S), "checklist": { "type": "array", "items": t(S) }, "decisions": { "type": "array", "items": { "$ref": "#/components/schemas/AidDecision" } }, "documents": { "type": "array", "items": obj(&["id", "name"], json!({ "id": t(I), "name": t(S), "content_type": t(S), "size": t(I), "uploaded": t(S), "url": t(S) })) }, "same_person": { "type": "array", "items": obj(&["id"], json!({ "id": t(I), "tracking_code": t(S), "kind_label": t(S), "status_label": t(S), "applied": t(S) })) }, "paid_amount": { "type": ["integer", "null"] }, "paid": { "type": ["string", "null"] }, "payment_note": t(S) }))),
        ("AidDecisionBody", obj(&["approve", "reasons"], json!({ "approve": t(B), "reasons": t(S), "checked": { "type": "array", "items": t(S) } }))),
        ("AidPaymentBody", obj(&["amount"], json!({ "amount": { "type": "integer", "minimum": 1, "maximum": 50000 }, "note": t(S) }))),
        ("AidTracked", obj(&["tracking_code", "status"], json!({ "tracking_code": t(S), "kind_label": t(S), "status": t(S), "status_label": t(S), "waiting_for": { "type": ["string", "null"] }, "applied": t(S), "decisions": { "type": "array", "items": { "$ref": "#/components/schemas/AidDecision" } }, "paid_amount": { "type": ["integer", "null"] }, "paid": { "type": ["string", "null"] } }))),
        ("AidDocument", json!({ "type": "string", "contentMediaType": "application/pdf", "description": "PDF, JPEG or PNG" })),
        ("HolidayFile", json!({ "type": "string", "contentMediaType": "text/plain" })),
        ("CalendarLoaded", obj(&["loaded"], json!({ "loaded": t(I) }))),
    ]
}
