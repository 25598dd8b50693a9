//! Risk prevention (issue 13): patrols with GPS tracks — from a phone app's GPX file, from
//! batches a phone posts, from the patrol page — their checkpoints, hours per grid, the grids
//! nobody walked, and the track back out as GPX (read by gpxpy) and GeoJSON. Both databases.

use crate::support::{on_both, App};
use fengqiao_store::prevention::patrols;

async fn spot(app: &App, token: &str) -> (f64, f64) {
    crate::support::compound_point(app, token, GRID_A).await
}
use serde_json::{json, Value};

const GRID_A: &str = "610302001001001";

/// A walk north from `start`, one fix every 10 s, as GPSLogger for Android writes it (GPX
/// 1.1 with 1.0's course and speed, and extensions).
fn gpslogger(start: (f64, f64), from_ms: i64, n: usize) -> String {
    let mut points = String::new();
    for i in 0..n {
        let t = chrono::DateTime::from_timestamp_millis(from_ms + i as i64 * 10_000)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        points.push_str(&format!(
            "<trkpt lat=\"{:.7}\" lon=\"{:.7}\"><ele>560.0</ele><time>{t}</time><course>0.0</course><speed>1.1</speed><src>gps</src><sat>8</sat><extensions><accuracy>5.0</accuracy></extensions></trkpt>\n",
            start.1 + i as f64 * 0.0001,
            start.0
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<gpx version="1.1" creator="GPSLogger 131 - http://gpslogger.mendhak.com/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.topografix.com/GPX/1/1" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">
<metadata><time>2026-11-30T01:00:00.000Z</time></metadata>
<trk><name>20261130</name><trkseg>
{points}</trkseg></trk>
</gpx>"#
    )
}

/// Reads a GPX document with gpxpy, the Python library most tools use; returns the version,
/// the number of points, the first time and the length it measured.
fn gpxpy(gpx: &str) -> Option<String> {
    crate::support::python(
        &["gpxpy"],
        "import sys, gpxpy\ng = gpxpy.parse(open(sys.argv[1], encoding='utf-8'))\npts = [p for t in g.tracks for s in t.segments for p in s.points]\nprint(g.version, len(pts), pts[0].time.isoformat(), round(g.length_2d()))",
        (".gpx", gpx.as_bytes()),
    )
}

/// Done-when: a patrol GPX exported by a common phone app imports, shows as a track and counts
/// in the grid's patrol hours; it goes back out as GPX that gpxpy reads and as GeoJSON.
#[tokio::test]
async fn a_phone_apps_gpx_imports_as_a_patrol_and_counts_in_the_grids_hours() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let start = spot(&app, &gw).await;
        let from = fengqiao_store::now_ms() - 3 * 3_600_000;
        let file = gpslogger(start, from, 181); // 30 minutes, about 2 km
        let week_of = format!("/api/v1/patrols/weekly?region={GRID_A}&week={}", fengqiao_core::time::day(from));
        let (_, before) = app.get_json(&week_of, &gw).await;
        let res = app
            .http
            .post(app.url("/api/v1/patrols/import?members=张三,李四"))
            .bearer_auth(&gw)
            .header("content-type", "application/gpx+xml")
            .body(file)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["grid_code"], GRID_A, "placed by its first point");
        assert_eq!(p["points"], 181);
        assert_eq!(p["minutes"], 30);
        assert_eq!(p["finished"], true);
        assert_eq!(p["members"], "张三、李四");
        let km = p["distance_m"].as_f64().unwrap() / 1000.0;
        assert!((km - 2.0).abs() < 0.05, "{km} km");
        let id = p["id"].as_i64().unwrap();

        let (_, week) = app.get_json(&week_of, &gw).await;
        assert_eq!(week[0]["grid_code"], GRID_A);
        assert_eq!(week[0]["patrols"].as_i64().unwrap(), before[0]["patrols"].as_i64().unwrap() + 1);
        let hours = week[0]["hours"].as_f64().unwrap() - before[0]["hours"].as_f64().unwrap();
        assert!((hours - 0.5).abs() < 0.11, "half an hour more: {hours}");

        let gpx = app.get(&format!("/api/v1/patrols/{id}/track.gpx"), &gw).await;
        assert_eq!(gpx.headers()["content-type"], "application/gpx+xml");
        let gpx = gpx.text().await.unwrap();
        assert!(gpx.contains(r#"version="1.1""#));
        if let Some(read) = gpxpy(&gpx) {
            let first = chrono::DateTime::from_timestamp_millis(from).unwrap();
            let expected = format!("1.1 181 {}", first.format("%Y-%m-%dT%H:%M:%S"));
            assert!(read.starts_with(&expected), "gpxpy read {read}, expected {expected}…");
            let metres: f64 = read.rsplit(' ').next().unwrap().parse().unwrap();
            assert!((metres / 1000.0 - km).abs() < 0.05, "gpxpy measures {metres} m");
        }
        let (_, line) = app
            .get_json(&format!("/api/v1/patrols/{id}/track.geojson"), &gw)
            .await;
        assert_eq!(line["geometry"]["type"], "LineString");
        assert_eq!(line["geometry"]["coordinates"].as_array().unwrap().len(), 181);

        let page = app.page(&format!("/patrols/{id}"), &gw).await;
        assert!(page.contains("patrol-map") && page.contains("张三、李四") && page.contains("GPX 导入"));
        let broken = app
            .http
            .post(app.url("/api/v1/patrols/import"))
            .bearer_auth(&gw)
            .body("<gpx><trk><trkseg><trkpt lat=\"north\" lon=\"107\"><time>2026-11-30T01:00:00Z</time></trkpt></trkseg></trk></gpx>")
            .send()
            .await
            .unwrap();
        let problem = crate::support::problem(broken, 422).await;
        assert!(problem["detail"].as_str().unwrap().contains("第 1 个轨迹点"));
        app.stop().await;
    })
    .await;
}

