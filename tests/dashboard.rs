//! 督办看板: figures at the light boundaries, per unit, per document and per week; every
//! figure equal to the list it links to; a leader's figures limited to their items; figures
//! recomputed as soon as an item changes.

mod common;

use chrono::{Duration, NaiveDate};
use common::{spawn_app, Browser, TestApp};
use duban::domain::{today_in_china, Role};
use reqwest::StatusCode;
use scraper::{ElementRef, Html, Selector};

/// A crafted set of items around today, led by 教务处 or 后勤管理处, with the secretariat,
/// a leader who answers for two of them, and the head of 教务处 logged in.
struct Scene {
    app: TestApp,
    office: Browser,
    leader: Browser,
    jiaowu_head: Browser,
    today: NaiveDate,
}

struct Row {
    title: &'static str,
    status: &'static str,
    due: i64,
    lead: &'static str,
    /// Days ago the unit reported it done (closed items are closed now).
    done_days_ago: Option<i64>,
    /// Days since the last progress report (none: never reported, assigned now).
    news_days_ago: Option<i64>,
    leader: bool,
}

const fn row(title: &'static str, status: &'static str, due: i64, lead: &'static str) -> Row {
    Row {
        title,
        status,
        due,
        lead,
        done_days_ago: None,
        news_days_ago: None,
        leader: false,
    }
}

async fn scene() -> Scene {
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, None).await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    let (_, leader) = app.add_leader("lingdao", "陈副院长").await;
    let document = app.insert_minutes().await;
    let rows = [
        Row {
            leader: true,
            ..row("今天到期", "assigned", 0, "教务处")
        },
        row("七天后到期", "in_progress", 7, "教务处"),
        row("八天后到期", "in_progress", 8, "教务处"),
        row("逾期一天", "assigned", -1, "教务处"),
        Row {
            leader: true,
            ..row("受阻", "blocked", 30, "后勤管理处")
        },
        Row {
            done_days_ago: Some(0),
            ..row("按期办结", "closed", 3, "教务处")
        },
        Row {
            done_days_ago: Some(5),
            ..row("逾期办结", "closed", -10, "教务处")
        },
        Row {
            done_days_ago: Some(0),
            ..row("待核验", "reported_done", -2, "教务处")
        },
        row("草稿", "draft", 0, "教务处"),
        row("不予督办", "dismissed", 0, "教务处"),
        Row {
            news_days_ago: Some(15),
            ..row("半月未报", "in_progress", 20, "后勤管理处")
        },
        Row {
            news_days_ago: Some(13),
            ..row("近日有报", "in_progress", 40, "后勤管理处")
        },
    ];
    let today = today_in_china();
    for r in rows {
        let closed = r.status == "closed";
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO items (document_id, kind, title, body, due_date, status, leader_id, \
                 assigned_at, reported_done_at, closed_at, last_progress_at) \
             VALUES ($1, 'task', $2, $2, $3, $4::item_status, $5, \
                 now() - interval '30 days', now() - make_interval(days => $6), \
                 CASE WHEN $7 THEN now() END, now() - make_interval(days => $8)) \
             RETURNING id",
        )
        .bind(document)
        .bind(r.title)
        .bind(today + Duration::days(r.due))
        .bind(r.status)
        .bind(r.leader.then_some(leader))
        .bind(r.done_days_ago.map(|d| d as i32))
        .bind(closed)
        .bind(r.news_days_ago.map(|d| d as i32).or(Some(1)))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO item_units (item_id, unit_id, role) VALUES ($1, $2, 'lead')")
            .bind(id)
            .bind(app.unit_id(r.lead).await)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let office = app.browser("office").await;
    let leader = app.browser("lingdao").await;
    let jiaowu_head = app.browser("jiaowu").await;
    Scene {
        app,
        office,
        leader,
        jiaowu_head,
        today,
    }
}

async fn dashboard(b: &Browser) -> Html {
    let r = b.get("/dashboard").await;
    assert_eq!(r.status(), StatusCode::OK);
    Html::parse_document(&r.text().await.unwrap())
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>().trim().to_owned()
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&Selector::parse(selector).unwrap())
        .map(text)
        .collect()
}

/// The number of a tile, e.g. the red light's.
fn tile(html: &Html, class: &str) -> i64 {
    let n = texts(html, &format!(".dashboard-lights a.tile.{class} .num"));
    assert_eq!(n.len(), 1, "one {class} tile");
    n[0].parse().unwrap()
}

/// The per-unit table: unit name → its cells as shown.
fn unit_table(html: &Html) -> Vec<(String, Vec<String>)> {
    let row = Selector::parse("table.dashboard-units tbody tr").unwrap();
    let cell = Selector::parse("th, td").unwrap();
    html.select(&row)
        .map(|tr| {
            let cells: Vec<String> = tr.select(&cell).map(text).collect();
            (cells[0].clone(), cells[1..].to_vec())
        })
        .collect()
}

