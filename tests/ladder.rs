//! The warning ladder (预警阶梯): by its 督办等级, an open item is reminded and warned before
//! its deadline, urged from the day after it and every few days, and reported to its
//! responsible leader after some days overdue; each step once per deadline however many
//! instances run, never inside the quiet hours, written in the history by 系统 and sent
//! through the outbox. The secretariat sets it all on 督办设置.

mod common;

use chrono::{Duration, NaiveDate, NaiveTime};
use common::{spawn_app, Browser, TestApp};
use duban::digest::compose::NoticeMail;
use duban::domain::china_time::from_china_time;
use duban::domain::{LadderStep, Role};
use duban::workflow::ladder::{self, Pass, TakenStep};
use reqwest::StatusCode;

const LETTERS: NoticeMail<'static> = NoticeMail {
    base_url: "https://duban.example.edu.cn",
};

/// The deadline every test's items answer to, unless said otherwise.
fn due() -> NaiveDate {
    "2026-12-31".parse().unwrap()
}

/// `days` after the deadline (negative: before it).
fn day(days: i64) -> NaiveDate {
    due() + Duration::days(days)
}

/// The instant `hh:mm` China time on `date`.
fn at(date: NaiveDate, hh: u32, mm: u32) -> chrono::DateTime<chrono::Utc> {
    from_china_time(date.and_time(NaiveTime::from_hms_opt(hh, mm, 0).unwrap()))
}

/// A run at ten in the morning (outside the default quiet hours) on `date`; the steps
/// taken.
async fn run_on(app: &TestApp, date: NaiveDate) -> Vec<(i64, LadderStep, i32)> {
    taken(
        ladder::run(&app.db.pool, at(date, 10, 0), &LETTERS)
            .await
            .unwrap(),
    )
}

fn taken(pass: Pass) -> Vec<(i64, LadderStep, i32)> {
    match pass {
        Pass::Ran { taken, failed } => {
            assert_eq!(failed, 0, "no item failed");
            taken
                .into_iter()
                .map(
                    |TakenStep {
                         item_id,
                         step,
                         round,
                         ..
                     }| (item_id.0, step, round),
                )
                .collect()
        }
        other => panic!("the ladder ran: {other:?}"),
    }
}

/// The office, 教务处 with a head who has an address, and a leader account (陈副院长)
/// with an address.
async fn office() -> TestApp {
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, None).await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_leader("lingdao", "陈副院长").await;
    sqlx::query("UPDATE users SET email = login || '@example.edu.cn'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app
}

/// An item in progress led by 教务处, answering to 陈副院长, due on `due`, at `level`.
async fn item(app: &TestApp, title: &str, due: NaiveDate, level: &str) -> i64 {
    let unit = app.unit_id("教务处").await;
    let document = minutes(app).await;
    let id = app
        .insert_task(document, title, "in_progress", Some(due), unit, "lead")
        .await;
    sqlx::query(
        "UPDATE items SET level = $2, assigned_at = '2026-10-01T02:00:00Z', \
             register_year = 2026, register_seq = id, \
             register_number = '督〔2026〕第' || id || '号', \
             leader_id = (SELECT id FROM leaders WHERE name = '陈副院长') WHERE id = $1",
    )
    .bind(id)
    .bind(level)
    .execute(&app.db.pool)
    .await
    .unwrap();
    id
}

/// The one document the items come from.
async fn minutes(app: &TestApp) -> i64 {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM documents")
        .fetch_optional(&app.db.pool)
        .await
        .unwrap();
    match found {
        Some(id) => id,
        None => app.insert_minutes().await,
    }
}

/// The item's history written by the ladder: (action, note), oldest first; all by nobody.
async fn system_events(app: &TestApp, item: i64) -> Vec<(String, String)> {
    let rows: Vec<(String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT action, note, actor_id FROM item_events WHERE item_id = $1 \
           AND action IN ('reminded', 'warned', 'urged', 'escalated') ORDER BY id",
    )
    .bind(item)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(action, note, actor)| {
            assert_eq!(actor, None, "the system acted, not a person");
            (action, note.unwrap_or_default())
        })
        .collect()
}

