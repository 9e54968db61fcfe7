//! `serve --demo`: the sample documents taken through the real workflow, once.

mod common;

use common::TestDb;
use duban::demo;
use sqlx::PgPool;

const TABLES: &[&str] = &[
    "units",
    "users",
    "leaders",
    "documents",
    "items",
    "item_units",
    "item_events",
    "progress_reports",
    "acknowledgements",
    "extension_requests",
    "email_outbox",
    "ladder_steps",
];

async fn counts(pool: &PgPool) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(pool)
            .await
            .unwrap();
        out.push((*table, n));
    }
    out
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    // Arrange
    let db = TestDb::new().await;
    let first = demo::seed(&db.pool).await.unwrap();
    let before = counts(&db.pool).await;

    // Act
    let second = demo::seed(&db.pool).await.unwrap();

    // Assert
    assert_eq!(counts(&db.pool).await, before);
    assert_eq!(second.data, first.data);
    assert_eq!(first.data.documents, 5);
    assert!(first.data.items >= 50, "{:?}", first.data);
}

#[tokio::test]
async fn the_demo_shows_every_light_and_every_status() {
    // Arrange
    let db = TestDb::new().await;

    // Act
    let seeded = demo::seed(&db.pool).await.unwrap();

    // Assert
    let d = &seeded.data;
    assert!(d.red >= 2 && d.yellow >= 2 && d.green >= 2, "{d:?}");
    assert!(d.green > d.red + d.yellow, "most are on track: {d:?}");
    assert!(d.draft >= 1 && d.dismissed >= 2, "{d:?}");
    assert!(d.reported_done >= 2 && d.closed >= 2, "{d:?}");
    assert!(d.blocked >= 1 && d.pending_extensions == 1, "{d:?}");
    for status in [
        "draft",
        "dismissed",
        "assigned",
        "in_progress",
        "blocked",
        "reported_done",
        "closed",
    ] {
        let n = scalar(
            &db.pool,
            &format!("SELECT count(*) FROM items WHERE status = '{status}'"),
        )
        .await;
        assert!(n >= 1, "no demo item is {status}");
    }
    let approved = scalar(
        &db.pool,
        "SELECT count(*) FROM extension_requests WHERE status = 'approved'",
    )
    .await;
    assert_eq!(approved, 1);
    let late_closed = scalar(
        &db.pool,
        "SELECT count(*) FROM items WHERE status = 'closed' \
         AND (closed_at IS NULL OR closed_at > now())",
    )
    .await;
    assert_eq!(
        late_closed, 0,
        "closed items have a closing time in the past"
    );
}

