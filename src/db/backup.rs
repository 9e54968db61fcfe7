//! Backups are PostgreSQL's own: `pg_dump` in its custom format, read back by `pg_restore`.
//! Both talk to the database the way the pool does (the embedded cluster's Unix socket, or
//! `DATABASE_URL`'s server), with the connection passed in libpq's `PG*` variables so that
//! no password shows in a process list.
//!
//! A restore replaces the whole `public` schema in one transaction: the archive is first
//! turned into an SQL script (which fails on a damaged archive before anything is touched),
//! then `psql --single-transaction` drops the old schema and runs the script. Any error
//! rolls everything back, so the database is either the backup or exactly what it was.

use std::ffi::OsString;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{bail, Context};
use sqlx::postgres::{PgConnectOptions, PgSslMode};

use super::embedded::Binaries;

use crate::store::maintenance::WIPE_SCHEMA as WIPE;

/// How to reach the database with PostgreSQL's client programs.
pub struct Tools {
    bin: Option<PathBuf>,
    env: Vec<(&'static str, OsString)>,
}

impl Tools {
    /// `options` is where the pool connects; `url` (`DATABASE_URL`) supplies the password,
    /// which sqlx keeps to itself. The programs are looked for beside the server binaries
    /// (as the embedded cluster finds them, so their version matches it), then on `PATH`.
    pub fn new(options: &PgConnectOptions, url: Option<&str>, pg_bin_dir: Option<&Path>) -> Self {
        let bin = Binaries::find(pg_bin_dir).ok().map(|b| b.dir);
        Self {
            bin,
            env: libpq_env(options, url),
        }
    }

    fn command(&self, program: &str) -> anyhow::Result<Command> {
        let path = match &self.bin {
            Some(dir) if dir.join(program).is_file() => dir.join(program),
            _ => find_on_path(program).with_context(|| {
                format!(
                    "{program} was not found; install PostgreSQL's client programs \
                     (`apt-get install -y postgresql-client` on Debian/Ubuntu) or point \
                     DUBAN_PG_BIN_DIR at their directory"
                )
            })?,
        };
        let mut cmd = Command::new(path);
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        // Notices such as "drop cascades to 30 other objects" are noise to the user.
        cmd.env("PGOPTIONS", "-c client_min_messages=warning");
        Ok(cmd)
    }

