//! Tables without rulings: lines whose pieces stand apart in columns that line up from one
//! line to the next (an OFD's unruled tables; every table of a PDF, whose rulings poppler
//! does not report). A row starts at a line with text in the first column when the cells
//! are aligned to their top; when they are centred vertically, rows are told by the wider
//! gaps between them (see `centred_rows`). A vertically merged cell is printed once, so it
//! is read in one row of its block, the others' cells empty: nothing but rulings (see
//! `grid`) tells a merged block from cells left empty.

use super::lines::{join, Line, Segment};
use crate::extract::decode::table::{Cell, Merged};

/// Rows of a table are at most this far apart (a row of wrapped cells ends further from the
/// next row's first line than the wrapped lines are from each other).
const ROW_GAP: f64 = 3.0;

/// Most lines a table of one page spans (a page holds about 140 lines of 6 pt type): the
/// run looked at from each line is no longer, so that a page costs lines × this at most.
const MAX_RUN: usize = 200;

/// The table starting at `lines[start]`, if one does: where it ends and its rows.
///
/// A table is a run of lines in one font size, close together, in which at least two lines
/// have several segments whose extents, laid over each other, leave at least two columns
/// apart. Lines of one segment inside the run are rows merged across (a category) or the
/// wrapped lines of a cell; after the last line with several segments, lines that fall in
/// one column other than the first are still wrapped cells of the last row, and rows across
/// the table at the foot of the page are still its rows.
pub(super) fn table_at(lines: &[Line], start: usize) -> Option<(usize, Vec<Vec<Cell>>)> {
    let first = &lines[start];
    if first.segments.len() < 2 {
        return None;
    }
    let size = first.size;
    let mut end = start + 1;
    let mut last_multi = start;
    while end < lines.len()
        && end - start < MAX_RUN
        && (lines[end].size - size).abs() <= 0.2 * size
        && lines[end].y - lines[end - 1].y <= ROW_GAP * size
    {
        if lines[end].segments.len() >= 2 {
            last_multi = end;
        }
        end += 1;
    }
    let run_end = end;
    let multi: Vec<&Line> = lines[start..=last_multi]
        .iter()
        .filter(|l| l.segments.len() >= 2)
        .collect();
    let columns = columns(multi.iter().flat_map(|l| &l.segments));
    let aligned = multi
        .iter()
        .filter(|l| {
            let hit: std::collections::BTreeSet<usize> = l
                .segments
                .iter()
                .filter_map(|s| spanned(&columns, s).map(|(a, _)| a))
                .collect();
            hit.len() >= 2
        })
        .count();
    if columns.len() < 2 || aligned < 2 {
        return None;
    }
    let mut end = last_multi + 1;
    while end < run_end
        && lines[end]
            .segments
            .iter()
            .all(|s| spanned(&columns, s).is_some_and(|(a, b)| a == b && a > 0))
    {
        end += 1;
    }
    // A category row (one cell across the table) that a page break left at the foot of the
    // page, the rows under it on the next: with nothing after it on the page, it goes with
    // the table, which the next page then continues, rather than standing as a paragraph
    // between two halves of one table.
    if run_end == lines.len()
        && lines[end..run_end].iter().all(|l| {
            l.segments.len() == 1 && spanned(&columns, &l.segments[0]).is_some_and(|(a, b)| b > a)
        })
    {
        end = run_end;
    }
    Some((end, rows(&lines[start..end], &columns)))
}

