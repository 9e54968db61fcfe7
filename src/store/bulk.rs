//! Bulk inserts for generated data (`duban demo --synthetic`): one statement per table and
//! chunk, `INSERT ... SELECT FROM unnest($1::bigint[], $2::text[], ...)`, instead of a
//! round trip per row. Rows carry their ids (taken with [`reserve_ids`]) so that rows of
//! other tables can point at them before they are written.
//!
//! Search vectors are written here too, from text segmented in Rust, with the same weights
//! as [`super::search::reindex_item`] and [`super::search::reindex_document`].

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use crate::domain::{
    DocumentKind, EventAction, ExtensionStatus, ItemField, ItemKind, ItemStatus, Recurrence, Role,
    UnitRole,
};

/// Rows per statement: large enough to amortise the round trip, small enough to keep one
/// statement's parameters to a few megabytes.
const CHUNK: usize = 5_000;
/// Documents carry their whole text twice (original bytes and body), so fewer per statement.
const DOCUMENT_CHUNK: usize = 200;

/// One column of a chunk of rows, as an array parameter.
pub(super) fn col<'a, R, T>(rows: &'a [R], f: impl Fn(&'a R) -> T) -> Vec<T> {
    rows.iter().map(f).collect()
}

/// Takes `n` consecutive ids from `table`'s id sequence and returns the first. Not safe
/// against concurrent inserts into `table`: for generating data into a database of its own.
pub async fn reserve_ids(conn: &mut PgConnection, table: &str, n: usize) -> sqlx::Result<i64> {
    let n = i64::try_from(n.max(1)).unwrap_or(i64::MAX);
    sqlx::query_scalar(
        "SELECT setval(pg_get_serial_sequence($1, 'id'), \
             nextval(pg_get_serial_sequence($1, 'id')) + $2 - 1) - $2 + 1",
    )
    .bind(table)
    .bind(n)
    .fetch_one(conn)
    .await
}

