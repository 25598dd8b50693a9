//! `POST requests`: a form-encoded report from an outside client with its key.

use super::client_for;
use super::format::{split, Reply};
use crate::error::ApiError;
use crate::portal::submit::{submit, Channel, Submission};
use crate::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use serde_json::{json, Value};
use std::collections::HashMap;

pub(crate) fn field(form: &HashMap<String, String>, key: &str) -> Option<String> {
    form.get(key)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

pub(crate) fn coordinate(
    form: &HashMap<String, String>,
    key: &str,
) -> Result<Option<f64>, ApiError> {
    field(form, key)
        .map(|v| {
            v.parse::<f64>()
                .map_err(|_| ApiError::bad_request(format!("{key} 应为十进制度数")))
        })
        .transpose()
}

/// The standard's POST fields read into a submission (the key is checked separately).
pub fn submission(form: &HashMap<String, String>) -> Result<Submission, ApiError> {
    let service_code =
        field(form, "service_code").ok_or_else(|| ApiError::bad_request("缺少 service_code"))?;
    let name = [field(form, "last_name"), field(form, "first_name")]
        .into_iter()
        .flatten()
        .collect::<String>();
    Ok(Submission {
        service_code,
        description: field(form, "description").unwrap_or_default(),
        lon: coordinate(form, "long")?,
        lat: coordinate(form, "lat")?,
        crs: field(form, "attribute[crs]").or_else(|| field(form, "crs")),
        grid_code: field(form, "address_id"),
        address: field(form, "address_string"),
        phone: field(form, "phone"),
        name: Some(name).filter(|n| !n.is_empty()),
        idempotency_key: field(form, "attribute[request_key]"),
        photos: Vec::new(),
    })
}

/// POST `requests`: form-encoded, `api_key` required (in the form, or the query string).
pub(crate) async fn post_requests(
    State(state): State<AppState>,
    Path(resource): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    let (name, format) = match split(&resource) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if name != "requests" {
        return Reply::error(format, 404, "只能向 requests 提交");
    }
    let form: HashMap<String, String> = match form {
        Ok(Form(pairs)) => pairs.into_iter().collect(),
        Err(e) => {
            return Reply::error(format, 400, &format!("表单无法解析:{}", e.body_text()));
        }
    };
    let result = async {
        // The standard puts api_key in the form; some clients send it in the query string.
        let key = field(&form, "api_key")
            .or_else(|| field(&query, "api_key"))
            .ok_or_else(|| ApiError::forbidden("需要 api_key,请向区级协调员申请"))?;
        let client = client_for(&state, Some(&key))
            .await?
            .ok_or_else(|| ApiError::forbidden("api_key 无效或已吊销"))?;
        let s = submission(&form)?;
        submit(&state, Channel::Open311(&client), s).await
    }
    .await;
    match result {
        Ok(done) => {
            let notice = if done.linked {
                "同一电话当天在同一网格已有反映,已合并办理"
            } else {
                "已受理"
            };
            let mut reply = Reply::list(
                format,
                ("service_requests", "request"),
                vec![json!({
                    "service_request_id": done.tracking_code,
                    "service_notice": notice,
                    "account_id": Value::Null,
                })],
            );
            reply.status = if done.linked || done.replayed {
                200
            } else {
                201
            };
            reply
        }
        Err(e) => Reply::from_api(format, &e),
    }
}