/// Where rows start when the cells are centred vertically: a row's short cells then stand
/// on the middle line of its tallest one (or half-way between two of its lines), so the
/// first line of a wrapped cell comes before the row's first-column text and would go to
/// the row above. Such rows are told by the space between them: the leading is the
/// smallest gap between two lines that follow each other in one column (the wrapped lines
/// of a cell) or twice the smallest gap of all, and the cell padding makes the gap between two rows wider than that by a
/// fifth at least, while no gap inside a row is. Used only when, so grouped, no row of
/// several lines has its first-column text on its first line unless that is its middle,
/// and some row has it at its middle below its first line: top-aligned cells (the rule of
/// [`rows`]) are never regrouped, whatever the spacing inside them.
fn centred_rows(lines: &[Line], columns: &[(f64, f64)]) -> Option<Vec<bool>> {
    const WIDER: f64 = 1.2;
    let spans = |l: &Line| -> Vec<usize> {
        l.segments
            .iter()
            .filter_map(|s| spanned(columns, s).map(|(a, _)| a))
            .collect()
    };
    let gap = |w: &[Line]| w[1].y - w[0].y;
    let within_cell = lines
        .windows(2)
        .filter(|w| spans(&w[0]).iter().any(|c| spans(&w[1]).contains(c)))
        .map(gap)
        .fold(f64::INFINITY, f64::min);
    // When every wrapped cell has two lines, no two lines of one cell follow each other
    // (the short cells stand between them), but those stand half a leading from each.
    let half = lines.windows(2).map(gap).fold(f64::INFINITY, f64::min);
    let leading = within_cell.min(2.0 * half);
    if !(leading > 0.0 && leading.is_finite()) {
        return None;
    }
    let mut starts: Vec<bool> = std::iter::once(true)
        .chain(lines.windows(2).map(|w| gap(w) > WIDER * leading))
        .collect();
    // Two rows run together by a line in the gap between them (a unit merged down both,
    // centred over them) hold two first-column texts: they part at the widest gap between.
    let firsts: Vec<usize> = (0..lines.len())
        .filter(|&i| spans(&lines[i]).contains(&0))
        .collect();
    for pair in firsts.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        if !starts[p + 1..=q].iter().any(|&s| s) {
            let widest = (p + 1..=q)
                .max_by(|&a, &b| gap(&lines[a - 1..=a]).total_cmp(&gap(&lines[b - 1..=b])))
                .expect("q > p");
            starts[widest] = true;
        }
    }
    let mut below_first = false;
    let mut start = 0;
    for end in 1..=lines.len() {
        if end < lines.len() && !starts[end] {
            continue;
        }
        let row = &lines[start..end];
        if let Some(i) = row.iter().position(|l| spans(l).contains(&0)) {
            let middle = (row[0].y + row[row.len() - 1].y) / 2.0;
            let centred = (row[i].y - middle).abs() <= 0.3 * leading;
            if i == 0 && !centred {
                return None;
            }
            below_first |= i > 0 && centred;
        }
        start = end;
    }
    below_first.then_some(starts)
}

/// Column extents: the segments' extents merged where they overlap.
fn columns<'a>(segments: impl Iterator<Item = &'a Segment>) -> Vec<(f64, f64)> {
    let mut extents: Vec<(f64, f64)> = segments.map(|s| (s.x0, s.x1)).collect();
    extents.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut columns: Vec<(f64, f64)> = Vec::new();
    for (x0, x1) in extents {
        match columns.last_mut() {
            Some(c) if x0 <= c.1 => c.1 = c.1.max(x1),
            _ => columns.push((x0, x1)),
        }
    }
    columns
}

/// The first and last column a segment overlaps (a segment in no column: the nearest).
fn spanned(columns: &[(f64, f64)], s: &Segment) -> Option<(usize, usize)> {
    let overlaps: Vec<usize> = (0..columns.len())
        .filter(|&i| s.x0 < columns[i].1 && s.x1 > columns[i].0)
        .collect();
    match (overlaps.first(), overlaps.last()) {
        (Some(&a), Some(&b)) => Some((a, b)),
        _ => {
            let mid = (s.x0 + s.x1) / 2.0;
            (0..columns.len())
                .min_by(|&a, &b| {
                    let d = |i: usize| (mid - (columns[i].0 + columns[i].1) / 2.0).abs();
                    d(a).total_cmp(&d(b))
                })
                .map(|i| (i, i))
        }
    }
}

/// The table's lines as rows of cells. A line with text in the first column, or one
/// reaching over several columns, starts a row; any other line holds the wrapped lines of
/// the row's cells (unless the cells are centred vertically: see [`centred_rows`]). A
/// segment over several columns is a merged cell, spread from the left.
fn rows(lines: &[Line], columns: &[(f64, f64)]) -> Vec<Vec<Cell>> {
    let centred = centred_rows(lines, columns);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let placed: Vec<((usize, usize), &str)> = line
            .segments
            .iter()
            .filter_map(|s| spanned(columns, s).map(|span| (span, s.text.as_str())))
            .collect();
        let starts_row = match &centred {
            Some(starts) => starts[i],
            None => rows.is_empty() || placed.iter().any(|&((a, b), _)| a == 0 || b > a),
        };
        if starts_row {
            rows.push(vec![Cell::default(); columns.len()]);
        }
        let row = rows.last_mut().expect("a row was just pushed");
        for ((a, b), text) in placed {
            join(&mut row[a].text, text);
            for cell in &mut row[a + 1..=b] {
                cell.merged = Merged::FromLeft;
            }
        }
    }
    for row in &mut rows {
        for i in 1..row.len() {
            if row[i].merged == Merged::FromLeft {
                row[i].text = row[i - 1].text.clone();
            }
        }
    }
    rows
}