fn unit_row(html: &Html, unit: &str) -> Vec<String> {
    unit_table(html)
        .into_iter()
        .find(|(name, _)| name == unit)
        .unwrap_or_else(|| panic!("no row for {unit}"))
        .1
}

#[tokio::test]
async fn lights_count_due_today_and_in_seven_days_yellow_overdue_red_and_closed_late_done() {
    // Arrange
    let s = scene().await;

    // Act
    let html = dashboard(&s.office).await;

    // Assert
    assert_eq!(
        tile(&html, "total"),
        10,
        "drafts and dismissed items are not counted"
    );
    assert_eq!(tile(&html, "red"), 1, "overdue by one day");
    assert_eq!(
        tile(&html, "yellow"),
        3,
        "due today, due in 7 days, blocked"
    );
    assert_eq!(tile(&html, "green"), 3, "due in 8 days and later");
    assert_eq!(
        tile(&html, "done"),
        3,
        "reported done and closed, even closed late"
    );
    assert_eq!(
        texts(&html, ".dashboard-statuses a"),
        [
            "已交办 2",
            "推进中 4",
            "受阻 1",
            "已完成，待核验 1",
            "已办结 2"
        ]
    );
}

#[tokio::test]
async fn the_unit_table_counts_by_lead_unit_with_the_on_time_rate() {
    // Arrange
    let s = scene().await;

    // Act
    let html = dashboard(&s.office).await;

    // Assert: 合计, 已交办, 推进中, 受阻, 待核验, 已办结, 逾期, 按期办结率, then the time.
    let jiaowu = unit_row(&html, "教务处");
    assert_eq!(jiaowu[..8], ["7", "2", "2", "0", "1", "2", "1", "50%"]);
    assert!(!jiaowu[8].is_empty(), "latest update shown");
    let houqin = unit_row(&html, "后勤管理处");
    assert_eq!(houqin[..8], ["3", "0", "2", "1", "0", "0", "0", "—"]);
    assert_eq!(unit_table(&html)[0].0, "教务处", "most overdue first");
}

#[tokio::test]
async fn progress_per_document_deadlines_ahead_and_stale_items() {
    // Arrange
    let s = scene().await;

    // Act
    let html = dashboard(&s.office).await;

    // Assert
    let documents = texts(&html, ".dashboard-documents li");
    assert_eq!(documents.len(), 1);
    assert!(
        documents[0].ends_with("：10项，办结2，逾期1"),
        "{}",
        documents[0]
    );
    assert!(documents[0].starts_with("2023年第11次党委（扩大）会议（院党委〔2023〕11号）"));
    let watch = texts(&html, ".dashboard-watch h2");
    assert_eq!(
        watch,
        [
            "14 天内到期（3 项）",
            "14 天以上未报进展（1 项）",
            "缺报（0 项）"
        ]
    );
    let watched = texts(&html, ".dashboard-watch td.wrap");
    assert_eq!(
        watched,
        ["今天到期", "七天后到期", "八天后到期", "半月未报"]
    );
}

#[tokio::test]
async fn this_weeks_column_counts_items_closed_on_time_and_late() {
    // Arrange
    let s = scene().await;

    // Act
    let html = dashboard(&s.office).await;

    // Assert
    let columns = Selector::parse("svg.chart.columns g.bar").unwrap();
    let bars: Vec<ElementRef> = html.select(&columns).collect();
    assert_eq!(bars.len(), 12, "twelve weeks");
    let this_week = bars.last().unwrap();
    let total = Selector::parse("text.total").unwrap();
    assert_eq!(text(this_week.select(&total).next().unwrap()), "2");
    let titles: Vec<String> = this_week
        .select(&Selector::parse("title").unwrap())
        .map(text)
        .collect();
    assert_eq!(titles.len(), 2);
    assert!(
        titles
            .iter()
            .all(|t| t.contains("办结 2 项：按期 1，逾期 1")),
        "{titles:?}"
    );
    let monday = s.today
        - Duration::days(i64::from(
            chrono::Datelike::weekday(&s.today).num_days_from_monday(),
        ));
    let label = Selector::parse("text.label").unwrap();
    assert_eq!(
        text(this_week.select(&label).next().unwrap()),
        format!(
            "{}/{}",
            chrono::Datelike::month(&monday),
            chrono::Datelike::day(&monday)
        )
    );
}

