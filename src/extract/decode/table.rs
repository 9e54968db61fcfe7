//! Tables as documents lay them out, and the lines of text they are shown as.
//!
//! A decoder that meets a table (a .docx `w:tbl`, an HTML `<table>`, a sheet, an OFD or PDF
//! grid) hands its rows to [`Layout::table`]: the decoded text gets one line per row, cells
//! separated by a tab, and [`super::Decoded::tables`] keeps the rows as cells with the
//! characters of their line, so that what is found in a row (a task of a 任务分工表) points
//! at the row in the text.

/// A table: rows of cells, a merged cell's text spread over every row and column it spans
/// (a lead unit spanning three rows is that unit in each of the three).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    pub down_merges: DownMerges,
}

/// What a table's reader tells of cells merged down rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DownMerges {
    /// Marked [`Merged::FromAbove`] wherever the file merges them.
    #[default]
    Marked,
    /// Not told: a cell merged down rows has its text in its first row and the cells below
    /// are empty, as any empty cell (antiword's Word 97 tables; a table pasted as
    /// tab-separated text).
    EmptyBelow,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// The row's line in the decoded text: `[start, end)` in characters, without its newline.
    pub span: (usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The cell's text on one line: the decoder joins a cell's paragraphs with a space.
    pub text: String,
    /// Where the text came from when the cell is covered by a merged one.
    pub merged: Merged,
}

/// Whether a cell is its own or covered by a merged cell, whose text it repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Merged {
    #[default]
    No,
    /// Covered by the cell above (a vertical merge: `w:vMerge`, `rowspan`, a merged range).
    FromAbove,
    /// Covered by the cell to the left (`w:gridSpan`, `colspan`).
    FromLeft,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            merged: Merged::No,
        }
    }

    pub fn merged(text: impl Into<String>, merged: Merged) -> Self {
        Self {
            text: text.into(),
            merged,
        }
    }
}

/// How much a document's tables may spread merged cells: a hostile file can merge one long
/// cell over a million rows (a few bytes of compressed XML each), and every covered cell
/// repeats its text. Real tables stay far below.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Cells left, covered ones included.
    cells: usize,
    /// Bytes of text left for covered cells to repeat.
    copied: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            cells: 500_000,
            copied: super::MAX_TEXT_BYTES,
        }
    }
}

impl Budget {
    /// Takes one cell; `false` once the cells are spent.
    pub fn cell(&mut self) -> bool {
        let left = self.cells > 0;
        self.cells = self.cells.saturating_sub(1);
        left
    }

    /// The text a covered cell repeats, or nothing once the bytes to repeat are spent.
    pub fn copy(&mut self, text: &str) -> String {
        match self.copied.checked_sub(text.len()) {
            Some(left) => {
                self.copied = left;
                text.to_owned()
            }
            None => String::new(),
        }
    }
}

/// Decoded text being laid out, paragraph by paragraph and table by table.
#[derive(Debug, Default)]
pub struct Layout {
    text: String,
    /// Characters in `text`.
    chars: usize,
    tables: Vec<Table>,
}

impl Layout {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes laid out so far (for the decoded-size limit).
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Appends a line (its own line breaks are kept: it may be several).
    pub fn paragraph(&mut self, line: &str) {
        self.push(line);
        self.push("\n");
    }

    /// Appends a table, one line per row: the cells' texts (a merged cell's once, where it
    /// starts) separated by tabs. Tabs and line breaks inside a cell become spaces, so that
    /// a row stays one line. Rows without cells are dropped.
    pub fn table(&mut self, rows: Vec<Vec<Cell>>) {
        self.table_with(rows, DownMerges::Marked);
    }

    /// As [`Self::table`], from a reader that tells cells merged down rows as `down_merges`.
    pub fn table_with(&mut self, rows: Vec<Vec<Cell>>, down_merges: DownMerges) {
        let mut table = Table {
            down_merges,
            ..Table::default()
        };
        for cells in rows {
            if cells.is_empty() {
                continue;
            }
            let cells: Vec<Cell> = cells
                .into_iter()
                .map(|c| Cell {
                    text: one_line(&c.text),
                    merged: c.merged,
                })
                .collect();
            let line = cells
                .iter()
                .map(|c| match c.merged {
                    Merged::No => c.text.as_str(),
                    Merged::FromAbove | Merged::FromLeft => "",
                })
                .collect::<Vec<_>>()
                .join("\t");
            let start = self.chars;
            self.push(&line);
            table.rows.push(Row {
                cells,
                span: (start, self.chars),
            });
            self.push("\n");
        }
        if !table.rows.is_empty() {
            self.tables.push(table);
        }
    }