/// A phone posts its track in batches (GCJ-02, as Chinese map SDKs give it): the distance adds
/// up across batches, a checkpoint within 30 m is marked visited, and the hazard found on the
/// way goes to the requests area with its own tracking code.
#[tokio::test]
async fn a_phones_batches_mark_checkpoints_and_findings_become_reports() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (lon, lat) = spot(&app, &gw).await;
        let (s, cp) = app
            .post_json("/api/v1/patrols/checkpoints", &gw, &json!({"grid_code": GRID_A, "name": "小区东门", "lon": lon, "lat": lat + 0.001}))
            .await;
        assert_eq!(s, 201, "{cp}");
        let now = fengqiao_store::now_ms();
        let (s, p) = app
            .post_json("/api/v1/patrols", &gw, &json!({"grid_code": GRID_A, "started_at": now - 600_000}))
            .await;
        assert_eq!(s, 201, "{p}");
        let id = p["id"].as_i64().unwrap();
        let batch = |from: usize, to: usize| {
            let points: Vec<Value> = (from..to)
                .map(|i| {
                    let (x, y) = fengqiao_core::geo::Crs::Gcj02.from_wgs84(lon, lat + i as f64 * 0.0001);
                    json!({"lon": x, "lat": y, "at": now - 500_000 + i as i64 * 10_000})
                })
                .collect();
            json!({"crs": "gcj02", "points": points})
        };
        let (s, first) = app.post_json(&format!("/api/v1/patrols/{id}/points"), &gw, &batch(0, 5)).await;
        assert_eq!(s, 200, "{first}");
        assert_eq!(first["visited"], json!([]));
        let (_, second) = app.post_json(&format!("/api/v1/patrols/{id}/points"), &gw, &batch(5, 12)).await;
        assert_eq!(second["points"], 12);
        assert_eq!(second["visited"], json!(["小区东门"]), "passed within 30 m");
        let walked = second["distance_m"].as_f64().unwrap();
        assert!((walked - 11.0 * 11.1).abs() < 2.0, "{walked} m over 11 steps of 0.0001°");

        let bad = app.post_json(&format!("/api/v1/patrols/{id}/points"), &gw, &json!({"points": [{"lon": lon, "lat": 91.0, "at": now}]})).await;
        assert_eq!(bad.0, 422);
        assert!(bad.1["detail"].as_str().unwrap().contains("第 1 个点"), "{}", bad.1);
        let future = app.post_json(&format!("/api/v1/patrols/{id}/points"), &gw, &json!({"points": [{"lon": lon, "lat": lat, "at": "2099-01-01T00:00:00+08:00"}]})).await;
        assert_eq!(future.0, 422);
        let other = app.token("gw0002").await;
        let (s, _) = app.get_json(&format!("/api/v1/patrols/{id}"), &other).await;
        assert_eq!(s, 404, "another grid's worker does not see it");

        let finish = json!({"findings": "东门消防通道被占", "reports": [{"service_code": "hazard-fire", "description": "东门消防通道停满电动车"}]});
        let (s, done) = app.post_json(&format!("/api/v1/patrols/{id}/finish"), &gw, &finish).await;
        assert_eq!(s, 200, "{done}");
        assert_eq!(done["finished"], true);
        assert_eq!(done["visited"][0][0], "小区东门");
        let code = done["reported"][0].as_str().unwrap();
        assert!(code.starts_with("FR"), "{code}");
        let (_, requests) = app.get_json(&format!("/api/v1/requests?q={code}"), &gw).await;
        assert_eq!(requests["items"][0]["channel"], "staff");
        assert_eq!(requests["items"][0]["grid_code"], GRID_A);
        let (s, _) = app.post_json(&format!("/api/v1/patrols/{id}/points"), &gw, &batch(12, 13)).await;
        assert_eq!(s, 409, "a finished patrol takes no more points");
        app.stop().await;
    })
    .await;
}

/// A grid nobody patrolled for 7 days is on its worker's problem list, and off it after a
/// patrol; the district's list names communities, not hundreds of grids. The assessment's
/// patrol-hours column has figures.
#[tokio::test]
async fn a_grid_without_a_patrol_for_seven_days_is_a_problem_until_walked() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0002").await;
        let grid = "610302001001002";
        let problems = |list: &Value| -> Vec<String> {
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["title"].as_str().unwrap().to_owned())
                .filter(|t| t.contains("天无巡逻"))
                .collect()
        };
        let (_, before) = app.get_json("/api/v1/lists/problems", &gw).await;
        let name = app.server.state.atlas().get(grid).unwrap().name.clone();
        assert_eq!(
            problems(&before),
            [format!("{name} 7 天无巡逻")],
            "{before}"
        );
        let (s, p) = app
            .post_json("/api/v1/patrols", &gw, &json!({"grid_code": grid}))
            .await;
        assert_eq!(s, 201, "{p}");
        let (_, after) = app.get_json("/api/v1/lists/problems", &gw).await;
        assert!(problems(&after).is_empty(), "{after}");

        let coordinator = app.token("coordinator").await;
        let (_, district) = app.get_json("/api/v1/lists/problems", &coordinator).await;
        assert!(
            problems(&district)
                .iter()
                .all(|t| t.contains("个网格 7 天无巡逻")),
            "{district}"
        );
        let (_, table) = app
            .get_json("/api/v1/assessment?level=grid", &coordinator)
            .await;
        let rows = table["rows"].as_array().unwrap();
        assert!(
            rows.iter()
                .any(|r| r["values"]["patrol_hours"].as_f64().unwrap_or(0.0) > 0.0),
            "demo patrols count"
        );
        app.stop().await;
    })
    .await;
}

