//! Raw file bytes to text: encoding detection, .docx, .html and spreadsheets.
//!
//! * Plain text is decoded exactly: the result is the file's characters with only a leading
//!   byte order mark removed (no newline translation, no trimming), so character offsets into
//!   [`Decoded::text`] are offsets into the file's text (a NUL that PDF copying left where a
//!   glyph had no character included: the importer stores it as U+FFFD). Runs of lines split
//!   by tabs into as many cells are its tables ([`table::tab_separated`]), pointing at the
//!   text as it stands.
//! * `.docx` yields its body paragraphs in document order, one per line, and each table one
//!   line per row, cells separated by tabs ([`table`]); the rows are kept in
//!   [`Decoded::tables`].
//! * `.html` yields the article: title, publication-date line, then one line per block, with
//!   site furniture dropped; a table of data one line per row, kept in [`Decoded::tables`].
//! * OFD yields its pages' text in reading order: paragraphs one per line, tables one row
//!   per line, page numbers dropped.
//! * Spreadsheets (.xlsx, and .xls or WPS .et) yield each visible sheet's name and its used
//!   range as a table, one line per row.
//!
//! The format is recognised from the content (zip magic, HTML markup), the file name being only
//! a hint. Pure: no I/O, no clock; never panics.

mod archive;
mod biff;
mod docx;
mod encoding;
mod html;
mod ofd;
pub(crate) mod ole;
pub(crate) mod placed;
mod sheet;
pub mod table;

use std::fmt;
use thiserror::Error;

/// Largest input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// Largest text a file may decode to, in bytes of UTF-8: about 1.4 million Chinese
/// characters, a hundred times the longest minutes or report we have seen. A .docx is
/// compressed XML, so a small file can expand to far more text than any document holds
/// (a 577 KB file to 14.5 MB of XML and 100,000 items); whatever the format, text beyond
/// this is not a document someone will review.
pub const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

pub use crate::domain::SourceFormat;

/// Text recovered from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding name for the `encoding` field of the JSON contract: "UTF-8", "GB18030",
    /// "UTF-16LE", "UTF-16BE" (an HTML page may also declare another WHATWG encoding, e.g.
    /// "Big5"; the name is then encoding_rs's, which Python's codecs also know). Always
    /// "UTF-8" for .docx, OFD and spreadsheets.
    pub encoding: &'static str,
    pub format: SourceFormat,
    /// The tables the text shows (one line per row), with their cells: a 任务分工表's rows
    /// are tasks. Empty for formats without tables (plain text).
    pub tables: Vec<table::Table>,
}

/// A recognised file format that duban does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherFormat {
    Pdf,
    /// PNG, JPEG, GIF, TIFF, WebP, BMP.
    Image,
    /// An old binary Office file other than a workbook (.doc, .ppt, .wps): an OLE compound
    /// document.
    LegacyOffice,
    /// A password-protected Office document (encrypted OOXML inside an OLE container).
    EncryptedOffice,
    /// An Office Open XML or OpenDocument file other than a Word document or workbook
    /// (.pptx, .odt, .ods).
    OtherOffice,
    /// A zip, rar, 7z or gzip archive that is not a Word document.
    Archive,
    /// Rich Text Format.
    Rtf,
    /// A .wps file that is not a Word 97 file: WPS Office before 2005 wrote its own format.
    OldWps,
}

/// What to say of a file in a format duban does not read.
fn unsupported(format: &OtherFormat) -> String {
    match format {
        OtherFormat::EncryptedOffice => "the file is a password-protected Office document: \
             save a copy without the password and import that"
            .into(),
        OtherFormat::OldWps => "the file is a .wps file from an old WPS version: save it as \
             .docx or .doc in WPS and import that"
            .into(),
        other => format!(
            "the file is {other}; duban reads text, Word (.docx, .doc, .wps), PDF, OFD, \
             HTML, spreadsheets (.xlsx, .xls, .et) and images of pages"
        ),
    }
}

impl fmt::Display for OtherFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OtherFormat::Pdf => "a PDF document",
            OtherFormat::Image => "an image",
            OtherFormat::LegacyOffice => "an old binary Office file (.doc/.ppt/.wps)",
            OtherFormat::EncryptedOffice => "a password-protected Office document",
            OtherFormat::OtherOffice => {
                "an office file other than .docx or .xlsx (.pptx/.odt/.ods)"
            }
            OtherFormat::Archive => "an archive (zip/rar/7z/gzip), not a .docx",
            OtherFormat::Rtf => "an RTF document",
            OtherFormat::OldWps => "a .wps file from an old WPS version (not Word 97 format)",
        })
    }
}

