use crate::domain::UnitId;
use sqlx::PgExecutor;

/// The unit of that name or alias, created when there is none.
pub async fn find_or_insert_unit(
    ex: impl PgExecutor<'_>,
    name: &str,
) -> sqlx::Result<(UnitId, bool)> {
    // One statement, so two importers racing on a new name both end with the same row.
    sqlx::query_as(
        "WITH found AS ( \
             SELECT unit_id AS id FROM unit_aliases WHERE alias = $1 \
             UNION ALL SELECT id FROM units WHERE name = $1 LIMIT 1), \
         made AS ( \
             INSERT INTO units (name) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM found) \
             ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id) \
         SELECT id, false FROM found UNION ALL SELECT id, true FROM made",
    )
    .bind(name.trim())
    .fetch_one(ex)
    .await
}
