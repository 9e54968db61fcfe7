//! A unit's progress report (进展情况), written in one statement.
//!
//! Progress reports are duban's most frequent writes. As a transaction of its own (lock the
//! item, write, commit) a report took four round trips to PostgreSQL besides the session's;
//! as one statement it is atomic by itself and takes one.

use sha2::{Digest, Sha256};
use sqlx::{FromRow, PgConnection, PgExecutor};

use super::visibility::visible;
use crate::domain::ItemStatus;
use crate::domain::{Actor, ItemId, UnitId};

/// An evidence file attached to a progress report.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What the statement found, and whether it recorded the report.
#[derive(Debug, Clone, FromRow)]
pub struct Recorded {
    /// The item's status before the report.
    pub status: ItemStatus,
    pub recorded: bool,
}

/// The rule a report is recorded under: the statuses that accept one, and the move the
/// report makes from one status to another (which changes no time stamp but the report's).
#[derive(Debug, Clone, Copy)]
pub struct ReportRule<'a> {
    pub accepted: &'a [ItemStatus],
    pub moves: (ItemStatus, ItemStatus),
}

/// The part of [`record_progress`]'s statement that writes the report's files.
const FILES: &str = "files AS ( \
        INSERT INTO attachments (item_id, progress_id, file_name, content_type, \
            size_bytes, sha256, content, uploaded_by) \
        SELECT $4, r.id, f.file_name, f.content_type, f.size_bytes, f.sha256, f.content, $3 \
        FROM report r, unnest($9::text[], $10::text[], $11::int[], $12::bytea[], \
            $13::bytea[]) AS f(file_name, content_type, size_bytes, sha256, content)),";

/// Records `note`, `percent` (完成进度) and `evidence` on the item if `viewer`, a unit
/// head, may see it (their unit is named on it) and its status is accepted by `rule`: the
/// report, its non-empty files, its history row, the item's time of last progress (and,
/// when the viewer's unit leads it, of its last report, which fills a reporting period,
/// and its stated progress) and, where `rule` moves the
/// status, the move with its own history row (after the report's) and a new version. The
/// item is locked as it is read, so the status checked is the one written over. None when
/// the item is not visible.
pub async fn record_progress(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    item_id: ItemId,
    note: &str,
    percent: Option<i16>,
    evidence: &[Evidence],
    rule: ReportRule<'_>,
) -> sqlx::Result<Option<Recorded>> {
    let (from, to) = rule.moves;
    // A file field left empty is no file.
    let files: Vec<&Evidence> = evidence.iter().filter(|e| !e.bytes.is_empty()).collect();
    sqlx::query_as(&format!(
        "WITH target AS ( \
             SELECT i.id, i.status FROM items i \
             WHERE i.id = $4 AND {visible} FOR UPDATE OF i), \
         accepted AS (SELECT id, status FROM target WHERE status = ANY($6)), \
         report AS ( \
             INSERT INTO progress_reports (item_id, unit_id, author_id, note, percent) \
             SELECT id, $2, $3, $5, $16 FROM accepted RETURNING id), \
         {files} \
         lead AS ( \
             SELECT EXISTS (SELECT FROM item_units WHERE item_id = $4 AND unit_id = $2 \
                 AND role = 'lead') AS is_lead), \
         touched AS ( \
             UPDATE items i SET last_progress_at = now(), \
                 last_report_at = CASE WHEN lead.is_lead THEN now() ELSE i.last_report_at END, \
                 progress_percent = CASE WHEN lead.is_lead AND $16 IS NOT NULL THEN $16 \
                     ELSE i.progress_percent END, \
                 status = CASE WHEN a.status = $7 THEN $8 ELSE i.status END, \
                 version = i.version + CASE WHEN a.status = $7 THEN 1 ELSE 0 END \
             FROM accepted a, lead WHERE i.id = a.id), \
         events AS ( \
             INSERT INTO item_events (item_id, actor_id, action, field, before, after, note) \
             SELECT a.id, $3, e.action, e.field, e.before, e.after, e.note \
             FROM accepted a CROSS JOIN LATERAL (VALUES \
                 (1, 'progress', NULL, NULL, NULL, $5), \
                 (2, 'status', 'status', $14, $15, NULL)) \
                 AS e(n, action, field, before, after, note) \
             WHERE e.n = 1 OR a.status = $7 \
             ORDER BY e.n) \
         SELECT status, EXISTS (SELECT FROM report) AS recorded FROM target",
        visible = visible(viewer.role()),
        // Most reports carry no file; without the part that writes files the statement
        // costs about 6% less to start and run (measured with callgrind). The file
        // parameters are bound either way, so that their numbers stay put.
        files = if files.is_empty() { "" } else { FILES }
    ))
    .bind(viewer.role())
    .bind(viewer.unit_id())
    .bind(viewer.user_id())
    .bind(item_id)
    .bind(note)
    .bind(rule.accepted)
    .bind(from)
    .bind(to)
    .bind(
        files
            .iter()
            .map(|e| e.file_name.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        files
            .iter()
            .map(|e| e.content_type.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        files
            .iter()
            .map(|e| i32::try_from(e.bytes.len()).unwrap_or(i32::MAX))
            .collect::<Vec<_>>(),
    )
    .bind(
        files
            .iter()
            .map(|e| Sha256::digest(&e.bytes).to_vec())
            .collect::<Vec<_>>(),
    )
    .bind(files.iter().map(|e| e.bytes.as_slice()).collect::<Vec<_>>())
    .bind(from.label())
    .bind(to.label())
    .bind(percent)
    .fetch_optional(ex)
    .await
}

/// Advisory lock class of a unit's evidence quota (the two-key form, apart from the
/// login throttle's 16_001 and 16_002).
const EVIDENCE_LOCK: i32 = 16_003;

/// The bytes of evidence files `unit_id`'s reports have stored, with the unit's quota
/// lock held until the transaction ends: two reports of one unit cannot both pass the
/// quota. The sum is its own statement, after the lock, so that it sees whatever the
/// lock's previous holder committed.
pub async fn lock_unit_evidence(conn: &mut PgConnection, unit_id: UnitId) -> sqlx::Result<i64> {
    sqlx::query("SELECT pg_advisory_xact_lock($1, hashint8($2))")
        .bind(EVIDENCE_LOCK)
        .bind(unit_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar(
        "SELECT coalesce(sum(a.size_bytes), 0)::bigint \
         FROM progress_reports p JOIN attachments a ON a.progress_id = p.id \
         WHERE p.unit_id = $1",
    )
    .bind(unit_id)
    .fetch_one(conn)
    .await
}
