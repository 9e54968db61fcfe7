//! Static files, compiled into the binary so that a copied binary serves its own CSS.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

const ASSETS: &[(&str, &str, &str)] = &[
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
];

/// GET /static/{path}; links carry `?v=<version>`, so a long cache life is safe.
pub async fn asset(path: web::Path<String>) -> HttpResponse {
    match ASSETS.iter().find(|(name, _, _)| *name == path.as_str()) {
        Some((_, content_type, body)) => HttpResponse::Ok()
            .content_type(*content_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000"))
            .body(*body),
        None => HttpResponse::NotFound().finish(),
    }
}
