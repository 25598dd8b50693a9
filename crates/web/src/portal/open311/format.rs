//! The standard's two formats: JSON, and XML written by hand for its few flat shapes (lists
//! of records with scalar fields), with errors in its own list form.

use crate::error::{ApiError, Code};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Xml,
}

/// Splits `requests.xml` into (`requests`, XML); an unknown extension is an error.
pub(crate) fn split(file: &str) -> Result<(&str, Format), Reply> {
    match file.rsplit_once('.') {
        None => Ok((file, Format::Json)),
        Some((stem, "json")) => Ok((stem, Format::Json)),
        Some((stem, "xml")) => Ok((stem, Format::Xml)),
        Some(_) => Err(Reply::error(Format::Json, 400, "格式应为 .json 或 .xml")),
    }
}

/// An answer in the caller's format: a JSON value and the XML element names for it.
pub(crate) struct Reply {
    pub(crate) format: Format,
    pub(crate) status: u16,
    /// (root element, item element) when the value is a list.
    pub(crate) names: (&'static str, &'static str),
    pub(crate) value: Value,
}

impl Reply {
    pub(crate) fn list(
        format: Format,
        names: (&'static str, &'static str),
        items: Vec<Value>,
    ) -> Reply {
        Reply {
            format,
            status: 200,
            names,
            value: Value::Array(items),
        }
    }

    pub(crate) fn error(format: Format, status: u16, description: &str) -> Reply {
        Reply {
            format,
            status,
            names: ("errors", "error"),
            value: json!([{ "code": status, "description": description }]),
        }
    }

    pub(crate) fn from_api(format: Format, e: &ApiError) -> Reply {
        let status = match e.code {
            Code::NotFound => 404,
            Code::Forbidden | Code::Unauthorized => 403,
            Code::TooManyRequests => 429,
            Code::Internal => 500,
            _ => 400,
        };
        Reply::error(format, status, &e.detail)
    }
}

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn xml_value(out: &mut String, name: &str, v: &Value) {
    match v {
        Value::Null => {
            let _ = write!(out, "<{name}/>");
        }
        Value::Object(m) => {
            let _ = write!(out, "<{name}>");
            xml_fields(out, m);
            let _ = write!(out, "</{name}>");
        }
        Value::Array(items) => {
            let _ = write!(out, "<{name}>");
            let item = name.strip_suffix('s').unwrap_or("item");
            for i in items {
                xml_value(out, item, i);
            }
            let _ = write!(out, "</{name}>");
        }
        Value::String(s) => {
            let _ = write!(out, "<{name}>{}</{name}>", escape(s));
        }
        other => {
            let _ = write!(out, "<{name}>{other}</{name}>");
        }
    }
}

pub(crate) fn xml_fields(out: &mut String, m: &Map<String, Value>) {
    for (k, v) in m {
        xml_value(out, k, v);
    }
}

/// A reply as an XML document: a list becomes `<root><item>…</item>…</root>`.
pub fn xml((root, item): (&str, &str), value: &Value) -> String {
    let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
    match value {
        Value::Array(items) => {
            let _ = write!(out, "<{root}>");
            for i in items {
                xml_value(&mut out, item, i);
            }
            let _ = write!(out, "</{root}>");
        }
        v => xml_value(&mut out, root, v),
    }
    out
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match self.format {
            Format::Json => (
                status,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                self.value.to_string(),
            )
                .into_response(),
            Format::Xml => {
                let out = xml(self.names, &self.value);
                (
                    status,
                    [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                    out,
                )
                    .into_response()
            }
        }
    }
}
