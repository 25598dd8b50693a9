//! The demo's psychological services: the district centre's two counsellors and their
//! supervisor in the expert pool, and appointments at each state. Their note keys are made
//! on first use (the demo loads without the server key), and the demo writes no notes.

use fengqiao_core::calendar::{date_of, start_of};
use fengqiao_core::geo::Atlas;
use fengqiao_core::time::DAY_MS;
use fengqiao_core::Level;
use fengqiao_store::services::counselling::{self as store, NewAppointment, NewCounsellor};
use fengqiao_store::{accounts, now_ms, Store};

pub async fn load(store: &Store, atlas: &Atlas) -> anyhow::Result<()> {
    let pool = store.pool();
    let Some(district) = atlas
        .regions()
        .iter()
        .find(|r| r.level == Level::District)
        .cloned()
    else {
        return Ok(());
    };
    let town = atlas
        .regions()
        .iter()
        .find(|r| r.level == Level::Town)
        .cloned()
        .unwrap_or_else(|| district.clone());
    let grid = atlas
        .regions()
        .iter()
        .find(|r| r.level == Level::Grid)
        .cloned()
        .unwrap_or_else(|| town.clone());
    // (username, qualification, level, region, supervisor)
    let pool_spec = [
        (
            "xl03",
            "精神科副主任医师、心理督导师",
            "district",
            &district,
            None,
        ),
        (
            "xl01",
            "国家二级心理咨询师",
            "district",
            &district,
            Some("xl03"),
        ),
        (
            "xl02",
            "国家三级心理咨询师、社会工作师",
            "town",
            &town,
            Some("xl03"),
        ),
    ];
    let mut rows = Vec::new();
    for (username, qualification, level, region, supervisor) in pool_spec {
        let Some(account) = accounts::by_username(pool, username).await? else {
            continue;
        };
        rows.push(NewCounsellor {
            username: username.into(),
            name: account.name,
            qualification: qualification.into(),
            level: level.into(),
            region_code: region.code.clone(),
            region_path: region.path.clone(),
            supervisor: supervisor.map(Into::into),
            key_sealed: String::new(),
        });
    }
    let now = now_ms();
    let today = start_of(date_of(now));
    store
        .write(move |c| {
            Box::pin(async move {
                let mut ids = Vec::new();
                for r in &rows {
                    ids.push(store::upsert_counsellor(c, r).await?);
                }
                let (Some(&first), Some(&second)) = (ids.get(1), ids.get(2)) else {
                    return Ok(());
                };
                let appointments = [
                    (
                        first,
                        "小林",
                        "res001",
                        today + DAY_MS + 15 * 3_600_000,
                        "requested",
                    ),
                    (
                        second,
                        "王阿姨",
                        "res002",
                        today + 2 * DAY_MS + 10 * 3_600_000,
                        "confirmed",
                    ),
                    (
                        first,
                        "晓风",
                        "res002",
                        today - 6 * DAY_MS + 16 * 3_600_000,
                        "done",
                    ),
                ];
                for (counsellor_id, alias, by, starts_at, status) in appointments {
                    let id = store::insert_appointment(
                        c,
                        &NewAppointment {
                            counsellor_id,
                            alias: alias.into(),
                            contact_sealed: None,
                            booked_by: Some(by.into()),
                            grid_code: grid.code.clone(),
                            region_path: grid.path.clone(),
                            starts_at,
                            place: "区心理健康服务中心咨询室".into(),
                            created_at: now - DAY_MS,
                        },
                    )
                    .await?;
                    store::set_status(c, id, status, now - DAY_MS).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}
