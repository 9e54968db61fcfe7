//! Raw file bytes to text (UTF-8 only so far).

use thiserror::Error;

/// Largest input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// The container format the text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Text,
    Docx,
    Html,
}

/// Text recovered from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub format: SourceFormat,
}

/// Why a file could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the text is not UTF-8")]
    UnknownEncoding,
}

/// Decodes `bytes`; `file_name` is only a hint (its extension).
pub fn decode(bytes: &[u8], file_name: &str) -> Result<Decoded, DecodeError> {
    let _ = file_name;
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| DecodeError::UnknownEncoding)?;
    Ok(Decoded {
        text: text.to_owned(),
        encoding: "UTF-8",
        format: SourceFormat::Text,
    })
}
