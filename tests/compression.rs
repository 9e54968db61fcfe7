//! Pages go out compressed as the client's Accept-Encoding asks (brotli, else gzip); cached
//! pages from their content's kept compressed forms; tiny answers and files that are not
//! text (evidence, xlsx) as they are.

mod common;

use std::io::Read;

use common::{spawn_app, Browser, TestApp};
use duban::domain::Role;
use reqwest::StatusCode;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The response to `path` with `Accept-Encoding: accept`: its Content-Encoding, Vary and
/// raw (still encoded) body.
async fn fetch(browser: &Browser, path: &str, accept: &str) -> (Option<String>, String, Vec<u8>) {
    let r = browser
        .client
        .get(browser.url(path))
        .header("accept-encoding", accept)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let header = |name: &str| {
        r.headers()
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let encoding = Some(header("content-encoding")).filter(|e| !e.is_empty());
    let vary = header("vary");
    (encoding, vary, r.bytes().await.unwrap().to_vec())
}

/// A unit head of 教务处 with sixty tasks, so that the pages are well over a kilobyte.
async fn busy_head() -> (TestApp, Browser, Browser) {
    let app = spawn_app().await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("bangong", Role::Secretariat, None).await;
    let unit = app.unit_id("教务处").await;
    let document = app.insert_minutes().await;
    for n in 0..60 {
        app.insert_task(
            document,
            &format!("修订人才培养方案第{n}项"),
            "assigned",
            None,
            unit,
            "lead",
        )
        .await;
    }
    let head = app.browser("jiaowu").await;
    let office = app.browser("bangong").await;
    (app, head, office)
}

#[tokio::test]
async fn a_page_asked_for_in_brotli_or_gzip_decodes_to_the_same_html_as_uncompressed() {
    // Arrange: 我的督办 and the dashboard are cached pages, the document page is not.
    let (_app, head, office) = busy_head().await;
    let pages = [
        (&head, "/my"),
        (&office, "/dashboard"),
        (&office, "/documents"),
    ];
    for (browser, path) in pages {
        // Act
        let (plain_encoding, _, plain) = fetch(browser, path, "identity").await;
        let (br_encoding, br_vary, br) = fetch(browser, path, "gzip, deflate, br, zstd").await;
        let (gz_encoding, gz_vary, gz) = fetch(browser, path, "gzip").await;

        // Assert
        assert_eq!(plain_encoding, None, "{path} uncompressed when asked so");
        assert!(String::from_utf8(plain.clone())
            .unwrap()
            .contains("</html>"));
        assert_eq!(br_encoding.as_deref(), Some("br"), "{path}");
        assert_eq!(unbrotli(&br), plain, "{path} in brotli");
        assert!(br.len() < plain.len(), "{path} in brotli is compressed");
        assert_eq!(gz_encoding.as_deref(), Some("gzip"), "{path}");
        assert_eq!(gunzip(&gz), plain, "{path} in gzip");
        for vary in [br_vary, gz_vary] {
            assert_eq!(
                vary.to_ascii_lowercase().matches("accept-encoding").count(),
                1,
                "{path}: Vary {vary}"
            );
            assert!(
                vary.to_ascii_lowercase().contains("accept-encoding"),
                "{path}: Vary {vary}"
            );
        }
    }
}

#[tokio::test]
async fn a_cached_page_sent_uncompressed_still_says_it_varies_by_accept_encoding() {
    // Arrange
    let (_app, head, _) = busy_head().await;

    // Act: no Accept-Encoding at all.
    let r = head.get("/my").await;

    // Assert
    assert!(r.headers().get("content-encoding").is_none());
    let vary = r.headers()["vary"].to_str().unwrap().to_ascii_lowercase();
    assert!(vary.contains("accept-encoding"), "Vary: {vary}");
}

#[tokio::test]
async fn viewers_of_one_cached_content_each_get_their_own_frame_compressed_around_it() {
    // Arrange: two secretariat users share the dashboard's cached content, not its frame
    // (name, CSRF token).
    let (app, _, office) = busy_head().await;
    app.add_user("bangong2", Role::Secretariat, None).await;
    let other = app.browser("bangong2").await;

    // Act
    let (_, _, first) = fetch(&office, "/dashboard", "br").await;
    let (_, _, second) = fetch(&other, "/dashboard", "br").await;

    // Assert
    let first = String::from_utf8(unbrotli(&first)).unwrap();
    let second = String::from_utf8(unbrotli(&second)).unwrap();
    assert_ne!(
        common::csrf_token_of(&first),
        common::csrf_token_of(&second),
        "each frame holds its own session's token"
    );
    assert_eq!(
        first.matches("修订人才培养方案").count(),
        second.matches("修订人才培养方案").count()
    );
}

#[tokio::test]
async fn tiny_answers_go_uncompressed() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let r = app
        .client
        .get(app.url("/healthz"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();

    // Assert
    assert!(r.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn an_evidence_download_is_sent_as_stored_not_encoded_again() {
    // Arrange: a compressible text file as evidence of one task.
    let (app, _, office) = busy_head().await;
    let item: i64 = sqlx::query_scalar("SELECT id FROM items LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let uploader: i64 = sqlx::query_scalar("SELECT id FROM users LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let file = "已召开专题会议研究部署。".repeat(500).into_bytes();
    let attachment: i64 = sqlx::query_scalar(
        "INSERT INTO attachments (item_id, file_name, content_type, size_bytes, sha256, \
             content, uploaded_by) \
         VALUES ($1, '说明.txt', 'text/plain', $2, sha256($3), $3, $4) RETURNING id",
    )
    .bind(item)
    .bind(file.len() as i32)
    .bind(file.as_slice())
    .bind(uploader)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();

    // Act
    let (encoding, _, body) =
        fetch(&office, &format!("/attachments/{attachment}"), "br, gzip").await;

    // Assert
    assert_eq!(encoding, None);
    assert_eq!(body, file, "the stored bytes, as they are");
}
