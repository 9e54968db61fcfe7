//! Email: digests (what is new, due, late or waiting, per unit, for the secretariat and
//! for each leader) and urges (催办), queued in the `email_outbox` table in the
//! transaction of the event that caused them and delivered by a worker.
//!
//! `schedule`, `content` and `compose` are pure (the clock is an argument); `run` reads
//! the database and queues, `worker` and `send` deliver.

pub mod compose;
pub mod content;
pub mod ladder;
pub mod run;
pub mod schedule;
pub mod send;
pub mod worker;

use std::future::Future;
use std::path::Path;
use std::time::Duration;

use sqlx::PgPool;

use crate::config::{DigestSettings, MailSettings};
use schedule::Schedule;

impl From<&DigestSettings> for Schedule {
    fn from(s: &DigestSettings) -> Self {
        Schedule {
            weekday: s.digest_weekday,
            time: s.digest_time,
        }
    }
}

/// The mail worker and the digest scheduler, to run beside the web server; the future
/// never ends. Fails at once when the mail settings are unusable.
pub fn background(
    pool: PgPool,
    mail: &MailSettings,
    digest: &DigestSettings,
    data_dir: &Path,
    base_url: String,
) -> anyhow::Result<impl Future<Output = ()>> {
    let mailer = send::Mailer::from_settings(mail, data_dir)?;
    let worker = worker::run(
        pool.clone(),
        mailer,
        Duration::from_secs(mail.retry_secs.max(1)),
        Duration::from_millis(mail.poll_ms.max(100)),
    );
    let scheduler = run::run_scheduler(
        pool,
        Schedule::from(digest),
        Duration::from_secs(digest.digest_check_secs.max(1)),
        base_url,
    );
    Ok(async move {
        tokio::join!(worker, scheduler);
    })
}
