//! The authorisation matrix: every `/api/v1` operation × who asks — nobody, a resident, a grid
//! worker whose grid holds the record (in scope), the worker of the next grid (out of scope),
//! the district coordinator — and the answer each must get. The rows must cover
//! the operations of every area in `fengqiao_web::areas::ALL`, which a unit test keeps equal to
//! the routers, so no route can be
//! added without its row here. Where the matrix says so, the grid worker's answer must not
//! contain the parties' phone or ID numbers in full.

use crate::support::{on_both, App};
use serde_json::{json, Value};

const GRID_A: &str = "610302001001001";
const PHONE: &str = "13800000077";
const ID_NUMBER: &str = "11010519491231002X";

/// Who asks, in column order.
const WHO: [&str; 5] = [
    "nobody",
    "res001",
    "gw0002 (out of scope)",
    "gw0001 (in scope)",
    "coordinator",
];

struct Row {
    method: &'static str,
    path: &'static str,
    body: fn(&Ids) -> Value,
    /// Expected status per column of `WHO`.
    expect: [u16; 5],
    /// The in-scope grid worker's answer must mask phones and ID numbers.
    masked: bool,
}

/// The records the rows act on, made in grid A.
struct Ids {
    /// The library and a pending booking of the activity room at the centre in grid A, and a
    /// free day for booking.
    room: i64,
    booking: i64,
    /// An aid application in grid A made by its grid worker, with a document.
    aid: i64,
    aid_doc: i64,
    /// The centre in grid A.
    centre: i64,
    /// A volunteer position in grid A.
    position: i64,
    /// A person on the care register in grid A.
    care: i64,
    /// res001's appointment with the demo's district counsellor.
    counsellor: i64,
    appointment: i64,
    aid_code: String,
    booking_day: String,
    dispute: i64,
    party: i64,
    photo: i64,
    request: i64,
    code: String,
    team: i64,
    member: i64,
    key: i64,
    hook: i64,
    policy: Value,
    mandates: Value,
    weights: Value,
    patrol: i64,
    camera: i64,
    fault: i64,
    /// A compound in grid A, and the smart-security standard in force.
    compound: String,
    standard: Value,
    site: i64,
    rectification: i64,
    event: i64,
    eco: i64,
    /// A point inside grid A.
    point: (f64, f64),
    /// An incident in grid A reported by its worker, a step of its plan, a drill there with a
    /// finding, and an anonymous tip there with its receipt.
    incident: i64,
    incident_step: i64,
    drill: i64,
    finding: i64,
    tip: i64,
    receipt: String,
    /// An online application in grid A, made by its worker for a resident.
    application: i64,
    /// A question not yet answered.
    question: i64,
    /// A campaign in its public vote, and its accepted nominee (made by gw0001).
    campaign: i64,
    nominee: i64,
    /// A heroism deed in grid A reported by its worker, not yet verified.
    deed: i64,
    /// A legal-education session ordered by grid A's worker, not yet scheduled.
    order: i64,
    /// An archive draft in grid A, and a household's family rules there awaiting review.
    record: i64,
    rule: i64,
}

fn none(_: &Ids) -> Value {
    Value::Null
}

fn empty(_: &Ids) -> Value {
    json!({})
}

const fn row(
    method: &'static str,
    path: &'static str,
    body: fn(&Ids) -> Value,
    expect: [u16; 5],
) -> Row {
    Row {
        method,
        path,
        body,
        expect,
        masked: false,
    }
}

const fn masked(mut r: Row) -> Row {
    r.masked = true;
    r
}

/// A 2,000-person concert in grid A a month from now: accepted for decision.
fn event_body(point: &(f64, f64)) -> Value {
    let day = |n: i64| fengqiao_core::time::day(fengqiao_store::now_ms() + n * 86_400_000);
    json!({"name": "矩阵音乐会", "organiser": "矩阵文化公司", "organiser_contact": "13900004444", "venue": "矩阵广场",
        "lon": point.0, "lat": point.1, "starts_at": format!("{}T19:00:00+08:00", day(30)), "ends_at": format!("{}T22:00:00+08:00", day(30)),
        "expected_people": 2000, "venue_capacity": 5000, "exits": 4, "plan": "安保 60 人,分区入场"})
}

