//! Smart-security compounds (智慧安防小区, 技防): the eight subsystems a compound may have, the
//! district's standard — which set makes which level, and the year's target — and the level a
//! compound's checklist reaches.

use serde::{Deserialize, Serialize};

crate::named_enum! {
    /// The eight subsystems of a smart-security compound.
    pub enum Subsystem ("技防子系统") {
        PerimeterAlarm => ("perimeter_alarm", "周界报警"),
        PedestrianAccess => ("pedestrian_access", "人行出入口管理"),
        VehicleAccess => ("vehicle_access", "车辆出入口管理"),
        SmartDoor => ("smart_door", "单元智能门禁"),
        Video => ("video", "视频监控"),
        FaceCapture => ("face_capture", "人脸抓拍"),
        GuardTour => ("guard_tour", "电子巡更"),
        SmartFire => ("smart_fire", "智慧消防"),
    }
}

/// One level of the standard: its name and the subsystems it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    pub name: String,
    pub needs: Vec<Subsystem>,
}

/// The district's standard for the year: its levels from the lowest, and how many compounds
/// should reach the lowest this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    pub year: i32,
    pub target: u32,
    pub grades: Vec<Grade>,
}

impl Default for Standard {
    /// Weibin's plan: seven compounds this year; 初级 is video, smart doors and both entrances.
    fn default() -> Standard {
        use Subsystem::*;
        Standard {
            year: 2026,
            target: 7,
            grades: vec![
                Grade {
                    name: "初级".into(),
                    needs: vec![Video, SmartDoor, PedestrianAccess, VehicleAccess],
                },
                Grade {
                    name: "中级".into(),
                    needs: vec![
                        Video,
                        SmartDoor,
                        PedestrianAccess,
                        VehicleAccess,
                        PerimeterAlarm,
                        FaceCapture,
                    ],
                },
                Grade {
                    name: "高级".into(),
                    needs: Subsystem::ALL.to_vec(),
                },
            ],
        }
    }
}

/// Why a standard was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StandardError {
    #[error("至少要有一个等级")]
    NoGrades,
    #[error("等级名称应为 1 到 10 字,且各不相同")]
    BadName,
    #[error("「{0}」没有选择子系统")]
    Empty(String),
    #[error("「{0}」应包含上一等级的全部子系统")]
    NotNested(String),
    #[error("年度目标应为 0 到 10000 个小区,年份 2020 到 2100")]
    BadTarget,
}

impl Standard {
    /// Checks that levels have names, subsystems, and each contains the one below.
    pub fn check(&self) -> Result<(), StandardError> {
        if self.grades.is_empty() {
            return Err(StandardError::NoGrades);
        }
        if self.target > 10_000 || !(2020..=2100).contains(&self.year) {
            return Err(StandardError::BadTarget);
        }
        for (i, g) in self.grades.iter().enumerate() {
            let n = g.name.trim().chars().count();
            if !(1..=10).contains(&n) || self.grades[..i].iter().any(|o| o.name == g.name) {
                return Err(StandardError::BadName);
            }
            if g.needs.is_empty() {
                return Err(StandardError::Empty(g.name.clone()));
            }
            if i > 0 && !self.grades[i - 1].needs.iter().all(|s| g.needs.contains(s)) {
                return Err(StandardError::NotNested(g.name.clone()));
            }
        }
        Ok(())
    }

    /// The highest level whose subsystems are all present, and the subsystems the next one
    /// still needs.
    pub fn reached(&self, present: &[Subsystem]) -> (Option<&Grade>, Vec<Subsystem>) {
        let has = |g: &Grade| g.needs.iter().all(|s| present.contains(s));
        let reached = self.grades.iter().take_while(|g| has(g)).last();
        let next = self.grades.iter().find(|g| !has(g));
        let missing = next.map_or_else(Vec::new, |g| {
            g.needs
                .iter()
                .copied()
                .filter(|s| !present.contains(s))
                .collect()
        });
        (reached, missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Subsystem::*;

    #[test]
    fn the_lowest_level_is_reached_when_its_set_is_complete() {
        let s = Standard::default();
        assert!(s.check().is_ok());
        let (level, missing) = s.reached(&[Video, SmartDoor, PedestrianAccess]);
        assert!(level.is_none());
        assert_eq!(missing, vec![VehicleAccess]);
        let (level, missing) =
            s.reached(&[Video, SmartDoor, PedestrianAccess, VehicleAccess, GuardTour]);
        assert_eq!(level.map(|g| g.name.as_str()), Some("初级"));
        assert_eq!(missing, vec![PerimeterAlarm, FaceCapture]);
        assert_eq!(
            s.reached(&Subsystem::ALL).0.map(|g| g.name.as_str()),
            Some("高级")
        );
    }

    #[test]
    fn a_standard_whose_levels_do_not_build_on_each_other_is_refused() {
        let mut s = Standard::default();
        s.grades[1].needs = vec![PerimeterAlarm];
        assert_eq!(s.check(), Err(StandardError::NotNested("中级".into())));
        assert!(serde_json::from_str::<Subsystem>("\"laser_fence\"").is_err());
    }

    proptest! {
        /// Adding a subsystem never lowers the level reached.
        #[test]
        fn more_subsystems_never_lower_the_level(
            present in prop::collection::vec(0usize..8, 0..8),
            extra in 0usize..8,
        ) {
            let s = Standard::default();
            let have: Vec<Subsystem> = present.iter().map(|i| Subsystem::ALL[*i]).collect();
            let rank = |p: &[Subsystem]| s.reached(p).0.map_or(0, |g| 1 + s.grades.iter().position(|x| x == g).unwrap_or(0));
            let mut more = have.clone();
            more.push(Subsystem::ALL[extra]);
            prop_assert!(rank(&more) >= rank(&have));
        }
    }
}
