//! Early warning against disputes turning into crimes (民转刑): a score with the reasons shown.
//! Threat words are matched on segmented words, so 打 inside 打扫 does not count.

use crate::risk::RiskLevel;
use crate::text::words;
use serde::Serialize;

/// Words of threat or violence.
const THREAT_WORDS: &[&str] = &[
    "杀",
    "砍",
    "捅",
    "打",
    "打死",
    "弄死",
    "杀了",
    "砍死",
    "报复",
    "同归于尽",
    "拼命",
    "放火",
    "烧死",
    "炸",
    "炸药",
    "汽油",
    "刀",
    "菜刀",
    "跳楼",
    "自杀",
    "喝药",
    "威胁",
    "殴打",
    "打人",
    "揍",
    "血债",
    "灭门",
    "泼硫酸",
];

crate::named_enum! {
    /// A vulnerable party.
    pub enum Vulnerability ("特殊群体") {
        Elderly => ("elderly", "老年人"),
        Minor => ("minor", "未成年人"),
        Disabled => ("disabled", "残疾人"),
    }
}

/// What the score looks at.
#[derive(Debug, Clone, Default)]
pub struct RiskInput<'a> {
    /// The description and every session's notes.
    pub texts: Vec<&'a str>,
    /// Other disputes between the same parties or at the same address in the last 90 days.
    pub repeats: u32,
    pub vulnerable: Vec<Vulnerability>,
    pub people: u32,
    pub overdue: bool,
}

/// The score, its level and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskAssessment {
    pub score: u32,
    pub level: RiskLevel,
    pub reasons: Vec<String>,
}

impl RiskAssessment {
    /// High risk escalates at once and alerts the station and the town centre.
    pub fn is_high(&self) -> bool {
        self.level == RiskLevel::Red
    }
}

pub fn assess(input: &RiskInput<'_>) -> RiskAssessment {
    let mut score = 0;
    let mut reasons = Vec::new();
    let mut threats: Vec<&str> = input
        .texts
        .iter()
        .flat_map(|t| words(t))
        .filter(|w| THREAT_WORDS.contains(w))
        .collect();
    threats.sort_unstable();
    threats.dedup();
    if !threats.is_empty() {
        score += (40 + 10 * (threats.len() as u32 - 1)).min(60);
        reasons.push(format!("出现威胁或暴力言语:{}", threats.join("、")));
    }
    if input.repeats > 0 {
        score += (20 * input.repeats).min(40);
        reasons.push(format!(
            "90 天内同一当事人或同一地点另有 {} 起纠纷",
            input.repeats
        ));
    }
    let mut vulnerable = input.vulnerable.clone();
    vulnerable.dedup();
    if !vulnerable.is_empty() {
        score += 15;
        let names: Vec<_> = vulnerable.iter().map(|v| v.label()).collect();
        reasons.push(format!("当事人中有{}", names.join("、")));
    }
    if input.people >= 30 {
        score += 30;
        reasons.push(format!("涉及 {} 人,规模较大", input.people));
    } else if input.people >= 10 {
        score += 20;
        reasons.push(format!("群体性纠纷,涉及 {} 人", input.people));
    }
    if input.overdue {
        score += 15;
        // History, not the present: the deadline sweep escalates the case at once and gives it
        // a new deadline, so "is overdue" would soon be false beside it.
        reasons.push("曾超过办理期限未化解".into());
    }
    let level = match score {
        60.. => RiskLevel::Red,
        40.. => RiskLevel::Orange,
        20.. => RiskLevel::Yellow,
        _ => RiskLevel::Blue,
    };
    RiskAssessment {
        score,
        level,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A threat word missing from the dictionary would be split and never matched whole.
    #[test]
    fn every_threat_word_is_a_word_of_the_dictionary() {
        for w in THREAT_WORDS {
            assert!(crate::text::is_word(w), "{w}");
        }
    }

    #[test]
    fn sweeping_the_stairs_is_not_a_threat_but_a_threat_to_hit_is() {
        let calm = assess(&RiskInput {
            texts: vec!["他每天打扫楼道,邻居嫌吵"],
            ..RiskInput::default()
        });
        assert_eq!(calm.level, RiskLevel::Blue);
        assert!(calm.reasons.is_empty());
        let threat = assess(&RiskInput {
            texts: vec!["他扬言要打我"],
            ..RiskInput::default()
        });
        assert_eq!(threat.score, 40);
        assert!(threat.reasons[0].contains('打'));
    }

    #[test]
    fn threats_with_a_repeat_dispute_are_high_risk() {
        let a = assess(&RiskInput {
            texts: vec!["说要拿刀报复"],
            repeats: 1,
            ..RiskInput::default()
        });
        assert!(a.is_high(), "{a:?}");
        assert_eq!(a.reasons.len(), 2);
    }

    #[test]
    fn vulnerable_parties_collective_size_and_overdue_each_count() {
        let a = assess(&RiskInput {
            vulnerable: vec![Vulnerability::Elderly],
            people: 12,
            overdue: true,
            ..RiskInput::default()
        });
        assert_eq!(a.score, 50);
        assert_eq!(a.level, RiskLevel::Orange);
    }
}
