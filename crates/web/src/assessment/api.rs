//! The assessment API and its Excel export.

use crate::assessment::table::table_of;
use crate::assessment::weights::{store_weights, weights};
use crate::assessment::{level_of, period, Params, Table};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, ApiUser};
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use fengqiao_core::Level;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub(crate) async fn api_table(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Json<Table>, ApiError> {
    let level = level_of(&p)?;
    let (within, from, to) = period(&user, &p)?;
    Ok(Json(table_of(&state, level, &within, from, to).await?))
}

pub(crate) async fn api_weights(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    user.staff_scope()?;
    let (version, weights) = weights(&state).await?;
    Ok(Json(json!({"version": version, "weights": weights})))
}

pub(crate) async fn put_weights(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(w): ApiJson<BTreeMap<String, f64>>,
) -> Result<Json<Value>, ApiError> {
    let version = store_weights(&state, &user, w.clone()).await?;
    Ok(Json(json!({"version": version, "weights": w})))
}

/// The workbook: one sheet per level (town, community, grid) and one for teams, ranked.
pub async fn workbook(
    state: &AppState,
    within: &str,
    from: i64,
    to: i64,
) -> Result<Vec<u8>, ApiError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for level in [
        Some(Level::Town),
        Some(Level::Community),
        Some(Level::Grid),
        None,
    ] {
        let t = table_of(state, level, within, from, to).await?;
        let sheet = book.add_worksheet();
        let name = match level {
            Some(Level::Town) => "镇街",
            Some(Level::Community) => "社区",
            Some(_) => "网格",
            None => "队伍",
        };
        let xl = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e);
        sheet.set_name(name).map_err(xl)?;
        // The header stays in view while scrolling; columns wide enough for their contents.
        sheet.set_freeze_panes(1, 3).map_err(xl)?;
        sheet.set_column_width(0, 6).map_err(xl)?;
        sheet.set_column_width(1, 18).map_err(xl)?;
        sheet.set_column_width(2, 26).map_err(xl)?;
        sheet
            .set_column_range_width(3, 3 + t.indicators.len() as u16, 14)
            .map_err(xl)?;
        let mut headers = vec![
            "排名",
            if level.is_some() {
                "区划代码"
            } else {
                "队伍编号"
            },
            "名称",
        ];
        headers.extend(t.indicators.iter().map(|i| i.name));
        headers.push("综合得分");
        for (c, h) in headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *h, &bold)
                .map_err(xl)?;
        }
        for (i, r) in t.rows.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.write_number(row, 0, r.rank as f64).map_err(xl)?;
            sheet.write_string(row, 1, &r.region_code).map_err(xl)?;
            sheet.write_string(row, 2, &r.region_name).map_err(xl)?;
            for (j, ind) in t.indicators.iter().enumerate() {
                let col = 3 + j as u16;
                match r.values.get(ind.code).copied().flatten() {
                    Some(v) => sheet
                        .write_number(row, col, (v * 10.0).round() / 10.0)
                        .map_err(xl)?,
                    None => sheet.write_string(row, col, "暂无数据").map_err(xl)?,
                };
            }
            sheet
                .write_number(row, 3 + t.indicators.len() as u16, r.score)
                .map_err(xl)?;
        }
    }
    book.save_to_buffer().map_err(ApiError::internal)
}

pub(crate) async fn xlsx(
    State(state): State<AppState>,
    crate::extract::PageUser(user): crate::extract::PageUser,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, crate::error::PageError> {
    let (within, from, to) = period(&user, &p)?;
    let bytes = workbook(&state, &within, from, to).await?;
    let region = state
        .atlas()
        .get(&user.region_code)
        .map_or_else(|| user.region_code.clone(), |r| r.name.clone());
    let (from_day, to_day) = (
        fengqiao_core::time::day(from),
        fengqiao_core::time::day(to - 1),
    );
    // The name says whose and when; browsers read the UTF-8 form, older tools the ASCII one.
    let name = format!("{region}考核_{from_day}至{to_day}.xlsx");
    let ascii = format!("assessment-{}-{from_day}-{to_day}.xlsx", user.region_code);
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
