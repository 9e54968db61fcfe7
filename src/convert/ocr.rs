//! Scanned PDFs and images of pages: PDF pages rendered by poppler's `pdftoppm`, each page
//! image read by `tesseract` with its Simplified Chinese model (`chi_sim`).
//!
//! Optional: without tesseract or the model a scan stays "no text layer" (and the log says
//! what to install). OCR makes mistakes (a 3 read as 肖, 督查室 as 督亚军), so its text goes
//! to review like any other, marked as read by OCR (`pdf-ocr`).

use std::path::Path;

use super::run::{resolve, Workspace};
use super::{from_run_error, furniture, Programs};
use crate::extract::decode::{self, table::Layout};
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

/// The text of the first `pages` pages of `input` (a PDF in `workspace`), one entry per
/// page.
pub fn pages(
    workspace: &Workspace<'_>,
    input: &str,
    pages: u32,
    programs: &Programs,
) -> Result<Vec<String>, DecodeError> {
    render(
        workspace,
        input,
        pages.min(programs.max_ocr_pages),
        programs,
    )?;
    let mut texts = Vec::new();
    for image in rendered_pages(workspace.path()) {
        texts.push(read_image(workspace, &image, programs)?);
        // The image is read: its megabytes need not wait for the whole document.
        let _ = std::fs::remove_file(workspace.path().join(&image));
    }
    Ok(texts)
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
    let text = read_image(&workspace, &input, programs)?;
    let text = furniture::strip(&[text.as_str()]);
    if !found_text(&text, 1) {
        return Err(DecodeError::ImageNoText);
    }
    let mut layout = Layout::new();
    layout.paragraph(text.trim_end_matches('\n'));
    decode::finish_layout(layout, SourceFormat::ImageOcr)
}

/// Renders the first `last` pages to `page-N.png` in the workspace.
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
        "-png",
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

/// The text tesseract reads in one page image.
fn read_image(
    workspace: &Workspace<'_>,
    image: &str,
    programs: &Programs,
) -> Result<String, DecodeError> {
    let out = workspace
        .run(&programs.tesseract, &[image, "-", "-l", "chi_sim"])
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
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The page images pdftoppm wrote (`page-1.png`, or `page-01.png` with more pages), in
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
                .strip_suffix(".png")?
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
