use crate::support::{on_both, App, PASSWORD};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::Response;

fn set_cookie(res: &Response, name: &str) -> Option<String> {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned()
}

/// Signs in through the form like a browser and returns the Cookie header to send after.
async fn browser_login(app: &App, username: &str) -> String {
    let form = app.http.get(app.url("/login")).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let csrf = cookie_value(&set_cookie(&form, "fq_csrf").expect("csrf cookie"));
    let html = form.text().await.unwrap();
    assert!(html.contains(&format!(r#"name="csrf" value="{csrf}""#)));
    let res = app
        .http
        .post(app.url("/login"))
        .header(COOKIE, format!("fq_csrf={csrf}"))
        .form(&[
            ("username", username),
            ("password", PASSWORD),
            ("csrf", &csrf),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let session = set_cookie(&res, "fq_session").expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"));
    format!("fq_csrf={csrf}; fq_session={}", cookie_value(&session))
}

/// The CSRF token of the cookies `browser_login` returns.
fn csrf_of(cookies: &str) -> String {
    cookies
        .split(';')
        .next()
        .unwrap_or_default()
        .trim_start_matches("fq_csrf=")
        .to_owned()
}

#[tokio::test]
async fn signing_in_through_the_form_opens_the_home_page() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        // A visitor who is not signed in gets the residents' front page, not a sign-in form.
        let anonymous = app.http.get(app.url("/")).send().await.unwrap();
        assert_eq!(anonymous.status(), 200);
        let front = anonymous.text().await.unwrap();
        for expected in [
            "我要反映问题",
            "查询办理进度",
            "href=\"/report\"",
            "href=\"/track\"",
            "12345",
            "天内",
        ] {
            assert!(front.contains(expected), "front page lacks {expected}");
        }
        let login = app
            .http
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            login.contains("回到居民服务首页"),
            "the sign-in page links back"
        );
        // Staff pages still send a visitor to sign in.
        let staff = app.http.get(app.url("/mediation")).send().await.unwrap();
        assert_eq!(staff.headers()[LOCATION], "/login");

        let cookies = browser_login(&app, "cs001").await;
        let home = app
            .http
            .get(app.url("/"))
            .header(COOKIE, &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(home.status(), 200);
        let html = home.text().await.unwrap();
        assert!(html.contains("社区工作人员"));
        assert!(html.contains("福临社区"));
        for list in ["职责单", "任务单", "问题单", "成效单"] {
            assert!(html.contains(list), "home shows {list}");
        }
        assert!(html.contains(r#"name="viewport" content="width=device-width"#));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let res = app
            .http
            .post(app.url("/login"))
            .header(COOKIE, "fq_csrf=aaaa")
            .form(&[
                ("username", "cs001"),
                ("password", PASSWORD),
                ("csrf", "bbbb"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert!(set_cookie(&res, "fq_session").is_none());
        assert!(res.text().await.unwrap().contains("表单已失效"));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_in_the_form_shows_a_readable_message() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let res = app
            .http
            .post(app.url("/login"))
            .header(COOKIE, "fq_csrf=tok")
            .form(&[("username", "cs001"), ("password", "nope"), ("csrf", "tok")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        assert!(res.text().await.unwrap().contains("用户名或密码错误"));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn region_and_map_pages_respect_the_scope() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let cookies = browser_login(&app, "gw0001").await;
        let page = |path: &'static str| app.http.get(app.url(path)).header(COOKIE, &cookies).send();
        let own = page("/regions/610302001001001").await.unwrap();
        assert_eq!(own.status(), 200);
        assert!(own.text().await.unwrap().contains("福临社区第1网格"));
        let other = page("/regions/610302001001002").await.unwrap();
        assert_eq!(other.status(), 404);
        assert!(other.text().await.unwrap().contains("不在您的管辖范围内"));
        let map = page("/map").await.unwrap();
        assert_eq!(map.status(), 200);
        let html = map.text().await.unwrap();
        assert!(html.contains("<svg") && html.contains(r#"href="/regions/610302001001001""#));
        let logout = app
            .http
            .post(app.url("/logout"))
            .header(COOKIE, &cookies)
            .form(&[(
                "csrf",
                cookies
                    .split(';')
                    .next()
                    .unwrap()
                    .trim_start_matches("fq_csrf="),
            )])
            .send()
            .await
            .unwrap();
        assert_eq!(logout.status(), 303);
        let after = page("/mediation").await.unwrap();
        assert_eq!(after.status(), 303, "the session is gone after sign-out");
        let front = page("/").await.unwrap().text().await.unwrap();
        assert!(
            front.contains("我要反映问题"),
            "signed out, / is the residents' page"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn health_endpoints_answer() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        assert_eq!(
            app.http
                .get(app.url("/healthz"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let ready: serde_json::Value = app
            .http
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(ready["status"], "ready");
        let css = app
            .http
            .get(app.url("/static/app.css"))
            .send()
            .await
            .unwrap();
        assert!(css.text().await.unwrap().contains("360px"));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn totp_can_be_turned_on_from_the_account_page() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let cookies = browser_login(&app, "po002").await;
        let csrf = csrf_of(&cookies);
        let account = app
            .http
            .get(app.url("/account"))
            .header(COOKIE, &cookies)
            .send()
            .await
            .unwrap();
        let html = account.text().await.unwrap();
        assert!(html.contains("未开启"));
        assert!(
            !html.contains("<td>610302"),
            "the account page names the region, not its code"
        );
        let wrong = app
            .http
            .post(app.url("/account/totp"))
            .header(COOKIE, &cookies)
            .form(&[("csrf", csrf.as_str()), ("password", "not-it")])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 422);
        assert!(
            wrong.text().await.unwrap().contains("当前密码不正确"),
            "the password is asked again and a wrong one is said so beside the form"
        );
        let setup = app
            .http
            .post(app.url("/account/totp"))
            .header(COOKIE, &cookies)
            .form(&[("csrf", csrf.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(setup.status(), 200);
        let html = setup.text().await.unwrap();
        let secret = html
            .split(r#"<code class="secret">"#)
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        let wrong = app
            .http
            .post(app.url("/account/totp/confirm"))
            .header(COOKIE, &cookies)
            .form(&[("csrf", csrf.as_str()), ("code", "000000")])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 422);
        let code = fengqiao_web::auth::totp::current(&secret).unwrap();
        let done = app
            .http
            .post(app.url("/account/totp/confirm"))
            .header(COOKIE, &cookies)
            .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
            .send()
            .await
            .unwrap();
        assert!(done.text().await.unwrap().contains("动态验证码已开启"));
        let again = app
            .http
            .post(app.url("/login"))
            .header(COOKIE, "fq_csrf=tok")
            .form(&[
                ("username", "po002"),
                ("password", PASSWORD),
                ("csrf", "tok"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 401);
        assert!(again.text().await.unwrap().contains("6 位验证码"));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_grid_worker_mediates_a_case_from_intake_to_closing_in_the_browser() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let cookies = browser_login(&app, "gw0001").await;
        let csrf = csrf_of(&cookies);
        let form = app
            .http
            .get(app.url("/mediation/new"))
            .header(COOKIE, &cookies)
            .send()
            .await
            .unwrap();
        let html = form.text().await.unwrap();
        assert!(
            html.contains(r#"<option value="610302001001001" selected>"#),
            "a grid worker's own grid is chosen, by name"
        );
        let again = app
            .http
            .get(app.url("/mediation/new"))
            .header(COOKIE, &cookies)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let key = |h: &str| {
            h.split(r#"name="submission" value=""#)
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        };
        assert_ne!(
            key(&html),
            key(&again),
            "each form shown gets its own submission key"
        );

        let bad = app
            .http
            .post(app.url("/mediation/new"))
            .header(COOKIE, &cookies)
            .form(&[
                ("csrf", csrf.as_str()),
                ("category", "neighbour"),
                ("description", "短"),
                ("grid_code", "610302001001001"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 422);
        assert!(
            bad.text().await.unwrap().contains("5 到 5000 字"),
            "the form explains what is wrong"
        );

        let fields = [
            ("csrf", csrf.as_str()),
            ("submission", "test-1"),
            ("category", "neighbour"),
            ("source", "screening"),
            ("description", "楼上住户深夜跳绳,楼下老人无法休息"),
            ("grid_code", "610302001001001"),
            ("party1_name", "赵甲"),
            ("party1_phone", "13700000001"),
            ("party1_vulnerability", "elderly"),
            ("party2_name", "钱乙"),
            ("people", "2"),
        ];
        let created = app
            .http
            .post(app.url("/mediation/new"))
            .header(COOKIE, &cookies)
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 303);
        let case_url = created.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(case_url.starts_with("/mediation/"));
        let again = app
            .http
            .post(app.url("/mediation/new"))
            .header(COOKIE, &cookies)
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(
            again.headers()[LOCATION].to_str().unwrap(),
            case_url,
            "a double submit opens the same case"
        );

        let post = |action: &'static str, extra: Vec<(&'static str, &'static str)>| {
            let mut f: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
            f.extend(extra);
            app.http
                .post(app.url(&format!("{case_url}/{action}")))
                .header(COOKIE, &cookies)
                .form(&f)
                .send()
        };
        let r = post(
            "session",
            vec![
                ("mediators", "网格员"),
                ("mode", "face_to_face"),
                ("outcome", "agreed"),
                ("notes", "双方同意晚十点后不再跳绳"),
            ],
        )
        .await
        .unwrap();
        assert_eq!(r.status(), 303);
        let r = post(
            "agreement",
            vec![("terms", "晚十点后保持安静"), ("signatures", "赵甲,钱乙")],
        )
        .await
        .unwrap();
        assert_eq!(r.status(), 303);
        let id: i64 = case_url.trim_start_matches("/mediation/").parse().unwrap();
        crate::support::days_pass(&app, id, 8).await;
        for _ in 0..3 {
            let r = post(
                "followup",
                vec![("result", "stable"), ("notes", "情况稳定")],
            )
            .await
            .unwrap();
            assert_eq!(r.status(), 303);
        }
        let page = app
            .http
            .get(app.url(&case_url))
            .header(COOKIE, &cookies)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("已办结"), "the case is closed");
        assert!(page.contains("结案") && page.contains("回访"));
        assert!(page.contains("137****0001") && page.contains("老年人"));
        let refused = post(
            "session",
            vec![
                ("mediators", "网格员"),
                ("mode", "face_to_face"),
                ("outcome", "failed"),
            ],
        )
        .await
        .unwrap();
        assert_eq!(refused.status(), 409);
        assert!(refused.text().await.unwrap().contains("已办结"));
        let print = app
            .http
            .get(app.url(&format!("{case_url}/print")))
            .header(COOKIE, &cookies)
            .send()
            .await
            .unwrap();
        let print = print.text().await.unwrap();
        assert!(
            print.contains("人民调解协议书")
                && print.contains("晚十点后保持安静")
                && print.contains("赵甲")
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_coordinator_edits_the_mediation_policy_on_a_page() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let cookies = browser_login(&app, "coordinator").await;
        let csrf = csrf_of(&cookies);
        let page = app
            .http
            .get(app.url("/mediation/policy"))
            .header(COOKIE, &cookies)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("第 1 版") && page.contains("deadline_days"));
        let bad = app
            .http
            .post(app.url("/mediation/policy"))
            .header(COOKIE, &cookies)
            .form(&[
                ("csrf", csrf.as_str()),
                ("policy", "{\"default_level\": 9}"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 422);
        assert!(bad.text().await.unwrap().contains("策略格式错误"));
        let policy = serde_json::to_string(&fengqiao_core::mediation::Policy {
            default_level: 1,
            ..Default::default()
        })
        .unwrap();
        let ok = app
            .http
            .post(app.url("/mediation/policy"))
            .header(COOKIE, &cookies)
            .form(&[("csrf", csrf.as_str()), ("policy", policy.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);
        assert!(ok.text().await.unwrap().contains("已保存为第 2 版"));
        // The coordinator's home page names every document in force and its version.
        let home = app.page("/", &app.token("coordinator").await).await;
        let in_force = home.split(r#"id="documents""#).nth(1).unwrap();
        let in_force = in_force.split("</section>").next().unwrap();
        assert!(
            in_force.contains(
                r#"<a href="/mediation/policy">调解定级策略</a> <span class="muted">第 2 版</span>"#
            ),
            "{in_force}"
        );
        assert!(in_force.matches("<li>").count() >= 4, "{in_force}");
        let gw = browser_login(&app, "gw0001").await;
        let view = app
            .http
            .get(app.url("/mediation/policy"))
            .header(COOKIE, &gw)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            view.contains("第 2 版") && !view.contains(r#"name="policy""#),
            "others read it but cannot edit"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn every_staff_role_has_a_home_page_with_its_four_lists() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        for user in [
            "gw0001",
            "pa001",
            "cs001",
            "po001",
            "station01",
            "town01",
            "dept01",
            "coordinator",
            "admin",
        ] {
            let token = app.token(user).await;
            let res = app.get("/", &token).await;
            assert_eq!(res.status(), 200, "{user}");
            let html = res.text().await.unwrap();
            for id in ["list-duty", "list-tasks", "list-problems", "list-results"] {
                assert!(html.contains(&format!(r#"id="{id}""#)), "{user} sees {id}");
            }
            let (_, duty) = app.get_json("/api/v1/lists/duty", &token).await;
            assert!(duty["total"].as_i64().unwrap() > 0, "{user} has duties");
            // The four lists gathered together are the lists asked for one by one.
            for id in ["duty", "tasks", "problems", "results"] {
                let (_, list) = app.get_json(&format!("/api/v1/lists/{id}"), &token).await;
                let shown = html.split(&format!(r#"id="list-{id}""#)).nth(1).unwrap();
                let count = shown.split(r#"<span class="muted">"#).nth(1).unwrap();
                let count: usize = count.split('<').next().unwrap().parse().unwrap();
                assert_eq!(count as i64, list["total"].as_i64().unwrap(), "{user} {id}");
            }
        }
        let (_, tasks) = app
            .get_json("/api/v1/lists/tasks", &app.token("po001").await)
            .await;
        // A community officer's tasks are their cases and their station's tip-offs.
        assert!(tasks["items"].as_array().unwrap().iter().all(|i| {
            let href = i["href"].as_str().unwrap();
            href.starts_with("/mediation/") || href.starts_with("/station-tips/")
        }));
        let resident = app.token("res001").await;
        let html = app.get("/", &resident).await.text().await.unwrap();
        assert!(
            !html.contains(r#"id="list-duty""#) && html.contains("/track"),
            "residents get their own home"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_resident_reports_from_the_phone_page_without_signing_in() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let form = app.http.get(app.url("/report")).send().await.unwrap();
        assert_eq!(form.status(), 200);
        let csrf = cookie_value(&set_cookie(&form, "fq_csrf").expect("csrf cookie"));
        let html = form.text().await.unwrap();
        let key = html
            .split(r#"name="submission" value=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let post = |fields: Vec<(&'static str, String)>| {
            let mut f = vec![("csrf", csrf.clone()), ("submission", key.clone())];
            f.extend(fields);
            app.http
                .post(app.url("/report"))
                .header(COOKIE, format!("fq_csrf={csrf}"))
                .form(&f)
                .send()
        };
        let missing = post(vec![
            ("category", "neighbour".into()),
            ("description", "楼上每天深夜装修".into()),
            ("grid_code", "610302001001001".into()),
        ])
        .await
        .unwrap();
        assert_eq!(missing.status(), 422);
        assert!(missing.text().await.unwrap().contains("回访电话"));
        let ok = post(vec![
            ("category", "neighbour".into()),
            ("description", "楼上每天深夜装修".into()),
            ("grid_code", "610302001001001".into()),
            ("name", "刘女士".into()),
            ("callback_phone", "13900000123".into()),
        ])
        .await
        .unwrap();
        assert_eq!(ok.status(), 200);
        let page = ok.text().await.unwrap();
        let code = page
            .split(r#"<strong class="secret">"#)
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        assert!(code.starts_with("FQ"));
        let track = app
            .http
            .get(app.url(&format!("/track/{code}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(track.contains("现场调解") && !track.contains("刘女士"));
        app.stop().await;
    })
    .await;
}

/// The administrator's account page: people by name, role and place; a forced reset shows the
/// temporary password once; the holder is then sent to change it before anything else.
#[tokio::test]
async fn an_administrator_resets_a_password_on_the_accounts_page_and_the_holder_must_change_it() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let cookies = browser_login(&app, "admin").await;
        let csrf = csrf_of(&cookies);
        let get = |path: &'static str, cookies: String| {
            app.http.get(app.url(path)).header(COOKIE, cookies).send()
        };
        let list = get("/accounts?q=gw0003", cookies.clone()).await.unwrap();
        assert_eq!(list.status(), 200);
        let html = list.text().await.unwrap();
        assert!(html.contains("网格员") && html.contains("在用"), "{html}");
        assert!(
            !html.contains(">grid_worker<"),
            "roles by their Chinese names"
        );
        let reset = app
            .http
            .post(app.url("/accounts/gw0003/password-reset"))
            .header(COOKIE, &cookies)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(reset.status(), 200);
        let html = reset.text().await.unwrap();
        assert!(html.contains("的密码已重置") && html.contains("临时密码"));
        let temp = html
            .split(r#"<code class="secret">"#)
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        let signed_in = app.login("gw0003", &temp).await;
        assert_eq!(signed_in.status(), 200);
        let token = signed_in.json::<serde_json::Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let home = get("/", format!("fq_session={token}")).await.unwrap();
        assert_eq!(home.status(), 303);
        assert_eq!(home.headers()[LOCATION], "/account#password");
        let account = app.page("/account", &token).await;
        assert!(account.contains("管理员已重置您的密码"));

        // A coordinator may find accounts but not reset them.
        let coordinator = browser_login(&app, "coordinator").await;
        let csrf = csrf_of(&coordinator);
        let refused = app
            .http
            .post(app.url("/accounts/gw0004/password-reset"))
            .header(COOKIE, &coordinator)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
        app.stop().await;
    })
    .await;
}
