//! Search vectors and search queries. Text is segmented by jieba in Rust ([`crate::search`])
//! and stored as `to_tsvector('simple', words)`; see migration `20261123000020_search.sql`.
//! Weights: titles (and document numbers) A, bodies B, unit names and issuing org C.

use chrono::NaiveDate;
use sqlx::{FromRow, PgConnection, PgExecutor, PgPool};

use super::visibility::visible;
use crate::domain::Actor;
use crate::domain::{DocumentId, ItemId, ItemStatus, LightCause, Role};
use crate::search::segment;

/// An item's search vector from its segmented title, body and lead unit names (SQL
/// expressions, e.g. parameters).
pub(super) fn item_vector(title: &str, body: &str, units: &str) -> String {
    format!(
        "setweight(to_tsvector('simple', {title}), 'A') \
         || setweight(to_tsvector('simple', {body}), 'B') \
         || setweight(to_tsvector('simple', {units}), 'C')"
    )
}

/// A document's search vector from its segmented title and number, issuing org and body.
pub(super) fn document_vector(title: &str, org: &str, body: &str) -> String {
    format!(
        "setweight(to_tsvector('simple', {title}), 'A') \
         || setweight(to_tsvector('simple', {org}), 'C') \
         || setweight(to_tsvector('simple', {body}), 'B')"
    )
}

/// What [`document_vector`] takes, segmented.
pub(super) fn document_words(title: &str, doc_number: &str, org: &str, body: &str) -> [String; 3] {
    [
        segment(&format!("{title} {doc_number}")),
        segment(org),
        segment(body),
    ]
}

/// Recomputes the search vector of one item from its title, body and lead unit names.
pub async fn reindex_item(conn: &mut PgConnection, item_id: ItemId) -> sqlx::Result<()> {
    let row: Option<(String, String, Vec<String>)> = sqlx::query_as(
        "SELECT i.title, i.body, coalesce(array(SELECT u.name FROM item_units iu \
             JOIN units u ON u.id = iu.unit_id WHERE iu.item_id = i.id AND iu.role = 'lead'), \
             '{}') FROM items i WHERE i.id = $1",
    )
    .bind(item_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((title, body, units)) = row else {
        return Ok(());
    };
    sqlx::query(&format!(
        "UPDATE items SET search_vector = {} WHERE id = $1",
        item_vector("$2", "$3", "$4")
    ))
    .bind(item_id)
    .bind(segment(&title))
    .bind(segment(&body))
    .bind(segment(&units.join(" ")))
    .execute(conn)
    .await
    .map(drop)
}

/// Recomputes the search vector of one document from its title, number, org and body.
pub async fn reindex_document(
    conn: &mut PgConnection,
    document_id: DocumentId,
) -> sqlx::Result<()> {
    let row: Option<DocumentText> = sqlx::query_as(
        "SELECT id, coalesce(title, '') AS title, coalesce(doc_number, '') AS doc_number, \
             coalesce(org, '') AS org, body FROM documents WHERE id = $1",
    )
    .bind(document_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(d) = row else {
        return Ok(());
    };
    let [title, org, body] = document_words(&d.title, &d.doc_number, &d.org, &d.body);
    sqlx::query(&format!(
        "UPDATE documents SET search_vector = {} WHERE id = $1",
        document_vector("$2", "$3", "$4")
    ))
    .bind(d.id)
    .bind(title)
    .bind(org)
    .bind(body)
    .execute(conn)
    .await
    .map(drop)
}

#[derive(FromRow)]
struct DocumentText {
    id: i64,
    title: String,
    doc_number: String,
    org: String,
    body: String,
}

/// Fills every missing search vector; run when the server starts. Rows get a NULL vector
/// only from before the search migration (SQL cannot segment Chinese, so the migration
/// leaves them), so after the first start this is one cheap `EXISTS` per table.
/// Returns how many rows were indexed.
#[tracing::instrument(skip_all)]
pub async fn reindex_all(pool: &PgPool) -> sqlx::Result<u64> {
    let mut done = 0;
    for (table, reindex) in [("items", true), ("documents", false)] {
        let missing: bool = sqlx::query_scalar(&format!(
            "SELECT EXISTS (SELECT 1 FROM {table} WHERE search_vector IS NULL)"
        ))
        .fetch_one(pool)
        .await?;
        if !missing {
            continue;
        }
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM {table} WHERE search_vector IS NULL ORDER BY id"
        ))
        .fetch_all(pool)
        .await?;
        // One transaction per batch: a crash part-way loses little, and the rest is
        // picked up at the next start.
        for batch in ids.chunks(500) {
            let mut tx = pool.begin().await?;
            for &id in batch {
                if reindex {
                    reindex_item(&mut tx, ItemId(id)).await?;
                } else {
                    reindex_document(&mut tx, DocumentId(id)).await?;
                }
            }
            tx.commit().await?;
            done += batch.len() as u64;
        }
        tracing::info!(table, rows = ids.len(), "search vectors filled");
    }
    Ok(done)
}

