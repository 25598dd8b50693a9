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
        // A script hammering the vote is slowed: ten tries a minute per account.
        let mut last = (0, Value::Null);
        for _ in 0..12 {
            let (s, p) = app.post_json(&format!("/api/v1/campaigns/{id}/votes"), &res2, &vote(nominees[1])).await;
            last = (s.as_u16(), p);
        }
        assert_eq!(last.0, 429, "{}", last.1);
        assert!(last.1["detail"].as_str().unwrap().contains("操作过于频繁"), "{}", last.1);

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

const BEANCOUNT_CHECK: &str = r#"
import sys, json
from decimal import Decimal
from beancount import loader
from beancount.core.data import Transaction, Balance
entries, errors, options = loader.load_file(sys.argv[1])
bal = {}
for e in entries:
    if isinstance(e, Transaction):
        for p in e.postings:
            bal[p.account] = bal.get(p.account, Decimal(0)) + p.units.number
print(json.dumps({
    "errors": [str(x.message) for x in errors],
    "balances": {k: str(v) for k, v in bal.items()},
    "reverses": [str(e.meta["reverses"]) for e in entries if isinstance(e, Transaction) and "reverses" in e.meta],
    "assertions": sum(1 for e in entries if isinstance(e, Balance)),
    "transactions": sum(1 for e in entries if isinstance(e, Transaction)),
}, ensure_ascii=False))
"#;

fn line(account: &str, amount: &str) -> Value {
    json!({"account": account, "amount": amount})
}

/// A verified heroism deed in gw0001's grid: reported by a resident, verified by the police.
async fn heroic_deed(app: &App) -> i64 {
    let res = app.token("res001").await;
    let (s, d) = app
        .post_json("/api/v1/deeds", &res, &json!({"board": "heroic", "title": "渭河边勇救落水儿童", "story": "傍晚在渭河岸边散步时发现儿童落水,不顾危险跳入河中将其救起,送医后脱险。", "people": "刘勇", "occurred_on": "2026-11-20", "grid_code": "610302001001001"}))
        .await;
    assert_eq!(s, 201, "{d}");
    let id = d["id"].as_i64().unwrap();
    let gw = app.token("gw0001").await;
    let (s, p) = app
        .post_json(
            &format!("/api/v1/deeds/{id}/verify"),
            &gw,
            &json!({"verified": true, "note": "现场走访属实"}),
        )
        .await;
    assert_eq!(s, 403, "heroism is verified by the police: {p}");
    let po = app.token("po001").await;
    let (s, p) = app
        .post_json(
            &format!("/api/v1/deeds/{id}/verify"),
            &po,
            &json!({"verified": true, "note": "经调取监控、询问证人,属实"}),
        )
        .await;
    assert_eq!(s, 200, "{p}");
    id
}

/// The culture area's part of the task lists: a reported act of heroism waits on the police's
/// list to be verified, then on the grid worker's for the person's consent.
#[tokio::test]
async fn a_reported_heroic_deed_is_the_polices_task_then_the_grid_workers() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (res, gw, po) = (app.token("res001").await, app.token("gw0001").await, app.token("po001").await);
        let (s, d) = app
            .post_json("/api/v1/deeds", &res, &json!({"board": "heroic", "title": "渭河边勇救落水儿童", "story": "傍晚在渭河岸边散步时发现儿童落水,不顾危险跳入河中将其救起,送医后脱险。", "people": "刘勇", "occurred_on": "2026-11-20", "grid_code": "610302001001001"}))
            .await;
        assert_eq!(s, 201, "{d}");
        let id = d["id"].as_i64().unwrap();
        let titles = |v: &Value| v.to_string();
        let (_, police) = app.get_json("/api/v1/lists/tasks", &po).await;
        let (_, worker) = app.get_json("/api/v1/lists/tasks", &gw).await;
        assert!(titles(&police).contains("核实事迹:渭河边勇救落水儿童"), "{police}");
        assert!(!titles(&worker).contains("渭河边勇救落水儿童"), "heroism is verified by the police: {worker}");
        let (s, p) = app
            .post_json(&format!("/api/v1/deeds/{id}/verify"), &po, &json!({"verified": true, "note": "经调取监控、询问证人,属实"}))
            .await;
        assert_eq!(s, 200, "{p}");
        let (_, police) = app.get_json("/api/v1/lists/tasks", &po).await;
        let (_, worker) = app.get_json("/api/v1/lists/tasks", &gw).await;
        assert!(!titles(&police).contains("渭河边勇救落水儿童"), "done for the police: {police}");
        assert!(titles(&worker).contains("征得本人同意:渭河边勇救落水儿童"), "{worker}");
    })
    .await;
}

