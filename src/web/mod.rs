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
mod document_edit;
mod documents;
mod encoded;
pub mod error;
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
mod review;
mod review_form;
mod routes;
mod search;
pub mod session;
mod slips;
mod views;

pub use routes::routes;

use std::future::Future;
use std::sync::Arc;

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
        let key = (Scope::of(&user.actor()), key);
        let load = async { render.await.map(CachedContent::new) };
        self.content
            .get_or_load(key, user.data_version, today, load)
            .await
    }
}
