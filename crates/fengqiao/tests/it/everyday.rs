//! The pages people use every day (issue 12), walked as a resident, a grid worker and the
//! coordinator would, on both databases.

use crate::support::{on_both, App};
use reqwest::header::{COOKIE, LOCATION};
use serde_json::{json, Value};

const GRID_A: &str = "610302001001001";

async fn report(app: &App, service: &str, phone: &str) -> (String, Value) {
    let body = json!({"service_code": service, "description": "楼道里的灯坏了一个星期,晚上很黑", "grid_code": GRID_A, "callback_phone": phone});
    let res = app
        .http
        .post(app.url("/api/v1/reports"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let answer: Value = res.json().await.unwrap();
    (answer["tracking_code"].as_str().unwrap().to_owned(), answer)
}

/// Item 1: a resident phones in with a code, read out in whatever case: staff find the case.
#[tokio::test]
async fn a_case_is_found_by_its_tracking_code_in_any_letter_case() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (fq, _) = report(&app, "dispute-neighbour", "13900001201").await;
        let (fr, _) = report(&app, "need-repair", "13900001202").await;
        assert!(fq.starts_with("FQ") && fr.starts_with("FR"));
        let coordinator = app.token("coordinator").await;
        let spoken = |code: &str| format!("{} {}", code[..5].to_lowercase(), &code[5..]);

        let (_, found) = app
            .get_json(&format!("/api/v1/search?q={}", spoken(&fq)), &coordinator)
            .await;
        let hits = found["hits"].as_array().unwrap();
        assert_eq!(hits.len(), 1, "{found}");
        let case_href = hits[0]["href"].as_str().unwrap().to_owned();
        assert!(case_href.starts_with("/mediation/"));
        let (_, cases) = app
            .get_json(
                &format!("/api/v1/disputes?q={}", fq.to_lowercase()),
                &coordinator,
            )
            .await;
        assert_eq!(cases["items"].as_array().unwrap().len(), 1);
        assert_eq!(cases["items"][0]["tracking_code"], fq.as_str());
        let (_, requests) = app
            .get_json(
                &format!("/api/v1/requests?q={}", fr.to_lowercase()),
                &coordinator,
            )
            .await;
        assert_eq!(requests["items"].as_array().unwrap().len(), 1, "{requests}");
        assert_eq!(requests["items"][0]["tracking_code"], fr.as_str());
        let (_, found) = app
            .get_json(&format!("/api/v1/search?q={fr}"), &coordinator)
            .await;
        assert!(found["hits"][0]["href"]
            .as_str()
            .unwrap()
            .starts_with("/requests/"));

        // The pages open the case itself.
        let cookie = format!("fq_session={coordinator}");
        for (path, to) in [
            (
                format!("/search?q={}", fq.to_lowercase()),
                case_href.clone(),
            ),
            (format!("/mediation?q={fq}"), case_href.clone()),
        ] {
            let res = app
                .http
                .get(app.url(&path))
                .header(COOKIE, &cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 303, "{path}");
            assert_eq!(res.headers()[LOCATION], to.as_str());
        }
        let res = app
            .http
            .get(app.url(&format!("/requests?q={fr}")))
            .header(COOKIE, &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);

        // Out of scope, the code finds nothing.
        let other = app.token("gw0002").await;
        let (_, none) = app
            .get_json(&format!("/api/v1/search?q={fq}"), &other)
            .await;
        assert!(none["hits"].as_array().unwrap().is_empty(), "{none}");
        app.stop().await;
    })
    .await;
}

