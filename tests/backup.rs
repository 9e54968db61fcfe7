//! `duban backup` and `duban restore`, run as the real binary: a round trip brings back
//! every row (item history and the documents' original bytes included); a restore never
//! overwrites data unasked, never runs under open connections, and a damaged archive
//! changes nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{duban_in, duban_on, scratch_dir, TestDb};
use duban::domain::Role;
use duban::domain::{Actor, ItemId, UnitId, UserId};
use duban::workflow::{self, Evidence};
use sqlx::{Connection, PgPool};

async fn duban(db: &TestDb, args: &[&str]) -> Output {
    let mut cmd = tokio::process::Command::from(duban_on(db));
    cmd.args(args).output().await.unwrap()
}

#[track_caller]
fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The demo data (documents, published items with their history, progress, extensions)
/// plus an evidence file, so that every kind of row and both kinds of bytes are in play.
async fn database_with_everything() -> TestDb {
    let db = TestDb::new().await;
    duban::demo::seed(&db.pool).await.unwrap();
    let (user_id, unit_id, item_id): (UserId, UnitId, ItemId) = sqlx::query_as(
        "SELECT u.id, u.unit_id, i.id FROM users u \
         JOIN item_units iu ON iu.unit_id = u.unit_id AND iu.role = 'lead' \
         JOIN items i ON i.id = iu.item_id AND i.status IN ('assigned', 'in_progress') \
         WHERE u.login = 'zuzhi' ORDER BY i.id LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let head = Actor::new(user_id, Role::UnitHead, Some(unit_id)).unwrap();
    let photo = Evidence {
        file_name: "现场照片.png".into(),
        content_type: "image/png".into(),
        bytes: (0..=255u8).cycle().take(70_000).collect(),
    };
    workflow::report_progress(
        &db.pool,
        &head,
        item_id,
        "已完成场地勘察。",
        Some(30),
        &[photo],
        Default::default(),
    )
    .await
    .unwrap();
    db
}

/// Every table of the schema as (name, rows, md5 of all rows in order).
async fn fingerprint(pool: &PgPool) -> Vec<(String, i64, String)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let (rows, digest): (i64, String) = sqlx::query_as(&format!(
            "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') \
             FROM {table} t"
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        out.push((table, rows, digest));
    }
    out
}

async fn count(pool: &PgPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A database nobody is connected to, as a restore target. sqlx returns a released
/// connection to its pool on a spawned task, which can land after `close` has emptied the
/// pool; so whatever is left is ended from the server side.
async fn closed(db: &TestDb, pool: &PgPool) {
    pool.close().await;
    let mut conn = sqlx::PgConnection::connect(&db.url()).await.unwrap();
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
}

async fn reopen(db: &TestDb) -> PgPool {
    PgPool::connect(&db.url()).await.unwrap()
}

/// A path in a directory removed when the guard drops.
fn backup_path(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

#[tokio::test]
async fn a_backup_restored_into_an_empty_database_brings_back_every_row_and_every_byte() {
    // Arrange
    let source = database_with_everything().await;
    let expected = fingerprint(&source.pool).await;
    let (_dir, file) = backup_path("duban.dump");
    let target = TestDb::empty().await;
    closed(&target, &target.pool).await;

    // Act
    let backed_up = duban(&source, &["backup", file.to_str().unwrap()]).await;
    let restored = duban(&target, &["restore", file.to_str().unwrap()]).await;

    // Assert
    assert_success(&backed_up);
    assert_success(&restored);
    let pool = reopen(&target).await;
    assert_eq!(fingerprint(&pool).await, expected);
    assert!(count(&pool, "item_events").await > 50);
    let demo_bytes = include_bytes!("../demo/001_067ee195c98f81a7.txt").as_slice();
    let original: Vec<u8> = sqlx::query_scalar(
        "SELECT original FROM documents WHERE file_name = '001_067ee195c98f81a7.txt'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(original, demo_bytes);
    let evidence: Vec<u8> =
        sqlx::query_scalar("SELECT content FROM attachments WHERE file_name = '现场照片.png'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(evidence.len(), 70_000);
    // Sequences come back too: new rows do not collide with restored ones.
    let id: i64 =
        sqlx::query_scalar("INSERT INTO units (name) VALUES ('恢复后新建的单位') RETURNING id")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(id > 0);
    let mode = std::fs::metadata(&file).unwrap().permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o600,
        "the backup holds password hashes: its owner only may read it"
    );
}

#[tokio::test]
async fn a_restore_over_data_is_refused_unless_forced_and_then_replaces_it() {
    // Arrange
    let source = database_with_everything().await;
    let expected = fingerprint(&source.pool).await;
    let (_dir, file) = backup_path("duban.dump");
    assert_success(&duban(&source, &["backup", file.to_str().unwrap()]).await);
    let target = TestDb::new().await;
    sqlx::query("INSERT INTO units (name) VALUES ('已有数据的单位')")
        .execute(&target.pool)
        .await
        .unwrap();
    let login = duban::domain::Login::parse("existing").unwrap();
    let hash = duban::auth::hash_password(common::PASSWORD).unwrap();
    let user = duban::store::users::NewUser {
        login: &login,
        display_name: "已有用户",
        role: Role::Admin,
        unit_id: None,
        password_hash: &hash,
    };
    duban::store::users::insert_user(&target.pool, &user)
        .await
        .unwrap();
    let before = fingerprint(&target.pool).await;
    closed(&target, &target.pool).await;

    // Act
    let refused = duban(&target, &["restore", file.to_str().unwrap()]).await;
    let pool = reopen(&target).await;
    let untouched = fingerprint(&pool).await;
    closed(&target, &pool).await;
    let forced = duban(&target, &["restore", "--force", file.to_str().unwrap()]).await;

    // Assert
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("already holds"),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(untouched, before);
    assert_success(&forced);
    assert_eq!(fingerprint(&reopen(&target).await).await, expected);
}

#[tokio::test]
async fn a_damaged_backup_is_refused_and_the_database_stays_as_it_was() {
    // Arrange
    let source = database_with_everything().await;
    let (_dir, file) = backup_path("duban.dump");
    assert_success(&duban(&source, &["backup", file.to_str().unwrap()]).await);
    let bytes = std::fs::read(&file).unwrap();
    let damaged = file.with_file_name("damaged.dump");
    // The table of contents survives; the data blocks after it are cut off.
    std::fs::write(&damaged, &bytes[..bytes.len() * 3 / 4]).unwrap();
    let target = database_with_everything().await;
    sqlx::query("INSERT INTO units (name) VALUES ('备份之后新增的单位')")
        .execute(&target.pool)
        .await
        .unwrap();
    let before = fingerprint(&target.pool).await;
    closed(&target, &target.pool).await;

    // Act
    let out = duban(&target, &["restore", "--force", damaged.to_str().unwrap()]).await;

    // Assert
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("nothing was changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fingerprint(&reopen(&target).await).await, before);
}

#[tokio::test]
async fn a_restore_is_refused_while_others_are_connected() {
    // Arrange: the target's pool stays open, as a running server's would.
    let source = TestDb::new().await;
    let (_dir, file) = backup_path("duban.dump");
    assert_success(&duban(&source, &["backup", file.to_str().unwrap()]).await);
    let target = TestDb::new().await;
    sqlx::query("SELECT 1").execute(&target.pool).await.unwrap();

    // Act
    let out = duban(&target, &["restore", "--force", file.to_str().unwrap()]).await;

    // Assert
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("other connection"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn a_symlink_planted_at_the_temporary_name_is_not_followed_and_the_backup_is_owner_only() {
    // Arrange: someone who can write to the backup folder points `FILE.partial` at a file
    // of the user running the backup, hoping the dump lands there (or is readable there).
    let source = TestDb::new().await;
    let (dir, file) = backup_path("duban.dump");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "untouched").unwrap();
    let partial = dir.path().join("duban.dump.partial");
    std::os::unix::fs::symlink(&victim, &partial).unwrap();

    // Act
    let out = duban(&source, &["backup", file.to_str().unwrap()]).await;

    // Assert
    assert_success(&out);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    let meta = std::fs::symlink_metadata(&file).unwrap();
    assert!(
        meta.file_type().is_file(),
        "the backup is a file of its own"
    );
    assert!(meta.len() > 0);
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o777,
        0o600
    );
    assert!(
        std::fs::symlink_metadata(&partial).is_err(),
        "nothing is left behind"
    );
}

fn duban_in_with_input(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = duban_in(data_dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_embedded_cluster_is_backed_up_and_restored_into_a_new_data_directory() {
    // Arrange
    let old_dir = scratch_dir("duban-backup-old");
    let new_dir = scratch_dir("duban-backup-new");
    let file = old_dir.join("duban.dump");
    let add = [
        "user",
        "add",
        "--login",
        "kept",
        "--name",
        "保留",
        "--role",
        "admin",
        "--password-stdin",
    ];
    assert_success(&duban_in_with_input(&old_dir, &add, "a-long-password\n"));

    // Act
    let backed_up = duban_in_with_input(&old_dir, &["backup", file.to_str().unwrap()], "");
    let restored = duban_in_with_input(&new_dir, &["restore", file.to_str().unwrap()], "");

    // Assert: the user is in the new directory's cluster, so adding it again is refused.
    assert_success(&backed_up);
    assert_success(&restored);
    assert!(String::from_utf8_lossy(&restored.stdout).contains("1 users"));
    let again = duban_in_with_input(&new_dir, &add, "a-long-password\n");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    std::fs::remove_dir_all(&old_dir).ok();
    std::fs::remove_dir_all(&new_dir).ok();
}
