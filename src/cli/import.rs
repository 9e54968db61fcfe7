use std::path::PathBuf;

use clap::Args;
use futures_util::StreamExt;

use crate::config::DatabaseSettings;
use crate::db::{Database, Ownership};
use crate::extract::MAX_INPUT_BYTES;
use crate::import::{import_document, ImportError, Imported};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Documents to import (.txt in any supported encoding, .docx, .html, .pdf with a text
    /// layer, .doc, .wps).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Files imported at once: one extracts while others wait on the database.
const CONCURRENT_FILES: usize = 4;

/// Imports each file in its own transaction, reporting in the order given; fails when any
/// file could not be imported.
pub async fn run(database: &DatabaseSettings, args: ImportArgs) -> anyhow::Result<()> {
    let db = Database::open(database, Ownership::Shared).await?;
    let mut failures = 0;
    let shared = &db;
    let mut results = futures_util::stream::iter(&args.files)
        .map(|path| async move { (path, import_file(shared, path).await) })
        .buffered(CONCURRENT_FILES);
    while let Some((path, result)) = results.next().await {
        match result {
            Ok(Imported::New { document_id, items }) => {
                println!(
                    "{}: imported as document {document_id} with {items} draft items",
                    path.display()
                );
            }
            Ok(Imported::Existing { document_id }) => {
                println!(
                    "{}: already imported as document {document_id}",
                    path.display()
                );
            }
            Err(e) => {
                eprintln!("duban: {}: {e:#}", path.display());
                failures += 1;
            }
        }
    }
    drop(results);
    db.close().await;
    if failures > 0 {
        anyhow::bail!(
            "{failures} of {} files could not be imported",
            args.files.len()
        );
    }
    Ok(())
}

async fn import_file(db: &Database, path: &std::path::Path) -> anyhow::Result<Imported> {
    let len = std::fs::metadata(path)?.len();
    if len > MAX_INPUT_BYTES as u64 {
        anyhow::bail!("the file is larger than 10 MB ({len} bytes)");
    }
    let bytes = std::fs::read(path)?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let today = chrono::Local::now().date_naive();
    import_document(&db.pool, &name, &bytes, None, Some(today))
        .await
        .map_err(|e| match e {
            ImportError::Unreadable(e) => anyhow::anyhow!("cannot read the file: {e}"),
            ImportError::Database(e) => anyhow::Error::from(e).context("storing the document"),
            e @ (ImportError::Crashed(_) | ImportError::TooManyItems { .. }) => e.into(),
        })
}
