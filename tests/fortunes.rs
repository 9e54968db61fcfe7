//! The benchmark yardstick: TechEmpower's Fortunes page, only with `--bench-fortunes`.

mod common;

use common::{spawn_app, TestDb};
use duban::config::{BenchSettings, HttpSettings};
use duban::startup::Application;
use scraper::{Html, Selector};

async fn spawn_bench_app() -> (String, TestDb) {
    let db = TestDb::new().await;
    let http = HttpSettings::default();
    let bench = BenchSettings { fortunes: true };
    let app = Application::build_with(http, db.pool.clone(), bench).unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run());
    (address, db)
}

#[tokio::test]
async fn without_the_bench_flag_there_is_no_fortunes_page() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let response = app.get("/bench/fortunes").await;

    // Assert
    assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn with_the_bench_flag_the_fortunes_page_lists_every_row_plus_one_sorted_and_escaped() {
    // Arrange
    let (address, _db) = spawn_bench_app().await;

    // Act
    let response = reqwest::get(format!("{address}/bench/fortunes"))
        .await
        .unwrap();

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