/// Why a file could not be read. Messages are English (command line); the web layer maps
/// each variant to Chinese.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// No text at all: zero bytes, only whitespace (or a BOM), or a .docx/.html without text.
    #[error("the file is empty")]
    Empty,
    /// More than [`MAX_INPUT_BYTES`]; carries the size.
    #[error("the file is larger than 10 MB ({0} bytes)")]
    TooLarge(usize),
    /// The file decodes to more than [`MAX_TEXT_BYTES`] of text (typically a .docx whose
    /// compressed XML expands to far more text than its size suggests).
    #[error("the file's text is larger than 4 MB once decoded or uncompressed")]
    TextTooLarge,
    /// Not text and no format recognised: a noticeable share of NUL or other control
    /// characters (a few strays, as PDF copying leaves them, are text).
    #[error("the file is binary, in no format duban knows")]
    Binary,
    /// A recognised format that is not supported (PDF, image, .doc, .pptx, zip, ...).
    #[error("{}", unsupported(.0))]
    Unsupported(OtherFormat),
    /// Text, but not cleanly UTF-8, GB18030/GBK or UTF-16 with BOM (e.g. Big5, Latin-1,
    /// truncated or corrupted bytes).
    #[error("the text is in no supported encoding (UTF-8, GB18030/GBK, UTF-16 with BOM)")]
    UnknownEncoding,
    /// An .html page nested so deeply (tens of thousands of levels) that parsing it would
    /// take too long: never a real page.
    #[error("the .html page is nested too deeply to read")]
    HtmlTooDeep,
    /// A .docx that cannot be read: broken zip, missing or malformed document.xml.
    #[error("the .docx file is damaged: {0}")]
    BadDocx(String),
    /// An OFD package that cannot be read: broken zip, a missing or malformed part.
    #[error("the .ofd file is damaged: {0}")]
    BadOfd(String),
    /// A spreadsheet (.xlsx, .xls, .et) that cannot be read: broken archive or records.
    #[error("the spreadsheet is damaged: {0}")]
    BadSpreadsheet(String),
    // Formats read by external programs (`crate::convert`): the pure decoder never returns
    // these.
    /// A PDF that opens only with a password.
    #[error("the PDF is password-protected")]
    PdfEncrypted,
    /// A PDF that cannot be opened: truncated or corrupted (the reader's own words).
    #[error("the PDF is damaged: {0}")]
    PdfDamaged(String),
    /// A PDF whose pages carry no usable text: a scan, which only OCR can read.
    #[error("the PDF has no text layer (a scan?); OCR needed")]
    PdfNoText,
    /// An image (a photographed or scanned page) in which OCR found no text.
    #[error("OCR found no text in the image")]
    ImageNoText,
    /// A Word 97-2003 file (.doc, .wps) that the reader cannot read (its own words).
    #[error("the Word 97-2003 file cannot be read: {0}")]
    BadDoc(String),
    /// The program that reads this format is not installed.
    #[error("reading {format} needs {program}, which is not installed (Debian package {package})")]
    ProgramMissing {
        format: &'static str,
        program: String,
        package: &'static str,
    },
    /// The reading program ran past its time limit and was stopped.
    #[error("reading the file took longer than {0} seconds; stopped")]
    TimedOut(u64),
    /// The reading program failed in a way no other variant names.
    #[error("{program} failed: {detail}")]
    ProgramFailed { program: String, detail: String },
}

