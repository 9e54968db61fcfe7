//! Opening the database: the embedded cluster by default, or the server in `DATABASE_URL`.

pub mod backup;
pub mod embedded;

use std::time::Duration;

use anyhow::Context;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};

use crate::config::DatabaseSettings;
use embedded::{Cluster, ClusterError, Layout};

/// The schema, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!();

/// How long a request waits for a pooled connection. Over the embedded cluster's socket a
/// stopped server fails at once (the socket file is gone); over TCP sqlx retries a refused
/// connection until this timeout. Long enough to queue through a burst of 256 connections
/// on a pool of 10, short enough that nobody stares at a hanging page.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// How long a pooled connection may have been idle and still be handed out unpinged.
const UNTESTED_IDLE: Duration = Duration::from_millis(250);

/// A connection pool, and the embedded cluster behind it when this process runs one.
pub struct Database {
    pub pool: PgPool,
    options: PgConnectOptions,
    cluster: Option<Cluster>,
}

/// Whether this process must own the embedded cluster (`serve`) or may share one that is
/// already running (one-shot commands such as `user add`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    Exclusive,
    Shared,
}

impl Database {
    /// Connects, starting the embedded cluster if needed, and runs the migrations.
    pub async fn open(settings: &DatabaseSettings, ownership: Ownership) -> anyhow::Result<Self> {
        let db = Self::connect(settings, ownership).await?;
        MIGRATOR
            .run(&db.pool)
            .await
            .context("running database migrations")?;
        Ok(db)
    }

    /// Connects, starting the embedded cluster if needed, and leaves the schema as it is
    /// (backup and restore work on the database as they find it).
    pub async fn connect(
        settings: &DatabaseSettings,
        ownership: Ownership,
    ) -> anyhow::Result<Self> {
        let (options, cluster) = match &settings.url {
            Some(url) => (
                url.parse::<PgConnectOptions>()
                    .context("parsing DATABASE_URL")?,
                None,
            ),
            None => start_embedded(settings, ownership).await?,
        };
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections)
            // Fail fast when the database is gone instead of letting requests pile up: a
            // request waits at most this long for a connection, then gets the 503 page.
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // sqlx pings a connection when it goes back to the pool and, by default, again
            // when it is taken out: two extra round trips per query, which on a busy
            // instance is a wake-up of a PostgreSQL backend for nothing. A connection that
            // went back moments ago is taken as it is; one idle for longer, which a server
            // restart may have broken meanwhile, is pinged first.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= UNTESTED_IDLE {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(
                options
                    .clone()
                    // JIT compiles a statement whose estimated cost is high; the light's
                    // expression over a list of 100,000 items crosses that line, and
                    // compiling it took 4 s where running it takes 0.2 s. duban's
                    // statements are short; none gains from JIT.
                    .options([("jit", "off")])
                    .log_statements(tracing::log::LevelFilter::Debug),
            )
            .await
            .context("connecting to PostgreSQL")?;
        Ok(Self {
            pool,
            options,
            cluster,
        })
    }

    /// Where the pool connects: the embedded cluster's socket or `DATABASE_URL`'s server.
    pub fn connect_options(&self) -> &PgConnectOptions {
        &self.options
    }

    /// Closes the pool, then stops the embedded cluster if this process started it.
    pub async fn close(self) {
        self.pool.close().await;
        if let Some(cluster) = self.cluster {
            tokio::task::spawn_blocking(move || cluster.stop())
                .await
                .ok();
        }
    }
}

async fn start_embedded(
    settings: &DatabaseSettings,
    ownership: Ownership,
) -> anyhow::Result<(PgConnectOptions, Option<Cluster>)> {
    let layout = Layout::new(&settings.data_dir)?;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let cluster = loop {
        let (l, bin) = (layout.clone(), settings.pg_bin_dir.clone());
        match tokio::task::spawn_blocking(move || Cluster::start(&l, bin.as_deref())).await? {
            Ok(cluster) => break Some(cluster),
            Err(ClusterError::InUse(_)) if ownership == Ownership::Shared => {
                // Another duban owns it: use its cluster once it is up.
                if layout.is_running() {
                    break None;
                }
                if std::time::Instant::now() > deadline {
                    anyhow::bail!("the data directory is locked but its PostgreSQL never came up");
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => return Err(e.into()),
        }
    };
    create_database_if_missing(&layout).await?;
    Ok((layout.connect_options(embedded::DB_NAME), cluster))
}

async fn create_database_if_missing(layout: &Layout) -> anyhow::Result<()> {
    let mut conn = sqlx::PgConnection::connect_with(&layout.connect_options("postgres"))
        .await
        .context("connecting to the embedded cluster")?;
    crate::store::maintenance::create_database_if_missing(&mut conn, embedded::DB_NAME).await?;
    conn.close().await?;
    Ok(())
}
