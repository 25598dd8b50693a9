//! Patrol tracks: points checked on the way in, the distance walked, the checkpoints a track
//! passed, and the hours a patrol lasted. Distances are great-circle metres on WGS-84.

use geo::{Distance, Haversine, Point};

/// How close a track must come to a checkpoint for it to count as visited.
pub const CHECKPOINT_RADIUS_M: f64 = 30.0;

/// Most points one batch from a phone may carry.
pub const MAX_BATCH: usize = 10_000;

/// Most points one patrol may hold (a 12-hour patrol with a fix every second is 43,200).
pub const MAX_POINTS: i64 = 100_000;

/// One fix of a track, in WGS-84, at an instant in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackPoint {
    pub at: i64,
    pub lon: f64,
    pub lat: f64,
}

/// Why a point was refused, in words for the person who sent it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PointError {
    #[error("第 {0} 个点的经纬度不正确(经度 -180 到 180,纬度 -90 到 90)")]
    OutOfRange(usize),
    #[error("第 {0} 个点的时间不在巡逻期间(不能早于 2000 年,也不能晚于现在)")]
    BadTime(usize),
    #[error("一次最多上传 {MAX_BATCH} 个点")]
    TooMany,
}

/// Checks a batch: coordinates in range, instants between 2000 and a minute from `now`.
pub fn check(points: &[TrackPoint], now: i64) -> Result<(), PointError> {
    if points.len() > MAX_BATCH {
        return Err(PointError::TooMany);
    }
    const Y2000: i64 = 946_684_800_000;
    for (i, p) in points.iter().enumerate() {
        // NaN is in no range, so this refuses it too.
        let on_earth = (-180.0..=180.0).contains(&p.lon) && (-90.0..=90.0).contains(&p.lat);
        if !on_earth {
            return Err(PointError::OutOfRange(i + 1));
        }
        if p.at < Y2000 || p.at > now + 60_000 {
            return Err(PointError::BadTime(i + 1));
        }
    }
    Ok(())
}

/// Metres between two fixes.
pub fn metres(a: &TrackPoint, b: &TrackPoint) -> f64 {
    Haversine.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat))
}

/// The length of a track in metres, continuing from `before` (the last point already stored),
/// so a track sent in batches measures the same as sent at once.
pub fn distance(before: Option<&TrackPoint>, points: &[TrackPoint]) -> f64 {
    let mut last = before;
    let mut sum = 0.0;
    for p in points {
        sum += last.map_or(0.0, |l| metres(l, p));
        last = Some(p);
    }
    sum
}

/// The first instant the track came within [`CHECKPOINT_RADIUS_M`] of a place, if it did.
pub fn passes(points: &[TrackPoint], lon: f64, lat: f64) -> Option<i64> {
    let place = TrackPoint { at: 0, lon, lat };
    points
        .iter()
        .find(|p| metres(p, &place) <= CHECKPOINT_RADIUS_M)
        .map(|p| p.at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(at: i64, lon: f64, lat: f64) -> TrackPoint {
        TrackPoint { at, lon, lat }
    }

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn a_degree_of_latitude_is_about_111_km() {
        let d = metres(&p(0, 107.15, 34.3), &p(0, 107.15, 35.3));
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
    }

    #[test]
    fn a_checkpoint_is_visited_within_30_metres_and_not_beyond() {
        // 0.0002 degrees of latitude is about 22 m; 0.0003 about 33 m.
        let near = [p(1, 107.15, 34.3002)];
        let far = [p(1, 107.15, 34.3003)];
        assert_eq!(passes(&near, 107.15, 34.3), Some(1));
        assert_eq!(passes(&far, 107.15, 34.3), None);
    }

    #[test]
    fn bad_points_are_named_by_their_place_in_the_batch() {
        assert_eq!(
            check(&[p(NOW - 1, 107.0, 34.0), p(NOW - 1, 190.0, 34.0)], NOW),
            Err(PointError::OutOfRange(2))
        );
        assert_eq!(
            check(&[p(NOW + 3_600_000, 107.0, 34.0)], NOW),
            Err(PointError::BadTime(1))
        );
        assert_eq!(
            check(&[p(NOW, f64::NAN, 34.0)], NOW),
            Err(PointError::OutOfRange(1))
        );
    }

    proptest! {
        /// A track sent in two batches measures what it measures sent at once.
        #[test]
        fn batches_add_up_to_the_whole_track(
            steps in prop::collection::vec((-0.001f64..0.001, -0.001f64..0.001), 2..60),
            cut in 1usize..59,
        ) {
            let mut points = vec![p(0, 107.15, 34.35)];
            for (i, (dx, dy)) in steps.iter().enumerate() {
                let last = points[points.len() - 1];
                points.push(p(i as i64 + 1, last.lon + dx, last.lat + dy));
            }
            let cut = cut.min(points.len() - 1);
            let (a, b) = points.split_at(cut);
            let whole = distance(None, &points);
            let parts = distance(None, a) + distance(a.last(), b);
            prop_assert!((whole - parts).abs() < 1e-6, "{} vs {}", whole, parts);
        }
    }
}
