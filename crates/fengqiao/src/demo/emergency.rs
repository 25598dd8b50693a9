//! The demo's emergency command: the district's response plan for each kind of incident; a
//! flood in a riverside grid last month, taken over by the district at grade II, worked
//! through its plan, warned about and closed, with its whole log; a grade III accident under
//! way; a counter-terror drill whose finding added a step to its plan and another still to
//! apply; and tips at each state (anonymous: the demo has no server key to seal contacts with).

use fengqiao_core::emergency::incident::{default_plan, IncidentKind, LogKind, Severity};
use fengqiao_core::emergency::tip::{new_receipt, TipKind};
use fengqiao_core::geo::Atlas;
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Level;
use fengqiao_store::emergency::drills::{self, NewDrill};
use fengqiao_store::emergency::incidents::{self, NewAlert, NewIncident};
use fengqiao_store::emergency::{plans, tips};
use fengqiao_store::{accounts, now_ms, Store};
use rand::SeedableRng;

const HOUR: i64 = 3_600_000;

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    let now = now_ms();
    let grids: Vec<(String, String, String)> = atlas
        .regions()
        .iter()
        .filter(|r| r.level == Level::Grid)
        .map(|g| (g.code.clone(), g.path.clone(), g.name.clone()))
        .collect();
    let (Some(flooded), Some(crash), Some(drilled)) = (
        grids.first().cloned(),
        grids.get(7).cloned(),
        grids.get(3).cloned(),
    ) else {
        return Ok(());
    };
    store
        .write(move |c| {
            Box::pin(async move {
                for kind in IncidentKind::ALL {
                    let steps: Vec<(String, String)> = default_plan(kind).into_iter().map(|s| (s.title, s.owner.as_str().to_owned())).collect();
                    plans::ensure(c, kind.as_str(), &format!("{}应急预案", kind.label()), &steps, now - 90 * DAY_MS).await?;
                }
                let town = |path: &str| path.split('/').nth(2).unwrap_or_default().to_owned();
                let command = accounts::first_with_role(c, &town(&flooded.1), "town_command").await?.unwrap_or_else(|| "demo".into());
                let coordinator = accounts::first_with_role(c, "610302", "district_coordinator").await?.unwrap_or_else(|| "demo".into());

                // The flood: opened at III by the town, raised to II and taken over, closed.
                let opened = now - 30 * DAY_MS;
                let steps = plans::steps_for_kind(c, IncidentKind::NaturalDisaster.as_str()).await?;
                let id = incidents::insert(c, &NewIncident {
                    kind: IncidentKind::NaturalDisaster.as_str().into(),
                    severity: Severity::III.as_str().into(),
                    title: "金陵河暴雨内涝".into(),
                    description: "持续强降雨,沿河低洼处积水 0.5 米,两栋居民楼一层进水".into(),
                    grid_code: flooded.0.clone(),
                    region_path: flooded.1.clone(),
                    town_code: town(&flooded.1),
                    lon: None,
                    lat: None,
                    command: "town".into(),
                    exercise: false,
                    drill_id: None,
                    opened_by: command.clone(),
                    opened_at: opened,
                }, &steps).await?;
                let log = [
                    (0, &command, LogKind::Opened, format!("接报:金陵河暴雨内涝(自然灾害,Ⅲ级(较大),{})", flooded.2)),
                    (1, &command, LogKind::Dispatch, "调派镇街综合应急救援队:转移一层住户,设置抽水点".to_owned()),
                    (2, &coordinator, LogKind::Severity, "级别由Ⅲ级(较大)调整为Ⅱ级(重大)".to_owned()),
                    (2, &coordinator, LogKind::Takeover, "事件升为Ⅱ级及以上,区级指挥中心接管指挥".to_owned()),
                    (3, &coordinator, LogKind::Warning, format!("发布公众预警:金陵河沿岸内涝,请勿靠近河道(范围:{})", flooded.2)),
                    (5, &command, LogKind::Note, "已转移 46 人至社区活动中心,无人员伤亡".to_owned()),
                    (6, &command, LogKind::Correction, "更正:转移 48 人(含两名租户)".to_owned()),
                    (30, &coordinator, LogKind::Closed, "处置结束。积水退去,受损房屋已登记,转移群众全部返家".to_owned()),
                ];
                let mut first_note = None;
                for (hours, actor, kind, text) in log {
                    let corrects = if kind == LogKind::Correction { first_note } else { None };
                    let line = incidents::append(c, id, (actor, opened + hours * HOUR), kind.as_str(), &text, corrects).await?;
                    if kind == LogKind::Note {
                        first_note = Some(line.id);
                    }
                }
                incidents::regrade(c, id, Severity::II.as_str(), "district", opened + 2 * HOUR).await?;
                for (n, step) in incidents::step_ids(c, id).await?.into_iter().enumerate() {
                    incidents::complete_step(c, id, step, &command, opened + (n as i64 + 1) * 2 * HOUR).await?;
                }
                let alert = NewAlert {
                    incident_id: id,
                    msg_type: "Alert".into(),
                    exercise: false,
                    references_id: None,
                    headline: "金陵河沿岸内涝,请勿靠近河道".into(),
                    description: "沿河低洼处积水,请沿岸居民听从社区安排转移".into(),
                    instruction: "前往社区活动中心避险,需要帮助请拨打 12345".into(),
                    area_desc: flooded.2.clone(),
                    grid_codes: flooded.0.clone(),
                    sent_by: coordinator.clone(),
                    sent_at: opened + 3 * HOUR,
                };
                let first = incidents::insert_alert(c, &alert, "fengqiao-610302-alert").await?;
                incidents::insert_alert(c, &NewAlert { msg_type: "Cancel".into(), references_id: Some(first), headline: "金陵河内涝预警解除".into(), sent_at: opened + 30 * HOUR, ..alert }, "fengqiao-610302-alert").await?;
                incidents::close(c, id, "积水已退,受损房屋 12 户已登记救助,转移群众全部返家。暴露问题:低洼处缺少水位监测。", opened + 30 * HOUR).await?;

                // An accident under way.
                let steps = plans::steps_for_kind(c, IncidentKind::Accident.as_str()).await?;
                let crash_at = now - 3 * HOUR;
                let id = incidents::insert(c, &NewIncident {
                    kind: IncidentKind::Accident.as_str().into(),
                    severity: Severity::III.as_str().into(),
                    title: "小区地下车库电动车起火".into(),
                    description: "车库内三辆电动车起火,烟雾较大".into(),
                    grid_code: crash.0.clone(),
                    region_path: crash.1.clone(),
                    town_code: town(&crash.1),
                    lon: None,
                    lat: None,
                    command: "town".into(),
                    exercise: false,
                    drill_id: None,
                    opened_by: command.clone(),
                    opened_at: crash_at,
                }, &steps).await?;
                incidents::append(c, id, (&command, crash_at), LogKind::Opened.as_str(), &format!("接报:小区地下车库电动车起火(事故灾难,Ⅲ级(较大),{})", crash.2), None).await?;
                incidents::append(c, id, (&command, crash_at + HOUR / 2), LogKind::Dispatch.as_str(), "调派镇街综合应急救援队:配合消防疏散楼内住户", None).await?;

                // A counter-terror drill that tested the public-security plan.
                let station = accounts::first_with_role(c, &town(&drilled.1), "station_leader").await?.unwrap_or_else(|| "demo".into());
                let held = now - 14 * DAY_MS;
                let drill = drills::insert(c, &NewDrill {
                    kind: "counter_terror".into(),
                    title: "商场反恐处突联合演练".into(),
                    scenario: "持刀人员闯入商场,群众恐慌;检验报警、处置、疏散和医疗救护".into(),
                    plan_kind: IncidentKind::PublicSecurity.as_str().into(),
                    teams: "派出所、镇街综合应急救援队、商场保安、社区网格员".into(),
                    grid_code: drilled.0.clone(),
                    region_path: drilled.1.clone(),
                    held_at: held,
                    created_by: station.clone(),
                    created_at: held - 7 * DAY_MS,
                }).await?;
                for (minutes, text) in [(0, "商场保安发现持刀人员并报警"), (4, "民警到场控制现场"), (9, "网格员引导群众从东侧出口疏散"), (25, "演练结束,清点人数")] {
                    drills::add_timeline(c, drill, held + minutes * 60_000, text, &station).await?;
                }
                drills::evaluate(c, drill, "处置总体有序;疏散时西侧出口无人引导,疏散后清点人数耗时过长").await?;
                let applied = drills::add_finding(c, drill, "西侧出口无人引导", "指定专人引导各出口疏散", "community_staff", Some(&command), held + 30 * DAY_MS, held).await?;
                let step = plans::add_step(c, IncidentKind::PublicSecurity.as_str(), "指定专人引导各出口疏散", "community_staff", drill, held + DAY_MS).await?;
                drills::mark_applied(c, applied, step, &command, held + DAY_MS).await?;
                drills::add_finding(c, drill, "疏散后清点人数耗时过长", "按楼层分组清点并上报人数", "grid_worker", Some(&command), held + 30 * DAY_MS, held).await?;

                // Tips at each state, to the station of the first town.
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x6103_0214);
                let tip = |kind: TipKind, text: &str, days: i64, rng: &mut rand_chacha::ChaCha8Rng| tips::NewTip {
                    receipt_hash: tips::receipt_hash(&new_receipt(rng)),
                    kind: kind.as_str().into(),
                    text: text.into(),
                    place: "小区南门".into(),
                    grid_code: flooded.0.clone(),
                    region_path: flooded.1.clone(),
                    station_code: town(&flooded.1),
                    contact_sealed: None,
                    created_at: now - days * DAY_MS,
                };
                tips::insert(c, &tip(TipKind::Hazard, "小区南门外的燃气管道有异味,已经两天了", 1, &mut rng)).await?;
                let checking = tips::insert(c, &tip(TipKind::Crime, "夜里常有人在车棚附近撬电动车锁", 4, &mut rng)).await?;
                tips::add_message(c, checking, true, &station, "已收到,已安排夜间巡逻,如再看到请拨打 110", now - 3 * DAY_MS).await?;
                tips::set_status(c, checking, "checking", now - 3 * DAY_MS).await?;
                let closed = tips::insert(c, &tip(TipKind::Hazard, "废品收购站堆放大量液化气罐", 20, &mut rng)).await?;
                tips::add_message(c, closed, true, &station, "经核查,已责令收购站清理气罐并纳入风险点管理,谢谢您的线索", now - 15 * DAY_MS).await?;
                tips::set_status(c, closed, "closed", now - 15 * DAY_MS).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}
