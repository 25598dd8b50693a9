//! Centres' rooms as residents and staff meet them: one booking of a slot however many ask at
//! once, weekly bookings that skip taken and closed dates and say which, approval by the staff
//! who look after the centre, check-in and release, and each room's iCalendar feed as a
//! calendar library reads it.

use crate::support::{on_both, App};
use fengqiao_core::calendar::{date_of, start_of};
use fengqiao_core::time::{day, DAY_MS};
use serde_json::{json, Value};

/// The rooms of the demo's centre in gw0001's grid: (library, activity room needing approval).
async fn rooms(app: &App) -> (i64, i64, Value) {
    let (s, centres) = app
        .get_json("/api/v1/centres?region=610302001001001", "")
        .await;
    assert_eq!(s, 200, "{centres}");
    let hub = centres
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "neighbourhood")
        .expect("the demo's centre")
        .clone();
    let room = |kind: &str| {
        hub["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["kind"] == kind)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    (room("library"), room("activity"), hub)
}

fn day_in(n: i64) -> String {
    day(start_of(date_of(fengqiao_store::now_ms())) + n * DAY_MS)
}

/// Done-when: two residents booking the same room slot at the same moment get one booking and
/// one clear refusal — here sixteen at once, alternating two residents.
#[tokio::test]
async fn many_booking_one_slot_at_once_get_one_booking_and_clear_refusals() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (library, _, hub) = rooms(&app).await;
        assert!(hub["hours"].as_str().unwrap().contains("08:30–20:30"), "{hub}");
        let (a, b) = (app.token("res001").await, app.token("res002").await);
        let body = json!({"day": day_in(5), "start": "10:00", "end": "11:00", "purpose": "读书会", "attendees": 8});
        let path = format!("/api/v1/rooms/{library}/bookings");
        let mut tries = tokio::task::JoinSet::new();
        for i in 0..16 {
            let (token, body, url, http) = (if i % 2 == 0 { a.clone() } else { b.clone() }, body.clone(), app.url(&path), app.http.clone());
            tries.spawn(async move {
                let res = http.post(url).bearer_auth(token).json(&body).send().await.unwrap();
                (i, res.status(), res.json::<Value>().await.unwrap())
            });
        }
        let mut answers: Vec<(usize, reqwest::StatusCode, Value)> = tries.join_all().await;
        answers.sort_by_key(|x| x.0);
        let answers: Vec<(reqwest::StatusCode, Value)> = answers.into_iter().map(|(_, s, v)| (s, v)).collect();
        let won: Vec<&Value> = answers.iter().filter(|(s, _)| *s == 201).map(|(_, v)| v).collect();
        assert_eq!(won.len(), 1, "{answers:?}");
        for (s, v) in answers.iter().filter(|(s, _)| *s != 201) {
            assert_eq!(*s, 409, "{v}");
            assert_eq!(v["detail"], "该时段已被预订,请换一个时间");
        }
        assert!(won[0]["message"].as_str().unwrap().contains(&format!("{} 10:00–11:00", day_in(5))), "{}", won[0]);
        let id = won[0]["bookings"][0]["id"].as_i64().unwrap();

        // Overlapping is refused; end to end is fine.
        let (s, _) = app.post_json(&path, &b, &json!({"day": day_in(5), "start": "10:30", "end": "11:30", "purpose": "读书会"})).await;
        assert_eq!(s, 409);
        let (s, next) = app.post_json(&path, &b, &json!({"day": day_in(5), "start": "11:00", "end": "12:00", "purpose": "读书会"})).await;
        assert_eq!(s, 201, "{next}");
        // Bad times say why, beside nothing written.
        for (start, end, why) in [("10:10", "11:00", "整点或半点"), ("07:00", "08:00", "开放时间"), ("12:00", "11:00", "晚于")] {
            let (s, p) = app.post_json(&path, &b, &json!({"day": day_in(6), "start": start, "end": end, "purpose": "读书会"})).await;
            assert_eq!(s, 422, "{p}");
            assert!(p["detail"].as_str().unwrap().contains(why), "{p}");
        }
        let (s, p) = app.post_json(&path, &b, &json!({"day": day_in(6), "start": "10:00", "end": "11:00", "purpose": "读书会", "attendees": 99})).await;
        assert_eq!(s, 422, "more than the room holds: {p}");

        // The winner cancels; the slot is free again, and the public schedule says so.
        let who = answers.iter().position(|(s, _)| *s == 201).unwrap();
        let token = if who % 2 == 0 { &a } else { &b };
        let other = if who % 2 == 0 { &b } else { &a };
        let (s, p) = app.post_json(&format!("/api/v1/bookings/{id}/act"), other, &json!({"action": "cancel"})).await;
        assert_eq!(s, 404, "another resident cannot see it: {p}");
        let (s, cancelled) = app.post_json(&format!("/api/v1/bookings/{id}/act"), token, &json!({"action": "cancel"})).await;
        assert_eq!(s, 200, "{cancelled}");
        assert_eq!(cancelled["status_label"], "已取消");
        let (s, _) = app.post_json(&path, other, &body).await;
        assert_eq!(s, 201, "the slot was given back");
        let (_, detail) = app.get_json(&format!("/api/v1/rooms/{library}"), "").await;
        assert!(detail["taken"].as_array().unwrap().iter().any(|t| t["day"] == day_in(5) && t["start"] == "10:00"), "{detail}");
        assert!(!detail.to_string().contains("res00"), "no booker on the public schedule");
        app.stop().await;
    })
    .await;
}

