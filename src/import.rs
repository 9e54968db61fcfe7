//! Importing a document: keep the original bytes, extract, and store the document with its
//! draft items in one transaction. The same bytes imported again find the first import.

use crate::domain::{DocumentId, UserId};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::convert::{self, Programs};
use crate::extract::{extract_decoded, DecodeError, Decoded, DocContext, Extraction};
use crate::store::documents::{self, NewDocument};

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// A new document with this many draft items.
    New {
        document_id: DocumentId,
        items: usize,
    },
    /// These bytes were imported before, as this document.
    Existing { document_id: DocumentId },
}

impl Imported {
    pub fn document_id(&self) -> DocumentId {
        match self {
            Imported::New { document_id, .. } | Imported::Existing { document_id } => *document_id,
        }
    }
}

/// Most items one document may bring. Real minutes and reports have tens, a long plan a few
/// hundred; a file that yields more (100,000 from one crafted .docx) is not something a clerk
/// will review item by item, and its review page alone would be hundreds of megabytes.
pub const MAX_ITEMS_PER_DOCUMENT: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Unreadable(#[from] DecodeError),
    /// The extraction found more than [`MAX_ITEMS_PER_DOCUMENT`] items; nothing was stored.
    #[error(
        "the document yields {items} items, more than the {} one document may bring; \
         nothing was stored (split the document, or import its parts)",
        MAX_ITEMS_PER_DOCUMENT
    )]
    TooManyItems { items: usize },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The extractor panicked (a bug); nothing was stored.
    #[error("extraction failed: {0}")]
    Crashed(String),
}

/// PostgreSQL's text columns cannot hold NUL, which PDF copying leaves where a glyph had no
/// character: it is stored as U+FFFD, one character for one, so spans still index the text.
fn without_nul(mut decoded: Decoded, mut ex: Extraction) -> (Decoded, Extraction) {
    if !decoded.text.contains('\0') {
        return (decoded, ex);
    }
    let fix = |s: &mut String| {
        if s.contains('\0') {
            *s = s.replace('\0', "\u{FFFD}");
        }
    };
    fix(&mut decoded.text);
    let m = &mut ex.document;
    for field in [
        &mut m.org,
        &mut m.doc_number,
        &mut m.title,
        &mut m.place,
        &mut m.chair,
        &mut m.recorder,
        &mut m.signer,
    ]
    .into_iter()
    .flatten()
    {
        fix(field);
    }
    m.attendees.iter_mut().chain(&mut m.observers).for_each(fix);
    ex.sections.iter_mut().for_each(|s| fix(&mut s.title));
    for item in &mut ex.items {
        fix(&mut item.title);
        fix(&mut item.text);
        item.verdict
            .iter_mut()
            .chain(&mut item.leader)
            .for_each(fix);
        item.owners
            .iter_mut()
            .chain(&mut item.co_owners)
            .for_each(fix);
    }
    (decoded, ex)
}

/// Imports one file. `reference_date` supplies the year for documents that state no date.
pub async fn import_document(
    pool: &PgPool,
    file_name: &str,
    bytes: &[u8],
    imported_by: Option<UserId>,
    reference_date: Option<chrono::NaiveDate>,
) -> Result<Imported, ImportError> {
    let sha256 = Sha256::digest(bytes).to_vec();
    if let Some(document_id) = documents::find_document_by_sha256(pool, &sha256).await? {
        return Ok(Imported::Existing { document_id });
    }
    let ctx = DocContext {
        reference_date,
        units: documents::unit_directory(pool).await?,
    };
    // Reading (a PDF or .doc through a reader program, up to its time limit) and
    // extraction (CPU work of up to a few hundred milliseconds) block: off the async
    // workers, so that the requests they serve meanwhile do not wait for them.
    let (owned, name) = (bytes.to_vec(), file_name.to_owned());
    let (decoded, extraction) = tokio::task::spawn_blocking(move || {
        let decoded = convert::read(&owned, &name, Programs::shared())?;
        let extraction = extract_decoded(&decoded, &ctx);
        Ok::<_, DecodeError>(without_nul(decoded, extraction))
    })
    .await
    .map_err(|e| ImportError::Crashed(e.to_string()))?
    .inspect_err(|e| {
        if let DecodeError::ProgramFailed { .. } | DecodeError::ProgramMissing { .. } = e {
            tracing::error!(error = %e, file_name, "a document reader failed");
        }
    })?;
    if extraction.items.len() > MAX_ITEMS_PER_DOCUMENT {
        return Err(ImportError::TooManyItems {
            items: extraction.items.len(),
        });
    }

    let mut tx = pool.begin().await?;
    let new = NewDocument {
        file_name,
        original: bytes,
        sha256: &sha256,
        decoded: &decoded,
        extraction: &extraction,
        imported_by,
    };
    let document_id = match documents::insert_document(&mut tx, &new).await {
        Ok(id) => id,
        // Imported by someone else since we looked: theirs stands.
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("documents_sha256_key") => {
            drop(tx);
            let id = documents::find_document_by_sha256(pool, &sha256).await?;
            return Ok(Imported::Existing {
                document_id: id.unwrap_or_default(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    let sections = documents::insert_sections(&mut tx, document_id, &extraction).await?;
    let items =
        documents::insert_draft_items(&mut tx, document_id, &extraction, &sections, imported_by)
            .await?;
    tx.commit().await?;
    tracing::info!(
        document_id = %document_id.0,
        items,
        file_name,
        "document imported"
    );
    Ok(Imported::New { document_id, items })
}
