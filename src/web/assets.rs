//! Static files, compiled into the binary so that a copied binary serves its own CSS.
//!
//! Pages link each file by a URL carrying a hash of its content (computed once, from the
//! embedded bytes), and only that URL is cached for a year: after an upgrade that changes
//! the CSS, pages name a new URL and browsers fetch it. The crate version did not do this,
//! since it does not change when a file does.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use sha2::{Digest, Sha256};

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
    hash: String,
    /// `/static/<name>?v=<hash>`.
    url: String,
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    [
        (
            "css/duban.css",
            "text/css; charset=utf-8",
            include_str!("../../static/css/duban.css"),
        ),
        (
            "js/review.js",
            "text/javascript; charset=utf-8",
            include_str!("../../static/js/review.js"),
        ),
    ]
    .into_iter()
    .map(|(name, content_type, body)| {
        let hash = content_hash(body.as_bytes());
        Asset {
            name,
            content_type,
            body,
            url: format!("/static/{name}?v={hash}"),
            hash,
        }
    })
    .collect()
});

/// A year: what a URL naming the content's hash may be cached for.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// An unversioned or outdated URL (a page from before an upgrade, a hand-typed link) gets
/// the current file, cached briefly, since its content may change under that URL.
const SHORT: &str = "public, max-age=300";

/// The first 16 hex digits of the SHA-256 of `bytes`: enough to tell versions apart.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hex = hex::encode(Sha256::digest(bytes));
    hex.truncate(16);
    hex
}

/// The URL pages link the static file `name` by (in templates:
/// `{{ crate::web::assets::url("css/duban.css") }}`).
///
/// # Panics
/// When no file is embedded under `name`: a template names a file that does not exist.
pub fn url(name: &str) -> &'static str {
    ASSETS
        .iter()
        .find(|a| a.name == name)
        .map(|a| a.url.as_str())
        .unwrap_or_else(|| panic!("no static file {name}"))
}

#[derive(Deserialize)]
pub struct Version {
    v: Option<String>,
}

/// GET /static/{path}
pub async fn asset(path: web::Path<String>, version: web::Query<Version>) -> HttpResponse {
    let Some(asset) = ASSETS.iter().find(|a| a.name == path.as_str()) else {
        return HttpResponse::NotFound().finish();
    };
    let hashed = version.v.as_deref() == Some(asset.hash.as_str());
    HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header((
            header::CACHE_CONTROL,
            if hashed { IMMUTABLE } else { SHORT },
        ))
        .body(asset.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_changes_when_the_content_does() {
        let before = content_hash(b"body { color: #333; }");
        let after = content_hash(b"body { color: #222; }");
        assert_ne!(before, after);
        assert_eq!(before, content_hash(b"body { color: #333; }"));
        assert_eq!(before.len(), 16);
    }

    #[test]
    fn a_files_url_names_the_hash_of_its_embedded_bytes() {
        let css = include_str!("../../static/css/duban.css");
        assert_eq!(
            url("css/duban.css"),
            format!("/static/css/duban.css?v={}", content_hash(css.as_bytes()))
        );
    }
}