/// The outbox: (purpose, address, subject), oldest first.
async fn outbox(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT purpose, to_address, subject FROM email_outbox ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

async fn sql(app: &TestApp, statement: &str) {
    sqlx::query(statement).execute(&app.db.pool).await.unwrap();
}

use LadderStep::{Escalate, Remind, Urge, Warn};

#[tokio::test]
async fn the_reminder_and_the_warning_come_on_their_days_and_not_the_day_before() {
    // Arrange: 一般 reminds 10 days before the deadline and warns 7 days before.
    let app = office().await;
    let id = item(&app, "完成迎评材料", due(), "normal").await;

    // Act and assert, day by day.
    assert_eq!(run_on(&app, day(-11)).await, []);
    assert_eq!(run_on(&app, day(-10)).await, [(id, Remind, 0)]);
    assert_eq!(run_on(&app, day(-8)).await, []);
    assert_eq!(run_on(&app, day(-7)).await, [(id, Warn, 0)]);
    assert_eq!(run_on(&app, day(0)).await, []);

    let mails = outbox(&app).await;
    assert_eq!(
        mails,
        [
            (
                "reminder".into(),
                "jiaowu@example.edu.cn".into(),
                "【到期提醒】完成迎评材料".into()
            ),
            (
                "reminder".into(),
                "jiaowu@example.edu.cn".into(),
                "【到期预警】完成迎评材料".into()
            ),
        ]
    );
    let events = system_events(&app, id).await;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].0, "reminded");
    assert!(events[0].1.contains("还有 10 天"), "{events:?}");
    assert_eq!(events[1].0, "warned");
}

#[tokio::test]
async fn urges_come_the_day_after_the_deadline_and_every_n_days_each_once() {
    // Arrange: 一般 urges every 7 days.
    let app = office().await;
    let id = item(&app, "完成迎评材料", due(), "normal").await;
    run_on(&app, day(0)).await;

    // Act and assert.
    assert_eq!(run_on(&app, day(1)).await, [(id, Urge, 0)]);
    for between in 2..=7 {
        assert_eq!(run_on(&app, day(between)).await, [], "day {between}");
    }
    assert_eq!(run_on(&app, day(8)).await, [(id, Urge, 1)]);

    let urges: Vec<_> = outbox(&app)
        .await
        .into_iter()
        .filter(|m| m.0 == "urge")
        .collect();
    assert_eq!(urges.len(), 2);
    assert_eq!(urges[0].1, "jiaowu@example.edu.cn");
    assert_eq!(urges[0].2, "【催办】完成迎评材料");
    let events = system_events(&app, id).await;
    let urged: Vec<&str> = events
        .iter()
        .filter(|e| e.0 == "urged")
        .map(|e| e.1.as_str())
        .collect();
    assert_eq!(
        urged,
        ["系统自动催办（逾期第1天）", "系统自动催办（逾期第8天）"]
    );
}

#[tokio::test]
async fn the_responsible_leader_is_told_after_the_levels_days_overdue_and_the_page_says_so() {
    // Arrange: 一般 tells the leader 14 days overdue.
    let app = office().await;
    let id = item(&app, "完成迎评材料", due(), "normal").await;
    run_on(&app, day(1)).await;

    // Act and assert.
    assert!(!run_on(&app, day(13)).await.contains(&(id, Escalate, 0)));
    assert_eq!(run_on(&app, day(14)).await, [(id, Escalate, 0)]);
    assert_eq!(run_on(&app, day(15)).await, [(id, Urge, 2)]);

    let to_leader: Vec<_> = outbox(&app)
        .await
        .into_iter()
        .filter(|m| m.0 == "escalation")
        .collect();
    assert_eq!(
        to_leader,
        [(
            "escalation".into(),
            "lingdao@example.edu.cn".into(),
            "【逾期报告】完成迎评材料".into()
        )]
    );
    let events = system_events(&app, id).await;
    let escalated = events.iter().find(|e| e.0 == "escalated").unwrap();
    assert_eq!(escalated.1, "逾期 14 天，已报告责任领导陈副院长");
    let clerk = app.browser("office").await;
    let page = clerk.get_html(&format!("/items/{id}")).await;
    assert_eq!(text_of(&page, ".pagehead .badge.escalated"), ["已报告领导"]);
    assert!(
        text_of(&page, ".timeline li")
            .iter()
            .any(|li| li.contains("系统") && li.contains("逾期报告领导")),
        "{page}"
    );
}

#[tokio::test]
async fn an_item_without_a_reachable_leader_records_the_escalation_and_says_why() {
    let app = office().await;
    let id = item(&app, "完成迎评材料", due(), "normal").await;
    sql(&app, "UPDATE items SET leader_id = NULL").await;

    assert!(run_on(&app, day(14)).await.contains(&(id, Escalate, 0)));

    let events = system_events(&app, id).await;
    let escalated = events.iter().find(|e| e.0 == "escalated").unwrap();
    assert_eq!(escalated.1, "逾期 14 天，事项未设责任领导，未能报告");
    assert!(outbox(&app).await.iter().all(|m| m.0 != "escalation"));
}

