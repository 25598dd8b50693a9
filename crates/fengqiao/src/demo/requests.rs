//! The demo's hazards and needs: residents' reports from the last month through the real
//! intake, some accepted, some finished with a reply, most finished ones rated — so the request
//! pages, the lists, the inboxes and the satisfaction indicator have something to show.

use fengqiao_core::geo::Atlas;
use fengqiao_core::services::{self, Handling};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Level;
use fengqiao_store::{now_ms, ratings, requests as store, Store};
use fengqiao_web::org::place::Place;
use fengqiao_web::requests::service::{intake_in, Outcome, Report};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub const REQUESTS: usize = 80;

const TEXTS: &[(&str, &[&str])] = &[
    (
        "hazard-fire",
        &[
            "楼道堆满纸箱和旧家具,堵住了消防通道",
            "有住户把电动车推进楼道充电",
        ],
    ),
    (
        "hazard-building",
        &[
            "单元门口上方外墙瓷砖松动,随时可能掉落",
            "电梯经常停在两层之间",
        ],
    ),
    (
        "hazard-road",
        &["小区门口井盖缺失,晚上很危险", "路灯坏了一排,夜里一片漆黑"],
    ),
    ("hazard-public", &["最近夜里常有陌生人在车棚附近转悠"]),
    (
        "need-elderly",
        &[
            "独居老人腿脚不便,需要有人帮忙买药",
            "老人行动不便,想申请助餐服务",
        ],
    ),
    (
        "need-legal",
        &["租房押金房东一直不退,想咨询怎么办", "想了解工伤认定的流程"],
    ),
    ("need-counselling", &["孩子中考压力大,家长想找心理老师聊聊"]),
    (
        "need-repair",
        &["小区健身器材损坏,有安全隐患", "楼下公共座椅坏了很久"],
    ),
    ("need-other", &["希望社区组织一次防诈骗讲座"]),
];

const REPLIES: &[&str] = &[
    "已联系物业处理完毕",
    "已上门查看并整改",
    "已协调相关部门处理,后续持续关注",
    "已安排志愿者定期上门",
];

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x6103_0202);
    let grids: Vec<_> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid)
        .cloned()
        .collect();
    let now = now_ms();
    let spots = super::spots::Spots::new(atlas);
    let mut done = 0;
    for n in 0..REQUESTS {
        // The first few land in the first grid, so the demo's sample grid worker has work.
        let picked = if n < 4 {
            grids.first()
        } else {
            grids.choose(&mut rng)
        };
        let Some(grid) = picked.cloned() else {
            break;
        };
        let (code, texts) = TEXTS[rng.gen_range(0..TEXTS.len())];
        let Some(service) = services::find(code) else {
            continue;
        };
        let description = (*texts.choose(&mut rng).unwrap_or(&texts[0])).to_owned();
        let at = now - rng.gen_range(0..30) * DAY_MS - rng.gen_range(0..DAY_MS);
        let spot = (n % 5 != 0).then(|| spots.at(&grid.code, n)).flatten();
        let report = Report {
            service,
            description,
            place: Place {
                lon: spot.as_ref().map(|s| s.1),
                lat: spot.as_ref().map(|s| s.2),
                grid,
            },
            address: spot.map(|s| s.0).unwrap_or_default(),
            reporter_phone: Some(format!("1390000{:04}", n)),
            channel: if n % 4 == 0 { "open311" } else { "portal" },
            client: (n % 4 == 0).then(|| "12345 热线".to_owned()),
            idempotency_key: None,
            photos: Vec::new(),
        };
        let fate = rng.gen_range(0..10);
        let stars = rng.gen_range(3..=5);
        let reply = *REPLIES.choose(&mut rng).unwrap_or(&REPLIES[0]);
        let hazard = service.handling == Handling::Hazard;
        store
            .write(move |c| {
                Box::pin(async move {
                    let Outcome::New { id, tracking_code } =
                        intake_in(c, "anonymous", report, at).await?
                    else {
                        return Ok(());
                    };
                    let row = store::load_for_update(c, id)
                        .await?
                        .ok_or(fengqiao_store::StoreError::NotFound)?;
                    let worker = row.assignee.clone().unwrap_or_else(|| "system".into());
                    let later = at + DAY_MS / 2;
                    if fate >= 4 {
                        store::save(c, id, "accepted", row.assignee.as_deref(), "", later).await?;
                        store::add_event(c, id, &worker, "accepted", "已受理,正在办理", later)
                            .await?;
                    }
                    if fate >= 6 || (hazard && fate >= 4) {
                        let finished = later + DAY_MS / 2;
                        store::save(c, id, "done", row.assignee.as_deref(), reply, finished)
                            .await?;
                        store::add_event(c, id, &worker, "done", reply, finished).await?;
                        if fate >= 7 {
                            ratings::add(
                                c,
                                &tracking_code,
                                service.handling.kind(),
                                &row.region_path,
                                stars,
                                "",
                                finished,
                            )
                            .await?;
                        }
                    }
                    Ok(())
                })
            })
            .await?;
        done += 1;
    }
    Ok(done)
}
