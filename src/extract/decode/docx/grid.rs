//! A WordprocessingML table (`w:tbl`) as it is read: rows (`w:tr`) of cells (`w:tc`), with
//! `w:gridSpan` spreading a cell to its right and `w:vMerge` carrying a cell down, laid out
//! as the grid a reader sees.

use super::super::table::{Budget, Cell, Merged};

/// What the decoder has read so far of the document body: paragraphs and tables in order.
pub(super) enum Block {
    Line(String),
    /// Rows of cells, merged cells spread.
    Table(Vec<Vec<Cell>>),
}

/// A `w:vMerge` mark: the cell starts a vertical merge, or continues the one above.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum VMerge {
    Restart,
    Continue,
}

/// A cell being read.
#[derive(Default)]
struct OpenCell {
    paras: Vec<String>,
    span: usize,
    vmerge: Option<VMerge>,
}

/// A cell of the grid and the paragraphs it was written as (none for a covered cell).
struct GridCell {
    cell: Cell,
    paras: Vec<String>,
}

/// An outermost table being read. A table nested in one of its cells is read as part of
/// that cell: its paragraphs join the cell's text.
pub(super) struct Grid {
    rows: Vec<Vec<GridCell>>,
    row: Option<Vec<GridCell>>,
    cell: Option<OpenCell>,
    /// Depth of tables nested inside the current cell.
    nested: usize,
    /// What the document's tables may still spread (handed on from table to table).
    budget: Budget,
}

impl Grid {
    pub(super) fn new(budget: Budget) -> Self {
        Self {
            rows: Vec::new(),
            row: None,
            cell: None,
            nested: 0,
            budget,
        }
    }

    /// A `w:tbl` starts inside this one.
    pub(super) fn enter_table(&mut self) {
        self.nested += 1;
    }

    /// A `w:tbl` ends: `true` when it is this table itself.
    pub(super) fn leave_table(&mut self) -> bool {
        if self.nested == 0 {
            return true;
        }
        self.nested -= 1;
        false
    }

    pub(super) fn start_row(&mut self) {
        if self.nested == 0 {
            self.end_row();
            self.row = Some(Vec::new());
        }
    }

    pub(super) fn end_row(&mut self) {
        if self.nested == 0 {
            self.end_cell();
            if let Some(row) = self.row.take() {
                self.rows.push(row);
            }
        }
    }

    /// `w:gridBefore`: the row starts this many grid columns in.
    pub(super) fn grid_before(&mut self, columns: usize) {
        if let (0, Some(row)) = (self.nested, self.row.as_mut()) {
            if row.is_empty() {
                for _ in 0..columns.min(MAX_SPAN) {
                    if !self.budget.cell() {
                        break;
                    }
                    row.push(GridCell {
                        cell: Cell::new(""),
                        paras: Vec::new(),
                    });
                }
            }
        }
    }

    pub(super) fn start_cell(&mut self) {
        if self.nested == 0 {
            self.end_cell();
            self.cell = Some(OpenCell {
                span: 1,
                ..OpenCell::default()
            });
        }
    }

    pub(super) fn grid_span(&mut self, span: usize) {
        if let (0, Some(cell)) = (self.nested, self.cell.as_mut()) {
            cell.span = span.clamp(1, MAX_SPAN);
        }
    }

    pub(super) fn vmerge(&mut self, mark: VMerge) {
        if let (0, Some(cell)) = (self.nested, self.cell.as_mut()) {
            cell.vmerge = Some(mark);
        }
    }

    /// A paragraph ends: a cell's joins the cell; one in no cell is handed back (the
    /// caller keeps it as a line).
    pub(super) fn paragraph(&mut self, text: String) -> Option<String> {
        match self.cell.as_mut() {
            Some(cell) => {
                cell.paras.push(text);
                None
            }
            None => Some(text),
        }
    }

    /// A `w:tc` ends: the cell goes into the row, spread over the columns it spans; a cell
    /// continuing a vertical merge repeats the text of the cell above it.
    pub(super) fn end_cell(&mut self) {
        if self.nested > 0 {
            return;
        }
        let (Some(open), Some(row)) = (self.cell.take(), self.row.as_mut()) else {
            return;
        };
        let col = row.len();
        let (text, paras, merged) = if open.vmerge == Some(VMerge::Continue) {
            let above = self
                .rows
                .last()
                .and_then(|r| r.get(col))
                .map_or_else(String::new, |c| self.budget.copy(&c.cell.text));
            // Its own (empty) paragraphs are kept for a table that turns out to be a frame.
            (above, open.paras, Merged::FromAbove)
        } else {
            let text = open
                .paras
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (text, open.paras, Merged::No)
        };
        self.budget.cell();
        for _ in 1..open.span {
            if !self.budget.cell() {
                break;
            }
            row.push(GridCell {
                cell: Cell::merged(self.budget.copy(&text), Merged::FromLeft),
                paras: Vec::new(),
            });
        }
        row.insert(
            col,
            GridCell {
                cell: Cell::merged(text, merged),
                paras,
            },
        );
    }

    /// The finished table and what is left of the budget. A table of one column is a frame
    /// around paragraphs (a boxed letterhead, a whole notice in a border), not a grid: its
    /// paragraphs stay lines. Rows without text are left out.
    pub(super) fn finish(mut self) -> (Vec<Block>, Budget) {
        self.end_row();
        let budget = self.budget;
        let frame = self.rows.iter().all(|r| {
            r.iter()
                .filter(|c| c.cell.merged == Merged::No && !c.cell.text.is_empty())
                .count()
                <= 1
        });
        if frame {
            let lines = self
                .rows
                .into_iter()
                .flatten()
                .flat_map(|c| c.paras)
                .map(Block::Line)
                .collect();
            return (lines, budget);
        }
        let rows: Vec<Vec<Cell>> = self
            .rows
            .into_iter()
            .filter(|r| r.iter().any(|c| !c.cell.text.trim().is_empty()))
            .map(|r| r.into_iter().map(|c| c.cell).collect())
            .collect();
        (vec![Block::Table(rows)], budget)
    }
}

/// The most columns a cell may span (a hostile file may claim millions).
const MAX_SPAN: usize = 64;
