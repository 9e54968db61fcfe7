//! Positioned pieces of text back into what a reader sees: lines (pieces on one baseline,
//! left to right), page numbers dropped, paragraphs (a line that starts at the margin
//! right after a full line goes on the paragraph, across pages too), and the tables among
//! them: ruled ones (see `grid`) and unruled ones (see `columns`).
//!
//! All distances are in ems of the text's font size, so that 16 pt body text and 10.5 pt
//! table text are judged alike.

use super::{columns, grid};
use super::{is_wide, Content, Piece};
use crate::extract::decode::table::{Cell, Layout, Merged};
use regex::Regex;
use std::sync::LazyLock;

/// Pieces whose baselines differ by less than this are on one line.
const SAME_LINE: f64 = 0.3;
/// A gap between pieces of a line wider than this separates segments (table columns, or
/// "时间：…　　地点：…"); narrower ones are the spacing inside a run of text.
const SEGMENT_GAP: f64 = 0.8;
/// A gap inside a segment wider than this between two Latin letters or digits is a space.
const WORD_GAP: f64 = 0.15;
/// Baselines further apart than this start a new paragraph (body text is set at about 1.8).
const PARAGRAPH_GAP: f64 = 2.2;
/// A line starting further right than this from the margin is indented, centred or set
/// right: a paragraph of its own. A line ending further left than this from the right
/// margin ends its paragraph.
const INDENT: f64 = 0.5;
const SHORT: f64 = 1.5;
/// Pages with more lines than this are not looked at for unruled tables (an A4 page holds
/// about 140 lines of 6 pt type): a forged page of a hundred thousand lines would make the
/// look quadratic.
const MAX_LINES_FOR_COLUMNS: usize = 1_000;

/// Page numbers as 公文 and reports print them: "— 3 —", "-3-", "3", "第3页", "第 3 页 共 5 页",
/// "3/5".
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\-—–－―─~～·\s]*(第\s*)?\d+\s*(页)?\s*([/／]\s*\d+|共\s*\d+\s*页)?[\-—–－―─~～·\s]*$",
    )
    .expect("a valid pattern")
});

/// A line: its segments left to right.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub y: f64,
    pub size: f64,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
pub(super) struct Segment {
    pub x0: f64,
    pub x1: f64,
    pub text: String,
}

impl Line {
    fn x0(&self) -> f64 {
        self.segments.first().map_or(0.0, |s| s.x0)
    }

    fn x1(&self) -> f64 {
        self.segments.last().map_or(0.0, |s| s.x1)
    }

    /// The line's text: its segments with a space between.
    pub(super) fn text(&self) -> String {
        let texts: Vec<&str> = self.segments.iter().map(|s| s.text.as_str()).collect();
        texts.join(" ")
    }
}

/// The text of the pages read so far.
#[derive(Default)]
pub(crate) struct PageText {
    layout: Layout,
    /// The paragraph being read: it may go on on the next page.
    open: Option<Paragraph>,
    /// The table last read, held back while the next page may go on with it.
    table: Option<Vec<Vec<Cell>>>,
    /// Something was read on this page already.
    page_has_text: bool,
}

struct Paragraph {
    text: String,
    size: f64,
    /// Its last line ended short of the right margin: the paragraph is over.
    ended: bool,
}

impl PageText {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Bytes of text so far.
    pub(crate) fn len(&self) -> usize {
        let held: usize = self
            .table
            .iter()
            .flatten()
            .flatten()
            .map(|c| c.text.len() + 1)
            .sum();
        self.layout.len() + self.open.as_ref().map_or(0, |p| p.text.len()) + held
    }

    /// Adds a page's text; true if the page holds a table.
    pub(crate) fn page(&mut self, content: Content) -> bool {
        self.page_has_text = false;
        let mut tables = false;
        let (grids, pieces) = grid::tables(&content.rulings, content.pieces);
        let mut grids = grids.into_iter().peekable();
        let mut lines = lines(pieces);
        drop_page_numbers(&mut lines);
        let left = lines.iter().map(Line::x0).fold(f64::INFINITY, f64::min);
        let right = right_margin(&lines, left);
        let mut i = 0;
        let mut previous: Option<&Line> = None;
        while i < lines.len() {
            if let Some(grid) = grids.next_if(|g| g.top <= lines[i].y) {
                tables = true;
                self.table(grid.rows);
                previous = None;
                continue;
            }
            let unruled = if lines.len() <= MAX_LINES_FOR_COLUMNS {
                columns::table_at(&lines, i)
            } else {
                None
            };
            if let Some((end, rows)) = unruled {
                tables = true;
                self.table(rows);
                previous = None;
                i = end;
                continue;
            }
            let line = &lines[i];
            self.line(line, previous, left, right);
            previous = Some(line);
            i += 1;
        }
        for grid in grids {
            tables = true;
            self.table(grid.rows);
        }
        tables
    }