/// Decodes `bytes`; `file_name` is only a hint (its extension).
pub fn decode(bytes: &[u8], file_name: &str) -> Result<Decoded, DecodeError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(DecodeError::TooLarge(bytes.len()));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    let extension = extension(file_name);
    if docx::is_zip(bytes) {
        return zipped(bytes, &extension);
    }
    if let Some(other) = sniff_other_format(bytes) {
        // An OLE workbook is read; other OLE files (.doc: another reader's) stay refused.
        if other == OtherFormat::LegacyOffice && sheet::is_ole_workbook(bytes, &extension) {
            let format = sheet_format(&extension, SourceFormat::Xls);
            return finish_layout(sheet::extract_xls(bytes)?, format);
        }
        return Err(DecodeError::Unsupported(other));
    }
    if let Some((name, len)) = encoding::bom(bytes) {
        let decoded = encoding::decode_with_bom(&bytes[len..], name)?;
        if encoding::text_looks_binary(&decoded.text) {
            return Err(DecodeError::Binary);
        }
        let head: Vec<u8> = decoded
            .text
            .chars()
            .take(1024)
            .filter(char::is_ascii)
            .map(|c| c as u8)
            .collect();
        if html::looks_like_html(&head, &extension) {
            let (text, tables) = html::article_text(&decoded.text)?;
            return finish(text, decoded.encoding, SourceFormat::Html)
                .map(|d| Decoded { tables, ..d });
        }
        return plain(decoded.text, decoded.encoding);
    }
    if html::looks_like_html(bytes, &extension) {
        let decoded = html::decode_bytes(bytes)?;
        if encoding::text_looks_binary(&decoded.text) {
            return Err(DecodeError::Binary);
        }
        let (text, tables) = html::article_text(&decoded.text)?;
        return finish(text, decoded.encoding, SourceFormat::Html).map(|d| Decoded { tables, ..d });
    }
    let decoded = encoding::decode_text(bytes)?;
    if encoding::text_looks_binary(&decoded.text) {
        return Err(DecodeError::Binary);
    }
    plain(decoded.text, decoded.encoding)
}

/// Plain text, with the tab-separated tables it holds.
fn plain(text: String, encoding: &'static str) -> Result<Decoded, DecodeError> {
    let mut decoded = finish(text, encoding, SourceFormat::Text)?;
    decoded.tables = table::tab_separated(&decoded.text);
    Ok(decoded)
}

fn finish(
    text: String,
    encoding: &'static str,
    format: SourceFormat,
) -> Result<Decoded, DecodeError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(DecodeError::TextTooLarge);
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text,
        encoding,
        format,
        tables: Vec::new(),
    })
}

/// A zip archive: OFD, a workbook, or a Word document (or some other archive).
fn zipped(bytes: &[u8], extension: &str) -> Result<Decoded, DecodeError> {
    match archive::package_of(bytes, extension) {
        archive::Package::Ofd => finish_layout(ofd::extract(bytes)?, SourceFormat::Ofd),
        archive::Package::Workbook => {
            let format = sheet_format(extension, SourceFormat::Xlsx);
            finish_layout(sheet::extract_xlsx(bytes)?, format)
        }
        archive::Package::Other => {
            let named_docx = matches!(extension, "docx" | "docm" | "dotx" | "dotm");
            let (text, tables) = docx::extract(bytes, named_docx)?;
            let mut decoded = finish(text, "UTF-8", SourceFormat::Docx)?;
            decoded.tables = tables;
            Ok(decoded)
        }
    }
}

/// A workbook named .et is a WPS spreadsheet, whichever container it holds.
fn sheet_format(extension: &str, otherwise: SourceFormat) -> SourceFormat {
    match extension {
        "et" | "ett" => SourceFormat::Et,
        _ => otherwise,
    }
}

/// Laid-out text (UTF-8 by construction) with its tables, within the decoder's limits.
pub(crate) fn finish_layout(
    layout: table::Layout,
    format: SourceFormat,
) -> Result<Decoded, DecodeError> {
    let (text, tables) = layout.finish();
    let mut decoded = finish(text, "UTF-8", format)?;
    decoded.tables = tables;
    Ok(decoded)
}

/// The lower-case extension of `file_name`, or "".
fn extension(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or("");
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Recognises unsupported formats by their magic bytes.
fn sniff_other_format(bytes: &[u8]) -> Option<OtherFormat> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"%PDF-") {
        return Some(OtherFormat::Pdf);
    }
    if starts(b"\x89PNG\r\n\x1a\n")
        || starts(b"\xFF\xD8\xFF")
        || starts(b"GIF87a")
        || starts(b"GIF89a")
        || starts(b"II*\0")
        || starts(b"MM\0*")
        || (starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
        || (starts(b"BM") && bytes.len() > 26 && bytes[6..10] == [0, 0, 0, 0])
    {
        return Some(OtherFormat::Image);
    }
    if starts(ole::MAGIC) {
        let encrypted: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let is_encrypted = bytes
            .windows(encrypted.len())
            .any(|w| w == encrypted.as_slice());
        return Some(if is_encrypted {
            OtherFormat::EncryptedOffice
        } else {
            OtherFormat::LegacyOffice
        });
    }
    if starts(b"Rar!\x1a\x07") || starts(b"7z\xBC\xAF\x27\x1C") || starts(b"\x1F\x8B") {
        return Some(OtherFormat::Archive);
    }
    if starts(b"{\\rtf") {
        return Some(OtherFormat::Rtf);
    }
    None
}

#[cfg(test)]
mod tests;
