//! Exporting every region as GeoJSON or as a spreadsheet.

use super::Format;
use fengqiao_store::{regions, Store};
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};
use std::path::Path;

/// Writes all regions to `out`, parents before children (so the file imports back as is).
pub async fn export_regions(store: &Store, format: Format, out: &Path) -> anyhow::Result<usize> {
    let rows = regions::all(store.pool()).await?;
    let bar = super::progress(rows.len() as u64, "导出区划");
    let geometry = |g: &Option<String>| {
        g.as_deref()
            .and_then(|g| serde_json::from_str::<Value>(g).ok())
    };
    match format {
        Format::Geojson => {
            let features: Vec<Value> = rows
                .iter()
                .inspect(|_| bar.inc(1))
                .map(|r| {
                    json!({
                        "type": "Feature",
                        "properties": {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code},
                        "geometry": geometry(&r.geometry),
                    })
                })
                .collect();
            let doc = json!({"type": "FeatureCollection", "features": features});
            std::fs::write(out, serde_json::to_vec(&doc)?)?;
        }
        Format::Xlsx => {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name("regions")?;
            for (c, h) in [
                "code",
                "name",
                "level",
                "parent_code",
                "lon",
                "lat",
                "geometry",
            ]
            .iter()
            .enumerate()
            {
                sheet.write_string(0, c as u16, *h)?;
            }
            for (i, r) in rows.iter().enumerate() {
                let row = i as u32 + 1;
                sheet.write_string(row, 0, &r.code)?;
                sheet.write_string(row, 1, &r.name)?;
                sheet.write_string(row, 2, &r.level)?;
                sheet.write_string(row, 3, r.parent_code.as_deref().unwrap_or(""))?;
                if let Some(g) = geometry(&r.geometry) {
                    if g.get("type").and_then(Value::as_str) == Some("Point") {
                        let c = &g["coordinates"];
                        sheet.write_number(row, 4, c[0].as_f64().unwrap_or_default())?;
                        sheet.write_number(row, 5, c[1].as_f64().unwrap_or_default())?;
                    } else {
                        sheet.write_string(row, 6, g.to_string())?;
                    }
                }
                bar.inc(1);
            }
            book.save(out)?;
        }
    }
    bar.finish_and_clear();
    Ok(rows.len())
}
