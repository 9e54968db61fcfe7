//! The benchmark yardstick's table, compiled only with the cargo feature `bench`.
//!
//! It is created by the bench build at start rather than by a migration, so that production
//! databases and their backups never hold it (migration `drop_fortune` removes the table an
//! earlier migration created everywhere).

use sqlx::{FromRow, PgExecutor, PgPool};

#[derive(Debug, Clone, FromRow)]
pub struct Fortune {
    pub id: i32,
    pub message: String,
}

pub async fn list_fortunes(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<Fortune>> {
    sqlx::query_as("SELECT id, message FROM fortune")
        .fetch_all(ex)
        .await
}

/// Creates the table with TechEmpower's twelve rows, byte for byte so that results compare
/// with TechEmpower's (the table keeps the benchmark's singular name); a no-op when it is
/// there. Unprepared queries: sqlx's offline data holds no `fortune` table.
pub async fn create_fortune_table(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::raw_sql(
        r#"
        CREATE TABLE IF NOT EXISTS fortune (
            id      integer PRIMARY KEY,
            message text NOT NULL
        );
        INSERT INTO fortune (id, message) VALUES
            (1, 'fortune: No such file or directory'),
            (2, 'A computer scientist is someone who fixes things that aren''t broken.'),
            (3, 'After enough decimal places, nobody gives a damn.'),
            (4, 'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1'),
            (5, 'A computer program does what you tell it to do, not what you want it to do.'),
            (6, 'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen'),
            (7, 'Any program that runs right is obsolete.'),
            (8, 'A list is only as strong as its weakest link. — Donald Knuth'),
            (9, 'Feature: A bug with seniority.'),
            (10, 'Computers make very fast, very accurate mistakes.'),
            (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
            (12, 'フレームワークのベンチマーク')
        ON CONFLICT (id) DO NOTHING;
        "#,
    )
    .execute(pool)
    .await?;
    Ok(())
}
