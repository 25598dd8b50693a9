//! The demo's serving residents: this year's official holidays and a provisional next year
//! (`holidays/`), a catalogue of forty high-frequency matters with their guides, and a few
//! online applications at each state; the centres and their rooms
//! (`centres.rs`) emergency aid at every step (`aid.rs`) and the counsellors
//! (`counselling.rs`); the care register with its visits (`care.rs`).

use fengqiao_core::geo::Atlas;
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Level;
use fengqiao_store::services::applications::{self, NewApplication};
use fengqiao_store::services::{calendar, matters};
use fengqiao_store::{now_ms, Store};

/// (code, name, group, time limit in working days, materials, where).
const MATTERS: &[(&str, &str, &str, i64, &str, &str)] = &[
    (
        "elderly-allowance",
        "高龄老人补贴申请",
        "老龄服务",
        10,
        "身份证、户口簿、银行卡",
        "社区便民服务站",
    ),
    (
        "elderly-card",
        "老年人优待证办理",
        "老龄服务",
        5,
        "身份证、一寸照片",
        "社区便民服务站",
    ),
    (
        "home-care",
        "居家养老服务申请",
        "老龄服务",
        10,
        "身份证、能力评估表",
        "镇街社会事务办",
    ),
    (
        "care-assessment",
        "老年人能力评估申请",
        "老龄服务",
        15,
        "身份证、医院诊断材料",
        "镇街社会事务办",
    ),
    (
        "dibao",
        "城乡最低生活保障申请",
        "社会救助",
        20,
        "身份证、户口簿、家庭收入说明、银行卡",
        "社区便民服务站",
    ),
    (
        "tekun",
        "特困人员救助供养申请",
        "社会救助",
        20,
        "身份证、户口簿、收入财产说明",
        "社区便民服务站",
    ),
    (
        "temp-aid",
        "临时救助申请",
        "社会救助",
        10,
        "身份证、困难情况说明及证明材料",
        "社区便民服务站",
    ),
    (
        "disability-card",
        "残疾人证办理",
        "残疾人服务",
        20,
        "身份证、户口簿、二寸照片",
        "社区便民服务站",
    ),
    (
        "disability-subsidy",
        "困难残疾人生活补贴申请",
        "残疾人服务",
        15,
        "身份证、残疾人证、银行卡",
        "社区便民服务站",
    ),
    (
        "nursing-subsidy",
        "重度残疾人护理补贴申请",
        "残疾人服务",
        15,
        "身份证、残疾人证、银行卡",
        "社区便民服务站",
    ),
    (
        "assistive-device",
        "残疾人辅助器具申请",
        "残疾人服务",
        15,
        "身份证、残疾人证",
        "镇街残联",
    ),
    (
        "residence-cert",
        "居住证办理",
        "户籍与证明",
        10,
        "身份证、居住证明(租房合同或房产证)",
        "派出所户籍窗口",
    ),
    (
        "household-move",
        "户口迁入申请",
        "户籍与证明",
        10,
        "身份证、户口簿、落户依据材料",
        "派出所户籍窗口",
    ),
    (
        "no-crime-cert",
        "无犯罪记录证明",
        "户籍与证明",
        3,
        "身份证",
        "派出所户籍窗口",
    ),
    (
        "kinship-cert",
        "亲属关系证明",
        "户籍与证明",
        5,
        "身份证、户口簿",
        "派出所户籍窗口",
    ),
    (
        "birth-register",
        "生育登记",
        "卫生健康",
        3,
        "夫妻双方身份证、结婚证",
        "社区便民服务站",
    ),
    (
        "only-child-award",
        "独生子女父母奖励申请",
        "卫生健康",
        15,
        "身份证、独生子女父母光荣证",
        "社区便民服务站",
    ),
    (
        "family-doctor",
        "家庭医生签约",
        "卫生健康",
        3,
        "身份证、医保卡",
        "社区卫生服务站",
    ),
    (
        "chronic-card",
        "慢性病门诊待遇申请",
        "卫生健康",
        15,
        "身份证、医保卡、诊断证明",
        "镇街医保服务站",
    ),
    (
        "pension-enrol",
        "城乡居民养老保险参保登记",
        "社会保障",
        5,
        "身份证、户口簿",
        "社区便民服务站",
    ),
    (
        "pension-claim",
        "城乡居民养老金领取申请",
        "社会保障",
        10,
        "身份证、银行卡",
        "社区便民服务站",
    ),
    (
        "medical-enrol",
        "城乡居民医疗保险参保登记",
        "社会保障",
        3,
        "身份证、户口簿",
        "社区便民服务站",
    ),
    (
        "medical-reimburse",
        "异地就医备案",
        "社会保障",
        3,
        "身份证、医保卡",
        "镇街医保服务站",
    ),
    (
        "survivor-benefit",
        "丧葬补助金与抚恤金申领",
        "社会保障",
        10,
        "身份证、死亡证明、亲属关系证明",
        "镇街社保所",
    ),
    (
        "job-register",
        "失业登记",
        "就业创业",
        3,
        "身份证、解除劳动合同证明",
        "社区就业服务站",
    ),
    (
        "job-training",
        "职业技能培训报名",
        "就业创业",
        5,
        "身份证、学历证明",
        "社区就业服务站",
    ),
    (
        "startup-loan",
        "创业担保贷款申请",
        "就业创业",
        20,
        "身份证、营业执照、创业计划书",
        "区就业服务中心",
    ),
    (
        "flexible-subsidy",
        "灵活就业社保补贴申请",
        "就业创业",
        15,
        "身份证、就业困难人员证明、缴费凭证",
        "社区就业服务站",
    ),
    (
        "legal-aid",
        "法律援助申请",
        "法律服务",
        7,
        "身份证、经济困难说明、案件材料",
        "镇街法律服务所",
    ),
    (
        "legal-consult",
        "公共法律服务咨询预约",
        "法律服务",
        2,
        "身份证",
        "社区法律顾问",
    ),
    (
        "mediation-apply",
        "人民调解申请",
        "法律服务",
        3,
        "身份证、纠纷情况说明",
        "社区人民调解委员会",
    ),
    (
        "notary-guide",
        "公证事项预约",
        "法律服务",
        5,
        "身份证、公证事项材料",
        "区公证处",
    ),
    (
        "housing-subsidy",
        "公租房申请",
        "住房保障",
        20,
        "身份证、户口簿、收入及住房情况证明",
        "镇街住房保障窗口",
    ),
    (
        "rent-subsidy",
        "住房租赁补贴申请",
        "住房保障",
        20,
        "身份证、租赁合同、收入证明",
        "镇街住房保障窗口",
    ),
    (
        "old-house-repair",
        "老旧小区改造意见登记",
        "住房保障",
        10,
        "房产证或居住证明",
        "社区居委会",
    ),
    (
        "veteran-register",
        "退役军人信息采集",
        "退役军人服务",
        5,
        "身份证、退役证件",
        "社区退役军人服务站",
    ),
    (
        "veteran-aid",
        "退役军人帮扶援助申请",
        "退役军人服务",
        15,
        "身份证、退役证件、困难情况说明",
        "镇街退役军人服务站",
    ),
    (
        "student-aid",
        "困难家庭学生资助申请",
        "教育",
        15,
        "身份证、学籍证明、困难情况说明",
        "社区便民服务站",
    ),
    (
        "enrol-cert",
        "入学居住证明开具",
        "教育",
        3,
        "户口簿、房产证或租赁合同",
        "社区居委会",
    ),
    (
        "party-transfer",
        "党员组织关系转接",
        "党群服务",
        5,
        "党员证明材料、介绍信",
        "社区党群服务中心",
    ),
];

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    for text in [
        include_str!("holidays/2026.txt"),
        include_str!("holidays/2027.txt"),
    ] {
        calendar::import(store, text, "demo").await?;
    }
    let now = now_ms();
    let grids: Vec<(String, String)> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid)
        .take(6)
        .map(|g| (g.code.clone(), g.path.clone()))
        .collect();
    store
        .write(move |c| {
            Box::pin(async move {
                for (code, name, group, days, materials, place) in MATTERS {
                    let row = matters::MatterRow {
                        code: (*code).into(),
                        name: (*name).into(),
                        group_name: (*group).into(),
                        materials: (*materials).into(),
                        steps: "在线或到窗口提交申请 → 工作人员受理审核(材料不全的一次性告知补正)→ 办结并告知结果".into(),
                        place: format!("{place}(工作日 9:00–12:00,14:00–17:30)"),
                        fees: "免费".into(),
                        time_limit_days: *days,
                        legal_basis: "依据国家和陕西省相关规定及宝鸡市政务服务事项清单".into(),
                        online: 1,
                        updated_by: "demo".into(),
                        updated_at: now,
                    };
                    matters::upsert(c, &row).await?;
                }
                let cal = calendar::calendar_in(c).await?;
                let people = [("张桂兰", "13909170011"), ("王建国", "13909170012"), ("李秀英", "13909170013"), ("赵志强", "13909170014"), ("刘淑珍", "13909170015"), ("陈明", "13909170016")];
                for (n, ((grid, path), (who, phone))) in grids.iter().zip(people).enumerate() {
                    let (code, _, _, days, _, _) = MATTERS[n * 6 % MATTERS.len()];
                    let at = now - (n as i64 * 4 + 1) * DAY_MS;
                    let id = applications::insert(c, &NewApplication {
                        tracking_code: fengqiao_core::ids::tracking::new("FS"),
                        matter_code: code.into(),
                        applicant_name: who.into(),
                        applicant_phone: phone.into(),
                        details: String::new(),
                        grid_code: grid.clone(),
                        region_path: path.clone(),
                        due_at: cal.due(at, days),
                        created_by: "demo".into(),
                        created_at: at,
                    }).await?;
                    match n % 3 {
                        1 => applications::save(c, id, ("on_hold", cal.due(at, days), Some(3)), ("缺少银行卡复印件,已一次性告知补正", ""), at + DAY_MS).await?,
                        2 => applications::save(c, id, ("done", cal.due(at, days), None), ("", "已办结,补贴自下月起按月发放"), at + 2 * DAY_MS).await?,
                        _ => {}
                    }
                }
                Ok(())
            })
        })
        .await?;
    super::centres::load(store, atlas).await?;
    super::aid::load(store, atlas).await?;
    super::counselling::load(store, atlas).await?;
    super::care::load(store, atlas).await
}
