//! What digests are made of: recipients, a unit's open items and news, the secretariat's
//! totals (counted by the database) and lists, a leader's items; and the record of digest
//! runs that makes each period go out once.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, PgConnection, PgExecutor};

use crate::domain::{
    Actor, DigestPreference, ExtensionStatus, ItemId, ItemStatus, LightCause, Role, UnitId, UserId,
};

/// Someone who may get a digest, with what decides which digest.
#[derive(Debug, Clone, FromRow)]
pub struct Recipient {
    pub user_id: UserId,
    pub login: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub unit_name: Option<String>,
    /// The `leaders` row of a leader user.
    pub leader_name: Option<String>,
    pub digest: DigestPreference,
}

const SELECT_RECIPIENT: &str = "SELECT u.id AS user_id, u.login, u.display_name, u.email, \
         u.role, u.unit_id, n.name AS unit_name, l.name AS leader_name, u.digest \
     FROM users u LEFT JOIN units n ON n.id = u.unit_id LEFT JOIN leaders l ON l.user_id = u.id";

/// Active users with an address who asked for this cadence and whose role has a digest:
/// unit heads (of a unit), leaders (named in `leaders`), the secretariat and admins.
pub async fn list_recipients(
    ex: impl PgExecutor<'_>,
    preference: DigestPreference,
) -> sqlx::Result<Vec<Recipient>> {
    sqlx::query_as(&format!(
        "{SELECT_RECIPIENT} WHERE u.active AND u.email IS NOT NULL AND u.digest = $1 \
           AND (u.role IN ('admin', 'secretariat') \
                OR (u.role = 'unit_head' AND u.unit_id IS NOT NULL) \
                OR (u.role = 'leader' AND l.id IS NOT NULL)) \
         ORDER BY u.id"
    ))
    .bind(preference.as_str())
    .fetch_all(ex)
    .await
}

/// Every active user whose role has a digest, whatever their address and preference,
/// for the secretariat's preview list.
pub async fn list_all_recipients(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<Recipient>> {
    sqlx::query_as(&format!(
        "{SELECT_RECIPIENT} WHERE u.active AND u.role <> 'viewer' \
         ORDER BY u.role, n.name NULLS LAST, u.login"
    ))
    .fetch_all(ex)
    .await
}

pub async fn find_recipient(
    ex: impl PgExecutor<'_>,
    user_id: UserId,
) -> sqlx::Result<Option<Recipient>> {
    sqlx::query_as(&format!("{SELECT_RECIPIENT} WHERE u.id = $1"))
        .bind(user_id)
        .fetch_optional(ex)
        .await
}

pub async fn find_recipient_by_login(
    ex: impl PgExecutor<'_>,
    login: &str,
) -> sqlx::Result<Option<Recipient>> {
    sqlx::query_as(&format!("{SELECT_RECIPIENT} WHERE u.login = $1"))
        .bind(login)
        .fetch_optional(ex)
        .await
}

/// An item as a digest lists it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct DigestItem {
    pub id: ItemId,
    /// 立项编号.
    pub register_number: Option<String>,
    pub title: String,
    pub status: ItemStatus,
    pub due_date: Option<NaiveDate>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub last_progress_at: Option<DateTime<Utc>>,
    pub reported_done_at: Option<DateTime<Utc>>,
    /// Lead units, joined with 、.
    pub lead_units: String,
    /// Whether the unit the digest is for leads the item (else it helps); true elsewhere.
    pub is_lead: bool,
    /// Why it is lit as the digest is written.
    pub cause: Option<LightCause>,
}

static ITEM_COLUMNS: LazyLock<String> =
    LazyLock::new(|| format!("{ITEM_FIELDS}, {} AS cause", *super::light::CAUSE_TODAY));

const ITEM_FIELDS: &str = "i.id, i.register_number, i.title, i.status, i.due_date, i.assigned_at, \
    i.last_progress_at, i.reported_done_at, \
    coalesce((SELECT string_agg(u.name, '、' ORDER BY u.name) FROM item_units x \
              JOIN units u ON u.id = x.unit_id WHERE x.item_id = i.id AND x.role = 'lead'), '') \
        AS lead_units";