/// The patrols' monthly roll-up, kept by triggers, answers exactly what a pass over the patrols
/// answers: for five years of patrols finished, still open and never started moving, then
/// patrols walked through the API, one corrected into another month and grid and one deleted;
/// for whole months, ragged windows and windows inside a month, for the district, a street and
/// a grid.
#[tokio::test]
async fn the_patrols_monthly_roll_up_answers_what_the_patrols_answer() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let pool = app.server.state.store.pool().clone();
        let grids: Vec<(String, String)> = sqlx::query_as(
            "SELECT code, path FROM regions WHERE level = 'grid' AND (code = $1 OR code LIKE '610302001002%' OR code LIKE '6103021%') ORDER BY code LIMIT 5",
        )
        .bind(GRID_A)
        .fetch_all(&pool)
        .await
        .unwrap();
        assert!(grids.len() >= 3, "{grids:?}");
        const HOUR: i64 = 3_600_000;
        let now = fengqiao_store::now_ms();
        for i in 0..600_i64 {
            let (grid, path) = &grids[i as usize % grids.len()];
            let started = now - i * 3 * 86_400_000 - i * 7_919_000;
            // Most finished; some with only their last fix; some with neither.
            let (ended, last) = match i % 5 {
                0 => (None, Some(started + HOUR / 2)),
                1 => (None, None),
                _ => (Some(started + (i % 4 + 1) * HOUR), Some(started + HOUR)),
            };
            sqlx::query(
                "INSERT INTO patrols (grid_code, region_path, started_at, ended_at, last_at, source, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, 'phone', 'roll-up', $3)",
            )
            .bind(grid)
            .bind(path)
            .bind(started)
            .bind(ended)
            .bind(last)
            .execute(&pool)
            .await
            .unwrap();
        }
        let gw = app.token("gw0001").await;
        let (lon, lat) = spot(&app, &gw).await;
        let (s, p) = app
            .post_json("/api/v1/patrols", &gw, &json!({"grid_code": GRID_A, "started_at": now - 3 * HOUR}))
            .await;
        assert_eq!(s, 201, "{p}");
        let id = p["id"].as_i64().unwrap();
        let points: Vec<Value> = (0..6)
            .map(|i| json!({"lon": lon, "lat": lat + i as f64 * 0.0001, "at": now - 2 * HOUR + i * 60_000}))
            .collect();
        let (s, b) = app.post_json(&format!("/api/v1/patrols/{id}/points"), &gw, &json!({"points": points})).await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = app.post_json(&format!("/api/v1/patrols/{id}/finish"), &gw, &json!({"findings": ""})).await;
        assert_eq!(s, 200, "{b}");
        // Corrected into another month and grid; and one deleted.
        let (grid, path) = &grids[1];
        sqlx::query("UPDATE patrols SET started_at = started_at - 3456000000, grid_code = $1, region_path = $2 WHERE id = $3")
            .bind(grid)
            .bind(path)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("DELETE FROM patrols WHERE id = (SELECT MIN(id) FROM patrols WHERE created_by = 'roll-up')")
            .execute(&pool)
            .await
            .unwrap();

        let day = |s: &str| fengqiao_core::time::parse_day(s).unwrap();
        let tomorrow = fengqiao_core::time::start_of_day(now) + 86_400_000;
        let windows = [
            ("five whole years", fengqiao_core::time::month(now, -60).unwrap().0, fengqiao_core::time::month(now, 1).unwrap().0),
            ("ragged", day("2022-03-17"), tomorrow),
            ("the last 366 days", now - 366 * 86_400_000, now),
            ("inside one month", day("2024-05-03"), day("2024-05-28")),
            ("from a month's third day", day("2024-05-03"), day("2024-08-01")),
            ("across one month's end", day("2024-05-20"), day("2024-06-10")),
        ];
        let scopes = ["/610302/", "/610302/610302001/", grids[0].1.as_str()];
        for (name, from, to) in windows {
            for scope in scopes {
                let mut rolled = patrols::hours_by_grid(&pool, scope, (from, to)).await.unwrap();
                rolled.sort();
                let mut counted: Vec<(String, String, i64, i64)> = patrols::by_grid(&pool, scope, (from, to))
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|(g, p, n, ms, _)| (g, p, n, ms))
                    .collect();
                counted.sort();
                assert_eq!(rolled, counted, "{name} in {scope}");
                if name == "ragged" && scope == "/610302/" {
                    assert!(rolled.iter().map(|r| r.2).sum::<i64>() > 300, "{rolled:?}");
                }
            }
        }
        app.stop().await;
    })
    .await;
}

/// The patrol pages: start one from the list, see it confirmed, finish it with a finding.
#[tokio::test]
async fn patrols_start_and_finish_on_their_pages() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let cookie = format!("; fq_session={gw}");
        let list = app.page("/patrols", &gw).await;
        let name = app.server.state.atlas().get(GRID_A).unwrap().name.clone();
        assert!(list.contains(&name) && list.contains("开始巡逻") && list.contains("导入 GPX"));
        let res = app
            .post_form(
                "/patrols",
                &cookie,
                &[("grid_code", GRID_A), ("members", "王五")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let at = res.headers()["location"].to_str().unwrap().to_owned();
        let page = app.page(&at, &gw).await;
        assert!(
            page.contains("巡逻已开始") && page.contains("开始记录轨迹"),
            "{page}"
        );
        let id = at
            .trim_start_matches("/patrols/")
            .split('?')
            .next()
            .unwrap()
            .to_owned();
        let res = app
            .post_form(
                &format!("/patrols/{id}/finish"),
                &cookie,
                &[
                    ("findings", "一切正常"),
                    ("service_code", "hazard-road"),
                    ("description", "路灯不亮,路面有坑"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let at = res.headers()["location"].to_str().unwrap().to_owned();
        let page = app.page(&at, &gw).await;
        assert!(
            page.contains("巡逻已结束") && page.contains("查询码 FR"),
            "{page}"
        );
        assert!(page.contains("一切正常") && !page.contains("开始记录轨迹"));
        let wrong = app
            .post_form("/patrols", &cookie, &[("grid_code", "610302001001002")])
            .await;
        assert_eq!(wrong.status(), 422);
        assert!(wrong.text().await.unwrap().contains("不在您的管辖范围内"));
        app.stop().await;
    })
    .await;
}

/// `fengqiao import gpx FILE --as ACCOUNT` records the file as that account's patrol, and
/// refuses a grid outside the account's scope.
#[tokio::test]
async fn the_import_gpx_command_records_a_patrol() {
    on_both(|db| async move {
        let url = crate::support::fresh_url(db).await.unwrap();
        let store = fengqiao_store::Store::open(&url).await.unwrap();
        fengqiao::demo::load(&store, "pw").await.unwrap();
        let atlas = fengqiao_web::load_atlas(&store).await.unwrap();
        let compound = atlas
            .regions()
            .iter()
            .find(|r| r.parent_code.as_deref() == Some(GRID_A))
            .unwrap();
        let Some(fengqiao_core::geo::Shape::Point(p)) = &compound.shape else {
            panic!("a compound's point")
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("walk.gpx");
        let from = fengqiao_store::now_ms() - 3_600_000;
        std::fs::write(&file, gpslogger((p.x(), p.y()), from, 61)).unwrap();
        let fq = |account: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_fengqiao"))
                .args([
                    "import",
                    "gpx",
                    file.to_str().unwrap(),
                    "--as",
                    account,
                    "--members",
                    "张三",
                    "--db",
                    &url,
                ])
                .output()
                .unwrap()
        };
        let ok = fq("gw0001");
        let said = String::from_utf8_lossy(&ok.stdout);
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
        assert!(
            said.contains("61 个轨迹点") && said.contains("10 分钟"),
            "{said}"
        );
        let refused = fq("gw0002");
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("不在您的管辖范围内"));
        let rows = fengqiao_store::prevention::patrols::list(
            store.pool(),
            "/",
            (from - 1, from + 1),
            None,
            10,
        )
        .await
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (
                rows[0].grid_code.as_str(),
                rows[0].members.as_str(),
                rows[0].source.as_str()
            ),
            (GRID_A, "张三", "gpx")
        );
    })
    .await;
}

