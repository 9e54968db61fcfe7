//! Builds the HTTP server on a bound listener (port 0 in tests) and runs it.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{middleware, App, HttpServer};
use sqlx::PgPool;
use tracing_actix_web::TracingLogger;

use actix_web::web::{Data, PathConfig, PayloadConfig, QueryConfig};

use crate::auth::PasswordGate;
use crate::config::HttpSettings;
use crate::web::error::Error;
use crate::web::{self, AppState};

pub struct Application {
    server: Server,
    port: u16,
    passwords: Arc<PasswordGate>,
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
        let state = Data::new(AppState::new(pool, http));
        let passwords = state.passwords.clone();
        let server = HttpServer::new(move || {
            App::new()
                .wrap(TracingLogger::default())
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "same-origin")),
                )
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
        .listen(listener)?
        .run();
        Ok(Self {
            server,
            port,
            passwords,
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

    /// Serves until SIGINT or SIGTERM, then finishes open requests.
    pub async fn run(self) -> std::io::Result<()> {
        self.server.await
    }
}