/// An item found by a search.
#[derive(Debug, Clone, FromRow)]
pub struct ItemHit {
    pub id: ItemId,
    pub title: String,
    pub body: String,
    pub status: ItemStatus,
    pub due_date: Option<NaiveDate>,
    pub document_id: Option<DocumentId>,
    pub document_title: Option<String>,
    pub doc_number: Option<String>,
    pub lead_units: Vec<String>,
    pub rank: f32,
    pub cause: Option<LightCause>,
}

/// A document found by a search.
#[derive(Debug, Clone, FromRow)]
pub struct DocumentHit {
    pub id: DocumentId,
    pub title: String,
    pub doc_number: Option<String>,
    pub org: Option<String>,
    pub date: Option<NaiveDate>,
    pub body: String,
    pub rank: f32,
}

/// Items matching every word of `segmented` that `viewer` may see, best first; ties keep
/// document order. `segmented` is the query after [`segment`].
/// The item whose register number (立项编号) is `query` comes first, whatever its words.
pub async fn search_items(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    (query, segmented): (&str, &str),
    limit: i64,
) -> sqlx::Result<Vec<ItemHit>> {
    sqlx::query_as(&format!(
        "SELECT i.id, i.title, i.body, i.status, i.due_date, i.document_id, \
             coalesce(d.title, d.file_name) AS document_title, d.doc_number, \
             coalesce(array(SELECT u.name FROM item_units iu JOIN units u ON u.id = iu.unit_id \
                 WHERE iu.item_id = i.id AND iu.role = 'lead' ORDER BY u.name), '{{}}') AS lead_units, \
             CASE WHEN i.register_number = $6 THEN 1e6 ELSE ts_rank_cd(i.search_vector, q) END \
                 AS rank, {cause} AS cause \
         FROM items i CROSS JOIN plainto_tsquery('simple', $4) q \
         LEFT JOIN documents d ON d.id = i.document_id \
         WHERE (i.search_vector @@ q OR i.register_number = $6) \
           AND {} \
         ORDER BY rank DESC, i.document_id DESC NULLS LAST, i.span_start NULLS LAST, i.id \
         LIMIT $5",
        visible(viewer.role()),
        cause = *super::light::CAUSE_TODAY
    ))
    .bind(viewer.role())
    .bind(viewer.unit_id())
    .bind(viewer.user_id())
    .bind(segmented)
    .bind(limit)
    .bind(query.trim())
    .fetch_all(ex)
    .await
}

/// Documents matching every word of `segmented`, best first; only the secretariat searches
/// documents (a document shows every item in it, drafts included).
pub async fn search_documents(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    segmented: &str,
    limit: i64,
) -> sqlx::Result<Vec<DocumentHit>> {
    if !matches!(viewer.role(), Role::Admin | Role::Secretariat) {
        return Ok(Vec::new());
    }
    sqlx::query_as(
        "SELECT d.id, coalesce(d.title, d.file_name) AS title, d.doc_number, d.org, \
             coalesce(d.meeting_date, d.issued_date) AS date, d.body, \
             ts_rank_cd(d.search_vector, q) AS rank \
         FROM documents d CROSS JOIN plainto_tsquery('simple', $1) q \
         WHERE d.search_vector @@ q \
         ORDER BY rank DESC, date DESC NULLS LAST, d.id DESC LIMIT $2",
    )
    .bind(segmented)
    .bind(limit)
    .fetch_all(ex)
    .await
}
