//! Patrol shifts: a weekday and the hours of a weekly patrol, as people type and read them.

/// Why a shift was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShiftError {
    #[error("星期应为 1(周一)到 7(周日)")]
    Weekday,
    #[error("时间「{0}」应为 HH:MM,如 19:30")]
    Time(String),
    #[error("结束时间应晚于开始时间(同一天内)")]
    Order,
}

/// Minutes since midnight of `HH:MM`.
pub fn minute_of(s: &str) -> Result<i64, ShiftError> {
    let bad = || ShiftError::Time(s.chars().take(10).collect());
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || h * 60 + m > 1440 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Checks a shift: weekday 1–7, start before end within the day.
pub fn check(weekday: i64, start: i64, end: i64) -> Result<(), ShiftError> {
    if !(1..=7).contains(&weekday) {
        return Err(ShiftError::Weekday);
    }
    if !(0..end).contains(&start) || end > 1440 {
        return Err(ShiftError::Order);
    }
    Ok(())
}

/// `每周三 19:00–21:00`.
pub fn label(weekday: i64, start: i64, end: i64) -> String {
    const DAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    let day = DAYS[usize::try_from(weekday.clamp(1, 7) - 1).unwrap_or(0)];
    format!(
        "每周{day} {:02}:{:02}–{:02}:{:02}",
        start / 60,
        start % 60,
        end / 60,
        end % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shift_is_read_checked_and_said() {
        assert_eq!(minute_of("19:30"), Ok(1170));
        assert!(minute_of("25:00").is_err() && minute_of("七点").is_err());
        assert_eq!(check(3, 1140, 1260), Ok(()));
        assert_eq!(check(8, 1140, 1260), Err(ShiftError::Weekday));
        assert_eq!(check(3, 1260, 1140), Err(ShiftError::Order));
        assert_eq!(label(3, 1140, 1260), "每周三 19:00–21:00");
    }
}
