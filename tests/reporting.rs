//! Periodic reporting duties (报送周期): the due dates of each cycle at their boundaries, the
//! light a report due or missed (缺报) gives, the ledger's filter and the dashboard's count
//! of 缺报, the digests' 缺报 headings, the item page's periods, and the edit of a duty's day
//! and of 督办等级.

mod common;

use chrono::{Duration, NaiveDate};
use common::{spawn_app, TestApp, TestDb};
use duban::dashboard::Figures;
use duban::digest::compose::{digest_mail, Reader};
use duban::digest::content::Digest;
use duban::digest::run::digest_for;
use duban::digest::schedule::{Cadence, Period};
use duban::domain::filter::ItemFilter;
use duban::domain::{today_in_china, Actor, LightCause, Role, UnitId};
use duban::store::{digest as digest_store, ledger, units};
use reqwest::StatusCode;
use scraper::{Html, Selector};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

// ---------------------------------------------------------------------------------------
// The calendar: report_due_from (first due date on or after a day), report_due_before
// (last due date strictly before it), report_dues (the due dates in (after, until]).

async fn due_from(db: &TestDb, cycle: &str, day: Option<i32>, on: &str) -> NaiveDate {
    sql_date(db, "report_due_from", cycle, day, on).await
}

async fn due_before(db: &TestDb, cycle: &str, day: Option<i32>, on: &str) -> NaiveDate {
    sql_date(db, "report_due_before", cycle, day, on).await
}

