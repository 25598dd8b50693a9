//! The heroism fund's books (见义勇为基金): double entry in fen. Accounts are opened before
//! use; every entry balances; nothing is edited or deleted — a correction is a new entry that
//! reverses the one it corrects; no entry is dated inside a closed period. The books export as
//! Beancount so that an accountant can check them with their own tools.

use std::collections::BTreeMap;
use std::fmt::Write as _;

crate::named_enum! {
    /// What an account is for; the Beancount root follows from it.
    pub enum AccountKind ("账户类别") {
        Bank => ("bank", "银行存款"),
        Donations => ("donations", "捐赠收入"),
        Awards => ("awards", "见义勇为奖励"),
        Medical => ("medical", "医疗救助"),
        Administration => ("administration", "管理费用"),
    }
}

impl AccountKind {
    /// `Assets`, `Income` or `Expenses`.
    pub fn root(self) -> &'static str {
        match self {
            AccountKind::Bank => "Assets",
            AccountKind::Donations => "Income",
            AccountKind::Awards | AccountKind::Medical | AccountKind::Administration => "Expenses",
        }
    }

    /// Whether money leaving the fund on this account is a payout to a person.
    pub fn is_payout(self) -> bool {
        matches!(self, AccountKind::Awards | AccountKind::Medical)
    }
}

/// An account as the books know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Beancount name, e.g. `Assets:Bank:ICBC`.
    pub code: String,
    pub name: String,
    pub kind: AccountKind,
    /// Beijing day (`YYYY-MM-DD`) it was opened.
    pub opened_on: String,
}

/// One line of an entry: an account and an amount in fen (debit positive, credit negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub account: String,
    pub fen: i64,
}

/// An entry as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub narration: String,
    pub postings: Vec<Posting>,
    /// The entry this one reverses.
    pub reverses: Option<i64>,
}

/// Why the books refuse an entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("一笔分录至少要有两行")]
    TooFewLines,
    #[error("金额不能为零")]
    ZeroLine,
    #[error("单行金额超出范围")]
    TooLarge,
    #[error("借贷不平衡:合计差 {0}")]
    Unbalanced(String),
    #[error("科目「{0}」尚未开设")]
    UnknownAccount(String),
    #[error("科目「{0}」在 {1} 才开设,不能记入更早的日期")]
    NotYetOpen(String, String),
    #[error("{0} 及以前的会计期间已结账,不能再记账")]
    ClosedPeriod(String),
    #[error("日期格式应为 2026-12-01")]
    BadDate,
    #[error("科目代码应像 Assets:Bank:ICBC(英文字母开头,冒号分级)")]
    BadAccountCode,
    #[error("科目代码应以 {0} 开头")]
    WrongRoot(&'static str),
}

/// Largest amount on one line: a hundred million yuan.
pub const MAX_FEN: i64 = 10_000_000_000;

/// Checks a Beancount account name against its kind: `Root:Part(:Part)*`, each part starting
/// with a capital letter or digit, then letters, digits or hyphens.
pub fn check_account_code(code: &str, kind: AccountKind) -> Result<(), LedgerError> {
    let mut parts = code.split(':');
    if parts.next() != Some(kind.root()) {
        return Err(LedgerError::WrongRoot(kind.root()));
    }
    let mut n = 0;
    for p in parts {
        n += 1;
        let mut chars = p.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(LedgerError::BadAccountCode);
        }
    }
    if n == 0 {
        return Err(LedgerError::BadAccountCode);
    }
    Ok(())
}

fn valid_day(d: &str) -> bool {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() && d.len() == 10
}

/// Checks an entry before it is recorded: the books as they are (`accounts`), and the last
/// closed day (`closed_through`).
pub fn check(
    date: &str,
    postings: &[Posting],
    accounts: &[Account],
    closed_through: Option<&str>,
) -> Result<(), LedgerError> {
    if !valid_day(date) {
        return Err(LedgerError::BadDate);
    }
    if let Some(c) = closed_through.filter(|c| date <= *c) {
        return Err(LedgerError::ClosedPeriod(c.to_owned()));
    }
    if postings.len() < 2 {
        return Err(LedgerError::TooFewLines);
    }
    let mut sum: i64 = 0;
    for p in postings {
        if p.fen == 0 {
            return Err(LedgerError::ZeroLine);
        }
        if p.fen.abs() > MAX_FEN {
            return Err(LedgerError::TooLarge);
        }
        let a = accounts
            .iter()
            .find(|a| a.code == p.account)
            .ok_or_else(|| LedgerError::UnknownAccount(p.account.clone()))?;
        if date < a.opened_on.as_str() {
            return Err(LedgerError::NotYetOpen(a.name.clone(), a.opened_on.clone()));
        }
        sum += p.fen;
    }
    if sum != 0 {
        return Err(LedgerError::Unbalanced(yuan(sum)));
    }
    Ok(())
}

