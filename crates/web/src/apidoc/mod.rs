//! The API's description: `/api/v1/openapi.json` (OpenAPI 3.1) and a reference page at
//! `/api`, both built from the operations each area lists in its `doc.rs`, so the page and the
//! document never disagree. A test reads every router in the source and fails when a
//! `/api/v1` route is in no area's table.

pub mod schema;

use crate::area::{Area, Nav};
use crate::extract::CsrfToken;
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
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
    /// Administrators only.
    Admin,
}

impl Access {
    fn label(self) -> &'static str {
        match self {
            Access::Public => "公开",
            Access::SignedIn => "登录用户",
            Access::Staff => "工作人员(限管辖范围)",
            Access::District => "区级协调员、管理员",
            Access::Admin => "系统管理员",
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
    /// Success status and answer schema ("" for none, "[Name]" for a list of Name).
    pub ok: (u16, &'static str),
    /// Takes an `Idempotency-Key` header: a retry returns the first answer.
    pub idempotent: bool,
}

pub const fn op(
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
        idempotent: false,
    }
}

pub const fn q(mut o: Op, query: &'static [(&'static str, &'static str)]) -> Op {
    o.query = query;
    o
}

pub const fn idempotent(mut o: Op) -> Op {
    o.idempotent = true;
    o
}

/// Every `/api/v1` operation of the areas served, in area order.
pub fn ops<'a>(areas: &'a [&'static Area]) -> impl Iterator<Item = &'static Op> + 'a {
    areas.iter().flat_map(|a| a.ops.iter())
}

/// The API's own area: the OpenAPI document and the reference page.
pub const AREA: Area = Area {
    name: "apidoc",
    label: "接口文档",
    routes: router,
    schemas: schema::common,
    nav: &[Nav {
        href: "/api",
        label: "API",
        order: 92,
        shown_to: Nav::district,
    }],
    ..Area::EMPTY
};

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
        n => match n.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            Some(item) => (
                "application/json".into(),
                json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } }),
            ),
            None => (
                "application/json".into(),
                json!({ "$ref": format!("#/components/schemas/{n}") }),
            ),
        },
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
    if o.idempotent {
        params.push(json!({ "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string", "maxLength": 200 } }));
    }
    let mut responses = Map::new();
    let (status, answer) = o.ok;
    let ok = match answer {
        "" => json!({ "description": "完成" }),
        name => {
            let (media, schema) = body_schema(name);
            json!({ "description": "成功", "content": { media: { "schema": schema } } })
        }
    };
    responses.insert(status.to_string(), ok);
    let problem = |d: &str| json!({ "description": d, "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } });
    responses.insert("400".into(), problem("请求格式有误"));
    if o.access != Access::Public {
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
    if o.access != Access::Public {
        v["security"] = json!([{ "bearer": [] }, { "cookie": [] }]);
    }
    if let Some(b) = o.body {
        let (media, schema) = body_schema(b);
        v["requestBody"] = json!({ "required": true, "content": { media: { "schema": schema } } });
    }
    v
}

/// The OpenAPI 3.1 document of the areas served.
pub fn document(areas: &[&'static Area]) -> Value {
    let mut paths = Map::new();
    for o in ops(areas) {
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
            "schemas": areas.iter().flat_map(|a| (a.schemas)()).map(|(k, v)| (k.to_owned(), v)).collect::<Map<String, Value>>(),
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer" },
                "cookie": { "type": "apiKey", "in": "cookie", "name": "fq_session" },
            },
        },
    })
}

async fn openapi(State(state): State<AppState>) -> Json<Value> {
    Json(document(state.areas()))
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

/// The reference: public, with the site's menu for whoever is signed in.
async fn reference(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: Result<crate::extract::PageUser, crate::error::PageError>,
) -> Result<Html<String>, crate::error::PageError> {
    let rows = ops(state.areas())
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
    let chrome = match user {
        Ok(crate::extract::PageUser(u)) => Chrome::signed_in(u, csrf),
        Err(_) => Chrome::anonymous(csrf),
    };
    Ok(render(&Reference { chrome, rows })?)
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
        let doc = document(crate::areas::ALL);
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
                "{method} {path} is served but missing from its area's OPS (the area's doc.rs)"
            );
        }
        for o in ops(crate::areas::ALL) {
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
        let doc = document(crate::areas::ALL);
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