pub struct UnitRow {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_units(conn: &mut PgConnection, rows: &[UnitRow]) -> sqlx::Result<()> {
    for chunk in rows.chunks(CHUNK) {
        sqlx::query(
            "INSERT INTO units (id, name, created_at, updated_at) \
             SELECT id, name, t, t FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) \
                 AS r(id, name, t)",
        )
        .bind(col(chunk, |r| r.id))
        .bind(col(chunk, |r| r.name.as_str()))
        .bind(col(chunk, |r| r.created_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub struct UserRow {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub email: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Every user gets the same password hash (hashing 500 passwords would take a minute).
pub async fn insert_users(
    conn: &mut PgConnection,
    rows: &[UserRow],
    password_hash: &str,
) -> sqlx::Result<()> {
    for chunk in rows.chunks(CHUNK) {
        sqlx::query(
            "INSERT INTO users (id, login, password_hash, display_name, role, unit_id, email, \
                 created_at, updated_at) \
             SELECT id, login, $8, name, role::user_role, unit_id, email, t, t \
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], \
                 $6::text[], $7::timestamptz[]) AS r(id, login, name, role, unit_id, email, t)",
        )
        .bind(col(chunk, |r| r.id))
        .bind(col(chunk, |r| r.login.as_str()))
        .bind(col(chunk, |r| r.display_name.as_str()))
        .bind(col(chunk, |r| r.role.as_str()))
        .bind(col(chunk, |r| r.unit_id))
        .bind(col(chunk, |r| r.email.as_deref()))
        .bind(col(chunk, |r| r.created_at))
        .bind(password_hash)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub struct LeaderRow {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_leaders(conn: &mut PgConnection, rows: &[LeaderRow]) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO leaders (id, name, title, user_id, created_at) \
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], \
             $5::timestamptz[])",
    )
    .bind(col(rows, |r| r.id))
    .bind(col(rows, |r| r.name.as_str()))
    .bind(col(rows, |r| r.title.as_str()))
    .bind(col(rows, |r| r.user_id))
    .bind(col(rows, |r| r.created_at))
    .execute(conn)
    .await
    .map(drop)
}

pub struct DocumentRow {
    pub id: i64,
    pub file_name: String,
    pub sha256: Vec<u8>,
    pub kind: DocumentKind,
    pub org: String,
    pub doc_number: String,
    pub title: String,
    pub meeting_date: NaiveDate,
    pub place: String,
    pub chair: String,
    pub attendees: Vec<String>,
    pub recorder: String,
    /// The text; the original bytes are its UTF-8 encoding.
    pub body: String,
    pub imported_by: i64,
    pub imported_at: DateTime<Utc>,
    /// [`crate::search::segment`] of title and number, of the org, and of the body.
    pub segmented: [String; 3],
}

pub async fn insert_documents(conn: &mut PgConnection, rows: &[DocumentRow]) -> sqlx::Result<()> {
    let sql = format!(
        "INSERT INTO documents (id, file_name, original, sha256, encoding, source_format, \
                 kind, org, doc_number, title, meeting_date, issued_date, place, chair, \
                 attendees, recorder, body, imported_by, imported_at, updated_at, search_vector) \
             SELECT id, file_name, convert_to(body, 'UTF8'), sha256, 'UTF-8', 'text', \
                 kind::document_kind, org, doc_number, title, meeting_date, meeting_date, place, \
                 chair, string_to_array(attendees, '、'), recorder, body, imported_by, t, t, \
                 {vector} \
             FROM unnest($1::bigint[], $2::text[], $3::bytea[], $4::text[], $5::text[], \
                 $6::text[], $7::text[], $8::date[], $9::text[], $10::text[], $11::text[], \
                 $12::text[], $13::text[], $14::bigint[], $15::timestamptz[], $16::text[], \
                 $17::text[], $18::text[]) \
             AS r(id, file_name, sha256, kind, org, doc_number, title, meeting_date, place, \
                 chair, attendees, recorder, body, imported_by, t, s_title, s_org, s_body)",
        vector = super::search::document_vector("s_title", "s_org", "s_body")
    );
    for chunk in rows.chunks(DOCUMENT_CHUNK) {
        sqlx::query(&sql)
            .bind(col(chunk, |r| r.id))
            .bind(col(chunk, |r| r.file_name.as_str()))
            .bind(col(chunk, |r| r.sha256.as_slice()))
            .bind(col(chunk, |r| r.kind.as_str()))
            .bind(col(chunk, |r| r.org.as_str()))
            .bind(col(chunk, |r| r.doc_number.as_str()))
            .bind(col(chunk, |r| r.title.as_str()))
            .bind(col(chunk, |r| r.meeting_date))
            .bind(col(chunk, |r| r.place.as_str()))
            .bind(col(chunk, |r| r.chair.as_str()))
            .bind(col(chunk, |r| r.attendees.join("、")))
            .bind(col(chunk, |r| r.recorder.as_str()))
            .bind(col(chunk, |r| r.body.as_str()))
            .bind(col(chunk, |r| r.imported_by))
            .bind(col(chunk, |r| r.imported_at))
            .bind(col(chunk, |r| r.segmented[0].as_str()))
            .bind(col(chunk, |r| r.segmented[1].as_str()))
            .bind(col(chunk, |r| r.segmented[2].as_str()))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub struct SectionRow {
    pub id: i64,
    pub document_id: i64,
    pub ordinal: i32,
    pub title: String,
    pub span: (i32, i32),
}

pub async fn insert_sections(conn: &mut PgConnection, rows: &[SectionRow]) -> sqlx::Result<()> {
    for chunk in rows.chunks(CHUNK) {
        sqlx::query(
            "INSERT INTO sections (id, document_id, ordinal, title, span_start, span_end) \
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::int[], \
                 $6::int[])",
        )
        .bind(col(chunk, |r| r.id))
        .bind(col(chunk, |r| r.document_id))
        .bind(col(chunk, |r| r.ordinal))
        .bind(col(chunk, |r| r.title.as_str()))
        .bind(col(chunk, |r| r.span.0))
        .bind(col(chunk, |r| r.span.1))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub struct ItemRow {
    pub id: i64,
    pub document_id: i64,
    pub section_id: i64,
    pub kind: ItemKind,
    pub verdict: Option<&'static str>,
    pub title: String,
    pub body: String,
    pub span: (i32, i32),
    pub list_marker: &'static str,
    pub list_ordinal: i32,
    /// The lead unit names, as an extractor would have read them.
    pub extracted_owners: Vec<String>,
    pub leader_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub recurrence: Option<Recurrence>,
    pub status: ItemStatus,
    pub version: i32,
    pub assigned_at: Option<DateTime<Utc>>,
    pub reported_done_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub last_progress_at: Option<DateTime<Utc>>,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// [`crate::search::segment`] of title, body and lead unit names.
    pub segmented: [String; 3],
}

pub async fn insert_items(conn: &mut PgConnection, rows: &[ItemRow]) -> sqlx::Result<()> {
    let sql = format!(
        "INSERT INTO items (id, document_id, section_id, kind, verdict, title, body, \
                 span_start, span_end, list_marker, list_ordinal, extracted_owners, leader_id, \
                 due_date, recurrence, status, version, assigned_at, reported_done_at, closed_at, \
                 last_progress_at, created_by, created_at, updated_at, search_vector) \
             SELECT id, document_id, section_id, kind::item_kind, verdict, title, body, s0, s1, \
                 marker, ordinal, string_to_array(owners, '、'), leader_id, due, \
                 recurrence::recurrence, status::item_status, version, assigned_at, done_at, \
                 closed_at, progress_at, created_by, created_at, updated_at, \
                 {vector} \
             FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], \
                 $6::text[], $7::text[], $8::int[], $9::int[], $10::text[], $11::int[], \
                 $12::text[], $13::bigint[], $14::date[], $15::text[], $16::text[], $17::int[], \
                 $18::timestamptz[], $19::timestamptz[], $20::timestamptz[], $21::timestamptz[], \
                 $22::bigint[], $23::timestamptz[], $24::timestamptz[], $25::text[], $26::text[], \
                 $27::text[]) \
             AS r(id, document_id, section_id, kind, verdict, title, body, s0, s1, marker, \
                 ordinal, owners, leader_id, due, recurrence, status, version, assigned_at, \
                 done_at, closed_at, progress_at, created_by, created_at, updated_at, s_title, \
                 s_body, s_units)",
        vector = super::search::item_vector("s_title", "s_body", "s_units")
    );
    for chunk in rows.chunks(CHUNK) {
        sqlx::query(&sql)
            .bind(col(chunk, |r| r.id))
            .bind(col(chunk, |r| r.document_id))
            .bind(col(chunk, |r| r.section_id))
            .bind(col(chunk, |r| r.kind.as_str()))
            .bind(col(chunk, |r| r.verdict))
            .bind(col(chunk, |r| r.title.as_str()))
            .bind(col(chunk, |r| r.body.as_str()))
            .bind(col(chunk, |r| r.span.0))
            .bind(col(chunk, |r| r.span.1))
            .bind(col(chunk, |r| r.list_marker))
            .bind(col(chunk, |r| r.list_ordinal))
            .bind(col(chunk, |r| r.extracted_owners.join("、")))
            .bind(col(chunk, |r| r.leader_id))
            .bind(col(chunk, |r| r.due_date))
            .bind(col(chunk, |r| r.recurrence.map(Recurrence::as_str)))
            .bind(col(chunk, |r| r.status.as_str()))
            .bind(col(chunk, |r| r.version))
            .bind(col(chunk, |r| r.assigned_at))
            .bind(col(chunk, |r| r.reported_done_at))
            .bind(col(chunk, |r| r.closed_at))
            .bind(col(chunk, |r| r.last_progress_at))
            .bind(col(chunk, |r| r.created_by))
            .bind(col(chunk, |r| r.created_at))
            .bind(col(chunk, |r| r.updated_at))
            .bind(col(chunk, |r| r.segmented[0].as_str()))
            .bind(col(chunk, |r| r.segmented[1].as_str()))
            .bind(col(chunk, |r| r.segmented[2].as_str()))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub struct ItemUnitRow {
    pub item_id: i64,
    pub unit_id: i64,
    pub role: UnitRole,
}

pub async fn insert_item_units(conn: &mut PgConnection, rows: &[ItemUnitRow]) -> sqlx::Result<()> {
    for chunk in rows.chunks(CHUNK * 4) {
        sqlx::query(
            "INSERT INTO item_units (item_id, unit_id, role) \
             SELECT i, u, r::unit_role FROM unnest($1::bigint[], $2::bigint[], $3::text[]) \
                 AS x(i, u, r)",
        )
        .bind(col(chunk, |r| r.item_id))
        .bind(col(chunk, |r| r.unit_id))
        .bind(col(chunk, |r| r.role.as_str()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub struct EventRow {
    pub item_id: i64,
    pub actor_id: i64,
    pub action: EventAction,
    pub field: Option<ItemField>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_events(conn: &mut PgConnection, rows: &[EventRow]) -> sqlx::Result<()> {
    for chunk in rows.chunks(CHUNK * 4) {
        sqlx::query(
            "INSERT INTO item_events (item_id, actor_id, action, field, before, after, note, \
                 created_at) \
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], \
                 $5::text[], $6::text[], $7::text[], $8::timestamptz[])",
        )
        .bind(col(chunk, |r| r.item_id))
        .bind(col(chunk, |r| r.actor_id))
        .bind(col(chunk, |r| r.action.as_str()))
        .bind(col(chunk, |r| r.field.map(ItemField::as_str)))
        .bind(col(chunk, |r| r.before.as_deref()))
        .bind(col(chunk, |r| r.after.as_deref()))
        .bind(col(chunk, |r| r.note.as_deref()))
        .bind(col(chunk, |r| r.created_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub struct ProgressRow {
    pub item_id: i64,
    pub unit_id: i64,
    pub author_id: i64,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_progress(conn: &mut PgConnection, rows: &[ProgressRow]) -> sqlx::Result<()> {
    for chunk in rows.chunks(CHUNK * 4) {
        sqlx::query(
            "INSERT INTO progress_reports (item_id, unit_id, author_id, note, created_at) \
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], \
                 $5::timestamptz[])",
        )
        .bind(col(chunk, |r| r.item_id))
        .bind(col(chunk, |r| r.unit_id))
        .bind(col(chunk, |r| r.author_id))
        .bind(col(chunk, |r| r.note.as_str()))
        .bind(col(chunk, |r| r.created_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub struct AckRow {
    pub item_id: i64,
    pub unit_id: i64,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_acks(conn: &mut PgConnection, rows: &[AckRow]) -> sqlx::Result<()> {
    for chunk in rows.chunks(CHUNK * 4) {
        sqlx::query(
            "INSERT INTO acknowledgements (item_id, unit_id, user_id, created_at) \
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::timestamptz[])",
        )
        .bind(col(chunk, |r| r.item_id))
        .bind(col(chunk, |r| r.unit_id))
        .bind(col(chunk, |r| r.user_id))
        .bind(col(chunk, |r| r.created_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub struct ExtensionRow {
    pub item_id: i64,
    pub requested_by: i64,
    pub old_due: Option<NaiveDate>,
    pub new_due: NaiveDate,
    pub reason: String,
    pub status: ExtensionStatus,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<&'static str>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_extensions(conn: &mut PgConnection, rows: &[ExtensionRow]) -> sqlx::Result<()> {
    for chunk in rows.chunks(CHUNK) {
        sqlx::query(
            "INSERT INTO extension_requests (item_id, requested_by, old_due, new_due, reason, \
                 status, decided_by, decided_at, decision_note, created_at) \
             SELECT i, req, od, nd, reason, s::extension_status, dby, dat, dnote, t \
             FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::date[], $5::text[], \
                 $6::text[], $7::bigint[], $8::timestamptz[], $9::text[], $10::timestamptz[]) \
             AS x(i, req, od, nd, reason, s, dby, dat, dnote, t)",
        )
        .bind(col(chunk, |r| r.item_id))
        .bind(col(chunk, |r| r.requested_by))
        .bind(col(chunk, |r| r.old_due))
        .bind(col(chunk, |r| r.new_due))
        .bind(col(chunk, |r| r.reason.as_str()))
        .bind(col(chunk, |r| r.status.as_str()))
        .bind(col(chunk, |r| r.decided_by))
        .bind(col(chunk, |r| r.decided_at))
        .bind(col(chunk, |r| r.decision_note))
        .bind(col(chunk, |r| r.created_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Fresh statistics after a bulk load, so the planner does not judge 100,000 rows by the
/// empty tables it last saw, and the loaded rows marked visible to all: left to
/// autovacuum, that work (and the hint bits every first read of a row writes) falls on the
/// requests of the next minutes, so a benchmark started right after the load measured it.
/// VACUUM cannot run in a transaction; `conn` must not be in one.
pub async fn vacuum_analyze(conn: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("VACUUM (ANALYZE)")
        .execute(conn)
        .await
        .map(drop)
}
