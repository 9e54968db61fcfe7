//! Users as administrators see and change them. Users are never deleted: deactivating
//! keeps their history and ends their sessions.

use sqlx::{FromRow, PgExecutor};

use crate::domain::{DigestPreference, Role, UnitId, UserId};

/// A user as the administration pages list and edit them.
#[derive(Debug, Clone, FromRow)]
pub struct UserSummary {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub unit_name: Option<String>,
    pub email: Option<String>,
    pub digest: DigestPreference,
    /// Whether a secretariat member is told when a unit reports done or asks for time.
    pub notify_updates: bool,
    pub active: bool,
}

/// What an administrator may change about a user besides password and activity.
pub struct UserProfile<'a> {
    pub display_name: &'a str,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub email: Option<&'a str>,
}

const SELECT_SUMMARY: &str = "SELECT u.id, u.login, u.display_name, u.role, u.unit_id, \
     n.name AS unit_name, u.email, u.digest, u.notify_updates, u.active \
     FROM users u LEFT JOIN units n ON n.id = u.unit_id";

/// Every user, active ones first.
pub async fn list_users(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<UserSummary>> {
    sqlx::query_as(&format!("{SELECT_SUMMARY} ORDER BY u.active DESC, u.login"))
        .fetch_all(ex)
        .await
}

pub async fn find_user(ex: impl PgExecutor<'_>, id: UserId) -> sqlx::Result<Option<UserSummary>> {
    sqlx::query_as(&format!("{SELECT_SUMMARY} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// Sets the profile; false when there is no such user.
pub async fn update_profile(
    ex: impl PgExecutor<'_>,
    id: UserId,
    profile: &UserProfile<'_>,
) -> sqlx::Result<bool> {
    sqlx::query(
        "UPDATE users SET display_name = $2, role = $3, unit_id = $4, email = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(profile.display_name)
    .bind(profile.role)
    .bind(profile.unit_id)
    .bind(profile.email)
    .execute(ex)
    .await
    .map(|r| r.rows_affected() == 1)
}

pub async fn set_email(
    ex: impl PgExecutor<'_>,
    id: UserId,
    email: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET email = $2 WHERE id = $1")
        .bind(id)
        .bind(email)
        .execute(ex)
        .await
        .map(drop)
}

/// Activates or deactivates; false when there is no such user.
pub async fn set_active(ex: impl PgExecutor<'_>, id: UserId, active: bool) -> sqlx::Result<bool> {
    sqlx::query("UPDATE users SET active = $2 WHERE id = $1")
        .bind(id)
        .bind(active)
        .execute(ex)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Logs the user out everywhere.
pub async fn delete_sessions_of(ex: impl PgExecutor<'_>, user_id: UserId) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(ex)
        .await
        .map(|r| r.rows_affected())
}
