//! Reading raw region rows from GeoJSON or .xlsx, keeping each row's number for messages.

use super::Format;
use calamine::Data;
use fengqiao_web::sheet::{first_sheet, Limits};
use serde_json::Value;
use std::path::Path;

/// One row or feature as found in the file, not yet checked.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    /// Feature number (from 1) or spreadsheet row number (the header is row 1).
    pub number: usize,
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: String,
    pub geometry: Option<Value>,
    /// Set when the row could not even be read; validation reports it.
    pub unreadable: Option<String>,
}

/// Largest import file accepted, so a mistaken file cannot exhaust memory.
const MAX_FILE: u64 = 512 * 1024 * 1024;

pub fn read_rows(path: &Path) -> anyhow::Result<Vec<RawRow>> {
    let size = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("无法读取 {}:{e}", path.display()))?
        .len();
    anyhow::ensure!(size <= MAX_FILE, "文件超过 512 MiB 上限");
    match Format::of_path(path)? {
        Format::Geojson => read_geojson(&std::fs::read(path)?),
        Format::Xlsx => read_xlsx(&std::fs::read(path)?),
    }
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

pub fn read_geojson(bytes: &[u8]) -> anyhow::Result<Vec<RawRow>> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| {
        anyhow::anyhow!(
            "GeoJSON 格式错误(第 {} 行第 {} 列):{e}",
            e.line(),
            e.column()
        )
    })?;
    anyhow::ensure!(
        doc.get("type").and_then(Value::as_str) == Some("FeatureCollection"),
        "GeoJSON 顶层应为 FeatureCollection"
    );
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| anyhow::anyhow!("FeatureCollection 缺少 features 数组"))?;
    Ok(features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let number = i + 1;
            let Some(props) = f.get("properties").and_then(Value::as_object) else {
                return RawRow {
                    number,
                    unreadable: Some("缺少 properties 对象".into()),
                    ..RawRow::default()
                };
            };
            RawRow {
                number,
                code: text(props.get("code")),
                name: text(props.get("name")),
                level: text(props.get("level")),
                parent_code: text(props.get("parent_code")),
                geometry: f.get("geometry").filter(|g| !g.is_null()).cloned(),
                unreadable: None,
            }
        })
        .collect())
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// A region file's size: a city's regions, with their shapes.
pub const LIMITS: Limits = Limits {
    rows: 100_000,
    columns: 20,
};

/// Region rows from an .xlsx file, read through `fengqiao_web::sheet` (limits, unpacking
/// budget, damaged files).
pub fn read_xlsx(bytes: &[u8]) -> anyhow::Result<Vec<RawRow>> {
    let sheet = first_sheet(bytes, LIMITS).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut rows = sheet.iter().map(Vec::as_slice);
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| cell_text(c).to_lowercase()).collect())
        .unwrap_or_default();
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (code, name, level, parent) = (
        col(&["code", "代码", "区划代码"]),
        col(&["name", "名称"]),
        col(&["level", "层级"]),
        col(&["parent_code", "上级代码"]),
    );
    let (geometry, lon, lat) = (
        col(&["geometry", "几何"]),
        col(&["lon", "经度"]),
        col(&["lat", "纬度"]),
    );
    anyhow::ensure!(
        code.is_some() && name.is_some() && level.is_some(),
        "第 1 行应为表头,至少包含 code(代码)、name(名称)、level(层级)三列"
    );
    let get =
        |r: &[Data], c: Option<usize>| c.and_then(|c| r.get(c)).map(cell_text).unwrap_or_default();
    Ok(rows
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !cell_text(c).is_empty()))
        .map(|(i, r)| {
            let number = i + 2;
            let mut row = RawRow {
                number,
                code: get(r, code),
                name: get(r, name),
                level: get(r, level),
                parent_code: get(r, parent),
                ..RawRow::default()
            };
            let geo_text = get(r, geometry);
            let (lon_text, lat_text) = (get(r, lon), get(r, lat));
            if !geo_text.is_empty() {
                match serde_json::from_str::<Value>(&geo_text) {
                    Ok(v) => row.geometry = Some(v),
                    Err(e) => row.unreadable = Some(format!("geometry 列不是合法的 GeoJSON:{e}")),
                }
            } else if !lon_text.is_empty() || !lat_text.is_empty() {
                match (lon_text.parse::<f64>(), lat_text.parse::<f64>()) {
                    (Ok(x), Ok(y)) => {
                        row.geometry =
                            Some(serde_json::json!({"type": "Point", "coordinates": [x, y]}))
                    }
                    _ => row.unreadable = Some("经度/纬度应为十进制度数".into()),
                }
            }
            row
        })
        .collect())
}
