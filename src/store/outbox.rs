//! The email outbox: every message is a row, written in the transaction of the event that
//! caused it and delivered by a worker that claims rows with `FOR UPDATE SKIP LOCKED`, so
//! that any number of workers send each message once.

use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgConnection, PgExecutor};

use crate::domain::{Delivery, MailPurpose, OutboxStatus, UnitId, UserId};

/// A message's content, as the outbox keeps it: subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    pub purpose: MailPurpose,
    /// Set for messages that must go out at most once (a digest period and its reader).
    pub dedup_key: Option<&'a str>,
    pub to_user_id: Option<UserId>,
    pub to_address: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: Option<&'a str>,
}

/// Queues a message; false when its dedup key was queued before.
pub async fn insert_mail(ex: impl PgExecutor<'_>, mail: &NewMail<'_>) -> sqlx::Result<bool> {
    sqlx::query(
        "INSERT INTO email_outbox (purpose, dedup_key, to_user_id, to_address, subject, \
             body_text, body_html) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(mail.purpose)
    .bind(mail.dedup_key)
    .bind(mail.to_user_id)
    .bind(mail.to_address)
    .bind(mail.subject)
    .bind(mail.body_text)
    .bind(mail.body_html)
    .execute(ex)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// A queued message as the worker sends it.
#[derive(Debug, Clone, FromRow)]
pub struct QueuedMail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub attempts: i32,
}

/// The oldest message due for (another) attempt, locked for the rest of the transaction;
/// messages other workers hold are skipped, not waited for.
pub async fn claim_next(conn: &mut PgConnection) -> sqlx::Result<Option<QueuedMail>> {
    sqlx::query_as(
        "SELECT id, to_address, subject, body_text, body_html, attempts FROM email_outbox \
         WHERE status = 'queued' AND next_attempt_at <= now() \
         ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
    )
    .fetch_optional(conn)
    .await
}

pub async fn mark_sent(
    conn: &mut PgConnection,
    id: i64,
    delivery: Delivery,
    delivered_to: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE email_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, \
             delivery = $3, delivered_to = $2, last_error = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(delivered_to)
    .bind(delivery)
    .execute(conn)
    .await
    .map(drop)
}

/// Records a failed attempt and when to try again.
pub async fn mark_retry(
    conn: &mut PgConnection,
    id: i64,
    error: &str,
    next_attempt_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE email_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(next_attempt_at)
    .execute(conn)
    .await
    .map(drop)
}

/// Gives up on a message (the server refused it for good, or retries ran out).
pub async fn mark_failed(conn: &mut PgConnection, id: i64, error: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE email_outbox SET status = 'failed', attempts = attempts + 1, last_error = $2 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .execute(conn)
    .await
    .map(drop)
}

/// Puts a failed message back in the queue, due now; false unless it had failed.
pub async fn requeue(ex: impl PgExecutor<'_>, id: i64) -> sqlx::Result<bool> {
    sqlx::query(
        "UPDATE email_outbox SET status = 'queued', next_attempt_at = now() \
         WHERE id = $1 AND status = 'failed'",
    )
    .bind(id)
    .execute(ex)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// A row of the secretariat's outbox page.
#[derive(Debug, Clone, FromRow)]
pub struct OutboxEntry {
    pub id: i64,
    pub purpose: MailPurpose,
    pub to_address: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivery: Option<Delivery>,
    pub delivered_to: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The newest messages, those with problems first: failed, then queued after an error.
pub async fn list_outbox(ex: impl PgExecutor<'_>, limit: i64) -> sqlx::Result<Vec<OutboxEntry>> {
    sqlx::query_as(
        "SELECT o.id, o.purpose, o.to_address, u.display_name AS to_name, o.subject, \
             o.status, o.attempts, o.next_attempt_at, o.last_error, o.sent_at, \
             o.delivery, o.delivered_to, o.created_at \
         FROM email_outbox o LEFT JOIN users u ON u.id = o.to_user_id \
         ORDER BY (o.status = 'failed') DESC, (o.status = 'queued' AND o.last_error IS NOT NULL) DESC, \
                  o.created_at DESC, o.id DESC \
         LIMIT $1",
    )
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// How many messages are in each state.
#[derive(Debug, Clone, Default, FromRow)]
pub struct OutboxCounts {
    pub queued: i64,
    pub retrying: i64,
    /// Handed to the mail server.
    pub sent: i64,
    /// Written as files: no mail server is configured.
    pub filed: i64,
    pub failed: i64,
}

pub async fn count_outbox(ex: impl PgExecutor<'_>) -> sqlx::Result<OutboxCounts> {
    sqlx::query_as(
        "SELECT count(*) FILTER (WHERE status = 'queued') AS queued, \
             count(*) FILTER (WHERE status = 'queued' AND last_error IS NOT NULL) AS retrying, \
             count(*) FILTER (WHERE status = 'sent' AND delivery IS DISTINCT FROM 'file') AS sent, \
             count(*) FILTER (WHERE status = 'sent' AND delivery = 'file') AS filed, \
             count(*) FILTER (WHERE status = 'failed') AS failed \
         FROM email_outbox",
    )
    .fetch_one(ex)
    .await
}

/// Someone a notice goes to: an active user with an address.
#[derive(Debug, Clone, FromRow)]
pub struct Recipient {
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
    /// The unit a head heads; `None` for the secretariat.
    pub unit_id: Option<UnitId>,
    pub unit_name: String,
}

/// The active heads, with an address, of `units`.
pub async fn list_unit_heads(
    ex: impl PgExecutor<'_>,
    units: &[UnitId],
) -> sqlx::Result<Vec<Recipient>> {
    sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name, u.email, u.unit_id, n.name AS unit_name \
         FROM users u JOIN units n ON n.id = u.unit_id \
         WHERE u.active AND u.role = 'unit_head' AND u.email IS NOT NULL \
           AND u.unit_id = ANY ($1::bigint[]) \
         ORDER BY u.id",
    )
    .bind(units)
    .fetch_all(ex)
    .await
}

/// The secretariat's active members, with an address, who want to hear of units' steps
/// (reported done, more time asked).
pub async fn list_update_watchers(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<Recipient>> {
    sqlx::query_as(
        "SELECT id AS user_id, display_name, email, NULL::bigint AS unit_id, '' AS unit_name \
         FROM users WHERE active AND role IN ('secretariat', 'admin') AND email IS NOT NULL \
           AND notify_updates ORDER BY id",
    )
    .fetch_all(ex)
    .await
}

/// The account of a responsible leader (责任领导), if it is active and has an address.
pub async fn find_leader_recipient(
    ex: impl PgExecutor<'_>,
    leader_id: i64,
) -> sqlx::Result<Option<Recipient>> {
    sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name, u.email, NULL::bigint AS unit_id, \
             '' AS unit_name \
         FROM leaders l JOIN users u ON u.id = l.user_id \
         WHERE l.id = $1 AND u.active AND u.email IS NOT NULL",
    )
    .bind(leader_id)
    .fetch_optional(ex)
    .await
}

/// Units among `units` whose heads nobody would reach: no active head with an address.
pub async fn list_unreachable_units(
    ex: impl PgExecutor<'_>,
    units: &[UnitId],
) -> sqlx::Result<Vec<UnitId>> {
    sqlx::query_scalar(
        "SELECT n.id FROM units n WHERE n.id = ANY ($1::bigint[]) AND NOT EXISTS ( \
             SELECT 1 FROM users u WHERE u.unit_id = n.id AND u.active \
               AND u.role = 'unit_head' AND u.email IS NOT NULL) \
         ORDER BY n.id",
    )
    .bind(units)
    .fetch_all(ex)
    .await
}