/// A weekly booking skips the dates already taken or closed and names them; the page says so.
#[tokio::test]
async fn a_weekly_booking_skips_taken_and_closed_dates_and_says_which() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (library, _, hub) = rooms(&app).await;
        let (a, b) = (app.token("res001").await, app.token("res002").await);
        let path = format!("/api/v1/rooms/{library}/bookings");
        let (s, _) = app.post_json(&path, &b, &json!({"day": day_in(14), "start": "14:00", "end": "15:00", "purpose": "手工课"})).await;
        assert_eq!(s, 201);
        let pool = app.server.state.store.pool().clone();
        let hub_id = hub["id"].as_i64().unwrap();
        app.server
            .state
            .store
            .write(move |c| Box::pin(async move { fengqiao_store::services::rooms::close_day(c, hub_id, &day_in(21), "消防检查").await }))
            .await
            .unwrap();
        let (s, booked) = app.post_json(&path, &a, &json!({"day": day_in(7), "start": "14:00", "end": "15:00", "purpose": "老年书法班", "team": "夕阳红书法队", "repeat_weeks": 4, "attendees": 10})).await;
        assert_eq!(s, 201, "{booked}");
        let days: Vec<&str> = booked["bookings"].as_array().unwrap().iter().map(|b| b["day"].as_str().unwrap()).collect();
        assert_eq!(days, vec![day_in(7), day_in(28)]);
        let skipped = booked["skipped"].as_array().unwrap();
        assert_eq!(skipped.len(), 2, "{booked}");
        assert_eq!(skipped[0]["day"], day_in(14));
        assert_eq!(skipped[0]["reason"], "该时段已被预订");
        assert_eq!(skipped[1]["day"], day_in(21));
        assert!(skipped[1]["reason"].as_str().unwrap().contains("消防检查"), "{booked}");
        assert!(booked["message"].as_str().unwrap().contains("以下日期未预订"), "{booked}");
        let series = booked["bookings"][0]["series"].as_str().unwrap();
        assert_eq!(booked["bookings"][1]["series"], series);
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM room_slots WHERE room_id = $1").bind(library).fetch_one(&pool).await.unwrap();
        assert!(held >= 2 * 2 + 2, "each booking holds its half hours");

        // The same through the page: the confirmation names the skipped dates.
        let res = app.post_form(&format!("/rooms/{library}/book"), &format!("; fq_session={a}"), &[("day", &day_in(7)), ("start", "14:00"), ("end", "15:00"), ("purpose", "再订一次"), ("attendees", "2"), ("repeat_weeks", "1")]).await;
        assert_eq!(res.status(), 409, "taken by the series just written");
        let page = res.text().await.unwrap();
        assert!(page.contains("该时段已被预订") && page.contains("再订一次"), "the reason beside what was typed");
        let res = app.post_form(&format!("/rooms/{library}/book"), &format!("; fq_session={a}"), &[("day", &day_in(7)), ("start", "15:00"), ("end", "16:00"), ("purpose", "书法展评"), ("attendees", "2"), ("repeat_weeks", "3")]).await;
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("已预订 2 次") && page.contains(&format!("{}(", day_in(21))), "{page}");
        app.stop().await;
    })
    .await;
}