/// Item 7: the tracking page copies the code, says when the current step is due, links to a
/// new report, and repeats no line of the history.
#[tokio::test]
async fn the_tracking_page_says_when_the_step_is_due_and_offers_the_next_report() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (code, _) = report(&app, "need-repair", "13900001203").await;
        let page = app
            .http
            .get(app.url(&format!("/track/{}", code.to_lowercase())))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(r#"data-copy="tracking-code""#),
            "a copy button"
        );
        assert!(
            page.contains("预计") && page.contains("前完成这一步"),
            "the expected time"
        );
        assert!(
            page.contains(r#"href="/report""#),
            "a link to report another problem"
        );
        let steps: Vec<&str> = page
            .split("<li>")
            .skip(1)
            .map(|l| l.split("</li>").next().unwrap())
            .collect();
        let mut unique = steps.clone();
        unique.dedup();
        assert_eq!(steps, unique, "no repeated history lines");
        let api: Value = app
            .http
            .get(app.url(&format!("/api/v1/track/{code}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            api["due_at"].as_i64().is_some() && api["expected"].as_str().is_some(),
            "{api}"
        );
        app.stop().await;
    })
    .await;
}

/// Item 6: the form starts on 请选择, mistakes stand beside their fields, the photo hint only
/// when photos were chosen, and a grid chosen by code shows its name.
#[tokio::test]
async fn the_report_form_shows_each_mistake_beside_its_field() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let form = app
            .http
            .get(app.url("/report"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(form.contains(r#"<option value="">请选择</option>"#));
        assert!(!form.contains("selected"), "no silent default");
        let res = app
            .http
            .post(app.url("/report"))
            .header(COOKIE, "fq_csrf=tok")
            .multipart(
                reqwest::multipart::Form::new()
                    .text("csrf", "tok")
                    .text("service", "")
                    .text("description", "漏水")
                    .text("callback_phone", "1390000"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        for words in ["请选择要反映的事项", "至少 5 个字", "三选一"] {
            assert!(html.contains(words), "{words}");
        }
        assert!(
            html.matches(r#"class="field-error""#).count() >= 4,
            "phone too"
        );
        assert!(html.contains(r#"aria-invalid="true""#));
        assert!(!html.contains("照片需要重新选择"), "no photo was chosen");
        assert!(html.contains("漏水"), "what was typed is kept");
        let picked = app
            .http
            .get(app.url(&format!("/report?grid_code={GRID_A}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let name = app.server.state.atlas().get(GRID_A).unwrap().name.clone();
        assert!(
            picked.contains(&format!("已选:{name}")),
            "the grid by its name"
        );
        app.stop().await;
    })
    .await;
}

/// Item 9: people by name and role, outcomes in Chinese, on the case pages staff open most.
#[tokio::test]
async fn case_pages_show_people_by_name_and_outcomes_in_chinese() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let body = json!({"category": "neighbour", "source": "screening", "description": "楼上装修噪音影响休息", "grid_code": GRID_A});
        let (status, case) = app.post_json("/api/v1/disputes", &gw, &body).await;
        assert_eq!(status, 201);
        let coordinator = app.token("coordinator").await;
        let (_, closed) = app.get_json("/api/v1/disputes?status=closed&page_size=1", &coordinator).await;
        let closed_id = closed["items"][0]["id"].as_i64().expect("a closed demo case");
        for (token, id) in [(&gw, case["id"].as_i64().unwrap()), (&coordinator, closed_id)] {
            let html = app.page(&format!("/mediation/{id}"), token).await;
            assert!(html.contains("(网格员)") || html.contains("(社区"), "people by name and role");
            for raw in ["· gw0", ">gw0", "· demo", "· system", "stable", "fulfilled", ">pending<"] {
                assert!(!html.contains(raw), "case {id} shows {raw:?}");
            }
        }
        let list = app.page("/mediation?status=open", &gw).await;
        assert!(!list.contains("承办 gw0"), "the list names assignees too");
        app.stop().await;
    })
    .await;
}

/// Item 10: every action says what it did at the top of the case page; a refused one says why
/// on the same page.
#[tokio::test]
async fn every_case_action_confirms_what_it_did() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let body = json!({"category": "neighbour", "source": "screening", "description": "楼道堆放杂物引起争执", "grid_code": GRID_A});
        let (_, case) = app.post_json("/api/v1/disputes", &gw, &body).await;
        let id = case["id"].as_i64().unwrap();
        let session = format!("; fq_session={gw}");
        let post = |action: &'static str, fields: &'static [(&'static str, &'static str)]| {
            let (path, session) = (format!("/mediation/{id}/{action}"), session.clone());
            let app = &app;
            async move { app.post_form(&path, &session, fields).await }
        };
        let res = post("session", &[("mediators", "王英"), ("mode", "face_to_face"), ("outcome", "failed"), ("notes", "未谈拢")]).await;
        assert_eq!(res.status(), 303);
        let to = res.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(to.starts_with(&format!("/mediation/{id}?done=session")), "{to}");
        let page = app.page(to.split('#').next().unwrap(), &gw).await;
        assert!(page.contains("已记录第 1 次调解"), "the confirmation");
        // A follow-up before any agreement is refused on the page itself, with the reason.
        let refused = post("followup", &[("result", "stable")]).await;
        assert!(refused.status().is_client_error());
        let html = refused.text().await.unwrap();
        assert!(html.contains("未办理:") && html.contains("可办理的操作"), "the case page with the reason");
        app.stop().await;
    })
    .await;
}

/// Item 4: a list's count on the home page is what "查看全部" shows, item for item.
#[tokio::test]
async fn a_lists_count_is_what_its_full_page_shows() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        // The deadline sweep runs as the server starts and moves overdue cases: compare the
        // three views of one moment, once the data holds still.
        let mut last = None;
        for _ in 0..20 {
            let home = app.page("/", &coordinator).await;
            let card = home
                .split(r#"id="list-problems""#)
                .nth(1)
                .unwrap()
                .to_owned();
            let count: usize = card
                .split(r#"<span class="muted">"#)
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            let full = app.page("/lists/problems", &coordinator).await;
            let (_, api) = app.get_json("/api/v1/lists/problems", &coordinator).await;
            let shown = full
                .split(r#"<ul class="list">"#)
                .nth(1)
                .unwrap()
                .matches("<li>")
                .count();
            let said = full.contains(&format!("共 {count} 项"));
            let agree = said && shown == count && api["total"].as_u64() == Some(count as u64);
            last = Some((count, shown, api["total"].clone(), card));
            if agree {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        let (count, shown, total, card) = last.unwrap();
        assert_eq!(shown, count, "every item counted is shown");
        assert_eq!(total.as_u64(), Some(count as u64), "the API agrees");
        assert!(
            count > 12,
            "the demo district has more problems than a card shows ({count})"
        );
        assert!(card.contains(&format!(r#"href="/lists/problems">查看全部 {count} 项"#)));
        app.stop().await;
    })
    .await;
}

/// Item 11: one tap shows a party's full phone to call back; it is audited and listed in the
/// case's access log; lists and the case itself keep it masked.
#[tokio::test]
async fn staff_reveal_a_partys_phone_with_one_audited_tap() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let body = json!({"category": "neighbour", "source": "screening", "description": "楼上漏水淹了厨房", "grid_code": GRID_A,
            "parties": [{"name": "张甲", "phone": "13800000123"}]});
        let (_, case) = app.post_json("/api/v1/disputes", &gw, &body).await;
        let id = case["id"].as_i64().unwrap();
        let (_, case) = app.get_json(&format!("/api/v1/disputes/{id}"), &gw).await;
        let party = case["parties"][0]["id"].as_i64().unwrap();
        assert!(!case.to_string().contains("13800000123"), "masked in the case itself");
        let res = app
            .post_form(&format!("/mediation/{id}/parties/{party}/phone"), &format!("; fq_session={gw}"), &[])
            .await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"href="tel:13800000123""#), "a number to call");
        assert!(html.contains("查看张甲的完整电话"), "in the access log");
        let (status, api) = app.post_json(&format!("/api/v1/disputes/{id}/parties/{party}/phone"), &gw, &json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(api["phone"], "13800000123");
        app.audit_settled().await;
        let reveals: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'dispute.phone_reveal' AND actor = 'gw0001' AND record_id = $1",
        )
        .bind(id.to_string())
        .fetch_one(app.server.state.store.pool())
        .await
        .unwrap();
        assert_eq!(reveals, 2);
        let list = app.page("/mediation", &gw).await;
        assert!(!list.contains("13800000123"));
        let other = app.token("gw0002").await;
        let (status, _) = app.post_json(&format!("/api/v1/disputes/{id}/parties/{party}/phone"), &other, &json!({})).await;
        assert_eq!(status, 404, "out of scope");
        app.stop().await;
    })
    .await;
}

/// Item 13: search results say status, day, place and flag high risk; the same report sent
/// again by neighbours is folded under the first.
#[tokio::test]
async fn search_results_say_status_day_and_place_and_fold_near_duplicates() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let same = "楼顶水箱漏水已经三天了,整个单元的墙面都在渗水发霉";
        for _ in 0..3 {
            let body = json!({"category": "neighbour", "source": "screening", "description": same, "grid_code": GRID_A});
            assert_eq!(app.post_json("/api/v1/disputes", &gw, &body).await.0, 201);
        }
        let body = json!({"category": "neighbour", "source": "screening", "description": "水箱的事对方扬言要拿刀报复,情绪激动", "grid_code": GRID_A});
        let (_, red) = app.post_json("/api/v1/disputes", &gw, &body).await;
        let level = red["risk"]["level"].as_str().unwrap().to_owned();
        assert!(level == "red" || level == "orange", "{red}");
        let (_, found) = app.get_json("/api/v1/search?q=水箱", &gw).await;
        let hits = found["hits"].as_array().unwrap();
        let folded = hits.iter().find(|h| h["similar"].as_array().is_some_and(|s| s.len() == 2)).expect("three alike fold into one");
        assert!(folded["status"].as_str().unwrap().contains("调解中"));
        assert!(folded["place"].as_str().unwrap().contains("网格"));
        assert!(!folded["day"].as_str().unwrap().is_empty());
        assert!(hits.iter().any(|h| h["flag"] == level.as_str()), "{found}");
        let page = app.page("/search?q=水箱", &gw).await;
        assert!(page.contains("另有 2 条内容相近") && page.contains(&format!("flag-{level}")));
        app.stop().await;
    })
    .await;
}

/// Item 14: the printed agreement follows the 人民调解协议书 layout, with blank signature lines,
/// the committee's seal and a print button.
#[tokio::test]
async fn the_printed_agreement_follows_the_peoples_mediation_layout() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        let (_, closed) = app
            .get_json("/api/v1/disputes?status=closed&page_size=1", &coordinator)
            .await;
        let id = closed["items"][0]["id"].as_i64().unwrap();
        let html = app
            .page(&format!("/mediation/{id}/print"), &coordinator)
            .await;
        for part in [
            "人民调解协议书",
            "纠纷主要事实、争议事项",
            "经调解,当事人自愿达成如下协议",
            "履行协议的方式、地点、期限",
            "签名(盖章、按指印)",
            "人民调解员签名",
            "人民调解委员会(印章)",
            "data-print",
        ] {
            assert!(html.contains(part), "missing {part}");
        }
        for raw in ["fulfilled", "pending", ">demo<", "610302"] {
            assert!(!html.contains(raw), "shows {raw}");
        }
        app.stop().await;
    })
    .await;
}

