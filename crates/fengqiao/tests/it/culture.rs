//! Cultural guidance as people meet it: a campaign that counts a person once whether they vote
//! online or at their community's desk; the heroism fund's books that refuse what does not
//! balance and show corrections as reversals, read back by Beancount; legal education's feed
//! as a calendar library expands it; the Atom feed a feed library reads.

use crate::support::{on_both, App};
use serde_json::{json, Value};

const ID_A: &str = "610302198503120020";
const ID_B: &str = "610302199207050034";
const ID_C: &str = "610302197801010044";

/// A campaign in its voting phase with two accepted nominees: (campaign, [nominee ids]).
async fn voting_campaign(app: &App, coordinator: &str, resident: &str) -> (i64, Vec<i64>) {
    let (s, c) = app
        .post_json(
            "/api/v1/campaigns",
            coordinator,
            &json!({"kind": "good_person", "title": "2026年度渭滨好人评选"}),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_i64().unwrap();
    for name in ["王秀兰", "李建国"] {
        let (s, c) = app.post_json(&format!("/api/v1/campaigns/{id}/nominations"), resident, &json!({"name": name, "summary": "照顾独居老人十余年,风雨无阻,邻里称赞", "evidence": "社区证明、邻居证言"})).await;
        assert_eq!(s, 201, "{c}");
    }
    let (s, p) = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/phase"),
            coordinator,
            &json!({"phase": "voting"}),
        )
        .await;
    assert_eq!(s, 409, "no skipping a phase: {p}");
    let (s, _) = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/phase"),
            coordinator,
            &json!({"phase": "review"}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, c) = app
        .get_json(&format!("/api/v1/campaigns/{id}"), coordinator)
        .await;
    let nominees: Vec<i64> = c["nominees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        nominees.len(),
        2,
        "the reviewer sees what is under review: {c}"
    );
    let (s, p) = app
        .post_json(
            &format!("/api/v1/nominees/{}/review", nominees[0]),
            resident,
            &json!({"accept": true}),
        )
        .await;
    assert_eq!(s, 403, "residents do not review: {p}");
    for n in &nominees {
        let (s, p) = app
            .post_json(
                &format!("/api/v1/nominees/{n}/review"),
                coordinator,
                &json!({"accept": true, "note": "事迹属实"}),
            )
            .await;
        assert_eq!(s, 200, "{p}");
    }
    let (s, _) = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/phase"),
            coordinator,
            &json!({"phase": "voting"}),
        )
        .await;
    assert_eq!(s, 200);
    (id, nominees)
}

/// The code the SMS gateway was asked to send to a resident, read from the outbox.
async fn sent_code(app: &App, admin: &str, username: &str) -> String {
    let (s, deliveries) = app.get_json("/api/v1/webhooks/deliveries", admin).await;
    assert_eq!(s, 200, "{deliveries}");
    let body = deliveries
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["event"] == "phone_code")
        .map(|d| serde_json::from_str::<Value>(d["body"].as_str().unwrap()).unwrap())
        .find(|b| b["recipients"][0] == username)
        .expect("a text for the resident");
    assert!(body["phone"].as_str().unwrap().starts_with("1"), "{body}");
    let text = body["text"].as_str().unwrap();
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_owned()
}