const ICS_READER: &str = r#"
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = [{"summary": str(e.get("summary")), "start": e.decoded("dtstart").isoformat(), "end": e.decoded("dtend").isoformat(), "status": str(e.get("status")), "uid": str(e.get("uid"))} for e in cal.walk("VEVENT")]
print(json.dumps({"name": str(cal.get("x-wr-calname") or cal.get("name")), "events": events}, ensure_ascii=False))
"#;

/// A room that needs approval: the booking waits, staff of another place cannot decide it,
/// the centre's grid worker approves; check-in is refused before its window; an unattended
/// booking is released by the job; the room's feed parses in a calendar library.
#[tokio::test]
async fn approval_check_in_release_and_the_rooms_calendar() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (_, activity, _) = rooms(&app).await;
        let (resident, gw_in, gw_out) = (app.token("res001").await, app.token("gw0001").await, app.token("gw0002").await);
        let (s, booked) = app.post_json(&format!("/api/v1/rooms/{activity}/bookings"), &resident, &json!({"day": day_in(4), "start": "09:00", "end": "10:30", "purpose": "太极拳练习", "team": "晨练太极队", "attendees": 20})).await;
        assert_eq!(s, 201, "{booked}");
        let b = &booked["bookings"][0];
        assert_eq!(b["status_label"], "待审批");
        assert!(booked["message"].as_str().unwrap().contains("待社区审批"));
        let id = b["id"].as_i64().unwrap();
        let act = |token: &str, action: &str| {
            let (token, action) = (token.to_owned(), action.to_owned());
            let app = &app;
            async move { app.post_json(&format!("/api/v1/bookings/{id}/act"), &token, &json!({"action": action})).await }
        };
        assert_eq!(act(&resident, "approve").await.0, 403);
        assert_eq!(act(&gw_out, "approve").await.0, 404);
        let (_, tasks) = app.get_json("/api/v1/lists/tasks", &gw_in).await;
        assert!(tasks.to_string().contains("审批预订"), "{tasks}");
        let (s, approved) = act(&gw_in, "approve").await;
        assert_eq!(s, 200, "{approved}");
        assert_eq!(approved["status_label"], "已预订");
        let (s, p) = act(&resident, "check_in").await;
        assert_eq!(s, 409, "days before: {p}");
        assert!(p["detail"].as_str().unwrap().contains("签到时间"));
        let (s, _) = act(&gw_in, "bogus").await;
        assert_eq!(s, 422);

        // The room's calendar, read by the Python icalendar library.
        let res = app.http.get(app.url(&format!("/rooms/{activity}.ics"))).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let ics = res.text().await.unwrap();
        assert!(!ics.contains("res001") && !ics.contains("太极拳练习"), "no booker, no purpose: {ics}");
        if let Some(out) = crate::support::python(&["icalendar"], ICS_READER, (".ics", ics.as_bytes())) {
            let cal: Value = serde_json::from_str(&out).unwrap();
            let ev = cal["events"].as_array().unwrap().iter().find(|e| e["uid"] == format!("room-booking-{id}@fengqiao")).expect("the booking is in the feed").clone();
            assert_eq!(ev["summary"], "晨练太极队");
            assert_eq!(ev["status"], "CONFIRMED");
            // 09:00 Beijing is 01:00 UTC.
            assert_eq!(ev["start"], format!("{}T01:00:00+00:00", day_in(4)));
            assert_eq!(ev["end"], format!("{}T02:30:00+00:00", day_in(4)));
        }
        assert_eq!(app.http.get(app.url("/rooms/999999.ics")).send().await.unwrap().status(), 404);

        // A booking that started twenty minutes ago with nobody checked in is released.
        let state = app.server.state.clone();
        let started = fengqiao_store::now_ms() / 1_800_000 * 1_800_000 - 20 * 60_000;
        let past = state
            .store
            .write(move |c| {
                Box::pin(async move {
                    let slots: Vec<i64> = fengqiao_core::services::booking::slots(started, started + 3_600_000).collect();
                    fengqiao_store::services::rooms::insert_booking(c, &fengqiao_store::services::rooms::NewBooking { room_id: activity, starts_at: started, ends_at: started + 3_600_000, booked_by: "res001".into(), team: String::new(), purpose: "忘了来".into(), attendees: 1, status: "confirmed".into(), series: None, created_at: started - DAY_MS }, &slots).await
                })
            })
            .await
            .unwrap();
        fengqiao_web::services::rooms::service::release_job(&state).await.unwrap();
        let (_, gone) = app.get_json(&format!("/api/v1/bookings/{past}"), &resident).await;
        assert_eq!(gone["status_label"], "超时未签到,已释放", "{gone}");
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM room_slots WHERE booking_id = $1").bind(past).fetch_one(state.store.pool()).await.unwrap();
        assert_eq!(held, 0, "its slots are free");
        let page = app.page("/bookings", &gw_in).await;
        assert!(page.contains("超时未签到,已释放") && page.contains("晨练太极队"), "{page}");
        app.stop().await;
    })
    .await;
}