/// Item 8: the map page carries the interactive map (Leaflet from the binary, the grids from
/// the API as GeoJSON), a legend, and the red and orange areas as a list of links.
#[tokio::test]
async fn the_map_serves_its_grids_as_geojson_and_lists_the_red_ones() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let body = json!({"category": "neighbour", "source": "screening", "description": "对方扬言要拿刀报复,情绪激动", "grid_code": GRID_A});
        app.post_json("/api/v1/disputes", &gw, &body).await;
        let coordinator = app.token("coordinator").await;
        let res = app.get("/api/v1/map/grids?region=610302001", &coordinator).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/geo+json");
        let fc: Value = res.json().await.unwrap();
        assert_eq!(fc["type"], "FeatureCollection");
        let features = fc["features"].as_array().unwrap();
        let grid = features.iter().find(|f| f["properties"]["code"] == GRID_A).expect("grid A");
        assert!(grid["properties"]["name"].as_str().unwrap().contains("网格"));
        assert!(["red", "orange"].contains(&grid["properties"]["risk"].as_str().unwrap()), "{grid}");
        assert!(matches!(grid["geometry"]["type"].as_str(), Some("Polygon" | "MultiPolygon")));
        assert!(!features.iter().any(|f| f["properties"]["level"] == "compound"), "a town's map shows grids only");
        let (_, community) = app.get_json("/api/v1/map/grids?region=610302001001", &coordinator).await;
        assert!(community["features"].as_array().unwrap().iter().any(|f| f["properties"]["level"] == "compound"), "a community's shows its compounds");
        let (status, _) = app.get_json("/api/v1/map/grids?region=610302001", &gw).await;
        assert_eq!(status, 404, "outside a grid worker's scope");
        let (_, own) = app.get_json(&format!("/api/v1/map/grids?region={GRID_A}"), &gw).await;
        let own = own["features"].as_array().unwrap();
        assert!(own.iter().any(|f| f["properties"]["code"] == GRID_A), "a grid worker's map shows the grid");
        let places = own.iter().filter(|f| f["properties"]["level"] != "case");
        assert!(places.clone().all(|f| f["properties"]["code"].as_str().unwrap().starts_with(GRID_A)), "and nothing outside it");

        let page = app.page("/map?region=610302001", &coordinator).await;
        for part in ["id=\"live-map\"", "/static/leaflet.js", "/static/map.js", "图例", "id=\"hot-list\"", &format!("href=\"/regions/{GRID_A}\"")] {
            assert!(page.contains(part), "map page lacks {part}");
        }
        let leaflet = app.http.get(app.url("/static/leaflet.js")).send().await.unwrap();
        assert!(leaflet.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
        assert!(leaflet.text().await.unwrap().contains("version=\"1.9.4\""), "Leaflet from the binary");
        app.stop().await;
    })
    .await;
}

