//! The unit directory as administrators change it: names, aliases and merging two units
//! that are the same body. Merged units keep their row (history refers to them) and
//! disappear from every list and picker (`merged_into IS NULL`).

use crate::domain::{UnitId, UserId};
use sqlx::{FromRow, PgConnection, PgExecutor};

/// A live unit with what an administrator needs to judge it.
#[derive(Debug, Clone, FromRow)]
pub struct UnitSummary {
    pub id: UnitId,
    pub name: String,
    pub short_name: Option<String>,
    pub is_external: bool,
    pub aliases: Vec<String>,
    /// Active users only: deactivated ones stay attached but do no work.
    pub users: i64,
    pub lead_items: i64,
    pub co_items: i64,
}

/// A live unit in a picker.
#[derive(Debug, Clone, FromRow)]
pub struct UnitChoice {
    pub id: UnitId,
    pub name: String,
    pub is_external: bool,
}

/// Who already goes by a name: a live unit, under its name or as an alias.
#[derive(Debug, Clone, FromRow)]
pub struct NameHolder {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub as_alias: bool,
}

/// A unit row locked for a merge.
#[derive(Debug, Clone, FromRow)]
pub struct LockedUnit {
    pub id: UnitId,
    pub name: String,
    pub merged_into: Option<UnitId>,
}

/// What a merge moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeOutcome {
    pub items: u64,
    pub users: u64,
}

const SELECT_SUMMARY: &str = "SELECT u.id, u.name, u.short_name, u.is_external, \
     ARRAY(SELECT a.alias FROM unit_aliases a WHERE a.unit_id = u.id ORDER BY a.alias) AS aliases, \
     (SELECT count(*) FROM users x WHERE x.unit_id = u.id AND x.active) AS users, \
     (SELECT count(*) FROM item_units iu WHERE iu.unit_id = u.id AND iu.role = 'lead') AS lead_items, \
     (SELECT count(*) FROM item_units iu WHERE iu.unit_id = u.id AND iu.role = 'co') AS co_items \
     FROM units u WHERE u.merged_into IS NULL";

