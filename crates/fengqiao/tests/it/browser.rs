//! Real-browser tests: headless Chromium driven over WebDriver (Debian's chromium and
//! chromium-driver, which `scripts/test` installs). A phone-sized window walks what people do:
//! a resident reports from the phone page; the grid worker opens the notice and passes the case
//! up; the community mediates it to an agreement and closes it after follow-up; the map is
//! clicked through to a grid. When a step fails a screenshot is saved under
//! `target/browser-failures/`.

use crate::support::{on_both, App, PASSWORD};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

type Step = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A chromedriver on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| c.to_string())
        .find(|c| std::path::Path::new(c).exists())
}

/// Starts chromedriver, or `None` when this machine has no browser (allowed only outside the
/// README's test command, which sets FENGQIAO_REQUIRE_BROWSER).
async fn driver() -> Option<Driver> {
    let Some(exe) = binary(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]) else {
        assert!(
            std::env::var("FENGQIAO_REQUIRE_BROWSER").is_err(),
            "chromedriver is missing"
        );
        eprintln!("chromedriver not found: browser test skipped (run scripts/test)");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..100 {
        if reqwest::get(format!("{}/status", driver.url)).await.is_ok() {
            return Some(driver);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

async fn browser(driver: &Driver) -> Client {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]).expect("chromium"),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     format!("--user-data-dir={}", profile.display())],
            // A phone's viewport: 360 CSS pixels wide.
            "mobileEmulation": {"deviceMetrics": {"width": 360, "height": 800, "pixelRatio": 2.0}},
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a browser session")
}

/// Runs one step; on failure saves a screenshot and fails the test with the step's name.
async fn step(c: &Client, name: &str, f: impl std::future::Future<Output = Step>) {
    if let Err(e) = f.await {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{}.png", name.replace(' ', "-")));
        if let Ok(png) = c.screenshot().await {
            std::fs::write(&file, png).unwrap();
        }
        let url = c
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        // End the browser session, or Chromium outlives the killed chromedriver.
        let _ = c.clone().close().await;
        panic!(
            "browser step '{name}' failed at {url}: {e} (screenshot: {})",
            file.display()
        );
    }
}

