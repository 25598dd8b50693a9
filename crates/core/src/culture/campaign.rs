//! Model campaigns (渭滨好人, 最美家庭): nomination, review by the culture team, a public vote,
//! announcement — in that order, never back. One vote per verified resident per campaign: the
//! person is known by their ID number, normalised here and then kept only as a keyed hash.

use crate::ids::{IdError, IdNumber};

crate::named_enum! {
    pub enum CampaignKind ("评选类别") {
        GoodPerson => ("good_person", "渭滨好人"),
        Family => ("family", "最美家庭"),
    }
}

crate::named_enum! {
    /// The phases, in order.
    pub enum Phase ("评选阶段") {
        Nomination => ("nomination", "推荐提名"),
        Review => ("review", "审核"),
        Voting => ("voting", "公众投票"),
        Announced => ("announced", "结果公布"),
    }
}

crate::named_enum! {
    pub enum NomineeState ("候选状态") {
        Nominated => ("nominated", "待审核"),
        Accepted => ("accepted", "入围"),
        Rejected => ("rejected", "未入围"),
    }
}

crate::named_enum! {
    /// How a resident was verified.
    pub enum Method ("核验方式") {
        InPerson => ("in_person", "社区现场核验"),
        PhoneCode => ("phone_code", "手机验证码核验"),
    }
}

crate::named_enum! {
    /// Where a vote was cast.
    pub enum Channel ("投票渠道") {
        Online => ("online", "网上投票"),
        Desk => ("desk", "社区现场投票"),
    }
}

impl Phase {
    /// The phase after this one.
    pub fn next(self) -> Option<Phase> {
        match self {
            Phase::Nomination => Some(Phase::Review),
            Phase::Review => Some(Phase::Voting),
            Phase::Voting => Some(Phase::Announced),
            Phase::Announced => None,
        }
    }

    /// A campaign moves only to the next phase, and voting opens only with someone to vote for.
    pub fn advance(self, to: Phase, accepted: usize) -> Result<Phase, &'static str> {
        if self.next() != Some(to) {
            return Err("评选只能进入下一阶段,不能跳过或退回");
        }
        if to == Phase::Voting && accepted == 0 {
            return Err("还没有入围的候选人,不能开始投票");
        }
        Ok(to)
    }
}

/// The ID number as it is hashed: full-width digits and letters folded, spaces dropped, `x`
/// upper-cased, then checked (GB 11643). Two spellings of one number give one person.
pub fn normalise_id(raw: &str) -> Result<IdNumber, IdError> {
    let folded: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            'ｘ' | 'Ｘ' => 'X',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    folded.parse()
}

/// The table of results from counts of votes by nominee (one pair per vote, or per group of
/// votes): highest first, ties by nominee id, so that anyone holding the votes gets the same
/// table however they were grouped.
pub fn tally(counts: impl IntoIterator<Item = (i64, i64)>) -> Vec<(i64, i64)> {
    let mut totals = std::collections::BTreeMap::new();
    for (n, c) in counts {
        *totals.entry(n).or_insert(0i64) += c;
    }
    let counts = totals;
    let mut t: Vec<(i64, i64)> = counts.into_iter().collect();
    t.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_person_is_one_number_however_it_is_typed() {
        let a = normalise_id("61030219900101007X").unwrap();
        let b = normalise_id(" ６１０３０２１９９００１０１００７ｘ ").unwrap();
        let c = normalise_id("610302 19900101 007x").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert!(
            normalise_id("610302199001010071").is_err(),
            "bad check character"
        );
    }

    #[test]
    fn phases_go_forward_one_at_a_time() {
        assert_eq!(
            Phase::Nomination.advance(Phase::Review, 0),
            Ok(Phase::Review)
        );
        assert!(Phase::Nomination.advance(Phase::Voting, 3).is_err());
        assert!(Phase::Voting.advance(Phase::Review, 3).is_err());
        assert!(Phase::Review.advance(Phase::Voting, 0).is_err());
        assert!(Phase::Announced.advance(Phase::Announced, 3).is_err());
    }

    proptest! {
        /// Any phase walk that succeeds visits the phases in order.
        #[test]
        fn no_walk_reaches_a_phase_out_of_order(steps in prop::collection::vec(0usize..4, 0..12)) {
            let mut at = Phase::Nomination;
            for s in steps {
                let to = Phase::ALL[s];
                if let Ok(p) = at.advance(to, 1) {
                    prop_assert_eq!(Phase::ALL.iter().position(|x| *x == p), Phase::ALL.iter().position(|x| *x == at).map(|i| i + 1));
                    at = p;
                }
            }
        }

        /// The tally counts every vote once and orders ties the same way every time.
        #[test]
        fn the_tally_counts_every_vote(votes in prop::collection::vec(1i64..6, 0..200)) {
            let t = tally(votes.iter().map(|v| (*v, 1)));
            prop_assert_eq!(t.iter().map(|x| x.1).sum::<i64>(), votes.len() as i64);
            let mut rev = votes.clone();
            rev.reverse();
            prop_assert_eq!(tally(rev.iter().map(|v| (*v, 1))), t.clone());
            // Grouped as a database's GROUP BY would, the same table.
            let mut grouped = std::collections::HashMap::new();
            for v in &votes {
                *grouped.entry(*v).or_insert(0i64) += 1;
            }
            prop_assert_eq!(tally(grouped), t);
        }
    }
}
