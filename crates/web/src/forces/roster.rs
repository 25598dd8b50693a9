//! Roster import: team members from an .xlsx sheet, as district offices keep them. Every row
//! is checked first (team in scope, name, role, mobile number, GB 11643 ID number, duplicates);
//! a file with bad rows imports nothing unless told to skip them.

use crate::auth::User;
use crate::error::{ApiError, Code};
use crate::AppState;
use crate::sheet::{self, Limits};
use fengqiao_core::{IdNumber, Phone};
use fengqiao_store::forces::{self as store, NewMember};
use serde::Serialize;
use std::collections::HashMap;

/// A row refused, by its spreadsheet row number (the header is row 1).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rejected {
    pub row: usize,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub imported: usize,
    pub rejected: Vec<Rejected>,
    /// False when bad rows refused the whole file.
    pub written: bool,
}

/// A roster's size: one team's members, or a community's teams at once.
pub const LIMITS: Limits = Limits {
    rows: 5_000,
    columns: 20,
};

/// The first sheet of a roster workbook as trimmed text cells, the header row first, read
/// through [`crate::sheet`] (limits, unpacking budget, damaged files).
pub fn read_sheet(bytes: &[u8]) -> Result<Vec<Vec<String>>, ApiError> {
    let rows = sheet::first_sheet(bytes, LIMITS)
        .map_err(|e| ApiError::new(Code::Unprocessable, e.to_string()))?;
    Ok(rows.iter().map(|r| r.iter().map(sheet::text).collect()).collect())
}

