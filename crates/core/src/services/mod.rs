//! The catalogue of what residents and outside systems can report: a dispute of any standard
//! category (handled by four-level mediation), a hazard (安全隐患), a need (服务诉求) or an
//! eco-safety problem in the Qinling foothills (生态问题), each under one service code. The
//! Open311 interface and the report page both read it.

pub mod aid;
pub mod booking;
pub mod care;
pub mod counselling;

use crate::mediation::Category;
use crate::prevention::eco::EcoKind;

/// What a service is handled as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    /// A dispute of this category, through four-level mediation.
    Dispute(Category),
    /// A hazard for the grid worker to check and remove, due within a day.
    Hazard,
    /// A need for the grid worker to arrange help with, due within three days.
    Need,
    /// An eco-safety problem, routed to the department that answers for its kind.
    Eco(EcoKind),
}

impl Handling {
    /// `dispute`, `hazard` or `need`.
    pub fn kind(self) -> &'static str {
        match self {
            Handling::Dispute(_) => "dispute",
            Handling::Hazard => "hazard",
            Handling::Need => "need",
            Handling::Eco(_) => "eco",
        }
    }

    /// Days the grid worker has to handle a request of this kind.
    pub fn due_days(self) -> i64 {
        match self {
            Handling::Hazard => 1,
            _ => 3,
        }
    }
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub code: &'static str,
    pub name: &'static str,
    pub group: &'static str,
    pub description: &'static str,
    pub handling: Handling,
}

const HAZARDS: &[(&str, &str, &str)] = &[
    (
        "hazard-fire",
        "消防安全隐患",
        "楼道堆物、电动车室内充电、消防通道堵塞等",
    ),
    (
        "hazard-building",
        "房屋设施安全",
        "危房、外墙脱落、电梯故障等",
    ),
    (
        "hazard-road",
        "道路井盖隐患",
        "井盖缺失、路面塌陷、路灯损坏等",
    ),
    ("hazard-public", "治安隐患", "可疑情况、聚集滋事苗头等"),
];

const NEEDS: &[(&str, &str, &str)] = &[
    ("need-elderly", "助老助残", "独居老人、残疾人需要照料或帮扶"),
    ("need-legal", "法律咨询", "需要律师或法律援助"),
    ("need-counselling", "心理疏导", "需要心理咨询或情绪疏导"),
    ("need-repair", "公共设施报修", "小区公共设施损坏需要维修"),
    ("need-other", "其他诉求", "其他需要社区帮助的事"),
    // 民生实事代办: the grid worker (or a volunteer) does the errand and replies when it is done.
    (
        "need-errand",
        "民生实事代办",
        "行动不便、外出务工等不方便亲自办理的事,请网格员或志愿者代办",
    ),
    // The feedback book (意见簿): answered and counted like every other request.
    (
        "need-feedback",
        "意见建议",
        "对社区、镇街工作的意见和建议,工作人员会答复",
    ),
];

/// Every service, disputes first.
pub fn catalogue() -> Vec<Service> {
    let disputes = Category::ALL.iter().map(|c| Service {
        code: dispute_code(*c),
        name: c.label(),
        group: "矛盾纠纷",
        description: "邻里、家庭、物业、欠薪等矛盾纠纷,按四级联调化解",
        handling: Handling::Dispute(*c),
    });
    let hazards = HAZARDS.iter().map(|(code, name, d)| Service {
        code,
        name,
        group: "安全隐患",
        description: d,
        handling: Handling::Hazard,
    });
    let needs = NEEDS.iter().map(|(code, name, d)| Service {
        code,
        name,
        group: "服务诉求",
        description: d,
        handling: Handling::Need,
    });
    let eco = EcoKind::ALL.iter().map(|k| Service {
        code: k.service_code(),
        name: k.label(),
        group: "生态环境(秦岭北麓)",
        description: "乱搭乱建、乱砍乱伐、乱采乱挖、乱排乱放、乱捕乱猎和受伤、受困的野生动物;公开页面只显示大致位置",
        handling: Handling::Eco(*k),
    });
    disputes.chain(hazards).chain(needs).chain(eco).collect()
}

/// The service code of a dispute category.
pub fn dispute_code(c: Category) -> &'static str {
    match c {
        Category::MarriageFamily => "dispute-marriage-family",
        Category::Neighbour => "dispute-neighbour",
        Category::HousingLand => "dispute-housing-land",
        Category::PropertyManagement => "dispute-property-management",
        Category::Contract => "dispute-contract",
        Category::Damages => "dispute-damages",
        Category::LabourWages => "dispute-labour-wages",
        Category::LandAcquisition => "dispute-land-acquisition",
        Category::Environment => "dispute-environment",
        Category::Traffic => "dispute-traffic",
        Category::Medical => "dispute-medical",
        Category::Consumer => "dispute-consumer",
        Category::Other => "dispute-other",
    }
}

/// A service by its code.
pub fn find(code: &str) -> Option<Service> {
    catalogue().into_iter().find(|s| s.code == code)
}

crate::named_enum! {
    /// Where a hazard or need stands: 待受理 open → 办理中 accepted → 已办结 done.
    pub enum RequestStatus ("办理状态") {
        Open => ("open", "待受理"),
        Accepted => ("accepted", "办理中"),
        Done => ("done", "已办结"),
    }
}

/// What staff do to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Accept,
    Done,
}

impl Step {
    pub fn parse(s: &str) -> Option<Step> {
        match s {
            "accept" => Some(Step::Accept),
            "done" => Some(Step::Done),
            _ => None,
        }
    }

    /// The step's name in URLs, as [`Step::parse`] reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Accept => "accept",
            Step::Done => "done",
        }
    }
}

impl RequestStatus {
    /// The status after a step, or `None` when the step does not apply: a request is accepted
    /// once, from open; it can be finished from open or accepted; a finished one stays finished.
    pub fn after(self, step: Step) -> Option<RequestStatus> {
        match (self, step) {
            (RequestStatus::Open, Step::Accept) => Some(RequestStatus::Accepted),
            (RequestStatus::Open | RequestStatus::Accepted, Step::Done) => {
                Some(RequestStatus::Done)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![Just(Step::Accept), Just(Step::Done)]
    }

    proptest! {
        #[test]
        fn requests_only_move_forward_and_finish_once(steps in proptest::collection::vec(step(), 0..12)) {
            let mut status = RequestStatus::Open;
            let mut finished = 0;
            for s in steps {
                match status.after(s) {
                    Some(next) => {
                        prop_assert!(next != RequestStatus::Open, "nothing goes back to open");
                        prop_assert!(status != RequestStatus::Done, "a finished request stays finished");
                        if next == RequestStatus::Done {
                            finished += 1;
                        }
                        status = next;
                    }
                    None => prop_assert!(status == RequestStatus::Done || (status == RequestStatus::Accepted && s == Step::Accept)),
                }
                prop_assert_eq!(RequestStatus::parse(status.as_str()), Some(status));
            }
            prop_assert!(finished <= 1);
        }
    }

    #[test]
    fn every_code_is_unique_and_found() {
        let all = catalogue();
        for s in &all {
            assert_eq!(find(s.code), Some(*s));
            assert!(!s.code.contains('.'), "a dot would read as a format suffix");
        }
        let mut codes: Vec<_> = all.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn every_dispute_category_has_a_service() {
        for c in Category::ALL {
            assert_eq!(
                find(dispute_code(c)).map(|s| s.handling),
                Some(Handling::Dispute(c))
            );
        }
    }
}