/// Item 17: the coordinator's overview draws the year in pictures (SVG, phone-sized) and names
/// the grids that need attention.
#[tokio::test]
async fn the_coordinators_overview_draws_twelve_months_and_the_worst_grids() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        let html = app.page("/mediation/overview", &coordinator).await;
        assert_eq!(
            html.matches(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360"#)
                .count(),
            4,
            "four charts sized for a phone"
        );
        assert!(html.contains("近 12 个月受理") && html.contains("已化解"));
        let months = html.matches("月</text>").count();
        assert!(months >= 6, "month labels ({months})");
        let worst = html.split(r#"id="worst-grids""#).nth(1).unwrap();
        assert!(
            worst.contains("href=\"/regions/610302") && worst.contains("网格"),
            "grids by name"
        );
        assert!(!worst.contains(">610302"), "no raw codes");
        app.stop().await;
    })
    .await;
}

/// Item 12: the teams page pages, filters by kind, region and name, shows the team number the
/// roster needs, offers the roster template, and labels its file input.
#[tokio::test]
async fn teams_page_and_filter_and_offer_the_roster_template() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        let all = app.page("/teams", &coordinator).await;
        assert!(
            all.contains("队伍编号") && all.contains("下一页"),
            "numbers shown, paged"
        );
        assert!(
            all.contains(r#"<select name="region">"#)
                && !all.contains(r#"name="region_code" value="#),
            "regions are picked"
        );
        assert!(
            all.contains("名册文件(.xlsx) <input type=\"file\""),
            "the file input has a label"
        );
        let total = |html: &str| -> usize {
            html.split("共 ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let everything = total(&all);
        let one_kind = app
            .page("/teams?kind=grid_party_organisation", &coordinator)
            .await;
        assert!(total(&one_kind) < everything && total(&one_kind) > 0);
        let named = app.page("/teams?q=%E7%A6%8F%E4%B8%B4", &coordinator).await;
        assert!(total(&named) < everything && named.contains("福临"));
        let res = app.get("/teams/roster-template.xlsx", &coordinator).await;
        assert_eq!(res.status(), 200);
        let bytes = res.bytes().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("roster.xlsx");
        std::fs::write(&file, &bytes).unwrap();
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto(&file).unwrap();
        let range = book.worksheet_range("名册").unwrap();
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            header,
            ["队伍编号", "姓名", "职务", "手机", "身份证号", "账号"]
        );
        app.stop().await;
    })
    .await;
}

