//! Emergency command, drills and tips, as their users meet them: an incident taken over by the
//! district with a log nobody can change, watched live; its warning read by a third-party CAP
//! library and found in the Atom feed; a drill that changes a plan and is an exercise
//! everywhere; a tip whose contact only the receiving station reads.

use crate::support::{on_both, App};
use serde_json::{json, Value};
use std::time::Duration;

const GRID_A: &str = "610302001001001";

async fn open(app: &App, token: &str, severity: &str) -> Value {
    let (s, i) = app
        .post_json("/api/v1/incidents", token, &json!({"kind": "accident", "severity": severity, "title": "化工仓库泄漏", "grid_code": GRID_A, "description": "仓库有刺激性气味"}))
        .await;
    assert_eq!(s, 201, "{i}");
    i
}

fn lines(i: &Value) -> Vec<String> {
    i["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap().to_owned())
        .collect()
}

/// Done-when: a grade IV incident is commanded by the town; raised to II the district takes
/// over (the town can still record but no longer commands); the log cannot be edited or
/// deleted through any route nor in the database itself; a correction is a new line.
#[tokio::test]
async fn an_incident_raised_to_grade_two_is_taken_over_and_its_log_only_grows() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (gw, town, coordinator) = (
            app.token("gw0001").await,
            app.token("town01").await,
            app.token("coordinator").await,
        );
        let i = open(&app, &gw, "IV").await;
        let id = i["id"].as_i64().unwrap();
        assert_eq!(
            (i["command"].clone(), i["command_label"].clone()),
            (json!("town"), json!("镇街指挥"))
        );
        assert!(
            i["steps"].as_array().unwrap().len() >= 5,
            "the accident plan is the checklist"
        );
        let (_, inbox) = app.get_json("/api/v1/notifications", &town).await;
        assert!(
            inbox.to_string().contains("突发事件:化工仓库泄漏"),
            "{inbox}"
        );

        let (s, _) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/dispatch"),
                &gw,
                &json!({"task": "处置泄漏"}),
            )
            .await;
        assert_eq!(s, 403, "a grid worker does not command");
        let (s, d) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/dispatch"),
                &town,
                &json!({"task": "封堵泄漏点"}),
            )
            .await;
        assert_eq!(s, 200, "{d}");
        let (s, d) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/severity"),
                &town,
                &json!({"severity": "II"}),
            )
            .await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(d["command"], "district");
        assert!(
            lines(&d).iter().any(|l| l.contains("区级指挥中心接管指挥")),
            "{d}"
        );
        let (_, inbox) = app.get_json("/api/v1/notifications", &coordinator).await;
        assert!(
            inbox.to_string().contains("区级接管:化工仓库泄漏"),
            "{inbox}"
        );
        // The grid is filled red on the incidents layer (beside the legend's red swatch).
        let map = app
            .get("/map.svg?layer=incidents&region=610302001001", &coordinator)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            map.contains("Ⅰ、Ⅱ级事件处置中")
                && map.matches(fengqiao_core::RiskLevel::Red.colour()).count() >= 2,
            "{map}"
        );
        let (s, p) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/dispatch"),
                &town,
                &json!({"task": "再调一队"}),
            )
            .await;
        assert_eq!(s, 403, "the district commands now: {p}");
        assert!(p["detail"].as_str().unwrap().contains("区级指挥中心已接管"));
        let (s, _) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/severity"),
                &coordinator,
                &json!({"severity": "III"}),
            )
            .await;
        assert_eq!(s, 200);
        let (_, d) = app
            .get_json(&format!("/api/v1/incidents/{id}"), &coordinator)
            .await;
        assert_eq!(
            d["command"], "district",
            "a lower grade does not hand command back"
        );

        let (s, d) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/log"),
                &town,
                &json!({"text": "疏散 30 人"}),
            )
            .await;
        assert_eq!(s, 201, "the town still records: {d}");
        assert!(
            d["actor"].as_str().unwrap().ends_with("(镇街指挥中心)"),
            "the line written, by name: {d}"
        );
        let first = d["id"].as_i64().unwrap();
        let (s, _) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/log"),
                &town,
                &json!({"text": "更正:疏散 32 人", "corrects": first}),
            )
            .await;
        assert_eq!(s, 201);
        let (_, d) = app
            .get_json(&format!("/api/v1/incidents/{id}"), &town)
            .await;
        let log = d["log"].as_array().unwrap();
        assert!(
            log.iter().any(|l| l["text"] == "疏散 30 人"),
            "the corrected line stays as it was"
        );
        assert_eq!(log.last().unwrap()["corrects"], first);
        assert_eq!(log.last().unwrap()["kind_label"], "更正");
        let (s, _) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/log"),
                &town,
                &json!({"text": "更正别的事件", "corrects": 1}),
            )
            .await;
        assert_eq!(s, 422, "a correction names a line of its own incident");

        // No route changes a line: not by method, not by path.
        let line_url = app.url(&format!("/api/v1/incidents/{id}/log/{first}"));
        for method in ["PUT", "PATCH", "DELETE"] {
            for url in [
                app.url(&format!("/api/v1/incidents/{id}/log")),
                line_url.clone(),
            ] {
                let res = app
                    .http
                    .request(method.parse().unwrap(), &url)
                    .bearer_auth(&coordinator)
                    .json(&json!({"text": "改写"}))
                    .send()
                    .await
                    .unwrap();
                assert!(
                    matches!(res.status().as_u16(), 404 | 405),
                    "{method} {url}: {}",
                    res.status()
                );
            }
        }
        // Nor the database, whichever program writes to it.
        let pool = app.server.state.store.pool();
        assert!(
            sqlx::query("UPDATE incident_log SET text = 'x' WHERE id = $1")
                .bind(first)
                .execute(pool)
                .await
                .is_err()
        );
        assert!(sqlx::query("DELETE FROM incident_log WHERE id = $1")
            .bind(first)
            .execute(pool)
            .await
            .is_err());
        let (_, d) = app
            .get_json(&format!("/api/v1/incidents/{id}"), &coordinator)
            .await;
        assert!(lines(&d).contains(&"疏散 30 人".to_owned()));

        let step = d["steps"][0]["id"].as_i64().unwrap();
        let (s, _) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/steps/{step}/done"),
                &gw,
                &json!({}),
            )
            .await;
        assert_eq!(s, 200);
        let (s, _) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/steps/{step}/done"),
                &gw,
                &json!({}),
            )
            .await;
        assert_eq!(s, 409);
        let (s, _) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/close"),
                &town,
                &json!({"report": "已处置"}),
            )
            .await;
        assert_eq!(s, 403, "the district closes what it commands");
        let (s, d) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/close"),
                &coordinator,
                &json!({"report": "泄漏已封堵,无人受伤"}),
            )
            .await;
        assert_eq!(s, 200);
        assert_eq!(d["status_label"], "已结束");
        let (s, _) = app
            .post_json(
                &format!("/api/v1/incidents/{id}/log"),
                &town,
                &json!({"text": "补记"}),
            )
            .await;
        assert_eq!(s, 409, "an ended incident's log is read only");
        let (s, _) = app
            .get_json(
                &format!("/api/v1/incidents/{id}"),
                &app.token("gw0002").await,
            )
            .await;
        assert_eq!(s, 404, "out of scope");
        let page = app.page(&format!("/incidents/{id}"), &coordinator).await;
        assert!(
            page.contains("区级指挥") && page.contains("已结束") && page.contains("泄漏已封堵"),
            "{page}"
        );
        assert!(
            !page.contains("gw0001") && !page.contains("town01"),
            "people by name"
        );
        app.stop().await;
    })
    .await;
}

