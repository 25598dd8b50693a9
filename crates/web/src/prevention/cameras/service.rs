//! Registering cameras (one by one or a whole sheet, in one write job), reporting an outage
//! (a repair task for the camera's maintainer, with a notice) and closing it. The district's
//! code decides which device codes belong here; the caller's scope which places.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::geo::{AtlasRegion, Shape};
use fengqiao_core::prevention::camera::{CameraStatus, DeviceCode};
use fengqiao_core::region::Level;
use fengqiao_core::time::DAY_MS;
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::prevention::cameras::{self as store, CameraRow, NewCamera};
use fengqiao_store::{accounts, inbox, now_ms};

/// Days a maintainer has to repair an outage.
pub const REPAIR_DAYS: i64 = 3;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// A camera as a form, the API or a sheet row gives it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct CameraInput {
    pub device_code: String,
    pub name: String,
    /// The compound it watches; its position defaults to the compound's.
    pub compound_code: Option<String>,
    /// A key place it watches instead (a square, a school gate…).
    #[serde(default)]
    pub key_place: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub crs: Option<String>,
    /// Degrees clockwise from north it points to, and how wide it sees.
    pub direction: Option<i64>,
    pub field_of_view: Option<i64>,
    /// The account that repairs it; the grid's worker when not given.
    pub maintainer: Option<String>,
}

/// The district's six-digit code, which every device code must start with.
fn district_code(state: &AppState) -> Option<String> {
    state
        .atlas()
        .regions()
        .iter()
        .find(|r| r.level == Level::District)
        .map(|r| r.code.clone())
}

fn point_of(r: &AtlasRegion) -> Option<(f64, f64)> {
    match &r.shape {
        Some(Shape::Point(p)) => Some((p.x(), p.y())),
        _ => None,
    }
}

/// Checks a camera against the district, the atlas and the caller's scope, without writing.
pub fn check(state: &AppState, user: &User, c: CameraInput) -> Result<NewCamera, ApiError> {
    let scope = user.staff_scope()?;
    let district = district_code(state).ok_or_else(|| unprocessable("尚未导入本区区划"))?;
    let code = DeviceCode::in_district(&c.device_code, &district)
        .map_err(|e| unprocessable(e.to_string()))?;
    let name = c.name.trim().to_owned();
    if !(1..=60).contains(&name.chars().count()) {
        return Err(unprocessable("摄像机名称应为 1 到 60 字"));
    }
    let atlas = state.atlas();
    let compound = match c.compound_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(code) => Some(
            atlas
                .get(code)
                .filter(|r| r.level == Level::Compound)
                .ok_or_else(|| unprocessable(format!("小区 {} 不存在", code.chars().take(30).collect::<String>())))?,
        ),
        None => None,
    };
    let key_place = c.key_place.trim().chars().take(60).collect::<String>();
    if compound.is_none() && key_place.is_empty() {
        return Err(unprocessable("请写明摄像机看护的小区或重点部位"));
    }
    let (lon, lat) = match (c.lon, c.lat) {
        (Some(lon), Some(lat)) => {
            fengqiao_core::geo::check_lon_lat(lon, lat).map_err(|e| unprocessable(e.to_string()))?;
            crate::org::place::crs(c.crs.as_deref())?.to_wgs84(lon, lat)
        }
        (None, None) => compound
            .and_then(point_of)
            .ok_or_else(|| unprocessable("请给出摄像机的经纬度"))?,
        _ => return Err(unprocessable("经度和纬度要同时提供")),
    };
    let grid = match compound.and_then(|c| c.parent_code.as_deref()).and_then(|g| atlas.get(g)) {
        Some(g) => g,
        None => atlas
            .locate_grid(lon, lat)
            .ok_or_else(|| unprocessable("该位置不在本区任何网格内"))?,
    };
    if !scope.contains_path(&grid.path) {
        return Err(unprocessable(format!("{} 不在您的管辖范围内", grid.name)));
    }
    let direction = c.direction.filter(|d| (0..360).contains(d));
    if c.direction.is_some() && direction.is_none() {
        return Err(unprocessable("朝向应为 0 到 359 度(正北为 0,顺时针)"));
    }
    let field_of_view = c.field_of_view.filter(|d| (1..=360).contains(d));
    if c.field_of_view.is_some() && field_of_view.is_none() {
        return Err(unprocessable("视场角应为 1 到 360 度"));
    }
    Ok(NewCamera {
        device_code: code.to_string(),
        name,
        compound_code: compound.map(|c| c.code.clone()),
        key_place,
        grid_code: grid.code.clone(),
        region_path: compound.map_or_else(|| grid.path.clone(), |c| c.path.clone()),
        lon,
        lat,
        direction,
        field_of_view,
        maintainer: c
            .maintainer
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty()),
        installed_at: now_ms(),
    })
}

