//! A PDF's text layer, through poppler's `pdfinfo` and `pdftotext`.
//!
//! poppler decodes the Chinese fonts 公文 typesetting leaves unembedded (predefined
//! Adobe-GB1 CMaps such as `GBK-EUC-H`, `UniGB-UCS2-H`) when `poppler-data` is installed;
//! without it every such character is lost, so its absence is an error, not a reading.
//! `pdftotext`'s default mode gives the reading order of single-column pages. Pages are
//! cut at form feeds and their furniture removed ([`super::furniture`]).

use super::run::{Output, Workspace};
use super::{from_run_error, Programs};
use crate::extract::decode::table::Layout;
use crate::extract::{DecodeError, Decoded, SourceFormat};

const INPUT: &str = "input.pdf";

/// The text of the PDF `bytes`, from its first [`Programs::max_pdf_pages`] pages.
pub fn read(bytes: &[u8], programs: &Programs) -> Result<Decoded, DecodeError> {
    let workspace = Workspace::new(&programs.fence, bytes, INPUT).map_err(io_failure)?;
    let run = |program: &std::path::Path, args: &[&str]| {
        workspace
            .run(program, args)
            .map_err(|e| from_run_error(e, "PDF", program, "poppler-utils", &programs.fence))
    };
    let info = run(&programs.pdfinfo, &[INPUT])?;
    if !info.success() {
        return Err(failure(&info, "pdfinfo"));
    }
    let pages = pages(&String::from_utf8_lossy(&info.stdout));
    let last = pages.map_or(programs.max_pdf_pages, |n| n.min(programs.max_pdf_pages));
    if pages.is_some_and(|n| n > programs.max_pdf_pages) {
        tracing::warn!(
            pages,
            read = last,
            "PDF longer than the page limit: only its first pages are read"
        );
    }
    let last = last.to_string();
    let args = ["-enc", "UTF-8", "-eol", "unix", "-l", &last, INPUT, "-"];
    let out = run(&programs.pdftotext, &args)?;
    if !out.success() {
        return Err(failure(&out, "pdftotext"));
    }
    // "Missing language pack for 'Adobe-GB1' mapping": the CMaps are not installed and
    // every character in those fonts was dropped.
    if out.stderr.contains("Missing language pack") {
        return Err(DecodeError::ProgramMissing {
            format: "PDF",
            program: "the Chinese CMaps".into(),
            package: "poppler-data",
        });
    }
    let raw = String::from_utf8_lossy(&out.stdout);
    let page_texts: Vec<&str> = raw.split('\u{c}').collect();
    let text = super::furniture::strip(&page_texts);
    if has_text_layer(&text, page_texts.len().saturating_sub(1).max(1)) {
        return laid_out(&text, SourceFormat::Pdf);
    }
    // A scan: read by OCR where the machine can.
    if !super::ocr::available(programs) {
        return Err(DecodeError::PdfNoText);
    }
    let scanned = super::ocr::pages(&workspace, INPUT, last.parse().unwrap_or(1), programs)?;
    let scanned: Vec<&str> = scanned.iter().map(String::as_str).collect();
    let text = super::furniture::strip(&scanned);
    if !super::ocr::found_text(&text, scanned.len()) {
        return Err(DecodeError::PdfNoText);
    }
    laid_out(&text, SourceFormat::PdfOcr)
}

fn laid_out(text: &str, format: SourceFormat) -> Result<Decoded, DecodeError> {
    let mut layout = Layout::new();
    layout.paragraph(text.trim_end_matches('\n'));
    super::finish(layout, "UTF-8", format)
}

/// The page count `pdfinfo` reports.
fn pages(info: &str) -> Option<u32> {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

/// What a failed poppler run means: a password, else damage, in poppler's own words.
fn failure(out: &Output, program: &str) -> DecodeError {
    if out.stderr.contains("Incorrect password") {
        return DecodeError::PdfEncrypted;
    }
    let said = out
        .stderr
        .lines()
        .map(|l| l.trim_start_matches("Syntax Error:").trim())
        .rfind(|l| !l.is_empty());
    match said {
        Some(detail) => DecodeError::PdfDamaged(detail.to_owned()),
        None => DecodeError::ProgramFailed {
            program: program.to_owned(),
            detail: format!("{}", out.status),
        },
    }
}

/// A text layer worth reading: on average at least 20 characters a page that are not
/// blanks or U+FFFD (what poppler writes for a glyph it cannot map). A scan has none, or
/// a stray page number; a real page of minutes has hundreds.
fn has_text_layer(text: &str, pages: usize) -> bool {
    let readable = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{FFFD}')
        .count();
    readable >= 20 * pages
}

fn io_failure(e: std::io::Error) -> DecodeError {
    DecodeError::ProgramFailed {
        program: "duban".into(),
        detail: format!("cannot prepare the file for reading: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_count_is_read_from_pdfinfo() {
        let info = "Producer:        ReportLab\nPages:           2\nEncrypted:       no\n";
        assert_eq!(pages(info), Some(2));
        assert_eq!(pages("Title: x\n"), None);
    }

    #[test]
    fn a_page_with_a_lone_page_number_has_no_text_layer() {
        assert!(!has_text_layer("3\n", 1));
        assert!(!has_text_layer(&"\u{FFFD}".repeat(100), 1));
        assert!(has_text_layer(&"会议决定".repeat(10), 2));
    }
}
