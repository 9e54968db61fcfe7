//! HTTP: thin handlers grouped by page; routes in [`routes`], read top to bottom.

mod account;
mod admin;
mod assets;
#[cfg(feature = "bench")]
mod bench;
pub mod charts;
mod client_addr;
pub mod compression;
pub mod csrf;
mod dashboard;
mod documents;
mod encoded;
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

use std::future::Future;
use std::sync::Arc;

use actix_web::web;
use chrono::NaiveDate;
use sqlx::PgPool;

use crate::auth::PasswordGate;
use crate::cache::{ByBytes, Scope, VersionedCache};
use crate::config::HttpSettings;
use crate::dashboard::FiguresCache;
use encoded::CachedContent;
use session::CachingUser;

/// Shared by every handler.
pub struct AppState {
    pub pool: PgPool,
    pub http: HttpSettings,
    /// This instance's dashboard figures; see [`crate::dashboard`].
    pub figures: FiguresCache,
    pub caches: PageCaches,
    /// Bounds the argon2 checks of logins running at once.
    pub passwords: Arc<PasswordGate>,
}

impl AppState {
    pub fn new(pool: PgPool, http: HttpSettings) -> Self {
        Self {
            pool,
            http,
            figures: FiguresCache::default(),
            caches: PageCaches::default(),
            passwords: Arc::new(PasswordGate::for_this_machine()),
        }
    }
}

/// The content of the busiest pages (督办看板, 我的督办, the ledger, search), rendered once
/// per viewer scope, data version and day (see [`crate::cache`]); a request then renders
/// only the frame around it. The content is kept with its compressed forms (made when first
/// asked for), so that a compressed page costs only its frame's compression. Bounded in
/// bytes: the largest pages are about 150 KB.
pub struct PageCaches {
    content: VersionedCache<(Scope, String), CachedContent, ByBytes>,
}

/// Bytes of page content kept per instance.
const CONTENT_BYTES: u64 = 48 << 20;

impl Default for PageCaches {
    fn default() -> Self {
        Self {
            content: VersionedCache::of_bytes(CONTENT_BYTES, 50 << 10),
        }
    }
}

impl PageCaches {
    /// The content of the page `key` (its path and query) as `user` sees it today,
    /// rendered by `render` only when no entry has it.
    pub async fn content(
        &self,
        user: &CachingUser,
        key: String,
        today: NaiveDate,
        render: impl Future<Output = error::Result<String>>,
    ) -> error::Result<Arc<CachedContent>> {
        let key = (Scope::of(&user.viewer()), key);
        let load = async { render.await.map(CachedContent::new) };
        self.content
            .get_or_load(key, user.data_version, today, load)
            .await
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
    // The load benchmarks' yardstick, only in bench builds.
    #[cfg(feature = "bench")]
    cfg.configure(bench::routes);
}
