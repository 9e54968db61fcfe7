use sqlx::{PgConnection, PgExecutor};

use crate::extract::{Decoded, DocKind, Extraction, ItemKind, Recurrence, SourceFormat};

/// A document to store, with what was extracted from it.
pub struct NewDocument<'a> {
    pub file_name: &'a str,
    pub original: &'a [u8],
    pub sha256: &'a [u8],
    pub decoded: &'a Decoded,
    pub extraction: &'a Extraction,
    pub imported_by: Option<i64>,
}

pub async fn find_document_by_sha256(
    ex: impl PgExecutor<'_>,
    sha256: &[u8],
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM documents WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(ex)
        .await
}

/// Inserts the document row and returns its id.
pub async fn insert_document(conn: &mut PgConnection, doc: &NewDocument<'_>) -> sqlx::Result<i64> {
    let m = &doc.extraction.document;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO documents (file_name, original, sha256, encoding, source_format, kind, org, \
             doc_number, title, meeting_date, issued_date, place, chair, attendees, observers, \
             recorder, signer, body, imported_by) \
         VALUES ($1, $2, $3, $4, $5, $6::document_kind, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
             $16, $17, $18, $19) RETURNING id",
    )
    .bind(doc.file_name)
    .bind(doc.original)
    .bind(doc.sha256)
    .bind(doc.decoded.encoding)
    .bind(format_name(doc.decoded.format))
    .bind(kind_name(m.kind))
    .bind(&m.org)
    .bind(&m.doc_number)
    .bind(&m.title)
    .bind(m.meeting_date)
    .bind(m.issued_date)
    .bind(&m.place)
    .bind(&m.chair)
    .bind(&m.attendees)
    .bind(&m.observers)
    .bind(&m.recorder)
    .bind(&m.signer)
    .bind(&doc.decoded.text)
    .bind(doc.imported_by)
    .fetch_one(&mut *conn)
    .await?;
    super::search::reindex_document(conn, id).await?;
    Ok(id)
}

/// Inserts the sections of a document; returns their ids in the order given.
pub async fn insert_sections(
    conn: &mut PgConnection,
    document_id: i64,
    extraction: &Extraction,
) -> sqlx::Result<Vec<(u32, i64)>> {
    let mut ids = Vec::with_capacity(extraction.sections.len());
    for s in &extraction.sections {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sections (document_id, ordinal, title, span_start, span_end) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (document_id, ordinal) DO NOTHING RETURNING id",
        )
        .bind(document_id)
        .bind(to_i32(s.ordinal as usize))
        .bind(&s.title)
        .bind(to_i32(s.span[0]))
        .bind(to_i32(s.span[1]))
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or_default();
        if id != 0 {
            ids.push((s.ordinal, id));
        }
    }
    Ok(ids)
}

/// Inserts the extracted items as drafts, with their lead and helping units where the
/// names matched the unit directory, and a `created` event each.
pub async fn insert_draft_items(
    conn: &mut PgConnection,
    document_id: i64,
    extraction: &Extraction,
    sections: &[(u32, i64)],
    actor: Option<i64>,
) -> sqlx::Result<usize> {
    for item in &extraction.items {
        let section_id = item.section.and_then(|n| {
            sections
                .iter()
                .find(|(ord, _)| *ord == n)
                .map(|(_, id)| *id)
        });
        let item_id: i64 = sqlx::query_scalar(
            "INSERT INTO items (document_id, section_id, kind, verdict, title, body, span_start, \
                 span_end, list_marker, list_ordinal, extracted_owners, extracted_co_owners, \
                 due_date, recurrence, created_by) \
             VALUES ($1, $2, $3::item_kind, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
                 $14::recurrence, $15) RETURNING id",
        )
        .bind(document_id)
        .bind(section_id)
        .bind(match item.kind {
            ItemKind::Decision => "decision",
            ItemKind::Task => "task",
        })
        .bind(&item.verdict)
        .bind(title_or_text(&item.title, &item.text))
        .bind(&item.text)
        .bind(to_i32(item.span[0]))
        .bind(to_i32(item.span[1]))
        .bind(&item.list)
        .bind(item.ordinal.map(|o| to_i32(o as usize)))
        .bind(&item.owners)
        .bind(&item.co_owners)
        .bind(item.due)
        .bind(item.recurrence.map(recurrence_name))
        .bind(actor)
        .fetch_one(&mut *conn)
        .await?;
        link_units(conn, item_id, &item.owners, "lead").await?;
        link_units(conn, item_id, &item.co_owners, "co").await?;
        super::search::reindex_item(conn, item_id).await?;
        sqlx::query(
            "INSERT INTO item_events (item_id, actor_id, action) VALUES ($1, $2, 'extracted')",
        )
        .bind(item_id)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    }
    Ok(extraction.items.len())
}