/// Reads and checks a roster; writes it in one transaction when it may.
/// `user` limits teams to the caller's scope (None: the command line, every team).
pub async fn import(
    state: &AppState,
    user: Option<&User>,
    bytes: Vec<u8>,
    skip_bad: bool,
) -> Result<Report, ApiError> {
    let sheet = tokio::task::spawn_blocking(move || read_sheet(&bytes))
        .await
        .map_err(ApiError::internal)??;
    let mut rows = sheet.iter();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| c.to_lowercase()).collect())
        .unwrap_or_default();
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (team, name, role) = (
        col(&["team_id", "队伍编号"]),
        col(&["name", "姓名"]),
        col(&["member_role", "职务", "队内职务"]),
    );
    let (phone, id_number, username) = (
        col(&["phone", "手机", "手机号"]),
        col(&["id_number", "身份证号", "身份证号码"]),
        col(&["username", "账号"]),
    );
    let (Some(team), Some(name), Some(role)) = (team, name, role) else {
        return Err(ApiError::new(
            Code::Unprocessable,
            "第 1 行应为表头,至少包含 队伍编号、姓名、职务 三列",
        ));
    };
    let scope = match user {
        Some(u) => Some(u.staff_scope()?),
        None => None,
    };
    let teams: HashMap<i64, String> = store::teams(
        state.store.pool(),
        scope.as_ref().map_or("/", |s| s.path()),
        None,
    )
    .await?
    .into_iter()
    .map(|t| (t.id, t.name))
    .collect();
    let get =
        |r: &[String], c: Option<usize>| c.and_then(|c| r.get(c)).cloned().unwrap_or_default();
    // Accounts named in the sheet that may join: existing, active, inside the caller's scope.
    let mut known_accounts = std::collections::HashSet::new();
    for u in sheet
        .iter()
        .skip(1)
        .map(|r| get(r, username))
        .filter(|u| !u.is_empty())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let found = fengqiao_store::accounts::by_username(state.store.pool(), &u).await?;
        if found.is_some_and(|a| {
            a.active != 0 && scope.as_ref().is_none_or(|s| s.contains_path(&a.region_path))
        }) {
            known_accounts.insert(u);
        }
    }
    let mut accepted: Vec<(i64, NewMember)> = Vec::new();
    let mut rejected = Vec::new();
    let mut seen: HashMap<(i64, String), usize> = HashMap::new();
    for (i, r) in rows.enumerate() {
        let number = i + 2;
        if r.iter().all(String::is_empty) {
            continue;
        }
        let check = || -> Result<(i64, NewMember), String> {
            let team_id: i64 = get(r, Some(team))
                .parse()
                .map_err(|_| "队伍编号应为数字".to_owned())?;
            if !teams.contains_key(&team_id) {
                return Err(format!("队伍 {team_id} 不存在或不在您的管辖范围内"));
            }
            let name = get(r, Some(name));
            let role = get(r, Some(role));
            if name.is_empty()
                || name.chars().count() > 50
                || role.is_empty()
                || role.chars().count() > 50
            {
                return Err("姓名和职务不能为空,且不超过 50 字".into());
            }
            let phone = Some(get(r, phone))
                .filter(|p| !p.is_empty())
                .map(|p| p.parse::<Phone>().map(|p| p.as_str().to_owned()))
                .transpose()
                .map_err(|e| e.to_string())?;
            let id_number = Some(get(r, id_number))
                .filter(|p| !p.is_empty())
                .map(|p| p.parse::<IdNumber>().map(|p| p.as_str().to_owned()))
                .transpose()
                .map_err(|e| e.to_string())?;
            let username = Some(get(r, username)).filter(|u| !u.is_empty());
            if let Some(u) = &username {
                if !known_accounts.contains(u) {
                    return Err(format!("账号 {u} 不存在或不在您的管辖范围内"));
                }
            }
            Ok((
                team_id,
                NewMember {
                    name,
                    username,
                    member_role: role,
                    phone,
                    id_number,
                },
            ))
        };
        match check() {
            Ok((team_id, m)) => {
                let key = (
                    team_id,
                    m.id_number.clone().unwrap_or_else(|| m.name.clone()),
                );
                if let Some(first) = seen.get(&key) {
                    rejected.push(Rejected {
                        row: number,
                        reason: format!("与第 {first} 行重复(同一队伍同一人)"),
                    });
                } else {
                    seen.insert(key, number);
                    accepted.push((team_id, m));
                }
            }
            Err(reason) => rejected.push(Rejected {
                row: number,
                reason,
            }),
        }
    }
    if !rejected.is_empty() && !skip_bad {
        return Ok(Report {
            imported: 0,
            rejected,
            written: false,
        });
    }
    let count = accepted.len();
    let actor = user.map_or_else(|| "import".to_owned(), |u| u.username.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                for (team, m) in &accepted {
                    store::add_member(c, *team, m, &actor).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(Report {
        imported: count,
        rejected,
        written: true,
    })
}

/// The roster template: the header row the import reads, one example line, widths set and the
/// header frozen, so staff fill in a sheet the import accepts.
pub fn template() -> Result<Vec<u8>, ApiError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet();
    let xl = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e);
    sheet.set_name("名册").map_err(xl)?;
    let headers = ["队伍编号", "姓名", "职务", "手机", "身份证号", "账号"];
    let example = ["(见队伍列表)", "张三", "成员", "13800000000", "", ""];
    for (c, (h, e)) in headers.iter().zip(example).enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *h, &bold).map_err(xl)?;
        sheet.write_string(1, c, e).map_err(xl)?;
        sheet.set_column_width(c, 16).map_err(xl)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xl)?;
    book.save_to_buffer().map_err(ApiError::internal)
}

/// `GET /teams/roster-template.xlsx`.
pub async fn template_download(
    crate::extract::PageUser(_): crate::extract::PageUser,
) -> Result<axum::response::Response, crate::error::PageError> {
    use axum::response::IntoResponse;
    let bytes = template()?;
    let name: String = form_urlencoded::byte_serialize("队员名册模板.xlsx".as_bytes()).collect();
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"roster-template.xlsx\"; filename*=UTF-8''{name}"),
            ),
        ],
        bytes,
    )
        .into_response())
}