/// The fill a drawn layer gives a compound.
fn compound_fill(svg: &str, code: &str) -> String {
    let at = svg
        .find(&format!(r#"data-code="{code}"><circle"#))
        .unwrap_or_else(|| panic!("{code} on the map"));
    let rest = &svg[at..];
    let fill = rest.find("fill=\"").unwrap() + 6;
    rest[fill..fill + 7].to_owned()
}

/// Done-when: a camera fault becomes a repair task on its maintainer's list and its compound
/// turns red on the cameras layer; the repair puts both back.
#[tokio::test]
async fn a_camera_fault_is_a_repair_task_and_turns_its_compound_red() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let compound = app
            .server
            .state
            .atlas()
            .regions()
            .iter()
            .find(|r| r.parent_code.as_deref() == Some(GRID_A))
            .unwrap()
            .code
            .clone();
        let (_, cams) = app
            .get_json(&format!("/api/v1/cameras?region={compound}"), &gw)
            .await;
        let cams = cams.as_array().unwrap().clone();
        assert!(!cams.is_empty(), "the demo put cameras on the compound");
        let layer = format!("/map.svg?region={GRID_A}&layer=cameras");
        let svg = app.get(&layer, &gw).await.text().await.unwrap();
        assert_eq!(compound_fill(&svg, &compound), "#34a853", "covered: green");
        let mut faults = Vec::new();
        for c in cams.iter().filter(|c| c["status"] == "working") {
            let (s, d) = app
                .post_json(
                    &format!("/api/v1/cameras/{}/faults", c["id"]),
                    &gw,
                    &json!({"description": "画面黑屏"}),
                )
                .await;
            assert_eq!(s, 201, "{d}");
            assert_eq!(d["status"], "faulty");
            assert_eq!(d["status_label"], "故障");
            faults.push((
                c["id"].as_i64().unwrap(),
                d["faults"][0]["id"].as_i64().unwrap(),
            ));
        }
        let svg = app.get(&layer, &gw).await.text().await.unwrap();
        assert_eq!(
            compound_fill(&svg, &compound),
            "#d93025",
            "no working camera: red"
        );
        let (_, cover) = app
            .get_json(
                &format!("/api/v1/prevention/compounds?region={GRID_A}"),
                &gw,
            )
            .await;
        let line = cover["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == compound.as_str())
            .unwrap()
            .clone();
        assert_eq!(line["working"], 0);
        let (_, tasks) = app.get_json("/api/v1/lists/tasks", &gw).await;
        let repairs = tasks["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["title"].as_str().unwrap().starts_with("摄像机故障待修"))
            .count();
        assert!(repairs >= faults.len(), "{tasks}");
        let (_, inbox) = app.get_json("/api/v1/notifications", &gw).await;
        assert!(inbox.to_string().contains("摄像机故障待修"), "{inbox}");

        for (camera, fault) in &faults {
            let (s, d) = app
                .post_json(
                    &format!("/api/v1/cameras/{camera}/faults/{fault}/repair"),
                    &gw,
                    &json!({"reply": "更换电源适配器"}),
                )
                .await;
            assert_eq!(s, 200, "{d}");
        }
        let (camera, fault) = faults[0];
        let (s, _) = app
            .post_json(
                &format!("/api/v1/cameras/{camera}/faults/{fault}/repair"),
                &gw,
                &json!({"reply": "再修一次"}),
            )
            .await;
        assert_eq!(s, 409, "a repaired fault is not repaired twice");
        let svg = app.get(&layer, &gw).await.text().await.unwrap();
        assert_eq!(compound_fill(&svg, &compound), "#34a853");
        let other = app.token("gw0002").await;
        let (s, _) = app
            .get_json(&format!("/api/v1/cameras/{camera}"), &other)
            .await;
        assert_eq!(s, 404, "out of scope");
        let page = app.page(&format!("/cameras/{camera}"), &gw).await;
        assert!(
            page.contains("已修复:更换电源适配器") && page.contains("网格员"),
            "names, not usernames"
        );
        app.stop().await;
    })
    .await;
}

/// A camera is registered under a GB/T 28181 code of this district's cameras, once.
#[tokio::test]
async fn cameras_are_registered_by_a_checked_device_code() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (lon, lat) = spot(&app, &gw).await;
        let body = |code: &str| json!({"device_code": code, "name": "测试东门", "key_place": "社区服务中心门口", "lon": lon, "lat": lat, "direction": 90, "field_of_view": 100});
        for (code, words) in [
            ("6103020001132000001", "20 位数字"),
            ("61030200011180000001", "类型码为 118"),
            ("61030300011320000001", "610303"),
        ] {
            let (s, p) = app.post_json("/api/v1/cameras", &gw, &body(code)).await;
            assert_eq!(s, 422, "{code}");
            assert!(p["detail"].as_str().unwrap().contains(words), "{p}");
        }
        let (s, c) = app.post_json("/api/v1/cameras", &gw, &body("61030200011329999001")).await;
        assert_eq!(s, 201, "{c}");
        assert_eq!(c["grid_code"], GRID_A);
        assert_eq!(c["maintainer"], "gw0001", "the grid's worker maintains it");
        let (s, again) = app.post_json("/api/v1/cameras", &gw, &json!({"device_code": "61030200011329999001", "name": "测试东门(新)", "key_place": "社区服务中心门口", "lon": lon, "lat": lat})).await;
        assert_eq!(s, 200, "the same code updates: {again}");
        assert_eq!((again["id"].clone(), again["name"].clone()), (c["id"].clone(), json!("测试东门(新)")));
        let far = json!({"device_code": "61030200011329999002", "name": "越界", "compound_code": "610302100001001001"});
        let (s, _) = app.post_json("/api/v1/cameras", &gw, &far).await;
        assert_eq!(s, 422);
        let res001 = app.token("res001").await;
        let (s, _) = app.post_json("/api/v1/cameras", &res001, &body("61030200011329999003")).await;
        assert_eq!(s, 403);
        let coordinator = app.token("coordinator").await;
        let (_, cover) = app.get_json("/api/v1/prevention/compounds", &coordinator).await;
        assert_eq!(cover["compounds"], 244);
        let covered = cover["covered"].as_i64().unwrap();
        assert!((220..244).contains(&covered), "most, not all, compounds covered: {covered}");
        assert!(cover["key_places"].as_i64().unwrap() >= 1);
        app.stop().await;
    })
    .await;
}