#[tokio::test]
async fn each_level_follows_its_own_numbers() {
    // Arrange: 重点 reminds 15 days before, urges every 3 days and tells the leader after
    // 7; 一般 reminds 10 days before and tells the leader after 14.
    let app = office().await;
    let key = item(&app, "重点事项", due(), "key").await;
    let normal = item(&app, "一般事项", due(), "normal").await;

    // Act and assert.
    assert_eq!(run_on(&app, day(-15)).await, [(key, Remind, 0)]);
    assert_eq!(
        run_on(&app, day(-10)).await,
        [(key, Warn, 0), (normal, Remind, 0)]
    );
    run_on(&app, day(1)).await;
    assert_eq!(run_on(&app, day(4)).await, [(key, Urge, 1)]);
    assert_eq!(
        run_on(&app, day(7)).await,
        [(key, Urge, 2), (key, Escalate, 0)]
    );
    assert_eq!(run_on(&app, day(8)).await, [(normal, Urge, 1)]);
}

#[tokio::test]
async fn a_reminder_due_with_the_warning_is_recorded_and_sent_in_the_warnings_one_mail() {
    // An item published three days before its deadline owes both at once.
    let app = office().await;
    let id = item(&app, "完成迎评材料", day(3), "normal").await;

    assert_eq!(run_on(&app, due()).await, [(id, Remind, 0), (id, Warn, 0)]);

    let mails = outbox(&app).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].2, "【到期预警】完成迎评材料");
    let events = system_events(&app, id).await;
    assert_eq!(events.len(), 2);
    assert!(events[0].1.contains("并入预警邮件"), "{events:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_running_at_once_take_each_step_once() {
    // Arrange: items at every stage of the ladder.
    let app = office().await;
    for (n, offset) in [-10, -7, -3, 1, 8, 14, 20].into_iter().enumerate() {
        item(&app, &format!("事项{n}"), day(-offset), "normal").await;
    }
    let pool = app.db.pool.clone();

    // Act: two instances race, on several days, several times each.
    for date in [day(0), day(1), day(2), day(8)] {
        for _ in 0..3 {
            let now = at(date, 10, 0);
            let (a, b) = (pool.clone(), pool.clone());
            let one = tokio::spawn(async move { ladder::run(&a, now, &LETTERS).await });
            let two = tokio::spawn(async move { ladder::run(&b, now, &LETTERS).await });
            let (one, two) = (
                taken(one.await.unwrap().unwrap()),
                taken(two.await.unwrap().unwrap()),
            );
            for step in &one {
                assert!(!two.contains(step), "{step:?} taken by both");
            }
        }
    }

    // Assert: every step once: one row, one history entry and one message per step.
    let (steps, events, mails): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM ladder_steps), \
             (SELECT count(*) FROM item_events WHERE actor_id IS NULL \
                AND action IN ('reminded', 'warned', 'urged', 'escalated')), \
             (SELECT count(*) FROM email_outbox)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(steps > 10, "{steps} steps");
    assert_eq!(events, steps);
    let folded: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM item_events WHERE action = 'reminded' AND note LIKE '%并入预警邮件%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // Each step mails 教务处's one head, or the leader; a folded reminder mails nobody.
    assert_eq!(mails, steps - folded);
}

#[tokio::test]
async fn nothing_is_taken_inside_the_quiet_hours_and_the_step_comes_when_they_end() {
    // Arrange: the default quiet hours, 20:00 to 08:00.
    let app = office().await;
    let id = item(&app, "完成迎评材料", due(), "normal").await;
    sql(
        &app,
        "INSERT INTO ladder_steps (item_id, step, due_date) \
         SELECT id, s, due_date FROM items, unnest(ARRAY['remind', 'warn']) s",
    )
    .await;
    let run = |now| ladder::run(&app.db.pool, now, &LETTERS);

    // Act and assert: the night after the deadline, and the morning.
    assert_eq!(run(at(day(1), 0, 0)).await.unwrap(), Pass::Quiet);
    assert_eq!(run(at(day(1), 7, 59)).await.unwrap(), Pass::Quiet);
    assert!(outbox(&app).await.is_empty());
    assert_eq!(taken(run(at(day(1), 8, 0)).await.unwrap()), [(id, Urge, 0)]);
    assert_eq!(run(at(day(8), 20, 0)).await.unwrap(), Pass::Quiet);

    // Quiet hours within one day work too.
    sql(
        &app,
        "UPDATE supervision_settings SET quiet_from = '12:00', quiet_until = '14:00'",
    )
    .await;
    assert_eq!(run(at(day(8), 13, 0)).await.unwrap(), Pass::Quiet);
    assert_eq!(
        taken(run(at(day(8), 22, 0)).await.unwrap()),
        [(id, Urge, 1)]
    );
}