/// The postings that undo an entry.
pub fn reversal(postings: &[Posting]) -> Vec<Posting> {
    postings
        .iter()
        .map(|p| Posting {
            account: p.account.clone(),
            fen: -p.fen,
        })
        .collect()
}

/// `1234` fen as `12.34`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        fen.unsigned_abs() / 100,
        fen.unsigned_abs() % 100
    )
}

/// Parses `12.34`, `12.3`, `12` into fen; `None` for anything else or more than two decimals.
pub fn parse_yuan(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || whole.len() > 12
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    let fen = whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?;
    Some(if neg { -fen } else { fen })
}

/// Balances by account code after every entry dated on or before `through` (all if none).
pub fn balances<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    through: Option<&str>,
) -> BTreeMap<String, i64> {
    let mut b = BTreeMap::new();
    for e in entries {
        if through.is_some_and(|t| e.date.as_str() > t) {
            continue;
        }
        for p in &e.postings {
            *b.entry(p.account.clone()).or_insert(0) += p.fen;
        }
    }
    b
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The books as a Beancount file: the accounts opened, every entry in date order (a reversal
/// carries `reverses:` naming the entry it undoes), and for every closed period a `balance`
/// assertion per account on the day after it, so that `bean-check` proves the closing balances.
pub fn beancount(
    title: &str,
    accounts: &[Account],
    entries: &[Entry],
    closed: &[String],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "; {title}\noption \"title\" {}\noption \"operating_currency\" \"CNY\"\n",
        quoted(title)
    );
    let mut accs: Vec<&Account> = accounts.iter().collect();
    accs.sort_by(|a, b| (&a.opened_on, &a.code).cmp(&(&b.opened_on, &b.code)));
    for a in accs {
        let _ = writeln!(
            out,
            "{} open {} CNY\n  name: {}",
            a.opened_on,
            a.code,
            quoted(&a.name)
        );
    }
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| (&a.date, a.id).cmp(&(&b.date, b.id)));
    for e in sorted {
        let _ = writeln!(
            out,
            "\n{} * {}\n  entry: {}",
            e.date,
            quoted(&e.narration),
            e.id
        );
        if let Some(r) = e.reverses {
            let _ = writeln!(out, "  reverses: {r}");
        }
        for p in &e.postings {
            let _ = writeln!(out, "  {}  {} CNY", p.account, yuan(p.fen));
        }
    }
    for day in closed {
        let Some(next) = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.succ_opt())
        else {
            continue;
        };
        let next = next.format("%Y-%m-%d").to_string();
        let b = balances(entries, Some(day));
        out.push('\n');
        for a in accounts
            .iter()
            .filter(|a| a.opened_on.as_str() < next.as_str())
        {
            let _ = writeln!(
                out,
                "{next} balance {} {} CNY",
                a.code,
                yuan(*b.get(&a.code).unwrap_or(&0))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn books() -> Vec<Account> {
        vec![
            Account {
                code: "Assets:Bank".into(),
                name: "基金专户".into(),
                kind: AccountKind::Bank,
                opened_on: "2026-01-01".into(),
            },
            Account {
                code: "Income:Donations".into(),
                name: "社会捐赠".into(),
                kind: AccountKind::Donations,
                opened_on: "2026-01-01".into(),
            },
            Account {
                code: "Expenses:Awards".into(),
                name: "奖励".into(),
                kind: AccountKind::Awards,
                opened_on: "2026-03-01".into(),
            },
        ]
    }

    fn p(a: &str, fen: i64) -> Posting {
        Posting {
            account: a.into(),
            fen,
        }
    }

    #[test]
    fn a_balanced_entry_on_open_accounts_is_accepted() {
        assert_eq!(
            check(
                "2026-02-01",
                &[p("Assets:Bank", 50_000), p("Income:Donations", -50_000)],
                &books(),
                None
            ),
            Ok(())
        );
    }

    #[test]
    fn an_unbalanced_entry_is_refused_with_the_difference() {
        let e = check(
            "2026-02-01",
            &[p("Assets:Bank", 50_000), p("Income:Donations", -49_999)],
            &books(),
            None,
        );
        assert_eq!(e, Err(LedgerError::Unbalanced("0.01".into())));
    }

    #[test]
    fn accounts_are_opened_before_use_and_closed_periods_stay_closed() {
        let e = check(
            "2026-02-01",
            &[p("Expenses:Awards", 1), p("Assets:Bank", -1)],
            &books(),
            None,
        );
        assert!(matches!(e, Err(LedgerError::NotYetOpen(..))));
        let e = check(
            "2026-02-01",
            &[p("Expenses:Other", 1), p("Assets:Bank", -1)],
            &books(),
            None,
        );
        assert!(matches!(e, Err(LedgerError::UnknownAccount(..))));
        let e = check(
            "2026-03-31",
            &[p("Expenses:Awards", 1), p("Assets:Bank", -1)],
            &books(),
            Some("2026-03-31"),
        );
        assert!(matches!(e, Err(LedgerError::ClosedPeriod(..))));
        assert_eq!(
            check(
                "2026-04-01",
                &[p("Expenses:Awards", 1), p("Assets:Bank", -1)],
                &books(),
                Some("2026-03-31")
            ),
            Ok(())
        );
    }

    #[test]
    fn account_codes_follow_beancount_and_their_kind() {
        assert_eq!(
            check_account_code("Assets:Bank:ICBC-01", AccountKind::Bank),
            Ok(())
        );
        assert_eq!(
            check_account_code("Income:Bank", AccountKind::Bank),
            Err(LedgerError::WrongRoot("Assets"))
        );
        assert_eq!(
            check_account_code("Assets", AccountKind::Bank),
            Err(LedgerError::BadAccountCode)
        );
        assert_eq!(
            check_account_code("Assets:bank", AccountKind::Bank),
            Err(LedgerError::BadAccountCode)
        );
        assert_eq!(
            check_account_code("Assets:银行", AccountKind::Bank),
            Err(LedgerError::BadAccountCode)
        );
    }

    #[test]
    fn yuan_is_written_and_read_to_the_fen() {
        assert_eq!(yuan(-1205), "-12.05");
        assert_eq!(parse_yuan("12.5"), Some(1250));
        assert_eq!(parse_yuan("12"), Some(1200));
        assert_eq!(parse_yuan("12.345"), None);
        assert_eq!(parse_yuan("1e3"), None);
    }

    #[test]
    fn the_export_names_reversals_and_asserts_closing_balances() {
        let e = vec![
            Entry {
                id: 1,
                date: "2026-02-01".into(),
                narration: "捐赠 \"某公司\"".into(),
                postings: vec![p("Assets:Bank", 100_000), p("Income:Donations", -100_000)],
                reverses: None,
            },
            Entry {
                id: 2,
                date: "2026-02-02".into(),
                narration: "冲正".into(),
                postings: reversal(&[p("Assets:Bank", 100_000), p("Income:Donations", -100_000)]),
                reverses: Some(1),
            },
        ];
        let text = beancount("基金", &books(), &e, &["2026-02-28".into()]);
        assert!(
            text.contains(
                "2026-02-02 * \"冲正\"\n  entry: 2\n  reverses: 1\n  Assets:Bank  -1000.00 CNY"
            ),
            "{text}"
        );
        assert!(text.contains("\\\"某公司\\\""));
        assert!(
            text.contains("2026-03-01 balance Assets:Bank 0.00 CNY"),
            "{text}"
        );
        assert!(
            !text.contains("balance Expenses:Awards"),
            "not open before the assertion: {text}"
        );
    }

    proptest! {
        /// Whatever balanced entries are recorded, with their reversals, the books sum to zero,
        /// and reversing every entry brings each account back to nothing.
        #[test]
        fn reversals_undo_and_the_books_always_balance(amounts in prop::collection::vec(1i64..MAX_FEN, 1..20)) {
            let accs = books();
            let mut entries = Vec::new();
            for (i, a) in amounts.iter().enumerate() {
                let lines = vec![p("Assets:Bank", *a), p("Income:Donations", -*a)];
                prop_assert_eq!(check("2026-02-01", &lines, &accs, None), Ok(()));
                entries.push(Entry { id: i as i64, date: "2026-02-01".into(), narration: String::new(), postings: lines, reverses: None });
            }
            let total: i64 = balances(&entries, None).values().sum();
            prop_assert_eq!(total, 0);
            let undo: Vec<Entry> = entries.iter().map(|e| Entry { reverses: Some(e.id), postings: reversal(&e.postings), ..e.clone() }).collect();
            for u in &undo {
                prop_assert_eq!(check("2026-02-02", &u.postings, &accs, None), Ok(()));
            }
            entries.extend(undo);
            prop_assert!(balances(&entries, None).values().all(|v| *v == 0));
        }

        /// A single line off by any amount is refused.
        #[test]
        fn any_imbalance_is_refused(a in 1i64..MAX_FEN, off in 1i64..1000) {
            let lines = vec![p("Assets:Bank", a), p("Income:Donations", -a + off)];
            prop_assert!(matches!(check("2026-02-01", &lines, &books(), None), Err(LedgerError::Unbalanced(_))));
        }
    }
}