    /// Writes a custom-format archive of the whole database to `file`, readable by its owner
    /// only (it holds password hashes). The archive appears under its name only once
    /// complete: a failed dump never leaves a file that looks like a backup.
    pub async fn backup(&self, file: &Path) -> anyhow::Result<u64> {
        let partial = with_suffix(file, ".partial");
        // pg_dump's own --file would follow a symlink planted at the temporary name and
        // create the file with the umask's mode; it writes to a file we create instead.
        let out = create_private(&partial)?;
        let mut cmd = self.command("pg_dump")?;
        cmd.arg("--format=custom").stdout(out);
        let result = run(cmd, "pg_dump").await;
        if let Err(e) = result {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        std::fs::rename(&partial, file)
            .with_context(|| format!("moving the backup to {}", file.display()))?;
        Ok(std::fs::metadata(file)?.len())
    }

    /// Replaces the database's schema and data with the archive's, all or nothing.
    pub async fn restore(&self, file: &Path) -> anyhow::Result<()> {
        let mut list = self.command("pg_restore")?;
        list.arg("--list").arg(file);
        if let Err(e) = run(list, "pg_restore").await {
            bail!(
                "{} is not a backup made by `duban backup` (a pg_dump custom-format archive); \
                 nothing was changed.\n{e:#}",
                file.display()
            );
        }
        let script = tempfile::Builder::new()
            .prefix("duban-restore-")
            .suffix(".sql")
            .tempfile()
            .context("creating a temporary file for the restore script")?;
        let mut to_sql = self.command("pg_restore")?;
        to_sql
            .args(["--no-owner", "--no-privileges", "--file"])
            .arg(script.path())
            .arg(file);
        if let Err(e) = run(to_sql, "pg_restore").await {
            bail!(
                "the backup {} is damaged or incomplete; nothing was changed.\n{e:#}",
                file.display()
            );
        }
        let mut apply = self.command("psql")?;
        apply
            .args(["--no-psqlrc", "--quiet", "--single-transaction"])
            .args(["--set", "ON_ERROR_STOP=1", "--command", WIPE, "--file"])
            .arg(script.path());
        if let Err(e) = run(apply, "psql").await {
            bail!("the restore failed and was rolled back; the database is unchanged.\n{e:#}");
        }
        Ok(())
    }
}

/// Runs a client program to completion; its standard error becomes the error message.
async fn run(cmd: Command, what: &str) -> anyhow::Result<()> {
    let what = what.to_owned();
    let output: Output = tokio::task::spawn_blocking(move || {
        let mut cmd = cmd;
        cmd.output()
    })
    .await?
    .with_context(|| format!("running {what}"))?;
    if !output.status.success() {
        bail!(
            "{what} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// libpq's environment variables for the same connection as `options`.
fn libpq_env(options: &PgConnectOptions, url: Option<&str>) -> Vec<(&'static str, OsString)> {
    let host = options
        .get_socket()
        .map_or_else(|| options.get_host().into(), |s| s.as_os_str().to_owned());
    let mut env = vec![
        ("PGHOST", host),
        ("PGPORT", options.get_port().to_string().into()),
        ("PGUSER", options.get_username().into()),
        ("PGSSLMODE", ssl_mode(options.get_ssl_mode()).into()),
    ];
    if let Some(db) = options.get_database() {
        env.push(("PGDATABASE", db.into()));
    }
    if let Some(password) = url.and_then(password_of) {
        env.push(("PGPASSWORD", password.into()));
    }
    env
}

fn password_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    let encoded = url.password()?;
    Some(
        percent_encoding::percent_decode_str(encoded)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

fn ssl_mode(mode: PgSslMode) -> &'static str {
    match mode {
        PgSslMode::Disable => "disable",
        PgSslMode::Allow => "allow",
        PgSslMode::Prefer => "prefer",
        PgSslMode::Require => "require",
        PgSslMode::VerifyCa => "verify-ca",
        PgSslMode::VerifyFull => "verify-full",
    }
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// A new, empty file at `path` that only its owner may read (mode 0600 from the start, not
/// narrowed afterwards). Whatever stands at `path` (a stale file of a crashed run, or a
/// symlink someone planted to make us write elsewhere) is removed first, not followed: the
/// file is then created with O_CREAT|O_EXCL (`create_new`), which fails rather than follow a
/// symlink that reappears in between.
fn create_private(path: &Path) -> anyhow::Result<std::fs::File> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(e).with_context(|| format!("removing the stale {}", path.display()));
        }
        _ => {}
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(url: &str) -> Vec<(&'static str, String)> {
        let options: PgConnectOptions = url.parse().unwrap();
        libpq_env(&options, Some(url))
            .into_iter()
            .map(|(k, v)| (k, v.to_string_lossy().into_owned()))
            .collect()
    }

    #[test]
    fn a_database_url_becomes_libpq_variables_with_the_password_decoded() {
        let env = env_of("postgres://app:p%40ss%2Fword@db.example:6543/duban?sslmode=require");

        assert!(env.contains(&("PGHOST", "db.example".into())));
        assert!(env.contains(&("PGPORT", "6543".into())));
        assert!(env.contains(&("PGUSER", "app".into())));
        assert!(env.contains(&("PGDATABASE", "duban".into())));
        assert!(env.contains(&("PGSSLMODE", "require".into())));
        assert!(env.contains(&("PGPASSWORD", "p@ss/word".into())));
    }

    #[test]
    fn a_socket_directory_is_the_host() {
        let env = env_of("postgres://duban@localhost/t1?host=/tmp/x/run&port=5432");

        assert!(env.contains(&("PGHOST", "/tmp/x/run".into())));
        assert!(!env.iter().any(|(k, _)| *k == "PGPASSWORD"));
    }
}