/// The registry goes out as .xlsx that openpyxl reads, and comes back in: changed rows update,
/// a bad row refuses the whole file by its row number.
#[tokio::test]
async fn the_camera_registry_goes_out_and_back_in_as_excel() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let res = app.get(&format!("/api/v1/cameras/export?region={GRID_A}"), &gw).await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-disposition"].to_str().unwrap().contains(&format!("cameras-{GRID_A}-")));
        let xlsx = res.bytes().await.unwrap().to_vec();
        let (_, cams) = app.get_json(&format!("/api/v1/cameras?region={GRID_A}"), &gw).await;
        let n = cams.as_array().unwrap().len();
        if let Some(rows) = crate::support::python(&["openpyxl"], "import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1]).active\nprint(ws.max_row, ws['A1'].value, ws['A2'].value, ws.freeze_panes)", (".xlsx", &xlsx)) {
            let first = cams[0]["device_code"].as_str().unwrap();
            assert_eq!(rows, format!("{} 设备编码 {first} B2", n + 1), "openpyxl read {rows}");
        }
        let sheet = |rows: Vec<[&str; 9]>| {
            let mut book = rust_xlsxwriter::Workbook::new();
            let s = book.add_worksheet();
            for (c, h) in ["设备编码", "名称", "小区代码", "重点部位", "经度", "纬度", "朝向(度)", "视场角(度)", "维护人账号"].iter().enumerate() {
                s.write_string(0, c as u16, *h).unwrap();
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    s.write_string(r as u32 + 1, c as u16, *v).unwrap();
                }
            }
            book.save_to_buffer().unwrap()
        };
        let first = cams.as_array().unwrap().iter().find(|c| c["compound_code"].is_string()).unwrap().clone();
        let compound = first["compound_code"].as_str().unwrap().to_owned();
        let code = first["device_code"].as_str().unwrap().to_owned();
        let good = [code.as_str(), "改名的摄像机", compound.as_str(), "", "", "", "180", "60", ""];
        let bad = ["61030200011329999", "坏行", compound.as_str(), "", "", "", "", "", ""];
        let post = |body: Vec<u8>, q: &str| {
            app.http
                .post(app.url(&format!("/api/v1/cameras/import{q}")))
                .bearer_auth(&gw)
                .body(body)
                .send()
        };
        let refused = post(sheet(vec![good, bad]), "").await.unwrap();
        assert_eq!(refused.status(), 422);
        let report: Value = refused.json().await.unwrap();
        assert_eq!(report["written"], false);
        assert_eq!(report["rejected"][0]["row"], 3);
        let (_, unchanged) = app.get_json(&format!("/api/v1/cameras/{}", first["id"]), &gw).await;
        assert_eq!(unchanged["name"], first["name"], "nothing written");
        let taken = post(sheet(vec![good, bad]), "?skip_bad=true").await.unwrap();
        assert_eq!(taken.status(), 200);
        let report: Value = taken.json().await.unwrap();
        assert_eq!((report["registered"].as_i64(), report["updated"].as_i64()), (Some(0), Some(1)));
        let (_, changed) = app.get_json(&format!("/api/v1/cameras/{}", first["id"]), &gw).await;
        assert_eq!((changed["name"].clone(), changed["direction"].clone()), (json!("改名的摄像机"), json!(180)));
        let bomb = post(b"PK\x03\x04 not really a zip".to_vec(), "").await.unwrap();
        assert_eq!(bomb.status(), 422);
        app.stop().await;
    })
    .await;
}

/// The camera pages: register one with the form, report it broken, repair it — each step
/// confirmed on the page.
#[tokio::test]
async fn cameras_are_registered_reported_and_repaired_on_their_pages() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let cookie = format!("; fq_session={gw}");
        let list = app.page("/cameras", &gw).await;
        assert!(
            list.contains("个小区有正常工作的摄像头") && list.contains("导入登记表"),
            "{list}"
        );
        let compound = app
            .server
            .state
            .atlas()
            .regions()
            .iter()
            .find(|r| r.parent_code.as_deref() == Some(GRID_A))
            .unwrap()
            .code
            .clone();
        let res = app
            .post_form(
                "/cameras",
                &cookie,
                &[
                    ("device_code", "61030200011329997001"),
                    ("name", "页面登记的摄像机"),
                    ("compound_code", &compound),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = app
            .page(res.headers()["location"].to_str().unwrap(), &gw)
            .await;
        assert!(page.contains("摄像机已登记") && page.contains("页面登记的摄像机"));
        let bad = app
            .post_form(
                "/cameras",
                &cookie,
                &[
                    ("device_code", "123"),
                    ("name", "坏编码"),
                    ("compound_code", &compound),
                ],
            )
            .await;
        assert_eq!(bad.status(), 422);
        assert!(bad.text().await.unwrap().contains("20 位数字"));
        let (_, cams) = app
            .get_json(&format!("/api/v1/cameras?region={compound}"), &gw)
            .await;
        let id = cams
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "页面登记的摄像机")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let res = app
            .post_form(
                &format!("/cameras/{id}/faults"),
                &cookie,
                &[("description", "夜间无画面")],
            )
            .await;
        let page = app
            .page(res.headers()["location"].to_str().unwrap(), &gw)
            .await;
        assert!(page.contains("已报修") && page.contains("故障"), "{page}");
        let (_, d) = app.get_json(&format!("/api/v1/cameras/{id}"), &gw).await;
        let fault = d["faults"][0]["id"].as_i64().unwrap();
        let res = app
            .post_form(
                &format!("/cameras/{id}/faults/{fault}/repair"),
                &cookie,
                &[("reply", "重新接线")],
            )
            .await;
        let page = app
            .page(res.headers()["location"].to_str().unwrap(), &gw)
            .await;
        assert!(
            page.contains("已记录修复") && page.contains("页面登记的摄像机 · 正常"),
            "{page}"
        );
        app.stop().await;
    })
    .await;
}