/// Reads server-sent events until one carries `text`, or fails after five seconds.
async fn until_event(res: &mut reqwest::Response, text: &str) -> String {
    let mut seen = String::new();
    let found = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(chunk) = res.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains(text) {
                return;
            }
        }
    })
    .await;
    assert!(
        found.is_ok(),
        "no event with {text:?} within 5 s; got {seen}"
    );
    seen
}

/// The live page: a line written by someone else reaches a watcher without a reload; a
/// watcher that reconnects with Last-Event-ID gets what it missed; an ended incident's
/// stream ends.
#[tokio::test]
async fn the_incident_log_reaches_watchers_live_and_resumes_after_a_reconnect() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (town, coordinator) = (app.token("town01").await, app.token("coordinator").await);
        let i = open(&app, &town, "III").await;
        let id = i["id"].as_i64().unwrap();
        let stream = app.url(&format!("/api/v1/incidents/{id}/stream"));
        let mut watcher = app
            .http
            .get(&stream)
            .bearer_auth(&coordinator)
            .send()
            .await
            .unwrap();
        assert_eq!(watcher.status(), 200);
        assert!(watcher.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        // The job may still be starting: write until the watcher sees a line.
        let mut got = String::new();
        for n in 0..10 {
            app.post_json(
                &format!("/api/v1/incidents/{id}/log"),
                &town,
                &json!({"text": format!("现场第 {n} 次报告")}),
            )
            .await;
            let seen = tokio::time::timeout(Duration::from_millis(800), watcher.chunk()).await;
            if let Ok(Ok(Some(chunk))) = seen {
                got.push_str(&String::from_utf8_lossy(&chunk));
                if got.contains("现场第") {
                    break;
                }
            }
        }
        assert!(
            got.contains("event: entry") && got.contains("现场第"),
            "{got}"
        );
        assert!(
            got.contains("镇街指挥中心"),
            "the actor by name, not username: {got}"
        );
        app.post_json(
            &format!("/api/v1/incidents/{id}/log"),
            &town,
            &json!({"text": "风向转北"}),
        )
        .await;
        let seen = until_event(&mut watcher, "风向转北").await;
        let last: i64 = seen
            .lines()
            .filter_map(|l| l.strip_prefix("id: "))
            .filter_map(|n| n.trim().parse().ok())
            .max()
            .unwrap();
        drop(watcher);

        // Missed while away: sent first on reconnecting.
        app.post_json(
            &format!("/api/v1/incidents/{id}/log"),
            &town,
            &json!({"text": "断线期间:消防到场"}),
        )
        .await;
        let mut again = app
            .http
            .get(&stream)
            .bearer_auth(&coordinator)
            .header("last-event-id", last.to_string())
            .send()
            .await
            .unwrap();
        let seen = until_event(&mut again, "断线期间:消防到场").await;
        assert!(!seen.contains("风向转北"), "nothing it had already");
        drop(again);

        app.post_json(
            &format!("/api/v1/incidents/{id}/close"),
            &town,
            &json!({"report": "处置完毕"}),
        )
        .await;
        let ended = tokio::time::timeout(
            Duration::from_secs(5),
            app.http
                .get(format!("{stream}?after=0"))
                .bearer_auth(&coordinator)
                .send()
                .await
                .unwrap()
                .text(),
        )
        .await;
        let ended = ended.expect("an ended incident's stream ends").unwrap();
        assert!(ended.contains("处置结束"), "{ended}");
        let (s, _) = app
            .get_json(
                &format!("/api/v1/incidents/{id}/stream"),
                &app.token("gw0002").await,
            )
            .await;
        assert_eq!(s, 404);
        app.stop().await;
    })
    .await;
}

