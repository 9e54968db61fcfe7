//! Tables drawn with rulings: where horizontal and vertical rulings cross into a grid, the
//! grid's cells are the table's, whatever the alignment of the text inside them (centred
//! vertically, wrapped, empty). A ruling missing between two cells merges them: the text
//! of a lead unit merged down three rows is in each of the three.

use super::lines::{join, lines};
use super::{Piece, Ruling};
use crate::extract::decode::table::{Cell, Merged};

/// Rulings closer than this (mm) are one boundary; a ruling reaching within it of another
/// touches it.
const SNAP: f64 = 0.8;

/// A ruled table of a page.
#[derive(Debug)]
pub(super) struct Grid {
    /// Its top edge (mm), to place it among the page's lines.
    pub top: f64,
    pub rows: Vec<Vec<Cell>>,
}

/// The ruled tables of a page, top to bottom, and the pieces outside them.
pub(super) fn tables(rulings: &[Ruling], pieces: Vec<Piece>) -> (Vec<Grid>, Vec<Piece>) {
    let mut rest = pieces;
    let mut grids = Vec::new();
    for group in connected(rulings) {
        let Some(frame) = Frame::of(&group) else {
            continue;
        };
        let (inside, outside): (Vec<Piece>, Vec<Piece>) =
            rest.into_iter().partition(|p| frame.cell_of(p).is_some());
        rest = outside;
        grids.push(Grid {
            top: frame.ys[0],
            rows: frame.rows(inside),
        });
    }
    grids.sort_by(|a, b| a.top.total_cmp(&b.top));
    (grids, rest)
}

/// Rulings grouped by touching (a table's rulings all touch; a lone underline touches none).
fn connected(rulings: &[Ruling]) -> Vec<Vec<Ruling>> {
    let touch = |a: &Ruling, b: &Ruling| {
        a.x0 <= b.x1 + SNAP && b.x0 <= a.x1 + SNAP && a.y0 <= b.y1 + SNAP && b.y0 <= a.y1 + SNAP
    };
    let mut group: Vec<usize> = (0..rulings.len()).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    for i in 0..rulings.len() {
        for j in i + 1..rulings.len() {
            if touch(&rulings[i], &rulings[j]) {
                let (a, b) = (root(&mut group, i), root(&mut group, j));
                group[a] = b;
            }
        }
    }
    let mut groups: Vec<Vec<Ruling>> = Vec::new();
    let mut index: Vec<Option<usize>> = vec![None; rulings.len()];
    for (i, ruling) in rulings.iter().enumerate() {
        let r = root(&mut group, i);
        let g = *index[r].get_or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(*ruling);
    }
    groups
}

/// Most cells a grid may have (a page of a 任务分工表 has a few hundred): a finer grid is
/// a drawing, and working out its merged cells would cost more than it could tell.
const MAX_CELLS: usize = 10_000;

/// A grid: its row and column boundaries and the rulings drawn along each.
struct Frame {
    xs: Vec<f64>,
    ys: Vec<f64>,
    /// The horizontal rulings along each of `ys`, the vertical ones along each of `xs`.
    horizontal: Vec<Vec<Ruling>>,
    vertical: Vec<Vec<Ruling>>,
}

impl Frame {
    /// The grid of a group of rulings, if it has at least two cells (a box around a
    /// paragraph or around the page is no table).
    fn of(group: &[Ruling]) -> Option<Self> {
        let horizontal: Vec<Ruling> = group
            .iter()
            .copied()
            .filter(Ruling::is_horizontal)
            .collect();
        let vertical: Vec<Ruling> = group.iter().copied().filter(Ruling::is_vertical).collect();
        let ys = boundaries(horizontal.iter().map(|r| r.y0));
        let xs = boundaries(vertical.iter().map(|r| r.x0));
        let cells = xs.len().saturating_sub(1) * ys.len().saturating_sub(1);
        if xs.len() < 2 || ys.len() < 2 || !(2..=MAX_CELLS).contains(&cells) {
            return None;
        }
        let along = |bounds: &[f64], rulings: Vec<Ruling>, at: fn(&Ruling) -> f64| {
            let mut by_bound = vec![Vec::new(); bounds.len()];
            for r in rulings {
                if let Some(i) = bounds.iter().position(|&b| (at(&r) - b).abs() <= SNAP) {
                    by_bound[i].push(r);
                }
            }
            by_bound
        };
        Some(Self {
            horizontal: along(&ys, horizontal, |r| r.y0),
            vertical: along(&xs, vertical, |r| r.x0),
            xs,
            ys,
        })
    }

