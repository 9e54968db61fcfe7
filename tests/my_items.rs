//! 我的督办 at size: groups by light with their full counts, each cut to its first fifty
//! items, with a link to the whole group in the ledger.

mod common;

use chrono::Duration;
use common::spawn_app;
use duban::domain::{today_in_china, Role};
use scraper::{Html, Selector};

#[tokio::test]
async fn a_large_group_shows_its_first_fifty_items_and_links_to_all_of_them() {
    // Arrange: 55 green items led by 教务处, 2 overdue ones it helps with, and one of
    // another unit.
    let app = spawn_app().await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    let (jiaowu, houqin) = (app.unit_id("教务处").await, app.unit_id("后勤管理处").await);
    let document = app.insert_minutes().await;
    let today = today_in_china();
    let add = |title: String, due_in: i64, unit: duban::domain::UnitId, role: &'static str| {
        let due = Some(today + Duration::days(due_in));
        let app = &app;
        async move {
            app.insert_task(document, &title, "in_progress", due, unit, role)
                .await;
        }
    };
    for n in 0..55 {
        add(format!("常规任务{n:02}"), 30 + n, jiaowu, "lead").await;
    }
    add("逾期任务甲".into(), -3, houqin, "lead").await;
    add("逾期任务乙".into(), -1, houqin, "lead").await;
    add("配合的逾期任务".into(), -3, jiaowu, "co").await;
    let head = app.browser("jiaowu").await;

    // Act
    let html = Html::parse_document(&head.get_html("/my").await);

    // Assert
    let headings: Vec<String> = html
        .select(&Selector::parse("section.group h2").unwrap())
        .map(|h| h.text().collect::<String>().trim().to_owned())
        .collect();
    assert_eq!(
        headings,
        ["红灯 · 逾期或缺报（1项）", "绿灯 · 正常推进（55项）"]
    );
    let green = Selector::parse("section.group.green li.itemcard a.title").unwrap();
    let titles: Vec<String> = html.select(&green).map(|a| a.text().collect()).collect();
    assert_eq!(titles.len(), 50);
    assert_eq!(titles[0], "常规任务00", "soonest deadline first");
    let more = Selector::parse("section.group.green p.more a").unwrap();
    let href = html
        .select(&more)
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(href, format!("/ledger?unit={jiaowu}&light=green"));
    let list = Html::parse_document(&head.get_html(href).await);
    let total: Vec<String> = list
        .select(&Selector::parse(".ledger-counts .total").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(total, ["55"]);
    assert_eq!(
        html.select(&Selector::parse("section.group.red p.more").unwrap())
            .count(),
        0,
        "a short group has no link"
    );
}
