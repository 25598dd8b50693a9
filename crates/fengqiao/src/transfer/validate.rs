//! Checking imported rows against each other and against what is already stored, before any
//! of them is written.

use super::RawRow;
use fengqiao_core::geo::Shape;
use fengqiao_core::{Level, RegionCode};
use fengqiao_store::regions::{NewRegion, RegionRow};
use std::collections::HashMap;

/// A row refused, with its number and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub number: usize,
    pub reason: String,
}

/// Splits rows into regions ready to write and rows refused. A row may name as parent a
/// region already stored or one accepted earlier in the same file.
pub fn validate(rows: &[RawRow], existing: &[RegionRow]) -> (Vec<NewRegion>, Vec<Rejected>) {
    let mut known: HashMap<String, (Level, Option<String>)> = existing
        .iter()
        .filter_map(|r| {
            Some((
                r.code.clone(),
                (r.level.parse().ok()?, r.parent_code.clone()),
            ))
        })
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut accepted = Vec::new();
    let mut rejected = Vec::new();
    for row in rows {
        match check(row, &known, &seen) {
            Ok(region) => {
                seen.insert(region.code.to_string(), row.number);
                known.insert(
                    region.code.to_string(),
                    (
                        region.level,
                        region.parent_code.as_ref().map(ToString::to_string),
                    ),
                );
                accepted.push(region);
            }
            Err(reason) => rejected.push(Rejected {
                number: row.number,
                reason,
            }),
        }
    }
    (accepted, rejected)
}

fn check(
    row: &RawRow,
    known: &HashMap<String, (Level, Option<String>)>,
    seen: &HashMap<String, usize>,
) -> Result<NewRegion, String> {
    if let Some(why) = &row.unreadable {
        return Err(why.clone());
    }
    let code: RegionCode = row
        .code
        .parse()
        .map_err(|e: fengqiao_core::region::CodeError| e.to_string())?;
    if let Some(first) = seen.get(code.as_str()) {
        return Err(format!("代码 {code} 与第 {first} 条重复"));
    }
    let name = row.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err("名称不能为空,且不超过 100 个字".into());
    }
    let level: Level = row
        .level
        .parse()
        .map_err(|e: fengqiao_core::region::UnknownLevel| e.to_string())?;
    let parent_code = match (level.parent(), row.parent_code.trim()) {
        (None, "") => None,
        (None, _) => return Err("区级区划不能有上级".into()),
        (Some(_), "") => return Err("缺少上级代码 parent_code".into()),
        (Some(want), p) => {
            let parent: RegionCode = p
                .parse()
                .map_err(|e: fengqiao_core::region::CodeError| format!("上级{e}"))?;
            match known.get(parent.as_str()) {
                None => {
                    return Err(format!(
                        "上级区划 {parent} 不存在(应已存储或在文件中排在前面)"
                    ))
                }
                Some((l, _)) if *l != want => {
                    return Err(format!(
                        "上级区划 {parent} 是{},{}的上级应为{}",
                        l.label(),
                        level.label(),
                        want.label()
                    ))
                }
                Some(_) => Some(parent),
            }
        }
    };
    if let Some((_, old_parent)) = known.get(code.as_str()) {
        if old_parent.as_deref() != parent_code.as_ref().map(RegionCode::as_str) {
            return Err(format!("区划 {code} 已存在于其他上级之下,不能移动"));
        }
    }
    let shape = row
        .geometry
        .as_ref()
        .map(Shape::from_geojson)
        .transpose()
        .map_err(|e| e.to_string())?;
    match (level, &shape) {
        (Level::Grid, Some(Shape::Area(_)))
        | (Level::Compound, Some(Shape::Point(_)))
        | (Level::Building, None | Some(Shape::Point(_))) => {}
        (Level::District | Level::Town | Level::Community, None | Some(Shape::Area(_))) => {}
        (Level::Grid, _) => return Err("网格必须有多边形边界(Polygon 或 MultiPolygon)".into()),
        (Level::Compound, _) => return Err("小区必须有位置点(Point,或经度/纬度列)".into()),
        (Level::Building, Some(_)) => return Err("楼栋只能带位置点(Point)".into()),
        (_, Some(Shape::Point(_))) => return Err(format!("{}的边界应为多边形", level.label())),
    }
    Ok(NewRegion {
        code,
        name: name.to_owned(),
        level,
        parent_code,
        geometry: shape.map(|s| s.to_geojson().to_string()),
    })
}
