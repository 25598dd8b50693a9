//! How a window of time is read from a per-month roll-up (cases, care visits, patrols): whole
//! Beijing months from the roll-up, the ragged ends from the rows themselves. A ragged end can
//! be read two ways — the window's days up to the month's edge added, or the month taken whole
//! and its days outside the window taken away — and the one that reads fewer rows wins: a
//! window from the 3rd reads two days, not twenty-eight, and a window ending now reads none,
//! since nothing is recorded after now.

use crate::time::month;

/// The parts a window `[from, to)` is read from: the roll-up's months `[first, end)` (month
/// starts), plus the rows of each `add` range, minus the rows of each `subtract` range.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cover {
    pub months: Option<(i64, i64)>,
    pub add: Vec<(i64, i64)>,
    pub subtract: Vec<(i64, i64)>,
}

impl Cover {
    /// The ranges of rows to read, each with the sign its figures carry.
    pub fn ends(&self) -> impl Iterator<Item = ((i64, i64), i64)> + '_ {
        let add = self.add.iter().map(|r| (*r, 1));
        add.chain(self.subtract.iter().map(|r| (*r, -1)))
    }

    /// Milliseconds of rows the ends read; time after `now` holds no rows.
    fn cost(&self, now: i64) -> i64 {
        self.ends().map(|((a, b), _)| (b.min(now) - a).max(0)).sum()
    }
}

/// The cheapest cover of `[from, to)` (see the module's comment); all rows when the window
/// is empty or its months cannot be computed.
pub fn cover(from: i64, to: i64, now: i64) -> Cover {
    let rows = Cover {
        months: None,
        add: if from < to {
            vec![(from, to)]
        } else {
            Vec::new()
        },
        subtract: Vec::new(),
    };
    if from >= to {
        return rows;
    }
    let (Some(starts), Some(ends)) = (edges(from), edges(to)) else {
        return rows;
    };
    let mut best = rows;
    let mut best_cost = best.cost(now);
    for first in starts {
        for end in ends {
            if first >= end {
                continue;
            }
            let mut c = Cover {
                months: Some((first, end)),
                ..Cover::default()
            };
            match first.cmp(&from) {
                std::cmp::Ordering::Less => c.subtract.push((first, from)),
                std::cmp::Ordering::Greater => c.add.push((from, first)),
                std::cmp::Ordering::Equal => {}
            }
            match end.cmp(&to) {
                std::cmp::Ordering::Less => c.add.push((end, to)),
                std::cmp::Ordering::Greater => c.subtract.push((to, end)),
                std::cmp::Ordering::Equal => {}
            }
            let cost = c.cost(now);
            if cost < best_cost {
                (best, best_cost) = (c, cost);
            }
        }
    }
    best
}

/// The month starts on either side of an instant (the same one twice when it is a start).
fn edges(t: i64) -> Option<[i64; 2]> {
    let (this, _) = month(t, 0)?;
    Some(if this == t {
        [t, t]
    } else {
        [this, month(t, 1)?.0]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{month_key, parse_day};
    use proptest::prelude::*;

    const DAY: i64 = 86_400_000;

    /// How many times the cover counts the instant `t`: the months once, each add once, each
    /// subtract minus once.
    fn counted(c: &Cover, t: i64) -> i64 {
        let inside = |(a, b): (i64, i64)| i64::from(a <= t && t < b);
        c.months.map_or(0, inside) + c.ends().map(|(r, sign)| sign * inside(r)).sum::<i64>()
    }

    #[test]
    fn a_window_from_a_months_third_day_takes_two_days_away() {
        let (from, to) = (
            parse_day("2026-09-03").unwrap(),
            parse_day("2026-11-01").unwrap(),
        );
        let c = cover(from, to, to);
        assert_eq!(c.months, Some((parse_day("2026-09-01").unwrap(), to)));
        assert_eq!(c.subtract, vec![(parse_day("2026-09-01").unwrap(), from)]);
        assert!(c.add.is_empty());
    }

    #[test]
    fn a_window_ending_now_takes_the_current_month_whole() {
        let now = parse_day("2026-12-03").unwrap() + 9 * 3_600_000;
        let c = cover(parse_day("2021-12-01").unwrap(), now, now);
        let next = parse_day("2027-01-01").unwrap();
        assert_eq!(c.months, Some((parse_day("2021-12-01").unwrap(), next)));
        assert_eq!(c.subtract, vec![(now, next)]);
        assert_eq!(c.cost(now), 0);
    }

    #[test]
    fn a_short_window_across_a_months_end_reads_its_rows() {
        let (from, to) = (
            parse_day("2024-05-20").unwrap(),
            parse_day("2024-06-10").unwrap(),
        );
        let c = cover(from, to, to + 365 * DAY);
        assert_eq!(
            c,
            Cover {
                months: None,
                add: vec![(from, to)],
                subtract: vec![]
            }
        );
    }

    #[test]
    fn the_months_are_whole_beijing_months() {
        let c = cover(
            parse_day("2024-05-03").unwrap(),
            parse_day("2024-05-28").unwrap(),
            i64::MAX,
        );
        let (first, end) = c.months.unwrap();
        assert_eq!(
            (month_key(first), month_key(end)),
            (Some(202405), Some(202406))
        );
        assert_eq!(month_key(first - 1), Some(202404));
    }

    proptest! {
        /// Every instant is counted once inside the window and never outside it, and no
        /// cover reads more rows than the plain one of whole months and both ends added.
        #[test]
        fn the_cover_counts_the_window_exactly(
            from in 1_500_000_000_000i64..1_900_000_000_000,
            len in 0i64..(4 * 365 * DAY),
            now_after in -(400 * DAY)..(400 * DAY),
            probes in proptest::collection::vec(0.0f64..1.0, 40),
        ) {
            let to = from + len;
            let now = to + now_after;
            let c = cover(from, to, now);
            let mut points = vec![from - 1, from, to - 1, to];
            for (a, b) in c.months.iter().chain(c.add.iter()).chain(c.subtract.iter()) {
                points.extend([a - 1, *a, b - 1, *b]);
            }
            let lo = from - 40 * DAY;
            let span = len + 80 * DAY;
            points.extend(probes.iter().map(|p| lo + (p * span as f64) as i64));
            for t in points {
                let expected = i64::from(from <= t && t < to);
                prop_assert_eq!(counted(&c, t), expected, "t = {}", t);
            }
            for (a, b) in c.months.iter().chain(c.add.iter()).chain(c.subtract.iter()) {
                prop_assert!(a < b);
            }
            if let Some((first, end)) = c.months {
                prop_assert_eq!(month(first, 0).unwrap().0, first);
                prop_assert_eq!(month(end, 0).unwrap().0, end);
            }
            let plain = {
                let (s, e) = (edges(from).unwrap()[1], edges(to).unwrap()[0]);
                if s < e {
                    Cover { months: Some((s, e)), add: vec![(from, s), (e, to)].into_iter().filter(|(a, b)| a < b).collect(), subtract: vec![] }
                } else {
                    cover_of_rows(from, to)
                }
            };
            prop_assert!(c.cost(now) <= plain.cost(now));
        }
    }

    fn cover_of_rows(from: i64, to: i64) -> Cover {
        Cover {
            months: None,
            add: if from < to { vec![(from, to)] } else { vec![] },
            subtract: vec![],
        }
    }
}
