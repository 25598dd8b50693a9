//! Cultural guidance's part of the API description.

use crate::apidoc::schema::{obj, t, B, I, S};
use crate::apidoc::Access::{District, Public, SignedIn, Staff};
use crate::apidoc::{op, Op};
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
        ("InPersonBody", obj(&["name", "id_number"], json!({ "name": t(S), "id_number": id_number, "grid_code": t(S), "username": t(S) }))),
    ]
}
