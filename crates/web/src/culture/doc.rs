//! Cultural guidance's part of the API description.

use crate::apidoc::schema::{obj, t, B, I, S};
use crate::apidoc::Access::{District, Public, SignedIn, Staff};
use crate::apidoc::{op, q, Op};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const OPS: &[Op] = &[
    op("get", "/api/v1/campaigns", "culture", "评选活动(渭滨好人、最美家庭):阶段、入围名单、得票", Public, None, (200, "[Campaign]")),
    op("post", "/api/v1/campaigns", "culture", "发起评选(区协调员)", District, Some("CampaignBody"), (201, "Campaign")),
    op("get", "/api/v1/campaigns/{id}", "culture", "一项评选:入围名单与得票、公布结果(德治队伍另见待审提名;登录居民看到自己的票)", Public, None, (200, "Campaign")),
    op("post", "/api/v1/campaigns/{id}/nominations", "culture", "推荐候选人(推荐阶段;附事迹证明)", SignedIn, Some("NominationBody"), (201, "Campaign")),
    op("post", "/api/v1/campaigns/{id}/phase", "culture", "进入下一阶段(区协调员;推荐→审核→投票→公布,公布时按已存选票重新清点并记录)", District, Some("PhaseBody"), (200, "Campaign")),
    op("post", "/api/v1/campaigns/{id}/votes", "culture", "网上投票(须已实名核验;每人每项评选一票,网上和现场合计;第二票 409)", SignedIn, Some("VoteBody"), (201, "Voted")),
    op("post", "/api/v1/campaigns/{id}/desk-votes", "culture", "社区现场代为投票(社区工作人员、网格员,限本网格/社区居民;核验身份证;留痕)", Staff, Some("DeskVoteBody"), (201, "Voted")),
    op("post", "/api/v1/nominees/{id}/review", "culture", "审核提名(德治队伍或区协调员;审核阶段;不入围须写理由)", SignedIn, Some("ReviewBody"), (200, "Campaign")),
    op("get", "/api/v1/voter-verification", "culture", "本人是否已实名核验", SignedIn, None, (200, "Verification")),
    op("post", "/api/v1/voter-verification", "culture", "填写短信验证码完成实名核验", SignedIn, Some("CodeConfirmBody"), (200, "Verification")),
    op("post", "/api/v1/voter-verification/code", "culture", "按姓名、身份证号申请验证码,发送到账号登记的手机(经短信网关;每小时 5 次)", SignedIn, Some("CodeRequestBody"), (202, "CodeSent")),
    op("post", "/api/v1/voter-verification/in-person", "culture", "社区现场实名核验(社区工作人员、网格员,限本网格/社区)", Staff, Some("InPersonBody"), (201, "CodeSent")),
    q(op("get", "/api/v1/boards", "culture", "渭滨善行榜、渭滨义举榜:已核实并经本人同意公开的事迹", Public, None, (200, "[Deed]")), &[("board", "good 或 heroic")]),
    op("post", "/api/v1/deeds", "culture", "报送好人好事(任何人;未登录按地址限频)", Public, Some("DeedBody"), (201, "Created")),
    op("get", "/api/v1/deeds", "culture", "管辖范围内报送的事迹(各状态)", Staff, None, (200, "[Deed]")),
    op("post", "/api/v1/deeds/{id}/verify", "culture", "核实事迹(善行:社区工作人员、网格员;见义勇为:公安民警)", Staff, Some("DeedVerifyBody"), (200, "Deed")),
    op("post", "/api/v1/deeds/{id}/consent", "culture", "登记本人是否同意公开(同意即上榜)", Staff, Some("DeedConsentBody"), (200, "Deed")),
    op("get", "/api/v1/fund/summary", "culture", "见义勇为基金公开信息:受赠、按类别的支出、余额", Public, None, (200, "FundSummary")),
    op("get", "/api/v1/fund/books", "culture", "基金账簿:科目及余额、全部分录(基金会经办人、区协调员)", SignedIn, None, (200, "FundBooks")),
    op("post", "/api/v1/fund/accounts", "culture", "开设科目(代码为 Beancount 科目名,须与类别相符)", SignedIn, Some("FundAccountBody"), (201, "FundBooks")),
    op("post", "/api/v1/fund/entries", "culture", "记一笔分录(借贷必须平衡;科目须已开设;已结账期间不能记;分录只增不改)", SignedIn, Some("FundEntryBody"), (201, "Created")),
    op("post", "/api/v1/fund/entries/{id}/reverse", "culture", "冲正一笔分录:新记一笔方向相反、指向原分录的分录", SignedIn, Some("FundReverseBody"), (201, "Created")),
    op("post", "/api/v1/fund/periods", "culture", "结账至某日(此后不能再记入该日及以前)", SignedIn, Some("FundCloseBody"), (201, "Created")),
    op("get", "/api/v1/fund/payouts", "culture", "见义勇为支付申请及审批", SignedIn, None, (200, "[FundPayout]")),
    op("post", "/api/v1/fund/payouts", "culture", "提出支付申请(须关联已核实的见义勇为事迹)", SignedIn, Some("FundPayoutBody"), (201, "Created")),
    op("post", "/api/v1/fund/payouts/{id}/decision", "culture", "审批支付申请(须另一位经办人;批准即记账)", SignedIn, Some("FundDecisionBody"), (200, "Created")),
];

