//! The benchmark yardstick's table (migration `20261123000060_fortune.sql`).

use sqlx::{FromRow, PgExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct Fortune {
    pub id: i32,
    pub message: String,
}

pub async fn list_fortunes(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<Fortune>> {
    sqlx::query_as("SELECT id, message FROM fortune")
        .fetch_all(ex)
        .await
}
