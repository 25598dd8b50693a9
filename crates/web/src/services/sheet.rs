//! The catalogue as an Excel sheet, out and in: one header row, a matter per row. An import is
//! checked row by row first; with any bad row nothing is written and every bad row is named.

use super::service::{self, MatterBody};
use crate::error::{ApiError, Code};
use crate::session::User;
use crate::sheet::{self, Limits};
use crate::AppState;
use fengqiao_store::services::matters::MatterRow;
use serde::Serialize;

pub const HEADERS: [&str; 10] = ["事项编码", "事项名称", "类别", "所需材料", "办理流程", "办理地点", "收费", "承诺时限(工作日)", "办理依据", "可在线办理"];

/// A district's catalogue fits with room to spare.
pub const LIMITS: Limits = Limits { rows: 2_001, columns: 12 };

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub added: usize,
    pub updated: usize,
    pub rejected: Vec<(usize, String)>,
    pub written: bool,
}

pub fn export(rows: &[MatterRow]) -> Result<Vec<u8>, ApiError> {
    let xl = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e);
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let ws = book.add_worksheet();
    ws.set_name("服务事项").map_err(xl)?;
    ws.set_freeze_panes(1, 1).map_err(xl)?;
    for (c, (h, width)) in HEADERS.iter().zip([18, 24, 12, 30, 30, 24, 10, 12, 30, 10]).enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, *h, &bold).map_err(xl)?;
        ws.set_column_width(c, width).map_err(xl)?;
    }
    for (i, m) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, v) in [&m.code, &m.name, &m.group_name, &m.materials, &m.steps, &m.place, &m.fees].iter().enumerate() {
            ws.write_string(r, c as u16, v.as_str()).map_err(xl)?;
        }
        ws.write_number(r, 7, m.time_limit_days as f64).map_err(xl)?;
        ws.write_string(r, 8, &m.legal_basis).map_err(xl)?;
        ws.write_string(r, 9, if m.online == 1 { "是" } else { "否" }).map_err(xl)?;
    }
    book.save_to_buffer().map_err(xl)
}

/// Reads a catalogue workbook: matters added or updated by code, all or nothing.
pub async fn import(state: &AppState, user: &User, bytes: Vec<u8>) -> Result<Report, ApiError> {
    if !user.role.manages_district() {
        return Err(ApiError::forbidden("服务事项目录由区协调员维护"));
    }
    let rows = sheet::first_sheet_blocking(bytes, LIMITS).await.map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?;
    let mut rows = rows.iter().map(|r| r.iter().map(sheet::text).collect::<Vec<_>>());
    if rows.next().unwrap_or_default().first().map(String::as_str) != Some(HEADERS[0]) {
        return Err(ApiError::new(Code::Unprocessable, format!("第 1 行应为表头,从「{}」开始", HEADERS[0])));
    }
    let (mut good, mut rejected) = (Vec::new(), Vec::new());
    for (i, cells) in rows.enumerate() {
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let cell = |n: usize| cells.get(n).cloned().unwrap_or_default();
        let days = cell(7).parse::<f64>().ok().filter(|d| d.fract() == 0.0).map(|d| d as i64);
        let checked = match days {
            None => Err(format!("承诺时限「{}」应为整数个工作日", cell(7))),
            Some(days) => {
                let body = MatterBody { name: cell(1), group: cell(2), materials: cell(3), steps: cell(4), place: cell(5), fees: cell(6), time_limit_days: days, legal_basis: cell(8), online: cell(9) != "否" };
                service::check_matter(&cell(0), body, &user.username).map_err(|e| e.detail)
            }
        };
        match checked {
            Ok(m) if good.iter().any(|g: &MatterRow| g.code == m.code) => rejected.push((i + 2, format!("事项编码 {} 在表中出现了两次", m.code))),
            Ok(m) => good.push(m),
            Err(reason) => rejected.push((i + 2, reason)),
        }
    }
    if good.is_empty() && rejected.is_empty() {
        return Err(ApiError::new(Code::Unprocessable, "表格中没有事项"));
    }
    if !rejected.is_empty() {
        return Ok(Report { added: 0, updated: 0, rejected, written: false });
    }
    let total = good.len();
    let added = service::save_matters(state, user, good).await?;
    Ok(Report { added, updated: total - added, rejected, written: true })
}
