//! The directory of responsible leaders (责任领导): people items answer to, each optionally
//! linked to the leader account that sees those items.

use sqlx::{FromRow, PgConnection, PgExecutor};

use crate::domain::UserId;

/// A leader as the directory lists them.
#[derive(Debug, Clone, FromRow)]
pub struct LeaderEntry {
    pub id: i64,
    pub name: String,
    pub title: Option<String>,
    pub user_id: Option<UserId>,
    /// The linked account's name and login.
    pub account: Option<String>,
    /// Items not dismissed that answer to them.
    pub items: i64,
}

pub async fn list_leaders(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<LeaderEntry>> {
    sqlx::query_as(
        "SELECT l.id, l.name, l.title, l.user_id, \
             u.display_name || '（' || u.login || '）' AS account, \
             (SELECT count(*) FROM items i WHERE i.leader_id = l.id AND i.status <> 'dismissed') \
                 AS items \
         FROM leaders l LEFT JOIN users u ON u.id = l.user_id ORDER BY l.name",
    )
    .fetch_all(ex)
    .await
}

/// Leader accounts no leader of the directory is linked to: (id, name and login).
pub async fn list_unlinked_accounts(
    ex: impl PgExecutor<'_>,
) -> sqlx::Result<Vec<(UserId, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.display_name || '（' || u.login || '）' FROM users u \
         WHERE u.role = 'leader' AND u.active \
           AND NOT EXISTS (SELECT 1 FROM leaders l WHERE l.user_id = u.id) \
         ORDER BY u.display_name",
    )
    .fetch_all(ex)
    .await
}

/// Adds a leader; false when the name is taken.
pub async fn insert_leader(
    ex: impl PgExecutor<'_>,
    name: &str,
    title: Option<&str>,
) -> sqlx::Result<bool> {
    sqlx::query("INSERT INTO leaders (name, title) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(title)
        .execute(ex)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Links a leader to an account (or unlinks it with `None`); an account answers for one
/// leader, so it is first unlinked from any other. False when there is no such leader.
pub async fn set_account(
    conn: &mut PgConnection,
    leader_id: i64,
    user_id: Option<UserId>,
) -> sqlx::Result<bool> {
    if let Some(user) = user_id {
        sqlx::query("UPDATE leaders SET user_id = NULL WHERE user_id = $1 AND id <> $2")
            .bind(user)
            .bind(leader_id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("UPDATE leaders SET user_id = $2 WHERE id = $1")
        .bind(leader_id)
        .bind(user_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Gives a leader account its place in the directory, unless it has one: the unlinked
/// leader of the account's name (items already name them), or a new leader of that name.
/// False when that name belongs to a leader linked to another account.
pub async fn link_account_by_name(
    conn: &mut PgConnection,
    user_id: UserId,
    name: &str,
) -> sqlx::Result<bool> {
    let linked: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM leaders WHERE user_id = $1)")
            .bind(user_id)
            .fetch_one(&mut *conn)
            .await?;
    if linked {
        return Ok(true);
    }
    sqlx::query(
        "INSERT INTO leaders (name, user_id) VALUES (btrim($2), $1) \
         ON CONFLICT (name) DO UPDATE SET user_id = EXCLUDED.user_id \
             WHERE leaders.user_id IS NULL",
    )
    .bind(user_id)
    .bind(name)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1)
}