const CAP_READER: &str = r#"
import sys, json
from capparselib.parsers import CAPParser
alerts = CAPParser(open(sys.argv[1], encoding="utf-8").read()).as_dict()
a = alerts[0]
info = a["cap_info"][0]
area = info["cap_area"][0]
print(json.dumps({"status": str(a["cap_status"]), "type": str(a["cap_message_type"]), "id": str(a["cap_id"]),
    "refs": str(a.get("cap_references", "")), "sent": str(a["cap_sent"]), "severity": str(info["cap_severity"]),
    "category": str(info["cap_category"]), "polygon": str(area["polygon"]), "area": str(area["area_description"]),
    "headline": str(info["cap_headline"])}, ensure_ascii=False))
"#;

const ATOM_READER: &str = r#"
import sys, json, feedparser
f = feedparser.parse(sys.argv[1])
assert not f.bozo, f.bozo_exception
print(json.dumps([{"title": e.title, "cap": [l.href for l in e.links if l.get("type") == "application/cap+xml"]} for e in f.entries], ensure_ascii=False))
"#;

/// Done-when: a warning parses in a third-party CAP library (against the OASIS schema it
/// ships), with the grid's polygon; an update refers to the first; both are in the Atom feed
/// that a feed library reads, and on the public warnings page.
#[tokio::test]
async fn a_warning_is_valid_cap_and_appears_in_the_atom_feed() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let town = app.token("town01").await;
        let i = open(&app, &town, "III").await;
        let id = i["id"].as_i64().unwrap();
        let (s, first) = app.post_json(&format!("/api/v1/incidents/{id}/alerts"), &town, &json!({"headline": "化工仓库泄漏,请关闭门窗", "description": "仓库周边 500 米", "instruction": "关闭门窗,不要外出"})).await;
        assert_eq!(s, 201, "{first}");
        let (s, p) = app.post_json(&format!("/api/v1/incidents/{id}/alerts"), &town, &json!({"headline": "扩大范围", "grids": ["999999999999999"]})).await;
        assert_eq!(s, 422, "{p}");
        let (s, p) = app.post_json(&format!("/api/v1/incidents/{id}/alerts"), &town, &json!({"headline": "x", "msg_type": "Panic"})).await;
        assert_eq!(s, 422, "{p}");
        let (s, update) = app.post_json(&format!("/api/v1/incidents/{id}/alerts"), &town, &json!({"msg_type": "Update", "headline": "泄漏已控制,范围缩小", "grids": [GRID_A, "610302001001002"]})).await;
        assert_eq!(s, 201, "{update}");

        let xml = app.http.get(app.url(first["cap_url"].as_str().unwrap())).send().await.unwrap();
        assert_eq!(xml.status(), 200, "warnings are public");
        assert!(xml.headers()["content-type"].to_str().unwrap().starts_with("application/cap+xml"));
        let xml = xml.bytes().await.unwrap();
        if let Some(out) = crate::support::python(&["capparselib"], CAP_READER, (".xml", &xml)) {
            let a: Value = serde_json::from_str(&out).unwrap();
            assert_eq!((a["status"].as_str(), a["type"].as_str(), a["severity"].as_str(), a["category"].as_str()), (Some("Actual"), Some("Alert"), Some("Moderate"), Some("Safety")), "{a}");
            assert_eq!(a["id"], first["identifier"]);
            assert_eq!(a["headline"], "化工仓库泄漏,请关闭门窗");
            assert!(a["sent"].as_str().unwrap().ends_with("+08:00"), "{a}");
            let pts: Vec<&str> = a["polygon"].as_str().unwrap().split(' ').collect();
            assert!(pts.len() >= 4 && pts.first() == pts.last(), "a closed ring: {a}");
            let (lat, lon) = pts[0].split_once(',').unwrap();
            assert!((34.0..35.0).contains(&lat.parse::<f64>().unwrap()) && (106.5..107.5).contains(&lon.parse::<f64>().unwrap()), "lat,lon order: {a}");
        }
        let xml = app.http.get(app.url(update["cap_url"].as_str().unwrap())).send().await.unwrap().bytes().await.unwrap();
        if let Some(out) = crate::support::python(&["capparselib"], CAP_READER, (".xml", &xml)) {
            let a: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(a["type"], "Update");
            assert!(a["refs"].as_str().unwrap().contains(first["identifier"].as_str().unwrap()), "{a}");
        }
        let res = app.http.get(app.url("/cap/alerts/999999.xml")).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let feed = app.http.get(app.url("/cap/alerts.atom")).send().await.unwrap();
        assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
        let feed = feed.bytes().await.unwrap();
        if let Some(out) = crate::support::python(&["feedparser"], ATOM_READER, (".atom", &feed)) {
            let entries: Value = serde_json::from_str(&out).unwrap();
            let titles: Vec<&str> = entries.as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
            assert!(titles.contains(&"化工仓库泄漏,请关闭门窗") && titles.contains(&"【更新】泄漏已控制,范围缩小"), "{titles:?}");
            assert!(entries[0]["cap"][0].as_str().unwrap().ends_with(&format!("/cap/alerts/{}.xml", update["id"])), "newest first, linking its CAP");
        }
        let page = app.http.get(app.url("/warnings")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("化工仓库泄漏,请关闭门窗") && page.contains("关闭门窗,不要外出"), "{page}");
        app.stop().await;
    })
    .await;
}

