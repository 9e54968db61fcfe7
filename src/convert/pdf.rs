//! A PDF's text layer, through poppler's `pdfinfo` and `pdftotext`.
//!
//! poppler decodes the Chinese fonts 公文 typesetting leaves unembedded (predefined
//! Adobe-GB1 CMaps such as `GBK-EUC-H`, `UniGB-UCS2-H`) when `poppler-data` is installed;
//! without it every such character is lost, so its absence is an error, not a reading.
//! The words are read with their places (`pdftotext -bbox`, see [`super::bbox`]) and laid out
//! as OFD pages are ([`crate::extract::decode::placed`]): lines wrapped by the typesetting
//! join into paragraphs, and a table (a 任务分工表) comes out one row per line with its
//! cells, where the plain text has one cell per line and the rows are lost. Tables are
//! found by their aligned columns; the text layer has no lines, so where tables are, the
//! pages' rulings are drawn too (`pdftocairo -svg`, see [`super::rulings`]) and the cells
//! are read from the grid they make, a cell merged down rows given to each row. Should that
//! reading fail where the plain one would not (XML poppler should not write, more output
//! than the fence lets through), the PDF is read as plain text: `pdftotext`'s default mode,
//! which gives the reading order of single-column pages, cut at form feeds. Either way page
//! furniture is removed ([`furniture`]).

use std::path::Path;

use super::run::{Output, Workspace};
use super::{from_run_error, furniture, Programs};
use crate::extract::decode::placed::{self, Content, Piece};
use crate::extract::decode::{self, table::Layout};
use crate::extract::{DecodeError, Decoded, SourceFormat};

const INPUT: &str = "input.pdf";

/// The text of the PDF `bytes`, from its first [`Programs::max_pdf_pages`] pages.
pub fn read(bytes: &[u8], programs: &Programs) -> Result<Decoded, DecodeError> {
    let workspace = Workspace::new(&programs.fence, bytes, INPUT).map_err(io_failure)?;
    let last = pages_to_read(&workspace, programs)?;
    if let Some(decoded) = placed_text_layer(&workspace, last, programs) {
        return Ok(decoded);
    }
    let pages = text_layer(&workspace, last, programs)?;
    let pages: Vec<&str> = pages.split('\u{c}').collect();
    let text = furniture::strip(&pages);
    // pdftotext ends every page with a form feed: one piece more than pages.
    if has_text_layer(&text, pages.len().saturating_sub(1).max(1)) {
        return laid_out(&text, SourceFormat::Pdf);
    }
    // A scan: read by OCR where the machine can.
    if !super::ocr::available(&workspace, programs) {
        return Err(DecodeError::PdfNoText);
    }
    let scanned = super::ocr::pages(&workspace, INPUT, last, programs)?;
    super::ocr::laid_out(scanned, SourceFormat::PdfOcr, DecodeError::PdfNoText)
}

/// Runs a poppler program, its absence named with its package.
fn run(
    workspace: &Workspace<'_>,
    program: &Path,
    args: &[&str],
    programs: &Programs,
) -> Result<Output, DecodeError> {
    workspace
        .run(program, args)
        .map_err(|e| from_run_error(e, "PDF", program, "poppler-utils", &programs.fence))
}

/// How many pages to read: all, up to the limit. `pdfinfo` is where a password or
/// damage shows first.
fn pages_to_read(workspace: &Workspace<'_>, programs: &Programs) -> Result<u32, DecodeError> {
    let info = run(workspace, &programs.pdfinfo, &[INPUT], programs)?;
    if !info.success() {
        return Err(failure(&info, "pdfinfo"));
    }
    let pages = pages(&String::from_utf8_lossy(&info.stdout));
    if pages.is_some_and(|n| n > programs.max_pdf_pages) {
        tracing::warn!(
            pages,
            read = programs.max_pdf_pages,
            "PDF longer than the page limit: only its first pages are read"
        );
    }
    Ok(pages.map_or(programs.max_pdf_pages, |n| n.min(programs.max_pdf_pages)))
}