pub fn schemas() -> Vec<(&'static str, Value)> {
    let id_number = json!({ "type": "string", "description": "18 位身份证号(GB 11643 校验;全角、小写 x、空格均可)" });
    vec![
        ("Nominee", obj(&["id", "name", "state"], json!({ "id": t(I), "name": t(S), "summary": t(S), "evidence": t(S), "area": t(S), "state": { "type": "string", "enum": ["nominated", "accepted", "rejected"] }, "state_label": t(S), "review_note": t(S), "votes": t(I) }))),
        ("Campaign", obj(&["id", "kind", "title", "phase", "nominees"], json!({ "id": t(I), "kind": { "type": "string", "enum": ["good_person", "family"] }, "kind_label": t(S), "title": t(S), "description": t(S), "phase": { "type": "string", "enum": ["nomination", "review", "voting", "announced"] }, "phase_label": t(S), "created": t(S), "announced": { "type": ["string", "null"] }, "votes": t(I), "by_channel": { "type": "array" }, "announcement": { "type": ["object", "null"] }, "nominees": { "type": "array", "items": { "$ref": "#/components/schemas/Nominee" } }, "my_vote": { "type": ["integer", "null"] }, "verified": t(B) }))),
        ("CampaignBody", obj(&["kind", "title"], json!({ "kind": { "type": "string", "enum": ["good_person", "family"] }, "title": t(S), "description": t(S) }))),
        ("NominationBody", obj(&["name", "summary", "evidence"], json!({ "name": t(S), "summary": t(S), "evidence": t(S), "grid_code": t(S) }))),
        ("PhaseBody", obj(&["phase"], json!({ "phase": { "type": "string", "enum": ["review", "voting", "announced"] } }))),
        ("ReviewBody", obj(&["accept"], json!({ "accept": t(B), "note": t(S) }))),
        ("VoteBody", obj(&["nominee_id"], json!({ "nominee_id": t(I) }))),
        ("DeskVoteBody", obj(&["nominee_id", "name", "id_number"], json!({ "nominee_id": t(I), "name": t(S), "id_number": id_number, "grid_code": t(S) }))),
        ("Voted", obj(&["message"], json!({ "message": t(S), "nominee_id": t(I) }))),
        ("Verification", obj(&["verified"], json!({ "verified": t(B), "name": t(S), "method": t(S), "method_label": t(S), "area": t(S), "verified_at": t(S) }))),
        ("CodeRequestBody", obj(&["name", "id_number"], json!({ "name": t(S), "id_number": id_number }))),
        ("CodeConfirmBody", obj(&["code"], json!({ "code": t(S) }))),
        ("CodeSent", obj(&["message"], json!({ "message": t(S), "phone": t(S), "name": t(S), "area": t(S) }))),
        ("Created", obj(&["message"], json!({ "id": t(I), "message": t(S) }))),
        ("Deed", obj(&["id", "board", "title", "state"], json!({ "id": t(I), "board": { "type": "string", "enum": ["good", "heroic"] }, "board_label": t(S), "title": t(S), "story": t(S), "people": t(S), "occurred_on": t(S), "area": t(S), "state": { "type": "string", "enum": ["reported", "verified", "published", "declined", "rejected"] }, "state_label": t(S), "note": t(S), "consent_note": t(S), "published": { "type": ["string", "null"] }, "reported": t(S) }))),
        ("DeedBody", obj(&["board", "title", "story", "people", "occurred_on"], json!({ "board": { "type": "string", "enum": ["good", "heroic"] }, "title": t(S), "story": t(S), "people": t(S), "occurred_on": { "type": "string", "format": "date" }, "grid_code": t(S), "address": t(S) }))),
        ("DeedVerifyBody", obj(&["verified", "note"], json!({ "verified": t(B), "note": t(S) }))),
        ("DeedConsentBody", obj(&["agreed", "note"], json!({ "agreed": t(B), "note": t(S) }))),
        ("FundSummary", obj(&["income", "payouts", "balance"], json!({ "income": t(S), "payouts": { "type": "array", "items": { "type": "array", "description": "[kind, yuan]" } }, "balance": t(S), "entries": t(I), "as_of": t(S) }))),
        ("FundBooks", obj(&["accounts", "entries"], json!({ "accounts": { "type": "array", "items": obj(&["code", "name", "kind", "balance"], json!({ "code": t(S), "name": t(S), "kind": t(S), "kind_label": t(S), "opened_on": t(S), "balance": t(S) })) }, "entries": { "type": "array", "items": obj(&["id", "date", "postings"], json!({ "id": t(I), "date": t(S), "narration": t(S), "postings": { "type": "array", "items": obj(&["account", "amount"], json!({ "account": t(S), "account_name": t(S), "amount": t(S) })) }, "reverses": { "type": ["integer", "null"] }, "reversed_by": { "type": ["integer", "null"] } })) }, "closed_through": { "type": ["string", "null"] } }))),
        ("FundAccountBody", obj(&["code", "name", "kind", "opened_on"], json!({ "code": { "type": "string", "example": "Assets:Bank:ICBC" }, "name": t(S), "kind": { "type": "string", "enum": ["bank", "donations", "awards", "medical", "administration"] }, "opened_on": { "type": "string", "format": "date" } }))),
        ("FundEntryBody", obj(&["date", "narration", "postings"], json!({ "date": { "type": "string", "format": "date" }, "narration": t(S), "postings": { "type": "array", "items": obj(&["account", "amount"], json!({ "account": t(S), "amount": { "type": "string", "example": "-1200.50", "description": "yuan; debit positive, credit negative" } })) } }))),
        ("FundReverseBody", obj(&["reason"], json!({ "reason": t(S), "date": { "type": "string", "format": "date" } }))),
        ("FundCloseBody", obj(&["closed_through"], json!({ "closed_through": { "type": "string", "format": "date" } }))),
        ("FundPayout", obj(&["id", "deed_id", "amount", "state"], json!({ "id": t(I), "deed_id": t(I), "account": t(S), "amount": t(S), "payee": t(S), "reason": t(S), "date": t(S), "state": { "type": "string", "enum": ["proposed", "approved", "refused"] }, "state_label": t(S), "proposed_by": t(S), "decided_by": { "type": ["string", "null"] }, "entry_id": { "type": ["integer", "null"] } }))),
        ("FundPayoutBody", obj(&["deed_id", "account", "bank", "amount", "payee", "reason"], json!({ "deed_id": t(I), "account": t(S), "bank": t(S), "amount": t(S), "payee": t(S), "reason": t(S), "date": { "type": "string", "format": "date" } }))),
        ("FundDecisionBody", obj(&["approve"], json!({ "approve": t(B) }))),
        ("InPersonBody", obj(&["name", "id_number"], json!({ "name": t(S), "id_number": id_number, "grid_code": t(S), "username": t(S) }))),
    ]
}
