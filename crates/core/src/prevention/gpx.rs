//! GPX 1.1 in and out. Reading is lenient the way phone files need: every `trkpt` with a
//! `time` becomes a [`TrackPoint`] and anything else is passed over (GPSLogger, for one, writes
//! GPX 1.0's `course` and `speed` into 1.1 files, which strict readers refuse). No DTD or
//! entity of the file is expanded. Writing gives one track of one segment, checked in the tests
//! by gpxpy.

use super::track::TrackPoint;
use chrono::{DateTime, NaiveDateTime};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::{Reader, Writer};

/// Why a GPX file was refused.
#[derive(Debug, thiserror::Error)]
pub enum GpxError {
    #[error("不是有效的 GPX 文件:{0}")]
    Unreadable(String),
    #[error("GPX 文件中没有带时间的轨迹点")]
    NoPoints,
    #[error("GPX 文件的轨迹点超过 {0} 个")]
    TooMany(i64),
    #[error("第 {0} 个轨迹点的经纬度或时间无法识别")]
    BadPoint(usize),
}

fn unreadable(e: impl std::fmt::Display) -> GpxError {
    GpxError::Unreadable(e.to_string().chars().take(200).collect())
}

/// An xsd:dateTime in milliseconds; without an offset it is UTC, as GPX says.
fn instant(s: &str) -> Option<i64> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.timestamp_millis())
        .or_else(|_| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .map(|t| t.and_utc().timestamp_millis())
        })
        .ok()
}

/// A point being read: its coordinates and, once seen, its time.
struct Open {
    lon: Option<f64>,
    lat: Option<f64>,
    at: Option<i64>,
}