#[rustfmt::skip]
fn rows() -> Vec<Row> {
    vec![
        // The same wrong sign-in five times from one address: after the third, it must wait.
        row("post", "/api/v1/auth/login", |_| json!({"username": "nobody-here", "password": "wrong-password"}), [401, 401, 401, 429, 429]),
        row("post", "/api/v1/auth/logout", none, [401, 204, 204, 204, 204]),
        row("get", "/api/v1/me", none, [401, 200, 200, 200, 200]),
        row("post", "/api/v1/me/totp", |_| json!({"password": crate::support::PASSWORD}), [401, 200, 200, 200, 200]),
        row("post", "/api/v1/me/password", |_| json!({"current_password": "not-the-password", "new_password": "a-new-password-2026"}), [401, 422, 422, 422, 422]),
        row("post", "/api/v1/me/totp/confirm", |_| json!({"code": "000000"}), [401, 422, 422, 422, 422]),
        row("get", "/api/v1/regions", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/regions/{code}", none, [401, 403, 404, 200, 200]),
        row("get", "/api/v1/locate?lon=107.14&lat=34.36", none, [200, 200, 200, 200, 200]),
        masked(row("get", "/api/v1/accounts", none, [401, 403, 403, 403, 200])),
        row("post", "/api/v1/accounts/{username}/deactivate", none, [401, 403, 403, 403, 204]),
        row("post", "/api/v1/accounts/{username}/reactivate", none, [401, 403, 403, 403, 204]),
        row("post", "/api/v1/accounts/{username}/totp-reset", none, [401, 403, 403, 403, 403]),
        row("post", "/api/v1/accounts/{username}/password-reset", none, [401, 403, 403, 403, 403]),
        masked(row("get", "/api/v1/disputes", none, [401, 403, 200, 200, 200])),
        row("post", "/api/v1/disputes", |_| json!({"category": "neighbour", "source": "screening", "description": "矩阵测试:楼道堆物", "grid_code": GRID_A, "callback_phone": "13900009999"}), [201, 200, 422, 201, 201]),
        masked(row("get", "/api/v1/disputes/{id}", none, [401, 403, 404, 200, 200])),
        row("post", "/api/v1/disputes/{id}/sessions", |_| json!({"mediators": ["王英"], "parties_present": ["张甲"], "mode": "face_to_face", "outcome": "failed", "notes": "未达成一致"}), [401, 403, 404, 200, 200]),
        row("post", "/api/v1/disputes/{id}/escalate", |_| json!({"reason": "本级无法化解"}), [401, 403, 404, 200, 200]),
        row("post", "/api/v1/disputes/{id}/handback", |_| json!({"reason": "交回社区继续调解", "to_level": 2}), [401, 403, 404, 403, 200]),
        row("post", "/api/v1/disputes/{id}/agreement", |_| json!({"terms": "双方同意清理楼道", "signatures": [{"name": "张甲"}]}), [401, 403, 404, 403, 200]),
        // The agreement was made a moment ago: the first visit is not due yet (422 after the checks).
        row("post", "/api/v1/disputes/{id}/followups", |_| json!({"result": "stable"}), [401, 403, 404, 403, 422]),
        row("post", "/api/v1/disputes/{id}/refer", |_| json!({"channel": "litigation", "guidance": "引导诉讼"}), [401, 403, 404, 403, 409]),
        row("post", "/api/v1/disputes/{id}/photos", none, [401, 403, 404, 400, 400]),
        row("get", "/api/v1/disputes/{id}/photos/{photo}", none, [401, 403, 404, 200, 200]),
        row("post", "/api/v1/disputes/{id}/parties/{party}/phone", none, [401, 403, 404, 200, 200]),
        row("get", "/api/v1/mediation/funnel", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/mediation/policy", none, [401, 403, 200, 200, 200]),
        row("put", "/api/v1/mediation/policy", |ids| ids.policy.clone(), [401, 403, 403, 403, 200]),
        row("get", "/api/v1/mediation/mediators", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/mediation/mediators", |_| json!({"name": "矩阵调解员", "kind": "lawyer", "region_code": GRID_A}), [401, 403, 403, 403, 201]),
        row("get", "/api/v1/teams", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/teams", |_| json!({"name": "矩阵网格党组织", "kind": "grid_party_organisation", "region_code": GRID_A}), [401, 403, 403, 403, 201]),
        masked(row("get", "/api/v1/teams/{id}", none, [401, 403, 404, 200, 200])),
        row("post", "/api/v1/teams/roster", none, [401, 403, 403, 403, 400]),
        row("post", "/api/v1/teams/{id}/members", |_| json!({"name": "矩阵成员", "member_role": "member", "phone": "13900008888"}), [401, 403, 403, 403, 201]),
        row("post", "/api/v1/teams/{id}/members/{member}/end", none, [401, 403, 403, 403, 204]),
        row("post", "/api/v1/facilities", |_| json!({"kind": "psychological_service_room", "name": "矩阵心理服务室", "region_code": GRID_A}), [401, 403, 403, 403, 201]),
        row("get", "/api/v1/coverage", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/mandates", none, [401, 403, 200, 200, 200]),
        row("put", "/api/v1/mandates", |ids| ids.mandates.clone(), [401, 403, 403, 403, 200]),
        row("get", "/api/v1/lists/{kind}", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/map/grids?region=610302001001001", none, [401, 403, 404, 200, 200]),
        row("get", "/api/v1/assessment", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/assessment/weights", none, [401, 403, 200, 200, 200]),
        row("put", "/api/v1/assessment/weights", |ids| ids.weights.clone(), [401, 403, 403, 403, 200]),
        masked(row("get", "/api/v1/requests", none, [401, 403, 200, 200, 200])),
        masked(row("get", "/api/v1/requests/{id}", none, [401, 403, 404, 200, 200])),
        row("get", "/api/v1/requests/{id}/photos/{photo}", none, [401, 403, 404, 404, 404]),
        row("post", "/api/v1/requests/{id}/{step}", empty, [401, 403, 404, 200, 409]),
        row("get", "/api/v1/notifications", none, [401, 200, 200, 200, 200]),
        row("post", "/api/v1/notifications/read", empty, [401, 200, 200, 200, 200]),
        row("get", "/api/v1/webhooks", none, [401, 403, 403, 403, 200]),
        row("post", "/api/v1/webhooks", |_| json!({"name": "矩阵网关", "url": "http://127.0.0.1:9/hook"}), [401, 403, 403, 403, 201]),
        row("post", "/api/v1/webhooks/{id}/deactivate", none, [401, 403, 403, 403, 204]),
        row("get", "/api/v1/webhooks/deliveries", none, [401, 403, 403, 403, 200]),
        row("post", "/api/v1/webhooks/deliveries/{id}/replay", none, [401, 403, 403, 403, 409]),
        row("get", "/api/v1/search?q=楼道", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/services", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/reports", |_| json!({"service_code": "need-other", "description": "矩阵测试的居民诉求", "grid_code": GRID_A, "callback_phone": "13900007777"}), [201, 200, 200, 200, 200]),
        row("get", "/api/v1/reports", none, [401, 200, 200, 200, 200]),
        row("get", "/api/v1/patrols", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/patrols", |_| json!({"grid_code": GRID_A}), [401, 403, 422, 201, 201]),
        row("get", "/api/v1/patrols/{id}", none, [401, 403, 404, 200, 200]),
        row("post", "/api/v1/patrols/{id}/points", |ids| json!({"points": [{"lon": ids.point.0, "lat": ids.point.1, "at": fengqiao_store::now_ms()}]}), [401, 403, 404, 200, 200]),
        // The grid's worker finishes the patrol; the coordinator then finds it finished.
        row("post", "/api/v1/patrols/{id}/finish", empty, [401, 403, 404, 200, 409]),
        // A JSON body is no GPX file: staff are told so, others never get that far.
        row("post", "/api/v1/patrols/import", empty, [401, 403, 422, 422, 422]),
        row("get", "/api/v1/patrols/{id}/track.gpx", none, [401, 403, 404, 200, 200]),
        row("get", "/api/v1/patrols/{id}/track.geojson", none, [401, 403, 404, 200, 200]),
        row("get", "/api/v1/patrols/checkpoints", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/patrols/checkpoints", |ids| json!({"grid_code": GRID_A, "name": "矩阵巡逻点", "lon": ids.point.0, "lat": ids.point.1}), [401, 403, 422, 201, 201]),
        row("get", "/api/v1/patrols/weekly", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/patrols/shifts", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/patrols/shifts", |_| json!({"grid_code": GRID_A, "weekday": 3, "start": "19:00", "end": "21:00"}), [401, 403, 422, 201, 201]),
        row("get", "/api/v1/cameras", none, [401, 403, 200, 200, 200]),
        // The grid's worker registers it; the coordinator's same code updates it.
        row("post", "/api/v1/cameras", |ids| json!({"device_code": "61030200011329998001", "name": "矩阵摄像机", "key_place": "矩阵部位", "lon": ids.point.0, "lat": ids.point.1}), [401, 403, 422, 201, 200]),
        row("get", "/api/v1/cameras/{id}", none, [401, 403, 404, 200, 200]),
        row("post", "/api/v1/cameras/{id}/faults", |_| json!({"description": "矩阵:镜头起雾"}), [401, 403, 404, 201, 201]),
        row("post", "/api/v1/cameras/{id}/faults/{fault}/repair", |_| json!({"reply": "已擦拭镜头"}), [401, 403, 404, 200, 409]),
        row("get", "/api/v1/cameras/export", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/cameras/import", empty, [401, 403, 422, 422, 422]),
        row("get", "/api/v1/prevention/compounds", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/risk-sites", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/risk-sites", |ids| json!({"kind": "construction_site", "name": "矩阵工地", "lon": ids.point.0, "lat": ids.point.1, "responsible_unit": "矩阵建设公司", "risk_level": "yellow"}), [401, 403, 422, 201, 201]),
        row("get", "/api/v1/risk-sites/{id}", none, [401, 403, 404, 200, 200]),
        row("post", "/api/v1/risk-sites/{id}/inspections", |_| json!({"findings": ["矩阵:灭火器过期"]}), [401, 403, 404, 201, 201]),
        row("post", "/api/v1/risk-sites/rectifications/{id}", |_| json!({"passed": true, "notes": "已疏通"}), [401, 403, 404, 200, 409]),
        row("get", "/api/v1/risk-sites/report", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/large-events", none, [401, 200, 200, 200, 200]),
        // Residents apply from anywhere in the district; staff only inside their scope.
        row("post", "/api/v1/large-events", |ids| event_body(&ids.point), [401, 201, 422, 201, 201]),
        row("get", "/api/v1/large-events/{id}", none, [401, 404, 404, 200, 200]),
        row("post", "/api/v1/large-events/{id}/decision", |_| json!({"approve": true, "text": "入口安检"}), [401, 403, 403, 403, 200]),
        // Approved just now, but it has not taken place yet.
        row("post", "/api/v1/large-events/{id}/report", |_| json!({"report": "活动平稳"}), [401, 404, 404, 422, 422]),
        row("get", "/api/v1/eco-reports", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/eco-reports/{id}", none, [401, 403, 404, 200, 200]),
        row("post", "/api/v1/eco-reports/{id}/rectify", |_| json!({"order": "清运垃圾", "days": 10}), [401, 403, 404, 200, 409]),
        row("post", "/api/v1/eco-reports/{id}/recheck", |_| json!({"passed": true, "notes": "已清运"}), [401, 403, 404, 200, 409]),
        row("get", "/api/v1/compounds/{code}/security", none, [401, 403, 404, 200, 200]),
        row("put", "/api/v1/compounds/{code}/security", |_| json!({"items": [{"subsystem": "video", "present": true, "evidence": "矩阵:验收单"}]}), [401, 403, 404, 200, 200]),
        row("get", "/api/v1/prevention/smart-compounds", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/prevention/smart-standard", none, [401, 403, 200, 200, 200]),
        row("put", "/api/v1/prevention/smart-standard", |ids| ids.standard.clone(), [401, 403, 403, 403, 200]),
        row("get", "/api/v1/incidents", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/incidents", |_| json!({"kind": "accident", "severity": "IV", "title": "矩阵:电动车起火", "grid_code": GRID_A}), [401, 403, 422, 201, 201]),
        row("get", "/api/v1/incidents/{id}", none, [401, 404, 404, 200, 200]),
        row("post", "/api/v1/incidents/{id}/log", |_| json!({"text": "矩阵:现场已控制"}), [401, 404, 404, 201, 201]),
        row("post", "/api/v1/incidents/{id}/steps/{step}/done", none, [401, 404, 404, 200, 409]),
        // A grid worker reports and records; the command centres command.
        row("post", "/api/v1/incidents/{id}/severity", |_| json!({"severity": "III"}), [401, 404, 404, 403, 200]),
        row("post", "/api/v1/incidents/{id}/dispatch", |_| json!({"task": "矩阵:灭火"}), [401, 404, 404, 403, 200]),
        row("post", "/api/v1/incidents/{id}/alerts", |_| json!({"headline": "矩阵:注意避让"}), [401, 404, 404, 403, 201]),
        row("post", "/api/v1/incidents/{id}/close", |_| json!({"report": "矩阵:处置完毕"}), [401, 404, 404, 403, 200]),
        // Ended: the stream sends the log and ends.
        row("get", "/api/v1/incidents/{id}/stream", none, [401, 404, 404, 200, 200]),
        row("get", "/api/v1/response-plans", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/response-plans/{kind}", none, [401, 403, 200, 200, 200]),
        row("get", "/api/v1/drills", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/drills", |_| json!({"kind": "emergency", "title": "矩阵演练", "scenario": "模拟楼道起火", "plan_kind": "accident", "grid_code": GRID_A, "held_at": "2026-12-20"}), [401, 403, 403, 403, 201]),
        row("get", "/api/v1/drills/{id}", none, [401, 404, 404, 200, 200]),
        row("post", "/api/v1/drills/{id}/timeline", |_| json!({"text": "矩阵:疏散开始"}), [401, 404, 404, 403, 201]),
        row("post", "/api/v1/drills/{id}/evaluation", |_| json!({"text": "矩阵:疏散较慢"}), [401, 404, 404, 403, 200]),
        row("post", "/api/v1/drills/{id}/incident", |_| json!({"severity": "IV"}), [401, 404, 404, 403, 201]),
        row("post", "/api/v1/drills/{id}/findings", |_| json!({"finding": "矩阵:无人清点人数", "step_title": "疏散后清点人数", "owner_role": "community_staff"}), [401, 404, 404, 403, 201]),
        row("post", "/api/v1/drills/{id}/findings/{finding}/apply", none, [401, 404, 404, 403, 200]),
        // Anyone may send a tip; only the receiving station's officers see it (none here).
        row("post", "/api/v1/tips", |_| json!({"kind": "hazard", "text": "矩阵:楼道堆放煤气罐", "grid_code": GRID_A, "contact": "13900006666"}), [201, 201, 201, 201, 201]),
        row("get", "/api/v1/tips", none, [401, 403, 403, 403, 403]),
        row("get", "/api/v1/tips/{id}", none, [401, 403, 403, 403, 403]),
        row("get", "/api/v1/tips/{id}/contact", none, [401, 403, 403, 403, 403]),
        row("post", "/api/v1/tips/{id}/replies", |_| json!({"text": "矩阵:已收到"}), [401, 403, 403, 403, 403]),
        row("get", "/api/v1/tip-receipts/{receipt}", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/tip-receipts/{receipt}/messages", |_| json!({"text": "矩阵:补充情况"}), [201, 201, 201, 201, 201]),
        row("get", "/api/v1/services", none, [200, 200, 200, 200, 200]),
        row("get", "/api/v1/services/{code}", none, [200, 200, 200, 200, 200]),
        row("put", "/api/v1/services/{code}", |_| json!({"name": "老年人优待证办理", "group": "老龄服务", "time_limit_days": 5}), [401, 403, 403, 403, 200]),
        row("get", "/api/v1/services/export", none, [401, 403, 403, 403, 200]),
        // No workbook in the body: refused as a file, never half-read.
        row("post", "/api/v1/services/import", none, [401, 403, 403, 403, 422]),
        row("get", "/api/v1/service-requests", none, [401, 200, 200, 200, 200]),
        row("post", "/api/v1/service-requests", |_| json!({"matter_code": "elderly-card", "applicant_name": "矩阵申请人", "applicant_phone": "13900005151", "grid_code": GRID_A}), [401, 201, 422, 201, 201]),
        masked(row("get", "/api/v1/service-requests/{id}", none, [401, 404, 404, 200, 200])),
        row("post", "/api/v1/service-requests/{id}/act", |_| json!({"action": "hold", "text": "矩阵:缺少照片"}), [401, 403, 404, 200, 409]),
        row("get", "/api/v1/questions", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/questions", |_| json!({"matter_code": "dibao", "question": "矩阵:低保多久能批下来?"}), [401, 201, 201, 201, 201]),
        // Questions belong to no grid: any staff member may answer, once.
        row("post", "/api/v1/questions/{id}/answer", |_| json!({"answer": "矩阵:20 个工作日内"}), [401, 403, 200, 409, 409]),
        row("get", "/api/v1/calendar", none, [401, 200, 200, 200, 200]),
        row("get", "/api/v1/aid-applications", none, [401, 200, 200, 200, 200]),
        row("post", "/api/v1/aid-applications", |_| json!({"kind": "hardship", "applicant_name": "矩阵申请人", "id_number": ID_NUMBER, "phone": PHONE, "grid_code": GRID_A, "situation": "矩阵:家中突遭火灾,生活暂时困难"}), [401, 201, 422, 201, 201]),
        masked(row("get", "/api/v1/aid-applications/{id}", none, [401, 404, 404, 200, 200])),
        // gw0001 in scope is no reviewer: the chain is the community's, the town's, the department's.
        row("post", "/api/v1/aid-applications/{id}/decisions", |_| json!({"approve": false, "reasons": "矩阵:不符合条件"}), [401, 403, 403, 403, 403]),
        row("post", "/api/v1/aid-applications/{id}/payment", |_| json!({"amount": 100}), [401, 403, 403, 403, 403]),
        row("post", "/api/v1/aid-applications/{id}/documents", |_| Value::String("%PDF-1.4 矩阵".into()), [401, 404, 404, 201, 201]),
        row("get", "/api/v1/aid-applications/{id}/documents/{doc}", none, [401, 404, 404, 200, 200]),
        row("get", "/api/v1/aid-track/{code}", none, [200, 200, 200, 200, 200]),
        row("get", "/api/v1/counsellors", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/counsellors", |_| json!({"username": "cs002", "qualification": "矩阵:心理咨询师", "level": "community", "region_code": GRID_A}), [401, 403, 403, 403, 201]),
        row("get", "/api/v1/counselling/appointments", none, [401, 200, 200, 200, 200]),
        row("post", "/api/v1/counselling/appointments", |ids| json!({"counsellor_id": ids.counsellor, "alias": "矩阵", "day": ids.booking_day, "time": "10:00"}), [401, 201, 201, 201, 201]),
        // Only the resident who booked sees an appointment; staff of the place, the coordinator
        // included, find none, and no one but the counsellor reads notes.
        row("get", "/api/v1/counselling/appointments/{id}", none, [401, 200, 404, 404, 404]),
        row("get", "/api/v1/counselling/appointments/{id}/notes", none, [401, 403, 404, 404, 404]),
        row("post", "/api/v1/counselling/appointments/{id}/notes", |_| json!({"text": "矩阵:不应写入"}), [401, 403, 404, 404, 404]),
        row("post", "/api/v1/counselling/appointments/{id}/break-glass", |_| json!({"reason": "矩阵:没有督导身份的查阅"}), [401, 403, 404, 404, 404]),
        row("post", "/api/v1/counselling/appointments/{id}/crisis", none, [401, 403, 404, 404, 404]),
        row("post", "/api/v1/counselling/appointments/{id}/status", |_| json!({"status": "cancelled"}), [401, 200, 404, 404, 404]),
        row("get", "/api/v1/care", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/care", |_| json!({"category": "disabled", "name": "矩阵对象", "id_number": ID_NUMBER, "grid_code": GRID_A, "consent_day": "2026-01-05"}), [401, 403, 422, 201, 201]),
        row("get", "/api/v1/care/overdue", none, [401, 403, 200, 200, 200]),
        // One person opened is shown whole to the staff who visit them, and the reading audited.
        row("get", "/api/v1/care/{id}", none, [401, 403, 404, 200, 200]),
        row("post", "/api/v1/care/{id}/visits", |_| json!({"done": "矩阵:入户走访"}), [401, 403, 404, 201, 201]),
        row("get", "/api/v1/volunteering", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/volunteering", |ids| json!({"title": "矩阵:社区清扫", "grid_code": GRID_A, "starts": format!("{}T09:00", ids.booking_day), "ends": format!("{}T11:00", ids.booking_day), "seats": 10}), [401, 403, 422, 201, 201]),
        row("get", "/api/v1/volunteering/hours", none, [401, 200, 200, 200, 200]),
        row("get", "/api/v1/volunteering/{id}/signups", none, [401, 403, 404, 200, 200]),
        // Everyone signed in signs up once.
        row("post", "/api/v1/volunteering/{id}/signups", none, [401, 201, 201, 201, 201]),
        row("post", "/api/v1/volunteering/{id}/hours", |_| json!({"username": "res001", "hours": 1.5}), [401, 403, 404, 200, 200]),
        row("get", "/api/v1/centres", none, [200, 200, 200, 200, 200]),
        // A day after the one the booking rows use.
        row("post", "/api/v1/centres/{id}/closures", |_| json!({"day": fengqiao_core::time::day(fengqiao_store::now_ms() + 8 * fengqiao_core::time::DAY_MS), "reason": "矩阵:设备检修"}), [401, 404, 404, 201, 201]),
        row("get", "/api/v1/rooms/{id}", none, [200, 200, 200, 200, 200]),
        // One slot: the first to ask gets it, everyone after is refused.
        row("post", "/api/v1/rooms/{id}/bookings", |ids| json!({"day": ids.booking_day, "start": "15:00", "end": "16:00", "purpose": "矩阵:读书"}), [401, 201, 409, 409, 409]),
        row("get", "/api/v1/bookings", none, [401, 200, 200, 200, 200]),
        row("get", "/api/v1/bookings/{id}", none, [401, 404, 404, 200, 200]),
        row("post", "/api/v1/bookings/{id}/act", |_| json!({"action": "approve"}), [401, 404, 404, 200, 409]),
        // An empty holiday file: the coordinator may load one, but not that.
        row("post", "/api/v1/calendar", none, [401, 403, 403, 403, 422]),
        row("get", "/api/v1/campaigns", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/campaigns", |_| json!({"kind": "family", "title": "矩阵:最美家庭评选"}), [401, 403, 403, 403, 201]),
        row("get", "/api/v1/campaigns/{id}", none, [200, 200, 200, 200, 200]),
        // The campaign is in its vote: nominations are closed, review is over.
        row("post", "/api/v1/campaigns/{id}/nominations", |_| json!({"name": "矩阵候选人", "summary": "矩阵:热心公益多年,邻里称赞", "evidence": "社区证明"}), [401, 409, 409, 409, 409]),
        row("post", "/api/v1/campaigns/{id}/phase", |_| json!({"phase": "voting"}), [401, 403, 403, 403, 409]),
        row("post", "/api/v1/nominees/{id}/review", |_| json!({"accept": true}), [401, 403, 403, 403, 409]),
        // Nobody here is verified to vote online; desk votes only for the staff's own grid.
        row("post", "/api/v1/campaigns/{id}/votes", |ids| json!({"nominee_id": ids.nominee}), [401, 403, 403, 403, 403]),
        row("post", "/api/v1/campaigns/{id}/desk-votes", |ids| json!({"nominee_id": ids.nominee, "name": "矩阵选民", "id_number": ID_NUMBER, "grid_code": GRID_A}), [401, 403, 403, 201, 403]),
        row("get", "/api/v1/voter-verification", none, [401, 200, 200, 200, 200]),
        row("post", "/api/v1/voter-verification", |_| json!({"code": "000000"}), [401, 422, 422, 422, 422]),
        // No SMS gateway subscribes to phone codes here.
        row("post", "/api/v1/voter-verification/code", |_| json!({"name": "矩阵选民", "id_number": ID_NUMBER}), [401, 503, 503, 503, 503]),
        row("post", "/api/v1/voter-verification/in-person", |_| json!({"name": "矩阵选民", "id_number": ID_NUMBER, "grid_code": GRID_A}), [401, 403, 403, 201, 403]),
        row("get", "/api/v1/boards", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/deeds", |_| json!({"board": "good", "title": "矩阵:帮邻居修水管", "story": "矩阵:深夜邻居家水管爆裂,主动上门帮忙关阀抢修,避免楼下受损。", "people": "矩阵好人", "occurred_on": "2026-11-01", "grid_code": GRID_A}), [201, 201, 201, 201, 201]),
        row("get", "/api/v1/deeds", none, [401, 403, 200, 200, 200]),
        // Heroism is verified by the police; consent comes after verification.
        row("post", "/api/v1/deeds/{id}/verify", |_| json!({"verified": true, "note": "矩阵:属实"}), [401, 403, 404, 403, 403]),
        row("post", "/api/v1/deeds/{id}/consent", |_| json!({"agreed": true, "note": "矩阵:本人同意"}), [401, 403, 404, 409, 409]),
        row("get", "/api/v1/fund/summary", none, [200, 200, 200, 200, 200]),
        row("get", "/api/v1/fund/books", none, [401, 403, 403, 403, 200]),
        row("post", "/api/v1/fund/accounts", |_| json!({"code": "Assets:Bank:Matrix", "name": "矩阵专户", "kind": "bank", "opened_on": "2026-01-01"}), [401, 403, 403, 403, 201]),
        row("post", "/api/v1/fund/entries", |_| json!({"date": "2026-11-01", "narration": "矩阵:未开设的科目", "postings": [{"account": "Assets:Bank:Matrix", "amount": "1"}, {"account": "Income:Matrix", "amount": "-1"}]}), [401, 403, 403, 403, 422]),
        row("post", "/api/v1/fund/entries/{id}/reverse", |_| json!({"reason": "矩阵:冲正"}), [401, 403, 403, 403, 404]),
        // The demo's books are closed through mid-year already.
        row("post", "/api/v1/fund/periods", |_| json!({"closed_through": "2000-01-31"}), [401, 403, 403, 403, 409]),
        row("get", "/api/v1/fund/payouts", none, [401, 403, 403, 403, 200]),
        row("post", "/api/v1/fund/payouts", |ids| json!({"deed_id": ids.deed, "account": "Expenses:Awards", "bank": "Assets:Bank:Matrix", "amount": "100", "payee": "矩阵", "reason": "矩阵:未核实"}), [401, 403, 403, 403, 422]),
        row("post", "/api/v1/fund/payouts/{id}/decision", |_| json!({"approve": true}), [401, 403, 403, 403, 404]),
        row("get", "/api/v1/legal-education/series", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/legal-education/series", |_| json!({"cadence": "weekly", "theme": "fraud", "title": "矩阵:反诈周", "first": "2027-03-01T09:00", "minutes": 60, "count": 2}), [401, 403, 403, 403, 201]),
        // No series of that id: the planner is told so, everyone else is not a planner.
        row("post", "/api/v1/legal-education/series/{id}/exceptions", |_| json!({"original": "2027-03-01T09:00", "reason": "矩阵:取消"}), [401, 403, 403, 403, 404]),
        row("get", "/api/v1/legal-education/menu", none, [200, 200, 200, 200, 200]),
        row("get", "/api/v1/legal-education/orders", none, [401, 200, 200, 200, 200]),
        row("post", "/api/v1/legal-education/orders", |ids| json!({"theme": "minors", "unit": "矩阵小学", "audience": 50, "wanted_on": ids.booking_day, "grid_code": GRID_A}), [401, 403, 422, 201, 201]),
        row("post", "/api/v1/legal-education/orders/{id}/schedule", |_| json!({"speaker": "res002", "starts": "2027-03-02T09:00", "place": "矩阵礼堂"}), [401, 404, 404, 403, 422]),
        row("post", "/api/v1/legal-education/orders/{id}/check-in", |_| json!({"code": "ZZZZZZ"}), [401, 422, 422, 422, 422]),
        row("post", "/api/v1/legal-education/orders/{id}/held", none, [401, 404, 404, 409, 409]),
        row("get", "/api/v1/legal-education/book-corners", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/legal-education/book-corners", |_| json!({"hall_id": 999999, "name": "矩阵图书角", "holdings": 10}), [401, 403, 422, 422, 422]),
        row("get", "/api/v1/archive", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/archive", |_| json!({"kind": "story", "title": "矩阵故事", "body": "矩阵:一个关于渭滨的故事,足够长。", "grid_code": GRID_A, "date": "193X"}), [401, 403, 403, 403, 201]),
        // A draft: only the culture team (the coordinator here) finds it.
        row("get", "/api/v1/archive/{id}", none, [404, 404, 404, 404, 200]),
        row("post", "/api/v1/archive/{id}/photos", |_| Value::String("not an image".into()), [401, 403, 403, 403, 415]),
        row("post", "/api/v1/archive/{id}/events", |_| json!({"title": "矩阵活动", "occasion": "july_1", "starts": "2027-07-01T09:00", "ends": "2027-07-01T10:00", "capacity": 10}), [401, 403, 403, 403, 422]),
        row("post", "/api/v1/archive/{id}/publish", none, [401, 403, 403, 403, 200]),
        row("get", "/api/v1/red-site-events", none, [200, 200, 200, 200, 200]),
        row("get", "/api/v1/red-site-events/{id}/bookings", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/red-site-events/{id}/bookings", |_| json!({"group_name": "矩阵团体", "people": 2}), [401, 404, 404, 404, 404]),
        row("post", "/api/v1/red-site-events/{id}/attendance", |_| json!({"booking_id": 999999, "people": 2}), [401, 403, 404, 404, 404]),
        row("get", "/api/v1/family-rules", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/family-rules", |_| json!({"kind": "family", "household": "矩阵家", "text": "矩阵:勤俭持家,诚信待人。", "grid_code": GRID_A}), [401, 201, 422, 201, 201]),
        row("get", "/api/v1/family-rules/queue", none, [401, 200, 200, 200, 200]),
        row("get", "/api/v1/family-rules/coverage", none, [401, 403, 200, 200, 200]),
        row("post", "/api/v1/family-rules/{id}/review", |_| json!({"publish": true}), [401, 403, 404, 200, 403]),
        row("post", "/api/v1/family-rules/{id}/hung", none, [401, 403, 404, 200, 403]),
        row("put", "/api/v1/communities/{code}/households", |_| json!({"households": 100}), [401, 403, 404, 404, 200]),
        row("get", "/api/v1/track/{code}", none, [200, 200, 200, 200, 200]),
        row("post", "/api/v1/track/{code}/rating", |_| json!({"stars": 5, "phone": PHONE}), [409, 409, 409, 409, 409]),
        row("get", "/api/v1/open311/keys", none, [401, 403, 403, 403, 200]),
        row("post", "/api/v1/open311/keys", |_| json!({"name": "矩阵客户端"}), [401, 403, 403, 403, 201]),
        row("post", "/api/v1/open311/keys/{id}/revoke", none, [401, 403, 403, 403, 204]),
    ]
}

/// The concrete URL of a row for the records in `ids`.
fn url(path: &str, ids: &Ids) -> String {
    let id = if path.starts_with("/api/v1/disputes/") {
        ids.dispute.to_string()
    } else if path.starts_with("/api/v1/requests/") {
        ids.request.to_string()
    } else if path.starts_with("/api/v1/teams/") {
        ids.team.to_string()
    } else if path.starts_with("/api/v1/open311/keys/") {
        ids.key.to_string()
    } else if path.starts_with("/api/v1/patrols/") {
        ids.patrol.to_string()
    } else if path.starts_with("/api/v1/cameras/") {
        ids.camera.to_string()
    } else if path.starts_with("/api/v1/eco-reports/") {
        ids.eco.to_string()
    } else if path.starts_with("/api/v1/large-events/") {
        ids.event.to_string()
    } else if path.starts_with("/api/v1/risk-sites/rectifications/") {
        ids.rectification.to_string()
    } else if path.starts_with("/api/v1/risk-sites/") {
        ids.site.to_string()
    } else if path.starts_with("/api/v1/incidents/") {
        ids.incident.to_string()
    } else if path.starts_with("/api/v1/service-requests/") {
        ids.application.to_string()
    } else if path.starts_with("/api/v1/questions/") {
        ids.question.to_string()
    } else if path.starts_with("/api/v1/aid-applications/") {
        ids.aid.to_string()
    } else if path.starts_with("/api/v1/counselling/appointments/") {
        ids.appointment.to_string()
    } else if path.starts_with("/api/v1/volunteering/") {
        ids.position.to_string()
    } else if path.starts_with("/api/v1/care/") {
        ids.care.to_string()
    } else if path.starts_with("/api/v1/centres/") {
        ids.centre.to_string()
    } else if path.starts_with("/api/v1/rooms/") {
        ids.room.to_string()
    } else if path.starts_with("/api/v1/bookings/") {
        ids.booking.to_string()
    } else if path.starts_with("/api/v1/drills/") {
        ids.drill.to_string()
    } else if path.starts_with("/api/v1/tips/") {
        ids.tip.to_string()
    } else if path.starts_with("/api/v1/deeds/") {
        ids.deed.to_string()
    } else if path.starts_with("/api/v1/archive/") {
        ids.record.to_string()
    } else if path.starts_with("/api/v1/family-rules/") {
        ids.rule.to_string()
    } else if path.starts_with("/api/v1/red-site-events/") {
        "999999".into()
    } else if path.starts_with("/api/v1/legal-education/orders/") {
        ids.order.to_string()
    } else if path.starts_with("/api/v1/fund/") || path.starts_with("/api/v1/legal-education/") {
        "999999".into()
    } else if path.starts_with("/api/v1/campaigns/") {
        ids.campaign.to_string()
    } else if path.starts_with("/api/v1/nominees/") {
        ids.nominee.to_string()
    } else if path.starts_with("/api/v1/webhooks/deliveries/") {
        "1".into()
    } else {
        ids.hook.to_string()
    };
    let photo = if path.starts_with("/api/v1/disputes/") {
        ids.photo.to_string()
    } else {
        "1".into()
    };
    let step = if path.starts_with("/api/v1/incidents/") {
        ids.incident_step.to_string()
    } else {
        "accept".into()
    };
    path.replace("{id}", &id)
        .replace("{step}", &step)
        .replace("{finding}", &ids.finding.to_string())
        .replace("{receipt}", &ids.receipt)
        .replace("{doc}", &ids.aid_doc.to_string())
        .replace("/aid-track/{code}", &format!("/aid-track/{}", ids.aid_code))
        .replace("/response-plans/{kind}", "/response-plans/accident")
        .replace("/api/v1/services/{code}", "/api/v1/services/elderly-card")
        .replace("{photo}", &photo)
        .replace("{member}", &ids.member.to_string())
        .replace("{fault}", &ids.fault.to_string())
        .replace("{party}", &ids.party.to_string())
        .replace(
            "{code}",
            if path.contains("/track/") {
                &ids.code
            } else if path.starts_with("/api/v1/compounds/") {
                &ids.compound
            } else if path.starts_with("/api/v1/communities/") {
                "610302001001"
            } else {
                GRID_A
            },
        )
        .replace("{username}", "res002")
        .replace("{kind}", "tasks")
}

/// Records in grid A, made by the coordinator and the grid's worker.
async fn setup(app: &App, gw: &str, coordinator: &str) -> Ids {
    let body = json!({"category": "neighbour", "source": "screening", "description": "楼道堆物引发邻里争执", "grid_code": GRID_A,
        "parties": [{"name": "张甲", "phone": PHONE, "id_number": ID_NUMBER}, {"side": "respondent", "name": "李乙"}]});
    let (s, case) = app.post_json("/api/v1/disputes", gw, &body).await;
    assert_eq!(s, 201, "{case}");
    let dispute = case["id"].as_i64().unwrap();
    let (_, detail) = app
        .get_json(&format!("/api/v1/disputes/{dispute}"), gw)
        .await;
    let party = detail["parties"][0]["id"].as_i64().unwrap();
    let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
    let photo: Value = app
        .http
        .post(app.url(&format!("/api/v1/disputes/{dispute}/photos")))
        .bearer_auth(gw)
        .header("content-type", "image/jpeg")
        .body(jpeg)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let report = json!({"service_code": "need-repair", "description": "楼下公共座椅坏了", "grid_code": GRID_A, "callback_phone": PHONE});
    let created: Value = app
        .http
        .post(app.url("/api/v1/reports"))
        .json(&report)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (s, team) = app.post_json("/api/v1/teams", coordinator, &json!({"name": "一网格党组织", "kind": "grid_party_organisation", "region_code": GRID_A})).await;
    assert_eq!(s, 201, "{team}");
    let team = team["id"].as_i64().unwrap();
    let (s, member) = app.post_json(&format!("/api/v1/teams/{team}/members"), coordinator, &json!({"name": "赵丙", "member_role": "member", "phone": PHONE, "id_number": ID_NUMBER})).await;
    assert_eq!(s, 201, "{member}");
    let (_, key) = app
        .post_json(
            "/api/v1/open311/keys",
            coordinator,
            &json!({"name": "待吊销"}),
        )
        .await;
    let (_, hook) = app
        .post_json(
            "/api/v1/webhooks",
            coordinator,
            &json!({"name": "待停用", "url": "http://127.0.0.1:9/x"}),
        )
        .await;
    let point = crate::support::compound_point(app, gw, GRID_A).await;
    let (s, patrol) = app
        .post_json("/api/v1/patrols", gw, &json!({"grid_code": GRID_A}))
        .await;
    assert_eq!(s, 201, "{patrol}");
    let patrol = patrol["id"].as_i64().unwrap();
    let (_, cameras) = app
        .get_json(&format!("/api/v1/cameras?region={GRID_A}"), gw)
        .await;
    let camera = cameras[0]["id"].as_i64().unwrap();
    let (s, broken) = app
        .post_json(
            &format!("/api/v1/cameras/{camera}/faults"),
            gw,
            &json!({"description": "矩阵:画面黑屏"}),
        )
        .await;
    assert_eq!(s, 201, "{broken}");
    let fault = broken["faults"][0]["id"].as_i64().unwrap();
    let compound = cameras
        .as_array()
        .unwrap()
        .iter()
        .find_map(|c| c["compound_code"].as_str())
        .unwrap()
        .to_owned();
    let (_, standard) = app
        .get_json("/api/v1/prevention/smart-standard", coordinator)
        .await;
    let body = json!({"kind": "crowded_venue", "name": "矩阵商场", "lon": point.0, "lat": point.1, "responsible_unit": "矩阵物业", "risk_level": "yellow"});
    let (s, site) = app.post_json("/api/v1/risk-sites", gw, &body).await;
    assert_eq!(s, 201, "{site}");
    let site = site["id"].as_i64().unwrap();
    let (s, inspected) = app
        .post_json(
            &format!("/api/v1/risk-sites/{site}/inspections"),
            gw,
            &json!({"findings": ["矩阵:安全出口堵塞"]}),
        )
        .await;
    assert_eq!(s, 201, "{inspected}");
    let rectification = inspected["rectifications"][0]["id"].as_i64().unwrap();
    let (s, event) = app
        .post_json("/api/v1/large-events", gw, &event_body(&point))
        .await;
    assert_eq!(s, 201, "{event}");
    let event = event["id"].as_i64().unwrap();
    let dumping = json!({"service_code": "eco-dumping", "description": "河道边有人倾倒建筑垃圾", "grid_code": GRID_A, "callback_phone": PHONE});
    let eco: Value = app
        .http
        .post(app.url("/api/v1/reports"))
        .json(&dumping)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(eco["kind"], "eco", "{eco}");
    let eco = eco["id"].as_i64().unwrap();
    let (s, incident) = app.post_json("/api/v1/incidents", gw, &json!({"kind": "accident", "severity": "IV", "title": "矩阵:车库积水", "grid_code": GRID_A})).await;
    assert_eq!(s, 201, "{incident}");
    let incident_step = incident["steps"][0]["id"].as_i64().unwrap();
    let incident = incident["id"].as_i64().unwrap();
    let (s, drill) = app.post_json("/api/v1/drills", coordinator, &json!({"kind": "counter_terror", "title": "矩阵反恐演练", "scenario": "可疑包裹", "plan_kind": "public_security", "grid_code": GRID_A, "held_at": "2026-12-10"})).await;
    assert_eq!(s, 201, "{drill}");
    let drill = drill["id"].as_i64().unwrap();
    let (s, found) = app.post_json(&format!("/api/v1/drills/{drill}/findings"), coordinator, &json!({"finding": "通讯不畅", "step_title": "启用备用对讲频道", "owner_role": "town_command"})).await;
    assert_eq!(s, 201, "{found}");
    let finding = found["findings"][0]["id"].as_i64().unwrap();
    let tip: Value = app.http.post(app.url("/api/v1/tips")).json(&json!({"kind": "crime", "text": "矩阵:有人夜间撬车", "grid_code": GRID_A, "contact": "13900007777"})).send().await.unwrap().json().await.unwrap();
    let receipt = tip["receipt"].as_str().unwrap().to_owned();
    let tip_id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM tips")
        .fetch_one(app.server.state.store.pool())
        .await
        .unwrap();
    let (s, application) = app.post_json("/api/v1/service-requests", gw, &json!({"matter_code": "dibao", "applicant_name": "矩阵居民", "applicant_phone": PHONE, "grid_code": GRID_A})).await;
    assert_eq!(s, 201, "{application}");
    let application = application["id"].as_i64().unwrap();
    let (s, question) = app
        .post_json(
            "/api/v1/questions",
            gw,
            &json!({"question": "矩阵:居住证可以代办吗?"}),
        )
        .await;
    assert_eq!(s, 201, "{question}");
    let question = question["id"].as_i64().unwrap();
    let (_, centres) = app
        .get_json(&format!("/api/v1/centres?region={GRID_A}"), "")
        .await;
    let hub = centres
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "neighbourhood")
        .unwrap()
        .clone();
    let room_of = |kind: &str| {
        hub["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["kind"] == kind)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let booking_day =
        fengqiao_core::time::day(fengqiao_store::now_ms() + 6 * fengqiao_core::time::DAY_MS);
    let (s, booked) = app.post_json(&format!("/api/v1/rooms/{}/bookings", room_of("activity")), gw, &json!({"day": booking_day, "start": "09:00", "end": "10:00", "purpose": "矩阵:议事会"})).await;
    assert_eq!(s, 201, "{booked}");
    let (_, policy) = app.get_json("/api/v1/mediation/policy", coordinator).await;
    let (_, mandates) = app.get_json("/api/v1/mandates", coordinator).await;
    let (_, weights) = app
        .get_json("/api/v1/assessment/weights", coordinator)
        .await;
    let (s, aid) = app.post_json("/api/v1/aid-applications", gw, &json!({"kind": "legal", "applicant_name": "矩阵居民", "id_number": ID_NUMBER, "phone": PHONE, "grid_code": GRID_A, "situation": "矩阵:被拖欠工资,无力聘请律师"})).await;
    assert_eq!(s, 201, "{aid}");
    let aid_id = aid["id"].as_i64().unwrap();
    let doc: Value = app
        .http
        .post(app.url(&format!("/api/v1/aid-applications/{aid_id}/documents")))
        .bearer_auth(gw)
        .body(b"%PDF-1.4 matrix".to_vec())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let res001 = app.token("res001").await;
    let (_, pool) = app.get_json("/api/v1/counsellors", "").await;
    let counsellor = pool
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["qualification"] == "国家二级心理咨询师")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (s, appointment) = app.post_json("/api/v1/counselling/appointments", &res001, &json!({"counsellor_id": counsellor, "alias": "矩阵来访者", "day": booking_day, "time": "16:00"})).await;
    assert_eq!(s, 201, "{appointment}");
    let (s, care) = app.post_json("/api/v1/care", gw, &json!({"category": "elderly_alone", "name": "矩阵老人", "id_number": ID_NUMBER, "phone": PHONE, "grid_code": GRID_A, "consent_day": "2026-01-05"})).await;
    assert_eq!(s, 201, "{care}");
    let (s, position) = app.post_json("/api/v1/volunteering", gw, &json!({"title": "矩阵:送餐", "grid_code": GRID_A, "starts": format!("{booking_day}T09:00"), "ends": format!("{booking_day}T11:00"), "seats": 10})).await;
    assert_eq!(s, 201, "{position}");
    let (s, campaign) = app
        .post_json(
            "/api/v1/campaigns",
            coordinator,
            &json!({"kind": "good_person", "title": "矩阵:渭滨好人评选"}),
        )
        .await;
    assert_eq!(s, 201, "{campaign}");
    let campaign = campaign["id"].as_i64().unwrap();
    let (s, c) = app.post_json(&format!("/api/v1/campaigns/{campaign}/nominations"), gw, &json!({"name": "矩阵好人", "summary": "矩阵:义务照看留守儿童多年", "evidence": "学校证明"})).await;
    assert_eq!(s, 201, "{c}");
    app.post_json(
        &format!("/api/v1/campaigns/{campaign}/phase"),
        coordinator,
        &json!({"phase": "review"}),
    )
    .await;
    let (_, c) = app
        .get_json(&format!("/api/v1/campaigns/{campaign}"), coordinator)
        .await;
    let nominee = c["nominees"][0]["id"].as_i64().unwrap();
    app.post_json(
        &format!("/api/v1/nominees/{nominee}/review"),
        coordinator,
        &json!({"accept": true}),
    )
    .await;
    let (s, _) = app
        .post_json(
            &format!("/api/v1/campaigns/{campaign}/phase"),
            coordinator,
            &json!({"phase": "voting"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, deed) = app.post_json("/api/v1/deeds", gw, &json!({"board": "heroic", "title": "矩阵:勇救落水者", "story": "矩阵:在河边发现有人落水,跳入水中将其救起并送医。", "people": "矩阵英雄", "occurred_on": "2026-11-02", "grid_code": GRID_A})).await;
    assert_eq!(s, 201, "{deed}");
    let wanted =
        fengqiao_core::time::day(fengqiao_store::now_ms() + 10 * fengqiao_core::time::DAY_MS);
    let (s, order) = app
        .post_json(
            "/api/v1/legal-education/orders",
            gw,
            &json!({"theme": "fraud", "unit": "矩阵企业", "audience": 40, "wanted_on": wanted}),
        )
        .await;
    assert_eq!(s, 201, "{order}");
    let (s, record) = app.post_json("/api/v1/archive", coordinator, &json!({"kind": "figure", "title": "矩阵人物", "body": "矩阵:一位渭滨的历史人物,生平待考。", "grid_code": GRID_A})).await;
    assert_eq!(s, 201, "{record}");
    let res = app.token("res001").await;
    let (s, rule) = app.post_json("/api/v1/family-rules", &res, &json!({"kind": "family", "household": "矩阵张家", "text": "矩阵:孝老爱亲,邻里和睦。", "grid_code": GRID_A})).await;
    assert_eq!(s, 201, "{rule}");
    Ids {
        record: record["id"].as_i64().unwrap(),
        rule: rule["id"].as_i64().unwrap(),
        order: order["id"].as_i64().unwrap(),
        deed: deed["id"].as_i64().unwrap(),
        campaign,
        nominee,
        centre: hub["id"].as_i64().unwrap(),
        position: position["id"].as_i64().unwrap(),
        care: care["id"].as_i64().unwrap(),
        counsellor,
        appointment: appointment["id"].as_i64().unwrap(),
        aid: aid_id,
        aid_doc: doc["documents"][0]["id"].as_i64().unwrap(),
        aid_code: aid["tracking_code"].as_str().unwrap().to_owned(),
        room: room_of("library"),
        booking: booked["bookings"][0]["id"].as_i64().unwrap(),
        booking_day,
        dispute,
        party,
        photo: photo["id"].as_i64().unwrap(),
        request: created["id"].as_i64().unwrap(),
        code: created["tracking_code"].as_str().unwrap().to_owned(),
        team,
        member: member["id"].as_i64().unwrap(),
        key: key["id"].as_i64().unwrap(),
        hook: hook["id"].as_i64().unwrap(),
        policy: policy["policy"].clone(),
        mandates: mandates["mandates"].clone(),
        weights: weights["weights"].clone(),
        patrol,
        camera,
        fault,
        compound,
        standard: standard["standard"].clone(),
        site,
        rectification,
        event,
        eco,
        point,
        incident,
        incident_step,
        drill,
        finding,
        tip: tip_id,
        receipt,
        application,
        question,
    }
}

#[tokio::test]
async fn every_api_route_answers_each_role_in_and_out_of_scope_as_the_matrix_says() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let tokens = [
            None,
            Some(app.token("res001").await),
            Some(app.token("gw0002").await),
            Some(app.token("gw0001").await),
            Some(app.token("coordinator").await),
        ];
        let ids = setup(
            &app,
            tokens[3].as_deref().unwrap(),
            tokens[4].as_deref().unwrap(),
        )
        .await;
        let rows = rows();
        for op in fengqiao_web::apidoc::ops(fengqiao_web::areas::ALL) {
            assert!(
                rows.iter()
                    .any(|r| r.method == op.method && r.path.split('?').next() == Some(op.path)),
                "{} {} has no row in the authorisation matrix",
                op.method,
                op.path
            );
        }
        let mut wrong = Vec::new();
        let mut table = String::new();
        for r in &rows {
            let mut got = [0u16; 5];
            for (i, token) in tokens.iter().enumerate() {
                // Logging out would end the session the next rows need: use a fresh one.
                let fresh;
                let token = if r.path == "/api/v1/auth/logout" && i > 0 {
                    fresh = Some(app.token(WHO[i].split(' ').next().unwrap()).await);
                    &fresh
                } else {
                    token
                };
                let mut req = app.http.request(
                    r.method.to_uppercase().parse().unwrap(),
                    app.url(&url(r.path, &ids)),
                );
                if let Some(t) = token {
                    req = req.bearer_auth(t);
                }
                let body = (r.body)(&ids);
                // A string is a raw body (a file); anything else is JSON.
                if let Value::String(raw) = &body {
                    req = req.body(raw.clone().into_bytes());
                } else if !body.is_null() {
                    req = req.json(&body);
                }
                let res = req.send().await.unwrap();
                got[i] = res.status().as_u16();
                let text = res.text().await.unwrap();
                if r.masked && i == 3 && (text.contains(PHONE) || text.contains(ID_NUMBER)) {
                    wrong.push(format!(
                        "{} {}: personal data unmasked for the grid worker: {}",
                        r.method,
                        r.path,
                        &text[..text.len().min(300)]
                    ));
                }
            }
            table.push_str(&format!("{} {} {:?}\n", r.method, r.path, got));
            if got != r.expect {
                wrong.push(format!(
                    "{} {}: expected {:?}, got {:?}",
                    r.method, r.path, r.expect, got
                ));
            }
        }
        println!("{table}");
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        app.stop().await;
    })
    .await;
}
