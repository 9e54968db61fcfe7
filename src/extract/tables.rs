//! Task-allocation tables (任务分工表): a work plan's tasks as rows of a table whose header
//! names the task and who answers for it.
//!
//! A table is one when a header row (among its first few rows) names a task column (任务,
//! 重点任务, 具体措施, 工作内容, …) and a lead-unit (牵头单位, 责任单位, …) or deadline
//! (完成时限, 时间节点, …) column, in any order. Every row under the header whose task cell
//! has text is one task: its owners, helpers, deadline and leader come from their columns,
//! as written. A row with one text only (a merged 一、深化教育教学改革) names the part of
//! the table the rows under it belong to. Statistics, name lists and sign-in sheets have no
//! such header and give nothing.
//!
//! Pure: the decoder has laid the table out ([`Table`]), merged cells spread over every row
//! and column they cover, so a lead unit merged over three rows is each row's lead unit.

mod header;

use std::borrow::Cow;

use super::decode::table::{Cell, DownMerges, Merged, Row, Table};
use super::due::{due_of, period_of, DueBase};
use super::model::{Basis, Item, ItemKind, ReportDuty, TableRow};
use super::normalize::Norm;
use header::{header, Columns};

/// Which of `tables` are task tables: those with a task header.
#[must_use]
pub fn task_tables(tables: &[Table]) -> Vec<usize> {
    (0..tables.len())
        .filter(|&t| header(&tables[t]).is_some())
        .collect()
}

/// A category row of a task table (一、提升政务服务效能 across the table): a section of the
/// document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub title: String,
    /// The row's line in the decoded text, `[start, end)` in characters.
    pub span: [usize; 2],
}

/// What the task tables `which` hold: their tasks, in table and row order, each with the
/// index in `categories` of the category row it stands under, if any.
#[derive(Debug, Default)]
pub struct Read {
    pub tasks: Vec<Item>,
    pub under: Vec<Option<usize>>,
    pub categories: Vec<Category>,
}

/// Reads the task tables `which` (from [`task_tables`]); `base` dates deadlines written
/// without a year.
#[must_use]
pub fn read(tables: &[Table], which: &[usize], base: DueBase) -> Read {
    let mut out: Vec<Item> = Vec::new();
    let mut under: Vec<Option<usize>> = Vec::new();
    let mut categories: Vec<Category> = Vec::new();
    for &t in which {
        let Some(table) = tables.get(t) else {
            continue;
        };
        let Some((cols, first)) = header(table) else {
            continue;
        };
        let from = out.len();
        let header_rows: Vec<Vec<String>> = table.rows[..first].iter().map(keys).collect();
        let mut category: Option<String> = None;
        let mut category_at: Option<usize> = None;
        // The last task row, as filled down, where merges down rows are not told.
        let mut above: Option<Row> = None;
        for (r, row) in table.rows.iter().enumerate().skip(first) {
            if header_rows.contains(&keys(row)) {
                continue; // the header again, at the top of a page
            }
            if let Some(c) = category_row(row, &cols) {
                categories.push(Category {
                    title: c.clone(),
                    span: [row.span.0, row.span.1],
                });
                category = Some(c);
                category_at = Some(categories.len() - 1);
                above = None;
                continue;
            }
            let row = match &above {
                Some(above) => Cow::Owned(filled_down(row, above, &cols)),
                None => Cow::Borrowed(row),
            };
            let row = row.as_ref();
            let task = &row.cells.get(cols.task).map_or("", |c| c.text.trim());
            if task.is_empty() {
                continue;
            }
            let place = TableRow {
                table: t + 1,
                row: r + 1,
            };
            if table.down_merges == DownMerges::EmptyBelow {
                above = Some(row.clone());
            }
            let item = task_of(row, &cols, place, category.as_deref(), base);
            // A task cell merged over several rows is one task shared out among the rows'
            // units: they join the task the merge started with.
            let continues = row.cells[cols.task].merged == Merged::FromAbove;
            match out[from..].last_mut() {
                Some(prev) if continues && prev.text == item.text => join(prev, item),
                _ => {
                    out.push(item);
                    under.push(category_at);
                }
            }
        }
    }
    Read {
        tasks: out,
        under,
        categories,
    }
}

/// `row` of a table whose reader does not tell cells merged down rows
/// ([`DownMerges::EmptyBelow`]), its empty lead-unit, deadline and leader cells taken from
/// the task row `above` (within one category), as merged. A task table names who leads
/// each task and by when, so an empty cell there is a block merged down (one unit leading
/// a run of tasks, one deadline for them, one leader for a part); co-units are left as
/// they are, an empty 配合单位 being common.
fn filled_down(row: &Row, above: &Row, cols: &Columns) -> Row {
    let mut row = row.clone();
    for &c in cols.lead.iter().chain(&cols.due).chain(&cols.leader) {
        let (Some(cell), Some(from)) = (row.cells.get_mut(c), above.cells.get(c)) else {
            continue;
        };
        if cell.text.trim().is_empty() && !from.text.trim().is_empty() {
            *cell = Cell::merged(from.text.clone(), Merged::FromAbove);
        }
    }
    row
}

/// A row's cell texts without white space, to know a header repeated on a later page.
fn keys(row: &Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| c.text.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

/// The text of a category row: a row with one text only, either merged across the row
/// (一、深化教育教学改革 over every column), standing left of an empty task cell, or a
/// numbered heading alone in the task column.
fn category_row(row: &Row, cols: &Columns) -> Option<String> {
    let mut texts = row
        .cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty());
    let first = texts.next()?;
    if texts.clone().any(|t| t != first) {
        return None;
    }
    let spread = texts.count() >= 1;
    let at = row.cells.iter().position(|c| c.text.trim() == first)?;
    let task = row.cells.get(cols.task);
    let task_empty = task.is_none_or(|c| c.text.trim().is_empty());
    let task_own = task.is_some_and(|c| c.merged == Merged::No);
    let category = (spread && task.is_none_or(|c| c.merged != Merged::FromAbove))
        || (task_empty && (at < cols.task || Some(at) == cols.number))
        || (task_own && starts_with_numbered_heading(first));
    category.then(|| first.to_string())
}

