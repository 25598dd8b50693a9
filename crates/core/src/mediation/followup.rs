//! When a follow-up visit may be recorded: on its due day (Beijing time) or later. Three visits
//! due on the 2nd, 4th and 8th cannot all be entered on the 1st and close the case: a visit is
//! meant to see whether the agreement held over time.

use crate::time;

/// `Ok` when a visit due at `due_at` may be recorded at `now`; otherwise the reason, naming
/// the day from which it can.
pub fn may_record(due_at: i64, now: i64) -> Result<(), String> {
    if now >= time::start_of_day(due_at) {
        Ok(())
    } else {
        Err(format!(
            "这次回访应在 {} 当天或之后进行,现在还不能登记",
            time::day(due_at)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DAY_MS;
    use proptest::prelude::*;

    proptest! {
        /// Before the due day never; from the first millisecond of the due day always.
        #[test]
        fn a_visit_is_open_exactly_from_the_start_of_its_day(due in 1_600_000_000_000_i64..1_900_000_000_000, back in 1_i64..10 * DAY_MS) {
            let opens = time::start_of_day(due);
            prop_assert!(may_record(due, opens).is_ok());
            prop_assert!(may_record(due, due + back).is_ok());
            prop_assert!(may_record(due, opens - back).is_err());
        }
    }

    #[test]
    fn the_message_names_the_day() {
        let due = time::parse_day("2026-12-04").unwrap() + 9 * 3_600_000;
        let e = may_record(due, due - 2 * DAY_MS).unwrap_err();
        assert!(e.contains("2026-12-04"), "{e}");
    }
}