async fn fill(c: &Client, css: &str, text: &str) -> Step {
    let field = c.find(Locator::Css(css)).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

/// Opens the collapsed `<details>` that holds the form for `action`, as a person would.
async fn open_form(c: &Client, action: &str) -> Step {
    let css = format!("details:has(form[action$='/{action}']) > summary");
    if let Ok(summary) = c.find(Locator::Css(&css)).await {
        let open: serde_json::Value = c
            .execute(
                "return arguments[0].parentElement.open",
                vec![serde_json::to_value(&summary)?],
            )
            .await?;
        if open != serde_json::Value::Bool(true) {
            summary.click().await?;
        }
    }
    Ok(())
}

/// Fails the step (with its screenshot) unless `ok`.
fn check(ok: bool, what: &str) -> Step {
    if ok {
        Ok(())
    } else {
        Err(format!("expected: {what}").into())
    }
}

/// Waits until the page's main text contains `text` (pages load after a click).
async fn wait_text(c: &Client, text: &str) -> Step {
    for _ in 0..100 {
        if page_text(c).await.contains(text) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("the page never showed 「{text}」").into())
}

/// The page's main text; empty while a navigation replaces the page under us.
async fn page_text(c: &Client) -> String {
    match c.find(Locator::Css("main")).await {
        Ok(main) => main.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn sign_in(c: &Client, app: &App, username: &str) -> Step {
    c.goto(&app.url("/login")).await?;
    fill(c, "input[name=username]", username).await?;
    fill(c, "input[name=password]", PASSWORD).await?;
    c.find(Locator::Css("main button[type=submit]"))
        .await?
        .click()
        .await?;
    c.wait().for_element(Locator::Css("form.logout")).await?;
    Ok(())
}

async fn sign_out(c: &Client) -> Step {
    c.find(Locator::Css("form.logout button"))
        .await?
        .click()
        .await?;
    c.wait()
        .for_element(Locator::Css("input[name=username]"))
        .await?;
    Ok(())
}

#[tokio::test]
async fn people_report_mediate_close_and_use_the_map_in_a_real_browser() {
    let Some(driver) = driver().await else { return };
    on_both(|db| {
        let driver = &driver;
        async move {
            let app = App::demo(db).await;
            let c = browser(driver).await;
            let mut code = String::new();
            step(&c, "report from the phone page", async {
                c.goto(&app.url("/report")).await?;
                c.find(Locator::Css("select[name=service]"))
                    .await?
                    .select_by_value("dispute-neighbour")
                    .await?;
                fill(
                    &c,
                    "textarea[name=description]",
                    "楼上每天深夜拖动家具,老人睡不好",
                )
                .await?;
                fill(&c, "input[name=grid_code]", "610302001001001").await?;
                fill(&c, "input[name=callback_phone]", "13900001234").await?;
                c.find(Locator::Css("form[action='/report'] button[type=submit]"))
                    .await?
                    .click()
                    .await?;
                code = c
                    .wait()
                    .for_element(Locator::Css("strong.secret"))
                    .await?
                    .text()
                    .await?;
                check(code.starts_with("FQ"), "a dispute tracking code")?;
                Ok(())
            })
            .await;
            step(&c, "grid worker signs in and opens the notice", async {
                sign_in(&c, &app, "gw0001").await?;
                // On a phone the menu sits behind one button; it opens with a tap.
                let menu = c.find(Locator::Css("header.top nav")).await?;
                check(!menu.is_displayed().await?, "the menu is folded at 360 px")?;
                c.find(Locator::Css("label.menu-button"))
                    .await?
                    .click()
                    .await?;
                check(menu.is_displayed().await?, "the menu opens with a tap")?;
                let badge = c.find(Locator::Id("unread-count")).await?.text().await?;
                check(badge.parse::<u32>()? >= 1, "unread notices in the header")?;
                c.goto(&app.url("/inbox")).await?;
                let notices = c.find_all(Locator::Css("button.link")).await?;
                let mut opened = false;
                for n in notices {
                    if n.text().await?.contains(&code) {
                        n.click().await?;
                        opened = true;
                        break;
                    }
                }
                check(opened, "a notice about the report")?;
                wait_text(&c, &code).await?;
                check(
                    c.current_url().await?.path().starts_with("/mediation/"),
                    "the case page",
                )?;
                Ok(())
            })
            .await;
            let case_url = c.current_url().await.unwrap().to_string();
            step(&c, "escalate from L1 to L2", async {
                open_form(&c, "escalate").await?;
                fill(
                    &c,
                    "form[action$='/escalate'] input[name=reason]",
                    "双方情绪激动,需社区出面",
                )
                .await?;
                // Escalating asks for a confirmation first: the button alone does nothing.
                c.find(Locator::Css("form[action$='/escalate'] button"))
                    .await?
                    .click()
                    .await?;
                check(
                    !page_text(&c).await.contains("已上交"),
                    "not escalated without the confirmation",
                )?;
                c.find(Locator::Css(
                    "form[action$='/escalate'] input[name=confirm]",
                ))
                .await?
                .click()
                .await?;
                c.find(Locator::Css("form[action$='/escalate'] button"))
                    .await?
                    .click()
                    .await?;
                wait_text(&c, "已上交,现由社区调解(二级)办理").await?;
                sign_out(&c).await
            })
            .await;
            step(&c, "community mediates to an agreement", async {
                sign_in(&c, &app, "cs001").await?;
                c.goto(&case_url).await?;
                open_form(&c, "session").await?;
                c.find(Locator::Css(
                    "form[action$='/session'] select[name=outcome]",
                ))
                .await?
                .select_by_value("agreed")
                .await?;
                c.find(Locator::Css("form[action$='/session'] button"))
                    .await?
                    .click()
                    .await?;
                wait_text(&c, "登记调解协议").await?;
                open_form(&c, "agreement").await?;
                fill(
                    &c,
                    "form[action$='/agreement'] textarea[name=terms]",
                    "晚十点后不再拖动家具",
                )
                .await?;
                fill(
                    &c,
                    "form[action$='/agreement'] input[name=signatures]",
                    "甲,乙",
                )
                .await?;
                c.find(Locator::Css("form[action$='/agreement'] button"))
                    .await?
                    .click()
                    .await?;
                // The first visit is tomorrow: the page says from when, and offers no form yet.
                wait_text(&c, "次回访应在").await?;
                check(
                    c.find(Locator::Css("form[action$='/followup']"))
                        .await
                        .is_err(),
                    "no follow-up form before its day",
                )?;
                Ok(())
            })
            .await;
            let id: i64 = case_url.rsplit('/').next().unwrap().parse().unwrap();
            crate::support::days_pass(&app, id, 8).await;
            step(&c, "close after follow-up", async {
                c.goto(&case_url).await?;
                for n in 1..=3 {
                    wait_text(&c, &format!("登记第 {n} 次回访")).await?;
                    open_form(&c, "followup").await?;
                    c.find(Locator::Css(
                        "form[action$='/followup'] select[name=result]",
                    ))
                    .await?
                    .select_by_value("stable")
                    .await?;
                    c.find(Locator::Css("form[action$='/followup'] button"))
                        .await?
                        .click()
                        .await?;
                    wait_text(&c, &format!("已登记第 {n} 次回访")).await?;
                }
                wait_text(&c, "已办结").await?;
                // A resident phones in with the code, read out in small letters: the search
                // box opens the case itself.
                c.goto(&app.url(&format!("/search?q={}", code.to_lowercase())))
                    .await?;
                check(
                    case_url.ends_with(c.current_url().await?.path()),
                    "the tracking code opens its case",
                )?;
                c.goto(&app.url(&format!("/track/{code}"))).await?;
                let t = page_text(&c).await;
                check(
                    t.contains("结案") && !t.contains("13900001234"),
                    "the public page shows the closing, not the phone",
                )?;
                Ok(())
            })
            .await;
            step(&c, "open the map and tap a grid", async {
                c.goto(&app.url("/map")).await?;
                // Leaflet (served by the binary) draws the grids from the API, labelled by
                // name, and the server-drawn map steps aside.
                c.wait()
                    .for_element(Locator::Css("#live-map path.leaflet-interactive"))
                    .await?;
                check(
                    !c.find(Locator::Id("static-map"))
                        .await?
                        .is_displayed()
                        .await?,
                    "the interactive map replaces the drawing",
                )?;
                let labels = c.find_all(Locator::Css("#live-map .map-label")).await?;
                check(!labels.is_empty(), "grids labelled by name")?;
                let pins = c.find_all(Locator::Css("#live-map .case-pin")).await?;
                check(!pins.is_empty(), "a community's open cases as diamonds")?;
                let text = page_text(&c).await;
                check(
                    text.contains("红色、橙色区域") && text.contains("在办事项"),
                    "the lists of red and orange areas and of open cases",
                )?;
                // A case's diamond says what it is and how it stands.
                pins[0].click().await?;
                let content = c
                    .wait()
                    .for_element(Locator::Css(".leaflet-popup-content"))
                    .await?;
                // The popup fades in; its text reads empty until it is visible.
                let mut popup = String::new();
                for _ in 0..30 {
                    popup = content.text().await?;
                    if !popup.trim().is_empty() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                check(
                    ["调解中", "待受理", "办理中"]
                        .iter()
                        .any(|s| popup.contains(s)),
                    "a case's popup says its state",
                )?;
                // Tap grids until one answers with its own popup (a diamond may sit on a
                // grid's middle, where the tap lands).
                c.goto(&app.url("/map")).await?;
                c.wait()
                    .for_element(Locator::Css("#live-map path.leaflet-interactive"))
                    .await?;
                let mut link = None;
                for grid in c
                    .find_all(Locator::Css("#live-map path.leaflet-interactive"))
                    .await?
                {
                    if grid.click().await.is_err() {
                        continue;
                    }
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    if let Ok(a) = c
                        .find(Locator::Css(".leaflet-popup-content a[href^='/regions/']"))
                        .await
                    {
                        link = Some(a);
                        break;
                    }
                }
                let Some(link) = link else {
                    return check(false, "a grid can be tapped");
                };
                link.click().await?;
                for _ in 0..50 {
                    if c.current_url().await?.path().starts_with("/regions/") {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                check(
                    c.current_url().await?.path().starts_with("/regions/"),
                    "the grid's page",
                )?;
                Ok(())
            })
            .await;
            step(&c, "a camera fault reported on its page", async {
                sign_out(&c).await?;
                sign_in(&c, &app, "gw0001").await?;
                c.goto(&app.url("/cameras")).await?;
                c.find(Locator::Css("main ul.list a[href^='/cameras/']"))
                    .await?
                    .click()
                    .await?;
                c.wait()
                    .for_element(Locator::Css("form[action$='/faults'] textarea"))
                    .await?;
                fill(&c, "form[action$='/faults'] textarea", "画面全黑,无信号").await?;
                c.find(Locator::Css("form[action$='/faults'] button"))
                    .await?
                    .click()
                    .await?;
                wait_text(&c, "已报修:摄像机标为故障").await?;
                check(
                    page_text(&c).await.contains("画面全黑"),
                    "the fault shows on the camera's page",
                )
            })
            .await;
            step(&c, "a large event applied for 10 days ahead is refused", async {
                sign_out(&c).await?;
                sign_in(&c, &app, "res001").await?;
                c.goto(&app.url("/large-events")).await?;
                open_form(&c, "large-events").await?;
                for (name, text) in [
                    ("name", "社区文化节"),
                    ("organiser", "渭滨文化公司"),
                    ("organiser_contact", "13900005555"),
                    ("venue", "文化广场"),
                    ("lon", "107.054"),
                    ("lat", "34.333"),
                    ("expected_people", "2000"),
                    ("venue_capacity", "4000"),
                    ("exits", "4"),
                ] {
                    fill(&c, &format!("form[action='/large-events'] input[name={name}]"), text)
                        .await?;
                }
                // Date pickers take their value the way the phone's picker sets it.
                let day = fengqiao_core::time::day(fengqiao_store::now_ms() + 10 * 86_400_000);
                c.execute(
                    "for (const n of ['start_day', 'end_day']) { document.querySelector(`form[action='/large-events'] input[name=${n}]`).value = arguments[0]; }",
                    vec![serde_json::json!(day)],
                )
                .await?;
                c.find(Locator::Css("form[action='/large-events'] button[type=submit]"))
                    .await?
                    .click()
                    .await?;
                wait_text(&c, "不予许可").await?;
                check(
                    page_text(&c).await.contains("本次申请距活动仅 10 日"),
                    "the refusal names the 20-day rule",
                )?;
                sign_out(&c).await?;
                sign_in(&c, &app, "cs001").await
            })
            .await;
            step(&c, "an incident page updates live", async {
                sign_out(&c).await?;
                sign_in(&c, &app, "town01").await?;
                c.goto(&app.url("/incidents")).await?;
                open_form(&c, "incidents").await?;
                fill(&c, "form[action='/incidents'] input[name=title]", "小区变压器冒烟").await?;
                c.find(Locator::Css("form[action='/incidents'] select[name=kind]"))
                    .await?
                    .select_by_value("accident")
                    .await?;
                fill(&c, "form[action='/incidents'] input[name=grid_code]", "610302001001001").await?;
                c.find(Locator::Css("form[action='/incidents'] button[type=submit]"))
                    .await?
                    .click()
                    .await?;
                wait_text(&c, "事件已接报").await?;
                let url = c.current_url().await?;
                let id: i64 = url.path().trim_start_matches("/incidents/").parse()?;
                // A mark that a reload would wipe.
                c.execute("window.stillHere = true", vec![]).await?;
                let token = app.token("town01").await;
                let (s, _) = app
                    .post_json(&format!("/api/v1/incidents/{id}/log"), &token, &serde_json::json!({"text": "供电公司抢修人员已到场"}))
                    .await;
                check(s == 201, "a line written elsewhere")?;
                wait_text(&c, "供电公司抢修人员已到场").await?;
                let kept: serde_json::Value = c.execute("return window.stillHere === true", vec![]).await?;
                check(kept == serde_json::json!(true), "the page was not reloaded")?;
                sign_out(&c).await?;
                sign_in(&c, &app, "cs001").await
            })
            .await;
            step(&c, "a person voting twice at a community desk is counted once", async {
                // Signed in as cs001, the staff of the first community.
                c.goto(&app.url("/culture/campaigns")).await?;
                c.find(Locator::LinkText("2026年度最美家庭评选")).await?.click().await?;
                c.wait().for_element(Locator::Css("form:has(button[value=desk]) input[name=id_number]")).await?;
                let desk = "form:has(button[value=desk])";
                for round in 0..2 {
                    fill(&c, &format!("{desk} input[name=name]"), "赵一").await?;
                    fill(&c, &format!("{desk} input[name=id_number]"), "610302198503120020").await?;
                    c.find(Locator::Css(&format!("{desk} button[value=desk]"))).await?.click().await?;
                    if round == 0 {
                        wait_text(&c, "现场投票已记录").await?;
                        c.wait().for_element(Locator::Css("form:has(button[value=desk]) input[name=id_number]")).await?;
                    } else {
                        wait_text(&c, "每人每项评选只能投一票").await?;
                    }
                }
                check(!page_text(&c).await.contains("610302198503120020"), "the ID number is not shown back")
            })
            .await;
            // No page of the walk is wider than the phone, the API reference included.
            for path in [
                "/map",
                "/api",
                "/",
                "/mediation",
                "/search?q=漏水",
                "/lists/problems",
                "/account",
                "/patrols",
                "/cameras",
                "/risk-sites",
                "/smart-compounds",
                "/large-events",
                "/eco-reports",
                "/incidents",
                "/drills",
                "/response-plans",
                "/warnings",
                "/tips",
                "/services",
                "/service-requests",
                "/calendar",
                "/centres",
                "/bookings",
                "/aid",
                "/aid-track",
                "/counselling",
                "/care",
                "/volunteering",
                "/culture",
                "/culture/archive",
                "/culture/archive/1",
                "/culture/rules",
                "/culture/campaigns",
                "/culture/campaigns/1",
                "/culture/boards",
                "/culture/fund",
                "/culture/legal-education",
            ] {
                c.goto(&app.url(path)).await.unwrap();
                let width: serde_json::Value = c
                    .execute("return document.documentElement.scrollWidth", vec![])
                    .await
                    .unwrap();
                assert!(
                    width.as_i64().unwrap() <= 360,
                    "no sideways scrolling on a phone: {path} is {width} px wide"
                );
                // People, places and states by their Chinese names: no username, region code
                // or English value on the pages people read (the API reference is for programs,
                // the account page names one's own username on purpose).
                if !matches!(path, "/api" | "/account") {
                    let text = page_text(&c).await;
                    for raw in [
                        "gw0",
                        "cs0",
                        "610302",
                        "grid_worker",
                        "stable",
                        "fulfilled",
                        "anonymous",
                        "system",
                    ] {
                        // Masked ID numbers keep their first six digits, the district's code.
                        if raw == "610302" && matches!(path, "/care" | "/aid") {
                            continue;
                        }
                        assert!(!text.contains(raw), "{path} shows {raw:?}");
                    }
                }
            }
            // `FENGQIAO_SCREENS=docs/screens` keeps the main pages as a phone shows them.
            if let Ok(dir) = std::env::var("FENGQIAO_SCREENS") {
                let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../..")
                    .join(dir);
                std::fs::create_dir_all(&dir).unwrap();
                let shoot = |name: &'static str| {
                    let (c, dir) = (c.clone(), dir.clone());
                    async move {
                        let png = c.screenshot().await.unwrap();
                        std::fs::write(dir.join(format!("{name}-360.png")), png).unwrap();
                    }
                };
                sign_out(&c).await.unwrap();
                c.goto(&app.url("/")).await.unwrap();
                shoot("resident-home").await;
                c.goto(&app.url("/report")).await.unwrap();
                shoot("resident-report").await;
                sign_in(&c, &app, "coordinator").await.unwrap();
                c.goto(&app.url("/")).await.unwrap();
                shoot("coordinator-home").await;
                c.goto(&app.url("/map")).await.unwrap();
                shoot("coordinator-map").await;
            }
            c.close().await.unwrap();
            app.stop().await;
        }
    })
    .await;
}
