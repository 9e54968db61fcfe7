use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgExecutor};

use crate::domain::{Role, UnitId, UserId};

/// The user behind a live session, with the session's CSRF token.
#[derive(Debug, Clone, FromRow)]
pub struct SessionUser {
    pub user_id: UserId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub unit_name: Option<String>,
    pub csrf_token: String,
    /// The session's key (the SHA-256 of its cookie), so that a password change can end
    /// every other session of the user.
    pub session_hash: Vec<u8>,
}

/// A live session as one request finds it.
#[derive(Debug, Clone, FromRow)]
pub struct LiveSession {
    #[sqlx(flatten)]
    pub user: SessionUser,
    /// The data version when the request began (the sum of `data_version_stripes`, see
    /// [`crate::cache`]), when asked for: read here, it saves a cached page a round trip.
    pub data_version: Option<i64>,
    /// The expiry last slid more than a minute ago: time to slide it again.
    pub slide_due: bool,
}

pub async fn insert_session(
    ex: impl PgExecutor<'_>,
    token_hash: &[u8],
    user_id: UserId,
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

/// How long a session lives: `idle_hours` after its last use, and never more than
/// `max_hours` after it began, so that a stolen cookie kept busy still dies.
#[derive(Debug, Clone, Copy)]
pub struct Lifetime {
    pub idle_hours: i32,
    pub max_hours: i32,
}

/// Looks up the session of `token_hash`, with the data version if `with_data_version`;
/// sessions of deactivated users, and sessions older than `lifetime.max_hours` (whatever
/// their expiry says, e.g. slid before the limit existed), are dead.
///
/// The lookup only reads. Sliding the expiry on every request made each page a write
/// transaction waiting on a WAL flush, and a user's concurrent requests queued on the row's
/// lock; as a data-modifying part of the lookup that changed nothing most of the time, it
/// still cost every request about a tenth of the statement. See [`slide_session`].
pub async fn find_session(
    ex: impl PgExecutor<'_>,
    token_hash: &[u8],
    lifetime: Lifetime,
    with_data_version: bool,
) -> sqlx::Result<Option<LiveSession>> {
    // Summing the stripes costs about half of the lookup, and most pages are not cached.
    macro_rules! lookup {
        ($data_version:literal) => {
            concat!(
                "SELECT u.id AS user_id, u.login, u.display_name, u.role, u.unit_id, \
                        n.name AS unit_name, s.csrf_token, s.token_hash AS session_hash, ",
                $data_version,
                " AS data_version, \
                        s.last_seen_at < now() - interval '1 minute' AS slide_due \
                 FROM sessions s JOIN users u ON u.id = s.user_id \
                 LEFT JOIN units n ON n.id = u.unit_id \
                 WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active \
                   AND s.created_at > now() - make_interval(hours => $2)"
            )
        };
    }
    let sql = if with_data_version {
        lookup!("(SELECT sum(n)::bigint FROM data_version_stripes)")
    } else {
        lookup!("NULL::bigint")
    };
    sqlx::query_as(sql)
        .bind(token_hash)
        .bind(lifetime.max_hours)
        .fetch_optional(ex)
        .await
}

/// Moves a live session's expiry `lifetime.idle_hours` ahead, but not past its maximum
/// age (so that the purge finds it on time), unless a concurrent request of the same
/// session did so within the last minute.
pub async fn slide_session(
    ex: impl PgExecutor<'_>,
    token_hash: &[u8],
    lifetime: Lifetime,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE sessions SET last_seen_at = now(), \
             expires_at = LEAST(now() + make_interval(hours => $2), \
                                created_at + make_interval(hours => $3)) \
         WHERE token_hash = $1 AND expires_at > now() \
           AND last_seen_at < now() - interval '1 minute'",
    )
    .bind(token_hash)
    .bind(lifetime.idle_hours)
    .bind(lifetime.max_hours)
    .execute(ex)
    .await
    .map(drop)
}

pub async fn delete_session(ex: impl PgExecutor<'_>, token_hash: &[u8]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(ex)
        .await
        .map(drop)
}

/// Ends every session of `user_id` but the one of `keep_token_hash`: after a password
/// change, whoever knew the old password is logged out, not the person who changed it.
pub async fn delete_other_sessions(
    ex: impl PgExecutor<'_>,
    user_id: UserId,
    keep_token_hash: &[u8],
) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_token_hash)
        .execute(ex)
        .await
        .map(|r| r.rows_affected())
}

/// Deletes expired sessions; idempotent, so every instance may run it. A session past its
/// maximum age expires too: sliding never moves its expiry beyond that age, and one
/// refused for its age is not slid again. Returns how many went.
pub async fn purge_sessions(ex: impl PgExecutor<'_>) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM sessions WHERE expires_at <= now()")
        .execute(ex)
        .await
        .map(|r| r.rows_affected())
}
