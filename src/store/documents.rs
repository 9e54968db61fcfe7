use std::collections::HashMap;

use sqlx::{PgConnection, PgExecutor};

use super::bulk::col;
use super::visibility::PUBLISHED;
use crate::domain::{
    DocumentId, DocumentKind, EventAction, Recurrence, SourceFormat, UnitRole, UserId,
};
use crate::extract::{Decoded, Extraction, Item};
use crate::search::segment;

/// A document to store, with what was extracted from it.
pub struct NewDocument<'a> {
    pub file_name: &'a str,
    pub original: &'a [u8],
    pub sha256: &'a [u8],
    pub decoded: &'a Decoded,
    pub extraction: &'a Extraction,
    pub imported_by: Option<UserId>,
}

pub async fn find_document_by_sha256(
    ex: impl PgExecutor<'_>,
    sha256: &[u8],
) -> sqlx::Result<Option<DocumentId>> {
    sqlx::query_scalar("SELECT id FROM documents WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(ex)
        .await
}

/// Inserts the document row and returns its id.
pub async fn insert_document(
    conn: &mut PgConnection,
    doc: &NewDocument<'_>,
) -> sqlx::Result<DocumentId> {
    let m = &doc.extraction.document;
    let [s_title, s_org, s_body] = super::search::document_words(
        m.title.as_deref().unwrap_or(""),
        m.doc_number.as_deref().unwrap_or(""),
        m.org.as_deref().unwrap_or(""),
        &doc.decoded.text,
    );
    sqlx::query_scalar(&format!(
        "INSERT INTO documents (file_name, original, sha256, encoding, source_format, kind, org, \
             doc_number, title, meeting_date, issued_date, place, chair, attendees, observers, \
             recorder, signer, body, imported_by, search_vector) \
         VALUES ($1, $2, $3, $4, $5, $6::document_kind, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
             $16, $17, $18, $19, {}) RETURNING id",
        super::search::document_vector("$20", "$21", "$22")
    ))
    .bind(doc.file_name)
    .bind(doc.original)
    .bind(doc.sha256)
    .bind(doc.decoded.encoding)
    .bind(doc.decoded.format)
    .bind(m.kind)
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
    .bind(s_title)
    .bind(s_org)
    .bind(s_body)
    .fetch_one(&mut *conn)
    .await
}

/// Inserts the sections of a document; returns their ids by ordinal. A repeated ordinal
/// keeps its first section.
pub async fn insert_sections(
    conn: &mut PgConnection,
    document_id: DocumentId,
    extraction: &Extraction,
) -> sqlx::Result<Vec<(u32, i64)>> {
    let sections = &extraction.sections;
    if sections.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i32, i64)> = sqlx::query_as(
        "INSERT INTO sections (document_id, ordinal, title, span_start, span_end) \
         SELECT $1, ordinal, title, s0, s1 \
         FROM unnest($2::int[], $3::text[], $4::int[], $5::int[]) WITH ORDINALITY \
             AS s(ordinal, title, s0, s1, n) \
         ORDER BY n \
         ON CONFLICT (document_id, ordinal) DO NOTHING RETURNING ordinal, id",
    )
    .bind(document_id)
    .bind(col(sections, |s| to_i32(s.ordinal as usize)))
    .bind(col(sections, |s| s.title.as_str()))
    .bind(col(sections, |s| to_i32(s.span[0])))
    .bind(col(sections, |s| to_i32(s.span[1])))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(ordinal, id)| (u32::try_from(ordinal).unwrap_or_default(), id))
        .collect())
}

