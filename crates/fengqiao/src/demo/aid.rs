//! The demo's emergency aid: applications in the first community's grids at every step of
//! the chain — waiting for the community, the town, the department; approved; paid; refused —
//! each with the decisions that brought it there.

use fengqiao_core::geo::Atlas;
use fengqiao_core::time::DAY_MS;
use fengqiao_core::{IdNumber, Level};
use fengqiao_store::services::aid::{self, DecisionRow, NewAid};
use fengqiao_store::{now_ms, Store};

/// A fictional ID number with a correct check character.
fn id_number(birth: &str, seq: u32) -> String {
    let first17 = format!("610302{birth}{seq:03}");
    let check = IdNumber::check_char(first17.as_bytes()) as char;
    format!("{first17}{check}")
}

/// (kind, name, birth, situation, amount, urgent, decisions made: (approve, reasons)…, paid).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    bool,
    &'static [(bool, &'static str)],
    Option<i64>,
);

const CASES: &[Case] = &[
    (
        "illness",
        "周桂芳",
        "19580312",
        "丈夫突发脑出血住院,自付医疗费已超过 8 万元,家中无其他收入。",
        20_000,
        true,
        &[],
        None,
    ),
    (
        "hardship",
        "马建军",
        "19760921",
        "家中房屋因暴雨部分倒塌,暂无住处,需临时安置和生活补助。",
        5_000,
        false,
        &[(true, "入户核实属实,材料齐全,同意上报。")],
        None,
    ),
    (
        "legal",
        "韩秀英",
        "19670605",
        "被拖欠工资一年多,无力聘请律师,申请法律援助追讨劳动报酬。",
        0,
        false,
        &[
            (true, "经济困难属实,同意。"),
            (true, "属于法律援助事项范围,同意报司法局。"),
        ],
        None,
    ),
    (
        "illness",
        "唐志明",
        "19890117",
        "儿子确诊白血病,化疗费用自付部分已超过家庭年收入。",
        30_000,
        false,
        &[
            (true, "情况属实。"),
            (true, "同意。"),
            (true, "符合大病救助条件,批准救助 15000 元。"),
        ],
        None,
    ),
    (
        "hardship",
        "潘玉兰",
        "19520828",
        "独居老人,冬季取暖费用无力承担。",
        2_000,
        false,
        &[
            (true, "情况属实。"),
            (true, "同意。"),
            (true, "批准临时救助 2000 元。"),
        ],
        Some(2_000),
    ),
    (
        "hardship",
        "曹伟",
        "19910403",
        "失业后生活困难。",
        3_000,
        false,
        &[(
            false,
            "家庭人均收入高于低保标准 2 倍,不符合临时救助条件;已推荐就业岗位。",
        )],
        None,
    ),
];

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    let grids: Vec<(String, String)> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid)
        .take(3)
        .map(|g| (g.code.clone(), g.path.clone()))
        .collect();
    if grids.is_empty() {
        return Ok(());
    }
    let now = now_ms();
    store
        .write(move |c| {
            Box::pin(async move {
                for (n, (kind, name, birth, situation, amount, urgent, decisions, paid)) in
                    CASES.iter().enumerate()
                {
                    let (grid, path) = &grids[n % grids.len()];
                    let at = now - (20 - n as i64 * 3) * DAY_MS;
                    let id = aid::insert(
                        c,
                        &NewAid {
                            tracking_code: fengqiao_core::ids::tracking::new("JZ"),
                            kind: (*kind).into(),
                            applicant_name: (*name).into(),
                            id_number: id_number(birth, 100 + n as u32),
                            phone: format!("139091702{n:02}"),
                            grid_code: grid.clone(),
                            region_path: path.clone(),
                            situation: (*situation).into(),
                            amount_asked: *amount,
                            urgent: *urgent,
                            created_by: "demo".into(),
                            created_at: at,
                        },
                    )
                    .await?;
                    let stages = ["community", "town", "department"];
                    let kind_rules = fengqiao_core::services::aid::AidKind::parse(kind)
                        .map(|k| k.checklist().join("\n"))
                        .unwrap_or_default();
                    for (step, (approve, reasons)) in decisions.iter().enumerate() {
                        let next = match (approve, step) {
                            (false, _) => "refused",
                            (true, 0) => "at_town",
                            (true, 1) => "at_department",
                            _ => "approved",
                        };
                        let row = DecisionRow {
                            stage: stages[step].into(),
                            approve: i64::from(*approve),
                            reasons: (*reasons).into(),
                            checked: if *approve {
                                kind_rules.clone()
                            } else {
                                String::new()
                            },
                            decided_by: "demo".into(),
                            decided_at: at + (step as i64 + 1) * DAY_MS,
                        };
                        aid::decide(c, id, &row, next).await?;
                    }
                    if let Some(p) = paid {
                        aid::pay(c, id, *p, "demo", "已转入申请人银行账户", at + 5 * DAY_MS)
                            .await?;
                    }
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}
