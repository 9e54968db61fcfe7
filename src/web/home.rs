//! The start page after login (工作台).

use actix_web::{web, HttpResponse};
use askama::Template;

use super::error::Result;
use super::render::{page, Chrome};
use super::session::CurrentUser;
use super::AppState;
use crate::store::overview::{self, Overview};

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub overview: Overview,
}

/// GET /
pub async fn home(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse> {
    let overview = overview::overview(&state.pool, &user).await?;
    page(&HomePage {
        chrome: Chrome::for_user(&user),
        overview,
    })
}