#[tokio::test]
async fn with_the_ladder_off_nothing_is_taken() {
    let app = office().await;
    item(&app, "完成迎评材料", due(), "normal").await;
    sql(&app, "UPDATE supervision_settings SET ladder_on = false").await;

    let pass = ladder::run(&app.db.pool, at(day(20), 10, 0), &LETTERS)
        .await
        .unwrap();

    assert_eq!(pass, Pass::Off);
    assert!(outbox(&app).await.is_empty());
}

#[tokio::test]
async fn items_no_longer_open_get_nothing() {
    let app = office().await;
    let unit = app.unit_id("教务处").await;
    let document = minutes(&app).await;
    for status in ["reported_done", "closed", "draft", "dismissed"] {
        app.insert_task(document, status, status, Some(due()), unit, "lead")
            .await;
    }
    let blocked = item(&app, "受阻事项", due(), "normal").await;
    sql(
        &app,
        &format!("UPDATE items SET status = 'blocked' WHERE id = {blocked}"),
    )
    .await;

    assert_eq!(
        run_on(&app, day(20)).await,
        [(blocked, Urge, 2), (blocked, Escalate, 0)]
    );
}

#[tokio::test]
async fn a_new_deadline_starts_a_new_ladder() {
    // Arrange: overdue and reported to the leader; then the deadline moves (延期).
    let app = office().await;
    let id = item(&app, "完成迎评材料", due(), "normal").await;
    run_on(&app, day(14)).await;
    let new_due = day(40);
    sqlx::query("UPDATE items SET due_date = $2 WHERE id = $1")
        .bind(id)
        .bind(new_due)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let clerk = app.browser("office").await;
    let page = clerk.get_html(&format!("/items/{id}")).await;
    assert!(
        text_of(&page, ".badge.escalated").is_empty(),
        "a new deadline, not yet late"
    );

    // Act and assert: nothing until the new reminder, then the whole ladder again.
    assert_eq!(run_on(&app, day(29)).await, []);
    assert_eq!(run_on(&app, day(30)).await, [(id, Remind, 0)]);
    assert_eq!(run_on(&app, day(41)).await, [(id, Urge, 0)]);
}

/// The texts of the elements `selector` picks.
fn text_of(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// 督办设置

/// The settings form's fields as the page shows them, with `changes` applied.
async fn settings_form(b: &Browser, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let page = b.get_html("/admin/settings").await;
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("form[action='/admin/settings/supervision'] input").unwrap();
    let mut fields: Vec<(String, String)> = doc
        .select(&sel)
        .filter(|e| e.value().attr("name") != Some("csrf_token"))
        .filter(|e| {
            e.value().attr("type") != Some("checkbox") || e.value().attr("checked").is_some()
        })
        .map(|e| {
            let attr = |a| e.value().attr(a).unwrap_or_default().to_owned();
            (attr("name"), attr("value"))
        })
        .collect();
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        if !value.is_empty() {
            fields.push(((*name).to_owned(), (*value).to_owned()));
        }
    }
    fields
}

async fn post_settings(b: &Browser, fields: &[(String, String)]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    b.post("/admin/settings/supervision", &fields).await
}

