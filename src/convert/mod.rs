//! Reading uploaded files, at the edge: PDF (scanned ones by OCR), images of pages (by
//! OCR) and Word 97–2003 (.doc, .wps) through external programs, everything else through the pure decoder ([`crate::extract::decode`]).
//!
//! The format is recognised from the content (`%PDF-`; an OLE container with a
//! `WordDocument` stream at its root), the file name being only a hint. An OLE spreadsheet
//! (.xls, .et) or a password-protected .docx goes on to the pure decoder, as does anything
//! else. The programs (poppler's `pdftotext`/`pdfinfo`/`pdftocairo`/`pdftoppm`, `antiword`, `tesseract`)
//! are C and C++ programs (GPL and Apache) fed
//! untrusted files: they run as contained children ([`run`]), never linked.

mod bbox;
mod doc;
mod drawn;
mod ocr;
mod pdf;
mod rulings;
pub mod run;
mod tsv;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use crate::config::ConvertSettings;
use crate::extract::decode::placed::furniture;
use crate::extract::decode::{ole, OtherFormat};
use crate::extract::{decode, DecodeError, Decoded, SourceFormat, MAX_INPUT_BYTES, MAX_TEXT_BYTES};
use run::{Fence, RunError};

/// The reader programs and the fence they run in.
#[derive(Debug, Clone)]
pub struct Programs {
    pub pdfinfo: PathBuf,
    pub pdftotext: PathBuf,
    /// Draws a PDF's pages as SVG, for the rulings of its tables.
    pub pdftocairo: PathBuf,
    pub antiword: PathBuf,
    /// Optional: scanned PDFs are read when tesseract and its Chinese model are installed.
    pub pdftoppm: PathBuf,
    pub tesseract: PathBuf,
    /// Pages of a scanned PDF read at most (OCR takes a few seconds a page).
    pub max_ocr_pages: u32,
    /// Pages of a PDF read at most; the rest is left (a 纪要 or 通知 has a few pages, a
    /// compendium hundreds).
    pub max_pdf_pages: u32,
    pub fence: Fence,
}

impl Programs {
    /// The programs by name (found on `PATH` when run), with `settings`' limits; tries
    /// once whether children can be given a network of their own, and logs the answer.
    pub fn detect(settings: &ConvertSettings) -> Self {
        let limits = run::probe_limits(None);
        if limits.is_none() {
            tracing::warn!(
                "`prlimit` does not work on this machine: document readers run without a \
                 memory limit"
            );
        }
        let isolation = run::probe_isolation(None);
        match &isolation {
            Some(how) => tracing::debug!(?how, "document readers run without network access"),
            None => tracing::warn!(
                "`unshare --net` does not work on this machine: document readers (pdftotext, \
                 antiword) run with the machine's network"
            ),
        }
        Self {
            pdfinfo: "pdfinfo".into(),
            pdftotext: "pdftotext".into(),
            pdftocairo: "pdftocairo".into(),
            antiword: "antiword".into(),
            pdftoppm: "pdftoppm".into(),
            tesseract: "tesseract".into(),
            max_ocr_pages: settings.ocr_max_pages,
            max_pdf_pages: settings.pdf_max_pages,
            fence: Fence {
                time_limit: Duration::from_secs(settings.timeout_secs),
                output_limit: MAX_TEXT_BYTES * 4,
                limits,
                isolation,
                temp_root: None,
            },
        }
    }

    /// This process's programs: detected on first use with the settings given to
    /// [`configure`] (the defaults if none were).
    pub fn shared() -> &'static Programs {
        static PROGRAMS: OnceLock<Programs> = OnceLock::new();
        PROGRAMS.get_or_init(|| Programs::detect(&SETTINGS.get().cloned().unwrap_or_default()))
    }
}

static SETTINGS: OnceLock<ConvertSettings> = OnceLock::new();

/// Sets the limits [`Programs::shared`] starts with; only the first call counts, and only
/// before the first use.
pub fn configure(settings: ConvertSettings) {
    let _ = SETTINGS.set(settings);
}

/// Reads `bytes` (`file_name` is a hint): PDF and Word 97 files through the programs,
/// the rest through [`crate::extract::decode`].
pub fn read(bytes: &[u8], file_name: &str, programs: &Programs) -> Result<Decoded, DecodeError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(DecodeError::TooLarge(bytes.len()));
    }
    let ext = extension(file_name);
    if is_pdf(bytes, &ext) {
        return pdf::read(bytes, programs);
    }
    if let Some(kind) = image_kind(bytes) {
        return ocr::image(bytes, kind, programs);
    }
    if bytes.starts_with(ole::MAGIC) {
        let word = matches!(ext.as_str(), "doc" | "dot" | "wps" | "wpt");
        match ole::root_entries(bytes) {
            Some(names) if names.iter().any(|n| n.eq_ignore_ascii_case("WordDocument")) => {
                let format = if ext.starts_with("wp") {
                    SourceFormat::Wps
                } else {
                    SourceFormat::Doc
                };
                return doc::read(bytes, format, programs);
            }
            None if word => {
                return Err(DecodeError::BadDoc("its container (OLE) is damaged".into()))
            }
            _ => {}
        }
    }
    match decode(bytes, file_name) {
        // A .wps that is not a Word 97 file was written by an old WPS in its own format.
        Err(DecodeError::Binary | DecodeError::Unsupported(OtherFormat::LegacyOffice))
            if ext == "wps" =>
        {
            Err(DecodeError::Unsupported(OtherFormat::OldWps))
        }
        other => other,
    }
}

/// `%PDF-` at the start, or within the first kilobyte of a file named .pdf (the format
/// allows junk before it; poppler reads such files).
fn is_pdf(bytes: &[u8], ext: &str) -> bool {
    bytes.starts_with(b"%PDF-")
        || (ext == "pdf"
            && bytes[..bytes.len().min(1024)]
                .windows(5)
                .any(|w| w == b"%PDF-"))
}

/// The extension tesseract (leptonica) reads an image by, from its magic bytes: the
/// formats scanners and phones write.
fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if starts(b"\xFF\xD8\xFF") {
        Some("jpg")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("tif")
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some("webp")
    } else if starts(b"BM") && bytes.len() > 26 && bytes[6..10] == [0, 0, 0, 0] {
        Some("bmp")
    } else {
        None
    }
}

/// The lower-case extension of `file_name`, or "".
fn extension(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or("");
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// A failed run as a decoding error; `format` and `package` name what to install.
fn from_run_error(
    e: RunError,
    format: &'static str,
    program: &Path,
    package: &'static str,
    fence: &Fence,
) -> DecodeError {
    match e {
        RunError::Missing(program) => DecodeError::ProgramMissing {
            format,
            program,
            package,
        },
        RunError::TimedOut(_) => DecodeError::TimedOut(fence.time_limit.as_secs()),
        RunError::OutputTooLarge => DecodeError::TextTooLarge,
        RunError::Io(e) => DecodeError::ProgramFailed {
            program: program.to_string_lossy().into_owned(),
            detail: e.to_string(),
        },
    }
}