/// Inserts the extracted items as drafts, with their lead and helping units where the
/// names matched the unit directory, their responsible leader where the name is one
/// leader's, and an `extracted` event each: a handful of statements per document, whatever
/// its number of items.
pub async fn insert_draft_items(
    conn: &mut PgConnection,
    document_id: DocumentId,
    extraction: &Extraction,
    sections: &[(u32, i64)],
    actor: Option<UserId>,
) -> sqlx::Result<usize> {
    let items = &extraction.items;
    if items.is_empty() {
        return Ok(0);
    }
    let units = match_units(conn, items).await?;
    let leaders = match_leaders(conn, items).await?;
    // Ids first, so that the links and events can name them: ascending in document order
    // (one backend's draws from a sequence only grow), though other importers may take
    // ids in between.
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT nextval(pg_get_serial_sequence('items', 'id')) FROM generate_series(1, $1)",
    )
    .bind(i64::try_from(items.len()).unwrap_or(i64::MAX))
    .fetch_all(&mut *conn)
    .await?;
    let links: Vec<Vec<(i64, &str, UnitRole)>> =
        items.iter().map(|item| unit_links(item, &units)).collect();
    let section_of = |item: &Item| {
        item.section.and_then(|n| {
            sections
                .iter()
                .find(|(ord, _)| *ord == n)
                .map(|(_, id)| *id)
        })
    };
    let owners = |names: &[String]| serde_json::Value::from(names.to_vec());
    sqlx::query(&format!(
        "INSERT INTO items (id, document_id, section_id, kind, verdict, title, body, span_start, \
             span_end, list_marker, list_ordinal, extracted_owners, extracted_co_owners, \
             extracted_leader, leader_id, due_date, recurrence, extracted_basis, trackable, \
             created_by, search_vector, report_day) \
         SELECT id, $1, section_id, kind::item_kind, verdict, title, body, s0, s1, marker, \
             ordinal, ARRAY(SELECT jsonb_array_elements_text(owners)), \
             ARRAY(SELECT jsonb_array_elements_text(co_owners)), leader, leader_id, due, \
             recurrence::recurrence, basis, trackable, $2, {vector}, report_day \
         FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], \
             $8::text[], $9::int[], $10::int[], $11::text[], $12::int[], $13::jsonb[], \
             $14::jsonb[], $15::date[], $16::text[], $17::text[], $18::text[], $19::text[], \
             $20::text[], $21::boolean[], $22::text[], $23::bigint[], $24::smallint[]) \
         AS r(id, section_id, kind, verdict, title, body, s0, s1, marker, ordinal, owners, \
             co_owners, due, recurrence, s_title, s_body, s_units, basis, trackable, leader, \
             leader_id, report_day)",
        vector = super::search::item_vector("s_title", "s_body", "s_units")
    ))
    .bind(document_id)
    .bind(actor)
    .bind(&ids)
    .bind(col(items, section_of))
    .bind(col(items, |i| i.kind.as_str()))
    .bind(col(items, |i| i.verdict.as_deref()))
    .bind(col(items, |i| title_or_text(&i.title, &i.text)))
    .bind(col(items, |i| i.text.as_str()))
    .bind(col(items, |i| to_i32(i.span[0])))
    .bind(col(items, |i| to_i32(i.span[1])))
    .bind(col(items, |i| i.list.as_deref()))
    .bind(col(items, |i| i.ordinal.map(|o| to_i32(o as usize))))
    .bind(col(items, |i| owners(&i.owners)))
    .bind(col(items, |i| owners(&i.co_owners)))
    .bind(col(items, |i| i.due))
    .bind(col(items, |i| i.recurrence.map(Recurrence::as_str)))
    .bind(col(items, |i| segment(title_or_text(&i.title, &i.text))))
    .bind(col(items, |i| segment(&i.text)))
    .bind(col(&links, |l| {
        let leads: Vec<&str> = l
            .iter()
            .filter(|x| x.2 == UnitRole::Lead)
            .map(|x| x.1)
            .collect();
        segment(&leads.join(" "))
    }))
    .bind(col(items, |i| i.basis.to_string()))
    .bind(col(items, |i| i.trackable))
    .bind(col(items, extracted_leader))
    .bind(col(items, |i| leader_of(i, &leaders)))
    .bind(col(items, |i| i.report_day))
    .execute(&mut *conn)
    .await?;
    let flat: Vec<(i64, i64, UnitRole)> = ids
        .iter()
        .zip(&links)
        .flat_map(|(id, l)| l.iter().map(move |(unit, _, role)| (*id, *unit, *role)))
        .collect();
    sqlx::query(
        "INSERT INTO item_units (item_id, unit_id, role) \
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::unit_role[])",
    )
    .bind(col(&flat, |l| l.0))
    .bind(col(&flat, |l| l.1))
    .bind(col(&flat, |l| l.2))
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO item_events (item_id, actor_id, action) \
         SELECT unnest($1::bigint[]), $2, $3",
    )
    .bind(&ids)
    .bind(actor)
    .bind(EventAction::Extracted)
    .execute(&mut *conn)
    .await?;
    Ok(items.len())
}

/// A unit matched by an owner's name: its id and its name in the directory.
type MatchedUnit = (i64, String);