/// Item 12: the assessment at grid and team level, with the name and the total pinned so a
/// phone always shows them.
#[tokio::test]
async fn assessment_pages_pin_the_name_and_the_total() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        for level in ["grid", "team"] {
            let html = app
                .page(&format!("/assessment?level={level}"), &coordinator)
                .await;
            assert!(
                html.contains(r#"<th class="pin-right">综合得分</th>"#),
                "{level}"
            );
            assert!(
                html.matches(r#"<td class="pin-right">"#).count() > 5,
                "{level}"
            );
        }
        app.stop().await;
    })
    .await;
}

/// Item 4: every funnel level adds up — resolved, escalated, in progress, referred and the
/// rest are the cases that entered it.
#[tokio::test]
async fn each_funnel_level_adds_up_with_referred_and_in_progress_of_their_own() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let coordinator = app.token("coordinator").await;
        let (_, funnel) = app
            .get_json("/api/v1/mediation/funnel?from=2020-01-01", &coordinator)
            .await;
        let levels = funnel["levels"].as_array().unwrap();
        assert_eq!(levels.len(), 4);
        let n = |l: &Value, k: &str| l[k].as_i64().unwrap();
        for l in levels {
            let parts = n(l, "resolved")
                + n(l, "escalated")
                + n(l, "open")
                + n(l, "referred")
                + n(l, "other");
            assert_eq!(parts, n(l, "entered"), "level {} adds up: {l}", l["level"]);
            assert!(n(l, "overdue") <= n(l, "open"));
        }
        assert!(
            levels.iter().any(|l| n(l, "referred") > 0),
            "the demo has referrals"
        );
        let page = app.page("/mediation/funnel", &coordinator).await;
        assert!(page.contains("诉调对接") && page.contains("在办"));
        app.stop().await;
    })
    .await;
}

