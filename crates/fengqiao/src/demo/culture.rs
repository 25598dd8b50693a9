//! The demo's cultural guidance: the archive (stories, places, red sites — the Chairman Mao
//! statue on Jiangtan Road, the Baotian Railway Martyrs' Memorial — and a culture hall in every
//! town with its legal book corner), red-site events around 1 July and National Day, family
//! rules with households in the first communities, campaigns at every phase with votes, the
//! boards, the heroism fund's books with a reversal, payouts and a closed period, legal
//! education's weekly and monthly series with a cancelled and a moved session and sessions
//! ordered, scheduled and held; the lawyer fz01 and the civilisation officer dz01 join the
//! towns' rule-of-law and moral teams.
//!
//! The demo loader holds no server key, so its voters are kept under opaque demo keys rather
//! than keyed hashes of ID numbers: their votes count, and nobody's typed ID number matches them.

use fengqiao_core::culture::campaign::tally;
use fengqiao_core::culture::history;
use fengqiao_core::culture::ledger::{self, Account, AccountKind, Posting};
use fengqiao_core::geo::{Atlas, AtlasRegion, Shape};
use fengqiao_core::time::{day, parse_instant, DAY_MS};
use fengqiao_core::Level;
use fengqiao_store::culture::archive::{self, NewRecord};
use fengqiao_store::culture::campaigns::{self, NewNominee, PersonRow};
use fengqiao_store::culture::deeds::{self, NewDeed};
use fengqiao_store::culture::fund;
use fengqiao_store::culture::legal::{self, NewOrder, NewSeries};
use fengqiao_store::culture::rules::{self, NewRule};
use fengqiao_store::forces::{self as teams, NewMember};
use fengqiao_store::{now_ms, Conn, Store, StoreError};
use geo::Centroid;

/// A grid and a point inside it (its first compound's).
#[derive(Clone)]
struct Spot {
    grid: AtlasRegion,
    point: Option<(f64, f64)>,
}

fn spot(atlas: &Atlas, grid: &AtlasRegion) -> Spot {
    let point = atlas.descendants(grid).find_map(|r| match &r.shape {
        Some(Shape::Point(p)) => Some((p.x(), p.y())),
        _ => None,
    });
    let point = point.or_else(|| match &grid.shape {
        Some(Shape::Area(a)) => a.centroid().map(|c| (c.x(), c.y())),
        _ => None,
    });
    Spot {
        grid: grid.clone(),
        point,
    }
}

fn at(s: &str) -> i64 {
    parse_instant(s).unwrap_or_default()
}