/// Done-when: a drill's incident and warning are exercises everywhere (the incident, its
/// CAP status, the lists, not the map's risk); its finding, applied, is a step of the plan it
/// tested that names the drill.
#[tokio::test]
async fn a_drills_finding_changes_its_plan_and_the_drill_is_an_exercise_everywhere() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (town, gw) = (app.token("town01").await, app.token("gw0001").await);
        let (s, p) = app.post_json("/api/v1/drills", &gw, &json!({"kind": "emergency", "title": "x", "scenario": "x", "plan_kind": "accident", "grid_code": GRID_A, "held_at": "2026-12-20"})).await;
        assert_eq!(s, 403, "{p}");
        let (s, p) = app.post_json("/api/v1/drills", &town, &json!({"kind": "fire_drill", "title": "消防演练", "scenario": "车库起火", "plan_kind": "accident", "grid_code": GRID_A, "held_at": "2026-12-20"})).await;
        assert_eq!(s, 422, "an unknown kind is named: {p}");
        assert!(p["detail"].as_str().unwrap().contains("counter_terror"), "{p}");
        let (s, d) = app.post_json("/api/v1/drills", &town, &json!({"kind": "emergency", "title": "地下车库火灾疏散演练", "scenario": "车库电动车起火,烟雾进入楼道", "plan_kind": "accident", "teams": "救援队、物业、网格员", "grid_code": GRID_A, "held_at": "2026-12-20"})).await;
        assert_eq!(s, 201, "{d}");
        assert_eq!(d["exercise"], true);
        let drill = d["id"].as_i64().unwrap();

        let (s, played) = app.post_json(&format!("/api/v1/drills/{drill}/incident"), &town, &json!({"severity": "II"})).await;
        assert_eq!(s, 201, "{played}");
        let incident = played["incident_id"].as_i64().unwrap();
        let coordinator = app.token("coordinator").await;
        let (_, i) = app.get_json(&format!("/api/v1/incidents/{incident}"), &coordinator).await;
        assert_eq!(i["exercise"], true);
        let (s, alert) = app.post_json(&format!("/api/v1/incidents/{incident}/alerts"), &coordinator, &json!({"headline": "演练:车库起火疏散"})).await;
        assert_eq!(s, 201, "{alert}");
        assert_eq!(alert["exercise"], true);
        let xml = app.http.get(app.url(alert["cap_url"].as_str().unwrap())).send().await.unwrap().bytes().await.unwrap();
        assert!(String::from_utf8_lossy(&xml).contains("<status>Exercise</status>"));
        if let Some(out) = crate::support::python(&["capparselib"], CAP_READER, (".xml", &xml)) {
            assert!(out.contains("\"status\": \"Exercise\""), "{out}");
        }
        let (_, problems) = app.get_json("/api/v1/lists/problems", &coordinator).await;
        let text = problems.to_string();
        assert!(text.contains("【演练】演练:地下车库火灾疏散演练 处置中"), "{text}");
        let page = app.page(&format!("/incidents/{incident}"), &coordinator).await;
        assert!(page.contains("这是演练中的事件,非真实事件"), "{page}");
        let (_, layer) = app.get_json("/api/v1/lists/problems", &gw).await;
        assert!(!layer.to_string().contains("\"overdue\":true,\"title\":\"【演练】"), "an exercise is not an overdue problem");

        let (s, d) = app.post_json(&format!("/api/v1/drills/{drill}/findings"), &town, &json!({"finding": "疏散后无人清点人数", "step_title": "疏散后按楼层清点人数并上报", "owner_role": "grid_worker", "days": 14})).await;
        assert_eq!(s, 201, "{d}");
        let finding = d["findings"][0]["id"].as_i64().unwrap();
        assert!(d["findings"][0]["assignee"].as_str().unwrap().ends_with("(镇街指挥中心)"), "given to the town's command centre, by name: {d}");
        let (_, tasks) = app.get_json("/api/v1/lists/tasks", &town).await;
        assert!(tasks.to_string().contains("【演练】预案增加:疏散后按楼层清点人数并上报"), "{tasks}");
        let (_, before) = app.get_json("/api/v1/response-plans/accident", &town).await;
        let (s, d) = app.post_json(&format!("/api/v1/drills/{drill}/findings/{finding}/apply"), &town, &json!({})).await;
        assert_eq!(s, 200, "{d}");
        assert!(d["findings"][0]["applied"].is_string());
        let (s, _) = app.post_json(&format!("/api/v1/drills/{drill}/findings/{finding}/apply"), &town, &json!({})).await;
        assert_eq!(s, 409, "applied once");
        let (_, plan) = app.get_json("/api/v1/response-plans/accident", &town).await;
        assert_eq!(plan["version"].as_i64().unwrap(), before["version"].as_i64().unwrap() + 1);
        let steps = plan["steps"].as_array().unwrap();
        let added = steps.iter().find(|s| s["title"] == "疏散后按楼层清点人数并上报").expect("the step is on the plan");
        assert_eq!(added["from_drill"], "由演练「地下车库火灾疏散演练」新增");
        assert!(steps.last().unwrap()["title"].as_str().unwrap().contains("总结报告"), "the closing report stays last");
        let page = app.page("/response-plans/accident", &town).await;
        assert!(page.contains("由演练「地下车库火灾疏散演练」新增") && page.contains("演练"), "{page}");
        // The next real incident of the kind carries the new step.
        let i = open(&app, &town, "IV").await;
        assert!(i["steps"].to_string().contains("疏散后按楼层清点人数并上报"));
        app.stop().await;
    })
    .await;
}