    /// The cell (row, column) a piece's middle falls in.
    fn cell_of(&self, p: &Piece) -> Option<(usize, usize)> {
        let x = (p.x0 + p.x1) / 2.0;
        let y = p.y - 0.35 * p.size; // the middle of a glyph standing on the baseline
        Some((slot(&self.ys, y)?, slot(&self.xs, x)?))
    }

    /// True if a ruling runs between cells (r, c) and (r, c + 1).
    fn wall_right_of(&self, r: usize, c: usize) -> bool {
        let y = (self.ys[r] + self.ys[r + 1]) / 2.0;
        self.vertical[c + 1]
            .iter()
            .any(|v| v.y0 - SNAP <= y && y <= v.y1 + SNAP)
    }

    /// True if a ruling runs between cells (r, c) and (r + 1, c).
    fn wall_below(&self, r: usize, c: usize) -> bool {
        let x = (self.xs[c] + self.xs[c + 1]) / 2.0;
        self.horizontal[r + 1]
            .iter()
            .any(|h| h.x0 - SNAP <= x && x <= h.x1 + SNAP)
    }

    /// The rows of cells with their text; each merged region's text spread over its cells
    /// (from the left along its first row, from above below it). Rows without text are
    /// left out.
    fn rows(&self, pieces: Vec<Piece>) -> Vec<Vec<Cell>> {
        let (rows, cols) = (self.ys.len() - 1, self.xs.len() - 1);
        let anchors = self.anchors(rows, cols);
        let mut texts: Vec<Vec<Piece>> = vec![Vec::new(); rows * cols];
        for p in pieces {
            if let Some((r, c)) = self.cell_of(&p) {
                let (ar, ac) = anchors[r * cols + c];
                texts[ar * cols + ac].push(p);
            }
        }
        let texts: Vec<String> = texts.into_iter().map(cell_text).collect();
        (0..rows)
            .map(|r| {
                (0..cols)
                    .map(|c| {
                        let (ar, ac) = anchors[r * cols + c];
                        let text = texts[ar * cols + ac].clone();
                        match (ar, ac) {
                            (ar, ac) if (ar, ac) == (r, c) => Cell::new(text),
                            (ar, _) if ar == r => Cell::merged(text, Merged::FromLeft),
                            _ => Cell::merged(text, Merged::FromAbove),
                        }
                    })
                    .collect::<Vec<Cell>>()
            })
            .filter(|row| row.iter().any(|c| !c.text.is_empty()))
            .collect()
    }

    /// Each cell's merged region, as the region's top-left cell: cells without a ruling
    /// between them are one.
    fn anchors(&self, rows: usize, cols: usize) -> Vec<(usize, usize)> {
        let mut anchor: Vec<(usize, usize)> = Vec::with_capacity(rows * cols);
        for r in 0..rows {
            for c in 0..cols {
                let a = if c > 0 && !self.wall_right_of(r, c - 1) {
                    anchor[r * cols + c - 1]
                } else if r > 0 && !self.wall_below(r - 1, c) {
                    anchor[(r - 1) * cols + c]
                } else {
                    (r, c)
                };
                anchor.push(a);
            }
        }
        anchor
    }
}

/// Positions snapped together, in order.
fn boundaries(positions: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut all: Vec<f64> = positions.collect();
    all.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for p in all {
        if out.last().is_none_or(|&last| p - last > SNAP) {
            out.push(p);
        }
    }
    out
}

/// The slot between consecutive boundaries holding `v`.
fn slot(bounds: &[f64], v: f64) -> Option<usize> {
    bounds.windows(2).position(|w| w[0] <= v && v < w[1])
}