/// A compound's checklist decides its level under the district's standard, and the year's
/// progress counts it; the coordinator alone changes the standard, which takes effect at once.
#[tokio::test]
async fn a_complete_checklist_makes_a_smart_compound_and_counts_to_the_target() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let compound = app
            .server
            .state
            .atlas()
            .regions()
            .iter()
            .find(|r| r.parent_code.as_deref() == Some(GRID_A))
            .unwrap()
            .code
            .clone();
        let path = format!("/api/v1/compounds/{compound}/security");
        let (_, before) = app
            .get_json("/api/v1/prevention/smart-compounds", &gw)
            .await;
        let item =
            |s: &str| json!({"subsystem": s, "present": true, "evidence": format!("{s} 验收单")});
        let (s, p) = app
            .put_json(
                &path,
                &gw,
                &json!({"items": [{"subsystem": "video", "present": true}]}),
            )
            .await;
        assert_eq!(s, 422, "a present subsystem needs its evidence: {p}");
        assert!(p["detail"].as_str().unwrap().contains("视频监控"));
        let (s, p) = app
            .put_json(
                &path,
                &gw,
                &json!({"items": [{"subsystem": "laser_fence", "present": true}]}),
            )
            .await;
        assert_eq!(s, 422, "unknown subsystem by name: {p}");
        let (s, partial) = app
            .put_json(
                &path,
                &gw,
                &json!({"items": [item("video"), item("smart_door"), item("pedestrian_access")]}),
            )
            .await;
        assert_eq!(s, 200, "{partial}");
        assert_eq!(partial["level"], Value::Null);
        assert_eq!(partial["missing"], json!(["车辆出入口管理"]));
        let (_, done) = app
            .put_json(&path, &gw, &json!({"items": [item("vehicle_access")]}))
            .await;
        assert_eq!(done["level"], "初级");
        assert_eq!(done["next_level"], "中级");
        let (_, after) = app
            .get_json("/api/v1/prevention/smart-compounds", &gw)
            .await;
        let this_year = after["year"].as_i64().unwrap().to_string()
            == fengqiao_core::time::day(fengqiao_store::now_ms())[..4];
        if this_year {
            assert_eq!(
                after["reached_this_year"].as_i64().unwrap(),
                before["reached_this_year"].as_i64().unwrap() + 1
            );
        }
        let line = after["compounds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == compound.as_str())
            .unwrap()
            .clone();
        assert_eq!(line["level"], "初级");

        let coordinator = app.token("coordinator").await;
        let (_, standard) = app
            .get_json("/api/v1/prevention/smart-standard", &coordinator)
            .await;
        let mut s8 = standard["standard"].clone();
        s8["target"] = json!(8);
        let (s, _) = app
            .put_json("/api/v1/prevention/smart-standard", &gw, &s8)
            .await;
        assert_eq!(s, 403);
        let (s, saved) = app
            .put_json("/api/v1/prevention/smart-standard", &coordinator, &s8)
            .await;
        assert_eq!(s, 200, "{saved}");
        let (_, now) = app
            .get_json("/api/v1/prevention/smart-compounds", &gw)
            .await;
        assert_eq!(now["target"], 8);
        let mut broken = s8.clone();
        broken["grades"][1]["needs"] = json!(["guard_tour"]);
        let (s, p) = app
            .put_json("/api/v1/prevention/smart-standard", &coordinator, &broken)
            .await;
        assert_eq!(s, 422);
        assert!(p["detail"].as_str().unwrap().contains("上一等级"));

        let page = app
            .page(&format!("/compounds/{compound}/security"), &gw)
            .await;
        assert!(
            page.contains("当前等级:<strong>初级</strong>") && page.contains("网格员"),
            "{page}"
        );
        let other = app.token("gw0002").await;
        let (s, _) = app.get_json(&path, &other).await;
        assert_eq!(s, 404);
        app.stop().await;
    })
    .await;
}

