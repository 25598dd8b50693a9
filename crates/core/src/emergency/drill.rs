//! Drills (演练): counter-terror and emergency exercises. What a drill does is an exercise
//! wherever it shows; what it finds may add a step to the response plan it tested.

crate::named_enum! {
    pub enum DrillKind ("演练类型") {
        CounterTerror => ("counter_terror", "反恐演练"),
        Emergency => ("emergency", "应急演练"),
    }
}

/// Days given to apply a finding to its plan unless the drill says otherwise.
pub const FINDING_DAYS: i64 = 30;