/// The open items (已交办, 推进中, 受阻) a unit leads or helps with.
pub async fn list_unit_open_items(
    ex: impl PgExecutor<'_>,
    unit_id: UnitId,
) -> sqlx::Result<Vec<DigestItem>> {
    sqlx::query_as(&format!(
        "SELECT {item_columns}, iu.role = 'lead' AS is_lead \
         FROM items i JOIN item_units iu ON iu.item_id = i.id AND iu.unit_id = $1 \
         WHERE i.status IN ('assigned', 'in_progress', 'blocked') \
         ORDER BY i.due_date NULLS LAST, i.id",
        item_columns = *ITEM_COLUMNS
    ))
    .bind(unit_id)
    .fetch_all(ex)
    .await
}

/// The open and reported-done items a leader user answers for.
pub async fn list_leader_items(
    ex: impl PgExecutor<'_>,
    user_id: UserId,
) -> sqlx::Result<Vec<DigestItem>> {
    sqlx::query_as(&format!(
        "SELECT {item_columns}, true AS is_lead \
         FROM items i JOIN leaders l ON l.id = i.leader_id AND l.user_id = $1 \
         WHERE i.status IN ('assigned', 'in_progress', 'blocked', 'reported_done') \
         ORDER BY i.due_date NULLS LAST, i.id",
        item_columns = *ITEM_COLUMNS
    ))
    .bind(user_id)
    .fetch_all(ex)
    .await
}

/// Items reported done and waiting for the secretariat's verification, oldest first.
pub async fn list_awaiting_verification(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<DigestItem>> {
    sqlx::query_as(&format!(
        "SELECT {item_columns}, true AS is_lead FROM items i \
         WHERE i.status = 'reported_done' ORDER BY i.reported_done_at NULLS FIRST, i.id",
        item_columns = *ITEM_COLUMNS
    ))
    .fetch_all(ex)
    .await
}

/// Open items past their deadline on `today`, latest first.
pub async fn list_overdue(
    ex: impl PgExecutor<'_>,
    today: NaiveDate,
) -> sqlx::Result<Vec<DigestItem>> {
    sqlx::query_as(&format!(
        "SELECT {item_columns}, true AS is_lead FROM items i \
         WHERE i.status IN ('assigned', 'in_progress', 'blocked') AND i.due_date < $1 \
         ORDER BY i.due_date, i.id",
        item_columns = *ITEM_COLUMNS
    ))
    .bind(today)
    .fetch_all(ex)
    .await
}

/// Open items that missed a periodic report (缺报) on `today`, whatever their light shows,
/// longest without a report first.
pub async fn list_missed(
    ex: impl PgExecutor<'_>,
    today: NaiveDate,
) -> sqlx::Result<Vec<DigestItem>> {
    sqlx::query_as(&format!(
        "SELECT {item_columns}, true AS is_lead FROM items i WHERE {missed} \
         ORDER BY coalesce(i.last_report_at, i.assigned_at), i.id",
        item_columns = *ITEM_COLUMNS,
        missed = super::light::missed_on("$1::date"),
    ))
    .bind(today)
    .fetch_all(ex)
    .await
}

/// An item the secretariat sent back (退回) to its unit.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Returned {
    pub item_id: ItemId,
    pub title: String,
    pub returned_at: DateTime<Utc>,
    pub reason: Option<String>,
}

/// Items of the unit returned since `since`: the status moved from reported done back to
/// in progress (the only way back is 退回, see `workflow::verify`). Events store the
/// statuses' labels, so the labels are the parameters.
pub async fn list_unit_returned(
    ex: impl PgExecutor<'_>,
    unit_id: UnitId,
    since: DateTime<Utc>,
) -> sqlx::Result<Vec<Returned>> {
    sqlx::query_as(
        "SELECT i.id AS item_id, i.title, e.created_at AS returned_at, e.note AS reason \
         FROM item_events e JOIN items i ON i.id = e.item_id \
         WHERE e.action = 'status' AND e.before = $3 AND e.after = $4 AND e.created_at >= $2 \
           AND EXISTS (SELECT 1 FROM item_units iu WHERE iu.item_id = i.id AND iu.unit_id = $1) \
         ORDER BY e.created_at, e.id",
    )
    .bind(unit_id)
    .bind(since)
    .bind(ItemStatus::ReportedDone.label())
    .bind(ItemStatus::InProgress.label())
    .fetch_all(ex)
    .await
}

/// An extension request (延期申请), pending or answered.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Extension {
    pub item_id: ItemId,
    pub title: String,
    pub lead_units: String,
    pub old_due: Option<NaiveDate>,
    pub new_due: NaiveDate,
    pub reason: String,
    pub status: ExtensionStatus,
    pub decision_note: Option<String>,
    pub created_at: DateTime<Utc>,
}