/// Done-when: the books refuse an unbalanced entry and an edit, show a correction as a
/// reversal, keep closed periods closed, pay out only with two officers on verified heroism,
/// and export Beancount that Beancount's own loader checks without an error.
#[tokio::test]
async fn the_fund_books_balance_refuse_edits_and_export_beancount() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (jj1, jj2) = (app.token("jj01").await, app.token("jj02").await);
        let res = app.token("res001").await;
        let (_, before) = app.get_json("/api/v1/fund/summary", "").await;
        for (code, name, kind) in [("Assets:Bank:CCB", "基金专户(建设银行)", "bank"), ("Income:Donations:Test", "社会捐赠", "donations"), ("Expenses:Awards:Test", "见义勇为奖励", "awards"), ("Expenses:Medical:Test", "医疗救助", "medical"), ("Expenses:Administration:Test", "管理费用", "administration")] {
            let (s, p) = app.post_json("/api/v1/fund/accounts", &jj1, &json!({"code": code, "name": name, "kind": kind, "opened_on": "2026-01-01"})).await;
            assert_eq!(s, 201, "{p}");
        }
        let (s, _) = app.post_json("/api/v1/fund/accounts", &res, &json!({"code": "Assets:Cash", "name": "现金", "kind": "bank", "opened_on": "2026-01-01"})).await;
        assert_eq!(s, 403, "only the fund's officers keep the books");
        let (s, p) = app.post_json("/api/v1/fund/accounts", &jj1, &json!({"code": "Income:Cash", "name": "现金", "kind": "bank", "opened_on": "2026-01-01"})).await;
        assert_eq!(s, 422, "a bank account is an asset: {p}");

        let (s, p) = app.post_json("/api/v1/fund/entries", &jj1, &json!({"date": "2026-08-01", "narration": "某企业捐赠", "postings": [line("Assets:Bank:CCB", "100000.00"), line("Income:Donations:Test", "-99999.99")]})).await;
        assert_eq!(s, 422, "{p}");
        assert!(p["detail"].as_str().unwrap().contains("不平衡"), "{p}");
        let (s, p) = app.post_json("/api/v1/fund/entries", &jj1, &json!({"date": "2026-08-01", "narration": "某企业捐赠", "postings": [line("Assets:Bank:BOC", "10"), line("Income:Donations:Test", "-10")]})).await;
        assert_eq!(s, 422, "an account not opened: {p}");
        let (s, gift) = app.post_json("/api/v1/fund/entries", &jj1, &json!({"date": "2026-08-01", "narration": "渭滨某企业捐赠", "postings": [line("Assets:Bank:CCB", "100000.00"), line("Income:Donations:Test", "-100000")]})).await;
        assert_eq!(s, 201, "{gift}");
        let (s, wrong) = app.post_json("/api/v1/fund/entries", &jj1, &json!({"date": "2026-09-10", "narration": "办公用品(金额录错)", "postings": [line("Expenses:Administration:Test", "850.00"), line("Assets:Bank:CCB", "-850.00")]})).await;
        assert_eq!(s, 201);
        let wrong = wrong["id"].as_i64().unwrap();

        // No edit, no delete: not through any route, not in the database itself.
        for method in [reqwest::Method::PUT, reqwest::Method::PATCH, reqwest::Method::DELETE] {
            let r = app.http.request(method, app.url(&format!("/api/v1/fund/entries/{wrong}"))).bearer_auth(&jj1).json(&json!({"narration": "改"})).send().await.unwrap();
            assert!(matches!(r.status().as_u16(), 404 | 405), "{}", r.status());
        }
        let pool = app.server.state.store.pool();
        assert!(sqlx::query("UPDATE fund_postings SET fen = 58000 WHERE entry_id = $1").bind(wrong).execute(pool).await.is_err(), "the database refuses an edit");
        assert!(sqlx::query("DELETE FROM fund_entries WHERE id = $1").bind(wrong).execute(pool).await.is_err(), "and a deletion");

        let (s, rev) = app.post_json(&format!("/api/v1/fund/entries/{wrong}/reverse"), &jj2, &json!({"date": "2026-09-12", "reason": "金额录错,应为 580 元"})).await;
        assert_eq!(s, 201, "{rev}");
        let rid = rev["id"].as_i64().unwrap();
        let (s, _) = app.post_json(&format!("/api/v1/fund/entries/{wrong}/reverse"), &jj2, &json!({"reason": "再冲一次"})).await;
        assert_eq!(s, 409, "an entry is reversed once");
        let (s, _) = app.post_json(&format!("/api/v1/fund/entries/{rid}/reverse"), &jj2, &json!({"reason": "冲正的冲正"})).await;
        assert_eq!(s, 409);
        let (s, _) = app.post_json("/api/v1/fund/entries", &jj1, &json!({"date": "2026-09-12", "narration": "办公用品", "postings": [line("Expenses:Administration:Test", "580"), line("Assets:Bank:CCB", "-580")]})).await;
        assert_eq!(s, 201);
        let (_, books) = app.get_json("/api/v1/fund/books", &jj1).await;
        let shown = books["entries"].as_array().unwrap().iter().find(|e| e["id"] == wrong).unwrap().clone();
        assert_eq!((shown["reversed_by"].as_i64(), shown["postings"][0]["amount"].as_str()), (Some(rid), Some("850.00")), "the original stays as it was: {shown}");
        let reversal = books["entries"].as_array().unwrap().iter().find(|e| e["id"] == rid).unwrap().clone();
        assert_eq!((reversal["reverses"].as_i64(), reversal["postings"][0]["amount"].as_str()), (Some(wrong), Some("-850.00")), "{reversal}");

        let (s, p) = app.post_json("/api/v1/fund/periods", &jj1, &json!({"closed_through": "2026-08-31"})).await;
        assert_eq!(s, 201, "{p}");
        let (s, p) = app.post_json("/api/v1/fund/entries", &jj1, &json!({"date": "2026-08-31", "narration": "补记捐赠", "postings": [line("Assets:Bank:CCB", "1"), line("Income:Donations:Test", "-1")]})).await;
        assert_eq!(s, 422, "a closed period stays closed: {p}");
        let (s, _) = app.post_json(&format!("/api/v1/fund/entries/{}/reverse", gift["id"]), &jj1, &json!({"date": "2026-08-15", "reason": "冲正到已结账期间"})).await;
        assert_eq!(s, 422);

        // A payout: on verified heroism only, proposed by one officer, approved by another.
        let (s, unverified) = app.post_json("/api/v1/deeds", &res, &json!({"board": "heroic", "title": "协助民警制止盗窃", "story": "在菜市场发现有人扒窃,大声提醒并协助民警将其控制,追回财物。", "people": "陈明", "occurred_on": "2026-11-25", "grid_code": "610302001001001"})).await;
        assert_eq!(s, 201);
        let payout = |deed: i64| json!({"deed_id": deed, "account": "Expenses:Awards:Test", "bank": "Assets:Bank:CCB", "amount": "5000", "payee": "刘勇", "reason": "见义勇为奖励", "date": "2026-11-28"});
        let (s, p) = app.post_json("/api/v1/fund/payouts", &jj1, &payout(unverified["id"].as_i64().unwrap())).await;
        assert_eq!(s, 422, "not verified yet: {p}");
        let deed = heroic_deed(&app).await;
        let (s, p) = app.post_json("/api/v1/fund/payouts", &jj1, &payout(deed)).await;
        assert_eq!(s, 201, "{p}");
        let pid = p["id"].as_i64().unwrap();
        let (s, p) = app.post_json(&format!("/api/v1/fund/payouts/{pid}/decision"), &jj1, &json!({"approve": true})).await;
        assert_eq!(s, 403, "not by the one who proposed it: {p}");
        let (s, p) = app.post_json(&format!("/api/v1/fund/payouts/{pid}/decision"), &jj2, &json!({"approve": true})).await;
        assert_eq!(s, 200, "{p}");
        let (s, p) = app.post_json(&format!("/api/v1/fund/payouts/{pid}/decision"), &jj2, &json!({"approve": true})).await;
        assert_eq!(s, 409, "{p}");

        let (s, summary) = app.get_json("/api/v1/fund/summary", "").await;
        assert_eq!(s, 200, "the summary is public");
        let yuan = |v: &Value| v.as_str().unwrap().parse::<f64>().unwrap();
        assert_eq!(yuan(&summary["income"]) - yuan(&before["income"]), 100_000.0, "{summary}");
        assert_eq!(yuan(&summary["balance"]) - yuan(&before["balance"]), 94_420.0, "{summary}");
        assert_eq!(yuan(&summary["payouts"][0][1]) - yuan(&before["payouts"][0][1]), 5_000.0, "{summary}");
        let (_, books) = app.get_json("/api/v1/fund/books", &jj1).await;

        let r = app.get("/culture/fund/ledger.beancount", &res).await;
        assert_eq!(r.status(), 403);
        let coordinator = app.token("coordinator").await;
        let r = app.get("/culture/fund/ledger.beancount", &coordinator).await;
        assert_eq!(r.status(), 200);
        let text = r.bytes().await.unwrap();
        if let Some(out) = crate::support::python(&["beancount"], BEANCOUNT_CHECK, (".beancount", &text)) {
            let v: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["errors"], json!([]), "Beancount finds no error: {v}\n{}", String::from_utf8_lossy(&text));
            assert_eq!(v["balances"]["Assets:Bank:CCB"], "94420.00", "{v}");
            let banks: f64 = v["balances"].as_object().unwrap().iter().filter(|(k, _)| k.starts_with("Assets:")).map(|(_, b)| b.as_str().unwrap().parse::<f64>().unwrap()).sum();
            assert_eq!(banks, yuan(&summary["balance"]), "the public balance is the books': {v}");
            assert!(v["reverses"].as_array().unwrap().contains(&json!(wrong.to_string())), "{v}");
            assert_eq!(v["transactions"].as_u64(), Some(books["entries"].as_array().unwrap().len() as u64), "{v}");
            assert!(v["assertions"].as_i64().unwrap() >= 5, "the closed period's balances are asserted: {v}");
        }
        app.stop().await;
    })
    .await;
}

