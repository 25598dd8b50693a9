//! Open311 API keys, one per outside client (12345 hotline, police system, SMS gateway),
//! issued and revoked by the district coordinator on a page or through the API. The key is
//! shown once; only its hash is kept.

use crate::auth::{random_token, User};
use crate::error::{ApiError, Code, PageError};
use crate::extract::{ApiJson, ApiUser, CsrfForm, CsrfToken, PageUser};
use crate::page::{render, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Json;
use fengqiao_store::api_keys::{self, KeyRow};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::now_ms;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

fn coordinator(user: &User) -> Result<(), ApiError> {
    if user.role.manages_district() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "只有区级协调员和管理员可以管理接口密钥",
        ))
    }
}

#[derive(Deserialize)]
pub struct NewKey {
    pub name: String,
}

#[derive(Serialize)]
pub struct IssuedKey {
    pub id: i64,
    pub name: String,
    /// Shown once; keep it in the client's configuration.
    pub api_key: String,
}

async fn issue(state: &AppState, user: &User, name: &str) -> Result<IssuedKey, ApiError> {
    coordinator(user)?;
    let name = name.trim().to_owned();
    if !(1..=60).contains(&name.chars().count()) {
        return Err(ApiError::new(
            Code::Unprocessable,
            "客户端名称应为 1 到 60 字",
        ));
    }
    let key = format!("fq311_{}", random_token());
    let (k, n, actor) = (key.clone(), name.clone(), user.username.clone());
    let id = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = api_keys::insert(c, &n, &k, &actor, now_ms()).await?;
                let id_text = id.to_string();
                audit::append(
                    c,
                    &Entry {
                        actor: &actor,
                        action: "open311_key.create",
                        record_type: "open311_key",
                        record_id: &id_text,
                        detail: &n,
                    },
                )
                .await?;
                Ok(id)
            })
        })
        .await?;
    Ok(IssuedKey {
        id,
        name,
        api_key: key,
    })
}

async fn revoke_key(state: &AppState, user: &User, id: i64) -> Result<(), ApiError> {
    coordinator(user)?;
    let done = state
        .store
        .write_audited(
            &user.username,
            "open311_key.revoke",
            "open311_key",
            id,
            move |c| Box::pin(api_keys::revoke(c, id, now_ms())),
        )
        .await?;
    if done {
        Ok(())
    } else {
        Err(ApiError::not_found(format!("没有未吊销的密钥 {id}")))
    }
}

pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<KeyRow>>, ApiError> {
    coordinator(&user)?;
    Ok(Json(api_keys::list(state.store.pool()).await?))
}

pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<NewKey>,
) -> Result<(StatusCode, Json<IssuedKey>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(issue(&state, &user, &b.name).await?),
    ))
}

pub async fn revoke(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    revoke_key(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Template)]
#[template(path = "portal/templates/keys.html")]
struct KeysPage {
    chrome: Chrome,
    keys: Vec<KeyRow>,
    issued: Option<IssuedKey>,
    error: Option<String>,
}

async fn keys_page(
    state: &AppState,
    user: User,
    csrf: CsrfToken,
    issued: Option<IssuedKey>,
    error: Option<String>,
) -> Result<KeysPage, ApiError> {
    coordinator(&user)?;
    Ok(KeysPage {
        keys: api_keys::list(state.store.pool()).await?,
        chrome: Chrome::signed_in(user, csrf),
        issued,
        error,
    })
}

impl KeysPage {
    fn day(&self, ms: &i64) -> String {
        fengqiao_core::time::day(*ms)
    }
}

pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<Response, PageError> {
    Ok(render(&keys_page(&state, user, csrf, None, None).await?)?.into_response())
}

/// The page's two forms: issue a key (`name`) or revoke one (`revoke` = id).
pub async fn page_submit(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Extension(csrf): Extension<CsrfToken>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let result = match form.get("revoke").and_then(|v| v.parse::<i64>().ok()) {
        Some(id) => revoke_key(&state, &user, id).await.map(|()| None),
        None => issue(&state, &user, form.get("name").map_or("", String::as_str))
            .await
            .map(Some),
    };
    match result {
        Ok(issued) => {
            Ok(render(&keys_page(&state, user, csrf, issued, None).await?)?.into_response())
        }
        Err(e) if e.code.status().is_client_error() && e.code != Code::Forbidden => {
            let status = e.code.status();
            let page = keys_page(&state, user, csrf, None, Some(e.detail)).await?;
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
