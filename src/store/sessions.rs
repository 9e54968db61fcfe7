use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgExecutor};

use crate::domain::Role;

/// The user behind a live session, with the session's CSRF token.
#[derive(Debug, Clone, FromRow)]
pub struct SessionUser {
    pub user_id: i64,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub csrf_token: String,
    /// The data version when the request began (the sum of `data_version_stripes`, see
    /// [`crate::cache`]), read here to save every cached page a round trip.
    pub data_version: i64,
}

pub async fn insert_session(
    ex: impl PgExecutor<'_>,
    token_hash: &[u8],
    user_id: i64,
    csrf_token: &str,
    expires_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(csrf_token)
    .bind(expires_at)
    .execute(ex)
    .await
    .map(drop)
}

/// Looks a session up and slides its expiry; sessions of deactivated users are dead.
///
/// The expiry slides at most once a minute: writing the session row on every request made
/// each page a write transaction waiting on a WAL flush, and a user's concurrent requests
/// queue on the row's lock.
pub async fn touch_session(
    ex: impl PgExecutor<'_>,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> sqlx::Result<Option<SessionUser>> {
    sqlx::query_as(
        "WITH s AS ( \
             SELECT user_id, csrf_token FROM sessions \
             WHERE token_hash = $1 AND expires_at > now()), \
         slide AS ( \
             UPDATE sessions SET last_seen_at = now(), expires_at = $2 \
             WHERE token_hash = $1 AND expires_at > now() \
               AND last_seen_at < now() - interval '1 minute') \
         SELECT u.id AS user_id, u.login, u.display_name, u.role, u.unit_id, \
                n.name AS unit_name, s.csrf_token, \
                (SELECT sum(n)::bigint FROM data_version_stripes) AS data_version \
         FROM s JOIN users u ON u.id = s.user_id LEFT JOIN units n ON n.id = u.unit_id \
         WHERE u.active",
    )
    .bind(token_hash)
    .bind(expires_at)
    .fetch_optional(ex)
    .await
}

pub async fn delete_session(ex: impl PgExecutor<'_>, token_hash: &[u8]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(ex)
        .await
        .map(drop)
}
