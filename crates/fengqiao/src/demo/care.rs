//! The demo's door-to-door care: three hundred fictional people and enterprises on the
//! register of the first town's grids, each with its consent and visits on its plan over the
//! last months — some late, and one in ten now overdue, so that the lists have missed visits.

use fengqiao_core::geo::Atlas;
use fengqiao_core::services::care::{next_visit, on_time, CareCategory};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::{IdNumber, Level};
use fengqiao_store::services::care::{self as store, NewCare, NewVisit};
use fengqiao_store::{now_ms, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const PEOPLE: usize = 300;
const DONE: &[&str] = &[
    "送去米面油,了解身体和生活情况",
    "讲解高龄补贴和医保政策",
    "帮助预约家庭医生上门体检",
    "检查用电用气安全,更换了插线板",
    "陪同聊天,转达社区活动通知",
];

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    let Some(town) = atlas.regions().iter().find(|r| r.level == Level::Town) else {
        return Ok(());
    };
    let grids: Vec<(String, String)> = atlas
        .descendants(town)
        .filter(|r| r.level == Level::Grid)
        .take(24)
        .map(|g| (g.code.clone(), g.path.clone()))
        .collect();
    if grids.is_empty() {
        return Ok(());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(0x6103_0216);
    let now = now_ms();
    let mut people = Vec::new();
    for n in 0..PEOPLE {
        let category = CareCategory::ALL[n % CareCategory::ALL.len()];
        let (grid, path) = grids[n % grids.len()].clone();
        let registered = now - rng.gen_range(100..200) * DAY_MS;
        let mut visits = Vec::new();
        let (mut due, mut latest) = next_visit(category, registered);
        let missed = n % 10 == 0;
        let stop = if missed {
            now - rng.gen_range(40..80) * DAY_MS
        } else {
            now
        };
        loop {
            let at = if rng.gen_range(0..8) == 0 {
                latest + rng.gen_range(1..6) * DAY_MS
            } else {
                due - rng.gen_range(0..4) * DAY_MS
            };
            if at > stop {
                break;
            }
            visits.push((at, on_time(at, latest), DONE[rng.gen_range(0..DONE.len())]));
            (due, latest) = next_visit(category, at);
        }
        let surname = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"][n % 8];
        let first17 = format!(
            "61030219{:02}{:02}{:02}{:03}",
            30 + n % 60,
            n % 12 + 1,
            n % 28 + 1,
            n % 1000
        );
        let name = if category.is_person() {
            format!(
                "{surname}{}",
                ["桂兰", "建国", "秀英", "志强", "淑珍", "明", "小雨", "子涵"][(n / 8) % 8]
            )
        } else {
            format!(
                "渭滨{}商贸有限公司",
                ["丰泽", "益民", "宏达", "金桥"][n % 4]
            )
        };
        people.push((
            NewCare {
                category: category.as_str().into(),
                name,
                id_number: category.is_person().then(|| {
                    format!(
                        "{first17}{}",
                        IdNumber::check_char(first17.as_bytes()) as char
                    )
                }),
                phone: format!("1390917{:04}", 3000 + n),
                address: String::new(),
                grid_code: grid,
                region_path: path,
                consent_at: registered - DAY_MS,
                consent_note: if category.is_person() {
                    "本人签字同意书".into()
                } else {
                    "企业负责人同意".into()
                },
                due_at: due,
                latest_at: latest,
                created_by: "demo".into(),
                created_at: registered,
            },
            visits,
        ));
    }
    store
        .write(move |c| {
            Box::pin(async move {
                for (person, visits) in &people {
                    let id = store::insert(c, person).await?;
                    let rows: Vec<NewVisit> = visits
                        .iter()
                        .map(|(at, kept, done)| NewVisit {
                            register_id: id,
                            visited_at: *at,
                            visitor: "demo".into(),
                            done: (*done).into(),
                            found: String::new(),
                            finding: None,
                            on_time: *kept,
                            region_path: person.region_path.clone(),
                            next: (0, 0),
                        })
                        .collect();
                    store::insert_visits_bulk(c, &rows).await?;
                    if let Some((last, _, _)) = visits.last() {
                        sqlx::query("UPDATE care_register SET last_visit_at = $1 WHERE id = $2")
                            .bind(last)
                            .bind(id)
                            .execute(&mut *c)
                            .await?;
                    }
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}
