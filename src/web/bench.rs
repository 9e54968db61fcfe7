//! GET /bench/fortunes: TechEmpower's Fortunes test on duban's own stack (actix, the pool,
//! askama, the same middleware), the yardstick the load benchmarks compare every page
//! with. Compiled only with the cargo feature `bench`.

use actix_web::{web, HttpResponse};
use askama::Template;

use super::error::Result;
use super::AppState;
use crate::store::fortunes::{self, Fortune};

#[derive(Template)]
#[template(path = "bench/fortunes.html")]
pub struct FortunesPage {
    pub fortunes: Vec<Fortune>,
}

/// All rows, one more added at request time, sorted by message, escaped by askama.
pub async fn fortunes(state: web::Data<AppState>) -> Result<HttpResponse> {
    let mut fortunes = fortunes::list_fortunes(&state.pool).await?;
    fortunes.push(Fortune {
        id: 0,
        message: "Additional fortune added at request time.".to_owned(),
    });
    fortunes.sort_by(|a, b| a.message.cmp(&b.message));
    let body = FortunesPage { fortunes }.render()?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body))
}
