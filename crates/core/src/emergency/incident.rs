//! Incidents, their severity and who commands them, the steps of a response plan, and the
//! kinds of entries in an incident's log.

use crate::Role;

crate::named_enum! {
    /// The five kinds of incident the district's plans cover.
    pub enum IncidentKind ("事件类型") {
        NaturalDisaster => ("natural_disaster", "自然灾害"),
        Accident => ("accident", "事故灾难"),
        PublicHealth => ("public_health", "公共卫生事件"),
        PublicSecurity => ("public_security", "社会安全事件"),
        Collective => ("collective", "群体性事件"),
    }
}

crate::named_enum! {
    /// The national four grades, I the gravest.
    pub enum Severity ("事件级别") {
        I => ("I", "Ⅰ级(特别重大)"),
        II => ("II", "Ⅱ级(重大)"),
        III => ("III", "Ⅲ级(较大)"),
        IV => ("IV", "Ⅳ级(一般)"),
    }
}

crate::named_enum! {
    /// Which command platform leads.
    pub enum Command ("指挥层级") {
        Town => ("town", "镇街指挥"),
        District => ("district", "区级指挥"),
    }
}

crate::named_enum! {
    pub enum IncidentStatus ("事件状态") {
        Responding => ("responding", "处置中"),
        Closed => ("closed", "已结束"),
    }
}

crate::named_enum! {
    /// What a line of the log records.
    pub enum LogKind ("记录类型") {
        Opened => ("opened", "接报"),
        Note => ("note", "情况记录"),
        Step => ("step", "预案步骤完成"),
        Dispatch => ("dispatch", "调派救援队伍"),
        Takeover => ("takeover", "区级接管指挥"),
        Severity => ("severity", "调整级别"),
        Warning => ("warning", "发布预警"),
        Correction => ("correction", "更正"),
        Closed => ("closed", "处置结束"),
    }
}

impl Severity {
    /// The district commands from severity II; the town below.
    pub fn command(self) -> Command {
        match self {
            Severity::I | Severity::II => Command::District,
            Severity::III | Severity::IV => Command::Town,
        }
    }

    /// The CAP 1.2 `<severity>` of this grade.
    pub fn cap(self) -> &'static str {
        match self {
            Severity::I => "Extreme",
            Severity::II => "Severe",
            Severity::III => "Moderate",
            Severity::IV => "Minor",
        }
    }
}

impl IncidentKind {
    /// The CAP 1.2 `<category>` of this kind.
    pub fn cap_category(self) -> &'static str {
        match self {
            IncidentKind::NaturalDisaster => "Geo",
            IncidentKind::Accident => "Safety",
            IncidentKind::PublicHealth => "Health",
            IncidentKind::PublicSecurity | IncidentKind::Collective => "Security",
        }
    }
}

/// Who commands an incident after a change of severity: the district takes over at II and
/// above and keeps command once it has it (a lower grade later does not hand it back).
pub fn command_after(current: Command, severity: Severity) -> Command {
    match (current, severity.command()) {
        (Command::District, _) | (_, Command::District) => Command::District,
        _ => Command::Town,
    }
}

/// Who may record in an incident's log and work its steps: the command centres, the police,
/// community staff and grid workers on the spot, the district.
pub fn may_respond(role: Role) -> bool {
    !matches!(role, Role::Resident)
}

/// Who may open, grade, dispatch, warn and close: the town's command centre and the district.
pub fn may_command(role: Role, command: Command) -> bool {
    match command {
        Command::Town => matches!(
            role,
            Role::TownCommand | Role::DistrictCoordinator | Role::Admin
        ),
        Command::District => matches!(role, Role::DistrictCoordinator | Role::Admin),
    }
}

/// A step of a response plan: what to do and the role that owns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    pub title: String,
    pub owner: Role,
}

fn step(title: &str, owner: Role) -> PlanStep {
    PlanStep {
        title: title.into(),
        owner,
    }
}

/// The district's first plan for each kind of incident, before drills change it.
pub fn default_plan(kind: IncidentKind) -> Vec<PlanStep> {
    use Role::*;
    let mut steps = vec![
        step("核实现场情况并上报指挥中心", GridWorker),
        step("划定警戒区域,疏散周边群众", PoliceOfficer),
    ];
    steps.extend(match kind {
        IncidentKind::NaturalDisaster => vec![
            step("转移安置受威胁群众,开放应急避难场所", CommunityStaff),
            step("调派镇街应急救援队开展搜救", TownCommand),
            step("排查次生灾害隐患(滑坡、积水、危房)", GridWorker),
        ],
        IncidentKind::Accident => vec![
            step("组织救治伤员,联系 120", CommunityStaff),
            step("调派镇街应急救援队处置现场", TownCommand),
            step("保护现场,配合事故调查", PoliceOfficer),
        ],
        IncidentKind::PublicHealth => vec![
            step("通知卫生健康部门,开展流行病学调查", DepartmentStaff),
            step("落实隔离与消杀措施", CommunityStaff),
            step("做好居民生活物资保障", CommunityStaff),
        ],
        IncidentKind::PublicSecurity => vec![
            step("控制现场,处置违法犯罪行为", PoliceOfficer),
            step("调派镇街应急救援队协助", TownCommand),
        ],
        IncidentKind::Collective => vec![
            step("了解群众诉求,依法疏导劝解", CommunityStaff),
            step("维护现场秩序,防止事态扩大", PoliceOfficer),
            step("将诉求转入矛盾纠纷调解程序", TownCommand),
        ],
    });
    steps.push(step("信息发布与舆情回应", TownCommand));
    steps.push(step("善后处置,形成总结报告", TownCommand));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn severity() -> impl Strategy<Value = Severity> {
        prop::sample::select(Severity::ALL.to_vec())
    }

    #[test]
    fn the_district_commands_from_grade_two() {
        assert_eq!(Severity::I.command(), Command::District);
        assert_eq!(Severity::II.command(), Command::District);
        assert_eq!(Severity::III.command(), Command::Town);
        assert_eq!(Severity::IV.command(), Command::Town);
    }

    #[test]
    fn only_command_centres_command_and_residents_never_respond() {
        assert!(may_command(Role::TownCommand, Command::Town));
        assert!(!may_command(Role::TownCommand, Command::District));
        assert!(may_command(Role::DistrictCoordinator, Command::District));
        assert!(!may_command(Role::GridWorker, Command::Town));
        assert!(!may_respond(Role::Resident));
        assert!(may_respond(Role::GridWorker));
    }

    #[test]
    fn every_kind_has_a_plan_with_owners_and_a_closing_report() {
        for kind in IncidentKind::ALL {
            let plan = default_plan(kind);
            assert!(plan.len() >= 4, "{kind:?}");
            assert!(plan.last().is_some_and(|s| s.title.contains("总结报告")));
        }
    }

    proptest! {
        /// Once the district commands, no later grade hands command back to the town; and
        /// the district commands whenever the grade is II or above.
        #[test]
        fn district_command_is_never_handed_back(grades in prop::collection::vec(severity(), 1..12)) {
            let mut command = Command::Town;
            let mut seen_district = false;
            for g in grades {
                command = command_after(command, g);
                seen_district |= g.command() == Command::District;
                prop_assert_eq!(command == Command::District, seen_district);
            }
        }
    }
}
