//! Scanned PDFs and images of pages: PDF pages rendered by poppler's `pdftoppm`, each page
//! image read by `tesseract` with its Simplified Chinese model (`chi_sim`).
//!
//! Optional: without tesseract or the model a scan stays "no text layer" (and the log says
//! what to install). OCR makes mistakes (a 3 read as 肖, 督查室 as 督亚军), so its text goes
//! to review like any other, marked as read by OCR (`pdf-ocr`).

use std::path::Path;

use super::run::{resolve, Workspace};
use super::{drawn, from_run_error, tsv, Programs};
use crate::extract::decode;
use crate::extract::decode::placed::{self, Content, Piece};
use crate::extract::{DecodeError, Decoded, SourceFormat};

/// Pixels on a page image's long side: an A4 page at 300 dpi, what tesseract reads best.
/// Scaling to a size rather than rendering at a resolution bounds the image of a page
/// that claims to be metres wide.
const LONG_SIDE_PIXELS: &str = "3508";

/// Whether this machine can OCR: tesseract is installed and knows `chi_sim`.
pub fn available(workspace: &Workspace<'_>, programs: &Programs) -> bool {
    let ready = resolve(&programs.tesseract).is_some()
        && workspace
            .run(&programs.tesseract, &["--list-langs"])
            .is_ok_and(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l.trim() == "chi_sim")
            });
    if !ready {
        tracing::warn!(
            "a scanned PDF cannot be read: install tesseract-ocr and tesseract-ocr-chi-sim \
             to read scans"
        );
    }
    ready
}

/// What the first `pages` pages of `input` (a PDF in `workspace`) show: the words OCR
/// reads and the rulings drawn (see [`drawn`]).
pub fn pages(
    workspace: &Workspace<'_>,
    input: &str,
    pages: u32,
    programs: &Programs,
) -> Result<Vec<Content>, DecodeError> {
    render(
        workspace,
        input,
        pages.min(programs.max_ocr_pages),
        programs,
    )?;
    let mut contents = Vec::new();
    for image in rendered_pages(workspace.path()) {
        let path = workspace.path().join(&image);
        let drawn = without_rulings(&path);
        let page = read_image(workspace, &image, drawn.as_ref().map(|d| d.slope), programs)?;
        let rulings = drawn.map(|d| d.in_mm(tsv::MM_PER_PX)).unwrap_or_default();
        contents.push(Content {
            pieces: drawn::cut_at_rulings(page, &rulings),
            rulings,
        });
        // The image is read: its megabytes need not wait for the whole document.
        let _ = std::fs::remove_file(path);
    }
    Ok(contents)
}

/// The rulings of the page image at `path` (see [`drawn`]), painted out of the image
/// for tesseract; `None` if it has none (or cannot be read, or rewritten: then it is read
/// as it is).
fn without_rulings(path: &Path) -> Option<drawn::Drawn> {
    let mut gray = drawn::Gray::of(&std::fs::read(path).ok()?)?;
    let found = drawn::find(&gray)?;
    gray.erase(&found);
    std::fs::write(path, gray.to_pgm()).ok()?;
    Some(found)
}

/// The words of the pages laid out (see [`super::tsv`]); `no_text` if OCR found no writing.
pub fn laid_out(
    pages: Vec<Content>,
    format: SourceFormat,
    no_text: DecodeError,
) -> Result<Decoded, DecodeError> {
    let count = pages.len();
    let decoded = match decode::finish_layout(placed::lay_out(pages, &[])?.layout, format) {
        Err(DecodeError::Empty) => return Err(no_text),
        other => other?,
    };
    if !found_text(&decoded.text, count) {
        return Err(no_text);
    }
    Ok(decoded)
}