/// Done-when: the same person voting online and then at a community desk is counted once;
/// a vote moves with the person when they are verified again; the announcement records counts
/// recounted from the stored votes.
#[tokio::test]
async fn a_person_voting_online_and_then_at_a_desk_is_counted_once() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        let admin = app.token("admin").await;
        let res = app.token("res001").await;
        let (id, nominees) = voting_campaign(&app, &coordinator, &res).await;
        let vote = |n: i64| json!({"nominee_id": n});

        let (s, p) = app.post_json(&format!("/api/v1/campaigns/{id}/votes"), &res, &vote(nominees[0])).await;
        assert_eq!(s, 403, "not verified yet: {p}");
        assert!(p["detail"].as_str().unwrap().contains("实名核验"), "{p}");
        let (s, p) = app.post_json("/api/v1/voter-verification/code", &res, &json!({"name": "赵一", "id_number": ID_A})).await;
        assert_eq!(s, 503, "no SMS gateway connected is said plainly: {p}");
        let (s, _) = app.post_json("/api/v1/webhooks", &coordinator, &json!({"name": "短信网关", "url": "http://127.0.0.1:9/sms", "events": "phone_code"})).await;
        assert_eq!(s, 201);
        let (s, p) = app.post_json("/api/v1/voter-verification/code", &res, &json!({"name": "赵一", "id_number": "610302198503120021"})).await;
        assert_eq!(s, 422, "a wrong check digit: {p}");
        let (s, p) = app.post_json("/api/v1/voter-verification/code", &res, &json!({"name": "赵一", "id_number": ID_A})).await;
        assert_eq!(s, 202, "{p}");
        let code = sent_code(&app, &admin, "res001").await;
        let (_, inbox) = app.get_json("/api/v1/notifications", &res).await;
        assert!(!inbox.to_string().contains(&code), "the code goes to the phone only");
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let (s, _) = app.post_json("/api/v1/voter-verification", &res, &json!({"code": wrong})).await;
        assert_eq!(s, 422);
        let (s, v) = app.post_json("/api/v1/voter-verification", &res, &json!({"code": code})).await;
        assert_eq!((s.as_u16(), v["verified"].as_bool()), (200, Some(true)), "{v}");

        let (s, p) = app.post_json(&format!("/api/v1/campaigns/{id}/votes"), &res, &vote(nominees[0])).await;
        assert_eq!(s, 201, "{p}");
        let (s, p) = app.post_json(&format!("/api/v1/campaigns/{id}/votes"), &res, &vote(nominees[1])).await;
        assert_eq!(s, 409, "{p}");
        assert!(p["detail"].as_str().unwrap().contains("只能投一票"), "{p}");

        // The same person at gw0001's desk, the ID number typed another way.
        let gw = app.token("gw0001").await;
        let typed = "６１０３０２ １９８５０３１２００２０";
        let (s, p) = app.post_json(&format!("/api/v1/campaigns/{id}/desk-votes"), &gw, &json!({"nominee_id": nominees[1], "name": "赵一", "id_number": typed})).await;
        assert_eq!(s, 409, "counted once across channels: {p}");
        // Another grid's worker cannot vote for gw0001's residents.
        let other = app.token("gw0002").await;
        let (s, p) = app.post_json(&format!("/api/v1/campaigns/{id}/desk-votes"), &other, &json!({"nominee_id": nominees[1], "name": "钱二", "id_number": ID_B, "grid_code": "610302001001001"})).await;
        assert_eq!(s, 403, "{p}");
        let (s, p) = app.post_json(&format!("/api/v1/campaigns/{id}/desk-votes"), &gw, &json!({"nominee_id": nominees[1], "name": "钱二", "id_number": ID_B})).await;
        assert_eq!(s, 201, "{p}");
        let (s, p) = app.post_json(&format!("/api/v1/campaigns/{id}/desk-votes"), &gw, &json!({"nominee_id": 999_999, "name": "孙三", "id_number": ID_C})).await;
        assert_eq!(s, 422, "only the accepted nominees: {p}");

        // 赵一 verified again at the desk with a new account: the vote is theirs still.
        let cs = app.token("cs001").await;
        let (s, p) = app.post_json("/api/v1/voter-verification/in-person", &cs, &json!({"name": "赵一", "id_number": ID_A, "grid_code": "610302001001001", "username": "res002"})).await;
        assert_eq!(s, 201, "{p}");
        let res2 = app.token("res002").await;
        let (s, p) = app.post_json(&format!("/api/v1/campaigns/{id}/votes"), &res2, &vote(nominees[1])).await;
        assert_eq!(s, 409, "the vote moved with the person: {p}");
        let (_, c) = app.get_json(&format!("/api/v1/campaigns/{id}"), &res2).await;
        assert_eq!(c["my_vote"], nominees[0], "{c}");
        let (s, _) = app.post_json(&format!("/api/v1/campaigns/{id}/votes"), &res, &vote(nominees[1])).await;
        assert_eq!(s, 403, "the old account is no longer that person");

        let (s, c) = app.post_json(&format!("/api/v1/campaigns/{id}/phase"), &coordinator, &json!({"phase": "announced"})).await;
        assert_eq!(s, 200, "{c}");
        assert_eq!(c["votes"], 2, "{c}");
        assert_eq!(c["announcement"]["votes"], 2, "{c}");
        let recorded: Vec<(i64, i64)> = c["announcement"]["tally"].as_array().unwrap().iter().map(|t| (t["nominee_id"].as_i64().unwrap(), t["votes"].as_i64().unwrap())).collect();
        let mut kept: Vec<(i64, i64)> = c["nominees"].as_array().unwrap().iter().map(|n| (n["id"].as_i64().unwrap(), n["votes"].as_i64().unwrap())).collect();
        kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        assert_eq!(recorded, kept, "the announcement is the recount of the stored votes");
        let (s, _) = app.post_json(&format!("/api/v1/campaigns/{id}/votes"), &res2, &vote(nominees[0])).await;
        assert_eq!(s, 409, "no votes after the announcement");

        // The public results page, without signing in.
        let page = app.http.get(app.url(&format!("/culture/campaigns/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("王秀兰") && page.contains("结果公布") && page.contains("网上投票 1") && page.contains("社区现场投票 1"), "{page}");
        assert!(!page.contains(ID_A) && !page.contains(ID_B));
        let audited: Vec<(String, String)> = sqlx::query_as("SELECT actor, detail FROM audit_log WHERE action = 'campaign.desk_vote' AND record_id = $1")
            .bind(id.to_string())
            .fetch_all(app.server.state.store.pool())
            .await
            .unwrap();
        assert_eq!(audited.len(), 1, "each assisted vote is audited: {audited:?}");
        assert_eq!(audited[0].0, "gw0001");
        assert!(!audited[0].1.contains(ID_B), "no ID number in the audit");
        app.stop().await;
    })
    .await;
}
