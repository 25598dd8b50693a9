//! The camera registry as an Excel sheet, out and in. One header row, a camera per row; the
//! device code column is text (20 digits do not survive as an Excel number). An import is
//! checked row by row first: with any bad row nothing is written unless the good ones are asked
//! for.

use super::service::{self, CameraInput};
use crate::error::{ApiError, Code};
use crate::session::User;
use crate::sheet::{self, Limits};
use crate::AppState;
use fengqiao_core::prevention::camera::CameraStatus;
use fengqiao_store::prevention::cameras::CameraRow;
use serde::Serialize;

/// The columns, in order.
pub const HEADERS: [&str; 10] = [
    "设备编码", "名称", "小区代码", "重点部位", "经度", "纬度", "朝向(度)", "视场角(度)", "维护人账号", "状态",
];

/// A district's registry fits: 244 compounds with a few cameras each, and key places.
pub const LIMITS: Limits = Limits {
    rows: 20_001,
    columns: 16,
};

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub registered: usize,
    pub updated: usize,
    pub rejected: Vec<Rejected>,
    /// Whether anything was written (not when bad rows refused the whole file).
    pub written: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    pub row: usize,
    pub reason: String,
}

/// The registry under a region as an .xlsx workbook.
pub fn export(cameras: &[CameraRow]) -> Result<Vec<u8>, ApiError> {
    let xl = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e);
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name("摄像机").map_err(xl)?;
    sheet.set_freeze_panes(1, 1).map_err(xl)?;
    for (c, (h, width)) in HEADERS
        .iter()
        .zip([24, 24, 20, 18, 12, 12, 10, 10, 14, 8])
        .enumerate()
    {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *h, &bold).map_err(xl)?;
        sheet.set_column_width(c, width).map_err(xl)?;
    }
    sheet.set_column_format(0, &text).map_err(xl)?;
    sheet.set_column_format(2, &text).map_err(xl)?;
    for (i, cam) in cameras.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string_with_format(r, 0, &cam.device_code, &text).map_err(xl)?;
        sheet.write_string(r, 1, &cam.name).map_err(xl)?;
        sheet
            .write_string_with_format(r, 2, cam.compound_code.as_deref().unwrap_or(""), &text)
            .map_err(xl)?;
        sheet.write_string(r, 3, &cam.key_place).map_err(xl)?;
        sheet.write_number(r, 4, cam.lon).map_err(xl)?;
        sheet.write_number(r, 5, cam.lat).map_err(xl)?;
        if let Some(d) = cam.direction {
            sheet.write_number(r, 6, d as f64).map_err(xl)?;
        }
        if let Some(d) = cam.field_of_view {
            sheet.write_number(r, 7, d as f64).map_err(xl)?;
        }
        sheet
            .write_string(r, 8, cam.maintainer.as_deref().unwrap_or(""))
            .map_err(xl)?;
        sheet
            .write_string(r, 9, CameraStatus::label_of(&cam.status))
            .map_err(xl)?;
    }
    book.save_to_buffer().map_err(xl)
}

fn number<T: std::str::FromStr>(s: &str, what: &str) -> Result<Option<T>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| format!("{what}「{s}」不是数字"))
}

fn input(cells: &[String]) -> Result<CameraInput, String> {
    let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
    Ok(CameraInput {
        device_code: cell(0),
        name: cell(1),
        compound_code: Some(cell(2)).filter(|s| !s.is_empty()),
        key_place: cell(3),
        lon: number(&cell(4), "经度")?,
        lat: number(&cell(5), "纬度")?,
        crs: None,
        direction: number(&cell(6), "朝向")?,
        field_of_view: number(&cell(7), "视场角")?,
        maintainer: Some(cell(8)).filter(|s| !s.is_empty()),
    })
}

/// Reads a registry workbook and registers its cameras (new ones, and updates by device code).
pub async fn import(
    state: &AppState,
    user: &User,
    bytes: Vec<u8>,
    skip_bad: bool,
) -> Result<Report, ApiError> {
    let rows = sheet::first_sheet_blocking(bytes, LIMITS)
        .await
        .map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?;
    let mut rows = rows.iter().map(|r| r.iter().map(sheet::text).collect::<Vec<_>>());
    let header = rows.next().unwrap_or_default();
    if header.first().map(String::as_str) != Some(HEADERS[0]) {
        return Err(ApiError::new(
            Code::Unprocessable,
            format!("第 1 行应为表头,从「{}」开始", HEADERS[0]),
        ));
    }
    let (mut good, mut rejected) = (Vec::new(), Vec::new());
    for (i, cells) in rows.enumerate() {
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let checked = input(&cells).and_then(|c| {
            service::check(state, user, c).map_err(|e| match e.detail.contains("20 位数字") {
                true => format!("{}(请把设备编码列设为文本,以免 Excel 把它变成科学计数)", e.detail),
                false => e.detail,
            })
        });
        match checked {
            Ok(c) => good.push(c),
            Err(reason) => rejected.push(Rejected { row: i + 2, reason }),
        }
    }
    if good.is_empty() && rejected.is_empty() {
        return Err(ApiError::new(Code::Unprocessable, "表格中没有摄像机"));
    }
    if !rejected.is_empty() && !skip_bad {
        return Ok(Report {
            registered: 0,
            updated: 0,
            rejected,
            written: false,
        });
    }
    let (ids, updated) = service::save_all(state, user, good).await?;
    Ok(Report {
        registered: ids.len() - updated,
        updated,
        rejected,
        written: true,
    })
}