/// The text of an image of a page (`extension` says its format, which tesseract reads
/// by the file's name).
pub fn image(bytes: &[u8], extension: &str, programs: &Programs) -> Result<Decoded, DecodeError> {
    let input = format!("input.{extension}");
    let workspace =
        Workspace::new(&programs.fence, bytes, &input).map_err(|e| DecodeError::ProgramFailed {
            program: "duban".into(),
            detail: format!("cannot prepare the image for reading: {e}"),
        })?;
    if !available(&workspace, programs) {
        return Err(DecodeError::ProgramMissing {
            format: "an image",
            program: "tesseract with its Simplified Chinese model".into(),
            package: "tesseract-ocr-chi-sim",
        });
    }
    let page = read_image(&workspace, &input, None, programs)?;
    let content = Content {
        pieces: page,
        rulings: Vec::new(),
    };
    laid_out(
        vec![content],
        SourceFormat::ImageOcr,
        DecodeError::ImageNoText,
    )
}

/// Renders the first `last` pages to `page-N.pgm` in the workspace (uncompressed: PNG
/// takes seconds a page to compress a noisy scan, and the file lives a moment).
fn render(
    workspace: &Workspace<'_>,
    input: &str,
    last: u32,
    programs: &Programs,
) -> Result<(), DecodeError> {
    let last = last.to_string();
    let args = [
        "-scale-to",
        LONG_SIDE_PIXELS,
        "-gray",
        "-l",
        &last,
        input,
        "page",
    ];
    let render = workspace.run(&programs.pdftoppm, &args).map_err(|e| {
        from_run_error(
            e,
            "PDF",
            &programs.pdftoppm,
            "poppler-utils",
            &programs.fence,
        )
    })?;
    // pdftotext read the file already: a failure here is the renderer's (memory, most
    // likely), not the file's.
    if !render.success() {
        return Err(DecodeError::ProgramFailed {
            program: "pdftoppm".into(),
            detail: format!("{}: {}", render.status, render.stderr.trim()),
        });
    }
    Ok(())
}

/// The words tesseract reads in one page image, with their places.
fn read_image(
    workspace: &Workspace<'_>,
    image: &str,
    slope: Option<f64>,
    programs: &Programs,
) -> Result<Vec<Piece>, DecodeError> {
    let out = workspace
        .run(&programs.tesseract, &[image, "-", "-l", "chi_sim", "tsv"])
        .map_err(|e| {
            from_run_error(
                e,
                "a scanned PDF",
                &programs.tesseract,
                "tesseract-ocr",
                &programs.fence,
            )
        })?;
    if out.stderr.contains("Failed loading language") {
        return Err(DecodeError::ProgramMissing {
            format: "a scanned PDF",
            program: "tesseract's Simplified Chinese model".into(),
            package: "tesseract-ocr-chi-sim",
        });
    }
    if !out.success() {
        return Err(DecodeError::ProgramFailed {
            program: "tesseract".into(),
            detail: out.stderr.trim().to_owned(),
        });
    }
    Ok(tsv::page(&String::from_utf8_lossy(&out.stdout), slope))
}

/// The page images pdftoppm wrote (`page-1.pgm`, or `page-01.pgm` with more pages), in
/// page order.
fn rendered_pages(dir: &Path) -> Vec<String> {
    let mut pages: Vec<(u32, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let number = name
                .strip_prefix("page-")?
                .strip_suffix(".pgm")?
                .parse()
                .ok()?;
            Some((number, name))
        })
        .collect();
    pages.sort_unstable();
    pages.into_iter().map(|(_, name)| name).collect()
}

/// Whether OCR found text rather than noise: ruled lines and stamps come out as stray
/// marks (一, 丨, punctuation), a page of minutes as hundreds of Chinese characters.
pub fn found_text(text: &str, pages: usize) -> bool {
    let chinese = text
        .chars()
        .filter(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !matches!(c, '一' | '丨' | '二'))
        .count();
    chinese >= 20 * pages.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruled_lines_read_as_strokes_are_not_text() {
        assert!(!found_text(
            "一一一一一\n丨丨丨\n一一一一一一一一一一一一一一一一一一一一一一",
            1
        ));
        assert!(found_text(&"会议决定由办公室负责".repeat(3), 1));
    }
}