/// The text layer of the first `last` pages, each ended by a form feed.
fn text_layer(
    workspace: &Workspace<'_>,
    last: u32,
    programs: &Programs,
) -> Result<String, DecodeError> {
    let last = last.to_string();
    let args = ["-enc", "UTF-8", "-eol", "unix", "-l", &last, INPUT, "-"];
    let out = run(workspace, &programs.pdftotext, &args, programs)?;
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
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text layer of the first `last` pages read from the words' places, if that reading
/// works and finds text; `None` leaves the PDF to the plain reading, which tells a scan, a
/// password or damage apart.
fn placed_text_layer(workspace: &Workspace<'_>, last: u32, programs: &Programs) -> Option<Decoded> {
    let last = last.to_string();
    let args = ["-bbox", "-enc", "UTF-8", "-l", &last, INPUT, "-"];
    let out = match run(workspace, &programs.pdftotext, &args, programs) {
        Ok(out) if out.success() && !out.stderr.contains("Missing language pack") => out,
        Ok(_) => return None,
        Err(e) => {
            tracing::debug!(error = %e, "pdftotext -bbox failed: the PDF is read as plain text");
            return None;
        }
    };
    let pages = match super::bbox::pages(&String::from_utf8_lossy(&out.stdout)) {
        Ok(pages) => pages,
        Err(e) => {
            tracing::debug!(error = %e, "pdftotext -bbox wrote bad XML: the PDF is read as plain text");
            return None;
        }
    };
    let count = pages.len().max(1);
    let first = laid_out_words(pages.clone(), Vec::new())?;
    let mut layout = first.layout;
    if let Some(range) = pages_around(&first.table_pages, pages.len()) {
        if let Some(rulings) = rulings(workspace, range.clone(), programs) {
            let mut by_page = vec![Vec::new(); pages.len()];
            for (page, rulings) in range.zip(rulings) {
                by_page[page] = rulings;
            }
            layout = laid_out_words(pages, by_page)?.layout;
        }
    }
    let decoded = decode::finish_layout(layout, SourceFormat::Pdf).ok()?;
    has_text_layer(&decoded.text, count).then_some(decoded)
}

/// The pages (0-based) to read rulings of: from the first page a table was found on to
/// the page after the last (where a table's last rows may stand alone).
fn pages_around(table_pages: &[usize], count: usize) -> Option<std::ops::Range<usize>> {
    let first = *table_pages.iter().min()?;
    let last = *table_pages.iter().max()?;
    Some(first..(last + 2).min(count))
}

/// The rulings of `pages` (0-based), one list a page, drawn by `pdftocairo -svg`; `None`
/// if they cannot be had (the tables are then read from their aligned columns alone).
fn rulings(
    workspace: &Workspace<'_>,
    pages: std::ops::Range<usize>,
    programs: &Programs,
) -> Option<Vec<Vec<placed::Ruling>>> {
    let (first, last) = ((pages.start + 1).to_string(), pages.end.to_string());
    let args = ["-svg", "-f", &first, "-l", &last, INPUT, "-"];
    let out = match run(workspace, &programs.pdftocairo, &args, programs) {
        Ok(out) if out.success() => out,
        Ok(out) => {
            tracing::debug!(status = %out.status, "pdftocairo failed: tables read without rulings");
            return None;
        }
        Err(e) => {
            tracing::debug!(error = %e, "pdftocairo failed: tables read without rulings");
            return None;
        }
    };
    match super::rulings::pages(&String::from_utf8_lossy(&out.stdout)) {
        Ok(read) if read.len() == pages.len() => Some(read),
        Ok(read) => {
            tracing::debug!(
                pages = read.len(),
                "pdftocairo drew another number of pages"
            );
            None
        }
        Err(e) => {
            tracing::debug!(error = %e, "pdftocairo wrote bad SVG: tables read without rulings");
            None
        }
    }
}

/// The pages' words as text: the furniture lines dropped (see [`furniture`]; a
/// line's text is its words with their gaps), the rest laid out into paragraphs and
/// tables, with each page's `rulings` (none where the list is short). Also the pages
/// (0-based) a table was found on. `None` when the text grows past the decoder's limit.
fn laid_out_words(
    pages: Vec<Vec<Piece>>,
    rulings: Vec<Vec<placed::Ruling>>,
) -> Option<placed::LaidOut> {
    let mut rulings = rulings.into_iter();
    let pages = pages.into_iter().map(|pieces| Content {
        pieces,
        rulings: rulings.next().unwrap_or_default(),
    });
    placed::lay_out(pages.collect(), &[]).ok()
}

fn laid_out(text: &str, format: SourceFormat) -> Result<Decoded, DecodeError> {
    let mut layout = Layout::new();
    layout.paragraph(text.trim_end_matches('\n'));
    decode::finish_layout(layout, format)
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

    /// A word of 5 mm type at (x, y), as wide as its characters.
    fn word(x: f64, y: f64, text: &str) -> Piece {
        let width: f64 = text.chars().map(|c| placed::glyph_width(c, 5.0)).sum();
        Piece {
            x0: x,
            x1: x + width,
            y,
            size: 5.0,
            text: text.into(),
        }
    }

    #[test]
    fn the_words_of_running_headers_and_page_numbers_leave_and_wrapped_lines_join() {
        // Two pages: a running header, a paragraph wrapped over the page break, "— N —".
        let full = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
        let pages = vec![
            vec![
                word(130.0, 20.0, "内部资料"),
                word(20.0, 40.0, "会议纪要"),
                word(20.0, 60.0, full),
                word(20.0, 70.0, full),
                word(95.0, 280.0, "— 1 —"),
            ],
            vec![
                word(130.0, 20.0, "内部资料"),
                word(20.0, 40.0, "于３月底前完成。"),
                word(95.0, 280.0, "— 2 —"),
            ],
        ];
        let (text, tables) = laid_out_words(pages, Vec::new()).unwrap().layout.finish();
        assert_eq!(text, format!("会议纪要\n{full}{full}于３月底前完成。\n"));
        assert!(tables.is_empty());
    }

    #[test]
    fn a_page_with_a_lone_page_number_has_no_text_layer() {
        assert!(!has_text_layer("3\n", 1));
        assert!(!has_text_layer(&"\u{FFFD}".repeat(100), 1));
        assert!(has_text_layer(&"会议决定".repeat(10), 2));
    }
}
