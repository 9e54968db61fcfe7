use sqlx::PgExecutor;

pub async fn record_attempt(
    ex: impl PgExecutor<'_>,
    login: &str,
    client_ip: Option<&str>,
    succeeded: bool,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO login_attempts (login, client_ip, succeeded) VALUES ($1, $2, $3)")
        .bind(login)
        .bind(client_ip)
        .bind(succeeded)
        .execute(ex)
        .await
        .map(drop)
}

/// Failed attempts in the last `minutes` for the login, and for the client address.
pub async fn recent_failures(
    ex: impl PgExecutor<'_>,
    login: &str,
    client_ip: Option<&str>,
    minutes: i32,
) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT count(*) FILTER (WHERE login = $1), count(*) FILTER (WHERE client_ip = $2) \
         FROM login_attempts \
         WHERE NOT succeeded AND attempted_at > now() - make_interval(mins => $3) \
           AND (login = $1 OR client_ip = $2)",
    )
    .bind(login)
    .bind(client_ip)
    .bind(minutes)
    .fetch_one(ex)
    .await
}