    /// Adds a table's rows. A table that opens a page and has as many columns as the table
    /// that closed the last one goes on with it (a 任务分工表 runs over pages), without the
    /// header row when the page repeats it.
    fn table(&mut self, mut rows: Vec<Vec<Cell>>) {
        if rows.is_empty() {
            return;
        }
        self.close();
        let texts = |row: &[Cell]| row.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
        match self.table.as_mut() {
            Some(held) if !self.page_has_text && held[0].len() == rows[0].len() => {
                if texts(&held[0]) == texts(&rows[0]) {
                    rows.remove(0);
                }
                go_on(held, &mut rows);
                held.extend(rows);
            }
            _ => {
                self.flush_table();
                self.table = Some(rows);
            }
        }
        self.page_has_text = true;
    }

    fn flush_table(&mut self) {
        if let Some(rows) = self.table.take() {
            self.layout.table(rows);
        }
    }

    /// Adds a line to the open paragraph or starts a new one.
    fn line(&mut self, line: &Line, previous: Option<&Line>, left: f64, right: f64) {
        let size = line.size;
        let continues = self.open.as_ref().is_some_and(|p| {
            !p.ended
                && (p.size - size).abs() <= 0.15 * size
                && line.x0() <= left + INDENT * size
                && previous.is_none_or(|prev| line.y - prev.y <= PARAGRAPH_GAP * size)
        });
        let ended = line.x1() < right - SHORT * size;
        let text = line.text();
        match self.open.as_mut() {
            Some(p) if continues => {
                join(&mut p.text, &text);
                p.ended = ended;
            }
            _ => {
                self.close();
                self.flush_table();
                self.open = Some(Paragraph { text, size, ended });
            }
        }
        self.page_has_text = true;
    }

    /// Ends what is open (a paragraph, a table): what comes next starts afresh, as a new
    /// document does.
    pub(crate) fn end(&mut self) {
        self.close();
        self.flush_table();
    }

    fn close(&mut self) {
        if let Some(p) = self.open.take() {
            self.layout.paragraph(&p.text);
        }
    }

    pub(crate) fn finish(mut self) -> Layout {
        self.close();
        self.flush_table();
        self.layout
    }
}

/// Joins the rows a table goes on with on a new page to the rows `held` from the last.
/// A page break cuts across merged cells and rows, and neither is repeated: a merged
/// block the page opens with (an empty cell merged down rows) is the block the last page
/// ended in, and takes its text; a first row without its first cell (序号, or the task's
/// text) is the rest of the last page's last row, cut where the page ended, and is joined
/// to it cell by cell.
fn go_on(held: &mut [Vec<Cell>], rows: &mut Vec<Vec<Cell>>) {
    let Some(last) = held.last_mut() else {
        return;
    };
    if rows.is_empty() {
        return;
    }
    // Empty blocks merged down from the first row: the ones the last page ended in.
    let mut carried = vec![false; last.len()];
    for c in 0..last.len().min(rows[0].len()) {
        let block = 1 + rows[1..]
            .iter()
            .take_while(|r| r.get(c).is_some_and(|x| x.merged == Merged::FromAbove))
            .count();
        let empty = rows[..block].iter().all(|r| r[c].text.is_empty());
        if block > 1 && empty && rows[0][c].merged == Merged::No && !last[c].text.is_empty() {
            carried[c] = true;
            for row in &mut rows[..block] {
                row[c] = Cell::merged(last[c].text.clone(), Merged::FromAbove);
            }
        }
    }
    let first = &rows[0];
    // A row of its own that merely lacks its first cell (a category merged down the first
    // column) has its other cells; the rest of a cut row leaves empty those that ended on
    // the last page (a merged block it shares with the rows below was empty too).
    let cut = first[0].text.is_empty()
        && first[0].merged == Merged::No
        && !last[0].text.is_empty()
        && first.iter().any(|c| !c.text.is_empty())
        && (1..first.len())
            .any(|c| (first[c].text.is_empty() || carried[c]) && !last[c].text.is_empty());
    if cut {
        let first = rows.remove(0);
        for (c, (cell, more)) in last.iter_mut().zip(first).enumerate() {
            if !carried[c] && more.merged == Merged::No {
                join(&mut cell.text, &more.text);
            }
        }
        // The cells merged down from the joined row now hang from the last page's row.
        if let Some(next) = rows.first_mut() {
            for (c, cell) in next.iter_mut().enumerate() {
                if cell.merged == Merged::FromAbove && cell.text.is_empty() {
                    cell.text = last[c].text.clone();
                }
            }
        }
    }
}