/// Item 10 for hazards and needs: accepting and finishing on the page say what they did, and
/// the page names the assignee and the steps in Chinese.
#[tokio::test]
async fn request_steps_confirm_what_they_did() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (code, _) = report(&app, "need-repair", "13900001204").await;
        let gw = app.token("gw0001").await;
        let (_, list) = app
            .get_json(&format!("/api/v1/requests?q={code}"), &gw)
            .await;
        let id = list["items"][0]["id"].as_i64().unwrap();
        let res = app
            .post_form(
                &format!("/requests/{id}/accept"),
                &format!("; fq_session={gw}"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        let to = res.headers()[LOCATION].to_str().unwrap().to_owned();
        assert_eq!(to, format!("/requests/{id}?done=accept"));
        let page = app.page(&to, &gw).await;
        assert!(page.contains("已受理,反映人查询时会看到"));
        assert!(
            page.contains("(网格员)") && page.contains("分派给"),
            "names and steps in Chinese"
        );
        assert!(!page.contains("· system") && !page.contains("assigned"));
        let grid = app.server.state.atlas().get(GRID_A).unwrap().name.clone();
        assert!(
            page.contains("居民反映") && page.contains(&grid) && !page.contains(">portal<"),
            "the channel and the grid by name"
        );
        assert!(!page.contains(&format!(">{GRID_A}<")));
        app.stop().await;
    })
    .await;
}