/// A risk site is inspected on a plan set by its risk; its findings are rectifications with a
/// deadline that a re-inspection closes; what runs late is on the problem list and in the
/// report, and the grid's risk follows the open findings.
#[tokio::test]
async fn risk_sites_are_inspected_on_plan_and_findings_closed_by_recheck() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (lon, lat) = spot(&app, &gw).await;
        let site = |kind: &str, risk: &str, reasons: &str| json!({"kind": kind, "name": "渭滨加油站", "lon": lon, "lat": lat, "responsible_unit": "中石化渭滨分公司", "contact_name": "王站长", "contact_phone": "13900002345", "risk_level": risk, "risk_reasons": reasons, "campaign": "safe_enterprise"});
        let (s, p) = app.post_json("/api/v1/risk-sites", &gw, &site("gas_station", "red", "储油")).await;
        assert_eq!(s, 422);
        assert!(p["detail"].as_str().unwrap().contains("dangerous_goods"), "the codes it may be: {p}");
        let (s, p) = app.post_json("/api/v1/risk-sites", &gw, &site("dangerous_goods", "red", "")).await;
        assert_eq!(s, 422, "a red site says why: {p}");
        let (s, d) = app.post_json("/api/v1/risk-sites", &gw, &site("dangerous_goods", "red", "储存汽油 60 吨")).await;
        assert_eq!(s, 201, "{d}");
        let id = d["id"].as_i64().unwrap();
        assert_eq!(d["kind_label"], "危爆物品单位");
        assert_eq!(d["contact_phone"], "13900002345", "in full on the site itself");
        let today = fengqiao_core::time::day(fengqiao_store::now_ms());
        let in_days = |n: i64| fengqiao_core::time::day(fengqiao_store::now_ms() + n * 86_400_000);
        assert_eq!(d["next_due"], in_days(7), "red: weekly");
        let (_, list) = app.get_json(&format!("/api/v1/risk-sites?region={GRID_A}"), &gw).await;
        let line = list.as_array().unwrap().iter().find(|s| s["id"] == id).unwrap().clone();
        assert_ne!(line["contact_phone"], "13900002345", "masked in lists");

        let (s, d) = app.post_json(&format!("/api/v1/risk-sites/{id}/inspections"), &gw, &json!({"notes": "现场检查", "findings": ["消防通道堆放杂物", "应急照明损坏"]})).await;
        assert_eq!(s, 201, "{d}");
        assert_eq!(d["rectifications"].as_array().unwrap().len(), 2);
        assert_eq!(d["rectifications"][0]["deadline"], in_days(3), "red: three days to rectify");
        assert_eq!(d["last_inspected"], today);
        let (_, risks) = app.get_json(&format!("/api/v1/map/grids?region={GRID_A}"), &gw).await;
        let grid = risks["features"].as_array().unwrap().iter().find(|f| f["properties"]["code"] == GRID_A).unwrap().clone();
        assert_eq!(grid["properties"]["risk"], "red", "open findings at a red site colour the grid");

        // Time passes: the rectifications and the next inspection run late.
        let goods = |report: &Value| report.as_array().unwrap().iter().find(|r| r["kind"] == "dangerous_goods").unwrap().clone();
        let report_path = format!("/api/v1/risk-sites/report?region={GRID_A}");
        let before = goods(&app.get_json(&report_path, &gw).await.1);
        let pool = app.server.state.store.pool();
        let week = 8 * 86_400_000i64;
        sqlx::query("UPDATE site_rectifications SET deadline = deadline - $1, found_at = found_at - $1 WHERE site_id = $2").bind(week).bind(id).execute(pool).await.unwrap();
        sqlx::query("UPDATE risk_sites SET next_due_at = next_due_at - $1 WHERE id = $2").bind(week).bind(id).execute(pool).await.unwrap();
        let (_, problems) = app.get_json("/api/v1/lists/problems", &gw).await;
        let titles: Vec<&str> = problems["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
        assert!(titles.contains(&"渭滨加油站 超期未检查"), "{titles:?}");
        assert!(titles.iter().filter(|t| t.starts_with("渭滨加油站 整改超期")).count() == 2, "{titles:?}");
        let after = goods(&app.get_json(&report_path, &gw).await.1);
        let more = |k: &str| after[k].as_i64().unwrap() - before[k].as_i64().unwrap();
        assert_eq!((more("overdue_inspections"), more("overdue_rectifications")), (1, 2), "{before} → {after}");
        // Two rectifications 5 days late and the inspection a day late.
        assert!(more("days_overdue") > 2 * 5, "{before} → {after}");

        let (_, d) = app.get_json(&format!("/api/v1/risk-sites/{id}"), &gw).await;
        let (first, second) = (d["rectifications"][0]["id"].as_i64().unwrap(), d["rectifications"][1]["id"].as_i64().unwrap());
        let (s, d) = app.post_json(&format!("/api/v1/risk-sites/rectifications/{first}"), &gw, &json!({"passed": true, "notes": "杂物已清理"})).await;
        assert_eq!(s, 200, "{d}");
        let closed = d["rectifications"].as_array().unwrap().iter().find(|r| r["id"] == first).unwrap().clone();
        assert_eq!(closed["days_to_close"], 9);
        let (_, d) = app.post_json(&format!("/api/v1/risk-sites/rectifications/{second}"), &gw, &json!({"passed": false, "notes": "灯具未到货"})).await;
        let again = d["rectifications"].as_array().unwrap().iter().find(|r| r["id"] == second).unwrap().clone();
        assert_eq!((again["deadline"].clone(), again["overdue"].clone()), (json!(in_days(3)), json!(false)), "a new deadline");
        let (s, _) = app.post_json(&format!("/api/v1/risk-sites/rectifications/{first}"), &gw, &json!({"passed": true, "notes": "再次"})).await;
        assert_eq!(s, 409);
        let other = app.token("gw0002").await;
        let (s, _) = app.get_json(&format!("/api/v1/risk-sites/{id}"), &other).await;
        assert_eq!(s, 404);
        let page = app.page(&format!("/risk-sites/{id}"), &gw).await;
        assert!(page.contains("平安企业创建") && page.contains("复查 1 次:灯具未到货"), "{page}");
        app.stop().await;
    })
    .await;
}

/// Done-when: an application 10 days before the event is refused by the 20-day rule; one in
/// time goes to the town station's leader, who approves it with conditions within 7 days; a
/// crowd of 5,000 goes to the city bureau; the organiser sees their own, nobody else's.
#[tokio::test]
async fn large_events_follow_the_regulations_thresholds_and_deadlines() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let organiser = app.token("res001").await;
        let gw = app.token("gw0001").await;
        let (lon, lat) = spot(&app, &gw).await;
        let day = |n: i64| fengqiao_core::time::day(fengqiao_store::now_ms() + n * 86_400_000);
        let body = |days: i64, people: u32| json!({"name": "社区文化节", "organiser": "渭滨文化公司", "organiser_contact": "13900005555", "venue": "文化广场",
            "lon": lon, "lat": lat, "starts_at": format!("{}T09:00:00+08:00", day(days)), "ends_at": format!("{}T17:00:00+08:00", day(days)),
            "expected_people": people, "venue_capacity": 4000, "exits": 4, "plan": "安保 40 人"});
        let (s, late) = app.post_json("/api/v1/large-events", &organiser, &body(10, 2000)).await;
        assert_eq!(s, 201, "{late}");
        assert_eq!(late["status"], "refused");
        assert_eq!(late["status_label"], "不予许可");
        assert!(late["status_reason"].as_str().unwrap().contains("20 日前"), "{late}");
        let (_, city) = app.post_json("/api/v1/large-events", &organiser, &body(40, 6000)).await;
        assert_eq!(city["status"], "referred_city");
        assert_eq!(city["risk_level"], "red", "6,000 people for a 4,000-person venue");
        let (_, small) = app.post_json("/api/v1/large-events", &organiser, &body(3, 300)).await;
        assert_eq!(small["status"], "not_required");
        let (_, ok) = app.post_json("/api/v1/large-events", &organiser, &body(30, 2000)).await;
        assert_eq!(ok["status"], "accepted");
        assert_eq!(ok["decide_by"], day(7));
        let id = ok["id"].as_i64().unwrap();

        let reviewer = app.token("station01").await;
        let (_, tasks) = app.get_json("/api/v1/lists/tasks", &reviewer).await;
        assert!(tasks.to_string().contains("大型活动待审批:社区文化节"), "{tasks}");
        let (s, _) = app.post_json(&format!("/api/v1/large-events/{id}/decision"), &gw, &json!({"approve": true})).await;
        assert_eq!(s, 403, "the police decide");
        let (s, p) = app.post_json(&format!("/api/v1/large-events/{id}/decision"), &reviewer, &json!({"approve": false})).await;
        assert_eq!(s, 422, "a refusal says why: {p}");
        let (s, d) = app.post_json(&format!("/api/v1/large-events/{id}/decision"), &reviewer, &json!({"approve": true, "text": "入口安检,设置隔离带"})).await;
        assert_eq!(s, 200, "{d}");
        assert_eq!((d["status"].clone(), d["conditions"].clone()), (json!("approved"), json!("入口安检,设置隔离带")));
        let (s, _) = app.post_json(&format!("/api/v1/large-events/{id}/decision"), &reviewer, &json!({"approve": false, "text": "再议"})).await;
        assert_eq!(s, 409);
        let (_, mine) = app.get_json(&format!("/api/v1/large-events/{id}"), &organiser).await;
        assert_eq!(mine["status_label"], "准予许可");
        let other = app.token("res002").await;
        let (s, _) = app.get_json(&format!("/api/v1/large-events/{id}"), &other).await;
        assert_eq!(s, 404, "another resident does not see it");
        let (_, theirs) = app.get_json("/api/v1/large-events", &other).await;
        assert_eq!(theirs, json!([]));
        let page = app.page(&format!("/large-events/{}", late["id"]), &organiser).await;
        assert!(page.contains("不予许可") && page.contains("本次申请距活动仅 10 日"), "{page}");
        app.stop().await;
    })
    .await;
}