/// A cell's text: its lines read in order, joined.
fn cell_text(pieces: Vec<Piece>) -> String {
    let mut text = String::new();
    for line in lines(pieces) {
        join(&mut text, &line.text());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, x0: f64, x1: f64) -> Ruling {
        Ruling {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }

    fn v(x: f64, y0: f64, y1: f64) -> Ruling {
        Ruling {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    fn piece(x: f64, baseline: f64, text: &str) -> Piece {
        Piece {
            x0: x,
            x1: x + 4.0 * text.chars().count() as f64,
            y: baseline,
            size: 4.0,
            text: text.into(),
        }
    }

    fn texts(grid: &Grid) -> Vec<Vec<(&str, Merged)>> {
        grid.rows
            .iter()
            .map(|r| r.iter().map(|c| (c.text.as_str(), c.merged)).collect())
            .collect()
    }

    /// Three columns (20-40-80-110) and four rows (10-20-30-40-50); the third column's
    /// rows 2-4 merged (no rulings between them there).
    fn rulings() -> Vec<Ruling> {
        let mut r = vec![h(10.0, 20.0, 110.0), h(20.0, 20.0, 110.0)];
        r.extend([30.0, 40.0].map(|y| h(y, 20.0, 80.0)));
        r.push(h(50.0, 20.0, 110.0));
        r.extend([20.0, 40.0, 80.0, 110.0].map(|x| v(x, 10.0, 50.0)));
        r
    }

    #[test]
    fn text_is_placed_in_its_ruled_cell_however_it_is_aligned_and_merges_spread() {
        let pieces = vec![
            piece(22.0, 16.0, "序号"),
            piece(45.0, 16.0, "任务"),
            piece(85.0, 16.0, "牵头"),
            piece(28.0, 26.0, "1"),
            piece(42.0, 24.5, "修订方案"), // wrapped over two lines
            piece(42.0, 29.0, "并印发"),
            piece(28.0, 36.0, "2"),
            piece(42.0, 36.0, "组织实施"),
            piece(85.0, 36.0, "教务处"), // centred down the merged cells
            piece(28.0, 46.0, "3"),
            piece(20.0, 70.0, "表后的段落"),
        ];
        let (grids, rest) = tables(&rulings(), pieces);
        assert_eq!(rest.len(), 1);
        use Merged::*;
        assert_eq!(
            texts(&grids[0]),
            [
                vec![("序号", No), ("任务", No), ("牵头", No)],
                vec![("1", No), ("修订方案并印发", No), ("教务处", No)],
                vec![("2", No), ("组织实施", No), ("教务处", FromAbove)],
                vec![("3", No), ("", No), ("教务处", FromAbove)],
            ]
        );
        assert_eq!(grids[0].top, 10.0);
    }

    #[test]
    fn a_cell_without_a_ruling_to_its_right_is_merged_from_the_left() {
        let mut r = vec![
            h(10.0, 20.0, 110.0),
            h(20.0, 20.0, 110.0),
            h(30.0, 20.0, 110.0),
        ];
        r.extend([20.0, 110.0].map(|x| v(x, 10.0, 30.0)));
        r.extend([40.0, 80.0].map(|x| v(x, 20.0, 30.0)));
        let (grids, _) = tables(
            &r,
            vec![piece(50.0, 16.0, "一、教学改革"), piece(22.0, 26.0, "1")],
        );
        use Merged::*;
        assert_eq!(
            texts(&grids[0])[0],
            [
                ("一、教学改革", No),
                ("一、教学改革", FromLeft),
                ("一、教学改革", FromLeft)
            ]
        );
    }

    #[test]
    fn a_grid_finer_than_any_table_is_a_drawing_not_a_table() {
        let lines = (0..120).map(|i| f64::from(i) * 1.5);
        let mut r: Vec<Ruling> = lines.clone().map(|y| h(y, 0.0, 180.0)).collect();
        r.extend(lines.map(|x| v(x, 0.0, 180.0)));
        let (grids, rest) = tables(&r, vec![piece(30.0, 20.0, "图")]);
        assert!(grids.is_empty());
        assert_eq!(rest.len(), 1);
    }

    #[test]
    fn a_box_around_a_paragraph_or_a_lone_underline_is_no_table() {
        let boxed = [
            h(10.0, 20.0, 110.0),
            h(30.0, 20.0, 110.0),
            v(20.0, 10.0, 30.0),
            v(110.0, 10.0, 30.0),
        ];
        let underline = [h(60.0, 20.0, 60.0)];
        for rulings in [&boxed[..], &underline[..]] {
            let (grids, rest) = tables(rulings, vec![piece(30.0, 20.0, "特此通知")]);
            assert!(grids.is_empty());
            assert_eq!(rest.len(), 1);
        }
    }
}