/// Item 4: a grid worker's 成效单 counts their own settled cases.
#[tokio::test]
async fn a_grid_workers_results_count_their_own_work() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let settled = |v: &Value| -> usize {
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|i| i["title"].as_str())
                .find_map(|t| t.strip_prefix("本人承办化解纠纷 "))
                .and_then(|t| t.trim_end_matches(" 件").parse().ok())
                .unwrap_or(0)
        };
        let (_, before) = app.get_json("/api/v1/lists/results", &gw).await;
        let body = json!({"category": "neighbour", "source": "screening", "description": "晾衣杆滴水引起争执", "grid_code": GRID_A});
        let (_, case) = app.post_json("/api/v1/disputes", &gw, &body).await;
        let id = case["id"].as_i64().unwrap();
        let session = json!({"mediators": ["王英"], "parties_present": ["甲", "乙"], "mode": "face_to_face", "outcome": "agreed", "notes": "双方同意"});
        assert_eq!(app.post_json(&format!("/api/v1/disputes/{id}/sessions"), &gw, &session).await.0, 200);
        let agreement = json!({"terms": "晾衣时加接水盘", "signatures": [{"name": "甲"}, {"name": "乙"}]});
        assert_eq!(app.post_json(&format!("/api/v1/disputes/{id}/agreement"), &gw, &agreement).await.0, 200);
        let (_, after) = app.get_json("/api/v1/lists/results", &gw).await;
        assert_eq!(settled(&after), settled(&before) + 1, "{after}");
        // Another grid worker's settlements are not theirs.
        let (_, other) = app.get_json("/api/v1/lists/results", &app.token("gw0002").await).await;
        assert!(!other.to_string().contains("晾衣"));
        app.stop().await;
    })
    .await;
}

/// Item 5: a signed-in resident's reports are kept under their account and listed back to
/// them, on their home page and through the API — theirs only, receipts included.
#[tokio::test]
async fn a_signed_in_resident_sees_their_own_reports() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let res001 = app.token("res001").await;
        let need = json!({"service_code": "need-repair", "description": "单元门的门禁坏了三天", "grid_code": GRID_A, "callback_phone": "13900001288"});
        let (status, first) = app.post_json("/api/v1/reports", &res001, &need).await;
        assert_eq!(status, 201, "{first}");
        let (status, again) = app.post_json("/api/v1/reports", &res001, &need).await;
        assert_eq!(status, 200, "the same phone, grid and day joins: {again}");
        assert_eq!(again["linked"], true);
        let form = app.page("/report", &res001).await;
        assert!(form.contains("您已登录"), "the form says whose report it is");
        assert!(!form.contains(r#"maxlength="11" required"#), "no phone needed");
        let res = app
            .http
            .post(app.url("/report"))
            .header(COOKIE, format!("fq_csrf=tok; fq_session={res001}"))
            .multipart(
                reqwest::multipart::Form::new()
                    .text("csrf", "tok")
                    .text("service", "dispute-neighbour")
                    .text("description", "楼上装修每天早上七点就开始电钻")
                    .text("grid_code", GRID_A),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let done = res.text().await.unwrap();
        assert!(done.contains("我反映的问题"), "{done}");
        let fq = done
            .split(r#"<strong class="secret">"#)
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap()
            .to_owned();
        assert!(fq.starts_with("FQ"), "{fq}");
        report(&app, "need-other", "13900001289").await; // somebody without an account

        let (status, mine) = app.get_json("/api/v1/reports", &res001).await;
        assert_eq!(status, 200);
        let codes: Vec<&str> = mine
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["tracking_code"].as_str().unwrap())
            .collect();
        let (fr, receipt) = (
            first["tracking_code"].as_str().unwrap(),
            again["tracking_code"].as_str().unwrap(),
        );
        assert_eq!(codes, [fq.as_str(), receipt, fr], "newest first, theirs only");
        assert_eq!(mine[0]["status_label"], "调解中");
        assert!(mine[0].get("reporter_phone").is_none());

        let home = app.page("/", &res001).await;
        for code in [fq.as_str(), receipt, fr] {
            assert!(home.contains(&format!("/track/{code}")), "{code} on the home page");
        }
        assert!(!home.contains("/mediation/new"), "no staff menus");
        let res002 = app.token("res002").await;
        let (_, theirs) = app.get_json("/api/v1/reports", &res002).await;
        assert_eq!(theirs, json!([]));
        assert!(app.page("/", &res002).await.contains("您还没有反映过问题"));
        let nobody = app.http.get(app.url("/api/v1/reports")).send().await.unwrap();
        assert_eq!(nobody.status(), 401);
        app.stop().await;
    })
    .await;
}

