use crate::support::{on_both, problem, App};
use fengqiao_core::RiskLevel;
use serde_json::{json, Value};

const GRID: &str = "610302001001001";

fn neighbour(description: &str) -> Value {
    json!({
        "category": "neighbour",
        "source": "screening",
        "description": description,
        "grid_code": GRID,
        "address": "福临社区 3 号楼 2 单元",
        "parties": [
            {"side": "applicant", "name": "张甲", "phone": "13800000001"},
            {"side": "respondent", "name": "李乙", "phone": "13800000002", "id_number": "11010519491231002X"}
        ]
    })
}

fn kinds(case: &Value) -> Vec<String> {
    case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn session(
    app: &App,
    token: &str,
    id: i64,
    outcome: &str,
    notes: &str,
) -> (reqwest::StatusCode, Value) {
    let body = json!({"mediators": ["调解员甲"], "parties_present": ["张甲", "李乙"], "mode": "face_to_face", "outcome": outcome, "notes": notes});
    app.post_json(&format!("/api/v1/disputes/{id}/sessions"), token, &body)
        .await
}

#[tokio::test]
async fn a_dispute_goes_from_intake_to_closed_after_its_last_stable_follow_up() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let funnel_url = format!("/api/v1/mediation/funnel?region={GRID}");
        let (_, before) = app.get_json(&funnel_url, &gw).await;
        let (status, created) = app.post_json("/api/v1/disputes", &gw, &neighbour("楼上装修噪音扰民,双方多次争吵")).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["level"], 1);
        assert_eq!(created["grid_code"], GRID);
        assert_eq!(created["assignee"], "gw0001");
        assert_eq!(created["risk"]["level"], "blue");
        let id = created["id"].as_i64().unwrap();
        let code = created["tracking_code"].as_str().unwrap().to_owned();

        let (_, case) = session(&app, &gw, id, "failed", "双方各执一词").await;
        assert_eq!(case["escalation_suggested"], false);
        let (_, case) = session(&app, &gw, id, "refused", "李乙拒绝到场").await;
        assert_eq!(case["escalation_suggested"], true, "two failures suggest escalation");
        assert!(kinds(&case).contains(&"escalation_suggested".to_owned()));
        let (status, case) = session(&app, &gw, id, "agreed", "同意晚八点后停止施工").await;
        assert_eq!(status, 200);
        assert_eq!(case["level"], 1, "agreement reached on the spot");

        let agreement = json!({"terms": "李乙每日 20 时后不再施工,并向张甲致歉", "signatures": [{"name": "张甲"}, {"name": "李乙"}]});
        let (status, case) = app.post_json(&format!("/api/v1/disputes/{id}/agreement"), &gw, &agreement).await;
        assert_eq!(status, 200, "{case}");
        assert_eq!(case["status"], "agreed");
        assert_eq!(case["followups"].as_array().unwrap().len(), 3, "follow-ups on days 1, 3 and 7");
        let days: Vec<i64> = case["followups"].as_array().unwrap().iter().map(|f| f["due_at"].as_i64().unwrap()).collect();
        let agreed_at = case["agreement"]["agreed_at"].as_i64().unwrap();
        assert_eq!(days.iter().map(|d| (d - agreed_at) / 86_400_000).collect::<Vec<_>>(), vec![1, 3, 7]);
        // The next visit due is on the grid worker's task list, pointing at the case.
        let followups_on_tasks = || async {
            let (_, tasks) = app.get_json("/api/v1/lists/tasks", &gw).await;
            tasks["items"]
                .as_array()
                .unwrap_or_else(|| panic!("{tasks}"))
                .iter()
                .filter(|t| t["href"] == format!("/mediation/{id}") && t["title"].as_str().unwrap().contains("次回访"))
                .map(|t| t["title"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(followups_on_tasks().await, vec!["第 1 次回访:邻里纠纷", "第 2 次回访:邻里纠纷", "第 3 次回访:邻里纠纷"]);

        // The visits are recorded on their days, not all at once on the day of the agreement.
        let (status, early) = app.post_json(&format!("/api/v1/disputes/{id}/followups"), &gw, &json!({"result": "stable"})).await;
        assert_eq!(status, 422, "{early}");
        let first_day = fengqiao_core::time::day(days[0]);
        assert!(early["detail"].as_str().unwrap().contains(&first_day), "{early}");
        crate::support::days_pass(&app, id, 1).await;
        let (status, _) = app.post_json(&format!("/api/v1/disputes/{id}/followups"), &gw, &json!({"result": "stable", "notes": "邻里和睦"})).await;
        assert_eq!(status, 200, "the first visit on its day");
        assert_eq!(followups_on_tasks().await, vec!["第 2 次回访:邻里纠纷", "第 3 次回访:邻里纠纷"], "a recorded visit leaves the task list");
        let (status, _) = app.post_json(&format!("/api/v1/disputes/{id}/followups"), &gw, &json!({"result": "stable"})).await;
        assert_eq!(status, 422, "the second is not due yet");
        crate::support::days_pass(&app, id, 7).await;
        for i in 1..3 {
            let (status, case) = app.post_json(&format!("/api/v1/disputes/{id}/followups"), &gw, &json!({"result": "stable", "notes": "邻里和睦"})).await;
            assert_eq!(status, 200);
            assert_eq!(case["status"], if i < 2 { "agreed" } else { "closed" });
        }
        assert!(followups_on_tasks().await.is_empty(), "a closed case asks for no visit");
        let (_, case) = app.get_json(&format!("/api/v1/disputes/{id}"), &gw).await;
        let k = kinds(&case);
        for expected in ["created", "assigned", "session", "escalation_suggested", "agreement", "followup", "closed"] {
            assert!(k.contains(&expected.to_owned()), "timeline has {expected}: {k:?}");
        }
        // People by name, read with the case: its assignee, who recorded each session and
        // who acted on the timeline.
        let named = |v: &Value| v.as_str().is_some_and(|n| n.ends_with("(网格员)"));
        assert!(named(&case["assignee_name"]), "{}", case["assignee_name"]);
        assert!(case["sessions"].as_array().unwrap().iter().all(|s| named(&s["recorded_by_name"])), "{}", case["sessions"]);
        let actors: Vec<&str> = case["timeline"].as_array().unwrap().iter().filter_map(|e| e["actor_name"].as_str()).collect();
        assert!(actors.iter().any(|a| a.ends_with("(网格员)")) && !actors.contains(&"gw0001"), "{actors:?}");
        assert_eq!(case["parties"][0]["phone"], "138****0001", "contacts masked");
        assert_eq!(case["parties"][1]["id_number"], "110105********002X", "ID numbers masked for grid workers");

        let res = app.http.get(app.url(&format!("/api/v1/track/{code}"))).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let text = res.text().await.unwrap();
        assert!(text.contains("\"status\":\"closed\""));
        assert!(!text.contains("张甲") && !text.contains("13800000001") && !text.contains("138****"), "tracking shows no names or phones: {text}");

        let (status, after) = app.get_json(&funnel_url, &gw).await;
        assert_eq!(status, 200);
        let count = |f: &Value, level: usize, what: &str| f["levels"][level][what].as_i64().unwrap();
        assert_eq!(count(&after, 0, "entered"), count(&before, 0, "entered") + 1);
        assert_eq!(count(&after, 0, "resolved"), count(&before, 0, "resolved") + 1);
        assert_eq!(count(&after, 1, "entered"), count(&before, 1, "entered"), "settled on the spot, never reached L2");
        problem(app.get("/api/v1/mediation/funnel?region=610302001001", &gw).await, 404).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn three_failed_sessions_escalate_and_a_passed_deadline_escalates_by_itself() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (_, created) = app
            .post_json("/api/v1/disputes", &gw, &neighbour("邻居占用楼道堆放杂物"))
            .await;
        let id = created["id"].as_i64().unwrap();
        for _ in 0..3 {
            session(&app, &gw, id, "failed", "未达成一致").await;
        }
        let cs = app.token("cs001").await;
        let (_, case) = app.get_json(&format!("/api/v1/disputes/{id}"), &cs).await;
        assert_eq!(case["level"], 2);
        assert_eq!(case["assignee"], "cs001");
        assert_eq!(case["failed_at_level"], 0);

        let later = case["due_at"].as_i64().unwrap() + 1;
        let moved = fengqiao_web::mediation::service::sweep(&app.server.state, later)
            .await
            .unwrap();
        assert!(moved >= 1);
        let po = app.token("po001").await;
        let (_, case) = app.get_json(&format!("/api/v1/disputes/{id}"), &po).await;
        assert_eq!(case["level"], 3, "the L2 deadline passed");
        assert_eq!(case["assignee"], "po001");
        for (who, token) in [("po001", &po), ("cs001", &cs)] {
            let (_, inbox) = app
                .get_json("/api/v1/notifications?unread=true", token)
                .await;
            assert!(
                inbox["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n["kind"] == "overdue" && n["link"] == format!("/mediation/{id}")),
                "{who} hears the case went up past its deadline: {inbox}"
            );
        }
        let last = case["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|e| e["kind"] == "escalated")
            .unwrap();
        assert!(last["detail"].as_str().unwrap().contains("期限"));

        let (status, _) = app
            .post_json(
                &format!("/api/v1/disputes/{id}/handback"),
                &po,
                &json!({"to_level": 1, "reason": "属一般邻里纠纷,交网格员继续调解"}),
            )
            .await;
        assert_eq!(status, 200);
        let (_, case) = app.get_json(&format!("/api/v1/disputes/{id}"), &gw).await;
        assert_eq!(
            (case["level"].as_i64(), case["assignee"].as_str()),
            (Some(1), Some("gw0001"))
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn placement_follows_the_editable_policy_and_records_its_version() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let town = app.token("town01").await;
        let body = |category: &str, extra: Value| {
            let mut b = json!({"category": category, "description": "测试纠纷的情况描述", "grid_code": GRID});
            for (k, v) in extra.as_object().unwrap() {
                b[k] = v.clone();
            }
            b
        };
        let (_, c) = app.post_json("/api/v1/disputes", &town, &body("neighbour", json!({"source": "call_110"}))).await;
        assert_eq!((c["level"].as_i64(), c["assignee"].as_str()), (Some(3), Some("po001")));
        let (_, c) = app.post_json("/api/v1/disputes", &town, &body("labour_wages", json!({"amount_yuan": 250000, "people": 4}))).await;
        assert_eq!((c["level"].as_i64(), c["assignee"].as_str()), (Some(4), Some("town01")));
        let (_, c) = app.post_json("/api/v1/disputes", &town, &body("property_management", json!({}))).await;
        assert_eq!((c["level"].as_i64(), c["assignee"].as_str()), (Some(2), Some("cs001")));

        let coord = app.token("coordinator").await;
        let (_, current) = app.get_json("/api/v1/mediation/policy", &coord).await;
        let mut policy = current["policy"].clone();
        policy["category_levels"]["neighbour"] = json!(2);
        let res = app.http.put(app.url("/api/v1/mediation/policy")).bearer_auth(&coord).json(&policy).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let saved: Value = res.json().await.unwrap();
        let version = saved["version"].as_i64().unwrap();
        assert!(version >= 2);
        let (_, c) = app.post_json("/api/v1/disputes", &town, &body("neighbour", json!({}))).await;
        assert_eq!(c["level"], 2);
        let (_, detail) = app.get_json(&format!("/api/v1/disputes/{}", c["id"]), &town).await;
        assert_eq!(detail["policy_version"], version);

        policy["deadline_days"] = json!([0, 7, 10, 30]);
        let res = app.http.put(app.url("/api/v1/mediation/policy")).bearer_auth(&coord).json(&policy).send().await.unwrap();
        problem(res, 422).await;
        let res = app.http.put(app.url("/api/v1/mediation/policy")).bearer_auth(&town).json(&policy).send().await.unwrap();
        problem(res, 403).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn threats_raise_an_early_warning_that_lifts_the_case_and_reddens_the_map() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        app.post_json("/api/v1/disputes", &gw, &neighbour("楼道堆放杂物引起口角")).await;
        let (_, c) = app.post_json("/api/v1/disputes", &gw, &neighbour("对方扬言要拿刀报复,情绪激动")).await;
        assert_eq!(c["risk"]["level"], "red", "{c}");
        assert!(c["level"].as_i64().unwrap() >= 3, "high risk goes to the station at least");
        assert_eq!(c["assignee"], "po001");
        let reasons = c["risk"]["reasons"].to_string();
        assert!(reasons.contains("刀") && reasons.contains("90 天内"), "{reasons}");
        let town = app.token("town01").await;
        let (_, detail) = app.get_json(&format!("/api/v1/disputes/{}", c["id"]), &town).await;
        // The timeline the intake writes with the case (on SQLite in the insert's own round
        // trip), in order, each entry with its levels.
        assert_eq!(kinds(&detail), ["created", "escalated", "assigned", "risk_assessed", "early_warning"]);
        let placed = detail["timeline"][0]["level_to"].as_i64().unwrap();
        assert_eq!(detail["timeline"][1]["level_from"].as_i64(), Some(placed));
        assert_eq!(detail["timeline"][1]["level_to"], c["level"]);
        assert_eq!(detail["timeline"][2]["detail"], "po001");
        let warning = detail["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "early_warning").expect("early warning");
        let w = warning["detail"].as_str().unwrap();
        assert!(w.contains("station01") && w.contains("town01") && w.contains("po001"), "{w}");

        let svg = app.get("/map.svg?region=610302001001", &town).await.text().await.unwrap();
        assert!(svg.contains(&format!(r#"data-code="{GRID}"><path fill="{}""#, RiskLevel::Red.colour())));
        let (_, problems) = app.get_json("/api/v1/lists/problems", &town).await;
        assert!(problems["items"].as_array().unwrap().iter().any(|i| i["title"].as_str().unwrap().starts_with("高风险")));

        let (_, calm) = app.post_json("/api/v1/disputes", &gw, &json!({"category": "neighbour", "description": "每天打扫楼道时与邻居发生争执", "grid_code": GRID})).await;
        assert_eq!(calm["risk"]["level"], "blue", "打 inside 打扫 is not a threat");
        let (_, calm) = app.get_json(&format!("/api/v1/disputes/{}", calm["id"]), &gw).await;
        assert_eq!(kinds(&calm), ["created", "assigned"]);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_returns_the_same_case() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let post = || {
            app.http
                .post(app.url("/api/v1/disputes"))
                .bearer_auth(&gw)
                .header("Idempotency-Key", "abc-123")
                .json(&neighbour("重复提交的测试纠纷"))
                .send()
        };
        let (a, b) = tokio::join!(post(), post());
        let (a, b) = (a.unwrap(), b.unwrap());
        let statuses = (a.status().as_u16(), b.status().as_u16());
        let a: Value = a.json().await.unwrap();
        let b: Value = b.json().await.unwrap();
        assert!(
            statuses == (201, 201) || statuses.0 == 409 || statuses.1 == 409,
            "{statuses:?}"
        );
        let c: Value = post().await.unwrap().json().await.unwrap();
        let ids: Vec<&Value> = [&a, &b, &c]
            .into_iter()
            .filter(|v| v.get("id").is_some())
            .map(|v| &v["id"])
            .collect();
        assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
        let (_, list) = app.get_json("/api/v1/disputes?q=重复提交", &gw).await;
        assert_eq!(list["total"], 1);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn actions_out_of_turn_or_out_of_scope_are_refused_and_change_nothing() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (_, c) = app.post_json("/api/v1/disputes", &gw, &neighbour("宠物狗夜间吠叫扰民")).await;
        let id = c["id"].as_i64().unwrap();
        let path = |a: &str| format!("/api/v1/disputes/{id}/{a}");
        let (s, b) = app.post_json(&path("followups"), &gw, &json!({"result": "stable"})).await;
        assert_eq!(s, 409, "{b}");
        let (s, _) = app.post_json(&path("handback"), &gw, &json!({"to_level": 1, "reason": "x"})).await;
        assert_eq!(s, 403);
        let (s, _) = app.post_json(&path("sessions"), &gw, &json!({"mediators": ["甲"], "mode": "phone", "outcome": "failed"})).await;
        assert_eq!(s, 422);
        let (s, _) = app.post_json(&path("escalate"), &gw, &json!({"reason": ""})).await;
        assert_eq!(s, 422);

        let other = app.token("gw0002").await;
        problem(app.get(&format!("/api/v1/disputes/{id}"), &other).await, 404).await;
        let (s, _) = session(&app, &other, id, "failed", "").await;
        assert_eq!(s, 404);

        let (s, b) = app.post_json(&path("refer"), &gw, &json!({"channel": "litigation", "guidance": "引导至人民法院起诉"})).await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = session(&app, &gw, id, "failed", "").await;
        assert_eq!(s, 409, "no session on a referred case: {b}");
        let (s, _) = app.post_json(&path("agreement"), &gw, &json!({"terms": "x", "signatures": [{"name": "甲"}]})).await;
        assert_eq!(s, 409);
        let (_, case) = app.get_json(&format!("/api/v1/disputes/{id}"), &gw).await;
        assert_eq!(case["status"], "referred");
        assert_eq!(case["sessions"].as_array().unwrap().len(), 0);

        for (body, status) in [
            (json!({"category": "gossip", "description": "无此类别的纠纷", "grid_code": GRID}), 422),
            (json!({"category": "neighbour", "description": "位置在区外的纠纷", "location": {"lon": 116.4, "lat": 39.9}}), 422),
            (json!({"category": "neighbour", "description": "坐标系未知", "location": {"lon": 107.1, "lat": 34.3, "crs": "utm"}}), 422),
            (json!({"category": "neighbour", "description": "身份证号码校验位错误", "grid_code": GRID, "parties": [{"name": "甲", "id_number": "110105194912310021"}]}), 422),
            (json!({"category": "neighbour", "description": "别的网格", "grid_code": "610302002001001"}), 422),
        ] {
            let res = app.http.post(app.url("/api/v1/disputes")).bearer_auth(&gw).json(&body).send().await.unwrap();
            problem(res, status).await;
        }
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn an_agreement_on_a_closed_case_is_refused_and_unstable_follow_ups_reopen() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (_, c) = app
            .post_json("/api/v1/disputes", &gw, &neighbour("空调外机滴水"))
            .await;
        let id = c["id"].as_i64().unwrap();
        let agreement =
            json!({"terms": "加装接水管", "signatures": [{"name": "张甲"}, {"name": "李乙"}]});
        app.post_json(&format!("/api/v1/disputes/{id}/agreement"), &gw, &agreement)
            .await;
        crate::support::days_pass(&app, id, 1).await;
        let (_, case) = app
            .post_json(
                &format!("/api/v1/disputes/{id}/followups"),
                &gw,
                &json!({"result": "unstable", "notes": "又起争执"}),
            )
            .await;
        assert_eq!(
            (case["status"].as_str(), case["level"].as_i64()),
            (Some("open"), Some(1))
        );
        assert!(kinds(&case).contains(&"followup".to_owned()));
        app.post_json(&format!("/api/v1/disputes/{id}/agreement"), &gw, &agreement)
            .await;
        crate::support::days_pass(&app, id, 8).await;
        for _ in 0..3 {
            app.post_json(
                &format!("/api/v1/disputes/{id}/followups"),
                &gw,
                &json!({"result": "stable"}),
            )
            .await;
        }
        let (s, b) = app
            .post_json(&format!("/api/v1/disputes/{id}/agreement"), &gw, &agreement)
            .await;
        assert_eq!(s, 409, "{b}");

        let (_, again) = app
            .post_json(
                "/api/v1/disputes",
                &gw,
                &neighbour("同一地点再次发生空调滴水纠纷"),
            )
            .await;
        assert_ne!(again["id"], id);
        let (_, reopened) = app.get_json(&format!("/api/v1/disputes/{id}"), &gw).await;
        assert_eq!(
            reopened["status"], "open",
            "a new dispute between the same parties reopens the settled case"
        );
        assert!(kinds(&reopened).contains(&"reopened".to_owned()));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn full_text_search_finds_two_character_words_inside_the_scope() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        app.post_json(
            "/api/v1/disputes",
            &gw,
            &neighbour("楼上卫生间漏水导致楼下天花板发霉"),
        )
        .await;
        app.post_json(
            "/api/v1/disputes",
            &gw,
            &neighbour("广场舞音响噪音太大影响休息"),
        )
        .await;
        let (_, hits) = app.get_json("/api/v1/disputes?q=漏水", &gw).await;
        assert_eq!(hits["total"], 1);
        assert!(hits["items"][0]["summary"]
            .as_str()
            .unwrap()
            .contains("漏水"));
        let (_, hits) = app.get_json("/api/v1/disputes?q=噪音", &gw).await;
        assert_eq!(hits["total"], 1);
        let (_, none) = app.get_json("/api/v1/disputes?q=拆迁", &gw).await;
        assert_eq!(none["total"], 0);
        let other = app.token("gw0003").await;
        let (_, elsewhere) = app.get_json("/api/v1/disputes?q=漏水", &other).await;
        assert_eq!(elsewhere["total"], 0, "search stays inside the scope");
        problem(app.get("/api/v1/disputes?level=9", &gw).await, 400).await;
        problem(app.get("/api/v1/disputes?status=lost", &gw).await, 400).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn photos_are_type_checked_and_size_limited() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (_, c) = app
            .post_json("/api/v1/disputes", &gw, &neighbour("围墙倒塌砸坏车辆"))
            .await;
        let url = app.url(&format!("/api/v1/disputes/{}/photos", c["id"]));
        let png = b"\x89PNG\r\n\x1a\n0000000000000000".to_vec();
        let ok = app
            .http
            .post(&url)
            .bearer_auth(&gw)
            .header("content-type", "image/png")
            .body(png.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 201);
        let body: Value = ok.json().await.unwrap();
        let page = app
            .get(&format!("/mediation/{}", c["id"]), &gw)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!(r#"<img src="{}""#, body["url"].as_str().unwrap())),
            "the case page shows the photo"
        );
        assert!(page.contains(r#"id="photo-form""#), "and offers an upload");
        let back = app.get(body["url"].as_str().unwrap(), &gw).await;
        assert_eq!(back.bytes().await.unwrap().to_vec(), png);
        let lie = app
            .http
            .post(&url)
            .bearer_auth(&gw)
            .header("content-type", "image/jpeg")
            .body(png)
            .send()
            .await
            .unwrap();
        problem(lie, 415).await;
        let exe = app
            .http
            .post(&url)
            .bearer_auth(&gw)
            .header("content-type", "image/png")
            .body(b"MZ\x90\x00".to_vec())
            .send()
            .await
            .unwrap();
        problem(exe, 415).await;
        let mut huge = b"\xFF\xD8\xFF".to_vec();
        huge.resize(5 * 1024 * 1024 + 10, 0);
        let big = app
            .http
            .post(&url)
            .bearer_auth(&gw)
            .header("content-type", "image/jpeg")
            .body(huge)
            .send()
            .await
            .unwrap();
        assert_eq!(big.status(), 413);
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn residents_report_anonymously_with_a_callback_phone_and_track_without_names() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let body = json!({"category": "property_management", "description": "物业长期不修电梯,老人上下楼困难", "grid_code": GRID, "callback_phone": "13900000009", "parties": [{"name": "王丙", "phone": "13900000009", "vulnerability": "elderly"}]});
        let res = app.http.post(app.url("/api/v1/disputes")).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let c: Value = res.json().await.unwrap();
        assert_eq!(c["level"], 2);
        let page = app.http.get(app.url(&format!("/track/{}", c["tracking_code"].as_str().unwrap()))).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("社区调解") && !html.contains("王丙") && !html.contains("13900000009") && !html.contains("139****"));
        let no_phone = json!({"category": "neighbour", "description": "没有留电话的匿名反映", "grid_code": GRID});
        problem(app.http.post(app.url("/api/v1/disputes")).json(&no_phone).send().await.unwrap(), 422).await;
        problem(app.http.get(app.url("/api/v1/track/NOSUCHCODE")).send().await.unwrap(), 404).await;
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn generated_history_feeds_the_funnel_lists_and_search() {
    on_both(|db| async move {
        let store = crate::support::empty_store(db).await;
        let n = fengqiao::bench_data::generate_history(&store, 3_000, 0, crate::support::PASSWORD)
            .await
            .unwrap();
        assert_eq!(n, 3_000);
        let app = App::with_store(store).await;
        let coord = app.token("coordinator").await;
        let (status, funnel) = app
            .get_json("/api/v1/mediation/funnel?from=2015-01-01", &coord)
            .await;
        assert_eq!(status, 200);
        let levels = funnel["levels"].as_array().unwrap();
        let entered: Vec<i64> = levels
            .iter()
            .map(|l| l["entered"].as_i64().unwrap())
            .collect();
        assert!(
            entered[0] > entered[1] && entered[1] > entered[2] && entered[2] > entered[3],
            "an inverted funnel: {entered:?}"
        );
        assert!(levels
            .iter()
            .all(|l| l["resolved"].as_i64() <= l["entered"].as_i64()));
        assert!(levels[0]["median_days_to_resolve"].as_f64().unwrap() > 0.0);
        let (_, hits) = app
            .get_json("/api/v1/disputes?q=漏水&page_size=5", &coord)
            .await;
        assert!(hits["total"].as_i64().unwrap() > 0);
        // A tenth as many hazards and needs come with the disputes (the demo's 80 besides).
        let (_, requests) = app
            .get_json("/api/v1/requests?status=done&page_size=200", &coord)
            .await;
        assert_eq!(
            requests["items"].as_array().unwrap().len(),
            200,
            "generated requests"
        );
        let (_, found) = app.get_json("/api/v1/search?q=井盖", &coord).await;
        assert!(found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["area"] == "隐患诉求"));
        let gw = app.token("gw0001").await;
        let (_, tasks) = app.get_json("/api/v1/lists/tasks", &gw).await;
        assert!(tasks["items"].is_array());
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_town_centre_seats_joint_sessions_from_its_mediator_pool() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let town = app.token("town01").await;
        let (_, pool) = app.get_json("/api/v1/mediation/mediators?region=610302001", &town).await;
        let kinds: Vec<&str> = pool["items"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
        for kind in ["department", "lawyer", "deputy", "committee_member"] {
            assert!(kinds.contains(&kind), "the demo pool has a {kind}");
        }
        let (s, added) = app.post_json("/api/v1/mediation/mediators", &town, &json!({"name": "周律师", "kind": "lawyer", "organisation": "渭滨法律援助中心", "region_code": "610302001"})).await;
        assert_eq!(s, 201, "{added}");
        let (s, _) = app.post_json("/api/v1/mediation/mediators", &town, &json!({"name": "某人", "kind": "lawyer", "region_code": "610302002"})).await;
        assert_eq!(s, 404, "another town's pool is out of scope");
        let gw = app.token("gw0001").await;
        let (s, _) = app.post_json("/api/v1/mediation/mediators", &gw, &json!({"name": "某人", "kind": "lawyer"})).await;
        assert_eq!(s, 403);
        let (_, pool) = app.get_json("/api/v1/mediation/mediators?region=610302001001001", &gw).await;
        assert!(pool["items"].as_array().unwrap().iter().any(|m| m["name"] == "周律师"), "a grid is served by its town's pool");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_coordinators_failure_thresholds_rule_the_case_page_the_duty_list_and_the_server() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coord = app.token("coordinator").await;
        let (_, current) = app.get_json("/api/v1/mediation/policy", &coord).await;
        let mut policy = current["policy"].clone();
        policy["suggest_after_failures"] = json!(1);
        policy["escalate_after_failures"] = json!(2);
        let res = app
            .http
            .put(app.url("/api/v1/mediation/policy"))
            .bearer_auth(&coord)
            .json(&policy)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);

        let gw = app.token("gw0001").await;
        let (_, created) = app
            .post_json("/api/v1/disputes", &gw, &neighbour("楼道堆放杂物,双方争执"))
            .await;
        let id = created["id"].as_i64().unwrap();
        let (_, case) = session(&app, &gw, id, "failed", "双方各执一词").await;
        assert_eq!(
            case["escalation_suggested"], true,
            "one failure suggests escalation under this policy"
        );
        assert_eq!(case["level"], 1);
        let suggested = case["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "escalation_suggested")
            .unwrap();
        assert!(
            suggested["detail"].as_str().unwrap().contains("1 次"),
            "{suggested}"
        );
        let page = app.page(&format!("/mediation/{id}"), &gw).await;
        assert!(
            page.contains("建议上交"),
            "the case page offers escalation after one failure"
        );
        assert!(
            page.contains(&format!("/mediation/{id}/escalate")),
            "the escalate form is on the page"
        );
        let (_, duty) = app.get_json("/api/v1/lists/duty", &gw).await;
        assert!(
            duty.to_string().contains("1 次未成建议上交,2 次未成"),
            "the duty list states the policy in force: {duty}"
        );

        let (_, case) = session(&app, &gw, id, "failed", "仍未达成一致").await;
        assert_eq!(case["level"], 2, "the second failure escalates by itself");
        let cs = app.token("cs001").await;
        let (_, case) = app.get_json(&format!("/api/v1/disputes/{id}"), &cs).await;
        assert_eq!(case["assignee"], "cs001");
        let escalated = case["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "escalated")
            .unwrap();
        assert!(
            escalated["detail"].as_str().unwrap().contains("2 次未成"),
            "{escalated}"
        );
        app.stop().await;
    })
    .await;
}

/// Issue 17, item 6: a list never counts past a thousand matches — the API says so with
/// `total_capped` and the page shows "1,000+" — while its pages still walk every case.
#[tokio::test]
async fn a_list_past_a_thousand_matches_says_so_without_counting_them_all() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let store = app.server.state.store.clone();
        let path: String = sqlx::query_scalar("SELECT path FROM regions WHERE code = $1")
            .bind(GRID)
            .fetch_one(store.pool())
            .await
            .unwrap();
        let now = fengqiao_store::now_ms();
        let cases: Vec<fengqiao_store::mediation::BulkCase> = (0..1_200)
            .map(|n| fengqiao_store::mediation::BulkCase {
                tracking_code: format!("CAP{n:07}"),
                category: "neighbour".into(),
                source: "screening".into(),
                description: "楼道堆放杂物".into(),
                status: "closed".into(),
                level: 1,
                grid_code: GRID.into(),
                region_path: path.clone(),
                assignee: Some("gw0001".into()),
                due_at: now,
                risk_level: "blue".into(),
                risk_score: 0,
                created_at: now - 86_400_000 - n,
                resolved_at: Some(now - 3_600_000),
                resolved_level: Some(1),
                closed_at: Some(now - 3_600_000),
                search_text: "楼道 杂物".into(),
                parties_key: String::new(),
                escalated: false,
            })
            .collect();
        store
            .write(move |c| {
                Box::pin(async move { fengqiao_store::mediation::insert_bulk(c, &cases).await })
            })
            .await
            .unwrap();
        let gw = app.token("gw0001").await;
        let (status, page) = app
            .get_json("/api/v1/disputes?status=closed&page_size=500", &gw)
            .await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["total"], 1000);
        assert_eq!(page["total_capped"], true);
        let mut seen = page["items"].as_array().unwrap().len();
        let mut cursor = page["next_cursor"].as_str().map(str::to_owned);
        while let Some(c) = cursor {
            let (_, next) = app
                .get_json(
                    &format!("/api/v1/disputes?status=closed&page_size=500&cursor={c}"),
                    &gw,
                )
                .await;
            seen += next["items"].as_array().unwrap().len();
            cursor = next["next_cursor"].as_str().map(str::to_owned);
        }
        assert!(seen >= 1_200, "the cursor walks every case ({seen})");
        let html = app.page("/mediation?status=closed", &gw).await;
        assert!(
            html.contains("共 1,000+ 件"),
            "the page says more than a thousand"
        );
        let (_, few) = app.get_json("/api/v1/disputes?status=open", &gw).await;
        assert_eq!(
            few["total_capped"], false,
            "a short list is counted exactly: {few}"
        );
        app.stop().await;
    })
    .await;
}

/// A search by words pages the newest matches in scope, however common or rare the words and
/// however wide the scope: SQLite walks its full-text index newest first; PostgreSQL walks a
/// district's newest cases and, when a word is too rare for that, sorts its words index's
/// matches (issue 17, item 4). Every page must be exactly the one a pass over all the cases
/// gives, the cursor included.
#[tokio::test]
async fn searching_by_words_pages_the_newest_matches_whether_common_or_rare() {
    on_both(|db| async move {
        let store = crate::support::demo_store(db).await;
        let place = |sql: &'static str| {
            let store = store.clone();
            async move {
                sqlx::query_as::<_, (String, String)>(sql)
                    .fetch_one(store.pool())
                    .await
                    .unwrap()
            }
        };
        let near = place("SELECT code, path FROM regions WHERE code = '610302001001001'").await;
        let far = place(
            "SELECT code, path FROM regions WHERE LENGTH(code) = 15 AND code NOT LIKE '610302001%' ORDER BY code LIMIT 1",
        )
        .await;
        // Word 窗甲 in every case, 窗乙 in every seventh, 窗丙 in the three newest of the near
        // grid and thirty of the oldest (further down than PostgreSQL's walk of a district's
        // 10,000 newest cases reaches); one case in ten in the near grid, the rest in another
        // street.
        let words = |n: usize| {
            let mut w = vec!["窗甲"];
            if n.is_multiple_of(7) {
                w.push("窗乙");
            }
            if !(300..11_970).contains(&n) && n.is_multiple_of(10) {
                w.push("窗丙");
            }
            w.join(" ")
        };
        let now = fengqiao_store::now_ms();
        let cases: Vec<fengqiao_store::mediation::BulkCase> = (0..12_000)
            .map(|n| {
                let (grid, path) = if n % 10 == 0 { &near } else { &far };
                fengqiao_store::mediation::BulkCase {
                    tracking_code: format!("WIN{n:07}"),
                    category: "neighbour".into(),
                    source: "screening".into(),
                    description: "邻里纠纷".into(),
                    status: "closed".into(),
                    level: 1,
                    grid_code: grid.clone(),
                    region_path: path.clone(),
                    assignee: None,
                    due_at: now,
                    risk_level: "blue".into(),
                    risk_score: 0,
                    created_at: now - 86_400_000,
                    resolved_at: Some(now - 3_600_000),
                    resolved_level: Some(1),
                    closed_at: Some(now - 3_600_000),
                    search_text: format!("{} {}", words(n), fengqiao_store::dialect::scope_words(path)),
                    parties_key: String::new(),
                    escalated: false,
                }
            })
            .collect();
        store
            .write(move |c| Box::pin(async move { fengqiao_store::mediation::insert_bulk(c, &cases).await }))
            .await
            .unwrap();
        // Every case, the demo's too: a list without words holds them all.
        let all: Vec<(i64, String, String)> = sqlx::query_as("SELECT id, tracking_code, region_path FROM disputes")
            .fetch_all(store.pool())
            .await
            .unwrap();
        let has = |code: &str, query: &str| {
            query.is_empty()
                || code.strip_prefix("WIN").is_some_and(|n| {
                    let n = n.parse::<usize>().unwrap();
                    query.split(' ').all(|w| words(n).split(' ').any(|x| x == w))
                })
        };
        // The district, the near grid's street and community (walked first on PostgreSQL), the grid.
        let up = |levels: usize| format!("/{}/", near.1.split('/').filter(|p| !p.is_empty()).take(levels).collect::<Vec<_>>().join("/"));
        for within in ["/610302/".to_owned(), up(2), up(3), near.1.clone()] {
            let within = within.as_str();
            for query in ["", "窗甲", "窗乙", "窗丙", "窗甲 窗乙", "窗乙 窗丙"] {
                let mut expected: Vec<i64> = all
                    .iter()
                    .filter(|(_, code, path)| path.starts_with(within) && has(code, query))
                    .map(|(id, _, _)| *id)
                    .collect();
                expected.sort_unstable_by(|a, b| b.cmp(a));
                let mut got = Vec::new();
                let mut before = None;
                loop {
                    let filter = fengqiao_store::mediation::ListFilter {
                        within_path: within.to_owned(),
                        words: Some(query.to_owned()).filter(|q| !q.is_empty()),
                        now,
                        before_id: before,
                        limit: 7,
                        ..Default::default()
                    };
                    let (page, _) = fengqiao_store::mediation::list_counted(&store, &filter, false).await.unwrap();
                    got.extend(page.iter().map(|c| c.id));
                    // Ten pages are enough to cross from one way of finding them to the other.
                    if page.len() < 7 || got.len() >= 70 {
                        break;
                    }
                    before = page.last().map(|c| c.id);
                }
                expected.truncate(70);
                assert_eq!(got, expected, "{query} within {within}");
            }
        }
    })
    .await;
}

/// The monthly roll-ups per grid and per district, kept by triggers in the same transactions
/// (the bulk loader's grouped statement on PostgreSQL), answer exactly
/// what a pass over the cases answers: for five years of generated history, for cases then
/// moved through the workflow (escalated, referred, resolved, moved to another month), for
/// windows of whole months, ragged windows (their ends' days added, or taken away from a whole
/// month) and windows shorter than a month, for the district,
/// the whole atlas, a street and a grid; and the assessment's figures per grid and the care visits' likewise.
#[tokio::test]
async fn the_monthly_roll_up_answers_what_the_cases_answer() {
    on_both(|db| async move {
        let store = crate::support::empty_store(db).await;
        fengqiao::bench_data::generate_history(&store, 2_000, 0, crate::support::PASSWORD)
            .await
            .unwrap();
        // Three years of visits to 1,000 people on the care register, for its roll-up.
        fengqiao::bench_data::care::generate(&store, 1_000).await.unwrap();
        // The deadline sweeper must not escalate cases between the two answers compared: the
        // open cases' deadlines move ten years on, and "now" for overdue eight years on.
        const YEAR: i64 = 365 * 86_400_000;
        sqlx::query("UPDATE disputes SET due_at = due_at + $1 WHERE status = 'open'")
            .bind(10 * YEAR)
            .execute(store.pool())
            .await
            .unwrap();
        let app = App::with_store(store).await;
        let gw = app.token("gw0001").await;
        let mut ids = Vec::new();
        for text in ["楼道堆物引发争吵", "停车位被占双方争执", "装修噪音影响休息"] {
            let (s, c) = app.post_json("/api/v1/disputes", &gw, &neighbour(text)).await;
            assert_eq!(s, 201, "{c}");
            ids.push(c["id"].as_i64().unwrap());
        }
        let path = |id: i64, a: &str| format!("/api/v1/disputes/{id}/{a}");
        let (s, b) = app.post_json(&path(ids[0], "escalate"), &gw, &json!({"reason": "双方分歧较大,需社区调解"})).await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = app.post_json(&path(ids[1], "refer"), &gw, &json!({"channel": "litigation", "guidance": "引导至人民法院起诉"})).await;
        assert_eq!(s, 200, "{b}");
        session(&app, &gw, ids[2], "agreed", "同意晚八点后停止施工").await;
        let agreement = json!({"terms": "每日 20 时后不再施工", "signatures": [{"name": "张甲"}, {"name": "李乙"}]});
        let (s, b) = app.post_json(&path(ids[2], "agreement"), &gw, &agreement).await;
        assert_eq!(s, 200, "{b}");
        let pool = app.server.state.store.pool();
        // A case corrected into another month and another grid moves its share with it.
        sqlx::query("UPDATE disputes SET created_at = created_at - 3456000000, grid_code = '610302001001002', region_path = '/610302/610302001/610302001001/610302001001002/' WHERE id = $1")
            .bind(ids[0])
            .execute(pool)
            .await
            .unwrap();

        let day = |s: &str| fengqiao_core::time::parse_day(s).unwrap();
        let now = fengqiao_store::now_ms();
        let later = now + 8 * YEAR;
        let tomorrow = fengqiao_core::time::start_of_day(now) + 86_400_000;
        let windows = [
            ("five whole years", day("2021-12-01"), fengqiao_core::time::month(now, 1).unwrap().0),
            ("ragged", day("2022-03-17"), tomorrow),
            ("the last 366 days", now - 366 * 86_400_000, now),
            ("inside one month", day("2024-05-03"), day("2024-05-28")),
            ("from a month's third day", day("2024-05-03"), day("2024-08-01")),
            ("across one month's end", day("2024-05-20"), day("2024-06-10")),
        ];
        // The whole atlas and the district read the per-district roll-up, the others the grids'.
        let scopes = ["/", "/610302/", "/610302/610302001/", "/610302/610302001/610302001001/610302001001001/"];
        for (name, from, to) in windows {
            for scope in scopes {
                let rolled = fengqiao_store::mediation::funnel(pool, scope, from, to, later).await.unwrap();
                let counted = fengqiao_store::mediation::funnel_of_cases(pool, scope, from, to, later).await.unwrap();
                assert_eq!(rolled, counted, "{name} in {scope}");
                // The results lists' counts alone: the same, with no median.
                let counts = fengqiao_store::mediation::funnel_counts(pool, scope, from, to, later).await.unwrap();
                let no_median: Vec<_> = counted.into_iter().map(|l| fengqiao_store::mediation::FunnelLevel { median_days: None, ..l }).collect();
                assert_eq!(counts, no_median, "counts, {name} in {scope}");
            }
            let by_grid = fengqiao_store::mediation::mediation_by_grid(pool, "/", from, to, later).await.unwrap();
            let rows = sqlx::query(
                "SELECT region_path, COUNT(*) AS total, CAST(SUM(CASE WHEN resolved_level IN (1, 2) THEN 1 ELSE 0 END) AS BIGINT) AS low, \
                 CAST(SUM(CASE WHEN status = 'open' AND due_at < $3 THEN 1 ELSE 0 END) AS BIGINT) AS overdue \
                 FROM disputes WHERE created_at >= $1 AND created_at < $2 GROUP BY region_path ORDER BY region_path",
            )
            .bind(from)
            .bind(to)
            .bind(later)
            .fetch_all(pool)
            .await
            .unwrap();
            use sqlx::Row;
            let expected: Vec<(String, i64, i64, i64)> = rows
                .iter()
                .map(|r| (r.get("region_path"), r.get("total"), r.get("low"), r.get("overdue")))
                .collect();
            let got: Vec<(String, i64, i64, i64)> = by_grid
                .iter()
                .filter(|(_, g)| g.total > 0)
                .map(|(path, g)| (path.clone(), g.total, g.settled_low, g.overdue))
                .collect();
            assert_eq!(got, expected, "per grid, {name}");
            let visits = fengqiao_store::services::care::visits_by_path(pool, from, to).await.unwrap();
            let counted: Vec<(String, i64, i64)> = sqlx::query_as(
                "SELECT region_path, COUNT(*), CAST(SUM(on_time) AS BIGINT) FROM care_visits \
                 WHERE visited_at >= $1 AND visited_at < $2 GROUP BY region_path ORDER BY region_path",
            )
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
            .unwrap();
            assert_eq!(visits, counted, "care visits by path, {name}");
        }
        let whole = fengqiao_store::mediation::funnel(pool, "/610302/", day("2021-12-01"), tomorrow, later).await.unwrap();
        assert!(whole[0].entered > 1_000 && whole[0].median_days.is_some(), "{whole:?}");
        assert!(whole.iter().any(|l| l.overdue > 0) && whole.iter().any(|l| l.overdue < l.open), "{whole:?}");
        app.stop().await;
    })
    .await;
}

/// On PostgreSQL a resolved case's district is found by the regions' primary key, whatever
/// collation the trigger's arguments carry: the case's `COLLATE "C"` path once made the lookup
/// read every region (65 ms a case at a province's 229,975 regions). Sequential scans are
/// switched off, so a scan here means no index could answer.
#[tokio::test]
async fn resolving_a_case_finds_its_district_by_the_regions_primary_key() {
    use sqlx::Connection;
    let Some(url) = crate::support::fresh_url(crate::support::Db::Postgres).await else {
        return;
    };
    let store = fengqiao_store::Store::open(&url).await.unwrap();
    fengqiao::bench_data::generate_history(&store, 200, 0, crate::support::PASSWORD)
        .await
        .unwrap();
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    sqlx::query("SET LOCAL enable_seqscan = off")
        .execute(&mut *tx)
        .await
        .unwrap();
    let resolved = sqlx::query(
        "UPDATE disputes SET status = 'resolved', resolved_level = 1, resolved_at = created_at + 7200000
         WHERE id IN (SELECT id FROM disputes WHERE status = 'open' ORDER BY id LIMIT 5)",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    assert_eq!(resolved.rows_affected(), 5);
    let (scans, lookups): (i64, i64) = sqlx::query_as(
        "SELECT seq_scan, COALESCE(idx_scan, 0) FROM pg_stat_xact_user_tables WHERE relname = 'regions'",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    assert_eq!(scans, 0, "the regions table was read whole");
    assert!(
        lookups >= 5,
        "each resolved case looks its district up ({lookups} lookups)"
    );
    tx.rollback().await.unwrap();
}