const ICS_EXPAND: &str = r#"
import sys, json, datetime, zoneinfo, icalendar, recurring_ical_events
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
bj = zoneinfo.ZoneInfo("Asia/Shanghai")
span = (datetime.datetime(2026, 1, 1, tzinfo=bj), datetime.datetime(2028, 1, 1, tzinfo=bj))
out = [[str(e["SUMMARY"]), e["DTSTART"].dt.astimezone(bj).strftime("%Y-%m-%d %H:%M")] for e in recurring_ical_events.of(cal).between(*span)]
print(json.dumps(sorted(out, key=lambda x: x[1]), ensure_ascii=False))
"#;

/// A member with an account on the town's team of this kind (the demo's teams have none).
async fn join_team(app: &App, coordinator: &str, kind: &str, username: &str) {
    let (_, teams) = app
        .get_json(
            &format!("/api/v1/teams?region=610302001&kind={kind}"),
            coordinator,
        )
        .await;
    let team = teams["items"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("a {kind} team: {teams}"));
    let (s, m) = app
        .post_json(
            &format!("/api/v1/teams/{team}/members"),
            coordinator,
            &json!({"name": "测试成员", "member_role": "成员", "username": username}),
        )
        .await;
    assert_eq!(s, 201, "{m}");
}

/// Done-when: the legal-education feed opens in a calendar library with the right weekly and
/// monthly sessions, the moved one at its new time and none of the cancelled; sessions ordered
/// from the menu get a speaker from the rule-of-law team and a door code, and a second check-in
/// is ignored.
#[tokio::test]
async fn the_legal_education_calendar_expands_right_and_sessions_check_in_once() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        let res = app.token("res001").await;
        let weekly = json!({"cadence": "weekly", "theme": "fraud", "title": "防范电信诈骗周", "first": "2027-01-04T09:00", "minutes": 90, "count": 4, "place": "社区活动室"});
        let (s, _) = app.post_json("/api/v1/legal-education/series", &res, &weekly).await;
        assert_eq!(s, 403, "residents do not plan");
        let (s, w) = app.post_json("/api/v1/legal-education/series", &coordinator, &weekly).await;
        assert_eq!(s, 201, "{w}");
        let (s, m) = app.post_json("/api/v1/legal-education/series", &coordinator, &json!({"cadence": "monthly", "theme": "civil", "title": "民法典进万家", "first": "2027-01-28T14:00", "minutes": 120, "count": 3})).await;
        assert_eq!(s, 201, "{m}");
        let (s, p) = app.post_json("/api/v1/legal-education/series", &coordinator, &json!({"cadence": "monthly", "theme": "civil", "title": "月末专题", "first": "2027-01-30T14:00", "minutes": 120, "count": 3})).await;
        assert_eq!(s, 422, "a day some months lack: {p}");
        let (w, m) = (w["id"].as_i64().unwrap(), m["id"].as_i64().unwrap());
        let (s, p) = app.post_json(&format!("/api/v1/legal-education/series/{w}/exceptions"), &coordinator, &json!({"original": "2027-01-12T09:00", "reason": "不在计划内"})).await;
        assert_eq!(s, 422, "{p}");
        let (s, _) = app.post_json(&format!("/api/v1/legal-education/series/{w}/exceptions"), &coordinator, &json!({"original": "2027-01-11T09:00", "reason": "场地检修"})).await;
        assert_eq!(s, 200);
        let (s, v) = app.post_json(&format!("/api/v1/legal-education/series/{w}/exceptions"), &coordinator, &json!({"original": "2027-01-18T09:00", "moved_to": "2027-01-19T15:00", "reason": "讲师出差"})).await;
        assert_eq!(s, 200, "{v}");
        let starts: Vec<&str> = v["sessions"].as_array().unwrap().iter().map(|s| s["starts"].as_str().unwrap()).collect();
        assert_eq!(starts, ["2027-01-04 09:00", "2027-01-19 15:00", "2027-01-25 09:00"], "{v}");
        let (s, _) = app.post_json(&format!("/api/v1/legal-education/series/{m}/exceptions"), &coordinator, &json!({"original": "2027-02-28T14:00", "reason": "春节假期"})).await;
        assert_eq!(s, 200);

        let feed = app.http.get(app.url("/culture/legal-education.ics")).send().await.unwrap();
        assert_eq!(feed.status(), 200, "the feed is public");
        assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let feed = feed.bytes().await.unwrap();
        if let Some(out) = crate::support::python(&["icalendar", "recurring_ical_events"], ICS_EXPAND, (".ics", &feed)) {
            let all: Vec<(String, String)> = serde_json::from_str(&out).unwrap();
            let mine = ["防范电信网络诈骗:防范电信诈骗周", "民法典:民法典进万家"];
            let got: Vec<(String, String)> = all.iter().filter(|(s, _)| mine.contains(&s.as_str())).cloned().collect();
            // The demo's own plan: its cancelled week is gone, its moved feature is on the 26th.
            let demo = |t: &str| all.iter().filter(|(s, _)| s == t).map(|(_, d)| d.clone()).collect::<Vec<_>>();
            let weekly = demo("防范电信网络诈骗:防范电信网络诈骗主题周");
            assert_eq!(weekly.len(), 11, "{weekly:?}");
            assert!(!weekly.contains(&"2026-12-28 09:30".to_owned()));
            let monthly = demo("民法典:民法典进万家专题月");
            assert!(monthly.contains(&"2027-01-26 14:30".to_owned()) && !monthly.contains(&"2027-01-28 14:30".to_owned()), "{monthly:?}");
            let want = [
                ("防范电信网络诈骗:防范电信诈骗周", "2027-01-04 09:00"),
                ("防范电信网络诈骗:防范电信诈骗周", "2027-01-19 15:00"),
                ("防范电信网络诈骗:防范电信诈骗周", "2027-01-25 09:00"),
                ("民法典:民法典进万家", "2027-01-28 14:00"),
                ("民法典:民法典进万家", "2027-03-28 14:00"),
            ];
            let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            assert_eq!(got, want, "{}", String::from_utf8_lossy(&feed));
        }

        // Ordered from the menu, given a speaker of the rule-of-law team and a door code.
        let cs = app.token("cs001").await;
        let wanted = fengqiao_core::time::day(fengqiao_store::now_ms() + 10 * fengqiao_core::time::DAY_MS);
        let (s, o) = app.post_json("/api/v1/legal-education/orders", &cs, &json!({"theme": "minors", "unit": "渭滨区第一中学", "audience": 300, "wanted_on": wanted})).await;
        assert_eq!(s, 201, "{o}");
        let (s, p) = app.post_json("/api/v1/legal-education/orders", &cs, &json!({"theme": "astrology", "audience": 300, "wanted_on": wanted})).await;
        assert_eq!(s, 422, "only what the menu offers: {p}");
        let id = o["id"].as_i64().unwrap();
        let soon = fengqiao_core::time::minute(fengqiao_store::now_ms() + 30 * 60_000).replace(' ', "T");
        let schedule = |who: &str| json!({"speaker": who, "starts": soon, "place": "一中报告厅"});
        let (s, p) = app.post_json(&format!("/api/v1/legal-education/orders/{id}/schedule"), &coordinator, &schedule("res002")).await;
        assert_eq!(s, 422, "a speaker from the rule-of-law team: {p}");
        join_team(&app, &coordinator, "rule_of_law_team", "fz01").await;
        let (s, p) = app.post_json(&format!("/api/v1/legal-education/orders/{id}/schedule"), &cs, &schedule("fz01")).await;
        assert_eq!(s, 403, "the town or the coordinator schedules: {p}");
        let (s, o) = app.post_json(&format!("/api/v1/legal-education/orders/{id}/schedule"), &coordinator, &schedule("fz01")).await;
        assert_eq!(s, 200, "{o}");
        let door = o["door_code"].as_str().unwrap().to_owned();
        let speaker = app.token("fz01").await;
        let (_, inbox) = app.get_json("/api/v1/notifications", &speaker).await;
        assert!(inbox.to_string().contains("普法讲座"), "the speaker is told: {inbox}");
        let (s, _) = app.post_json(&format!("/api/v1/legal-education/orders/{id}/check-in"), &res, &json!({"code": "ZZZZZZ"})).await;
        assert_eq!(s, 422);
        let (s, c) = app.post_json(&format!("/api/v1/legal-education/orders/{id}/check-in"), &res, &json!({"code": door.to_lowercase()})).await;
        assert_eq!((s.as_u16(), c["counted"].as_bool()), (200, Some(true)), "{c}");
        let (s, c) = app.post_json(&format!("/api/v1/legal-education/orders/{id}/check-in"), &res, &json!({"code": door})).await;
        assert_eq!((s.as_u16(), c["counted"].as_bool()), (200, Some(false)), "a second check-in is ignored: {c}");
        let (_, orders) = app.get_json("/api/v1/legal-education/orders", &cs).await;
        let mine = orders.as_array().unwrap().iter().find(|x| x["id"] == id).unwrap();
        assert_eq!(mine["attended"], 1, "{mine}");
        let (s, _) = app.post_json(&format!("/api/v1/legal-education/orders/{id}/held"), &speaker, &json!({})).await;
        assert_eq!(s, 409, "not held before it starts");
        let (_, orders) = app.get_json("/api/v1/legal-education/orders", &res).await;
        assert_eq!(orders, json!([]), "residents see no orders or door codes");
        app.stop().await;
    })
    .await;
}