    /// The text and its tables.
    pub fn finish(self) -> (String, Vec<Table>) {
        (self.text, self.tables)
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }
}

/// `s` with runs of whitespace that contain a tab or line break turned into one space, and
/// trimmed.
pub(crate) fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\t'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tables of plain text: runs of two or more consecutive lines that each split at tabs
/// into the same number (two or more) of cells, as a table copied out of Word or a
/// spreadsheet pastes. The text is left as it is; the rows point at its lines.
pub fn tab_separated(text: &str) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut run: Vec<Row> = Vec::new();
    let mut start = 0;
    let mut close = |run: &mut Vec<Row>| {
        if run.len() >= 2 {
            tables.push(Table {
                rows: std::mem::take(run),
                down_merges: DownMerges::EmptyBelow,
            });
        }
        run.clear();
    };
    for line in text.split('\n') {
        let chars = line.chars().count();
        let content = line.strip_suffix('\r').unwrap_or(line);
        let cells: Vec<Cell> = content.split('\t').map(|c| Cell::new(c.trim())).collect();
        let fits = cells.len() >= 2
            && run
                .first()
                .is_none_or(|first| first.cells.len() == cells.len());
        if !fits {
            close(&mut run);
        }
        if cells.len() >= 2 {
            run.push(Row {
                cells,
                span: (start, start + content.chars().count()),
            });
        }
        start += chars + 1;
    }
    close(&mut run);
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_row_is_one_line_of_tab_separated_cells_and_its_span_points_at_it() {
        let mut layout = Layout::new();
        layout.paragraph("任务分工如下：");
        layout.table(vec![
            vec![Cell::new("序号"), Cell::new("任务"), Cell::new("牵头单位")],
            vec![
                Cell::new("1"),
                Cell::new("推进新校区\n建设"),
                Cell::new("基建处"),
            ],
            vec![
                Cell::new("2"),
                Cell::new("完善制度"),
                Cell::merged("基建处", Merged::FromAbove),
            ],
        ]);
        let (text, tables) = layout.finish();

        assert_eq!(
            text,
            "任务分工如下：\n序号\t任务\t牵头单位\n1\t推进新校区 建设\t基建处\n2\t完善制度\t\n"
        );
        let rows = &tables[0].rows;
        let line = |r: &Row| {
            text.chars()
                .skip(r.span.0)
                .take(r.span.1 - r.span.0)
                .collect::<String>()
        };
        assert_eq!(line(&rows[1]), "1\t推进新校区 建设\t基建处");
        assert_eq!(line(&rows[2]), "2\t完善制度\t");
        assert_eq!(
            rows[2].cells[2].text, "基建处",
            "the merged cell's text is in every row it spans"
        );
    }

    #[test]
    fn lines_of_as_many_tab_separated_cells_are_a_table_of_the_text_as_it_stands() {
        let text = "附：重点任务分工表\r\n序号\t任务\t牵头单位\r\n1\t组织对接会\t成果转化处\r\n\
                    2\t开展检查\t监督处\r\n出席：王明\tx\r\n";
        let tables = tab_separated(text);

        assert_eq!(tables.len(), 1, "a line of another width ends the table");
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 3);
        let line = |r: &Row| {
            text.chars()
                .skip(r.span.0)
                .take(r.span.1 - r.span.0)
                .collect::<String>()
        };
        assert_eq!(line(&rows[1]), "1\t组织对接会\t成果转化处");
        assert_eq!(rows[2].cells[2].text, "监督处");
    }

    #[test]
    fn a_lone_line_with_a_tab_is_no_table() {
        assert!(tab_separated("会议时间\t3月12日\n会议决定：同意。\n").is_empty());
    }

    #[test]
    fn empty_tables_leave_no_trace() {
        let mut layout = Layout::new();
        layout.table(vec![vec![], vec![]]);
        assert_eq!(layout.finish(), (String::new(), vec![]));
    }
}
