//! Digest runs: composing a period's digests and queueing them in the outbox in one
//! transaction, under an advisory lock, with the period recorded in `digest_runs`; and the
//! scheduler that starts the run of each period once it is due. However many duban
//! instances share the database, each period is run once and each digest queued once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::compose::{digest_mail, Letter, Reader};
use super::content::{leader_digest, unit_digest, Digest, SecretariatDigest};
use super::schedule::{Cadence, Period, Schedule};
use crate::domain::{MailPurpose, Role};
use crate::store::digest::{self as store, Recipient};
use crate::store::outbox::{self, NewMail};

/// The digest of one reader for a period, read in the caller's transaction.
pub async fn digest_for(
    conn: &mut PgConnection,
    reader: &Recipient,
    period: &Period,
) -> anyhow::Result<Option<Digest>> {
    let digest = match (reader.role, reader.unit_id, &reader.leader_name) {
        (Role::Admin | Role::Secretariat, _, _) => Digest::Secretariat(SecretariatDigest {
            totals: store::list_unit_totals(&mut *conn, period.today()).await?,
            awaiting: store::list_awaiting_verification(&mut *conn).await?,
            overdue: store::list_overdue(&mut *conn, period.today()).await?,
            missed: store::list_missed(&mut *conn, period.today()).await?,
            pending: store::list_pending_extensions(&mut *conn).await?,
        }),
        (Role::UnitHead, Some(unit_id), _) => Digest::Unit(unit_digest(
            reader.unit_name.as_deref().unwrap_or_default(),
            store::list_unit_open_items(&mut *conn, unit_id).await?,
            store::list_unit_returned(&mut *conn, unit_id, period.since).await?,
            store::list_unit_answered_extensions(&mut *conn, unit_id, period.since).await?,
            period,
        )),
        (Role::Leader, _, Some(name)) => Digest::Leader(leader_digest(
            name,
            store::list_leader_items(&mut *conn, reader.user_id).await?,
        )),
        _ => return Ok(None),
    };
    Ok(Some(digest))
}

/// The message a reader would get for the period; none when their digest is empty or
/// their role has none.
pub async fn mail_for(
    conn: &mut PgConnection,
    reader: &Recipient,
    period: &Period,
    base_url: &str,
) -> anyhow::Result<Option<Letter>> {
    let Some(digest) = digest_for(conn, reader, period).await? else {
        return Ok(None);
    };
    if digest.is_empty() {
        return Ok(None);
    }
    let reader = Reader {
        name: &reader.display_name,
        base_url,
    };
    Ok(Some(digest_mail(&digest, period, reader)?))
}

/// What became of a period's run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    /// The digests were queued now: this many messages (empty digests are not sent).
    Queued(usize),
    /// The period had been run before.
    AlreadySent,
    /// Another instance is running digests right now; it will do this period or the next
    /// check will.
    Busy,
}

/// Runs a period: every reader who asked for its cadence gets their digest queued, with
/// the period in the dedup key, in one transaction with the period's `digest_runs` row.
#[tracing::instrument(skip_all, fields(period = %period.key))]
pub async fn run_period(
    pool: &PgPool,
    period: &Period,
    base_url: &str,
) -> anyhow::Result<RunOutcome> {
    let mut tx = pool.begin().await?;
    if !store::try_lock_runs(&mut tx).await? {
        return Ok(RunOutcome::Busy);
    }
    if !store::start_run(&mut tx, &period.key).await? {
        return Ok(RunOutcome::AlreadySent);
    }
    let readers = store::list_recipients(&mut *tx, period.cadence.preference()).await?;
    let mut queued = 0;
    for reader in &readers {
        let (Some(address), Some(mail)) = (
            &reader.email,
            mail_for(&mut tx, reader, period, base_url).await?,
        ) else {
            continue;
        };
        let key = period.dedup_key(reader.user_id);
        let new = NewMail {
            purpose: MailPurpose::Digest,
            dedup_key: Some(&key),
            to_user_id: Some(reader.user_id),
            to_address: address,
            subject: &mail.subject,
            body_text: &mail.text,
            body_html: Some(&mail.html),
        };
        if outbox::insert_mail(&mut *tx, &new).await? {
            queued += 1;
        }
    }
    store::finish_run(
        &mut tx,
        &period.key,
        i32::try_from(queued).unwrap_or(i32::MAX),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(queued, readers = readers.len(), "digests queued");
    Ok(RunOutcome::Queued(queued))
}

/// Runs every period that is due at `now` and has not been run: this week's (from the
/// weekly day and time on) and today's (from the time of day on).
pub async fn run_due(
    pool: &PgPool,
    schedule: Schedule,
    now: DateTime<Utc>,
    base_url: &str,
) -> anyhow::Result<Vec<(Period, RunOutcome)>> {
    let mut done = Vec::new();
    for cadence in Cadence::ALL {
        let period = Period::scheduled(cadence, schedule, now);
        let outcome = run_period(pool, &period, base_url).await?;
        done.push((period, outcome));
    }
    Ok(done)
}

/// Checks for due digests every `check` until the task is dropped. A period missed while
/// no instance was running is sent at the next start (only the latest one).
pub async fn run_scheduler(pool: PgPool, schedule: Schedule, check: Duration, base_url: String) {
    tracing::info!(?schedule, "digest scheduler started");
    loop {
        if let Err(e) = run_due(&pool, schedule, Utc::now(), &base_url).await {
            tracing::warn!(error = ?e, "digest scheduler: run failed; will try again");
        }
        tokio::time::sleep(check).await;
    }
}
