use std::io::Read;

use clap::Subcommand;

use crate::auth::{check_new_password, hash_password, PasswordRule, MAX_PASSWORD_BYTES};
use crate::config::DatabaseSettings;
use crate::db::{Database, Ownership};
use crate::domain::{Login, Role};
use crate::store::{units, users};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add {
        #[arg(long)]
        login: String,
        /// Display name, e.g. 张伟.
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// The user's unit (created when new), required for unit heads.
        #[arg(long)]
        unit: Option<String>,
        /// Read the password from standard input (one line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

pub async fn run(database: &DatabaseSettings, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        login,
        name,
        role,
        unit,
        password_stdin: _,
    } = command;
    let login = Login::parse(&login)
        .map_err(|_| anyhow::anyhow!("login must be 2-64 ASCII letters, digits or _ . @ -"))?;
    if name.trim().is_empty() {
        anyhow::bail!("--name must not be empty");
    }
    if role == Role::UnitHead && unit.is_none() {
        anyhow::bail!("a unit head needs --unit");
    }
    let password = read_password()?;
    let hash = hash_password(&password)?;

    let db = Database::open(database, Ownership::Shared).await?;
    let result = add_user(&db, &login, name.trim(), role, unit.as_deref(), &hash).await;
    db.close().await;
    result
}

async fn add_user(
    db: &Database,
    login: &Login,
    name: &str,
    role: Role,
    unit: Option<&str>,
    hash: &str,
) -> anyhow::Result<()> {
    let mut tx = db.pool.begin().await?;
    let unit_id = match unit {
        Some(unit) => {
            let (id, created) = units::find_or_insert_unit(&mut *tx, unit).await?;
            if created {
                println!("created unit {unit}");
            }
            Some(id)
        }
        None => None,
    };
    let new = users::NewUser {
        login,
        display_name: name,
        role,
        unit_id,
        password_hash: hash,
    };
    match users::insert_user(&mut *tx, &new).await {
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("users_login_key") => {
            anyhow::bail!("a user with login {} already exists", login.as_str())
        }
        other => other?,
    };
    tx.commit().await?;
    println!(
        "created user {} ({}, {})",
        login.as_str(),
        name,
        role.label()
    );
    Ok(())
}

/// The first line of standard input. More than the longest password is never read: a
/// password is refused before anything is hashed or stored, as in the web forms.
fn read_password() -> anyhow::Result<String> {
    let mut input = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_PASSWORD_BYTES as u64 + 2)
        .read_to_end(&mut input)?;
    let line = input.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.len() > MAX_PASSWORD_BYTES {
        return Err(PasswordRule::TooManyBytes.into());
    }
    let password =
        std::str::from_utf8(line).map_err(|_| anyhow::anyhow!("the password is not UTF-8"))?;
    check_new_password(password)?;
    Ok(password.to_owned())
}
