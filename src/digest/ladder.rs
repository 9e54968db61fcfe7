//! The warning ladder's clock: every few minutes, the ladder's steps due now are taken
//! (`workflow::ladder::run`) with the notices' words, beside the server like the digest
//! scheduler. However many instances run it, each step is taken once.

use std::time::Duration;

use chrono::Utc;
use sqlx::PgPool;

use super::compose::NoticeMail;
use crate::workflow::ladder::{self, Pass};

/// Runs the ladder every `check` until the task is dropped.
pub async fn run_ladder(pool: PgPool, check: Duration, base_url: String) {
    tracing::info!(?check, "warning ladder started");
    let letters = NoticeMail {
        base_url: &base_url,
    };
    loop {
        match ladder::run(&pool, Utc::now(), &letters).await {
            Ok(Pass::Ran { failed, .. }) if failed > 0 => {
                tracing::warn!(failed, "warning ladder: some items failed; will try again");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "warning ladder: run failed; will try again"),
        }
        tokio::time::sleep(check).await;
    }
}