/// The timed track points of a GPX file, in file order; routes and waypoints are not tracks.
pub fn read(bytes: &[u8], max: i64) -> Result<Vec<TrackPoint>, GpxError> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let (mut out, mut open, mut in_time, mut saw_gpx) = (Vec::new(), None::<Open>, false, false);
    let number = |v: Option<String>| v.and_then(|v| v.trim().parse::<f64>().ok());
    loop {
        match reader.read_event_into(&mut buf).map_err(unreadable)? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"gpx" => saw_gpx = true,
                b"trkpt" => {
                    let decoder = reader.decoder();
                    let attr = |name: &str| -> Result<Option<String>, GpxError> {
                        e.try_get_attribute(name)
                            .map_err(unreadable)?
                            .map(|a| a.decode_and_unescape_value(decoder).map(|v| v.into_owned()))
                            .transpose()
                            .map_err(unreadable)
                    };
                    open = Some(Open {
                        lon: number(attr("lon")?),
                        lat: number(attr("lat")?),
                        at: None,
                    });
                }
                b"time" => in_time = open.is_some(),
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"gpx" => saw_gpx = true,
            Event::Text(t) if in_time => {
                let text = t.unescape().map_err(unreadable)?;
                if let Some(p) = open.as_mut() {
                    p.at = instant(&text);
                    if p.at.is_none() {
                        return Err(GpxError::BadPoint(out.len() + 1));
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"time" => in_time = false,
                b"trkpt" => {
                    if let Some(p) = open.take() {
                        let (Some(lon), Some(lat)) = (p.lon, p.lat) else {
                            return Err(GpxError::BadPoint(out.len() + 1));
                        };
                        if let Some(at) = p.at {
                            out.push(TrackPoint { at, lon, lat });
                        }
                        if i64::try_from(out.len()).unwrap_or(i64::MAX) > max {
                            return Err(GpxError::TooMany(max));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_gpx {
        return Err(unreadable("没有 gpx 根元素"));
    }
    if out.is_empty() {
        return Err(GpxError::NoPoints);
    }
    Ok(out)
}

/// A GPX 1.1 document of one track named `name`.
pub fn write(name: &str, points: &[TrackPoint]) -> Result<String, GpxError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(unreadable)?;
    w.create_element("gpx")
        .with_attributes([
            ("version", "1.1"),
            ("creator", "Fengqiao"),
            ("xmlns", "http://www.topografix.com/GPX/1/1"),
        ])
        .write_inner_content(|w| {
            w.create_element("trk").write_inner_content(|w| {
                w.create_element("name")
                    .write_text_content(BytesText::new(name))?;
                w.create_element("trkseg").write_inner_content(|w| {
                    for p in points {
                        let time = DateTime::from_timestamp_millis(p.at)
                            .unwrap_or_default()
                            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                        w.create_element("trkpt")
                            .with_attributes([
                                ("lat", format!("{:.7}", p.lat).as_str()),
                                ("lon", format!("{:.7}", p.lon).as_str()),
                            ])
                            .write_inner_content(|w| {
                                w.create_element("time")
                                    .write_text_content(BytesText::new(&time))?;
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
            Ok(())
        })
        .map_err(unreadable)?;
    String::from_utf8(w.into_inner()).map_err(unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As GPSLogger for Android writes it: a namespace, metadata, GPX 1.0's course and speed,
    /// extensions, a fix per point.
    const PHONE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<gpx version="1.1" creator="GPSLogger 131 - http://gpslogger.mendhak.com/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.topografix.com/GPX/1/1" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">
<metadata><time>2026-11-30T01:00:00.000Z</time></metadata>
<wpt lat="34.1" lon="107.1"><time>2026-11-30T00:00:00Z</time><name>起点</name></wpt>
<trk><name>巡逻</name><trkseg>
<trkpt lat="34.350000" lon="107.150000"><ele>560.0</ele><time>2026-11-30T01:00:00.000Z</time><course>0.0</course><speed>1.2</speed><src>gps</src><sat>9</sat><hdop>0.9</hdop><extensions><accuracy>4.0</accuracy></extensions></trkpt>
<trkpt lat="34.350500" lon="107.150000"><ele>561.0</ele><time>2026-11-30T09:01:00+08:00</time><src>gps</src></trkpt>
</trkseg></trk>
</gpx>"#;

    #[test]
    fn a_phone_apps_track_is_read_point_by_point() {
        let points = read(PHONE.as_bytes(), 100).unwrap();
        assert_eq!(points.len(), 2, "the waypoint is not a track point");
        assert_eq!(points[1].at - points[0].at, 60_000, "offsets are honoured");
        assert!((points[1].lat - 34.3505).abs() < 1e-9);
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let points = read(PHONE.as_bytes(), 100).unwrap();
        let written = write("巡逻 <1> & 2", &points).unwrap();
        assert!(written.contains("巡逻 &lt;1&gt; &amp; 2"));
        assert_eq!(read(written.as_bytes(), 100).unwrap(), points);
    }

    #[test]
    fn files_that_are_not_tracks_are_refused_by_name() {
        assert!(matches!(
            read(b"<html></html>", 100),
            Err(GpxError::Unreadable(_))
        ));
        assert!(matches!(
            read(b"<gpx><trk", 100),
            Err(GpxError::Unreadable(_)) | Err(GpxError::NoPoints)
        ));
        let no_time = PHONE
            .replace("<time>2026-11-30T01:00:00.000Z</time>", "")
            .replace("<time>2026-11-30T09:01:00+08:00</time>", "");
        assert!(matches!(
            read(no_time.as_bytes(), 100),
            Err(GpxError::NoPoints)
        ));
        assert!(matches!(
            read(PHONE.as_bytes(), 1),
            Err(GpxError::TooMany(1))
        ));
        let bad = PHONE.replace(r#"lat="34.350500""#, r#"lat="north""#);
        assert!(matches!(
            read(bad.as_bytes(), 100),
            Err(GpxError::BadPoint(2))
        ));
    }

    #[test]
    fn entities_declared_in_the_file_are_not_expanded() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx><trk><name>&b;</name></trk></gpx>"#;
        assert!(read(bomb.as_bytes(), 100).is_err());
    }
}