/// The live units each owner name of `items` names, by their name or an alias.
async fn match_units(
    conn: &mut PgConnection,
    items: &[Item],
) -> sqlx::Result<HashMap<String, Vec<MatchedUnit>>> {
    let mut names: Vec<&str> = items
        .iter()
        .flat_map(|i| i.owners.iter().chain(&i.co_owners))
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut units: HashMap<String, Vec<MatchedUnit>> = HashMap::new();
    if names.is_empty() {
        return Ok(units);
    }
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT DISTINCT x.name, u.id, u.name FROM unnest($1::text[]) AS x(name) \
         JOIN units u ON u.merged_into IS NULL AND (u.name = x.name OR EXISTS ( \
             SELECT 1 FROM unit_aliases a WHERE a.unit_id = u.id AND a.alias = x.name)) \
         ORDER BY u.id",
    )
    .bind(&names)
    .fetch_all(&mut *conn)
    .await?;
    for (name, id, unit) in rows {
        units.entry(name).or_default().push((id, unit));
    }
    Ok(units)
}

/// The units an item is linked to, once each: its owners lead, its co-owners help unless
/// they also lead.
fn unit_links<'u>(
    item: &Item,
    units: &'u HashMap<String, Vec<MatchedUnit>>,
) -> Vec<(i64, &'u str, UnitRole)> {
    let mut links: Vec<(i64, &str, UnitRole)> = Vec::new();
    let named = |names: &[String], role: UnitRole| {
        names
            .iter()
            .filter_map(|n| units.get(n))
            .flatten()
            .map(move |(id, name)| (*id, name.as_str(), role))
            .collect::<Vec<_>>()
    };
    for link in named(&item.owners, UnitRole::Lead)
        .into_iter()
        .chain(named(&item.co_owners, UnitRole::Co))
    {
        if !links.iter().any(|l| l.0 == link.0) {
            links.push(link);
        }
    }
    links
}

/// The leader a table row names, as written but without white space around it; `None` for
/// an item that names none.
fn extracted_leader(item: &Item) -> Option<&str> {
    item.leader
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
}

/// The `leaders` rows each leader name of `items` names: by the name, white space around
/// it aside on both sides (`find_or_insert_leader` trims what it stores; a row from
/// elsewhere may not be). There is no alias table for leaders as for units.
async fn match_leaders(
    conn: &mut PgConnection,
    items: &[Item],
) -> sqlx::Result<HashMap<String, Vec<i64>>> {
    let mut names: Vec<&str> = items.iter().filter_map(extracted_leader).collect();
    names.sort_unstable();
    names.dedup();
    let mut leaders: HashMap<String, Vec<i64>> = HashMap::new();
    if names.is_empty() {
        return Ok(leaders);
    }
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT x.name, l.id FROM unnest($1::text[]) AS x(name) \
         JOIN leaders l ON btrim(l.name) = x.name ORDER BY l.id",
    )
    .bind(&names)
    .fetch_all(&mut *conn)
    .await?;
    for (name, id) in rows {
        leaders.entry(name).or_default().push(id);
    }
    Ok(leaders)
}

/// The draft's responsible leader: the one leader of the extracted name. Two of that name
/// are not guessed between (nor is a row naming several, 张三、李四, which no single leader
/// has): the clerk picks, with the name shown beside the field.
fn leader_of(item: &Item, leaders: &HashMap<String, Vec<i64>>) -> Option<i64> {
    match extracted_leader(item)
        .and_then(|name| leaders.get(name))?
        .as_slice()
    {
        [one] => Some(*one),
        _ => None,
    }
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

/// A document as its pages show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Document {
    pub id: DocumentId,
    pub file_name: String,
    pub kind: DocumentKind,
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
    pub source_format: SourceFormat,
    pub body: String,
    pub imported_at: chrono::DateTime<chrono::Utc>,
}

pub async fn find_document(
    ex: impl PgExecutor<'_>,
    id: DocumentId,
) -> sqlx::Result<Option<Document>> {
    sqlx::query_as(
        "SELECT id, file_name, kind, org, doc_number, title, meeting_date, \
             issued_date, place, chair, attendees, observers, recorder, signer, encoding, \
             source_format, body, imported_at \
         FROM documents WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// A row of the document list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentSummary {
    pub id: DocumentId,
    pub file_name: String,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub date: Option<chrono::NaiveDate>,
    pub kind: DocumentKind,
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
    sqlx::query_as(&format!(
        "SELECT d.id, d.file_name, d.title, d.doc_number, \
             coalesce(d.meeting_date, d.issued_date) AS date, d.kind, \
             count(i.id) FILTER (WHERE i.status = 'draft') AS drafts, \
             count(i.id) FILTER (WHERE {PUBLISHED}) AS published, \
             count(i.id) FILTER (WHERE i.status = 'closed') AS closed, d.imported_at \
         FROM documents d LEFT JOIN items i ON i.document_id = d.id \
         GROUP BY d.id ORDER BY d.imported_at DESC, d.id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(ex)
    .await
}
