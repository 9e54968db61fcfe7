//! Builds the HTTP server on a bound listener (port 0 in tests) and runs it.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{middleware, App, HttpServer};
use sqlx::PgPool;
use tracing_actix_web::TracingLogger;

use actix_web::web::{Data, PathConfig, PayloadConfig, QueryConfig};

use crate::auth::PasswordGate;
use crate::config::HttpSettings;
use crate::store::{login_attempts, sessions};
use crate::web::error::Error;
use crate::web::{self, AppState};

/// Every response's policy: scripts, styles, images and fonts only from duban itself (no
/// inline script, style or event handler attribute runs, so an injected `<script>` or
/// `onerror=` does nothing), no plugins, no framing by other sites, forms post only to
/// duban and `<base>` cannot redirect relative links. A handler may set its own (the
/// digest preview, whose mail HTML needs inline styles). No inline style is allowed
/// (`tests/hostile_doors.rs` checks the templates hold none that the policy refuses); the
/// printed ledger's page rules are in the style sheet.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; \
     img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; \
     form-action 'self'";

/// How often each instance deletes expired sessions and old login attempts. Deleting is
/// idempotent, so instances need not agree on who does it.
const PURGE_EVERY: Duration = Duration::from_secs(10 * 60);

/// Login attempts are kept this long for audit; the throttle looks back only minutes.
const LOGIN_ATTEMPTS_KEEP_DAYS: i32 = 90;

pub struct Application {
    server: Server,
    port: u16,
    passwords: Arc<PasswordGate>,
    pool: PgPool,
}

impl Application {
    pub fn build(http: HttpSettings, pool: PgPool) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(http.bind)?;
        let port = listener.local_addr()?.port();
        // Links in mail name the port actually bound when no base URL is configured.
        let http = HttpSettings {
            base_url: Some(http.public_url_on(port)),
            ..http
        };
        let state = Data::new(AppState::new(pool.clone(), http));
        let passwords = state.passwords.clone();
        let server = HttpServer::new(move || {
            App::new()
                .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "same-origin")),
                )
                // Outside the logger, so that not even the request's log span sees the token.
                .wrap(middleware::from_fn(web::csrf::token_out_of_url))
                // Registered last, so outermost: every response, error pages too, passes it.
                .wrap(middleware::from_fn(web::compression::compress))
                .app_data(state.clone())
                .app_data(PayloadConfig::new(1024 * 1024))
                // A malformed id is a page that does not exist; a malformed query string is
                // a bad link: both get the Chinese error pages, not actix's plain text.
                .app_data(PathConfig::default().error_handler(|_, _| Error::NotFound.into()))
                .app_data(
                    QueryConfig::default()
                        .error_handler(|_, _| Error::Invalid("链接中的参数有误。".into()).into()),
                )
                .configure(web::routes)
                .default_service(actix_web::web::to(web::error::not_found))
        })
        // A response leaves as its head and then its body (a compressed or cached page in
        // parts); with Nagle's algorithm on, the second write waited for the client's
        // delayed ACK, up to 40 ms, which was the pages' p99.
        .tcp_nodelay(true)
        .listen(listener)?
        .run();
        Ok(Self {
            server,
            port,
            passwords,
            pool,
        })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The gate of this server's password checks (what tests measure).
    pub fn password_gate(&self) -> Arc<PasswordGate> {
        self.passwords.clone()
    }

    /// Serves until SIGINT or SIGTERM, then finishes open requests; meanwhile purges
    /// expired sessions and old login attempts.
    pub async fn run(self) -> std::io::Result<()> {
        tokio::select! {
            served = self.server => served,
            () = purge_forever(self.pool) => unreachable!("the purge never ends"),
        }
    }
}

/// Deletes expired sessions and old login attempts every [`PURGE_EVERY`]; a failure is
/// logged and tried again next time.
async fn purge_forever(pool: PgPool) {
    let mut every = tokio::time::interval(PURGE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match purge(&pool).await {
            Ok((sessions, attempts)) if sessions + attempts > 0 => {
                tracing::info!(
                    sessions,
                    attempts,
                    "purged expired sessions and login attempts"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "purging sessions and login attempts failed"),
        }
    }
}

async fn purge(pool: &PgPool) -> sqlx::Result<(u64, u64)> {
    let sessions = sessions::purge_sessions(pool).await?;
    let attempts = login_attempts::purge_attempts(pool, LOGIN_ATTEMPTS_KEEP_DAYS).await?;
    Ok((sessions, attempts))
}
