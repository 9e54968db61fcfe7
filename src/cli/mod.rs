//! The command line: `duban serve | extract | import | user | digest | migrate`, plus
//! `backup | restore`.

mod backup;
mod demo;
mod digest;
mod extract;
mod import;
mod serve;
mod user;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{ConvertSettings, DatabaseSettings, LogFormat};
use crate::db::{Database, Ownership};

#[derive(Debug, Parser)]
#[command(
    name = "duban",
    version,
    about = "督办: tracks the decisions and tasks of meeting minutes and notices"
)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseSettings,
    #[command(flatten)]
    pub convert: ConvertSettings,
    /// Log format.
    #[arg(
        long,
        env = "DUBAN_LOG_FORMAT",
        value_enum,
        default_value = "pretty",
        global = true
    )]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web application.
    Serve(serve::ServeArgs),
    /// Extract header, sections, decisions and tasks from documents.
    Extract(extract::ExtractArgs),
    /// Import documents: extract them and store them with their draft items.
    Import(import::ImportArgs),
    /// Manage users.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Preview or send email digests.
    Digest(digest::DigestArgs),
    /// Create or upgrade the database schema.
    Migrate,
    /// Seed the demo data, or with --synthetic generate data at scale for benchmarks.
    Demo(demo::DemoArgs),
    /// Write the whole database to FILE (pg_dump custom format).
    Backup(backup::BackupArgs),
    /// Replace the database with a backup made by `duban backup`.
    Restore(backup::RestoreArgs),
}

impl Cli {
    pub async fn run(self) -> ExitCode {
        crate::convert::configure(self.convert.clone());
        let result = match self.command {
            Command::Serve(args) => serve::run(&self.database, args).await,
            Command::Extract(args) => return extract::run(&args),
            Command::User { command } => user::run(&self.database, command).await,
            Command::Migrate => migrate(&self.database).await,
            Command::Import(args) => import::run(&self.database, args).await,
            Command::Digest(args) => digest::run(&self.database, args).await,
            Command::Demo(args) => demo::run(&self.database, args).await,
            Command::Backup(args) => backup::backup(&self.database, args).await,
            Command::Restore(args) => backup::restore(&self.database, args).await,
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("duban: error: {e:#}");
                ExitCode::FAILURE
            }
        }
    }
}

async fn migrate(settings: &DatabaseSettings) -> anyhow::Result<()> {
    let db = Database::open(settings, Ownership::Shared).await?;
    let version = crate::store::maintenance::schema_version(&db.pool).await?;
    db.close().await;
    println!(
        "database schema is up to date (migration {})",
        version.unwrap_or(0)
    );
    Ok(())
}
