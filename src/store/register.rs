//! Register numbers and the office's settings they are written by.

use sqlx::{PgConnection, PgExecutor};

use crate::domain::{ItemId, RegisterFormat, UserId};

/// The setting that holds the register number format.
pub const FORMAT_KEY: &str = "register_format";

/// The setting that names the office issuing 督办通知单.
pub const ISSUER_KEY: &str = "issuer";

/// The setting that makes an extension need the responsible leader's approval after the
/// secretariat's ("on").
pub const LEADER_APPROVES_KEY: &str = "extension_needs_leader";

/// Whether extensions need the leader's approval after the secretariat's.
pub async fn leader_approves_extensions(ex: impl PgExecutor<'_>) -> sqlx::Result<bool> {
    Ok(setting(ex, LEADER_APPROVES_KEY).await?.as_deref() == Some("on"))
}

/// The issuer when none is set.
pub const DEFAULT_ISSUER: &str = "督查督办办公室";

/// The next number of `year`, taken under the year's counter lock until the transaction
/// ends: concurrent publishers wait for each other, and a rollback gives the number back.
pub async fn next_seq(conn: &mut PgConnection, year: i32) -> sqlx::Result<i32> {
    sqlx::query_scalar(
        "INSERT INTO register_counters (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = register_counters.last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(conn)
    .await
}

pub async fn set_number(
    conn: &mut PgConnection,
    item: ItemId,
    (year, seq): (i32, i32),
    number: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE items SET register_year = $2, register_seq = $3, register_number = $4 \
         WHERE id = $1",
    )
    .bind(item)
    .bind(year)
    .bind(seq)
    .bind(number)
    .execute(conn)
    .await
    .map(drop)
}

/// The office's register number format, or the usual one when none is set (or the stored
/// one no longer parses).
pub async fn format(ex: impl PgExecutor<'_>) -> sqlx::Result<RegisterFormat> {
    let stored = setting(ex, FORMAT_KEY).await?;
    Ok(stored
        .and_then(|f| RegisterFormat::parse(&f).ok())
        .unwrap_or_default())
}

/// Who issues 督办通知单, or [`DEFAULT_ISSUER`].
pub async fn issuer(ex: impl PgExecutor<'_>) -> sqlx::Result<String> {
    Ok(setting(ex, ISSUER_KEY)
        .await?
        .unwrap_or_else(|| DEFAULT_ISSUER.to_owned()))
}

/// A setting's value, if set.
pub async fn setting(ex: impl PgExecutor<'_>, key: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(ex)
        .await
}

pub async fn set_setting(
    ex: impl PgExecutor<'_>,
    key: &str,
    value: &str,
    by: UserId,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value, updated_by) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, \
             updated_by = EXCLUDED.updated_by, updated_at = now()",
    )
    .bind(key)
    .bind(value)
    .bind(by)
    .execute(ex)
    .await
    .map(drop)
}

/// Numbers the published items that have none (items written in bulk, not through
/// 交办), in the order and year they were published, after the year's last number.
pub async fn number_unnumbered(conn: &mut PgConnection, format: &str) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "WITH p AS ( \
             SELECT id, coalesce(assigned_at, created_at) AS at, \
                 extract(year FROM coalesce(assigned_at, created_at) \
                     AT TIME ZONE 'Asia/Shanghai')::int AS y \
             FROM items WHERE status NOT IN ('draft', 'dismissed') AND register_seq IS NULL), \
         numbered AS ( \
             SELECT p.id, p.y, (coalesce(c.last, 0) \
                 + row_number() OVER (PARTITION BY p.y ORDER BY p.at, p.id))::int AS n \
             FROM p LEFT JOIN register_counters c ON c.year = p.y) \
         UPDATE items i SET register_year = y, register_seq = n, \
             register_number = replace(replace($1, '{year}', y::text), '{n}', n::text) \
         FROM numbered WHERE numbered.id = i.id",
    )
    .bind(format)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query(
        "INSERT INTO register_counters (year, last) \
         SELECT register_year, max(register_seq) FROM items WHERE register_year IS NOT NULL \
         GROUP BY register_year \
         ON CONFLICT (year) DO UPDATE SET last = greatest(register_counters.last, EXCLUDED.last)",
    )
    .execute(conn)
    .await?;
    Ok(done)
}