/// Registers (or updates, by device code) checked cameras in one write job; a maintainer not
/// given is the grid's worker. Returns how many were new and how many updated.
pub async fn save_all(
    state: &AppState,
    user: &User,
    cameras: Vec<NewCamera>,
) -> Result<(Vec<i64>, usize), ApiError> {
    for m in cameras.iter().filter_map(|c| c.maintainer.as_deref()) {
        let ok = accounts::by_username(state.store.pool(), m)
            .await?
            .is_some_and(|a| a.active == 1 && a.role != "resident");
        if !ok {
            return Err(unprocessable(format!("维护人账号 {m} 不存在或不是工作人员")));
        }
    }
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                let (mut ids, mut updated) = (Vec::new(), 0);
                for mut cam in cameras {
                    if cam.maintainer.is_none() {
                        cam.maintainer =
                            accounts::first_with_role(c, &cam.grid_code, "grid_worker").await?;
                    }
                    let (id, new) = store::upsert(c, &cam, &actor, now).await?;
                    audit::append(
                        c,
                        &Entry {
                            actor: &actor,
                            action: if new { "camera.register" } else { "camera.update" },
                            record_type: "camera",
                            record_id: &id.to_string(),
                            detail: &cam.device_code,
                        },
                    )
                    .await?;
                    updated += usize::from(!new);
                    ids.push(id);
                }
                Ok((ids, updated))
            })
        })
        .await?)
}

/// A camera in the caller's scope.
pub async fn in_scope(state: &AppState, user: &User, id: i64) -> Result<CameraRow, ApiError> {
    let scope = user.staff_scope()?;
    store::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found("没有这台摄像机,或不在您的管辖范围内"))
}

/// Reports an outage: the camera is faulty, its maintainer gets a repair task due in
/// [`REPAIR_DAYS`] days and a notice.
pub async fn report_fault(
    state: &AppState,
    user: &User,
    id: i64,
    description: &str,
) -> Result<i64, ApiError> {
    let camera = in_scope(state, user, id).await?;
    if camera.status == CameraStatus::Retired.as_str() {
        return Err(ApiError::new(Code::Conflict, "这台摄像机已拆除"));
    }
    let description = description.trim().to_owned();
    if !(2..=500).contains(&description.chars().count()) {
        return Err(unprocessable("故障情况应为 2 到 500 字"));
    }
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                let due = now + REPAIR_DAYS * DAY_MS;
                let fault = store::add_fault(c, &camera, &description, (&actor, now, due)).await?;
                if let Some(m) = &camera.maintainer {
                    let notice = inbox::Notice {
                        kind: "camera_fault".into(),
                        title: format!("摄像机故障待修:{}", camera.name),
                        link: format!("/cameras/{}", camera.id),
                        tracking_code: None,
                        region_path: camera.region_path.clone(),
                    };
                    inbox::notify(c, std::slice::from_ref(m), &notice, now).await?;
                }
                audit::append(
                    c,
                    &Entry {
                        actor: &actor,
                        action: "camera.fault",
                        record_type: "camera",
                        record_id: &camera.id.to_string(),
                        detail: &description,
                    },
                )
                .await?;
                Ok(fault)
            })
        })
        .await?)
}

/// Closes an open outage with what was done.
pub async fn repair(
    state: &AppState,
    user: &User,
    id: i64,
    fault: i64,
    reply: &str,
) -> Result<(), ApiError> {
    let camera = in_scope(state, user, id).await?;
    let reply = reply.trim().to_owned();
    if !(2..=500).contains(&reply.chars().count()) {
        return Err(unprocessable("请写明如何修复(2 到 500 字)"));
    }
    let actor = user.username.clone();
    let done = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let done = store::repair(c, camera.id, fault, &reply, (&actor, now_ms())).await?;
                if done {
                    audit::append(
                        c,
                        &Entry {
                            actor: &actor,
                            action: "camera.repair",
                            record_type: "camera",
                            record_id: &camera.id.to_string(),
                            detail: &reply,
                        },
                    )
                    .await?;
                }
                Ok(done)
            })
        })
        .await?;
    if done {
        Ok(())
    } else {
        Err(ApiError::new(Code::Conflict, "这次故障已经修复,或不是这台摄像机的"))
    }
}