/// Done-when: a tip's contact is read by the receiving station's officers and no one else;
/// each reading is recorded and shown to the tipster; no list, search, notice, webhook body,
/// Open311 answer or audit entry carries it, and the database keeps it only sealed.
#[tokio::test]
async fn a_tips_contact_is_read_only_by_the_receiving_station_and_the_tipster_sees_when() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let contact = "13912345678";
        let coordinator = app.token("coordinator").await;
        let (_, hook) = app.post_json("/api/v1/webhooks", &coordinator, &json!({"name": "全部通知", "url": "http://127.0.0.1:9/hook"})).await;
        assert!(hook["id"].is_i64(), "{hook}");
        let res = app.http.post(app.url("/api/v1/tips")).json(&json!({"kind": "crime", "text": "有人在小区里兜售假药", "grid_code": GRID_A, "place": "3 号楼下", "contact": contact})).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let sent: Value = res.json().await.unwrap();
        let receipt = sent["receipt"].as_str().unwrap().to_owned();
        assert_eq!(receipt.len(), 16, "{sent}");
        for (body, why) in [
            (json!({"kind": "opinion", "text": "我不同意某某观点", "grid_code": GRID_A}), "only crimes and hazards"),
            (json!({"kind": "crime", "text": "短", "grid_code": GRID_A}), "too short"),
            (json!({"kind": "crime", "text": "有人打架斗殴", "grid_code": "610302999999999"}), "unknown grid"),
            (json!({"kind": "crime", "text": "有人打架斗殴", "lon": 200.0, "lat": 34.3}), "wrong coordinates"),
        ] {
            let res = app.http.post(app.url("/api/v1/tips")).json(&body).send().await.unwrap();
            assert_eq!(res.status(), 422, "{why}");
        }

        let (station, officer, other_station) = (app.token("station01").await, app.token("po001").await, app.token("station02").await);
        let (s, list) = app.get_json("/api/v1/tips", &station).await;
        assert_eq!(s, 200);
        let mine = list.as_array().unwrap().iter().find(|t| t["text"] == "有人在小区里兜售假药").expect("the station has it").clone();
        assert_eq!(mine["has_contact"], true);
        let id = mine["id"].as_i64().unwrap();
        let (_, detail) = app.get_json(&format!("/api/v1/tips/{id}"), &station).await;
        for answer in [&list, &detail] {
            assert!(!answer.to_string().contains(contact), "no contact outside its own route: {answer}");
        }
        for who in [&other_station, &coordinator, &app.token("gw0001").await] {
            let (s, _) = app.get_json(&format!("/api/v1/tips/{id}/contact"), who).await;
            assert!(matches!(s.as_u16(), 403 | 404), "{s}");
        }
        let (s, opened) = app.get_json(&format!("/api/v1/tips/{id}/contact"), &officer).await;
        assert_eq!(s, 200, "a community officer of the same station: {opened}");
        assert_eq!(opened["contact"], contact);
        let (_, page_detail) = app.get_json(&format!("/api/v1/tips/{id}"), &station).await;
        assert_eq!(page_detail["contact_reads"].as_array().unwrap().len(), 1);
        let (s, _) = app.post_json(&format!("/api/v1/tips/{id}/replies"), &station, &json!({"text": "已安排民警核查,感谢", "status": "checking"})).await;
        assert_eq!(s, 201);

        let (s, theirs) = app.get_json(&format!("/api/v1/tip-receipts/{}", receipt.to_lowercase()), "").await;
        assert_eq!(s, 200, "the receipt, however typed");
        assert_eq!(theirs["status_label"], "核查中");
        assert_eq!(theirs["messages"][0]["from"], "派出所");
        assert!(theirs["contact_reads"][0].as_str().unwrap().starts_with("派出所于 "), "{theirs}");
        assert!(!theirs.to_string().contains("po001") && !theirs.to_string().contains("station01"), "not who");
        let (s, _) = app.post_json(&format!("/api/v1/tip-receipts/{receipt}/messages"), "", &json!({"text": "他们一般晚上八点出现"})).await;
        assert_eq!(s, 201);
        let (s, _) = app.get_json("/api/v1/tip-receipts/0000000000000000", "").await;
        assert_eq!(s, 404);
        let page = app.http.get(app.url(&format!("/tips/{receipt}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("已安排民警核查") && page.contains("查看了您留下的联系方式"), "{page}");
        let page = app.page(&format!("/station-tips/{id}"), &station).await;
        assert!(page.contains("查看联系方式(将被记录)") && !page.contains(contact), "the page shows it only when asked");

        // Nowhere else: lists, search, Open311, notices, webhook bodies, audit.
        for (path, token) in [("/api/v1/lists/tasks", &station), ("/api/v1/lists/problems", &coordinator), ("/api/v1/lists/results", &station)] {
            let (_, l) = app.get_json(path, token).await;
            assert!(!l.to_string().contains(contact), "{path}");
        }
        let (_, tasks) = app.get_json("/api/v1/lists/tasks", &station).await;
        assert!(tasks.to_string().contains("核查违法犯罪线索"), "the tip is on the station's task list: {tasks}");
        let pool = app.server.state.store.pool();
        app.audit_settled().await;
        for table_column in ["notifications.title", "webhook_deliveries.body", "audit_log.detail", "tip_messages.text", "tips.contact_sealed"] {
            let (table, column) = table_column.split_once('.').unwrap();
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {column} LIKE $1")).bind(format!("%{contact}%")).fetch_one(pool).await.unwrap();
            assert_eq!(n, 0, "{table_column} holds the contact in the clear");
        }
        let (_, inbox) = app.get_json("/api/v1/notifications", &station).await;
        assert!(inbox.to_string().contains("新违法犯罪线索"), "{inbox}");
        // Searched for last: the search itself is audited with what was asked.
        let (_, found) = app.get_json(&format!("/api/v1/search?q={contact}"), &coordinator).await;
        assert!(!found["hits"].to_string().contains(contact), "{found}");
        let (_, found) = app.get_json("/api/v1/search?q=假药", &coordinator).await;
        assert!(!found["hits"].to_string().contains("兜售假药"), "tips are not searchable: {found}");
        let open311 = app.http.get(app.url("/open311/v2/requests.json")).send().await.unwrap().text().await.unwrap();
        assert!(!open311.contains(contact) && !open311.contains("兜售假药"));
        app.stop().await;
    })
    .await;
}
