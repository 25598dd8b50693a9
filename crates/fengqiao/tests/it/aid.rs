//! Emergency aid as an applicant and the reviewers meet it: the ID number checked, the chain
//! community → town → department with a later step unable to go first, reasons at each step
//! shown to the applicant by tracking code without signing in, documents by their bytes, the
//! same person found across applications, urgent cases told to the town at once.

use crate::support::{on_both, App};
use fengqiao_core::IdNumber;
use serde_json::{json, Value};

const GRID_A: &str = "610302001001001";

fn id_number(seq: u32) -> String {
    let first17 = format!("61030219700101{seq:03}");
    format!(
        "{first17}{}",
        IdNumber::check_char(first17.as_bytes()) as char
    )
}

fn application(id: &str, urgent: bool) -> Value {
    json!({"kind": "illness", "applicant_name": "岳红梅", "id_number": id, "phone": "13909171234", "grid_code": GRID_A,
           "situation": "母亲确诊尿毒症,每周透析三次,自付费用远超家庭收入。", "amount_asked": 10000, "urgent": urgent})
}

/// Done-when: an aid application goes through community, town and department with reasons
/// shown to the applicant by tracking code.
#[tokio::test]
async fn an_application_climbs_the_chain_and_the_applicant_follows_it_by_code() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (resident, community, town, dept) = (
            app.token("res001").await,
            app.token("cs001").await,
            app.token("town01").await,
            app.token("dept01").await,
        );

        // The right number with its last character changed: the checksum fails.
        let good = id_number(1);
        let wrong = if good.ends_with('1') { "2" } else { "1" };
        let bad = application(&format!("{}{wrong}", &good[..17]), false);
        let (s, p) = app
            .post_json("/api/v1/aid-applications", &resident, &bad)
            .await;
        assert_eq!(s, 422, "{p}");
        assert!(p["detail"].as_str().unwrap().contains("身份证号"), "{p}");
        let (s, p) = app
            .post_json(
                "/api/v1/aid-applications",
                &resident,
                &json!({"kind": "lottery", "applicant_name": "岳红梅"}),
            )
            .await;
        assert!(s == 422 || s == 400, "{p}");

        let (s, a) = app
            .post_json(
                "/api/v1/aid-applications",
                &resident,
                &application(&id_number(1), false),
            )
            .await;
        assert_eq!(s, 201, "{a}");
        assert_eq!(a["status_label"], "待社区初审");
        let (id, code) = (
            a["id"].as_i64().unwrap(),
            a["tracking_code"].as_str().unwrap().to_owned(),
        );
        let decide = |token: &str, approve: bool, reasons: &str, checked: &Value| {
            let (token, body) = (
                token.to_owned(),
                json!({"approve": approve, "reasons": reasons, "checked": checked}),
            );
            let app = &app;
            async move {
                app.post_json(
                    &format!("/api/v1/aid-applications/{id}/decisions"),
                    &token,
                    &body,
                )
                .await
            }
        };
        let all = a["checklist"].clone();
        assert_eq!(all.as_array().unwrap().len(), 3);

        // The town and the department cannot go before the community; a resident cannot decide.
        let (s, p) = decide(&town, true, "同意", &all).await;
        assert_eq!(s, 409, "{p}");
        assert_eq!(p["detail"], "须待社区初审通过后才能镇街审核");
        let (s, _) = decide(&dept, true, "同意", &all).await;
        assert_eq!(s, 409);
        assert_eq!(decide(&resident, true, "同意", &all).await.0, 403);
        let (s, p) = decide(&community, true, "同意", &json!([])).await;
        assert_eq!(s, 422, "approval checks the list item by item: {p}");
        let (s, a1) = decide(&community, true, "入户核实,情况属实,材料齐全", &all).await;
        assert_eq!(s, 200, "{a1}");
        assert_eq!(a1["status_label"], "待镇街审核");
        assert_eq!(decide(&community, true, "再审一次", &all).await.0, 409);
        let (s, _) = decide(&town, true, "同意上报区医保局", &all).await;
        assert_eq!(s, 200);
        let (s, a3) = decide(&dept, true, "符合大病救助条件,批准 8000 元", &all).await;
        assert_eq!(s, 200, "{a3}");
        assert_eq!(a3["status_label"], "已批准,待发放");
        let (s, _) = app
            .post_json(
                &format!("/api/v1/aid-applications/{id}/payment"),
                &community,
                &json!({"amount": 8000}),
            )
            .await;
        assert_eq!(s, 403);
        let (s, _) = app
            .post_json(
                &format!("/api/v1/aid-applications/{id}/payment"),
                &dept,
                &json!({"amount": 80000}),
            )
            .await;
        assert_eq!(s, 422);
        let (s, paid) = app
            .post_json(
                &format!("/api/v1/aid-applications/{id}/payment"),
                &dept,
                &json!({"amount": 8000, "note": "转账"}),
            )
            .await;
        assert_eq!(s, 200, "{paid}");
        assert_eq!(paid["status_label"], "已发放");

        // The applicant, without signing in: every step's decision and reasons, nothing personal.
        let res = app
            .http
            .get(app.url(&format!("/api/v1/aid-track/{code}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let t: Value = res.json().await.unwrap();
        let steps: Vec<(&str, &str)> = t["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["stage_label"].as_str().unwrap(),
                    d["reasons"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            steps,
            vec![
                ("社区初审", "入户核实,情况属实,材料齐全"),
                ("镇街审核", "同意上报区医保局"),
                ("部门审批", "符合大病救助条件,批准 8000 元")
            ]
        );
        assert_eq!(t["paid_amount"], 8000);
        let text = t.to_string();
        assert!(
            !text.contains("岳红梅")
                && !text.contains(&id_number(1))
                && !text.contains("13909171234")
                && !text.contains("cs001"),
            "{text}"
        );
        let page = app
            .http
            .get(app.url(&format!("/aid-track/{}", code.to_lowercase())))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("镇街审核:通过")
                && page.contains("同意上报区医保局")
                && page.contains("8000 元已发放"),
            "{page}"
        );
        assert_eq!(
            app.http
                .get(app.url("/api/v1/aid-track/JZNOSUCHCODE"))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
        app.stop().await;
    })
    .await;
}

/// Documents are judged by their bytes; the same ID number is found across applications;
/// an urgent case reaches the town at once; lists mask, and staff reads are audited.
#[tokio::test]
async fn documents_duplicates_urgency_and_masking() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (resident, community, town) = (app.token("res001").await, app.token("cs001").await, app.token("town01").await);
        let (_, first) = app.post_json("/api/v1/aid-applications", &resident, &application(&id_number(2), false)).await;
        let (s, second) = app.post_json("/api/v1/aid-applications", &resident, &application(&id_number(2), true)).await;
        assert_eq!(s, 201, "{second}");
        let id = second["id"].as_i64().unwrap();

        let upload = |body: Vec<u8>, name: &str| {
            let req = app.http.post(app.url(&format!("/api/v1/aid-applications/{id}/documents?name={name}"))).bearer_auth(&resident).body(body);
            async move { req.send().await.unwrap() }
        };
        let res = upload(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec(), "诊断证明.pdf").await;
        assert_eq!(res.status(), 201);
        let res = upload(b"MZ\x90\x00 not a pdf".to_vec(), "证明.pdf").await;
        assert_eq!(res.status(), 415, "the name says PDF, the bytes do not");
        let res = upload(vec![0xFF; 10 * 1024 * 1024 + 10], "big.jpg").await;
        assert_eq!(res.status(), 413);

        let (s, seen) = app.get_json(&format!("/api/v1/aid-applications/{id}"), &community).await;
        assert_eq!(s, 200);
        assert_eq!(seen["same_person"][0]["id"], first["id"], "{seen}");
        assert_eq!(seen["documents"].as_array().unwrap().len(), 1);
        let doc = seen["documents"][0]["id"].as_i64().unwrap();
        let res = app.get(&format!("/api/v1/aid-applications/{id}/documents/{doc}"), &community).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        app.audit_settled().await;
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('aid.read', 'aid.document_read') AND record_id = $1")
            .bind(id.to_string())
            .fetch_one(app.server.state.store.pool())
            .await
            .unwrap();
        assert!(audited >= 2, "staff reads are audited");
        let (_, list) = app.get_json("/api/v1/aid-applications", &community).await;
        let row = list.as_array().unwrap().iter().find(|a| a["id"] == id).unwrap();
        assert_ne!(row["id_number"], id_number(2), "masked in lists");
        assert_eq!(row["id_number"].as_str().unwrap().len(), 18);
        let (_, other) = app.get_json(&format!("/api/v1/aid-applications/{id}"), &app.token("res002").await).await;
        assert_eq!(other["status"], 404, "another resident sees nothing");

        let (_, inbox) = app.get_json("/api/v1/notifications", &town).await;
        assert!(inbox.to_string().contains("紧急:大病救助申请"), "{inbox}");
        let (_, tasks) = app.get_json("/api/v1/lists/tasks", &community).await;
        assert!(tasks.to_string().contains("审核大病救助申请"), "{tasks}");
        let page = app.page(&format!("/aid/{id}"), &community).await;
        assert!(page.contains("同一身份证号的其他申请") && page.contains("社区初审") && page.contains("诊断证明.pdf"), "{page}");
        app.stop().await;
    })
    .await;
}
