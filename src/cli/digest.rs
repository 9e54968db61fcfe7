//! `duban digest --preview [--user LOGIN]` and `duban digest --send`.

use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use clap::Args;

use crate::config::{public_url, DatabaseSettings, MailSettings};
use crate::db::{Database, Ownership};
use crate::digest::run::{mail_for, run_period, RunOutcome};
use crate::digest::schedule::{Cadence, Period};
use crate::digest::send::Mailer;
use crate::digest::worker::deliver_due;
use crate::store::digest::{self as store, Recipient};

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("action").required(true).args(["preview", "send"])))]
pub struct DigestArgs {
    /// Print the digests that would be sent now; nothing is queued or sent.
    #[arg(long)]
    pub preview: bool,
    /// With --preview: only this user's digest, whatever their preference.
    #[arg(long, requires = "preview", value_name = "LOGIN")]
    pub user: Option<String>,
    /// Queue this period's digests (this ISO week's, and today's for daily readers) and
    /// deliver them now. A period already sent is not sent again.
    #[arg(long)]
    pub send: bool,
    /// The address people open duban at, for links (default: http://127.0.0.1:8080).
    #[arg(long, env = "DUBAN_BASE_URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub mail: MailSettings,
}

pub async fn run(database: &DatabaseSettings, args: DigestArgs) -> anyhow::Result<()> {
    let db = Database::open(database, Ownership::Shared).await?;
    let base_url = public_url(args.base_url.as_deref(), ([127, 0, 0, 1], 8080).into());
    let result = if args.send {
        send(&db, database, &args, &base_url).await
    } else {
        preview(&db, args.user.as_deref(), &base_url).await
    };
    db.close().await;
    result
}

async fn preview(db: &Database, login: Option<&str>, base_url: &str) -> anyhow::Result<()> {
    let now = Utc::now();
    let mut conn = db.pool.acquire().await?;
    let readers: Vec<(Recipient, Cadence)> = match login {
        Some(login) => {
            let reader = store::find_recipient_by_login(&mut *conn, &login.trim().to_lowercase())
                .await?
                .with_context(|| format!("no user with login {login}"))?;
            let cadence = Cadence::of(reader.digest).unwrap_or(Cadence::Weekly);
            vec![(reader, cadence)]
        }
        None => {
            let mut all = Vec::new();
            for cadence in Cadence::ALL {
                let readers = store::list_recipients(&mut *conn, cadence.preference()).await?;
                all.extend(readers.into_iter().map(|r| (r, cadence)));
            }
            all
        }
    };
    let mut would_send = 0;
    for (reader, cadence) in &readers {
        let period = Period::current(*cadence, now);
        let mail = mail_for(&mut conn, reader, &period, base_url).await?;
        let to = reader
            .email
            .as_deref()
            .unwrap_or("(no email address: not sent)");
        println!(
            "==== {} <{to}> · {} · {}",
            reader.login,
            reader.digest.as_str(),
            period.key
        );
        match mail {
            Some(mail) => {
                would_send += usize::from(reader.email.is_some());
                println!("Subject: {}\n\n{}", mail.subject, mail.text.trim_end());
            }
            None => println!("(nothing to report: an empty digest is not sent)"),
        }
        println!();
    }
    println!("{would_send} digest(s) would be sent.");
    Ok(())
}

async fn send(
    db: &Database,
    database: &DatabaseSettings,
    args: &DigestArgs,
    base_url: &str,
) -> anyhow::Result<()> {
    let mailer = Mailer::from_settings(&args.mail, &database.data_dir)?;
    let now = Utc::now();
    for cadence in Cadence::ALL {
        let period = Period::current(cadence, now);
        match run_period(&db.pool, &period, base_url).await? {
            RunOutcome::Queued(n) => println!("{}: {n} digest(s) queued", period.key),
            RunOutcome::AlreadySent => println!("{}: already sent; not sent again", period.key),
            RunOutcome::Busy => println!("{}: another duban is sending digests now", period.key),
        }
    }
    let retry = Duration::from_secs(args.mail.retry_secs.max(1));
    let pass = deliver_due(&db.pool, &mailer, retry).await?;
    println!(
        "delivered {} message(s) via {}; {} to retry later (by `duban serve`), {} failed",
        pass.sent,
        mailer.describe(),
        pass.deferred,
        pass.failed
    );
    Ok(())
}
