//! Questions about the database as a whole: whether it answers, its schema version, what
//! it holds before a backup or a restore, and creating it in a fresh cluster.

use sqlx::{FromRow, PgExecutor};

/// What a database holds, in the terms a person deciding about a restore cares for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, FromRow)]
pub struct Contents {
    /// Tables in the `public` schema; 0 for a database duban has never used.
    pub tables: i64,
    pub documents: i64,
    pub items: i64,
    pub users: i64,
    pub item_events: i64,
}

impl Contents {
    /// Whether replacing this database would lose anything anyone entered: a schema with
    /// no rows (a fresh `duban migrate`) holds nothing.
    pub fn holds_data(&self) -> bool {
        self.documents + self.items + self.users > 0
    }
}

/// Counts the rows that matter; a database without duban's tables counts as empty.
pub async fn count_contents(conn: &mut sqlx::PgConnection) -> sqlx::Result<Contents> {
    let tables: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'")
            .fetch_one(&mut *conn)
            .await?;
    let has_core: bool = sqlx::query_scalar(
        "SELECT to_regclass('public.documents') IS NOT NULL \
             AND to_regclass('public.items') IS NOT NULL \
             AND to_regclass('public.users') IS NOT NULL \
             AND to_regclass('public.item_events') IS NOT NULL",
    )
    .fetch_one(&mut *conn)
    .await?;
    if !has_core {
        return Ok(Contents {
            tables,
            ..Contents::default()
        });
    }
    sqlx::query_as(
        "SELECT $1::bigint AS tables, \
             (SELECT count(*) FROM public.documents) AS documents, \
             (SELECT count(*) FROM public.items) AS items, \
             (SELECT count(*) FROM public.users) AS users, \
             (SELECT count(*) FROM public.item_events) AS item_events",
    )
    .bind(tables)
    .fetch_one(conn)
    .await
}

/// Sessions connected to the current database other than the caller's own, each as
/// "application (state)": a restore under a running `duban serve` would pull the data from
/// under its requests.
pub async fn other_connections(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT format('%s (%s)', coalesce(nullif(application_name, ''), 'unnamed client'), \
             coalesce(state, 'unknown')) \
         FROM pg_catalog.pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
           AND backend_type = 'client backend' ORDER BY backend_start",
    )
    .fetch_all(ex)
    .await
}

/// Whether the database answers at all.
pub async fn ping(ex: impl PgExecutor<'_>) -> sqlx::Result<()> {
    sqlx::query("SELECT 1").execute(ex).await.map(drop)
}

/// The newest migration applied, if any.
pub async fn schema_version(ex: impl PgExecutor<'_>) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(ex)
        .await
}

/// Creates the database `name` in the cluster unless it exists. `name` is a fixed
/// identifier of duban's, never user input: CREATE DATABASE takes no parameters.
pub async fn create_database_if_missing(
    conn: &mut sqlx::PgConnection,
    name: &'static str,
) -> sqlx::Result<()> {
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut *conn)
            .await?;
    if !exists {
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Empties the database before a restore: run by `psql` ahead of the restore script, in
/// its transaction.
pub const WIPE_SCHEMA: &str = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; \
                               GRANT USAGE ON SCHEMA public TO PUBLIC;";
