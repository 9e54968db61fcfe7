//! Login attempts, the record behind the login throttle.

use std::net::IpAddr;

use sqlx::{PgExecutor, PgPool};

use crate::domain::Login;

/// How many failures within how many minutes close a login name, or a client address.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_login: i64,
    pub per_address: i64,
    pub minutes: i32,
}

/// Advisory lock classes (the two-key form, apart from the single-key locks elsewhere):
/// one lock per login name, one per client address.
const LOGIN_LOCK: i32 = 16_001;
const ADDRESS_LOCK: i32 = 16_002;

/// Records an attempt for `login` from `client_ip` as a failure, unless the failures of
/// the last `limits.minutes` already reach a limit; returns the new attempt's id, or
/// `None` when the attempt is refused.
///
/// The attempt counts as a failure from the start, while its password is checked, and
/// only [`mark_succeeded`] takes it back out: parallel guesses see each other. Check and
/// insert hold advisory locks on the login and the address until they commit, so no two
/// attempts count the same slot. This function owns its transaction because the locks
/// must cover exactly the count and the insert. Locks are always taken login first, then
/// address, so two attempts never wait on each other crosswise.
pub async fn admit_attempt(
    pool: &PgPool,
    login: &Login,
    client_ip: Option<IpAddr>,
    limits: Limits,
) -> sqlx::Result<Option<i64>> {
    let client_ip = client_ip.map(|ip| ip.to_string());
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .bind(LOGIN_LOCK)
        .bind(login.as_str())
        .execute(&mut *tx)
        .await?;
    if let Some(ip) = &client_ip {
        sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
            .bind(ADDRESS_LOCK)
            .bind(ip)
            .execute(&mut *tx)
            .await?;
    }
    // Read committed: this statement's snapshot is taken after the locks were granted, so
    // it sees every attempt committed by whoever held them before.
    let id = sqlx::query_scalar(
        "INSERT INTO login_attempts (login, client_ip, succeeded) \
         SELECT $1, $2, false \
         WHERE (SELECT count(*) FROM login_attempts \
                WHERE login = $1 AND NOT succeeded \
                  AND attempted_at > now() - make_interval(mins => $3)) < $4 \
           AND ($2::text IS NULL OR (SELECT count(*) FROM login_attempts \
                WHERE client_ip = $2 AND NOT succeeded \
                  AND attempted_at > now() - make_interval(mins => $3)) < $5) \
         RETURNING id",
    )
    .bind(login.as_str())
    .bind(&client_ip)
    .bind(limits.minutes)
    .bind(limits.per_login)
    .bind(limits.per_address)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The attempt's password was right: it is not a failure.
pub async fn mark_succeeded(ex: impl PgExecutor<'_>, attempt: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE login_attempts SET succeeded = true WHERE id = $1")
        .bind(attempt)
        .execute(ex)
        .await
        .map(drop)
}

/// The attempt's password was never checked (the server was too busy): it is no guess.
pub async fn withdraw_attempt(ex: impl PgExecutor<'_>, attempt: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_attempts WHERE id = $1")
        .bind(attempt)
        .execute(ex)
        .await
        .map(drop)
}

/// Deletes attempts older than `keep_days`: the throttle looks back minutes, the audit a
/// few months; idempotent, so every instance may run it. Returns how many went.
pub async fn purge_attempts(ex: impl PgExecutor<'_>, keep_days: i32) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM login_attempts WHERE attempted_at < now() - make_interval(days => $1)")
        .bind(keep_days)
        .execute(ex)
        .await
        .map(|r| r.rows_affected())
}
