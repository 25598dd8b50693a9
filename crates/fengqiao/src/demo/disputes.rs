//! The demo's disputes: a few hundred cases from the last two months, at every level and
//! stage — open, escalated, agreed and waiting for follow-up, closed after follow-up, referred
//! — some high-risk and some overdue, all passed through the real workflow so that their
//! timelines, funnel and lists are what the platform itself would produce.

use super::people;
use fengqiao_core::geo::Atlas;
use fengqiao_core::mediation::{
    Action, Category, Facts, FollowUpResult, Outcome, PartyKind, PartySide, SessionMode, Source,
};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Level;
use fengqiao_store::mediation::{self as cases, NewParty, NewSession};
use fengqiao_store::{now_ms, Conn, Store, StoreError};
use fengqiao_web::mediation::service::{act_in, intake_in, search_text, ActionDetail, Intake};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub const DISPUTES: usize = 320;

pub(crate) const TEMPLATES: &[(Category, &[&str])] = &[
    (
        Category::Neighbour,
        &[
            "楼上住户夜间走动、挪动家具噪音大,多次沟通无果",
            "邻居在楼道堆放杂物,影响通行和消防安全",
            "邻居家空调外机滴水到楼下窗台",
            "相邻两户因院墙界线发生争执",
            "宠物狗夜间吠叫,影响周边住户休息",
            "楼上卫生间漏水,楼下天花板发霉",
        ],
    ),
    (
        Category::MarriageFamily,
        &[
            "夫妻因家庭琐事长期争吵,女方要求调解",
            "兄弟姐妹因赡养老人费用分担发生矛盾",
            "婆媳关系紧张,经常发生口角",
            "离婚后子女探视时间安排产生纠纷",
        ],
    ),
    (
        Category::PropertyManagement,
        &[
            "物业公司长期不维修电梯,业主拒交物业费",
            "小区停车位分配不公,业主与物业发生争执",
            "物业费上涨未经业主大会同意,多户业主不满",
        ],
    ),
    (
        Category::HousingLand,
        &[
            "村民之间宅基地界线不清,发生争执",
            "房屋租赁到期后租客拒不搬离",
        ],
    ),
    (
        Category::Contract,
        &[
            "装修工期延误,双方对违约金有争议",
            "购买二手车后发现问题,与卖方协商退款未果",
        ],
    ),
    (
        Category::Damages,
        &[
            "电动车相撞造成一人轻伤,双方对赔偿金额有争议",
            "高空坠物砸坏停放车辆,要求赔偿",
        ],
    ),
    (
        Category::LabourWages,
        &["建筑工地拖欠农民工工资", "餐馆拖欠服务员两个月工资"],
    ),
    (
        Category::LandAcquisition,
        &["道路拓宽征地补偿标准有争议,多户村民不满"],
    ),
    (
        Category::Environment,
        &[
            "餐馆油烟直排,影响周边住户",
            "养殖场异味扰民,周边村民意见很大",
        ],
    ),
    (
        Category::Traffic,
        &["小区门口车辆剐蹭,双方对责任认定有分歧"],
    ),
    (Category::Medical, &["患者家属对诊所治疗结果不满,要求赔偿"]),
    (Category::Consumer, &["健身房停业后拒不退还会员费"]),
];

pub(crate) const WEIGHTS: &[u32] = &[38, 24, 12, 4, 5, 5, 5, 1, 2, 2, 1, 1];

const THREATS: &[&str] = &[
    "对方扬言要拿刀报复,情绪十分激动",
    "当事人多次威胁要放火烧对方房子",
    "一方酒后扬言要打死对方,邻居很害怕",
];

/// Each town's joint-mediation pool: departments, a lawyer, a deputy and a committee member.
const POOL: &[(&str, &str)] = &[
    ("department", "区司法局"),
    ("department", "区信访局"),
    ("department", "区人社局"),
    ("lawyer", "秦岭律师事务所"),
    ("deputy", "区人大代表"),
    ("committee_member", "区政协委员"),
];

/// What the demo does with a case after intake.
#[derive(Clone, Copy)]
enum Fate {
    Closed,
    Agreed,
    Referred,
    Escalated,
    Open(u8),
}

