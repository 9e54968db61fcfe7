//! HTTP: thin handlers grouped by page; routes in [`routes`], read top to bottom.

mod account;
mod admin;
mod assets;
pub mod bench;
pub mod charts;
pub mod csrf;
mod dashboard;
mod documents;
pub mod error;
pub mod format;
mod health;
mod home;
mod items;
mod ledger;
mod login;
mod mail;
mod multipart;
mod my;
pub use login::{MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_LOGIN, THROTTLE_MINUTES};
pub mod render;
mod search;
pub mod session;
mod views;

use actix_web::web;
use sqlx::PgPool;

use crate::cache::{Scope, VersionedCache};
use crate::config::HttpSettings;
use crate::dashboard::FiguresCache;
use crate::store::items::GroupedItem;

/// Shared by every handler.
pub struct AppState {
    pub pool: PgPool,
    pub http: HttpSettings,
    /// This instance's dashboard figures; see [`crate::dashboard`].
    pub figures: FiguresCache,
    pub caches: PageCaches,
}

impl AppState {
    pub fn new(pool: PgPool, http: HttpSettings) -> Self {
        Self {
            pool,
            http,
            figures: FiguresCache::default(),
            caches: PageCaches::default(),
        }
    }
}

/// What the busiest pages read, per data version and day (see [`crate::cache`]). The
/// bounds keep memory to tens of megabytes: a 我的督办 entry holds at most 250 items, a
/// ledger entry one page of 50.
pub struct PageCaches {
    pub my_items: VersionedCache<Scope, Vec<GroupedItem>>,
    pub ledger: VersionedCache<(Scope, String), ledger::Listing>,
    pub ledger_choices: VersionedCache<Option<i64>, ledger::Choices>,
    pub search: VersionedCache<(Scope, String), search::SearchResults>,
}

impl Default for PageCaches {
    fn default() -> Self {
        Self {
            my_items: VersionedCache::new(100),
            ledger: VersionedCache::new(500),
            ledger_choices: VersionedCache::new(50),
            search: VersionedCache::new(200),
        }
    }
}

/// The URL map.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::home))
        .route("/login", web::get().to(login::login_form))
        .route("/login", web::post().to(login::log_in))
        .route("/logout", web::post().to(login::log_out))
        .route("/healthz", web::get().to(health::healthz))
        .route("/my", web::get().to(my::my_items))
        .route("/documents", web::get().to(documents::list))
        .route("/documents/import", web::get().to(documents::import_form))
        .route("/documents/import", web::post().to(documents::import))
        .route("/documents/{id}", web::get().to(documents::show))
        .route(
            "/documents/{id}/publish",
            web::post().to(documents::publish),
        )
        .route("/documents/{id}/items", web::post().to(documents::add_item))
        .route("/items/{id}", web::get().to(items::show_item))
        .route("/items/{id}/ack", web::post().to(items::acknowledge))
        .route(
            "/items/{id}/progress",
            web::post().to(items::report_progress),
        )
        .route("/items/{id}/status", web::post().to(items::change_status))
        .route(
            "/items/{id}/extension",
            web::post().to(items::request_extension),
        )
        .route("/items/{id}/edit", web::post().to(items::edit_item))
        .route("/items/{id}/dismiss", web::post().to(items::dismiss))
        .route("/items/{id}/verify", web::post().to(items::verify))
        .route("/items/{id}/urge", web::post().to(items::urge))
        .route(
            "/extensions/{id}/decide",
            web::post().to(items::decide_extension),
        )
        .route(
            "/attachments/{id}",
            web::get().to(items::download_attachment),
        )
        .route("/static/{path:.*}", web::get().to(assets::asset))
        .configure(account::routes)
        .configure(admin::routes)
        .configure(mail::routes)
        .configure(dashboard::routes)
        .configure(ledger::routes)
        .configure(search::routes);
}
