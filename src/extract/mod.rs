//! Minutes, reports and notices in; header, sections, decisions and tasks out.
//!
//! Pure: no database, no network, no clock, no file system.

pub mod decode;
mod model;

pub use decode::{decode, DecodeError, Decoded, SourceFormat, MAX_INPUT_BYTES};
pub use model::*;

use chrono::NaiveDate;

/// What the caller knows that the text may not say.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// A date to take the year from when the document has none of its own.
    pub reference_date: Option<NaiveDate>,
    /// Known unit names and aliases (the unit directory), used to recognise owners.
    pub units: Vec<String>,
}

/// Extracts header, sections and items from decoded text (not yet implemented: empty).
pub fn extract(text: &str, ctx: &DocContext) -> Extraction {
    let _ = (text, ctx);
    Extraction::default()
}

/// Decodes raw file bytes and extracts from the text.
pub fn extract_bytes(
    bytes: &[u8],
    file_name: &str,
    ctx: &DocContext,
) -> Result<(Decoded, Extraction), DecodeError> {
    let decoded = decode(bytes, file_name)?;
    let extraction = extract(&decoded.text, ctx);
    Ok((decoded, extraction))
}