const EXTENSION_COLUMNS: &str = "i.id AS item_id, i.title, \
    coalesce((SELECT string_agg(u.name, '、' ORDER BY u.name) FROM item_units x \
              JOIN units u ON u.id = x.unit_id WHERE x.item_id = i.id AND x.role = 'lead'), '') \
        AS lead_units, \
    e.old_due, e.new_due, e.reason, e.status, e.decision_note, e.created_at";

/// Extension requests of the unit's items answered since `since`.
pub async fn list_unit_answered_extensions(
    ex: impl PgExecutor<'_>,
    unit_id: UnitId,
    since: DateTime<Utc>,
) -> sqlx::Result<Vec<Extension>> {
    sqlx::query_as(&format!(
        "SELECT {EXTENSION_COLUMNS} FROM extension_requests e JOIN items i ON i.id = e.item_id \
         WHERE e.status <> 'pending' AND e.decided_at >= $2 \
           AND EXISTS (SELECT 1 FROM item_units iu WHERE iu.item_id = i.id AND iu.unit_id = $1) \
         ORDER BY e.decided_at, e.id"
    ))
    .bind(unit_id)
    .bind(since)
    .fetch_all(ex)
    .await
}

/// Extension requests waiting for the secretariat, oldest first.
pub async fn list_pending_extensions(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<Extension>> {
    sqlx::query_as(&format!(
        "SELECT {EXTENSION_COLUMNS} FROM extension_requests e JOIN items i ON i.id = e.item_id \
         WHERE e.status = 'pending' AND e.office_approved_at IS NULL \
         ORDER BY e.created_at, e.id"
    ))
    .fetch_all(ex)
    .await
}

/// One lead unit's open items by light, and its items waiting for verification.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct UnitTotals {
    pub unit: String,
    pub open: i64,
    pub red: i64,
    pub yellow: i64,
    pub green: i64,
    pub awaiting: i64,
}

/// Per lead unit, from the dashboard's figures (the same light rule as every list); units
/// with nothing open or waiting are left out.
pub async fn list_unit_totals(
    ex: impl PgExecutor<'_>,
    today: NaiveDate,
) -> sqlx::Result<Vec<UnitTotals>> {
    let everything = Actor::office();
    let figures = super::dashboard::unit_figures(ex, &everything, today).await?;
    Ok(figures
        .into_iter()
        .map(|u| UnitTotals {
            unit: u.name,
            open: u.assigned + u.in_progress + u.blocked,
            red: u.red,
            yellow: u.yellow,
            green: u.green,
            awaiting: u.reported_done,
        })
        .filter(|t| t.open > 0 || t.awaiting > 0)
        .collect())
}

/// Records that a period's digests are being queued, in the caller's transaction; false
/// when the period was run before (by this instance or any other).
pub async fn start_run(conn: &mut PgConnection, period: &str) -> sqlx::Result<bool> {
    sqlx::query("INSERT INTO digest_runs (period) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(period)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

pub async fn finish_run(conn: &mut PgConnection, period: &str, queued: i32) -> sqlx::Result<()> {
    sqlx::query("UPDATE digest_runs SET queued = $2 WHERE period = $1")
        .bind(period)
        .bind(queued)
        .execute(conn)
        .await
        .map(drop)
}

/// Lock key of digest runs (any constant: only digest runs use it).
const DIGEST_RUN_LOCK: i64 = 0x6475_6261_6e44; // "dubanD"

/// Takes the digest-run lock for the rest of the transaction, without waiting: false when
/// another instance is running digests right now.
pub async fn try_lock_runs(conn: &mut PgConnection) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
        .bind(DIGEST_RUN_LOCK)
        .fetch_one(conn)
        .await
}

/// Sets how often the user gets digests.
/// Whether a secretariat member is told of units' steps (reported done, more time asked).
pub async fn set_notify_updates(
    ex: impl PgExecutor<'_>,
    user_id: UserId,
    on: bool,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET notify_updates = $2 WHERE id = $1")
        .bind(user_id)
        .bind(on)
        .execute(ex)
        .await
        .map(drop)
}

pub async fn set_preference(
    ex: impl PgExecutor<'_>,
    user_id: UserId,
    preference: DigestPreference,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET digest = $2 WHERE id = $1")
        .bind(user_id)
        .bind(preference.as_str())
        .execute(ex)
        .await
        .map(drop)
}
