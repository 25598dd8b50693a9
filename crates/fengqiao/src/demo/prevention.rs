//! The demo's prevention: patrols — every other grid that has compounds was walked once a week
//! for the last two weeks, a loop of about a kilometre around one of its compounds with a fix
//! every 30 s; the other grids were not, so the problem lists have gaps to show — and cameras:
//! one to three on nearly every compound and a few on key places, some faulty, one outage in
//! five already past its repair deadline.

use super::people;
use super::spots::Spots;
use fengqiao_core::geo::{Atlas, Shape};
use fengqiao_core::prevention::track::{self, TrackPoint};
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Level;
use fengqiao_store::prevention::cameras::{self, NewCamera};
use fengqiao_store::prevention::patrols::{self as store, NewPatrol};
use fengqiao_store::prevention::{eco, events, sites, smart};
use fengqiao_store::{accounts, now_ms, Store};

/// Fixes per demo patrol (30 s apart: 40 minutes).
const FIXES: usize = 80;

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    load_patrols(store, atlas).await?;
    load_cameras(store, atlas).await?;
    load_smart(store, atlas).await?;
    load_sites(store, atlas).await?;
    load_events(store, atlas).await?;
    load_eco(store, atlas).await
}

/// Eco reports from the southern towns (the Qinling foothills): one of each kind, two closed,
/// one being rectified, the rest just received.
async fn load_eco(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    use fengqiao_core::prevention::eco::EcoKind;
    const TEXTS: [&str; 6] = [
        "山脚下新搭了一排彩钢板房,没见公示",
        "有人在山坡上砍伐松树,拉走好几车",
        "河滩上有挖沙的机器晚上作业",
        "养殖场往溪沟里排污水,味道很大",
        "山里发现几处下的铁丝套子",
        "路边有一只受伤的红腹锦鸡",
    ];
    let now = now_ms();
    let spots = Spots::new(atlas);
    let rural: Vec<_> = atlas
        .regions()
        .iter()
        .filter(|r| {
            r.level == Level::Grid
                && r.code.as_str() >= "610302100"
                && spots.at(&r.code, 0).is_some()
        })
        .collect();
    if rural.is_empty() {
        return Ok(());
    }
    let mut plan = Vec::new();
    for (n, kind) in EcoKind::ALL.iter().enumerate() {
        let grid = rural[(n * 7) % rural.len()];
        let Some((place, lon, lat)) = spots.at(&grid.code, n) else {
            continue;
        };
        let at = now - (2 + n as i64 * 3) * DAY_MS;
        plan.push((
            eco::NewEco {
                tracking_code: fengqiao_core::ids::tracking::new("FE"),
                idempotency_key: None,
                kind: kind.as_str(),
                description: TEXTS[n].into(),
                grid_code: grid.code.clone(),
                region_path: grid.path.clone(),
                address: format!("{place}附近山坡"),
                lon: Some(lon + 0.01),
                lat: Some(lat - 0.01),
                reporter_phone: Some(format!("1390007{n:04}")),
                channel: "portal",
                client: None,
                department: kind.department(),
                assignee: None,
                due_at: at + 5 * DAY_MS,
                created_by: "anonymous".into(),
            },
            at,
            n,
        ));
    }
    store
        .write(move |c| {
            Box::pin(async move {
                for (new, at, n) in plan {
                    let id = eco::insert(c, &new, at).await?;
                    eco::add_event(
                        c,
                        id,
                        (
                            "anonymous",
                            "received",
                            &format!("转{}办理", new.department),
                        ),
                        at,
                    )
                    .await?;
                    if n >= 3 {
                        let later = at + DAY_MS;
                        eco::save(
                            c,
                            id,
                            (
                                "rectifying",
                                Some("限期拆除、清理并恢复原状"),
                                later + 15 * DAY_MS,
                            ),
                            later,
                        )
                        .await?;
                        eco::add_event(c, id, ("demo", "rectify", "责令整改,15 天内完成"), later)
                            .await?;
                    }
                    if n >= 4 {
                        let done = at + 2 * DAY_MS;
                        eco::save(c, id, ("closed", None, done), done).await?;
                        eco::add_event(c, id, ("demo", "closed", "复查合格:已清理"), done).await?;
                    }
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// Two large events: a New Year concert approved with conditions, and a lantern fair waiting
/// for the station leader's decision.
async fn load_events(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    use fengqiao_core::prevention::events::{assess, EventStatus, DECIDE_DAYS};
    let now = now_ms();
    let spots = Spots::new(atlas);
    let Some(grid) = atlas
        .regions()
        .iter()
        .find(|r| r.level == Level::Grid && spots.at(&r.code, 0).is_some())
    else {
        return Ok(());
    };
    let Some((place, lon, lat)) = spots.at(&grid.code, 3) else {
        return Ok(());
    };
    let town = grid.path.split('/').nth(2).unwrap_or_default().to_owned();
    let event = |name: &str, days: i64, people: i64, status: EventStatus| {
        let (risk, reasons) = assess(people as u32, 6_000, 6, true);
        let starts_at = fengqiao_core::time::start_of_day(now + days * DAY_MS) + 19 * 3_600_000;
        events::NewEvent {
            name: name.into(),
            organiser: "渭滨区文化馆".into(),
            organiser_contact: "13900006666".into(),
            venue: format!("{place}文化广场"),
            grid_code: grid.code.clone(),
            region_path: grid.path.clone(),
            lon: lon + 0.0015,
            lat: lat - 0.001,
            starts_at,
            ends_at: starts_at + 3 * 3_600_000,
            expected_people: people,
            venue_capacity: 6_000,
            exits: 6,
            plan: "安保人员 80 名,分区入场,设医疗点和应急疏散通道".into(),
            status: status.as_str(),
            status_reason: "已受理,7 日内作出决定".into(),
            risk_level: risk.as_str(),
            risk_reasons: reasons.join(";"),
            decide_by: Some(now + (DECIDE_DAYS - 2) * DAY_MS),
            reviewer: None,
        }
    };
    // Accepted first, then decided, as the service does it.
    let approved = event("新年音乐会", 30, 3_000, EventStatus::Accepted);
    let pending = event("元宵灯会", 45, 2_500, EventStatus::Accepted);
    store
        .write(move |c| {
            Box::pin(async move {
                let reviewer = accounts::first_with_role(c, &town, "station_leader").await?;
                let id = events::insert(
                    c,
                    &events::NewEvent {
                        reviewer: reviewer.clone(),
                        ..approved
                    },
                    "demo",
                    now - 5 * DAY_MS,
                )
                .await?;
                events::decide(
                    c,
                    id,
                    (
                        "approved",
                        "准予许可",
                        "入口安检,设置隔离带,20 时后禁止车辆进入",
                    ),
                    ("demo", now - 2 * DAY_MS),
                )
                .await?;
                events::insert(
                    c,
                    &events::NewEvent {
                        reviewer,
                        ..pending
                    },
                    "demo",
                    now - 2 * DAY_MS,
                )
                .await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// The risk register: thirty sites of every kind across the district, inspected over the last
/// two months; a few inspections and rectifications already late.
async fn load_sites(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    use fengqiao_core::prevention::sites::{next_due, rectify_days, SiteKind};
    use fengqiao_core::RiskLevel;
    const NAMES: [(&str, &str, &str); 6] = [
        ("dangerous_goods", "加油站", "储存成品油"),
        ("crowded_venue", "购物中心", "节假日客流密集"),
        ("new_business", "外卖配送站", "电动车集中充电"),
        ("construction_site", "安置房工地", "高处作业、塔吊"),
        ("scenic_area", "森林公园", "节假日游客密集,山地防火"),
        ("enterprise", "机械厂", "涉及焊接、易燃物料"),
    ];
    let now = now_ms();
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(0x6103_0213);
    let spots = Spots::new(atlas);
    let grids: Vec<_> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid && spots.at(&r.code, 0).is_some())
        .collect();
    let mut plan = Vec::new();
    for n in 0..30usize {
        let grid = grids[(n * 37) % grids.len()];
        let Some((place, lon, lat)) = spots.at(&grid.code, n) else {
            continue;
        };
        let (kind, stem, reasons) = NAMES[n % NAMES.len()];
        let risk = RiskLevel::BY_URGENCY[n % 4];
        let registered = now - 60 * DAY_MS;
        plan.push((
            sites::NewSite {
                kind: SiteKind::parse(kind).map_or("enterprise", SiteKind::as_str),
                name: format!("{}{stem}", place.chars().take(4).collect::<String>()),
                address: place,
                grid_code: grid.code.clone(),
                region_path: grid.path.clone(),
                lon: lon + 0.0012,
                lat,
                responsible_unit: format!("{stem}经营单位"),
                contact_name: people::person(&mut rng),
                contact_phone: Some(format!("1390003{n:04}")),
                risk_level: risk.as_str(),
                risk_reasons: reasons.into(),
                campaign: match kind {
                    "enterprise" => "safe_enterprise",
                    "scenic_area" => "safe_scenic_area",
                    _ => "none",
                },
                next_due_at: next_due(registered, risk),
            },
            risk,
            registered,
            n,
        ));
    }
    store
        .write(move |c| {
            Box::pin(async move {
                for (new, risk, registered, n) in plan {
                    let id = sites::insert(c, &new, "demo", registered).await?;
                    // One inspection some weeks in; two sites in three found something.
                    let at = registered + (10 + (n as i64 % 40)) * DAY_MS;
                    let row = sites::get_for_update(c, id).await?;
                    let findings: Vec<String> = if n % 3 == 2 {
                        Vec::new()
                    } else {
                        vec![["灭火器过期", "安全出口堵塞", "未落实值班巡查"][n % 3].to_owned()]
                    };
                    let deadline = at + rectify_days(risk) * DAY_MS;
                    sites::inspect(
                        c,
                        &row,
                        (at, row.next_due_at, next_due(at, risk)),
                        (risk.as_str(), &new.risk_reasons),
                        "例行检查",
                        &findings,
                        deadline,
                        "demo",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// Smart-security checklists: five compounds completed 初级 this year (two of them more), a
/// dozen are part of the way, the rest never checked.
async fn load_smart(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    use fengqiao_core::prevention::smart::Subsystem::{self, *};
    let now = now_ms();
    let year_start =
        fengqiao_core::time::parse_day(&format!("{}-01-01", &fengqiao_core::time::day(now)[..4]))
            .unwrap_or(now);
    let mut plan: Vec<(String, String, Vec<Subsystem>, i64)> = Vec::new();
    let compounds = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Compound);
    for (n, c) in compounds.enumerate().filter(|(n, _)| n % 14 == 5).take(17) {
        let k = plan.len();
        let set: Vec<Subsystem> = match k {
            0 | 1 => vec![
                Video,
                SmartDoor,
                PedestrianAccess,
                VehicleAccess,
                PerimeterAlarm,
                FaceCapture,
            ],
            2..=4 => vec![Video, SmartDoor, PedestrianAccess, VehicleAccess],
            _ => [Video, SmartDoor, PedestrianAccess][..1 + n % 3].to_vec(),
        };
        let on = (now - (20 + 25 * k as i64) * DAY_MS).max(year_start);
        plan.push((c.code.clone(), c.path.clone(), set, on));
    }
    store
        .write(move |c| {
            Box::pin(async move {
                for (code, path, set, on) in plan {
                    let checks: Vec<smart::Check> = set
                        .iter()
                        .map(|s| smart::Check {
                            subsystem: s.as_str(),
                            present: true,
                            evidence: format!("{}验收单", s.label()),
                            checked_at: on,
                        })
                        .collect();
                    smart::record(c, (&code, &path), &checks, "demo").await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}

async fn load_patrols(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    let spots = Spots::new(atlas);
    let now = now_ms();
    let mut plan = Vec::new();
    let grids = atlas.regions().iter().filter(|r| r.level == Level::Grid);
    for (n, grid) in grids.filter(|g| spots.at(&g.code, 0).is_some()).enumerate() {
        if n % 2 == 1 {
            continue;
        }
        let Some((_, lon, lat)) = spots.at(&grid.code, n) else {
            continue;
        };
        for week in 0..2 {
            // Mornings, a day or two ago and a week before that.
            let start =
                fengqiao_core::time::start_of_day(now - (1 + (n as i64 % 2) + week * 7) * DAY_MS)
                    + 9 * 3_600_000;
            let points: Vec<TrackPoint> = (0..FIXES)
                .map(|i| {
                    let turn = i as f64 / FIXES as f64 * std::f64::consts::TAU;
                    TrackPoint {
                        at: start + i as i64 * 30_000,
                        lon: lon + 0.0018 * turn.cos(),
                        lat: lat + 0.0014 * turn.sin(),
                    }
                })
                .collect();
            plan.push((grid.code.clone(), grid.path.clone(), start, points));
        }
    }
    store
        .write(move |c| {
            Box::pin(async move {
                for (grid_code, region_path, start, points) in plan {
                    let new = NewPatrol {
                        grid_code,
                        region_path,
                        team_id: None,
                        members: String::new(),
                        started_at: start,
                        source: "phone",
                        created_by: "demo".into(),
                        created_at: start,
                    };
                    let id = store::insert(c, &new).await?;
                    store::append(c, id, 1, &points, track::distance(None, &points)).await?;
                    let end = points.last().map_or(start, |p| p.at);
                    store::finish(c, id, end, "").await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// A camera's device code: the district's centre code, industry 01, type 132 (IPC), a serial.
fn device_code(serial: usize) -> String {
    format!("61030200011320{serial:06}")
}

async fn load_cameras(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    let now = now_ms();
    let installed = now - 200 * DAY_MS;
    let mut plan = Vec::new();
    let compounds = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Compound);
    for (n, compound) in compounds.enumerate() {
        let (Some(Shape::Point(p)), Some(grid)) = (&compound.shape, &compound.parent_code) else {
            continue;
        };
        // A few compounds still have no camera: the coverage layer shows them red.
        if n % 33 == 32 {
            continue;
        }
        for k in 0..1 + n % 3 {
            let turn = k as f64 * 2.1;
            plan.push(NewCamera {
                device_code: device_code(plan.len() + 1),
                name: format!("{}{}", compound.name, ["东门", "西门", "停车场"][k]),
                compound_code: Some(compound.code.clone()),
                key_place: String::new(),
                grid_code: grid.clone(),
                region_path: compound.path.clone(),
                lon: p.x() + 0.0004 * turn.cos(),
                lat: p.y() + 0.0003 * turn.sin(),
                direction: Some(((n * 45 + k * 120) % 360) as i64),
                field_of_view: Some(90),
                maintainer: None,
                installed_at: installed,
            });
        }
        if n % 24 == 0 {
            let place = format!(
                "{}文化广场",
                compound.name.chars().take(4).collect::<String>()
            );
            plan.push(NewCamera {
                device_code: device_code(plan.len() + 1),
                name: format!("{place}全景"),
                compound_code: None,
                key_place: place,
                grid_code: grid.clone(),
                region_path: atlas.get(grid).map_or_else(String::new, |g| g.path.clone()),
                lon: p.x() + 0.0015,
                lat: p.y() - 0.0010,
                direction: Some(0),
                field_of_view: Some(120),
                maintainer: None,
                installed_at: installed,
            });
        }
    }
    store
        .write(move |c| {
            Box::pin(async move {
                for (i, mut cam) in plan.into_iter().enumerate() {
                    cam.maintainer =
                        accounts::first_with_role(c, &cam.grid_code, "grid_worker").await?;
                    let (id, _) = cameras::upsert(c, &cam, "demo", installed).await?;
                    if i % 15 == 7 {
                        let row = cameras::get_for_update(c, id).await?;
                        let reported = now - (1 + (i as i64 / 15) % 5) * DAY_MS;
                        let due = reported + 3 * DAY_MS;
                        cameras::add_fault(c, &row, "画面黑屏,无信号", ("demo", reported, due))
                            .await?;
                    } else if i % 40 == 3 {
                        let row = cameras::get_for_update(c, id).await?;
                        let reported = now - 5 * DAY_MS;
                        let fault = cameras::add_fault(
                            c,
                            &row,
                            "镜头被树枝遮挡",
                            ("demo", reported, reported + 3 * DAY_MS),
                        )
                        .await?;
                        cameras::repair(c, id, fault, "已修剪树枝", ("demo", reported + DAY_MS))
                            .await?;
                    }
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}
