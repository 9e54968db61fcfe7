//! The busiest pages are kept per data version and day (`duban::cache`): a change shows on
//! each of them as soon as it is committed, whoever committed it (the dashboard: see
//! tests/dashboard.rs).

mod common;

use chrono::Duration;
use common::spawn_app;
use duban::domain::{today_in_china, Role};
use scraper::Html;

/// The page's text as a reader sees it (search results mark matches inside words).
fn text_of(html: &str) -> String {
    Html::parse_document(html).root_element().text().collect()
}

#[tokio::test]
async fn a_committed_change_shows_at_once_on_every_cached_page() {
    // Arrange: one published task of 教务处, due in ten days; every page shown once, so
    // that each holds it in its cache.
    let app = spawn_app().await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("bangong", Role::Secretariat, None).await;
    let unit = app.unit_id("教务处").await;
    let document = app.insert_minutes().await;
    let today = today_in_china();
    let due = Some(today + Duration::days(10));
    let item = app
        .insert_task(document, "修订人才培养方案", "assigned", due, unit, "lead")
        .await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    duban::store::search::reindex_item(&mut conn, duban::domain::ItemId(item))
        .await
        .unwrap();
    drop(conn);
    let head = app.browser("jiaowu").await;
    let office = app.browser("bangong").await;
    let search = "/search?q=%E4%BA%BA%E6%89%8D%E5%9F%B9%E5%85%BB"; // 人才培养
    let pages = [
        (&head, "/my"),
        (&head, "/ledger"),
        (&head, search),
        (&office, "/ledger?light=green"),
    ];
    for (browser, path) in pages {
        let text = text_of(&browser.get_html(path).await);
        assert!(text.contains("修订人才培养方案"), "{path} lists the task");
    }

    // Act: another connection (as another instance would) renames the task and makes it
    // overdue.
    sqlx::query("UPDATE items SET title = '修订并印发人才培养方案', due_date = $2 WHERE id = $1")
        .bind(item)
        .bind(today - Duration::days(1))
        .execute(&app.db.pool)
        .await
        .unwrap();

    // Assert
    for (browser, path) in pages.into_iter().filter(|(_, p)| !p.contains("green")) {
        let text = text_of(&browser.get_html(path).await);
        assert!(
            text.contains("修订并印发人才培养方案"),
            "{path} shows the new title"
        );
    }
    let my = head.get_html("/my").await;
    assert!(
        my.contains("红灯 · 逾期或缺报（1项）"),
        "/my moved it to red"
    );
    let green = office.get_html("/ledger?light=green").await;
    assert!(
        !green.contains("人才培养方案"),
        "the green list no longer has it"
    );
}

#[tokio::test]
async fn viewers_of_different_scopes_never_share_a_cached_page() {
    // Arrange: a task of 教务处 only; its head has seen their 我的督办 first.
    let app = spawn_app().await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    let unit = app.unit_id("教务处").await;
    let document = app.insert_minutes().await;
    app.insert_task(document, "修订人才培养方案", "assigned", None, unit, "lead")
        .await;
    let jiaowu = app.browser("jiaowu").await;
    let houqin = app.browser("houqin").await;
    for path in ["/my", "/ledger"] {
        assert!(jiaowu.get_html(path).await.contains("修订人才培养方案"));
    }

    // Act & assert: the other unit's head, same data version and day, sees none of it.
    for path in ["/my", "/ledger"] {
        let html = houqin.get_html(path).await;
        assert!(
            !html.contains("修订人才培养方案"),
            "{path} leaks another unit's task"
        );
    }
}