/// The right margin: the edge most full lines end at. Lines are grouped by where they end
/// (within [`INDENT`] ems) and the group of the most lines wins, the rightmost of equals;
/// only lines reaching past the middle of the text count, so that a column of short lines
/// does not set it. The furthest end alone would do for a typeset page, but a line can
/// overrun the measure (poppler widens the ASCII digits of a GBK-coded font to full width,
/// so a line with many digits sticks out) and then make every other line look short: each
/// would end its paragraph.
fn right_margin(lines: &[Line], left: f64) -> f64 {
    let furthest = lines.iter().map(Line::x1).fold(f64::NEG_INFINITY, f64::max);
    let middle = (left + furthest) / 2.0;
    let mut ends: Vec<(f64, f64)> = lines
        .iter()
        .filter(|l| l.x1() > middle)
        .map(|l| (l.x1(), l.size))
        .collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut best = (0, furthest);
    let mut start = 0;
    for end in 0..ends.len() {
        while ends[end].0 - ends[start].0 > INDENT * ends[end].1.max(ends[start].1) {
            start += 1;
        }
        let count = end - start + 1;
        if count >= best.0 {
            best = (count, ends[end].0);
        }
    }
    best.1
}

/// Appends `more` to `text` as the next line of the same paragraph or cell: directly,
/// except between two Latin letters or digits (a wrapped English phrase).
pub(super) fn join(text: &mut String, more: &str) {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(text.chars().last()) && latin(more.chars().next()) {
        text.push(' ');
    }
    text.push_str(more);
}

/// The pieces as lines, top to bottom, each left to right and cut into segments.
pub(super) fn lines(pieces: Vec<Piece>) -> Vec<Line> {
    line_groups(pieces).into_iter().map(line).collect()
}

/// The pieces grouped by line (a shared baseline), top to bottom: what a format that drops
/// whole lines before the text is laid out (a PDF's running headers) looks at.
pub(crate) fn line_groups(mut pieces: Vec<Piece>) -> Vec<Vec<Piece>> {
    pieces.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<Piece>> = Vec::new();
    for piece in pieces {
        match groups.last_mut() {
            Some(g) if (piece.y - g[0].y).abs() <= SAME_LINE * piece.size.min(g[0].size) => {
                g.push(piece)
            }
            _ => groups.push(vec![piece]),
        }
    }
    groups
}

/// The text of a group of [`line_groups`] as it is read: segments apart by a space.
pub(crate) fn line_text(group: &[Piece]) -> String {
    if group.is_empty() {
        return String::new();
    }
    line(group.to_vec()).text()
}

fn line(mut pieces: Vec<Piece>) -> Line {
    pieces.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let size = pieces.iter().map(|p| p.size).fold(0.0, f64::max);
    let y = pieces[0].y;
    let mut segments: Vec<Segment> = Vec::new();
    for p in pieces {
        let text = p.text.trim();
        match segments.last_mut() {
            Some(s) if p.x0 - s.x1 <= SEGMENT_GAP * size => {
                let latin = |c: Option<char>| c.is_some_and(|c| !is_wide(c) && c.is_alphanumeric());
                if p.x0 - s.x1 > WORD_GAP * size
                    && latin(s.text.chars().last())
                    && latin(text.chars().next())
                {
                    s.text.push(' ');
                }
                s.text.push_str(text);
                s.x1 = s.x1.max(p.x1);
            }
            _ => segments.push(Segment {
                x0: p.x0,
                x1: p.x1,
                text: text.to_owned(),
            }),
        }
    }
    Line { y, size, segments }
}

/// Drops a page number printed above or below the text.
fn drop_page_numbers(lines: &mut Vec<Line>) {
    if lines
        .last()
        .is_some_and(|l| PAGE_NUMBER.is_match(&l.text()))
    {
        lines.pop();
    }
    if lines
        .first()
        .is_some_and(|l| PAGE_NUMBER.is_match(&l.text()))
    {
        lines.remove(0);
    }
}

#[cfg(test)]
mod tests;
