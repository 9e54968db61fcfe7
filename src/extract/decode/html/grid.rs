//! An HTML `<table>` of data (a 任务分工表 on a page) as the grid a reader sees: rows of
//! cells, `rowspan` and `colspan` spreading a cell over the rows and columns it covers.
//!
//! Pages also use tables to lay out the whole page or the article; such a table is not a
//! grid of data and is rendered as blocks, as before.

use super::super::table::{one_line, Budget, Cell, Merged};
use super::{Page, Renderer};

/// The most rows or columns a cell may span, and the most cells a table may have (a
/// hostile page may claim millions).
const MAX_SPAN: usize = 64;
const MAX_CELLS: usize = 20_000;

/// A cell longer than this holds an article, not a datum: the table lays out the page.
const MAX_CELL_CHARS: usize = 600;

impl Page {
    /// The `rowspan` or `colspan` of a cell (1 when absent or nonsense).
    fn span(&self, i: usize, name: &str) -> usize {
        let key = format!("\u{0}{name}=");
        self.tokens(i)
            .iter()
            .find_map(|t| t.strip_prefix(&key).and_then(|v| v.parse().ok()))
            .unwrap_or(1usize)
            .clamp(1, MAX_SPAN)
    }

    /// The rows (`<tr>`) of table `i` and their cells (`<td>`, `<th>`), skipping removed
    /// ones.
    fn table_rows(&self, i: usize) -> Vec<Vec<usize>> {
        (i + 1..self.items[i].end)
            .filter(|&r| self.tag(r) == "tr" && !self.items[r].removed)
            .map(|r| {
                self.items[r]
                    .children
                    .iter()
                    .copied()
                    .filter(|&c| matches!(self.tag(c), "td" | "th") && !self.items[c].removed)
                    .collect()
            })
            .collect()
    }

    /// Whether table `i` is a grid of data: no table inside it, at least two rows with two
    /// cells of text each, and no cell long enough to hold an article.
    pub(super) fn is_data_table(&self, i: usize) -> bool {
        let nested = (i + 1..self.items[i].end).any(|d| self.tag(d) == "table");
        if nested {
            return false;
        }
        let rows = self.table_rows(i);
        let cells: usize = rows.iter().map(Vec::len).sum();
        let full_rows = rows
            .iter()
            .filter(|r| r.iter().filter(|&&c| self.items[c].chars > 0).count() >= 2)
            .count();
        full_rows >= 2
            && cells <= MAX_CELLS
            && rows
                .iter()
                .flatten()
                .all(|&c| self.items[c].chars <= MAX_CELL_CHARS)
    }

    /// The rows of data table `i`, merged cells spread, each cell's blocks on one line;
    /// with each row, its characters and those in links (to tell furniture).
    /// Covered cells repeat their cell's text only as far as `budget` allows.
    pub(super) fn grid(&self, i: usize, budget: &mut Budget) -> Vec<(Vec<Cell>, usize, usize)> {
        let trs: Vec<usize> = (i + 1..self.items[i].end)
            .filter(|&r| self.tag(r) == "tr" && !self.items[r].removed)
            .collect();
        let rows = self.table_rows(i);
        let mut grid: Vec<Vec<Option<Cell>>> = vec![Vec::new(); rows.len()];
        for (r, cells) in rows.iter().enumerate() {
            let mut col = 0;
            for &c in cells {
                while grid[r].get(col).is_some_and(Option::is_some) {
                    col += 1;
                }
                let text = self.cell_text(c);
                let (down, across) = (self.span(c, "rowspan"), self.span(c, "colspan"));
                for dr in 0..down.min(rows.len() - r) {
                    for dc in 0..across {
                        let cell = match (dr, dc) {
                            (0, 0) => Cell::new(text.clone()),
                            _ if !budget.cell() => continue,
                            (0, _) => Cell::merged(budget.copy(&text), Merged::FromLeft),
                            _ => Cell::merged(budget.copy(&text), Merged::FromAbove),
                        };
                        let row = &mut grid[r + dr];
                        if row.len() <= col + dc {
                            row.resize(col + dc + 1, None);
                        }
                        row[col + dc] = Some(cell);
                    }
                }
                col += across;
            }
        }
        grid.into_iter()
            .zip(trs)
            .map(|(row, tr)| {
                let cells: Vec<Cell> = row.into_iter().map(Option::unwrap_or_default).collect();
                (cells, self.items[tr].chars, self.items[tr].link_chars)
            })
            .filter(|(row, _, _)| row.iter().any(|c| !c.text.is_empty()))
            .collect()
    }

    /// A cell's text as the page renders it, its blocks joined on one line.
    fn cell_text(&self, c: usize) -> String {
        // Rendered whole: inline markup (<b>, <span>) stays in the run of text it is part of.
        let mut r = Renderer::default();
        r.render(self, c);
        let text = r
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        one_line(&text)
    }
}

/// The line a row of cells shows: the cells' texts separated by tabs, a merged cell's text
/// where it starts only (as [`super::super::table::Layout::table`] writes it).
pub(super) fn row_line(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| match c.merged {
            Merged::No => c.text.as_str(),
            Merged::FromAbove | Merged::FromLeft => "",
        })
        .collect::<Vec<_>>()
        .join("\t")
}