#[tokio::test]
async fn every_demo_unit_head_leads_several_published_items() {
    // Arrange
    let db = TestDb::new().await;

    // Act
    demo::seed(&db.pool).await.unwrap();

    // Assert
    let heads: Vec<(String, i64)> = sqlx::query_as(
        "SELECT u.login, count(i.id) FROM users u \
         LEFT JOIN item_units iu ON iu.unit_id = u.unit_id AND iu.role = 'lead' \
         LEFT JOIN items i ON i.id = iu.item_id AND i.status NOT IN ('draft', 'dismissed') \
         WHERE u.role = 'unit_head' GROUP BY u.login",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(!heads.is_empty());
    for (login, items) in heads {
        assert!(items >= 3, "{login} leads only {items} items");
    }
}

#[tokio::test]
async fn every_published_item_has_a_lead_unit_and_a_leader() {
    // Arrange
    let db = TestDb::new().await;

    // Act
    demo::seed(&db.pool).await.unwrap();

    // Assert
    let orphans = scalar(
        &db.pool,
        "SELECT count(*) FROM items i WHERE i.status NOT IN ('draft', 'dismissed') \
         AND (i.leader_id IS NULL OR NOT EXISTS \
             (SELECT 1 FROM item_units iu WHERE iu.item_id = i.id AND iu.role = 'lead'))",
    )
    .await;
    assert_eq!(orphans, 0);
    let for_the_demo_leader = scalar(
        &db.pool,
        "SELECT count(*) FROM items i JOIN leaders l ON l.id = i.leader_id \
         WHERE l.user_id IS NOT NULL AND i.status NOT IN ('draft', 'dismissed')",
    )
    .await;
    assert!(for_the_demo_leader >= 5);
}

#[tokio::test]
async fn the_history_records_every_change_of_the_demo() {
    // Arrange
    let db = TestDb::new().await;

    // Act
    demo::seed(&db.pool).await.unwrap();

    // Assert
    let checks = [
        (
            "published items without a 交办 event",
            "SELECT count(*) FROM items i WHERE i.status NOT IN ('draft', 'dismissed') \
             AND NOT EXISTS (SELECT 1 FROM item_events e WHERE e.item_id = i.id \
                 AND e.action = 'status' AND e.after = '已交办')",
        ),
        (
            "items whose status has no event leading to it",
            "SELECT count(*) FROM items i WHERE i.status <> 'draft' AND NOT EXISTS \
             (SELECT 1 FROM item_events e WHERE e.item_id = i.id AND e.action = 'status' \
                 AND e.after = CASE i.status WHEN 'assigned' THEN '已交办' \
                     WHEN 'in_progress' THEN '推进中' WHEN 'blocked' THEN '受阻' \
                     WHEN 'reported_done' THEN '已完成，待核验' WHEN 'closed' THEN '已办结' \
                     WHEN 'dismissed' THEN '不予督办' END)",
        ),
        (
            "progress reports without an event",
            "SELECT (SELECT count(*) FROM progress_reports) \
                 - (SELECT count(*) FROM item_events WHERE action = 'progress')",
        ),
        (
            "acknowledgements without an event",
            "SELECT (SELECT count(*) FROM acknowledgements) \
                 - (SELECT count(*) FROM item_events WHERE action = 'acknowledged')",
        ),
        (
            "extension requests without an event",
            "SELECT (SELECT count(*) FROM extension_requests) \
                 - (SELECT count(*) FROM item_events WHERE action = 'extension_requested')",
        ),
        (
            "deadlines set in review without an event",
            "SELECT count(*) FROM items i WHERE i.status <> 'draft' AND i.due_date IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM item_events e WHERE e.item_id = i.id \
                 AND (e.field = 'due_date' OR e.action = 'split'))",
        ),
    ];
    for (what, sql) in checks {
        assert_eq!(scalar(&db.pool, sql).await, 0, "{what}");
    }
    let acknowledged = scalar(&db.pool, "SELECT count(*) FROM acknowledgements").await;
    let published = scalar(
        &db.pool,
        "SELECT count(*) FROM items WHERE status NOT IN ('draft', 'dismissed')",
    )
    .await;
    assert!(
        acknowledged * 3 > published * 2,
        "most items are signed for"
    );
}

#[tokio::test]
async fn the_demo_shows_register_numbers_and_a_leaders_instruction() {
    let db = TestDb::new().await;

    demo::seed(&db.pool).await.unwrap();

    let unnumbered = scalar(
        &db.pool,
        "SELECT count(*) FROM items WHERE status NOT IN ('draft', 'dismissed') \
         AND register_number IS NULL",
    )
    .await;
    assert_eq!(unnumbered, 0, "every published item has its 立项编号");
    let instructions = scalar(
        &db.pool,
        "SELECT count(*) FROM item_events WHERE action = 'instructed'",
    )
    .await;
    assert!(instructions > 0, "a late item carries the leader's 批示");
}

#[tokio::test]
async fn the_demo_shows_the_offices_own_loop_at_once() {
    // Arrange
    let db = TestDb::new().await;

    // Act
    demo::seed(&db.pool).await.unwrap();

    // Assert
    let today = duban::domain::today_in_china();
    let ids: Vec<duban::domain::ItemId> =
        sqlx::query_scalar("SELECT id FROM items WHERE status NOT IN ('draft', 'dismissed')")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let mut causes = Vec::new();
    for id in ids {
        causes.extend(
            duban::store::light::cause_of(&db.pool, id, today)
                .await
                .unwrap(),
        );
    }
    for shown in [
        duban::domain::LightCause::ReportMissed,
        duban::domain::LightCause::Behind,
    ] {
        assert!(causes.contains(&shown), "{shown:?} in {causes:?}");
    }
    let checks = [
        ("split items", "SELECT count(*) FROM items WHERE has_parts"),
        (
            "parts with their own number",
            "SELECT count(*) FROM items WHERE parent_id IS NOT NULL AND register_number IS NOT NULL",
        ),
        (
            "a part that stated its progress",
            "SELECT count(*) FROM items WHERE parent_id IS NOT NULL AND progress_percent = 40",
        ),
        ("批示", "SELECT count(*) FROM item_events WHERE action = 'instructed'"),
        (
            "an item reported to its leader by the ladder",
            "SELECT count(*) FROM item_events WHERE action = 'escalated'",
        ),
    ];
    for (what, sql) in checks {
        assert!(scalar(&db.pool, sql).await >= 1, "{what}");
    }
}