/// Volunteering: staff post a position, residents sign up once while seats last, staff confirm
/// the hours, which the volunteer sees and the result list counts. Booking the legal-aid desk
/// is an appointment the community's staff are told about.
#[tokio::test]
async fn volunteers_sign_up_once_and_their_confirmed_hours_count() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (gw, a, b) = (app.token("gw0001").await, app.token("res001").await, app.token("res002").await);
        let day = day_in(3);
        let (s, p) = app.post_json("/api/v1/volunteering", &a, &json!({"title": "送餐", "starts": format!("{day}T09:00"), "ends": format!("{day}T11:00"), "seats": 1})).await;
        assert_eq!(s, 403, "{p}");
        let (s, p) = app.post_json("/api/v1/volunteering", &gw, &json!({"title": "为独居老人送餐", "place": "福临社区食堂", "starts": format!("{day}T11:00"), "ends": format!("{day}T09:00"), "seats": 1})).await;
        assert_eq!(s, 422, "{p}");
        let (s, position) = app.post_json("/api/v1/volunteering", &gw, &json!({"title": "为独居老人送餐", "place": "福临社区食堂", "starts": format!("{day}T09:00"), "ends": format!("{day}T11:00"), "seats": 1})).await;
        assert_eq!(s, 201, "{position}");
        let id = position["id"].as_i64().unwrap();
        let (s, _) = app.post_json(&format!("/api/v1/volunteering/{id}/signups"), &a, &json!({})).await;
        assert_eq!(s, 201);
        let (s, p) = app.post_json(&format!("/api/v1/volunteering/{id}/signups"), &a, &json!({})).await;
        assert_eq!(s, 409, "{p}");
        let (s, p) = app.post_json(&format!("/api/v1/volunteering/{id}/signups"), &b, &json!({})).await;
        assert_eq!(s, 409, "one seat: {p}");
        assert_eq!(p["detail"], "名额已满");
        let (s, _) = app.post_json(&format!("/api/v1/volunteering/{id}/hours"), &gw, &json!({"username": "res002", "hours": 2})).await;
        assert_eq!(s, 422, "not signed up");
        let (s, signups) = app.post_json(&format!("/api/v1/volunteering/{id}/hours"), &gw, &json!({"username": "res001", "hours": 2})).await;
        assert_eq!(s, 200, "{signups}");
        assert_eq!(signups[0]["hours"], 2.0);
        let (_, mine) = app.get_json("/api/v1/volunteering/hours", &a).await;
        assert_eq!(mine["hours"], 2.0);
        let (_, results) = app.get_json("/api/v1/lists/results", &gw).await;
        assert!(results.to_string().contains("志愿服务 2.0 小时"), "{results}");
        let page = app.page("/volunteering", &a).await;
        assert!(page.contains("2.0 小时") && page.contains("为独居老人送餐") && page.contains("名额已满"), "{page}");

        // The legal-aid desk.
        let (s, centres) = app.get_json("/api/v1/centres?region=610302001001001", "").await;
        assert_eq!(s, 200);
        let desk = centres[0]["rooms"].as_array().unwrap().iter().find(|r| r["kind"] == "legal_aid").unwrap()["id"].as_i64().unwrap();
        let (s, booked) = app.post_json(&format!("/api/v1/rooms/{desk}/bookings"), &a, &json!({"day": day_in(4), "start": "14:00", "end": "14:30", "purpose": "咨询劳动合同纠纷"})).await;
        assert_eq!(s, 201, "{booked}");
        let (_, inbox) = app.get_json("/api/v1/notifications", &app.token("cs001").await).await;
        assert!(inbox.to_string().contains("法律咨询预约"), "{inbox}");
        app.stop().await;
    })
    .await;
}