/// Every figure on the dashboard that links to the list, with the number it shows: a
/// tile's number, for a chart segment the "N 项" of its label, else the last number of the
/// link's text ("12", "办结2", "14 天内到期（3 项）"). Links without a number are left out.
fn linked_figures(html: &Html) -> Vec<(String, i64)> {
    let links = Selector::parse("a[href^='/ledger']").unwrap();
    let num = Selector::parse(".num").unwrap();
    let last_integer = |s: &str| -> Option<i64> {
        s.split(|c: char| !c.is_ascii_digit())
            .rfind(|t| !t.is_empty())?
            .parse()
            .ok()
    };
    html.select(&links)
        .filter_map(|a| {
            let href = a.value().attr("href")?.to_owned();
            let shown = if let Some(tile) = a.select(&num).next() {
                text(tile).parse().ok()
            } else if let Some(label) = a.value().attr("aria-label") {
                last_integer(label.split(" 项").next()?)
            } else {
                last_integer(&text(a))
            };
            Some((href, shown?))
        })
        .collect()
}

#[tokio::test]
async fn every_figure_links_to_a_list_of_exactly_that_many_items() {
    // Arrange
    let s = scene().await;
    let html = dashboard(&s.office).await;
    let figures = linked_figures(&html);
    assert!(figures.len() > 30, "only {} linked figures", figures.len());

    for (href, shown) in figures {
        // Act
        let r = s.office.get(&href).await;
        assert_eq!(r.status(), StatusCode::OK, "{href}");
        let list = Html::parse_document(&r.text().await.unwrap());

        // Assert
        let total: i64 = texts(&list, ".ledger-counts .total")[0].parse().unwrap();
        assert_eq!(total, shown, "{href}");
    }
}

#[tokio::test]
async fn a_leader_sees_only_the_figures_of_the_items_they_answer_for() {
    // Arrange
    let s = scene().await;

    // Act
    let html = dashboard(&s.leader).await;

    // Assert
    assert_eq!(tile(&html, "total"), 2);
    assert_eq!(tile(&html, "yellow"), 2, "due today and blocked");
    assert_eq!(
        tile(&html, "red") + tile(&html, "green") + tile(&html, "done"),
        0
    );
    let units: Vec<String> = unit_table(&html).into_iter().map(|(n, _)| n).collect();
    assert_eq!(units, ["后勤管理处", "教务处"]);
    assert_eq!(unit_row(&html, "教务处")[0], "1");
    assert!(texts(&html, ".dashboard-documents li")[0].ends_with("：2项，办结0，逾期0"));
}

#[tokio::test]
async fn a_unit_head_sees_the_figures_of_their_units_items() {
    // Arrange
    let s = scene().await;

    // Act
    let html = dashboard(&s.jiaowu_head).await;

    // Assert
    assert_eq!(tile(&html, "total"), 7);
    let units: Vec<String> = unit_table(&html).into_iter().map(|(n, _)| n).collect();
    assert_eq!(units, ["教务处"]);
}

#[tokio::test]
async fn a_change_to_an_item_shows_on_the_next_view() {
    // Arrange
    let s = scene().await;
    assert_eq!(tile(&dashboard(&s.office).await, "red"), 1);

    // Act: the overdue item's deadline is moved, as an extension would.
    sqlx::query("UPDATE items SET due_date = $1 WHERE title = '逾期一天'")
        .bind(s.today + Duration::days(60))
        .execute(&s.app.db.pool)
        .await
        .unwrap();

    // Assert
    let html = dashboard(&s.office).await;
    assert_eq!(tile(&html, "red"), 0);
    assert_eq!(tile(&html, "green"), 4);
}

#[tokio::test]
async fn the_dashboard_needs_a_login() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let r = app.get("/dashboard").await;

    // Assert
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login?next=/dashboard");
}

#[tokio::test]
async fn the_start_page_shows_open_overdue_and_awaiting_items_linked_to_their_lists() {
    // Arrange
    let s = scene().await;

    // Act
    let r = s.office.get("/").await;
    let html = Html::parse_document(&r.text().await.unwrap());

    // Assert
    let tiles = Selector::parse(".tiles a.tile").unwrap();
    let shown: Vec<(String, String)> = html
        .select(&tiles)
        .map(|a| {
            let label = texts_in(a, ".label");
            let number = texts_in(a, ".num");
            (label, number)
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("有督办事项的文件".to_owned(), "1".to_owned()),
            ("在办事项".to_owned(), "7".to_owned()),
            ("逾期事项".to_owned(), "1".to_owned()),
            ("待核验".to_owned(), "1".to_owned()),
        ]
    );
    for (href, n) in linked_figures(&html) {
        let list = Html::parse_document(&s.office.get(&href).await.text().await.unwrap());
        assert_eq!(
            texts(&list, ".ledger-counts .total"),
            [n.to_string()],
            "{href}"
        );
    }
}

fn texts_in(e: ElementRef, selector: &str) -> String {
    e.select(&Selector::parse(selector).unwrap())
        .map(text)
        .collect()
}
