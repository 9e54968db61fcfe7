use sqlx::{FromRow, PgExecutor};

use crate::domain::{Login, Role, UnitId, UserId};

/// A user as the login and session checks need it.
#[derive(Debug, Clone, FromRow)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub unit_name: Option<String>,
    pub password_hash: String,
    pub active: bool,
}

pub struct NewUser<'a> {
    pub login: &'a Login,
    pub display_name: &'a str,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub password_hash: &'a str,
}

const SELECT_USER: &str = "SELECT u.id, u.login, u.display_name, u.role, u.unit_id, \
     n.name AS unit_name, u.password_hash, u.active \
     FROM users u LEFT JOIN units n ON n.id = u.unit_id";

pub async fn insert_user(ex: impl PgExecutor<'_>, user: &NewUser<'_>) -> sqlx::Result<UserId> {
    sqlx::query_scalar(
        "INSERT INTO users (login, display_name, role, unit_id, password_hash) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user.login.as_str())
    .bind(user.display_name)
    .bind(user.role)
    .bind(user.unit_id)
    .bind(user.password_hash)
    .fetch_one(ex)
    .await
}

pub async fn find_user_by_login(
    ex: impl PgExecutor<'_>,
    login: &Login,
) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("{SELECT_USER} WHERE u.login = $1"))
        .bind(login.as_str())
        .fetch_optional(ex)
        .await
}

pub async fn set_password(
    ex: impl PgExecutor<'_>,
    user_id: UserId,
    hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user_id)
        .bind(hash)
        .execute(ex)
        .await
        .map(drop)
}

/// The stored password hash of an active user, for checking their current password.
pub async fn find_password_hash(
    ex: impl PgExecutor<'_>,
    user_id: UserId,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1 AND active")
        .bind(user_id)
        .fetch_optional(ex)
        .await
}