/// An injured animal reported at its exact spot: routed to the forestry police; the public
/// tracking page and Open311 show the place only to about a kilometre, staff see it exactly;
/// the report is rectified, fails a re-check, passes the next, and each step is public.
#[tokio::test]
async fn a_wildlife_report_goes_to_the_forestry_police_and_never_shows_its_exact_place() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (lon, lat) = spot(&app, &gw).await;
        let (lon, lat) = (lon + 0.00123, lat + 0.00087);
        let body = json!({"service_code": "eco-wildlife", "description": "山路边有一只受伤的金丝猴幼崽", "location": {"lon": lon, "lat": lat}, "callback_phone": "13900007788"});
        let res = app.http.post(app.url("/api/v1/reports")).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let done: Value = res.json().await.unwrap();
        assert_eq!(done["kind"], "eco");
        let code = done["tracking_code"].as_str().unwrap().to_owned();
        assert!(code.starts_with("FE"), "{code}");

        let (_, public) = app.get_json(&format!("/api/v1/track/{code}"), "").await;
        assert_eq!(public["service_name"], "野生动物救助");
        assert_eq!(public["level_label"], "森林公安");
        let approx = public["approx_place"].as_str().unwrap();
        assert!(approx.contains(&format!("{:.2}", lat)) && !approx.contains(&format!("{:.4}", lat)), "{approx}");
        let page = app.http.get(app.url(&format!("/track/{code}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("大致位置") && !page.contains(&format!("{:.4}", lon)), "never the exact point on the page");
        let open311: Value = app.http.get(app.url(&format!("/open311/v2/requests/{code}.json"))).send().await.unwrap().json().await.unwrap();
        let (olat, olon) = (open311[0]["lat"].as_f64().unwrap(), open311[0]["long"].as_f64().unwrap());
        assert_eq!((olat, olon), (((lat * 100.0).round() / 100.0), ((lon * 100.0).round() / 100.0)), "Open311 rounds to 0.01°");

        let id = done["id"].as_i64().unwrap();
        let (_, staff) = app.get_json(&format!("/api/v1/eco-reports/{id}"), &gw).await;
        assert!((staff["lat"].as_f64().unwrap() - lat).abs() < 1e-9, "staff see the exact place");
        assert_eq!(staff["department"], "森林公安");
        assert_ne!(staff["reporter_phone"], "13900007788", "masked");
        let (s, p) = app.post_json(&format!("/api/v1/eco-reports/{id}/recheck"), &gw, &json!({"passed": true, "notes": "好"})).await;
        assert_eq!(s, 409, "no re-check before an order: {p}");
        let (s, r) = app.post_json(&format!("/api/v1/eco-reports/{id}/rectify"), &gw, &json!({"order": "联系救护中心接走救治", "days": 2})).await;
        assert_eq!(s, 200, "{r}");
        assert_eq!(r["status_label"], "整改中");
        let (_, r) = app.post_json(&format!("/api/v1/eco-reports/{id}/recheck"), &gw, &json!({"passed": false, "notes": "救护中心未到"})).await;
        assert_eq!(r["status"], "rectifying");
        let (_, r) = app.post_json(&format!("/api/v1/eco-reports/{id}/recheck"), &gw, &json!({"passed": true, "notes": "已送秦岭野生动物救护中心"})).await;
        assert_eq!(r["status"], "closed");
        let (_, public) = app.get_json(&format!("/api/v1/track/{code}"), "").await;
        let steps: Vec<&str> = public["steps"].as_array().unwrap().iter().map(|s| s["label"].as_str().unwrap()).collect();
        assert_eq!(steps, ["受理,转森林公安办理", "已责令整改", "复查未通过,重新限期整改", "复查合格,办结"]);
        assert_eq!(public["finished"], true);
        let other = app.token("gw0002").await;
        let (s, _) = app.get_json(&format!("/api/v1/eco-reports/{id}"), &other).await;
        assert_eq!(s, 404);
        let page = app.page(&format!("/eco-reports/{id}"), &gw).await;
        assert!(page.contains("复查合格") && page.contains("仅工作人员可见"), "{page}");
        app.stop().await;
    })
    .await;
}

/// Weekly shifts: a grid's evening patrol on Wednesdays shows on its worker's duty list; a time
/// that is not one, or that ends before it starts, is refused by name.
#[tokio::test]
async fn a_grids_weekly_shift_is_on_its_workers_duty_list() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let shift = |start: &str, end: &str| json!({"grid_code": GRID_A, "weekday": 3, "start": start, "end": end});
        let (s, p) = app.post_json("/api/v1/patrols/shifts", &gw, &shift("21:00", "19:00")).await;
        assert_eq!(s, 422, "{p}");
        assert!(p["detail"].as_str().unwrap().contains("结束时间"));
        let (s, p) = app.post_json("/api/v1/patrols/shifts", &gw, &shift("七点", "21:00")).await;
        assert_eq!(s, 422, "{p}");
        let (s, made) = app.post_json("/api/v1/patrols/shifts", &gw, &shift("19:00", "21:00")).await;
        assert_eq!(s, 201, "{made}");
        assert_eq!(made["when"], "每周三 19:00–21:00");
        let (_, duty) = app.get_json("/api/v1/lists/duty", &gw).await;
        assert!(duty.to_string().contains("巡逻 每周三 19:00–21:00"), "{duty}");
        let page = app.page("/patrols", &gw).await;
        assert!(page.contains("每周三 19:00–21:00"));
        app.stop().await;
    })
    .await;
}
