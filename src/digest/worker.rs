//! The outbox worker: claims one due message at a time (`FOR UPDATE SKIP LOCKED`, so any
//! number of workers on one database never send a message twice), sends it while holding
//! the row, and records the outcome in the same transaction: sent with the time, or
//! another attempt later (exponential backoff), or failed for good.

use std::time::Duration;

use chrono::Utc;
use sqlx::PgPool;

use super::send::{Mailer, Outgoing, SendError};
use crate::domain::Delivery;
use crate::store::outbox;

/// The longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// Attempts before a message counts as failed: with a minute's first wait, about two days
/// of retries, enough to ride out a mail server's weekend outage.
pub const MAX_ATTEMPTS: i32 = 60;

/// How long to wait after the `attempts`-th failed attempt: `first`, doubling each time,
/// never more than [`MAX_BACKOFF`].
pub fn backoff(attempts: i32, first: Duration) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    first.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

/// What one pass over the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    /// Failed this time, to be tried again later.
    pub deferred: usize,
    /// Given up on.
    pub failed: usize,
}

/// Sends every message that is due now, one at a time, until none is left (a message
/// that fails is not due again until its backoff has passed).
#[tracing::instrument(skip_all)]
pub async fn deliver_due(
    pool: &PgPool,
    mailer: &Mailer,
    first_retry: Duration,
) -> anyhow::Result<Pass> {
    let mut pass = Pass::default();
    while let Some(outcome) = deliver_one(pool, mailer, first_retry).await? {
        match outcome {
            Outcome::Sent => pass.sent += 1,
            Outcome::Deferred => pass.deferred += 1,
            Outcome::Failed => pass.failed += 1,
        }
    }
    Ok(pass)
}

enum Outcome {
    Sent,
    Deferred,
    Failed,
}

async fn deliver_one(
    pool: &PgPool,
    mailer: &Mailer,
    first_retry: Duration,
) -> anyhow::Result<Option<Outcome>> {
    let mut tx = pool.begin().await?;
    let Some(mail) = outbox::claim_next(&mut tx).await? else {
        return Ok(None);
    };
    let outgoing = Outgoing {
        id: mail.id,
        to: &mail.to_address,
        subject: &mail.subject,
        text: &mail.body_text,
        html: mail.body_html.as_deref(),
    };
    let outcome = match mailer.send(outgoing).await {
        Ok((delivery, delivered_to)) => {
            outbox::mark_sent(&mut tx, mail.id, delivery, &delivered_to).await?;
            tracing::info!(outbox_id = mail.id, %delivered_to, "mail {}", match delivery {
                Delivery::Smtp => "sent",
                Delivery::File => "written to a file (no mail server configured)",
            });
            Outcome::Sent
        }
        Err(SendError::Transient(error)) if mail.attempts + 1 < MAX_ATTEMPTS => {
            let wait = backoff(mail.attempts + 1, first_retry);
            let next = Utc::now() + chrono::Duration::from_std(wait)?;
            outbox::mark_retry(&mut tx, mail.id, &error, next).await?;
            tracing::warn!(outbox_id = mail.id, %error, retry_in = ?wait, "mail not sent; will retry");
            Outcome::Deferred
        }
        Err(e) => {
            outbox::mark_failed(&mut tx, mail.id, &e.to_string()).await?;
            tracing::error!(outbox_id = mail.id, error = %e, "mail failed for good");
            Outcome::Failed
        }
    };
    tx.commit().await?;
    Ok(Some(outcome))
}

/// Delivers due messages every `poll` until the task is dropped.
pub async fn run(pool: PgPool, mailer: Mailer, first_retry: Duration, poll: Duration) {
    tracing::info!(route = %mailer.describe(), "mail worker started");
    loop {
        if let Err(e) = deliver_due(&pool, &mailer, first_retry).await {
            tracing::warn!(error = ?e, "mail worker: outbox unavailable");
        }
        tokio::time::sleep(poll).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_an_hour() {
        let minute = Duration::from_secs(60);

        let waits: Vec<u64> = (1..=8).map(|n| backoff(n, minute).as_secs()).collect();

        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(1000, minute), MAX_BACKOFF);
    }
}