/// Staff who run a centre close it on a day: new bookings that day are refused with the
/// reason, and the answer says how many bookings were already made for it.
#[tokio::test]
async fn a_closed_day_refuses_bookings_with_its_reason() {
    on_both(|db| async move {
        let app = App::demo(db).await;
        let (library, _, hub) = rooms(&app).await;
        let (gw, resident) = (app.token("gw0001").await, app.token("res001").await);
        let hub_id = hub["id"].as_i64().unwrap();
        let (s, _) = app
            .post_json(
                &format!("/api/v1/rooms/{library}/bookings"),
                &resident,
                &json!({"day": day_in(9), "start": "10:00", "end": "11:00", "purpose": "读书会"}),
            )
            .await;
        assert_eq!(s, 201);
        let (s, _) = app
            .post_json(
                &format!("/api/v1/centres/{hub_id}/closures"),
                &resident,
                &json!({"day": day_in(9), "reason": "停电检修"}),
            )
            .await;
        assert_eq!(s, 404);
        let (s, p) = app
            .post_json(
                &format!("/api/v1/centres/{hub_id}/closures"),
                &gw,
                &json!({"day": day_in(-1), "reason": "停电检修"}),
            )
            .await;
        assert_eq!(s, 422, "{p}");
        let (s, closed) = app
            .post_json(
                &format!("/api/v1/centres/{hub_id}/closures"),
                &gw,
                &json!({"day": day_in(9), "reason": "停电检修"}),
            )
            .await;
        assert_eq!(s, 201, "{closed}");
        assert_eq!(closed["bookings_that_day"], 1);
        let (s, p) = app
            .post_json(
                &format!("/api/v1/rooms/{library}/bookings"),
                &resident,
                &json!({"day": day_in(9), "start": "14:00", "end": "15:00", "purpose": "读书会"}),
            )
            .await;
        assert_eq!(s, 422);
        assert!(
            p["detail"].as_str().unwrap().contains("闭馆:停电检修"),
            "{p}"
        );
        // From the room's page.
        let page = app.page(&format!("/rooms/{library}"), &gw).await;
        assert!(
            page.contains("设闭馆日") && page.contains("停电检修"),
            "{page}"
        );
        assert!(!app
            .page(&format!("/rooms/{library}"), &resident)
            .await
            .contains("设为闭馆"));
        let res = app
            .post_form(
                &format!("/centres/{hub_id}/closures"),
                &format!("; fq_session={gw}"),
                &[
                    ("room", &library.to_string()),
                    ("day", &day_in(10)),
                    ("reason", "消毒"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("已设闭馆日"));
        app.stop().await;
    })
    .await;
}