pub(crate) fn pick_category(rng: &mut impl Rng) -> usize {
    let total: u32 = WEIGHTS.iter().sum();
    let mut n = rng.gen_range(0..total);
    for (i, w) in WEIGHTS.iter().enumerate() {
        if n < *w {
            return i;
        }
        n -= w;
    }
    0
}

fn session(level: i64, outcome: Outcome, notes: &str, by: &str) -> ActionDetail {
    ActionDetail {
        reason: notes.to_owned(),
        session: Some(NewSession {
            level,
            held_at: now_ms(),
            mediators: format!("[\"{by}\"]"),
            parties_present: "[]".into(),
            mode: if level > 2 {
                SessionMode::Separate
            } else {
                SessionMode::FaceToFace
            },
            outcome,
            notes: notes.into(),
            recorded_by: by.into(),
        }),
        ..ActionDetail::default()
    }
}

async fn assignee(c: &mut Conn, id: i64) -> Result<(String, i64), StoreError> {
    let row = cases::load_for_update(c, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((row.assignee.unwrap_or_else(|| "demo".into()), row.level))
}

async fn play(c: &mut Conn, id: i64, fate: Fate) -> Result<(), StoreError> {
    match fate {
        Fate::Open(sessions) => {
            for _ in 0..sessions {
                let (by, level) = assignee(c, id).await?;
                act_in(
                    c,
                    &by,
                    id,
                    Action::Session(Outcome::Failed),
                    session(level, Outcome::Failed, "双方分歧较大,约定再次调解", &by),
                )
                .await?;
            }
        }
        Fate::Escalated => {
            for _ in 0..3 {
                let (by, level) = assignee(c, id).await?;
                act_in(
                    c,
                    &by,
                    id,
                    Action::Session(Outcome::Failed),
                    session(level, Outcome::Failed, "调解未成", &by),
                )
                .await?;
            }
        }
        Fate::Referred => {
            let (by, _) = assignee(c, id).await?;
            let detail = ActionDetail {
                reason: "当事人拒绝调解,已引导至诉讼:告知可向渭滨区人民法院起诉".into(),
                referral: Some("诉讼:告知可向渭滨区人民法院起诉".into()),
                ..ActionDetail::default()
            };
            act_in(c, &by, id, Action::Refer, detail).await?;
        }
        Fate::Agreed | Fate::Closed => {
            let (by, level) = assignee(c, id).await?;
            act_in(
                c,
                &by,
                id,
                Action::Session(Outcome::Agreed),
                session(level, Outcome::Agreed, "经耐心疏导,双方达成一致", &by),
            )
            .await?;
            // Visits are recorded on their days: a closed case was agreed long enough ago for all
            // three (days 1, 3, 7), an agreed one two days ago (the first done, the next due).
            let agreed_days_ago = if matches!(fate, Fate::Closed) { 10 } else { 2 };
            let detail = ActionDetail {
                reason: "达成调解协议,安排回访".into(),
                agreement: Some((
                    "双方各退一步,按约定履行,今后互谅互让".into(),
                    "[[\"当事人甲\",0],[\"当事人乙\",0]]".into(),
                    now_ms() - agreed_days_ago * fengqiao_core::time::DAY_MS,
                )),
                ..ActionDetail::default()
            };
            act_in(c, &by, id, Action::Agree { followups: 3 }, detail).await?;
            let visits = if matches!(fate, Fate::Closed) { 3 } else { 1 };
            for _ in 0..visits {
                let detail = ActionDetail {
                    reason: "回访:情况稳定".into(),
                    followup_notes: "情况稳定".into(),
                    ..ActionDetail::default()
                };
                act_in(c, &by, id, Action::FollowUp(FollowUpResult::Stable), detail).await?;
            }
        }
    }
    Ok(())
}

/// Writes the demo disputes in one transaction.
pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x6103_0201);
    let grids: Vec<(String, String, bool)> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid)
        .map(|r| {
            (
                r.code.clone(),
                r.path.clone(),
                r.code.as_str() < "610302100",
            )
        })
        .collect();
    let urban: Vec<&(String, String, bool)> = grids.iter().filter(|g| g.2).collect();
    let rural: Vec<&(String, String, bool)> = grids.iter().filter(|g| !g.2).collect();
    let now = now_ms();
    let spots = super::spots::Spots::new(atlas);
    let mut plan = Vec::with_capacity(DISPUTES);
    for n in 0..DISPUTES {
        let pool = if rng.gen_bool(0.7) { &urban } else { &rural };
        let Some(grid) = pool.choose(&mut rng) else {
            continue;
        };
        let (category, texts) = TEMPLATES[pick_category(&mut rng)];
        let threat = rng.gen_bool(0.05);
        let mut description = (*texts.choose(&mut rng).unwrap_or(&"邻里纠纷")).to_owned();
        if threat {
            description.push(',');
            description.push_str(THREATS.choose(&mut rng).unwrap_or(&THREATS[0]));
        }
        let source = match rng.gen_range(0..100) {
            0..=54 => Source::Screening,
            55..=79 => Source::Resident,
            80..=89 => Source::Hotline12345,
            90..=97 => Source::Call110,
            _ => Source::Petition,
        };
        let people_count = if matches!(category, Category::LabourWages | Category::LandAcquisition)
        {
            rng.gen_range(3..25)
        } else {
            2
        };
        let mut parties = Vec::new();
        for side in [PartySide::Applicant, PartySide::Respondent] {
            parties.push(NewParty {
                side,
                kind: PartyKind::Person,
                name: people::person(&mut rng),
                phone: Some(format!("1700001{:04}", (n * 2 + parties.len()) % 10_000)),
                id_number: None,
                vulnerability: rng.gen_bool(0.08).then(|| "elderly".to_owned()),
            });
        }
        // The last few are petition backlog cases that have outrun even the joint level's
        // deadline, so the supervision list (督办) has something on it.
        let backlog = n >= DISPUTES - 6;
        let source = if backlog { Source::Petition } else { source };
        let fate = match rng.gen_range(0..100) {
            _ if backlog => Fate::Open(1),
            0..=34 => Fate::Closed,
            35..=49 => Fate::Agreed,
            50..=57 => Fate::Referred,
            58..=72 => Fate::Escalated,
            _ => Fate::Open(rng.gen_range(0..3)),
        };
        // Settled cases spread over 90 days; most open ones are recent, a fifth have run late.
        let age_days = match fate {
            _ if backlog => rng.gen_range(31..60),
            Fate::Closed | Fate::Agreed | Fate::Referred => rng.gen_range(1..12),
            _ if rng.gen_bool(0.2) => rng.gen_range(5..60),
            _ => rng.gen_range(0..3),
        };
        let spot = (n % 5 != 0).then(|| spots.at(&grid.0, n)).flatten();
        let intake = Intake {
            facts: Facts {
                category,
                source,
                people: people_count,
                households: if category == Category::PropertyManagement {
                    rng.gen_range(1..12)
                } else {
                    1
                },
                whole_compound: false,
                litigation: false,
                minor_fight: false,
                amount_yuan: if category == Category::LabourWages {
                    f64::from(rng.gen_range(5..300)) * 1000.0
                } else {
                    0.0
                },
            },
            description,
            // One in five was reported without a place more exact than its grid.
            grid_code: grid.0.clone(),
            region_path: grid.1.clone(),
            // A door of its own: cases at one address count as repeats and raise the risk.
            address: spot
                .as_ref()
                .map(|s| format!("{}{}号楼{}室", s.0, n % 6 + 1, 101 + n))
                .unwrap_or_default(),
            lon: spot.as_ref().map(|s| s.1),
            lat: spot.as_ref().map(|s| s.2),
            parties,
            reporter_phone: None,
            idempotency_key: None,
            photos: Vec::new(),
        };
        plan.push((
            intake,
            now - age_days * DAY_MS - rng.gen_range(0..DAY_MS),
            fate,
        ));
    }
    let count = plan.len();
    let towns: Vec<String> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Town)
        .map(|r| r.code.clone())
        .collect();
    let mut pool = Vec::new();
    for town in &towns {
        for (kind, organisation) in POOL {
            pool.push((people::person(&mut rng), *kind, *organisation, town.clone()));
        }
    }
    store
        .write(move |c| {
            Box::pin(async move {
                for (name, kind, organisation, town) in &pool {
                    cases::add_mediator(c, name, kind, organisation, town, "demo").await?;
                }
                for (intake, created_at, fate) in plan {
                    let search = search_text(&intake);
                    let id = intake_in(c, "demo", intake, created_at, search).await?.id();
                    play(c, id, fate).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(count)
}
