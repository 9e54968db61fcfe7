//! The start page after login (工作台): the few figures that say what needs doing, from the
//! dashboard's cached figures, each linking to its list.

use actix_web::{web, HttpResponse};
use askama::Template;

use super::error::Result;
use super::render::{page, Chrome};
use super::session::CachingUser;
use super::AppState;
use crate::domain::today_in_china;
use crate::domain::ItemStatus;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub documents: i64,
    pub open_items: i64,
    pub overdue_items: i64,
    pub awaiting_verification: i64,
}

/// GET /
pub async fn home(user: CachingUser, state: web::Data<AppState>) -> Result<HttpResponse> {
    let viewer = user.actor();
    let f = state
        .figures
        .get(&state.pool, &viewer, user.data_version, today_in_china())
        .await?;
    let open = [
        ItemStatus::Assigned,
        ItemStatus::InProgress,
        ItemStatus::Blocked,
    ];
    page(&HomePage {
        chrome: Chrome::for_user(&user),
        documents: f.documents_total,
        open_items: open.into_iter().map(|s| f.with_status(s)).sum(),
        overdue_items: f.with_light("red"),
        awaiting_verification: f.with_status(ItemStatus::ReportedDone),
    })
}
