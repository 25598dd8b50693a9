//! Region shapes read from GeoJSON geometry objects: areas (Polygon, MultiPolygon) and points.
//! Every coordinate is checked here, so the rest of the program only sees valid WGS-84 shapes.

use geo::{Coord, LineString, MultiPolygon, Point, Polygon, Validation};
use serde_json::{json, Value};

/// A validated shape in WGS-84.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Area(MultiPolygon<f64>),
    Point(Point<f64>),
}

/// Why a geometry was refused; messages are meant for the person who made the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShapeError {
    #[error("几何对象应为 JSON 对象,含 type 与 coordinates")]
    NotAnObject,
    #[error("不支持的几何类型「{0}」,应为 Polygon、MultiPolygon 或 Point")]
    UnsupportedType(String),
    #[error("坐标格式不正确:{0}")]
    Malformed(&'static str),
    #[error("坐标 ({0}, {1}) 超出经纬度范围或不是有限数")]
    OutOfRange(f64, f64),
    #[error("多边形的环未闭合或少于 4 个点")]
    OpenRing,
    #[error("多边形无效(自相交或重叠):{0}")]
    Invalid(String),
}

/// Checks a WGS-84 longitude/latitude pair.
pub fn check_lon_lat(lon: f64, lat: f64) -> Result<(), ShapeError> {
    if lon.is_finite()
        && lat.is_finite()
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat)
    {
        Ok(())
    } else {
        Err(ShapeError::OutOfRange(lon, lat))
    }
}

fn position(v: &Value) -> Result<Coord<f64>, ShapeError> {
    let arr = v
        .as_array()
        .ok_or(ShapeError::Malformed("坐标点应为 [经度, 纬度]"))?;
    let (Some(x), Some(y)) = (
        arr.first().and_then(Value::as_f64),
        arr.get(1).and_then(Value::as_f64),
    ) else {
        return Err(ShapeError::Malformed("坐标点应为 [经度, 纬度]"));
    };
    check_lon_lat(x, y)?;
    Ok(Coord { x, y })
}

fn ring(v: &Value) -> Result<LineString<f64>, ShapeError> {
    let arr = v
        .as_array()
        .ok_or(ShapeError::Malformed("环应为坐标点数组"))?;
    let coords = arr.iter().map(position).collect::<Result<Vec<_>, _>>()?;
    if coords.len() < 4 || coords.first() != coords.last() {
        return Err(ShapeError::OpenRing);
    }
    Ok(LineString(coords))
}

fn polygon(v: &Value) -> Result<Polygon<f64>, ShapeError> {
    let rings = v
        .as_array()
        .ok_or(ShapeError::Malformed("多边形应为环的数组"))?;
    let mut rings = rings.iter().map(ring);
    let exterior = rings
        .next()
        .ok_or(ShapeError::Malformed("多边形至少要有一个环"))??;
    let interiors = rings.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

impl Shape {
    /// Reads a GeoJSON geometry object (RFC 7946) and validates it.
    pub fn from_geojson(v: &Value) -> Result<Shape, ShapeError> {
        let obj = v.as_object().ok_or(ShapeError::NotAnObject)?;
        let kind = obj
            .get("type")
            .and_then(Value::as_str)
            .ok_or(ShapeError::NotAnObject)?;
        let coords = obj.get("coordinates").ok_or(ShapeError::NotAnObject)?;
        let shape = match kind {
            "Point" => Shape::Point(Point(position(coords)?)),
            "Polygon" => Shape::Area(MultiPolygon(vec![polygon(coords)?])),
            "MultiPolygon" => {
                let parts = coords
                    .as_array()
                    .ok_or(ShapeError::Malformed("应为多边形数组"))?;
                Shape::Area(MultiPolygon(
                    parts.iter().map(polygon).collect::<Result<_, _>>()?,
                ))
            }
            other => {
                return Err(ShapeError::UnsupportedType(
                    other.chars().take(40).collect(),
                ))
            }
        };
        if let Shape::Area(mp) = &shape {
            if let Err(e) = mp.check_validation() {
                return Err(ShapeError::Invalid(e.to_string()));
            }
        }
        Ok(shape)
    }

    /// Parses a stored GeoJSON text (written by [`Shape::to_geojson`]).
    pub fn from_geojson_str(s: &str) -> Result<Shape, ShapeError> {
        let v: Value = serde_json::from_str(s).map_err(|_| ShapeError::NotAnObject)?;
        Shape::from_geojson(&v)
    }

    /// The GeoJSON geometry object of this shape.
    pub fn to_geojson(&self) -> Value {
        let ring =
            |ls: &LineString<f64>| -> Vec<[f64; 2]> { ls.0.iter().map(|c| [c.x, c.y]).collect() };
        match self {
            Shape::Point(p) => json!({"type": "Point", "coordinates": [p.x(), p.y()]}),
            Shape::Area(mp) if mp.0.len() == 1 => {
                let p = &mp.0[0];
                let rings: Vec<_> = std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(ring)
                    .collect();
                json!({"type": "Polygon", "coordinates": rings})
            }
            Shape::Area(mp) => {
                let polys: Vec<Vec<_>> =
                    mp.0.iter()
                        .map(|p| {
                            std::iter::once(p.exterior())
                                .chain(p.interiors())
                                .map(ring)
                                .collect()
                        })
                        .collect();
                json!({"type": "MultiPolygon", "coordinates": polys})
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> Value {
        json!({"type": "Polygon", "coordinates": [[[107.0, 34.3], [107.1, 34.3], [107.1, 34.4], [107.0, 34.4], [107.0, 34.3]]]})
    }

    #[test]
    fn a_valid_polygon_round_trips_through_geojson() {
        let s = Shape::from_geojson(&square()).unwrap();
        assert_eq!(Shape::from_geojson(&s.to_geojson()).unwrap(), s);
    }

    #[test]
    fn a_bow_tie_is_refused_as_self_intersecting() {
        let bow = json!({"type": "Polygon", "coordinates": [[[107.0, 34.3], [107.1, 34.4], [107.1, 34.3], [107.0, 34.4], [107.0, 34.3]]]});
        assert!(matches!(
            Shape::from_geojson(&bow),
            Err(ShapeError::Invalid(_))
        ));
    }

    #[test]
    fn open_rings_out_of_range_points_and_unknown_types_are_refused() {
        let open = json!({"type": "Polygon", "coordinates": [[[107.0, 34.3], [107.1, 34.3], [107.1, 34.4], [107.0, 34.4]]]});
        assert_eq!(Shape::from_geojson(&open), Err(ShapeError::OpenRing));
        let far = json!({"type": "Point", "coordinates": [207.0, 34.3]});
        assert!(matches!(
            Shape::from_geojson(&far),
            Err(ShapeError::OutOfRange(..))
        ));
        let line = json!({"type": "LineString", "coordinates": [[107.0, 34.3], [107.1, 34.3]]});
        assert!(matches!(
            Shape::from_geojson(&line),
            Err(ShapeError::UnsupportedType(_))
        ));
        assert_eq!(
            Shape::from_geojson(&json!([1, 2])),
            Err(ShapeError::NotAnObject)
        );
    }
}