/// Links an item to the units whose name or alias equals one of `names`.
async fn link_units(
    conn: &mut PgConnection,
    item_id: i64,
    names: &[String],
    role: &str,
) -> sqlx::Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO item_units (item_id, unit_id, role) \
         SELECT DISTINCT $1, u.id, $3::unit_role FROM units u \
         LEFT JOIN unit_aliases a ON a.unit_id = u.id \
         WHERE u.merged_into IS NULL AND (u.name = ANY($2) OR a.alias = ANY($2)) \
         ON CONFLICT (item_id, unit_id) DO NOTHING",
    )
    .bind(item_id)
    .bind(names)
    .bind(role)
    .execute(&mut *conn)
    .await
    .map(drop)
}

/// Names and aliases of every unit, for recognising owners in new documents.
pub async fn unit_directory(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT name FROM units WHERE merged_into IS NULL UNION SELECT alias FROM unit_aliases",
    )
    .fetch_all(ex)
    .await
}

fn title_or_text<'a>(title: &'a str, text: &'a str) -> &'a str {
    if title.trim().is_empty() {
        text
    } else {
        title
    }
}

fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn kind_name(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Minutes => "minutes",
        DocKind::Report => "report",
        DocKind::Notice => "notice",
        DocKind::Unknown => "unknown",
    }
}

fn format_name(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Text => "text",
        SourceFormat::Docx => "docx",
        SourceFormat::Html => "html",
    }
}

fn recurrence_name(r: Recurrence) -> &'static str {
    match r {
        Recurrence::Weekly => "weekly",
        Recurrence::Monthly => "monthly",
        Recurrence::Quarterly => "quarterly",
        Recurrence::Yearly => "yearly",
    }
}

/// A document as its pages show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Document {
    pub id: i64,
    pub file_name: String,
    pub kind: String,
    pub org: Option<String>,
    pub doc_number: Option<String>,
    pub title: Option<String>,
    pub meeting_date: Option<chrono::NaiveDate>,
    pub issued_date: Option<chrono::NaiveDate>,
    pub place: Option<String>,
    pub chair: Option<String>,
    pub attendees: Vec<String>,
    pub observers: Vec<String>,
    pub recorder: Option<String>,
    pub signer: Option<String>,
    pub encoding: String,
    pub body: String,
    pub imported_at: chrono::DateTime<chrono::Utc>,
}

pub async fn find_document(ex: impl PgExecutor<'_>, id: i64) -> sqlx::Result<Option<Document>> {
    sqlx::query_as(
        "SELECT id, file_name, kind::text AS kind, org, doc_number, title, meeting_date, \
             issued_date, place, chair, attendees, observers, recorder, signer, encoding, body, \
             imported_at \
         FROM documents WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// A row of the document list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentSummary {
    pub id: i64,
    pub file_name: String,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub date: Option<chrono::NaiveDate>,
    pub kind: String,
    pub drafts: i64,
    pub published: i64,
    pub closed: i64,
    pub imported_at: chrono::DateTime<chrono::Utc>,
}

pub async fn list_documents(
    ex: impl PgExecutor<'_>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<DocumentSummary>> {
    sqlx::query_as(
        "SELECT d.id, d.file_name, d.title, d.doc_number, \
             coalesce(d.meeting_date, d.issued_date) AS date, d.kind::text AS kind, \
             count(i.id) FILTER (WHERE i.status = 'draft') AS drafts, \
             count(i.id) FILTER (WHERE i.status NOT IN ('draft', 'dismissed')) AS published, \
             count(i.id) FILTER (WHERE i.status = 'closed') AS closed, d.imported_at \
         FROM documents d LEFT JOIN items i ON i.document_id = d.id \
         GROUP BY d.id ORDER BY d.imported_at DESC, d.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(ex)
    .await
}