async fn sql_date(db: &TestDb, f: &str, cycle: &str, day: Option<i32>, on: &str) -> NaiveDate {
    sqlx::query_scalar(&format!("SELECT {f}($1, $2, $3::date)"))
        .bind(cycle)
        .bind(day)
        .bind(on)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn dues(
    db: &TestDb,
    cycle: &str,
    day: Option<i32>,
    after: &str,
    until: &str,
) -> Vec<NaiveDate> {
    sqlx::query_scalar("SELECT report_dues($1, $2, $3::date, $4::date)")
        .bind(cycle)
        .bind(day)
        .bind(after)
        .bind(until)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

fn dates(list: &[&str]) -> Vec<NaiveDate> {
    list.iter().map(|s| d(s)).collect()
}

#[tokio::test]
async fn a_monthly_duty_on_the_28th_is_due_on_the_28th_whose_day_still_belongs_to_it() {
    let db = TestDb::new().await;
    let m28 = ("monthly", Some(28));

    assert_eq!(
        due_from(&db, m28.0, m28.1, "2026-01-27").await,
        d("2026-01-28")
    );
    assert_eq!(
        due_from(&db, m28.0, m28.1, "2026-01-28").await,
        d("2026-01-28")
    );
    assert_eq!(
        due_from(&db, m28.0, m28.1, "2026-01-29").await,
        d("2026-02-28")
    );
    assert_eq!(
        due_before(&db, m28.0, m28.1, "2026-01-28").await,
        d("2025-12-28")
    );
    assert_eq!(
        due_before(&db, m28.0, m28.1, "2026-01-29").await,
        d("2026-01-28")
    );
    assert_eq!(
        dues(&db, m28.0, m28.1, "2026-01-10", "2026-04-30").await,
        dates(&["2026-01-28", "2026-02-28", "2026-03-28", "2026-04-28"])
    );
}

#[tokio::test]
async fn a_day_past_a_months_end_falls_on_its_last_day_and_none_means_the_last_day() {
    let db = TestDb::new().await;

    assert_eq!(
        due_from(&db, "monthly", Some(31), "2026-02-10").await,
        d("2026-02-28")
    );
    assert_eq!(
        due_from(&db, "monthly", Some(31), "2028-02-10").await,
        d("2028-02-29")
    );
    assert_eq!(
        due_from(&db, "monthly", Some(30), "2026-02-01").await,
        d("2026-02-28")
    );
    assert_eq!(
        due_from(&db, "monthly", None, "2026-04-01").await,
        d("2026-04-30")
    );
    assert_eq!(
        dues(&db, "monthly", Some(31), "2026-01-15", "2026-04-30").await,
        dates(&["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"])
    );
    assert_eq!(
        due_before(&db, "monthly", Some(31), "2026-03-01").await,
        d("2026-02-28")
    );
}

#[tokio::test]
async fn due_dates_run_on_across_the_year_end() {
    let db = TestDb::new().await;

    // 12月28日 → 1月28日.
    assert_eq!(
        due_from(&db, "monthly", Some(28), "2026-12-29").await,
        d("2027-01-28")
    );
    assert_eq!(
        due_before(&db, "monthly", Some(28), "2027-01-01").await,
        d("2026-12-28")
    );
    // The fourth quarter is due on 31 December; the next on 31 March.
    assert_eq!(
        due_from(&db, "quarterly", None, "2026-11-01").await,
        d("2026-12-31")
    );
    assert_eq!(
        due_from(&db, "quarterly", None, "2027-01-01").await,
        d("2027-03-31")
    );
    assert_eq!(
        due_before(&db, "quarterly", None, "2027-01-01").await,
        d("2026-12-31")
    );
    // A quarterly day is a day of the quarter's last month.
    assert_eq!(
        due_from(&db, "quarterly", Some(25), "2026-12-26").await,
        d("2027-03-25")
    );
    assert_eq!(
        dues(&db, "half_yearly", None, "2026-01-01", "2027-12-31").await,
        dates(&["2026-06-30", "2026-12-31", "2027-06-30", "2027-12-31"])
    );
    assert_eq!(
        due_before(&db, "half_yearly", None, "2027-01-01").await,
        d("2026-12-31")
    );
    assert_eq!(
        due_from(&db, "yearly", None, "2026-03-01").await,
        d("2026-12-31")
    );
}

#[tokio::test]
async fn a_weekly_duty_is_due_on_its_weekday_and_without_one_on_sunday() {
    let db = TestDb::new().await;

    // 2026-01-05 is a Monday, 2026-01-09 a Friday.
    assert_eq!(
        due_from(&db, "weekly", Some(5), "2026-01-05").await,
        d("2026-01-09")
    );
    assert_eq!(
        due_from(&db, "weekly", Some(5), "2026-01-09").await,
        d("2026-01-09")
    );
    assert_eq!(
        due_from(&db, "weekly", Some(5), "2026-01-10").await,
        d("2026-01-16")
    );
    assert_eq!(
        due_from(&db, "weekly", None, "2026-01-05").await,
        d("2026-01-11")
    );
    // The week of Monday 28 December 2026 ends in 2027.
    assert_eq!(
        due_from(&db, "weekly", Some(5), "2026-12-29").await,
        d("2027-01-01")
    );
    assert_eq!(
        due_before(&db, "weekly", Some(5), "2027-01-01").await,
        d("2026-12-25")
    );
}

const NOTICE: &str = "关于做好2026年招生工作的通知\n\n各学院、各部门：\n\n\
为做好招生工作，现将有关事项通知如下。\n\
一、教务处牵头制定招生工作方案，每月28日前报送工作进展。\n\
二、各学院每周五报送宣传情况。\n\
三、后勤管理处每季度末报送保障情况。\n\n党委办公室\n2026年3月2日\n";

#[tokio::test]
async fn an_imported_document_keeps_the_day_each_report_is_due() {
    let db = TestDb::new().await;

    let document =
        duban::import::import_document(&db.pool, "通知.txt", NOTICE.as_bytes(), None, None)
            .await
            .unwrap()
            .document_id();

    let duties: Vec<(String, Option<i16>)> = sqlx::query_as(
        "SELECT recurrence::text, report_day FROM items WHERE document_id = $1 \
         ORDER BY span_start",
    )
    .bind(document)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        duties,
        [
            ("monthly".into(), Some(28)),
            ("weekly".into(), Some(5)),
            ("quarterly".into(), None),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// The light on a chosen day, read through the ledger (the one SQL definition of it).

/// A database with 教务处's head, who writes the reports.
struct Desk {
    db: TestDb,
    unit: UnitId,
    head: i64,
}

async fn desk() -> Desk {
    let db = TestDb::new().await;
    let (unit, _) = units::find_or_insert_unit(&db.pool, "教务处")
        .await
        .unwrap();
    let head = sqlx::query_scalar(
        "INSERT INTO users (login, password_hash, display_name, role, unit_id) \
         VALUES ('jiaowu', 'x', '王主任', 'unit_head', $1) RETURNING id",
    )
    .bind(unit)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    Desk { db, unit, head }
}

/// A duty as an item carries it.
struct Duty<'a> {
    cycle: &'a str,
    day: Option<i16>,
    /// 交办, at 10:00 China time on this day.
    assigned: &'a str,
    deadline: Option<&'a str>,
}

impl Desk {
    /// An item in progress, led by 教务处, with `duty`.
    async fn item(&self, duty: &Duty<'_>) -> i64 {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO items (kind, title, body, status, recurrence, report_day, due_date, \
                 assigned_at) \
             VALUES ('task', '按月报送进展', '每月报送', 'in_progress', $1::recurrence, $2, \
                 $3::date, ($4::date + time '10:00') AT TIME ZONE 'Asia/Shanghai') \
             RETURNING id",
        )
        .bind(duty.cycle)
        .bind(duty.day)
        .bind(duty.deadline)
        .bind(duty.assigned)
        .fetch_one(&self.db.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO item_units (item_id, unit_id, role) VALUES ($1, $2, 'lead')")
            .bind(id)
            .bind(self.unit)
            .execute(&self.db.pool)
            .await
            .unwrap();
        id
    }

    /// A progress report of the lead unit at noon (China) on `on`, as a unit head's report
    /// records it (time cannot be mocked in SQL, so the row is written backdated).
    async fn report(&self, item: i64, on: NaiveDate) {
        sqlx::query(
            "WITH r AS (INSERT INTO progress_reports (item_id, unit_id, author_id, note, \
                 created_at) VALUES ($1, $2, $3, '本期进展', \
                 ($4::date + time '12:00') AT TIME ZONE 'Asia/Shanghai') RETURNING created_at) \
             UPDATE items SET last_report_at = greatest(last_report_at, r.created_at), \
                 last_progress_at = greatest(last_progress_at, r.created_at) \
             FROM r WHERE id = $1",
        )
        .bind(item)
        .bind(self.unit)
        .bind(self.head)
        .bind(on)
        .execute(&self.db.pool)
        .await
        .unwrap();
    }

    /// Why `item` is lit on `today`, as the ledger lists it.
    async fn cause(&self, item: i64, today: &str) -> Option<LightCause> {
        let rows = ledger::list_all(
            &self.db.pool,
            &Actor::office(),
            &ItemFilter::default(),
            d(today),
            1000,
        )
        .await
        .unwrap();
        rows.into_iter()
            .find(|r| r.id == item)
            .expect("the item is listed")
            .cause
    }

    /// The items the ledger's 缺报 filter finds on `today`.
    async fn missed(&self, viewer: &Actor, today: &str) -> Vec<i64> {
        let filter = ItemFilter {
            missed: true,
            ..ItemFilter::default()
        };
        let rows = ledger::list_all(&self.db.pool, viewer, &filter, d(today), 1000)
            .await
            .unwrap();
        rows.into_iter().map(|r| r.id).collect()
    }
}

const MONTHLY_28: Duty<'static> = Duty {
    cycle: "monthly",
    day: Some(28),
    assigned: "2026-01-10",
    deadline: Some("2026-12-31"),
};

#[tokio::test]
async fn a_report_comes_due_within_the_notice_and_is_missed_the_day_after_its_due_date() {
    let desk = desk().await;
    let item = desk.item(&MONTHLY_28).await;

    // The office's notice is 3 days: 25 January is the first day of yellow.
    assert_eq!(
        desk.cause(item, "2026-01-24").await,
        Some(LightCause::OnTrack)
    );
    assert_eq!(
        desk.cause(item, "2026-01-25").await,
        Some(LightCause::ReportDue)
    );
    // The due date itself is still the period's own.
    assert_eq!(
        desk.cause(item, "2026-01-28").await,
        Some(LightCause::ReportDue)
    );
    assert_eq!(
        desk.cause(item, "2026-01-29").await,
        Some(LightCause::ReportMissed)
    );
    assert_eq!(
        LightCause::ReportMissed.describe(),
        "红灯（缺报）",
        "lists and 我的督办 say why it is red"
    );
}

#[tokio::test]
async fn a_report_before_or_on_the_28th_fills_january_and_one_after_it_clears_the_red() {
    let desk = desk().await;
    let before = desk.item(&MONTHLY_28).await;
    let on = desk.item(&MONTHLY_28).await;
    let after = desk.item(&MONTHLY_28).await;
    desk.report(before, d("2026-01-27")).await;
    desk.report(on, d("2026-01-28")).await;
    desk.report(after, d("2026-01-29")).await;

    // On the 28th itself a report already made is no longer due.
    assert_eq!(
        desk.cause(before, "2026-01-28").await,
        Some(LightCause::OnTrack)
    );
    assert_eq!(
        desk.cause(on, "2026-01-28").await,
        Some(LightCause::OnTrack)
    );
    // The day after: January is filled by the reports before and on the day; the one of
    // the 29th comes late, but it comes, and the item is not red.
    for item in [before, on, after] {
        assert_eq!(
            desk.cause(item, "2026-01-29").await,
            Some(LightCause::OnTrack)
        );
    }
    // February's report comes due: January's reports do not fill it; the late one, made
    // in February's window, does.
    assert_eq!(
        desk.cause(before, "2026-02-25").await,
        Some(LightCause::ReportDue)
    );
    assert_eq!(
        desk.cause(on, "2026-02-25").await,
        Some(LightCause::ReportDue)
    );
    assert_eq!(
        desk.cause(after, "2026-02-25").await,
        Some(LightCause::OnTrack)
    );
    assert_eq!(
        desk.cause(before, "2026-03-01").await,
        Some(LightCause::ReportMissed)
    );
    assert_eq!(
        desk.cause(after, "2026-03-01").await,
        Some(LightCause::OnTrack)
    );
    assert_eq!(
        desk.cause(after, "2026-03-29").await,
        Some(LightCause::ReportMissed)
    );
}

#[tokio::test]
async fn a_report_due_on_the_31st_is_missed_after_the_28th_of_february() {
    let desk = desk().await;
    let item = desk
        .item(&Duty {
            day: Some(31),
            assigned: "2026-02-01",
            ..MONTHLY_28
        })
        .await;

    assert_eq!(
        desk.cause(item, "2026-02-28").await,
        Some(LightCause::ReportDue)
    );
    assert_eq!(
        desk.cause(item, "2026-03-01").await,
        Some(LightCause::ReportMissed)
    );
}

#[tokio::test]
async fn a_month_end_duty_and_a_quarterly_one_are_missed_across_the_year_end() {
    let desk = desk().await;
    let month_end = desk
        .item(&Duty {
            day: None,
            assigned: "2026-12-01",
            deadline: None,
            ..MONTHLY_28
        })
        .await;
    let quarterly = desk
        .item(&Duty {
            cycle: "quarterly",
            day: None,
            assigned: "2026-10-10",
            deadline: None,
        })
        .await;
    desk.report(month_end, d("2026-12-31")).await;

    assert_eq!(
        desk.cause(quarterly, "2026-12-31").await,
        Some(LightCause::ReportDue)
    );
    assert_eq!(
        desk.cause(quarterly, "2027-01-01").await,
        Some(LightCause::ReportMissed)
    );
    // 月底 of December is filled on the 31st; January's comes due at its end.
    assert_eq!(
        desk.cause(month_end, "2027-01-01").await,
        Some(LightCause::OnTrack)
    );
    assert_eq!(
        desk.cause(month_end, "2027-01-28").await,
        Some(LightCause::ReportDue)
    );
    assert_eq!(
        desk.cause(month_end, "2027-02-01").await,
        Some(LightCause::ReportMissed)
    );
}

#[tokio::test]
async fn no_report_is_owed_before_the_first_due_date_after_assignment_nor_after_the_deadline() {
    let desk = desk().await;
    // Assigned on a due date: the first report owed is February's.
    let on_a_due_date = desk
        .item(&Duty {
            assigned: "2026-01-28",
            ..MONTHLY_28
        })
        .await;
    // Due 15 March: January and February are owed, March's 28th is not.
    let short = desk
        .item(&Duty {
            deadline: Some("2026-03-15"),
            ..MONTHLY_28
        })
        .await;
    desk.report(short, d("2026-02-10")).await;

    assert_eq!(
        desk.cause(on_a_due_date, "2026-01-29").await,
        Some(LightCause::OnTrack)
    );
    assert_eq!(
        desk.cause(on_a_due_date, "2026-03-01").await,
        Some(LightCause::ReportMissed)
    );
    assert_eq!(
        desk.cause(short, "2026-03-01").await,
        Some(LightCause::OnTrack)
    );
    assert_eq!(
        desk.cause(short, "2026-03-29").await,
        Some(LightCause::Overdue)
    );
    assert_eq!(
        desk.missed(&Actor::office(), "2026-03-29").await,
        [on_a_due_date],
        "March's report of the short item is after its deadline: not owed, not missed"
    );
}

#[tokio::test]
async fn the_missed_filter_finds_an_overdue_item_missing_a_report_but_no_closed_one() {
    let desk = desk().await;
    let overdue = desk
        .item(&Duty {
            deadline: Some("2026-02-15"),
            ..MONTHLY_28
        })
        .await;
    let closed = desk.item(&MONTHLY_28).await;
    let reported = desk.item(&MONTHLY_28).await;
    desk.report(reported, d("2026-01-20")).await;
    sqlx::query("UPDATE items SET status = 'closed', closed_at = '2026-01-20' WHERE id = $1")
        .bind(closed)
        .execute(&desk.db.pool)
        .await
        .unwrap();
    let other_head = Actor::new(
        duban::domain::UserId(desk.head),
        Role::UnitHead,
        Some(UnitId(desk.unit.0 + 1)),
    )
    .unwrap();

    assert_eq!(
        desk.cause(overdue, "2026-02-20").await,
        Some(LightCause::Overdue)
    );
    assert_eq!(
        desk.cause(closed, "2026-02-20").await,
        Some(LightCause::Done)
    );
    assert_eq!(desk.missed(&Actor::office(), "2026-02-20").await, [overdue]);
    assert!(
        desk.missed(&other_head, "2026-02-20").await.is_empty(),
        "another unit's head does not see 教务处's items through the filter"
    );
}

#[tokio::test]
async fn the_dashboard_counts_the_items_missing_a_report() {
    let desk = desk().await;
    let missing = desk.item(&MONTHLY_28).await;
    let reported = desk.item(&MONTHLY_28).await;
    desk.report(reported, d("2026-02-27")).await;

    let figures = Figures::load(&desk.db.pool, &Actor::office(), d("2026-03-01"))
        .await
        .unwrap();

    assert_eq!(figures.missed_total, 1);
    let listed: Vec<i64> = figures.missed.iter().map(|i| i.id).collect();
    assert_eq!(listed, [missing]);
}

// ---------------------------------------------------------------------------------------
// Pages and digests on today's date: duties assigned 70 days ago, which holds at least
// two month ends before today whatever today is.

struct Scene {
    app: TestApp,
    /// Reported in the latest period: 按时报送 then, 缺报 the period before.
    reported: i64,
    /// Never reported on: 缺报.
    missing: i64,
    /// The latest month end before today, and the one before it.
    last_due: NaiveDate,
    due_before_last: NaiveDate,
}

async fn scene() -> Scene {
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    let head = app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    sqlx::query("UPDATE users SET email = login || '@example.edu.cn'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let unit = app.unit_id("教务处").await;
    let today = today_in_china();
    let assigned = today - Duration::days(70);
    let deadline = today + Duration::days(200);
    let mut items = Vec::new();
    for title in ["按月报送招生进展", "按月报送迎评进展"] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO items (kind, title, body, status, recurrence, due_date, assigned_at) \
             VALUES ('task', $1, $1, 'in_progress', 'monthly', $2, \
                 ($3::date + time '10:00') AT TIME ZONE 'Asia/Shanghai') RETURNING id",
        )
        .bind(title)
        .bind(deadline)
        .bind(assigned)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO item_units (item_id, unit_id, role) VALUES ($1, $2, 'lead')")
            .bind(id)
            .bind(unit)
            .execute(&app.db.pool)
            .await
            .unwrap();
        items.push(id);
    }
    let before = |day: NaiveDate| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, NaiveDate>("SELECT report_due_before('monthly', NULL, $1)")
                .bind(day)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let last_due = before(today).await;
    let due_before_last = before(last_due).await;
    sqlx::query(
        "WITH r AS (INSERT INTO progress_reports (item_id, unit_id, author_id, note, percent, \
             created_at) VALUES ($1, $2, $3, '已完成招生计划编制', 40, \
             ($4::date + time '12:00') AT TIME ZONE 'Asia/Shanghai') RETURNING created_at) \
         UPDATE items SET last_report_at = r.created_at, last_progress_at = r.created_at \
         FROM r WHERE id = $1",
    )
    .bind(items[0])
    .bind(unit)
    .bind(head)
    .bind(last_due - Duration::days(1))
    .execute(&app.db.pool)
    .await
    .unwrap();
    Scene {
        app,
        reported: items[0],
        missing: items[1],
        last_due,
        due_before_last,
    }
}

fn text_of(el: scraper::ElementRef<'_>) -> String {
    el.text().collect::<String>().trim().to_owned()
}

#[tokio::test]
async fn the_item_page_shows_each_period_with_the_reports_that_filled_it() {
    let s = scene().await;
    let office = s.app.browser("office").await;

    let html = office.get_html(&format!("/items/{}", s.reported)).await;

    let page = Html::parse_document(&html);
    let row = Selector::parse("#periods tbody tr").unwrap();
    let cell = Selector::parse("td").unwrap();
    let rows: Vec<Vec<String>> = page
        .select(&row)
        .map(|r| r.select(&cell).map(text_of).collect())
        .collect();
    let cn = |d: NaiveDate| duban::format::cn_date(d);
    assert_eq!(rows[0][2], "本期待报", "{rows:?}");
    let last = rows
        .iter()
        .find(|r| r[0] == cn(s.last_due))
        .expect("last period");
    assert_eq!(last[2], "按时报送");
    assert!(
        last[3].contains("教务处") && last[3].contains("完成进度 40%"),
        "{last:?}"
    );
    let earlier = rows
        .iter()
        .find(|r| r[0] == cn(s.due_before_last))
        .expect("the period before");
    assert_eq!(earlier[2], "缺报");
    assert!(
        html.contains("每月底前报送"),
        "the facts say the duty in words"
    );
}

#[tokio::test]
async fn my_items_the_dashboard_and_the_ledger_name_the_missed_report() {
    let s = scene().await;
    let office = s.app.browser("office").await;
    let head = s.app.browser("jiaowu").await;
    let other = s.app.browser("houqin").await;

    let my = head.get_html("/my").await;
    let dashboard = office.get_html("/dashboard").await;
    let ledger = office.get_html("/ledger?missed=1").await;
    let others_ledger = other.get_html("/ledger?missed=1").await;

    assert!(my.contains("红灯（缺报）"), "{my}");
    assert!(
        dashboard.contains(r#"href="/ledger?missed=1""#),
        "{dashboard}"
    );
    assert!(dashboard.contains("缺报（1 项）"), "{dashboard}");
    assert!(ledger.contains("按月报送迎评进展"), "{ledger}");
    assert!(!ledger.contains("按月报送招生进展"), "{ledger}");
    assert!(!others_ledger.contains("按月报送迎评进展"));
}

#[tokio::test]
async fn the_lead_units_digest_and_the_secretariats_list_the_missed_report() {
    let s = scene().await;
    let pool = &s.app.db.pool;
    let period = Period::current(Cadence::Weekly, chrono::Utc::now());
    let mut conn = pool.acquire().await.unwrap();
    let reader = |login: &'static str| async move {
        digest_store::find_recipient_by_login(pool, login)
            .await
            .unwrap()
            .unwrap()
    };
    let head = reader("jiaowu").await;
    let office = reader("office").await;

    let unit = digest_for(&mut conn, &head, &period)
        .await
        .unwrap()
        .unwrap();
    let secretariat = digest_for(&mut conn, &office, &period)
        .await
        .unwrap()
        .unwrap();

    let Digest::Unit(u) = &unit else {
        panic!("a unit digest")
    };
    let ids: Vec<i64> = u.missed.iter().map(|i| i.id.0).collect();
    assert_eq!(ids, [s.missing]);
    let Digest::Secretariat(o) = &secretariat else {
        panic!("the secretariat's digest")
    };
    let ids: Vec<i64> = o.missed.iter().map(|i| i.id.0).collect();
    assert_eq!(ids, [s.missing]);
    let reader = Reader {
        name: "王主任",
        base_url: "http://duban.example",
    };
    let mail = digest_mail(&unit, &period, reader).unwrap();
    for part in [&mail.text, &mail.html] {
        assert!(part.contains("缺报（未按周期报送进展）（1 项）"), "{part}");
        assert!(part.contains(&format!("/items/{}", s.missing)), "{part}");
    }
    let mail = digest_mail(&secretariat, &period, reader).unwrap();
    assert!(mail.text.contains("缺报事项（1 项）"), "{}", mail.text);
}

// ---------------------------------------------------------------------------------------
// Setting the duty's day and 督办等级

async fn version(app: &TestApp, item: i64) -> String {
    sqlx::query_scalar::<_, i32>("SELECT version FROM items WHERE id = $1")
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_office_sets_the_report_day_and_level_and_the_history_says_them_in_words() {
    let s = scene().await;
    let office = s.app.browser("office").await;
    let v = version(&s.app, s.missing).await;
    let lead = s.app.unit_id("教务处").await.to_string();
    let due = (today_in_china() + Duration::days(200)).to_string();

    let r = office
        .post(
            &format!("/items/{}/edit", s.missing),
            &[
                ("version", &v),
                ("kind", "task"),
                ("title", "按月报送迎评进展"),
                ("body", "按月报送迎评进展"),
                ("lead", &lead),
                ("due", &due),
                ("recurrence", "monthly"),
                ("report_day", "28"),
                ("level", "key"),
            ],
        )
        .await;

    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (day, level): (Option<i16>, String) =
        sqlx::query_as("SELECT report_day, level FROM items WHERE id = $1")
            .bind(s.missing)
            .fetch_one(&s.app.db.pool)
            .await
            .unwrap();
    assert_eq!((day, level.as_str()), (Some(28), "key"));
    let changes: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT field, before, after FROM item_events \
         WHERE item_id = $1 AND action = 'edited' ORDER BY id",
    )
    .bind(s.missing)
    .fetch_all(&s.app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        changes,
        [
            ("recurrence".into(), "每月底".into(), "每月28日".into()),
            ("level".into(), "一般".into(), "重点".into()),
        ]
    );
    let page = office.get_html(&format!("/items/{}", s.missing)).await;
    assert!(page.contains("每月28日前报送"), "{page}");
}

#[tokio::test]
async fn a_report_day_out_of_range_or_without_a_cycle_is_refused_in_chinese() {
    let s = scene().await;
    let office = s.app.browser("office").await;
    let cases = [
        ("weekly", "8", "每周的报送日须为 1 到 7（周一至周日）。"),
        ("monthly", "32", "报送日须为 1 到 31 日"),
        ("", "28", "设定报送日前，请先选择报送周期。"),
        ("monthly", "月中", "报送日须为数字"),
    ];
    for (cycle, day, message) in cases {
        let v = version(&s.app, s.missing).await;
        let r = office
            .post(
                &format!("/items/{}/edit", s.missing),
                &[
                    ("version", &v),
                    ("kind", "task"),
                    ("title", "按月报送迎评进展"),
                    ("body", "按月报送迎评进展"),
                    ("recurrence", cycle),
                    ("report_day", day),
                ],
            )
            .await;

        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{cycle} {day}"
        );
        let html = r.text().await.unwrap();
        assert!(html.contains(message), "{cycle} {day}: {html}");
    }
    let day: Option<i16> = sqlx::query_scalar("SELECT report_day FROM items WHERE id = $1")
        .bind(s.missing)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(day, None, "nothing was saved");
}

#[tokio::test]
async fn a_unit_head_cannot_set_a_report_day_or_level() {
    let s = scene().await;
    let head = s.app.browser("jiaowu").await;
    let v = version(&s.app, s.missing).await;

    let r = head
        .post(
            &format!("/items/{}/edit", s.missing),
            &[
                ("version", &v),
                ("kind", "task"),
                ("title", "按月报送迎评进展"),
                ("body", "按月报送迎评进展"),
                ("recurrence", "monthly"),
                ("report_day", "5"),
                ("level", "urgent"),
            ],
        )
        .await;

    assert!(r.status().is_client_error(), "{}", r.status());
    let (day, level): (Option<i16>, String) =
        sqlx::query_as("SELECT report_day, level FROM items WHERE id = $1")
            .bind(s.missing)
            .fetch_one(&s.app.db.pool)
            .await
            .unwrap();
    assert_eq!((day, level.as_str()), (None, "normal"));
}
