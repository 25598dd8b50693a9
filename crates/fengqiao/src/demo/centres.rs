//! The demo's welfare bases and neighbourhood centres: two per town or street (a party-mass
//! service centre open every day and a welfare base closed on Sundays), each with its rooms,
//! a closure, and bookings by residents and teams at each state.

use fengqiao_core::calendar::{date_of, start_of};
use fengqiao_core::geo::Atlas;
use fengqiao_core::services::booking::slots;
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Level;
use fengqiao_store::services::rooms::{self, NewBooking, NewCentre};
use fengqiao_store::{now_ms, Store};

/// (name, kind, capacity, needs approval) of each centre kind's rooms.
const NEIGHBOURHOOD_ROOMS: &[(&str, &str, i64, bool)] = &[
    ("图书室", "library", 30, false),
    ("多功能活动室", "activity", 60, true),
    ("亲子活动中心", "parent_child", 20, false),
    ("法律援助工作站", "legal_aid", 6, false),
];
const BASE_ROOMS: &[(&str, &str, i64, bool)] = &[
    ("活动室", "activity", 40, false),
    ("心理咨询室", "counselling", 4, true),
    ("议事厅", "meeting", 24, false),
];

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    // Each town's first community's first two grids.
    let mut places = Vec::new();
    for town in atlas.regions().iter().filter(|r| r.level == Level::Town) {
        let grids: Vec<_> = atlas
            .descendants(town)
            .filter(|r| r.level == Level::Grid)
            .take(2)
            .collect();
        if let [a, b] = grids.as_slice() {
            places.push((
                town.name.clone(),
                (a.code.clone(), a.path.clone()),
                (b.code.clone(), b.path.clone()),
            ));
        }
    }
    let now = now_ms();
    let today = start_of(date_of(now));
    store
        .write(move |c| {
            Box::pin(async move {
                for (n, (town, (g1, p1), (g2, p2))) in places.into_iter().enumerate() {
                    let centre = NewCentre {
                        name: format!("{town}党群服务中心"),
                        kind: "neighbourhood".into(),
                        grid_code: g1,
                        region_path: p1,
                        address: format!("{town}便民服务大厅二楼"),
                        phone: format!("0917-36{:05}", 10 + n),
                        opens: "08:30".into(),
                        closes: "20:30".into(),
                        open_days: "1234567".into(),
                    };
                    let hub = rooms::insert_centre(c, &centre).await?;
                    let mut ids = Vec::new();
                    for (name, kind, cap, approval) in NEIGHBOURHOOD_ROOMS {
                        ids.push(rooms::insert_room(c, hub, name, kind, *cap, *approval).await?);
                    }
                    let base = rooms::insert_centre(
                        c,
                        &NewCentre {
                            name: format!("{town}公益基地"),
                            kind: "welfare_base".into(),
                            grid_code: g2,
                            region_path: p2,
                            address: format!("{town}综合文化站内"),
                            phone: String::new(),
                            opens: "09:00".into(),
                            closes: "17:30".into(),
                            open_days: "123456".into(),
                        },
                    )
                    .await?;
                    for (name, kind, cap, approval) in BASE_ROOMS {
                        rooms::insert_room(c, base, name, kind, *cap, *approval).await?;
                    }
                    rooms::close_day(
                        c,
                        base,
                        &fengqiao_core::time::day(today + 10 * DAY_MS),
                        "设施维护",
                    )
                    .await?;
                    // Tomorrow: a team in the library, a resident's reading hour, and a team
                    // waiting for approval in the activity room; next week a weekly class.
                    let (library, activity, family) = (ids[0], ids[1], ids[2]);
                    let at = |d: i64, h: i64, m: i64| today + d * DAY_MS + (h * 60 + m) * 60_000;
                    let bookings = [
                        (
                            library,
                            at(1, 9, 0),
                            at(1, 11, 0),
                            "demo",
                            "书法兴趣小组",
                            "书法练习",
                            12,
                            "confirmed",
                        ),
                        (
                            library,
                            at(1, 14, 0),
                            at(1, 15, 30),
                            "res001",
                            "",
                            "带孩子看书",
                            2,
                            "confirmed",
                        ),
                        (
                            activity,
                            at(2, 19, 0),
                            at(2, 20, 30),
                            "demo",
                            "社区广场舞队",
                            "排练迎新年节目",
                            30,
                            "pending",
                        ),
                        (
                            family,
                            at(3, 10, 0),
                            at(3, 11, 30),
                            "res002",
                            "",
                            "亲子绘本共读",
                            6,
                            "confirmed",
                        ),
                    ];
                    for (room_id, starts_at, ends_at, by, team, purpose, attendees, status) in
                        bookings
                    {
                        let held: Vec<i64> = slots(starts_at, ends_at).collect();
                        rooms::insert_booking(
                            c,
                            &NewBooking {
                                room_id,
                                starts_at,
                                ends_at,
                                booked_by: by.into(),
                                team: team.into(),
                                purpose: purpose.into(),
                                attendees,
                                status: status.into(),
                                series: None,
                                created_at: now - DAY_MS,
                            },
                            &held,
                        )
                        .await?;
                    }
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}
