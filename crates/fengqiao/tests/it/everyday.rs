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
