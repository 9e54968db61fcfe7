use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use crate::config::DatabaseSettings;
use crate::db::backup::Tools;
use crate::db::{Database, Ownership, MIGRATOR};
use crate::store::maintenance::{self, Contents};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The archive to write (pg_dump custom format); an existing file is replaced.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// An archive written by `duban backup`.
    pub file: PathBuf,
    /// Replace a database that already holds data (users, documents or items).
    #[arg(long)]
    pub force: bool,
}

/// Backs up the database as it is, beside a running `duban serve` if there is one.
pub async fn backup(settings: &DatabaseSettings, args: BackupArgs) -> anyhow::Result<()> {
    let db = Database::connect(settings, Ownership::Shared).await?;
    let result = async {
        let contents = {
            let mut conn = db.pool.acquire().await?;
            maintenance::count_contents(&mut conn).await?
        };
        let tools = tools_for(&db, settings);
        let bytes = tools.backup(&args.file).await?;
        println!(
            "backed up {} to {} ({})",
            describe(&contents),
            args.file.display(),
            size(bytes)
        );
        Ok(())
    }
    .await;
    db.close().await;
    result
}

/// Restores into an empty database, or with `--force` over one that holds data; the
/// embedded cluster must not be in use by a `duban serve`.
pub async fn restore(settings: &DatabaseSettings, args: RestoreArgs) -> anyhow::Result<()> {
    if !args.file.is_file() {
        bail!("{} is not a file", args.file.display());
    }
    // One connection: the check for other sessions must not count our own pool.
    let settings = DatabaseSettings {
        max_connections: 1,
        ..settings.clone()
    };
    let db = Database::connect(&settings, Ownership::Exclusive).await?;
    let result = restore_into(&db, &settings, &args).await;
    db.close().await;
    result
}

async fn restore_into(
    db: &Database,
    settings: &DatabaseSettings,
    args: &RestoreArgs,
) -> anyhow::Result<()> {
    let before = {
        let mut conn = db.pool.acquire().await?;
        refuse_if_in_use(&mut conn).await?;
        maintenance::count_contents(&mut conn).await?
    };
    if before.holds_data() && !args.force {
        bail!(
            "the database already holds {}; restoring {} would replace all of it. \
             Back it up first if you may need it (`duban backup FILE`), then run \
             `duban restore --force {}`",
            describe(&before),
            args.file.display(),
            args.file.display()
        );
    }
    tools_for(db, settings).restore(&args.file).await?;
    // A backup from an older duban is brought up to this version's schema.
    MIGRATOR.run(&db.pool).await?;
    let after = {
        let mut conn = db.pool.acquire().await?;
        maintenance::count_contents(&mut conn).await?
    };
    let replaced = if before.holds_data() {
        format!(" (replacing {})", describe(&before))
    } else {
        String::new()
    };
    println!(
        "restored {} from {}{replaced}",
        describe(&after),
        args.file.display()
    );
    Ok(())
}

async fn refuse_if_in_use(conn: &mut sqlx::PgConnection) -> anyhow::Result<()> {
    // A server stopped a moment ago may still be closing its connections: give them time.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let others = maintenance::other_connections(&mut *conn).await?;
        if others.is_empty() {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            bail!(
                "{} other connection(s) to this database are open: {} (is `duban serve` \
                 running against it?); stop them before restoring",
                others.len(),
                others.join(", ")
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

fn tools_for(db: &Database, settings: &DatabaseSettings) -> Tools {
    Tools::new(
        db.connect_options(),
        settings.url.as_deref(),
        settings.pg_bin_dir.as_deref(),
    )
}

fn describe(c: &Contents) -> String {
    format!(
        "{} documents, {} items, {} item events and {} users",
        c.documents, c.items, c.item_events, c.users
    )
}

fn size(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1_048_576.0;
    format!("{mb:.1} MB")
}