/// Atom as RFC 4287 requires it, read by feedparser (which must find nothing malformed) and
/// checked element by element with lxml: one id, title and updated on the feed and on every
/// entry, an author on the feed, a link on every entry, ids unique, times with an offset.
const ATOM_CHECK: &str = r#"
import sys, json, re, feedparser
from lxml import etree
raw = open(sys.argv[1], "rb").read()
f = feedparser.parse(raw)
assert not f.bozo, repr(f.bozo_exception)
A = "{http://www.w3.org/2005/Atom}"
root = etree.fromstring(raw)
assert root.tag == A + "feed", root.tag
problems = []
def one(el, name, where):
    n = len(el.findall(A + name))
    if n != 1:
        problems.append(f"{where}: {n} <{name}>")
stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
for name in ("id", "title", "updated"):
    one(root, name, "feed")
if not root.findall(A + "author"):
    problems.append("feed: no author")
ids = []
for i, e in enumerate(root.findall(A + "entry")):
    for name in ("id", "title", "updated"):
        one(e, name, f"entry {i}")
    if not e.findall(A + "link") and not e.findall(A + "content"):
        problems.append(f"entry {i}: no link or content")
    for t in e.findall(A + "updated") + e.findall(A + "published"):
        if not stamp.match(t.text or ""):
            problems.append(f"entry {i}: bad date {t.text}")
    ids.append(e.findtext(A + "id"))