/// 一、 / （一） / (一) / 第一部分 at the start: a heading rather than a task.
fn starts_with_numbered_heading(s: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let s = s.trim_start_matches(['(', '（']);
    let n = s.chars().take_while(|c| NUMERALS.contains(*c)).count();
    n > 0
        && s.chars()
            .nth(n)
            .is_some_and(|c| matches!(c, '、' | ')' | '）' | '.' | '．'))
        || s.starts_with('第') && s.chars().nth(1).is_some_and(|c| NUMERALS.contains(c))
}

/// One task from a row.
fn task_of(
    row: &Row,
    cols: &Columns,
    place: TableRow,
    category: Option<&str>,
    base: DueBase,
) -> Item {
    let text = row
        .cells
        .get(cols.task)
        .map_or("", |c| c.text.trim())
        .to_string();
    // A cell merged from the left belongs to the column the merge starts in: a task written
    // across the lead-unit column names no lead unit.
    let cell = |c: usize| {
        row.cells
            .get(c)
            .filter(|c| c.merged != Merged::FromLeft)
            .map_or("", |c| c.text.trim())
    };
    let names = |cs: &[usize]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in cs.iter().flat_map(|&c| names(cell(c))) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    };
    // The deadline column, or, in a table without one, what the task's wording says.
    let due_text = if cols.due.is_empty() {
        text.clone()
    } else {
        cols.due
            .iter()
            .map(|&c| cell(c))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let due_chars = Norm::new(&due_text).chars;
    let (mut due, mut duty) = due_of(&due_chars, base);
    if due.is_none() && !cols.due.is_empty() {
        // In a deadline column a date alone (2026年4月30日, 6月底) is the deadline: the 前 a
        // sentence needs to make a date a deadline is the column's heading.
        let implied: Vec<char> = due_chars.iter().copied().chain(['前']).collect();
        due = due_of(&implied, base).0;
    }
    if duty.is_none() && !cols.due.is_empty() {
        duty = period_of(&due_chars).map(ReportDuty::at_period_end);
    }
    let leaders = names(&cols.leader);
    let context = cols
        .context
        .iter()
        .map(|&c| cell(c))
        .rfind(|t| !t.is_empty())
        .map(str::to_string);
    let span = cell_span(row, cols.task).unwrap_or(row.span);
    Item {
        kind: ItemKind::Task,
        verdict: None,
        title: title_of(&text),
        section: None,
        list: None,
        ordinal: None,
        owners: names(&cols.lead),
        co_owners: names(&cols.co),
        due,
        recurrence: duty.map(ReportDuty::cycle),
        report_day: duty.and_then(ReportDuty::day),
        span: [span.0, span.1],
        basis: Basis::default(),
        trackable: false,
        row: Some(place),
        category: context.or_else(|| category.map(str::to_string)),
        leader: (!leaders.is_empty()).then(|| leaders.join("、")),
        text,
    }
}

/// The task's short name: its opening phrase, as other tasks' titles are.
fn title_of(text: &str) -> String {
    let norm = Norm::new(text);
    let (s, e) = super::opening_phrase(&norm.chars);
    let title = super::original_title(&norm, text, s, e);
    // A cell that is all opening words (要，) is its own title.
    if title.is_empty() {
        super::clip(text)
    } else {
        title
    }
}

/// What a further row of a task merged over several rows adds: its units and deadline.
fn join(prev: &mut Item, more: Item) {
    for o in more.owners {
        if !prev.owners.contains(&o) {
            prev.owners.push(o);
        }
    }
    for o in more.co_owners {
        if !prev.co_owners.contains(&o) {
            prev.co_owners.push(o);
        }
    }
    if prev.due.is_none() && prev.recurrence.is_none() {
        prev.due = more.due;
        prev.recurrence = more.recurrence;
        prev.report_day = more.report_day;
    }
}

/// The names a cell lists, as written: split at 、，,；; / and white space, but not inside
/// brackets (各县（市、区）教育局 is one name).
fn names(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in cell.chars() {
        match c {
            '(' | '（' | '【' | '[' | '〔' => depth += 1,
            ')' | '）' | '】' | ']' | '〕' => depth -= 1,
            _ => {}
        }
        let separator =
            matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '／') || c.is_whitespace();
        if separator && depth <= 0 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The characters of a cell in the decoded text: its row's line shows the cells' texts
/// separated by tabs, a cell covered by a merged one showing nothing. A cell covered from
/// the left is the merged cell it belongs to; one covered from above is not on this line.
fn cell_span(row: &Row, col: usize) -> Option<(usize, usize)> {
    let mut col = col;
    while col > 0 && row.cells.get(col)?.merged == Merged::FromLeft {
        col -= 1;
    }
    let cell = row.cells.get(col)?;
    if cell.merged != Merged::No {
        return None;
    }
    let shown = |c: &super::decode::table::Cell| {
        if c.merged == Merged::No {
            c.text.chars().count()
        } else {
            0
        }
    };
    let start = row.span.0 + row.cells[..col].iter().map(|c| shown(c) + 1).sum::<usize>();
    Some((start, start + shown(cell)))
}

#[cfg(test)]
mod tests;
