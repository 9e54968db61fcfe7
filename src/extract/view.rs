//! The text the text rules read in a document with tables.
//!
//! The rows of a task table are read by [`super::tables`]: the text rules see them as blank
//! (spaces), so that no row gives two items. Any other table is text for the text rules as
//! it was before rows were laid out one per line: each cell on a line of its own (its tab
//! becomes a line break), so that a label and its value (会议时间 | 11月6日) or the cells of a
//! list stay apart instead of running together once spaces are dropped. Every character
//! keeps its place, so spans into the view are spans into the decoded text.

use std::borrow::Cow;

use super::decode::table::Table;

/// The text rules' view of a text and the ranges where it differs from the text.
pub struct View<'t> {
    pub text: Cow<'t, str>,
    /// `[start, end)` character ranges (rows) changed, in text order.
    changed: Vec<(usize, usize)>,
}

impl<'t> View<'t> {
    /// The view of `text`, whose tables are `tables`, of which `task_tables` (indices) are
    /// read by rows.
    #[must_use]
    pub fn new(text: &'t str, tables: &[Table], task_tables: &[usize]) -> Self {
        // (start, end, blank): a task table's row is blanked, another table's row split.
        let mut rows: Vec<(usize, usize, bool)> = tables
            .iter()
            .enumerate()
            .flat_map(|(t, table)| {
                let blank = task_tables.contains(&t);
                table.rows.iter().map(move |r| (r.span.0, r.span.1, blank))
            })
            .collect();
        if rows.is_empty() {
            return Self {
                text: Cow::Borrowed(text),
                changed: Vec::new(),
            };
        }
        rows.sort_unstable();
        let mut k = 0;
        let mut prev = '\n';
        let out = text
            .chars()
            .enumerate()
            .map(|(i, c)| {
                while k < rows.len() && rows[k].1 <= i {
                    k += 1;
                }
                let out = match rows.get(k) {
                    Some(&(s, _, true)) if s <= i && c != '\n' => ' ',
                    Some(&(s, _, false)) if s <= i && splits_cell(prev, c) => '\n',
                    _ => c,
                };
                prev = c;
                out
            })
            .collect();
        Self {
            text: Cow::Owned(out),
            changed: rows.into_iter().map(|(s, e, _)| (s, e)).collect(),
        }
    }

    /// Whether `[s, e)` runs over a changed row: an item there must take its words from
    /// the text itself.
    #[must_use]
    pub fn changed_in(&self, [s, e]: [usize; 2]) -> bool {
        let k = self.changed.partition_point(|&(_, ce)| ce <= s);
        self.changed.get(k).is_some_and(|&(cs, _)| cs < e)
    }
}

/// Whether `c` (after `prev`) separates what a reader would read as lines in a cell of a
/// table that is text: the tab between cells, and the space a decoder joined a cell's
/// paragraphs with after a full sentence (…完成制度修订。 2.财务处要…). Other spaces (names
/// written 邵明杰 仇海鹰) stay.
fn splits_cell(prev: char, c: char) -> bool {
    c == '\t' || (c == ' ' && matches!(prev, '。' | '！' | '？' | '；' | '!' | '?' | ';'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::decode::table::{Cell, Layout};

    fn laid_out(rows: &[&[&str]]) -> (String, Vec<Table>) {
        let mut layout = Layout::new();
        layout.paragraph("前言");
        let mut grid = Vec::new();
        for row in rows {
            grid.push(row.iter().map(|&c| Cell::new(c)).collect());
        }
        layout.table(grid);
        layout.paragraph("结尾");
        layout.finish()
    }

    #[test]
    fn a_task_tables_rows_are_blank_and_other_tables_have_a_cell_per_line() {
        let (text, tables) = laid_out(&[&["会议时间", "11月6日"], &["地点", "806室"]]);
        let view = View::new(&text, &tables, &[]);
        assert_eq!(view.text, "前言\n会议时间\n11月6日\n地点\n806室\n结尾\n");
        let view = View::new(&text, &tables, &[0]);
        let blank = format!("前言\n{}\n{}\n结尾\n", " ".repeat(10), " ".repeat(7));
        assert_eq!(view.text, blank);
        assert_eq!(view.text.chars().count(), text.chars().count());
        assert!(view.changed_in([0, 4]));
        assert!(!view.changed_in([0, 2]));
        assert!(!view.changed_in([22, 24]));
        let (text, tables) =
            laid_out(&[&["议定事项", "会议研究了安全工作。 1.办公室要做好值班。"]]);
        let view = View::new(&text, &tables, &[]);
        assert_eq!(
            view.text,
            "前言\n议定事项\n会议研究了安全工作。\n1.办公室要做好值班。\n结尾\n"
        );
    }
}
