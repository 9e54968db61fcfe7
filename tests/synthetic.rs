//! `duban demo --synthetic`: generated data at scale, with the asked numbers of rows,
//! realistic spreads of statuses and deadlines around today, consistent history and search
//! vectors, usable logins, and the same data for the same seed.

mod common;

use chrono::NaiveDate;
use common::{csrf_token_of, spawn_app, TestDb};
use duban::demo::synthetic::{self, Size, SYNTHETIC_PASSWORD};
use sqlx::PgPool;

const SMALL: Size = Size {
    items: 2_000,
    documents: 40,
    units: 20,
    users: 60,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// Every generated table, in order, except the password hash (argon2 salts are random).
async fn fingerprint(pool: &PgPool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (table, row) in [
        ("units", "t::text"),
        (
            "users",
            "row(t.id, t.login, t.display_name, t.role, t.unit_id, t.email, t.created_at)::text",
        ),
        ("leaders", "t::text"),
        ("documents", "t::text"),
        ("sections", "t::text"),
        ("items", "t::text"),
        ("item_units", "t::text"),
        ("item_events", "t::text"),
        ("progress_reports", "t::text"),
        ("acknowledgements", "t::text"),
        ("extension_requests", "t::text"),
    ] {
        let digest: String = sqlx::query_scalar(&format!(
            "SELECT coalesce(md5(string_agg({row}, E'\\n' ORDER BY {row})), '') FROM {table} t"
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        out.push((table.to_owned(), digest));
    }
    out
}

#[tokio::test]
async fn synthetic_data_has_the_asked_sizes_and_a_realistic_spread() {
    // Arrange
    let db = TestDb::new().await;

    // Act
    let summary = synthetic::generate(&db.pool, SMALL, 7, today())
        .await
        .unwrap();

    // Assert: sizes
    let p = &db.pool;
    assert_eq!(scalar(p, "SELECT count(*) FROM items").await, 2_000);
    assert_eq!(scalar(p, "SELECT count(*) FROM documents").await, 40);
    assert_eq!(scalar(p, "SELECT count(*) FROM units").await, 20);
    assert_eq!(scalar(p, "SELECT count(*) FROM users").await, 60);
    assert_eq!(summary.items, 2_000);
    let no_lead = "SELECT count(*) FROM items i WHERE NOT EXISTS \
                   (SELECT 1 FROM item_units iu WHERE iu.item_id = i.id AND iu.role = 'lead')";
    assert_eq!(scalar(p, no_lead).await, 0, "every item has a lead unit");
    assert!(scalar(p, "SELECT count(*) FROM item_events").await > 3 * 2_000);
    assert!(scalar(p, "SELECT count(*) FROM progress_reports").await > 1_000);
    assert!(scalar(p, "SELECT count(*) FROM items WHERE leader_id IS NOT NULL").await > 800);

    // Assert: statuses, in percent of all items
    let share = |status: &str| {
        format!("SELECT (100 * count(*) FILTER (WHERE status IN ({status})) / count(*)) FROM items")
    };
    let closed = scalar(p, &share("'closed'")).await;
    let open = scalar(p, &share("'assigned', 'in_progress', 'blocked'")).await;
    assert!((40..=75).contains(&closed), "closed {closed}%");
    assert!((15..=45).contains(&open), "open {open}%");
    for status in [
        "draft",
        "assigned",
        "in_progress",
        "blocked",
        "reported_done",
        "dismissed",
    ] {
        let n = scalar(
            p,
            &format!("SELECT count(*) FROM items WHERE status = '{status}'"),
        )
        .await;
        assert!(n > 0, "no {status} items");
    }

    // Assert: deadlines of open items around today: some overdue, some due within 7 days,
    // most later.
    let open_due = |cond: &str| {
        format!(
            "SELECT (100 * count(*) FILTER (WHERE {cond}) / count(*)) FROM items \
             WHERE status IN ('assigned', 'in_progress', 'blocked') AND due_date IS NOT NULL"
        )
    };
    let overdue = scalar(p, &open_due("due_date < DATE '2026-06-15'")).await;
    let soon = scalar(
        p,
        &open_due("due_date BETWEEN DATE '2026-06-15' AND DATE '2026-06-22'"),
    )
    .await;
    assert!((8..=40).contains(&overdue), "overdue {overdue}%");
    assert!((4..=25).contains(&soon), "due soon {soon}%");

    // Assert: a consistent history
    let future =
        "SELECT count(*) FROM item_events WHERE created_at > TIMESTAMPTZ '2026-06-15 00:00+08'";
    assert_eq!(scalar(p, future).await, 0, "nothing happens after today");
    let closed_without_event =
        "SELECT count(*) FROM items i WHERE status = 'closed' AND NOT EXISTS \
        (SELECT 1 FROM item_events e WHERE e.item_id = i.id AND e.after = '已办结')";
    assert_eq!(scalar(p, closed_without_event).await, 0);
    let spans_off = "SELECT count(*) FROM items i JOIN documents d ON d.id = i.document_id \
        WHERE substr(d.body, i.span_start + 1, i.span_end - i.span_start) <> i.body";
    assert_eq!(
        scalar(p, spans_off).await,
        0,
        "every span points at its sentence"
    );
    let bytes_off = "SELECT count(*) FROM documents \
        WHERE original <> convert_to(body, 'UTF8') OR sha256 <> sha256(original)";
    assert_eq!(scalar(p, bytes_off).await, 0);
}

#[tokio::test]
async fn synthetic_search_vectors_are_what_reindexing_would_write() {
    // Arrange
    let db = TestDb::new().await;
    synthetic::generate(&db.pool, SMALL, 3, today())
        .await
        .unwrap();
    let vectors = "SELECT string_agg(search_vector::text, '|' ORDER BY id) FROM \
                   (SELECT id, search_vector FROM items WHERE id % 97 = 0) s";
    let doc_vectors = "SELECT string_agg(search_vector::text, '|' ORDER BY id) FROM documents";
    let items_before: String = sqlx::query_scalar(vectors)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let docs_before: String = sqlx::query_scalar(doc_vectors)
        .fetch_one(&db.pool)
        .await
        .unwrap();

    // Act
    let mut conn = db.pool.acquire().await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM items WHERE id % 97 = 0")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    for id in ids {
        duban::store::search::reindex_item(&mut conn, duban::domain::ItemId(id))
            .await
            .unwrap();
    }
    let docs: Vec<i64> = sqlx::query_scalar("SELECT id FROM documents")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    for id in docs {
        duban::store::search::reindex_document(&mut conn, duban::domain::DocumentId(id))
            .await
            .unwrap();
    }

    // Assert
    let items_after: String = sqlx::query_scalar(vectors)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let docs_after: String = sqlx::query_scalar(doc_vectors)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(items_after, items_before);
    assert_eq!(docs_after, docs_before);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    // Arrange
    let (first, second, other) = (
        TestDb::new().await,
        TestDb::new().await,
        TestDb::new().await,
    );

    // Act
    synthetic::generate(&first.pool, SMALL, 42, today())
        .await
        .unwrap();
    synthetic::generate(&second.pool, SMALL, 42, today())
        .await
        .unwrap();
    synthetic::generate(&other.pool, SMALL, 43, today())
        .await
        .unwrap();

    // Assert
    let a = fingerprint(&first.pool).await;
    assert_eq!(a, fingerprint(&second.pool).await);
    let c = fingerprint(&other.pool).await;
    assert_ne!(a[5], c[5], "items differ for another seed");
}

#[tokio::test]
async fn synthetic_data_is_refused_by_a_database_that_holds_data() {
    // Arrange
    let db = TestDb::new().await;
    synthetic::generate(&db.pool, SMALL, 1, today())
        .await
        .unwrap();

    // Act
    let again = synthetic::generate(&db.pool, SMALL, 1, today()).await;

    // Assert
    let message = format!("{:#}", again.unwrap_err());
    assert!(message.contains("empty database"), "{message}");
    assert_eq!(scalar(&db.pool, "SELECT count(*) FROM items").await, 2_000);
}

#[tokio::test]
async fn the_busiest_unit_head_logs_in_with_the_documented_password_and_sees_their_items() {
    // Arrange
    let app = spawn_app().await;
    let today = duban::domain::today_in_china();
    let summary = synthetic::generate(&app.db.pool, SMALL, 5, today)
        .await
        .unwrap();
    let (login, led) = summary.busiest_head.unwrap();
    let token = csrf_token_of(&app.get_html("/login").await);

    // Act
    let logged_in = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("login", login.as_str()),
            ("password", SYNTHETIC_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let my = app.get("/my").await;

    // Assert
    assert_eq!(logged_in.status(), reqwest::StatusCode::SEE_OTHER);
    assert_eq!(my.status(), reqwest::StatusCode::OK);
    let html = my.text().await.unwrap();
    let rows = scraper::Html::parse_document(&html)
        .select(&scraper::Selector::parse("a[href^='/items/']").unwrap())
        .count();
    assert!(led > 100, "{login} leads {led} items");
    assert!(rows > 0, "the page lists items");
}