/// Live units, internal ones first.
pub async fn list_units(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<UnitSummary>> {
    sqlx::query_as(&format!("{SELECT_SUMMARY} ORDER BY u.is_external, u.name"))
        .fetch_all(ex)
        .await
}

/// A live unit; merged units are gone as far as administration is concerned.
pub async fn find_unit(ex: impl PgExecutor<'_>, id: UnitId) -> sqlx::Result<Option<UnitSummary>> {
    sqlx::query_as(&format!("{SELECT_SUMMARY} AND u.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// Live units for pickers, internal ones first.
pub async fn list_unit_choices(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<UnitChoice>> {
    sqlx::query_as(
        "SELECT id, name, is_external FROM units WHERE merged_into IS NULL \
         ORDER BY is_external, name",
    )
    .fetch_all(ex)
    .await
}

/// Serialises administrative changes to names and aliases until the transaction ends.
/// A name must be unique across two tables (`units.name`, `unit_aliases.alias`), which no
/// constraint can say, so the check and the write must not interleave with another admin's.
pub async fn lock_unit_names(conn: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock(8123101)")
        .execute(conn)
        .await
        .map(drop)
}

/// The live unit that goes by `name`, as its name or as an alias.
pub async fn find_name_holder(
    ex: impl PgExecutor<'_>,
    name: &str,
) -> sqlx::Result<Option<NameHolder>> {
    sqlx::query_as(
        "SELECT u.id AS unit_id, u.name AS unit_name, true AS as_alias \
         FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = $1 \
         UNION ALL \
         SELECT id, name, false FROM units WHERE name = $1 AND merged_into IS NULL \
         LIMIT 1",
    )
    .bind(name)
    .fetch_optional(ex)
    .await
}

pub async fn insert_unit(
    ex: impl PgExecutor<'_>,
    name: &str,
    short_name: Option<&str>,
    is_external: bool,
) -> sqlx::Result<UnitId> {
    sqlx::query_scalar(
        "INSERT INTO units (name, short_name, is_external) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(name)
    .bind(short_name)
    .bind(is_external)
    .fetch_one(ex)
    .await
}

/// Renames a live unit and sets its short name and external flag; false when there is none.
pub async fn update_unit(
    ex: impl PgExecutor<'_>,
    id: UnitId,
    name: &str,
    short_name: Option<&str>,
    is_external: bool,
) -> sqlx::Result<bool> {
    sqlx::query(
        "UPDATE units SET name = $2, short_name = $3, is_external = $4 \
         WHERE id = $1 AND merged_into IS NULL",
    )
    .bind(id)
    .bind(name)
    .bind(short_name)
    .bind(is_external)
    .execute(ex)
    .await
    .map(|r| r.rows_affected() == 1)
}

pub async fn insert_alias(
    ex: impl PgExecutor<'_>,
    unit_id: UnitId,
    alias: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)")
        .bind(alias)
        .bind(unit_id)
        .execute(ex)
        .await
        .map(drop)
}

/// Removes an alias of that unit; false when the unit has no such alias.
pub async fn delete_alias(
    ex: impl PgExecutor<'_>,
    unit_id: UnitId,
    alias: &str,
) -> sqlx::Result<bool> {
    sqlx::query("DELETE FROM unit_aliases WHERE alias = $1 AND unit_id = $2")
        .bind(alias)
        .bind(unit_id)
        .execute(ex)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Locks the rows of these units, in id order so that two merges cannot deadlock.
pub async fn lock_units(conn: &mut PgConnection, ids: &[UnitId]) -> sqlx::Result<Vec<LockedUnit>> {
    sqlx::query_as(
        "SELECT id, name, merged_into FROM units WHERE id = ANY($1) ORDER BY id FOR UPDATE",
    )
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// Merges `from` into `into`, two live units the caller has locked, inside the caller's
/// transaction: items, users and names move to `into`; `from` stays as a record.
#[tracing::instrument(skip_all, fields(from = %from.id, into = %into.id))]
pub async fn merge_unit(
    conn: &mut PgConnection,
    from: &LockedUnit,
    into: &LockedUnit,
    actor_id: UserId,
) -> sqlx::Result<MergeOutcome> {
    // The history first, while item_units still says which items had `from`. The version
    // bump makes any edit form opened before the merge stale rather than silently
    // putting `from` back.
    let items = sqlx::query(
        "WITH moved AS ( \
             UPDATE items i SET version = i.version + 1 \
             FROM item_units iu WHERE iu.item_id = i.id AND iu.unit_id = $1 RETURNING i.id) \
         INSERT INTO item_events (item_id, actor_id, action, field, before, after) \
         SELECT id, $3, 'unit_merged', 'units', $4, $5 FROM moved",
    )
    .bind(from.id)
    .bind(into.id)
    .bind(actor_id)
    .bind(&from.name)
    .bind(&into.name)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    move_item_units(conn, from.id, into.id).await?;
    // An acknowledgement (签收) by the same body still counts; where both units had
    // acknowledged, `from`'s row stays as history.
    sqlx::query(
        "UPDATE acknowledgements a SET unit_id = $2 WHERE a.unit_id = $1 AND NOT EXISTS \
         (SELECT 1 FROM acknowledgements b WHERE b.item_id = a.item_id AND b.unit_id = $2)",
    )
    .bind(from.id)
    .bind(into.id)
    .execute(&mut *conn)
    .await?;
    let users = sqlx::query("UPDATE users SET unit_id = $2 WHERE unit_id = $1")
        .bind(from.id)
        .bind(into.id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    move_names(conn, from, into.id).await?;
    Ok(MergeOutcome { items, users })
}

/// Moves `from`'s item_units rows to `into`; where the item already has `into`, one row
/// stays, and it leads if either did.
async fn move_item_units(conn: &mut PgConnection, from: UnitId, into: UnitId) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE item_units b SET role = 'lead' FROM item_units a \
         WHERE a.item_id = b.item_id AND a.unit_id = $1 AND b.unit_id = $2 AND a.role = 'lead'",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM item_units a USING item_units b \
         WHERE a.item_id = b.item_id AND a.unit_id = $1 AND b.unit_id = $2",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE item_units SET unit_id = $2 WHERE unit_id = $1")
        .bind(from)
        .bind(into)
        .execute(&mut *conn)
        .await
        .map(drop)
}

/// `from`'s name and aliases become aliases of `into`, so that documents naming either
/// resolve to `into`; `from` and the units merged into it earlier now point at `into`.
async fn move_names(conn: &mut PgConnection, from: &LockedUnit, into: UnitId) -> sqlx::Result<()> {
    sqlx::query("UPDATE unit_aliases SET unit_id = $2 WHERE unit_id = $1")
        .bind(from.id)
        .bind(into)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(&from.name)
        .bind(into)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE units SET merged_into = $2 WHERE id = $1 OR merged_into = $1")
        .bind(from.id)
        .bind(into)
        .execute(&mut *conn)
        .await
        .map(drop)
}
