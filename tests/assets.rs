//! Static files are linked by a URL naming their content's hash, and only that URL is
//! cached for a year (the hash function itself: unit tests in src/web/assets.rs).

mod common;

use common::spawn_app;
use sha2::{Digest, Sha256};

#[tokio::test]
async fn the_stylesheet_link_names_the_hash_of_the_bytes_served_and_only_it_is_immutable() {
    // Arrange
    let app = spawn_app().await;
    let page = app.get_html("/login").await;
    let href = page
        .split("href=\"")
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .find(|href| href.starts_with("/static/css/duban.css"))
        .expect("the page links the stylesheet")
        .to_owned();
    let (_, version) = href.split_once("?v=").expect("the link carries a version");

    // Act
    let hashed = app.get(&href).await;
    let cache_control = hashed.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned();
    let css = hashed.bytes().await.unwrap();
    let unversioned = app.get("/static/css/duban.css").await;
    let outdated = app.get("/static/css/duban.css?v=0.1.0").await;

    // Assert
    assert_eq!(version, &hex::encode(Sha256::digest(&css))[..16]);
    assert!(
        cache_control.contains("max-age=31536000"),
        "{cache_control}"
    );
    assert!(cache_control.contains("immutable"), "{cache_control}");
    for response in [unversioned, outdated] {
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        let short = response.headers()["cache-control"].to_str().unwrap();
        assert!(!short.contains("31536000"), "{short}");
        assert!(short.contains("max-age=300"), "{short}");
        assert_eq!(response.bytes().await.unwrap(), css, "the current file");
    }
}