#[tokio::test]
async fn the_office_sets_the_ladder_and_the_next_run_follows_it() {
    // Arrange
    let app = office().await;
    let clerk = app.browser("office").await;
    let id = item(&app, "完成迎评材料", due(), "urgent").await;
    let fields = settings_form(
        &clerk,
        &[
            ("urgent_remind", "20"),
            ("urgent_warn", "12"),
            ("urgent_urge", "2"),
            ("urgent_escalate", "5"),
            ("quiet_from", "22:30"),
            ("quiet_until", "07:00"),
            ("report_warn_days", "5"),
            ("behind_margin", "15"),
            ("parts_by_lead", "on"),
        ],
    )
    .await;

    // Act
    let r = post_settings(&clerk, &fields).await;

    // Assert
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    let page = clerk.get_html(&to).await;
    assert_eq!(
        text_of(&page, ".admin-notice"),
        ["督办等级与预警设置已保存。"]
    );
    let saved: (i32, i32, i32, i32, bool, Option<String>) = sqlx::query_as(
        "SELECT l.remind_days, s.report_warn_days, s.behind_margin, l.escalate_after_days, \
             s.parts_by_lead, u.login FROM ladder_levels l, supervision_settings s \
         LEFT JOIN users u ON u.id = s.updated_by WHERE l.level = 'urgent'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(saved, (20, 5, 15, 5, true, Some("office".into())));
    assert_eq!(run_on(&app, day(-20)).await, [(id, Remind, 0)]);
    // 22:30 to 07:00 is quiet now.
    let early = ladder::run(&app.db.pool, at(day(1), 6, 59), &LETTERS);
    assert_eq!(early.await.unwrap(), Pass::Quiet);
    let seven = ladder::run(&app.db.pool, at(day(1), 7, 0), &LETTERS);
    assert_eq!(taken(seven.await.unwrap()), [(id, Urge, 0)]);
}

#[tokio::test]
async fn a_ladder_that_warns_before_it_reminds_is_refused_in_chinese_with_the_input_kept() {
    let app = office().await;
    let clerk = app.browser("office").await;
    let fields = settings_form(&clerk, &[("key_remind", "5"), ("key_warn", "9")]).await;

    let r = post_settings(&clerk, &fields).await;

    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert_eq!(
        text_of(&page, "#supervision [role=alert]"),
        ["督办等级「重点」：黄色预警天数（9）不能多于蓝色提醒天数（5）：先提醒，后预警"]
    );
    assert!(page.contains(r#"name="key_warn" value="9""#), "{page}");
    let stored: i32 = sqlx::query_scalar("SELECT warn_days FROM ladder_levels WHERE level = 'key'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 10, "nothing saved");
}

#[tokio::test]
async fn numbers_out_of_range_and_bad_times_are_refused_in_chinese() {
    let app = office().await;
    let clerk = app.browser("office").await;
    let cases = [
        (
            ("normal_urge", "0"),
            "督办等级「一般」：自动催办间隔天数须为 1–90 之间的整数",
        ),
        (
            ("urgent_escalate", "abc"),
            "督办等级「紧急」：报告责任领导的逾期天数须为 1–365 之间的整数",
        ),
        (
            ("behind_margin", "101"),
            "进度滞后阈值须为 1–100 之间的整数",
        ),
        (("report_warn_days", ""), "报送提醒天数须为 0–60 之间的整数"),
        (("quiet_from", "25:00"), "免打扰开始时间须为时:分，如 20:00"),
    ];
    for ((name, value), message) in cases {
        let fields = settings_form(&clerk, &[(name, value)]).await;
        let r = post_settings(&clerk, &fields).await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}={value}"
        );
        let page = r.text().await.unwrap();
        assert_eq!(
            text_of(&page, "#supervision [role=alert]"),
            [message],
            "{name}={value}"
        );
    }
}

#[tokio::test]
async fn a_settings_form_opened_before_anothers_save_is_refused() {
    // Arrange: two clerks open the form.
    let app = office().await;
    app.add_user("office2", Role::Secretariat, None).await;
    let (one, two) = (app.browser("office").await, app.browser("office2").await);
    let first = settings_form(&one, &[("normal_remind", "12")]).await;
    let second = settings_form(&two, &[("normal_remind", "30")]).await;

    // Act
    let saved = post_settings(&one, &first).await;
    let stale = post_settings(&two, &second).await;

    // Assert
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let page = stale.text().await.unwrap();
    assert!(
        text_of(&page, "#supervision [role=alert]")[0].contains("已被他人修改"),
        "{page}"
    );
    assert!(
        page.contains(r#"name="normal_remind" value="12""#),
        "shows the settings now"
    );
    let stored: i32 =
        sqlx::query_scalar("SELECT remind_days FROM ladder_levels WHERE level = 'normal'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, 12);
}

#[tokio::test]
async fn a_unit_head_can_neither_open_nor_save_the_ladder_settings() {
    let app = office().await;
    let clerk = app.browser("office").await;
    let fields = settings_form(&clerk, &[("ladder_on", "")]).await;
    let head = app.browser("jiaowu").await;

    let page = head.get("/admin/settings").await;
    let post = post_settings(&head, &fields).await;

    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert_eq!(post.status(), StatusCode::NOT_FOUND);
    let on: bool = sqlx::query_scalar("SELECT ladder_on FROM supervision_settings")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(on, "the ladder is still on");
}