/// (kind, title, body, EDTF date, sources).
const RECORDS: &[(&str, &str, &str, &str, &str)] = &[
    ("red_site", "毛主席塑像(江滩路)", "江滩路上的毛主席塑像建于二十世纪六十年代末,是几代渭滨人共同的记忆,也是开展党史学习教育的重要场所。", "196X", "《宝鸡市志》;渭滨区党史办走访记录"),
    ("red_site", "宝天铁路烈士纪念碑", "宝天铁路是新中国成立后修建的第一条铁路干线之一,施工中数百名建设者献出生命。纪念碑记录着他们的名字。", "1950/1954", "《宝天铁路建设史》"),
    ("story", "红军过渭河", "据老人回忆,红军部队曾经过渭河两岸,沿途群众送水送粮,掩护伤员。具体年份史料记载不一。", "1935~", "渭滨区地方志办公室口述史料"),
    ("story", "渭河老渡口的摆渡人", "在渭河大桥修通之前,渡口的船工数十年如一日摆渡行人,分文不取的故事在两岸流传。", "193X", "村史馆藏资料"),
    ("figure", "铁路工人劳模群像", "二十世纪五十年代,渭滨铁路沿线涌现出一批全国劳动模范,他们的事迹激励了几代人。", "195X", "《宝鸡铁路分局志》"),
    ("place", "渭河古渡口遗址", "古渡口位于渭河北岸,曾是秦岭北麓往来的交通要冲,现存石阶与系船石。", "1949?", "实地踏勘记录"),
];

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    let towns: Vec<AtlasRegion> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Town)
        .cloned()
        .collect();
    let grids: Vec<Spot> = towns
        .iter()
        .filter_map(|t| {
            atlas
                .descendants(t)
                .find(|r| r.level == Level::Grid)
                .map(|g| spot(atlas, g))
        })
        .collect();
    let communities: Vec<AtlasRegion> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Community)
        .take(20)
        .cloned()
        .collect();
    let community_grids: Vec<Spot> = communities
        .iter()
        .filter_map(|c| {
            atlas
                .descendants(c)
                .find(|r| r.level == Level::Grid)
                .map(|g| spot(atlas, g))
        })
        .collect();
    anyhow::ensure!(!grids.is_empty(), "the demo district has no grids");
    store
        .write(move |c| {
            Box::pin(async move {
                join_teams(c, &towns).await?;
                let halls = archive_and_sites(c, &grids, &towns).await?;
                family_rules(c, &communities, &community_grids).await?;
                let heroic = campaigns_and_deeds(c, &grids).await?;
                books(c, &heroic).await?;
                legal_education(c, &grids, &halls).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

async fn join_teams(c: &mut Conn, towns: &[AtlasRegion]) -> Result<(), StoreError> {
    for t in towns {
        for (kind, username, name, role) in [
            ("rule_of_law_team", "fz01", "司法局律师", "司法"),
            ("moral_team", "dz01", "文明办干部", "文明实践"),
        ] {
            let team: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM teams WHERE region_code = $1 AND kind = $2 LIMIT 1",
            )
            .bind(&t.code)
            .bind(kind)
            .fetch_optional(&mut *c)
            .await?;
            if let Some(team) = team {
                let m = NewMember {
                    name: name.into(),
                    username: Some(username.into()),
                    member_role: role.into(),
                    phone: None,
                    id_number: None,
                };
                teams::add_member(c, team, &m, "demo").await?;
            }
        }
    }
    Ok(())
}

fn record(
    kind: &str,
    title: &str,
    body: &str,
    date: &str,
    sources: &str,
    s: &Spot,
    now: i64,
) -> NewRecord {
    NewRecord {
        kind: kind.into(),
        title: title.into(),
        body: body.into(),
        date: history::parse(date).ok(),
        sources: sources.into(),
        point: s.point,
        grid_code: s.grid.code.clone(),
        region_path: s.grid.path.clone(),
        publish: true,
        by: "demo".into(),
        now,
    }
}

/// The archive, a culture hall per town with its book corner, and the red sites' events.
async fn archive_and_sites(
    c: &mut Conn,
    grids: &[Spot],
    towns: &[AtlasRegion],
) -> Result<Vec<i64>, StoreError> {
    let now = now_ms();
    let mut red = Vec::new();
    for (i, (kind, title, body, date, sources)) in RECORDS.iter().enumerate() {
        let id = archive::insert(
            c,
            &record(
                kind,
                title,
                body,
                date,
                sources,
                &grids[i % grids.len()],
                now - (10 - i as i64) * DAY_MS,
            ),
        )
        .await?;
        if *kind == "red_site" {
            red.push(id);
        }
    }
    let draft = NewRecord {
        publish: false,
        ..record(
            "figure",
            "待考证的抗战老兵",
            "一位抗战老兵的生平,资料仍在收集核实中。",
            "192X",
            "家属提供",
            &grids[0],
            now,
        )
    };
    archive::insert(c, &draft).await?;
    let mut halls = Vec::new();
    for (t, s) in towns.iter().zip(grids) {
        let id = archive::insert(
            c,
            &record(
                "culture_hall",
                &format!("{}文化礼堂", t.name),
                "集宣讲、议事、文体、法律图书角于一体的文化礼堂,向居民免费开放。",
                "2021",
                "",
                s,
                now - 20 * DAY_MS,
            ),
        )
        .await?;
        legal::add_corner(
            c,
            id,
            &format!("{}法律图书角", t.name),
            320 + 40 * halls.len() as i64,
            "《中华人民共和国民法典》《未成年人保护法》《反电信网络诈骗法》《信访工作条例》",
            "demo",
            now,
        )
        .await?;
        halls.push(id);
    }
    for (site, when, occasion, title) in [
        (red[0], "2026-07-01", "july_1", "七一重温入党誓词"),
        (red[1], "2026-09-30", "national_day", "烈士纪念日缅怀英烈"),
        (red[0], "2027-07-01", "july_1", "七一主题党日"),
        (red[1], "2027-10-01", "national_day", "国庆升旗与宣讲"),
    ] {
        let starts = at(&format!("{when}T09:00"));
        let e = archive::NewEvent {
            site,
            title,
            occasion,
            starts_at: starts,
            ends_at: starts + 2 * 3_600_000,
            capacity: 120,
            by: "demo",
            now,
        };
        let event = archive::add_event(c, &e).await?;
        for (g, (group, people)) in [
            ("渭滨中学初二年级", 45),
            ("福临社区党支部", 30),
            ("区铁路小学少先队", 40),
        ]
        .iter()
        .enumerate()
        {
            archive::book(c, event, group, *people, "demo", now).await?;
            if starts < now {
                let b: i64 = sqlx::query_scalar(
                    "SELECT id FROM culture_site_bookings WHERE event_id = $1 AND group_name = $2",
                )
                .bind(event)
                .bind(*group)
                .fetch_one(&mut *c)
                .await?;
                archive::attend(c, b, event, people - g as i64 * 2).await?;
            }
        }
    }
    Ok(halls)
}

const HOUSEHOLDS: [&str; 8] = [
    "王家", "李家", "张家", "刘家", "陈家", "杨家", "赵家", "周家",
];

async fn family_rules(
    c: &mut Conn,
    communities: &[AtlasRegion],
    grids: &[Spot],
) -> Result<(), StoreError> {
    let now = now_ms();
    for (i, (community, s)) in communities.iter().zip(grids).enumerate() {
        rules::set_households(
            c,
            &community.code,
            &community.path,
            12 + (i as i64 % 5) * 4,
            "demo",
            now,
        )
        .await?;
        for (n, h) in HOUSEHOLDS.iter().enumerate().take(2 + i % 6) {
            let r = NewRule {
                kind: "family",
                household: h,
                text: "孝老爱亲,勤俭持家;邻里和睦,诚信待人;遵纪守法,崇德向善。",
                grid_code: &s.grid.code,
                region_path: &s.grid.path,
                by: "demo",
                now: now - (30 - n as i64) * DAY_MS,
            };
            let id = rules::submit(c, &r).await?;
            if n + 1 < 2 + i % 6 {
                rules::review(
                    c,
                    id,
                    "published",
                    "demo",
                    "",
                    now - (20 - n as i64) * DAY_MS,
                )
                .await?;
                if n % 3 != 2 {
                    rules::hung(c, id, now - (10 - n as i64) * DAY_MS).await?;
                }
            }
        }
        if i % 4 == 0 {
            let r = NewRule {
                kind: "village",
                household: &community.name,
                text: "爱护环境,垃圾分类;红白喜事从简;矛盾纠纷先调解、不上交。",
                grid_code: &s.grid.code,
                region_path: &s.grid.path,
                by: "demo",
                now: now - 40 * DAY_MS,
            };
            let id = rules::submit(c, &r).await?;
            rules::review(c, id, "published", "demo", "", now - 35 * DAY_MS).await?;
        }
    }
    Ok(())
}

/// Campaigns at each phase with votes, and the boards; returns the published heroism deeds.
async fn campaigns_and_deeds(
    c: &mut Conn,
    grids: &[Spot],
) -> Result<Vec<(i64, String)>, StoreError> {
    let now = now_ms();
    let plan = [
        ("good_person", "2026年度渭滨好人评选", "announced"),
        ("family", "2026年度最美家庭评选", "voting"),
        ("good_person", "2027年第一季度渭滨好人评选", "nomination"),
    ];
    let names = [
        ["王秀兰", "李建国", "马志强", "赵红梅"],
        ["杨家", "郑家", "孙家", "吴家"],
        ["韩德明", "冯玉珍", "曹学军", "彭丽"],
    ];
    let mut voter = 0;
    for (ci, ((kind, title, phase), who)) in plan.iter().zip(names).enumerate() {
        let id = campaigns::insert(
            c,
            kind,
            title,
            "由各镇街推荐、德治队伍审核、群众投票产生。",
            "demo",
            now - (60 - ci as i64 * 20) * DAY_MS,
        )
        .await?;
        let mut accepted = Vec::new();
        for (ni, name) in who.iter().enumerate() {
            let s = &grids[ni % grids.len()];
            let n = NewNominee {
                campaign_id: id,
                name,
                summary: "多年来照顾孤寡老人、热心调解邻里纠纷,群众口碑好。",
                evidence: "社区证明、邻居证言",
                grid_code: &s.grid.code,
                region_path: &s.grid.path,
                by: "demo",
                now: now - 50 * DAY_MS,
            };
            let nid = campaigns::nominate(c, &n).await?;
            if *phase != "nomination" {
                let ok = ni < 3;
                campaigns::review(
                    c,
                    nid,
                    if ok { "accepted" } else { "rejected" },
                    "demo",
                    if ok {
                        "事迹属实"
                    } else {
                        "事迹材料不足"
                    },
                )
                .await?;
                if ok {
                    accepted.push(nid);
                }
            }
        }
        if *phase == "nomination" {
            continue;
        }
        for v in 0..(40 + ci * 17) {
            voter += 1;
            let s = &grids[v % grids.len()];
            let person = format!("demo-voter-{voter:05}");
            let p = PersonRow {
                person: person.clone(),
                name: "演示选民".into(),
                grid_code: s.grid.code.clone(),
                region_path: s.grid.path.clone(),
                method: if v % 3 == 0 {
                    "in_person".into()
                } else {
                    "phone_code".into()
                },
                verified_by: "demo".into(),
                verified_at: now - 30 * DAY_MS,
                username: None,
            };
            campaigns::verify(c, &p).await?;
            let choice = accepted[(v * 7 + v / 3) % accepted.len()];
            campaigns::cast(
                c,
                id,
                &person,
                choice,
                if v % 3 == 0 { "desk" } else { "online" },
                "demo",
                now - 25 * DAY_MS,
            )
            .await?;
        }
        let to = if *phase == "announced" {
            let t = tally(campaigns::recount(c, id).await?);
            let a = serde_json::json!({ "votes": t.iter().map(|x| x.1).sum::<i64>(), "tally": t.iter().map(|(n, v)| serde_json::json!({"nominee_id": n, "votes": v})).collect::<Vec<_>>() }).to_string();
            campaigns::set_phase(
                c,
                id,
                "nomination",
                "announced",
                Some(&a),
                now - 10 * DAY_MS,
            )
            .await?;
            continue;
        } else {
            phase
        };
        campaigns::set_phase(c, id, "nomination", to, None, now).await?;
    }
    let deeds_plan: [(&str, &str, &str, &str); 6] = [
        (
            "heroic",
            "渭河边勇救落水儿童",
            "傍晚发现儿童落水,不顾危险跳入河中将其救起,送医后脱险。",
            "刘勇",
        ),
        (
            "heroic",
            "火场中背出被困老人",
            "居民楼起火,他冲进浓烟背出行动不便的独居老人。",
            "陈浩",
        ),
        (
            "good",
            "十年如一日照顾孤寡老人",
            "每天上门送饭、打扫,节假日陪老人聊天。",
            "王秀兰",
        ),
        (
            "good",
            "拾金不昧归还失主",
            "在公交车上捡到装有现金和证件的钱包,多方联系归还失主。",
            "李娜",
        ),
        (
            "good",
            "义务辅导留守儿童功课",
            "退休教师每周三次在社区义务辅导功课。",
            "赵老师",
        ),
        (
            "heroic",
            "协助民警制止盗窃",
            "在菜市场发现扒窃,大声提醒并协助民警将其控制,追回财物。",
            "马军",
        ),
    ];
    let mut heroic = Vec::new();
    for (i, (board, title, story, people)) in deeds_plan.iter().enumerate() {
        let s = &grids[i % grids.len()];
        let d = NewDeed {
            board,
            title,
            story,
            people,
            occurred_on: &day(now - (40 - i as i64 * 5) * DAY_MS),
            grid_code: &s.grid.code,
            region_path: &s.grid.path,
            by: "demo",
            now: now - (35 - i as i64 * 5) * DAY_MS,
        };
        let id = deeds::report(c, &d).await?;
        if i == 5 {
            continue;
        }
        deeds::step(
            c,
            id,
            "reported",
            "verified",
            "demo",
            "经核实属实",
            now - (30 - i as i64 * 5) * DAY_MS,
        )
        .await?;
        if i == 4 {
            continue;
        }
        deeds::step(
            c,
            id,
            "verified",
            "published",
            "demo",
            "电话确认,本人同意公开",
            now - (28 - i as i64 * 5) * DAY_MS,
        )
        .await?;
        if *board == "heroic" {
            heroic.push((id, people.to_string()));
        }
    }
    Ok(heroic)
}

/// The heroism fund's books for the year: donations, administration, a reversal, payouts
/// proposed by jj01 and approved by jj02, and the first half-year closed.
async fn books(c: &mut Conn, heroic: &[(i64, String)]) -> Result<(), StoreError> {
    let now = now_ms();
    let accounts = [
        ("Assets:Bank:ICBC", "基金专户(工商银行)", AccountKind::Bank),
        (
            "Income:Donations:Enterprises",
            "企业捐赠",
            AccountKind::Donations,
        ),
        (
            "Income:Donations:Public",
            "社会公众捐赠",
            AccountKind::Donations,
        ),
        ("Expenses:Awards", "见义勇为奖励", AccountKind::Awards),
        ("Expenses:Medical", "医疗救助", AccountKind::Medical),
        (
            "Expenses:Administration",
            "管理费用",
            AccountKind::Administration,
        ),
    ];
    for (code, name, kind) in accounts {
        fund::open(
            c,
            &Account {
                code: code.into(),
                name: name.into(),
                kind,
                opened_on: "2026-01-01".into(),
            },
            "jj01",
            now,
        )
        .await?;
    }
    let p = |a: &str, yuan: i64| Posting {
        account: a.into(),
        fen: yuan * 100,
    };
    let entries: [(&str, &str, Vec<Posting>); 5] = [
        (
            "2026-01-15",
            "渭滨区某建材企业捐赠",
            vec![
                p("Assets:Bank:ICBC", 200_000),
                p("Income:Donations:Enterprises", -200_000),
            ],
        ),
        (
            "2026-03-05",
            "学雷锋日社会公众捐赠",
            vec![
                p("Assets:Bank:ICBC", 36_850),
                p("Income:Donations:Public", -36_850),
            ],
        ),
        (
            "2026-04-10",
            "表彰大会会务费用(金额录错)",
            vec![
                p("Expenses:Administration", 8_500),
                p("Assets:Bank:ICBC", -8_500),
            ],
        ),
        (
            "2026-04-10",
            "表彰大会会务费用",
            vec![
                p("Expenses:Administration", 5_800),
                p("Assets:Bank:ICBC", -5_800),
            ],
        ),
        (
            "2026-09-20",
            "渭滨区某商会捐赠",
            vec![
                p("Assets:Bank:ICBC", 100_000),
                p("Income:Donations:Enterprises", -100_000),
            ],
        ),
    ];
    let mut ids = Vec::new();
    for (d, text, lines) in &entries {
        ids.push(
            fund::record(
                c,
                &fund::NewEntry {
                    day: d,
                    narration: text,
                    postings: lines,
                    reverses: None,
                    payout: None,
                    by: "jj01",
                    now,
                },
            )
            .await?,
        );
    }
    let undo = ledger::reversal(&entries[2].2);
    let text = format!("冲正第 {} 号分录:金额录错,应为 5800 元", ids[2]);
    fund::record(
        c,
        &fund::NewEntry {
            day: "2026-04-12",
            narration: &text,
            postings: &undo,
            reverses: Some(ids[2]),
            payout: None,
            by: "jj02",
            now,
        },
    )
    .await?;
    fund::close(c, "2026-06-30", "jj02", now).await?;
    for (i, (deed, payee)) in heroic.iter().enumerate() {
        let (account, yuan) = if i == 0 {
            ("Expenses:Awards", 10_000)
        } else {
            ("Expenses:Medical", 6_500)
        };
        let day = format!("2026-11-{:02}", 10 + i);
        let payout = fund::NewPayout {
            deed_id: *deed,
            account,
            bank: "Assets:Bank:ICBC",
            fen: yuan * 100,
            payee,
            reason: "见义勇为奖励及救治补助",
            day: &day,
            by: "jj01",
            now,
        };
        let pid = fund::propose(c, &payout).await?;
        let lines = [p(account, yuan), p("Assets:Bank:ICBC", -yuan)];
        let text = format!("见义勇为支付:{payee}");
        let entry = fund::record(
            c,
            &fund::NewEntry {
                day: &day,
                narration: &text,
                postings: &lines,
                reverses: None,
                payout: Some(pid),
                by: "jj02",
                now,
            },
        )
        .await?;
        fund::decide(c, pid, "approved", "jj02", Some(entry), now).await?;
    }
    Ok(())
}

/// A weekly theme and a monthly feature (one session cancelled, one moved), and sessions
/// ordered by communities: held, scheduled and waiting for a speaker.
async fn legal_education(c: &mut Conn, grids: &[Spot], _halls: &[i64]) -> Result<(), StoreError> {
    let now = now_ms();
    let weekly = NewSeries {
        cadence: "weekly",
        theme: "fraud",
        title: "防范电信网络诈骗主题周",
        description: "每周一期,以案说法,教居民识别新型诈骗。",
        place: "各社区新时代文明实践站",
        first_start: at("2026-11-02T09:30"),
        minutes: 90,
        count: 12,
        by: "demo",
        now,
    };
    let w = legal::insert_series(c, &weekly).await?;
    legal::except(
        c,
        w,
        at("2026-12-28T09:30"),
        None,
        "元旦前安全检查,暂停一期",
        "demo",
        now,
    )
    .await?;
    let monthly = NewSeries {
        cadence: "monthly",
        theme: "civil",
        title: "民法典进万家专题月",
        description: "每月一个民法典专题:婚姻家庭、继承、相邻关系……",
        place: "各镇街文化礼堂",
        first_start: at("2026-10-28T14:30"),
        minutes: 120,
        count: 6,
        by: "demo",
        now,
    };
    let m = legal::insert_series(c, &monthly).await?;
    legal::except(
        c,
        m,
        at("2027-01-28T14:30"),
        Some(at("2027-01-26T14:30")),
        "避开春运高峰",
        "demo",
        now,
    )
    .await?;
    for (i, s) in grids.iter().enumerate() {
        let themes = [
            "minors",
            "work_safety",
            "food_safety",
            "women",
            "environment",
            "petitions",
        ];
        let o = NewOrder {
            theme: themes[i % themes.len()],
            unit: &format!("{}辖区学校和企业", s.grid.name),
            grid_code: &s.grid.code,
            region_path: &s.grid.path,
            audience: 80 + 20 * i as i64,
            wanted_on: &day(now - (20 - i as i64) * DAY_MS),
            note: "",
            by: "demo",
            now: now - 30 * DAY_MS,
        };
        let held = legal::order(c, &o).await?;
        let starts = now - (15 - i as i64) * DAY_MS;
        legal::schedule(c, held, "fz01", starts, "社区活动室", &format!("D{:05}", i)).await?;
        sqlx::query("UPDATE legal_orders SET state = 'held', held_at = $1 WHERE id = $2")
            .bind(starts + 2 * 3_600_000)
            .bind(held)
            .execute(&mut *c)
            .await?;
        let o2 = NewOrder {
            wanted_on: &day(now + (10 + i as i64) * DAY_MS),
            now,
            ..o
        };
        let next = legal::order(c, &o2).await?;
        if i % 2 == 0 {
            legal::schedule(
                c,
                next,
                "fz01",
                now + (10 + i as i64) * DAY_MS,
                "社区会议室",
                &format!("N{:05}", i),
            )
            .await?;
        }
    }
    Ok(())
}