/// Item 8: a grid worker's map shows their grid's compounds and buildings, and the open cases
/// and requests there: located ones as points, every one in the list beside the map.
#[tokio::test]
async fn a_grid_workers_map_shows_compounds_buildings_and_open_cases() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let gw = app.token("gw0001").await;
        let (_, map) = app.get_json("/api/v1/map/grids", &gw).await;
        let features = map["features"].as_array().unwrap();
        let of = |level: &str| -> Vec<&Value> {
            features.iter().filter(|f| f["properties"]["level"] == level).collect()
        };
        assert_eq!(of("grid").len(), 1, "the worker's own grid");
        let compound = of("compound")[0];
        let buildings = of("building");
        assert!(!buildings.is_empty(), "buildings on the grid's map");
        assert!(buildings.iter().all(|b| b["geometry"]["type"] == "Point"
            && b["properties"]["name"].as_str().unwrap().ends_with("号楼")));
        let at = &compound["geometry"]["coordinates"];
        let (lon, lat) = (at[0].as_f64().unwrap() + 0.0001, at[1].as_f64().unwrap());
        let body = json!({"category": "neighbour", "source": "screening", "description": "两户人家为停车位争吵,已经推搡", "location": {"lon": lon, "lat": lat}});
        let (status, case) = app.post_json("/api/v1/disputes", &gw, &body).await;
        assert_eq!(status, 201, "{case}");
        let unplaced = json!({"category": "neighbour", "source": "screening", "description": "楼上漏水淹了楼下的厨房", "grid_code": GRID_A});
        let (_, unplaced) = app.post_json("/api/v1/disputes", &gw, &unplaced).await;
        let res001 = app.token("res001").await;
        let need = json!({"service_code": "hazard-fire", "description": "消防通道被电动车堵住了", "location": {"lon": lon, "lat": lat}});
        let (status, hazard) = app.post_json("/api/v1/reports", &res001, &need).await;
        assert_eq!(status, 201, "{hazard}");

        let (_, map) = app.get_json("/api/v1/map/grids", &gw).await;
        let cases: Vec<&Value> = map["features"].as_array().unwrap().iter()
            .filter(|f| f["properties"]["level"] == "case").collect();
        let pin = cases.iter().find(|f| f["properties"]["code"] == case["tracking_code"]).expect("the new case on the map");
        assert_eq!(pin["geometry"]["type"], "Point");
        assert_eq!(pin["properties"]["name"], "邻里纠纷");
        assert_eq!(pin["properties"]["href"], format!("/mediation/{}", case["id"]));
        assert!(pin["properties"]["level_label"].as_str().unwrap().starts_with("调解中"));
        assert!(!cases.iter().any(|f| f["properties"]["code"] == unplaced["tracking_code"]), "no point without a place");
        let (_, open) = app.get_json("/api/v1/disputes?status=open&limit=200", &gw).await;
        let open_codes: Vec<&str> = open["items"].as_array().unwrap().iter().map(|c| c["tracking_code"].as_str().unwrap()).collect();
        for c in &cases {
            let code = c["properties"]["code"].as_str().unwrap();
            assert!(code.starts_with("FR") || open_codes.contains(&code), "{code} is an open case of the grid");
        }
        let hazard_pin = cases.iter().find(|f| f["properties"]["code"] == hazard["tracking_code"]).expect("open requests too");
        assert_eq!(hazard_pin["properties"]["href"], format!("/requests/{}", hazard["id"]));

        let page = app.page("/map", &gw).await;
        assert!(page.contains("id=\"open-list\""), "the list beside the map");
        for code in [&case["tracking_code"], &unplaced["tracking_code"]] {
            assert!(page.contains(code.as_str().unwrap()), "{code} listed");
        }
        assert!(page.contains("未标位置") && page.contains("在办案件"));
        let coordinator = app.token("coordinator").await;
        let (_, district) = app.get_json("/api/v1/map/grids", &coordinator).await;
        assert!(!district["features"].as_array().unwrap().iter().any(|f| f["properties"]["level"] == "case"), "the district's map shows grids, not single cases");
        app.stop().await;
    })
    .await;
}
