//! Positioned pieces of text (OFD text objects, the words of a PDF's text layer) back into
//! what a reader sees: lines, paragraphs and tables (see `lines`). Format-neutral and pure:
//! each format reads its pages into [`Content`] (positions in mm, y down) and hands them to
//! [`PageText`].

mod columns;
pub(crate) mod furniture;
mod grid;
mod lines;

pub(crate) use lines::{line_groups, line_text, PageText};

use super::table::Layout;
use super::{DecodeError, MAX_TEXT_BYTES};

/// What laying out pages gives: the text and tables, and the pages (0-based) a table was
/// found on.
pub(crate) struct LaidOut {
    pub layout: Layout,
    pub table_pages: Vec<usize>,
}

/// The pages laid out into paragraphs and tables, their furniture first removed (judged
/// across all of them: see [`without_furniture`]); a new document begins at each page of
/// `starts`, ending what was open. `Err(TextTooLarge)` as soon as the text passes the
/// decoder's limit.
pub(crate) fn lay_out(pages: Vec<Content>, starts: &[usize]) -> Result<LaidOut, DecodeError> {
    let mut text = PageText::new();
    let mut table_pages = Vec::new();
    for (i, page) in without_furniture(pages).into_iter().enumerate() {
        if starts.contains(&i) {
            text.end();
        }
        if text.page(page) {
            table_pages.push(i);
        }
        if text.len() > MAX_TEXT_BYTES {
            return Err(DecodeError::TextTooLarge);
        }
    }
    Ok(LaidOut {
        layout: text.finish(),
        table_pages,
    })
}

/// The pages without their furniture (page numbers, running headers and footers: see
/// [`furniture`]), judged line by line across all pages; each page keeps its rulings.
pub(crate) fn without_furniture(pages: Vec<Content>) -> Vec<Content> {
    let lines: Vec<(Vec<Vec<Piece>>, Vec<Ruling>)> = pages
        .into_iter()
        .map(|c| (line_groups(c.pieces), c.rulings))
        .collect();
    let texts: Vec<Vec<String>> = lines
        .iter()
        .map(|(page, _)| page.iter().map(|l| line_text(l)).collect())
        .collect();
    let texts: Vec<Vec<&str>> = texts
        .iter()
        .map(|page| page.iter().map(String::as_str).collect())
        .collect();
    let marks = furniture::marks(&texts);
    lines
        .into_iter()
        .zip(marks)
        .map(|((page, rulings), marks)| Content {
            pieces: page
                .into_iter()
                .zip(marks)
                .filter(|&(_, furniture)| !furniture)
                .flat_map(|(line, _)| line)
                .collect(),
            rulings,
        })
        .collect()
}

/// A run of characters set together on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub x0: f64,
    /// Where the last glyph ends.
    pub x1: f64,
    /// The baseline.
    pub y: f64,
    pub size: f64,
    pub text: String,
}

/// A straight horizontal or vertical stroke: from (x0, y0) to (x1, y1), x0 <= x1, y0 <= y1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ruling {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Ruling {
    /// Strokes thinner than this across and longer than [`Self::MIN_RULING`] along are rulings
    /// (mm).
    const STRAIGHT: f64 = 0.3;
    const MIN_RULING: f64 = 1.0;

    pub(crate) fn is_horizontal(&self) -> bool {
        self.y1 - self.y0 <= Self::STRAIGHT && self.x1 - self.x0 > Self::MIN_RULING
    }

    pub(crate) fn is_vertical(&self) -> bool {
        self.x1 - self.x0 <= Self::STRAIGHT && self.y1 - self.y0 > Self::MIN_RULING
    }
}

/// What a page shows: its text and its rulings.
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub pieces: Vec<Piece>,
    pub rulings: Vec<Ruling>,
}

/// A glyph's width when the file does not say: a full em for CJK characters and the
/// punctuation Chinese fonts set full-width, half an em for the rest.
pub(crate) fn glyph_width(c: char, size: f64) -> f64 {
    if is_wide(c) {
        size
    } else {
        size / 2.0
    }
}

pub(crate) fn is_wide(c: char) -> bool {
    c >= '\u{2000}' || ('\u{1100}'..='\u{115F}').contains(&c)
}
