//! The API's description: `/api/v1/openapi.json` (OpenAPI 3.1) and a reference page at
//! `/api`, both built from one table of operations, so the page and the document never
//! disagree. A test reads every router in the source and fails when a `/api/v1` route has no
//! row here.

mod schemas;

use crate::extract::CsrfToken;
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::response::Html;
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{json, Map, Value};

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without signing in.
    Public,
    /// Any signed-in account; scope applies.
    SignedIn,
    /// Staff; answers are limited to their scope.
    Staff,
    /// District coordinators and administrators.
    District,
}

impl Access {
    fn label(self) -> &'static str {
        match self {
            Access::Public => "公开",
            Access::SignedIn => "登录用户",
            Access::Staff => "工作人员(限管辖范围)",
            Access::District => "区级协调员、管理员",
        }
    }
}

/// One operation: method, path, who, what, parameters, body and answer.
pub struct Op {
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub access: Access,
    /// Query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
    /// Request body schema; `multipart`/`xlsx`/`image` name raw bodies.
    pub body: Option<&'static str>,
    /// Success status and answer schema ("" for none).
    pub ok: (u16, &'static str),
}

const fn op(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    access: Access,
    body: Option<&'static str>,
    ok: (u16, &'static str),
) -> Op {
    Op {
        method,
        path,
        tag,
        summary,
        access,
        query: &[],
        body,
        ok,
    }
}

const fn q(mut o: Op, query: &'static [(&'static str, &'static str)]) -> Op {
    o.query = query;
    o
}

use Access::*;

/// Every `/api/v1` operation.
#[rustfmt::skip]
pub const OPS: &[Op] = &[
    op("post", "/api/v1/auth/login", "auth", "登录,返回令牌(也设会话 Cookie)", Public, Some("LoginBody"), (200, "LoginAnswer")),
    op("post", "/api/v1/auth/logout", "auth", "退出,令牌失效", SignedIn, None, (204, "")),
    op("get", "/api/v1/me", "auth", "当前用户", SignedIn, None, (200, "User")),
    op("post", "/api/v1/me/totp", "auth", "开始设置两步验证", SignedIn, None, (200, "TotpSetup")),
    op("post", "/api/v1/me/totp/confirm", "auth", "确认两步验证", SignedIn, Some("TotpConfirm"), (200, "User")),
    q(op("get", "/api/v1/regions", "org", "区划列表", Staff, None, (200, "RegionPage")), &[("level", "district|town|community|grid|compound|building"), ("under", "上级区划代码"), ("page_size", "1–500"), ("cursor", "上一页的 next_cursor")]),
    op("get", "/api/v1/regions/{code}", "org", "一个区划及其边界", Staff, None, (200, "Region")),
    q(op("get", "/api/v1/locate", "org", "坐标所在网格", Public, None, (200, "Located")), &[("lon", "经度"), ("lat", "纬度"), ("crs", "wgs84|gcj02|bd09")]),
    q(op("get", "/api/v1/accounts", "org", "账号目录(电话脱敏,读取留痕)", District, None, (200, "AccountPage")), &[("role", "角色"), ("region", "区划代码")]),
    op("post", "/api/v1/accounts/{username}/deactivate", "org", "停用账号", District, None, (204, "")),
    q(op("get", "/api/v1/disputes", "mediation", "纠纷列表(管辖范围内)", Staff, None, (200, "DisputePage")), &[("status", "open|agreed|closed|referred"), ("level", "1–4"), ("region", "区划代码"), ("overdue", "true|false"), ("risk", "red|orange|yellow|blue"), ("q", "中文全文检索"), ("assignee", "me 或用户名"), ("page_size", "1–200"), ("cursor", "下一页游标")]),
    op("post", "/api/v1/disputes", "mediation", "登记纠纷(工作人员;或匿名居民带回访电话)。Idempotency-Key 头防重复", Public, Some("DisputeIntake"), (201, "DisputeCreated")),
    op("get", "/api/v1/disputes/{id}", "mediation", "一件纠纷(读取留痕)", Staff, None, (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/sessions", "mediation", "记录一次调解", Staff, Some("SessionBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/escalate", "mediation", "上交上一级", Staff, Some("ReasonBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/handback", "mediation", "交回下一级", Staff, Some("ReasonBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/agreement", "mediation", "达成调解协议", Staff, Some("AgreementBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/followups", "mediation", "记录回访", Staff, Some("FollowUpBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/refer", "mediation", "引导至诉讼、仲裁或行政途径", Staff, Some("ReferBody"), (200, "Dispute")),
    op("post", "/api/v1/disputes/{id}/photos", "mediation", "上传现场照片(JPEG/PNG 原始字节)", Staff, Some("image"), (201, "PhotoAnswer")),
    op("get", "/api/v1/disputes/{id}/photos/{photo}", "mediation", "取照片", Staff, None, (200, "image")),
    q(op("get", "/api/v1/mediation/funnel", "mediation", "四级漏斗", Staff, None, (200, "Funnel")), &[("region", "区划代码"), ("from", "起始日 YYYY-MM-DD"), ("to", "截止日 YYYY-MM-DD")]),
    op("get", "/api/v1/mediation/policy", "mediation", "当前定级策略", Staff, None, (200, "PolicyAnswer")),
    op("put", "/api/v1/mediation/policy", "mediation", "发布新版定级策略", District, Some("Object"), (200, "PolicyAnswer")),
    q(op("get", "/api/v1/mediation/mediators", "mediation", "调解员名册", Staff, None, (200, "Mediator")), &[("region", "区划代码")]),
    op("post", "/api/v1/mediation/mediators", "mediation", "添加调解员", Staff, Some("MediatorBody"), (201, "Mediator")),
    q(op("get", "/api/v1/teams", "forces", "四支力量队伍", Staff, None, (200, "Object")), &[("region", "区划代码"), ("kind", "队伍类型")]),
    op("post", "/api/v1/teams", "forces", "建立队伍", Staff, Some("TeamBody"), (201, "Object")),
    op("get", "/api/v1/teams/{id}", "forces", "一支队伍及成员(证件号按角色脱敏)", Staff, None, (200, "Object")),
    op("post", "/api/v1/teams/roster", "forces", "导入队伍花名册 .xlsx", Staff, Some("xlsx"), (201, "RosterReport")),
    op("post", "/api/v1/teams/{id}/members", "forces", "添加成员", Staff, Some("MemberBody"), (201, "Object")),
    op("post", "/api/v1/teams/{id}/members/{member}/end", "forces", "成员离队", Staff, None, (204, "")),
    op("post", "/api/v1/facilities", "forces", "登记设施(物防、技防)", Staff, Some("FacilityBody"), (201, "Object")),
    q(op("get", "/api/v1/coverage", "forces", "常态化要求达标情况", Staff, None, (200, "Coverage")), &[("region", "区划代码")]),
    op("get", "/api/v1/mandates", "forces", "常态化要求(现行版本)", Staff, None, (200, "Mandates")),
    op("put", "/api/v1/mandates", "forces", "发布新版常态化要求", District, Some("Mandates"), (200, "Mandates")),
    q(op("get", "/api/v1/lists/{kind}", "lists", "四单:duty|tasks|problems|results", Staff, None, (200, "ListAnswer")), &[("region", "区划代码"), ("team", "队伍编号"), ("from", "起始日"), ("to", "截止日")]),
    q(op("get", "/api/v1/assessment", "assessment", "考核排名", Staff, None, (200, "Assessment")), &[("level", "town|community|grid|team"), ("from", "起始日"), ("to", "截止日")]),
    op("get", "/api/v1/assessment/weights", "assessment", "考核权重", Staff, None, (200, "Weights")),
    op("put", "/api/v1/assessment/weights", "assessment", "设置考核权重", District, Some("Weights"), (200, "Weights")),
    q(op("get", "/api/v1/requests", "requests", "隐患与诉求列表", Staff, None, (200, "RequestPage")), &[("status", "open|accepted|done"), ("mine", "true:只看我的"), ("before", "上一页最后的 id"), ("page_size", "1–200")]),
    op("get", "/api/v1/requests/{id}", "requests", "一件诉求及经过、照片(读取留痕)", Staff, None, (200, "RequestDetail")),
    op("get", "/api/v1/requests/{id}/photos/{photo}", "requests", "取居民上传的照片", Staff, None, (200, "image")),
    op("post", "/api/v1/requests/{id}/{step}", "requests", "受理(accept)或办结(done,需答复)", Staff, Some("RequestStep"), (200, "Request")),
    q(op("get", "/api/v1/notifications", "inbox", "我的消息与未读数", SignedIn, None, (200, "Inbox")), &[("unread", "true:只看未读"), ("before", "上一页最后的 id"), ("page_size", "1–200")]),
    op("post", "/api/v1/notifications/read", "inbox", "标为已读", SignedIn, Some("ReadBody"), (200, "ReadAnswer")),
    op("get", "/api/v1/webhooks", "inbox", "Webhook 列表", District, None, (200, "Webhook")),
    op("post", "/api/v1/webhooks", "inbox", "添加 Webhook(返回签名密钥)", District, Some("WebhookBody"), (201, "WebhookCreated")),
    op("post", "/api/v1/webhooks/{id}/deactivate", "inbox", "停用 Webhook", District, None, (204, "")),
    q(op("get", "/api/v1/webhooks/deliveries", "inbox", "投递记录与死信列表", District, None, (200, "Delivery")), &[("status", "pending|delivered|dead")]),
    op("post", "/api/v1/webhooks/deliveries/{id}/replay", "inbox", "重发一条死信", District, None, (202, "")),
    q(op("get", "/api/v1/search", "search", "一个搜索框:纠纷、诉求、队伍、区划", Staff, None, (200, "SearchAnswer")), &[("q", "搜索词")]),
    op("get", "/api/v1/services", "portal", "可反映的服务目录", Public, None, (200, "Service")),
    op("post", "/api/v1/reports", "portal", "居民反映(无需登录,限频;同电话同网格当天合并)", Public, Some("ReportBody"), (201, "Submitted")),
    op("get", "/api/v1/track/{code}", "portal", "凭查询码看进度(不含姓名电话)", Public, None, (200, "Tracked")),
    op("post", "/api/v1/track/{code}/rating", "portal", "办结后评价(需回访电话)", Public, Some("RatingBody"), (201, "Tracked")),
    op("get", "/api/v1/open311/keys", "portal", "Open311 接口密钥", District, None, (200, "Key")),
    op("post", "/api/v1/open311/keys", "portal", "签发 Open311 密钥", District, Some("KeyBody"), (201, "IssuedKey")),
    op("post", "/api/v1/open311/keys/{id}/revoke", "portal", "吊销 Open311 密钥", District, None, (204, "")),
];

/// Answers that are lists rather than one object.
const LISTS: &[&str] = &[
    "/api/v1/services",
    "/api/v1/open311/keys",
    "/api/v1/webhooks",
    "/api/v1/webhooks/deliveries",
    "/api/v1/mediation/mediators",
];

fn body_schema(name: &str) -> (String, Value) {
    match name {
        "image" => (
            "image/jpeg".into(),
            json!({ "type": "string", "format": "binary" }),
        ),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".into(),
            json!({ "type": "string", "format": "binary" }),
        ),
        n => (
            "application/json".into(),
            json!({ "$ref": format!("#/components/schemas/{n}") }),
        ),
    }
}

fn operation(o: &Op) -> Value {
    let mut params: Vec<Value> = o
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|p| json!({ "name": p, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect();
    params.extend(o.query.iter().map(|(n, d)| json!({ "name": n, "in": "query", "required": false, "description": d, "schema": { "type": "string" } })));
    if o.method == "post" && matches!(o.path, "/api/v1/disputes" | "/api/v1/reports") {
        params.push(json!({ "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string", "maxLength": 200 } }));
    }
    let mut responses = Map::new();
    let (status, answer) = o.ok;
    let ok = match answer {
        "" => json!({ "description": "完成" }),
        name => {
            let (media, mut schema) = body_schema(name);
            if LISTS.contains(&o.path) && o.method == "get" {
                schema = json!({ "type": "array", "items": schema });
            }
            json!({ "description": "成功", "content": { media: { "schema": schema } } })
        }
    };
    responses.insert(status.to_string(), ok);
    let problem = |d: &str| json!({ "description": d, "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } });
    responses.insert("400".into(), problem("请求格式有误"));
    if o.access != Public {
        responses.insert("401".into(), problem("未登录或会话已过期"));
        responses.insert("403".into(), problem("无权限"));
    }
    if o.path.contains('{') {
        responses.insert("404".into(), problem("不存在或不在管辖范围内"));
    }
    if o.body.is_some() {
        responses.insert("413".into(), problem("请求体过大"));
        responses.insert("422".into(), problem("内容不符合要求"));
    }
    let mut v = json!({
        "tags": [o.tag],
        "summary": o.summary,
        "description": format!("权限:{}", o.access.label()),
        "operationId": format!("{}_{}", o.method, o.path.trim_start_matches("/api/v1/").replace(['/', '{', '}'], "_")),
        "parameters": params,
        "responses": responses,
    });
    if o.access != Public {
        v["security"] = json!([{ "bearer": [] }, { "cookie": [] }]);
    }
    if let Some(b) = o.body {
        let (media, schema) = body_schema(b);
        v["requestBody"] = json!({ "required": true, "content": { media: { "schema": schema } } });
    }
    v
}

/// The OpenAPI 3.1 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for o in OPS {
        let entry = paths.entry(o.path.to_owned()).or_insert_with(|| json!({}));
        entry[o.method] = operation(o);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "枫桥基层治理平台 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON API under /api/v1. Errors are application/problem+json (RFC 9457). Sign in with POST /api/v1/auth/login and send the token as `Authorization: Bearer …`. Outside systems use Open311 GeoReport v2 at /open311/v2/ with an api_key.",
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "schemas": schemas::all(),
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer" },
                "cookie": { "type": "apiKey", "in": "cookie", "name": "fq_session" },
            },
        },
    })
}

async fn openapi() -> Json<Value> {
    Json(document())
}

/// A row of the reference page.
pub struct Row {
    pub method: String,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub access: &'static str,
    pub body: &'static str,
    pub ok: String,
}

#[derive(Template)]
#[template(path = "apidoc/templates/reference.html")]
struct Reference {
    chrome: Chrome,
    rows: Vec<Row>,
}

async fn reference(
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Html<String>, crate::error::PageError> {
    let rows = OPS
        .iter()
        .map(|o| Row {
            method: o.method.to_uppercase(),
            path: o.path,
            tag: o.tag,
            summary: o.summary,
            access: o.access.label(),
            body: o.body.unwrap_or(""),
            ok: match o.ok {
                (s, "") => s.to_string(),
                (s, n) => format!("{s} {n}"),
            },
        })
        .collect();
    Ok(render(&Reference {
        chrome: Chrome::anonymous(csrf),
        rows,
    })?)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api", get(reference))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every `.route("/api/v1/…", method(…)…)` in the crate's source, as (method, path).
    fn routes_in_source() -> Vec<(String, String)> {
        fn walk(dir: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(std::fs::read_to_string(&p).unwrap());
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut found = Vec::new();
        for src in files {
            for chunk in src.split(".route(").skip(1) {
                let mut depth = 1;
                let end = chunk
                    .char_indices()
                    .find(|(_, c)| {
                        match c {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            _ => {}
                        }
                        depth == 0
                    })
                    .map_or(chunk.len(), |(i, _)| i);
                let call = &chunk[..end];
                let Some(path) = call.split('"').nth(1) else {
                    continue;
                };
                if !path.starts_with("/api/v1") {
                    continue;
                }
                for m in ["get", "post", "put", "delete", "patch"] {
                    let needle = format!("{m}(");
                    let hit = call.match_indices(&needle).any(|(i, _)| {
                        i == 0
                            || !call[..i]
                                .ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
                    });
                    if hit {
                        found.push((m.to_owned(), path.to_owned()));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_api_route_is_in_the_openapi_document() {
        let doc = document();
        let routes = routes_in_source();
        assert!(
            routes.len() > 50,
            "the source scan found the routes: {}",
            routes.len()
        );
        for (method, path) in &routes {
            if path == "/api/v1/openapi.json" {
                continue;
            }
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} is served but missing from the OpenAPI table in apidoc/mod.rs"
            );
        }
        for o in OPS {
            assert!(
                routes.iter().any(|(m, p)| m == o.method && p == o.path),
                "{} {} is documented but not served",
                o.method,
                o.path
            );
        }
    }

    #[test]
    fn every_schema_the_document_refers_to_exists() {
        let doc = document();
        let text = doc.to_string();
        for part in text.split("#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap();
            assert!(
                doc["components"]["schemas"][name].is_object(),
                "schema {name} missing"
            );
        }
    }
}
