//! The benchmark yardstick: TechEmpower's Fortunes page, compiled only into bench builds
//! (`cargo test --features bench --test fortunes`); production builds have neither the page
//! nor its table.

mod common;

use common::spawn_app;

#[tokio::test]
async fn a_migrated_database_holds_no_fortune_table() {
    // Arrange & act: a database migrated like production's.
    let app = spawn_app().await;

    // Assert
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('fortune') IS NOT NULL")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(!exists, "the fortune table is dropped by the migrations");
}

#[cfg(not(feature = "bench"))]
#[tokio::test]
async fn a_production_build_has_no_fortunes_page() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let response = app.get("/bench/fortunes").await;

    // Assert
    assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
}

#[cfg(feature = "bench")]
mod bench_build {
    use super::common::spawn_app;
    use scraper::{Html, Selector};

    #[tokio::test]
    async fn the_bench_build_creates_the_fortune_table_once_with_twelve_rows() {
        // Arrange
        let app = spawn_app().await;

        // Act: as `duban serve` does at every start.
        for _ in 0..2 {
            duban::store::fortunes::create_fortune_table(&app.db.pool)
                .await
                .unwrap();
        }

        // Assert
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM fortune")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(rows, 12);
    }

    #[tokio::test]
    async fn the_fortunes_page_lists_every_row_plus_one_sorted_and_escaped() {
        // Arrange
        let app = spawn_app().await;
        duban::store::fortunes::create_fortune_table(&app.db.pool)
            .await
            .unwrap();

        // Act
        let response = app.get("/bench/fortunes").await;

        // Assert
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"],
            "text/html; charset=utf-8"
        );
        let html = response.text().await.unwrap();
        assert!(!html.contains("<script>"), "the script row is escaped");
        assert!(html.contains("&#60;script&#62;alert(") || html.contains("&lt;script&gt;alert("));
        let doc = Html::parse_document(&html);
        let cell = Selector::parse("td").unwrap();
        let cells: Vec<String> = doc
            .select(&cell)
            .map(|td| td.text().collect::<String>())
            .collect();
        let rows: Vec<(&str, &str)> = cells
            .chunks(2)
            .map(|pair| (pair[0].as_str(), pair[1].as_str()))
            .collect();
        assert_eq!(rows.len(), 13);
        let messages: Vec<&str> = rows.iter().map(|r| r.1).collect();
        let mut sorted = messages.clone();
        sorted.sort_unstable();
        assert_eq!(messages, sorted);
        assert!(rows.contains(&("0", "Additional fortune added at request time.")));
        assert!(rows.contains(&("12", "フレームワークのベンチマーク")));
        assert_eq!(
            rows[0],
            (
                "11",
                "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"
            )
        );
    }
}
