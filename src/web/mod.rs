//! HTTP: thin handlers grouped by page; routes in [`routes`], read top to bottom.

mod assets;
pub mod csrf;
pub mod error;
mod health;
mod home;
mod login;
pub use login::{MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_LOGIN, THROTTLE_MINUTES};
pub mod render;
pub mod session;

use actix_web::web;
use sqlx::PgPool;

use crate::config::HttpSettings;

/// Shared by every handler.
pub struct AppState {
    pub pool: PgPool,
    pub http: HttpSettings,
}

/// The URL map.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::home))
        .route("/login", web::get().to(login::login_form))
        .route("/login", web::post().to(login::log_in))
        .route("/logout", web::post().to(login::log_out))
        .route("/healthz", web::get().to(health::healthz))
        .route("/static/{path:.*}", web::get().to(assets::asset));
}