if len(ids) != len(set(ids)):
    problems.append("duplicate entry ids")
print(json.dumps({"problems": problems, "entries": [{"title": e.title, "link": e.link} for e in f.entries]}, ensure_ascii=False))
"#;

/// The archive as the culture team writes it and the public reads it: uncertain dates with
/// their bounds and Chinese readings, search, photos judged by their bytes, points inside the
/// district only, drafts unseen; a red site's event booked within its capacity; family rules
/// reviewed and counted hung; and everything published in an Atom feed that validates.
#[tokio::test]
async fn the_archive_rules_and_red_sites_are_published_to_a_valid_atom_feed() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        let res = app.token("res001").await;
        let gw = app.token("gw0001").await;
        let point = crate::support::compound_point(&app, &gw, "610302001001001").await;
        let record = |title: &str, kind: &str, date: &str, publish: bool| json!({"kind": kind, "title": title, "body": "1935年前后,红军长征途经渭滨,当地群众冒险掩护伤员,留下许多动人的故事。", "date": date, "sources": "《渭滨区志》第十二章", "lon": point.0, "lat": point.1, "publish": publish});
        let (s, p) = app.post_json("/api/v1/archive", &res, &record("长征故事", "story", "1935~", true)).await;
        assert_eq!(s, 403, "{p}");
        let (s, p) = app.post_json("/api/v1/archive", &coordinator, &record("长征故事", "story", "民国二十四年", true)).await;
        assert_eq!(s, 422, "a date must be EDTF: {p}");
        let (s, p) = app.post_json("/api/v1/archive", &coordinator, &json!({"kind": "story", "title": "远方的故事", "body": "这是一个发生在别处的故事,不属于渭滨。", "lon": 116.39, "lat": 39.9})).await;
        assert_eq!(s, 422, "a point outside the district: {p}");
        let (s, story) = app.post_json("/api/v1/archive", &coordinator, &record("长征故事", "story", "1935~", true)).await;
        assert_eq!(s, 201, "{story}");
        assert_eq!((story["date_label"].as_str(), story["date_from"].as_str(), story["date_to"].as_str()), (Some("约1935年"), Some("1935-01-01"), Some("1935-12-31")), "{story}");
        let (_, draft) = app.post_json("/api/v1/archive", &coordinator, &record("未定稿的人物", "figure", "193X", false)).await;
        let (s, site) = app.post_json("/api/v1/archive", &coordinator, &json!({"kind": "red_site", "title": "宝天铁路烈士纪念碑", "body": "纪念修建宝天铁路中牺牲的烈士,是全区重要的爱国主义教育基地。", "date": "1950/1954", "lon": point.0, "lat": point.1, "publish": true})).await;
        assert_eq!(s, 201, "{site}");
        assert_eq!(site["date_label"], "1950年—1954年");

        let (_, found) = app.get_json("/api/v1/archive?q=长征", "").await;
        assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
        let (_, all) = app.get_json("/api/v1/archive", "").await;
        assert!(!all.to_string().contains("未定稿的人物"), "drafts are not public");
        let (s, _) = app.get_json(&format!("/api/v1/archive/{}", draft["id"]), "").await;
        assert_eq!(s, 404);
        let page = app.http.get(app.url(&format!("/culture/archive/{}", story["id"]))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("长征故事") && page.contains("约1935年") && page.contains("渭滨区志"), "{page}");

        let sid = site["id"].as_i64().unwrap();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let r = app.http.post(app.url(&format!("/api/v1/archive/{sid}/photos?caption=纪念碑正面"))).bearer_auth(&coordinator).body(b"GIF89a not a photo".to_vec()).send().await.unwrap();
        assert_eq!(r.status(), 415, "judged by its bytes");
        let r = app.http.post(app.url(&format!("/api/v1/archive/{sid}/photos?caption=纪念碑正面"))).bearer_auth(&coordinator).body(png.clone()).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let with_photo: Value = r.json().await.unwrap();
        let photo = app.http.get(app.url(with_photo["photos"][0]["url"].as_str().unwrap())).send().await.unwrap();
        assert_eq!((photo.status().as_u16(), photo.headers()["content-type"].to_str().unwrap().to_owned()), (200, "image/png".to_owned()));

        // A red site's event for 1 July, booked by groups within its capacity.
        let (s, events) = app.post_json(&format!("/api/v1/archive/{sid}/events"), &coordinator, &json!({"title": "七一重温入党誓词", "occasion": "july_1", "starts": "2027-07-01T09:00", "ends": "2027-07-01T11:00", "capacity": 60})).await;
        assert_eq!(s, 201, "{events}");
        let (s, p) = app.post_json(&format!("/api/v1/archive/{}/events", story["id"]), &coordinator, &json!({"title": "不是红色地标", "occasion": "july_1", "starts": "2027-07-01T09:00", "ends": "2027-07-01T11:00", "capacity": 60})).await;
        assert_eq!(s, 422, "{p}");
        let event = events[0]["id"].as_i64().unwrap();
        let (s, _) = app.post_json(&format!("/api/v1/red-site-events/{event}/bookings"), &res, &json!({"group_name": "福临社区党支部", "people": 40})).await;
        assert_eq!(s, 201);
        let (s, p) = app.post_json(&format!("/api/v1/red-site-events/{event}/bookings"), &gw, &json!({"group_name": "渭滨中学初二(3)班", "people": 30})).await;
        assert_eq!(s, 409, "only 20 places left: {p}");
        assert!(p["detail"].as_str().unwrap().contains("20"), "{p}");
        let (s, _) = app.post_json(&format!("/api/v1/red-site-events/{event}/bookings"), &gw, &json!({"group_name": "福临社区党支部", "people": 5})).await;
        assert_eq!(s, 409, "a group books once");
        let (_, groups) = app.get_json(&format!("/api/v1/red-site-events/{event}/bookings"), &gw).await;
        let (s, groups) = app.post_json(&format!("/api/v1/red-site-events/{event}/attendance"), &gw, &json!({"booking_id": groups[0]["id"], "people": 38})).await;
        assert_eq!((s.as_u16(), groups[0]["attended"].as_i64()), (200, Some(38)), "{groups}");

        // Family rules: submitted, published, hung; the community's coverage.
        let (s, rule) = app.post_json("/api/v1/family-rules", &res, &json!({"kind": "family", "household": "王家", "text": "孝老爱亲,勤俭持家;邻里和睦,诚信待人。"})).await;
        assert_eq!(s, 201, "{rule}");
        let (s, _) = app.post_json("/api/v1/family-rules", &res, &json!({"kind": "village", "household": "福临村", "text": "村规民约由村民代表大会通过后执行。"})).await;
        assert_eq!(s, 403, "village rules come from the village's staff");
        let rid = rule["id"].as_i64().unwrap();
        let cs = app.token("cs001").await;
        let (s, _) = app.post_json(&format!("/api/v1/family-rules/{rid}/hung"), &cs, &json!({})).await;
        assert_eq!(s, 409, "not published yet");
        let (s, r) = app.post_json(&format!("/api/v1/family-rules/{rid}/review"), &cs, &json!({"publish": true})).await;
        assert_eq!((s.as_u16(), r["state"].as_str()), (200, Some("published")), "{r}");
        let (s, _) = app.post_json(&format!("/api/v1/family-rules/{rid}/hung"), &cs, &json!({})).await;
        assert_eq!(s, 200);
        let (s, cov) = app.put_json("/api/v1/communities/610302001001/households", &cs, &json!({"households": 40})).await;
        assert_eq!(s, 200, "{cov}");
        let mine = cov.as_array().unwrap().iter().find(|c| c["community_code"] == "610302001001").unwrap().clone();
        let hung = mine["hung"].as_i64().unwrap();
        let (_, mine_rules) = app.get_json("/api/v1/family-rules/queue", &cs).await;
        let counted = mine_rules.as_array().unwrap().iter().filter(|r| r["hung"] == true && r["kind"] == "family").count() as i64;
        assert!(hung >= 1 && hung == counted, "the coverage counts the family rules hung there: {mine} {counted}");
        assert_eq!(mine["share"].as_f64(), Some((hung as f64 * 1000.0 / 40.0).round() / 10.0), "{mine}");
        let (s, _) = app.put_json("/api/v1/communities/610302001002/households", &cs, &json!({"households": 8})).await;
        assert_eq!(s, 404, "another community's households are not theirs");

        let feed = app.http.get(app.url("/culture/feed.atom")).send().await.unwrap();
        assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
        let feed = feed.bytes().await.unwrap();
        if let Some(out) = crate::support::python(&["feedparser", "lxml"], ATOM_CHECK, (".atom", &feed)) {
            let v: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["problems"], json!([]), "{v}");
            let titles: Vec<&str> = v["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
            assert!(titles.contains(&"长征故事(约1935年)") && titles.contains(&"王家的家规家训"), "{titles:?}");
            assert!(!titles.iter().any(|t| t.contains("未定稿")), "{titles:?}");
            let link = v["entries"].as_array().unwrap().iter().find(|e| e["title"] == "王家的家规家训").unwrap()["link"].as_str().unwrap().to_owned();
            let path = link.split_once("://").unwrap().1.split_once('/').unwrap().1;
            let page = app.http.get(app.url(&format!("/{path}"))).send().await.unwrap();
            assert_eq!(page.status(), 200, "every entry links a public page");
        }
        app.stop().await;
    })
    .await;
}
