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

use super::decode::table::{Merged, Row, Table};
use super::due::{due_of, period_of, DueBase};
use super::model::{Basis, Item, ItemKind, TableRow};
use super::normalize::Norm;

/// What a column of a task table holds, read from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// 序号.
    Number,
    /// 任务, 具体措施: the task's wording.
    Task,
    /// 牵头单位, 责任单位: who leads.
    Lead,
    /// 配合单位, 协办单位: who helps.
    Co,
    /// 完成时限, 时间节点.
    Due,
    /// 责任领导, 分管领导.
    Leader,
    /// 类别, 领域, 存在问题: the broader heading a row's task belongs to.
    Category,
    Other,
}

/// Headers that name a task column outright (suffixes below cover most others).
const TASK_HEADERS: &[&str] = &[
    "任务",
    "措施",
    "内容",
    "事项",
    "举措",
    "工作",
    "要点",
    "任务名称",
    "工作安排",
    "目标任务",
    "任务及措施",
    "工作任务及措施",
];
/// Endings of a task header: 重点任务, 具体措施, 工作内容, 督办事项, 工作举措, 重点工作.
const TASK_ENDINGS: &[&str] = &["任务", "措施", "内容", "事项", "举措", "工作", "要点"];
/// Words of a lead-unit header (牵头单位, 责任部门, 主责单位, 承办单位, 实施主体, 责任人).
const LEAD_WORDS: &[&str] = &[
    "牵头", "责任", "主责", "负责", "承办", "主办", "实施", "落实", "主体",
];
/// Endings of a header that names bodies or people.
const BODY_ENDINGS: &[&str] = &["单位", "部门", "处室", "科室", "主体", "人", "方", "机构"];
/// Words of a helping-unit header (配合单位, 协办单位, 参与单位).
const CO_WORDS: &[&str] = &["配合", "协办", "参与", "协助", "协同", "协作", "会同"];
/// Words of a deadline header (完成时限, 时间节点, 完成时间, 完成期限, 进度安排).
const DUE_WORDS: &[&str] = &["时限", "时间", "期限", "节点", "进度", "日期"];
/// Category headers (类别, 领域) and their endings (工作类别, 存在问题).
const CATEGORY_ENDINGS: &[&str] = &["类别", "分类", "领域", "板块", "类型", "问题"];

/// The role a header cell gives its column. Spaces are ignored (任  务), and so is a
/// note in brackets after the name (责任单位（排第一的为牵头单位）).
fn role(header: &str) -> Role {
    let key: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    let stem = key
        .find(['(', '（'])
        .filter(|&p| p > 0)
        .map_or(key.as_str(), |p| &key[..p]);
    let has = |words: &[&str]| words.iter().any(|w| stem.contains(w));
    let ends = |words: &[&str]| words.iter().any(|w| stem.ends_with(w));
    if stem.is_empty() {
        Role::Other
    } else if matches!(stem, "序号" | "编号" | "序") {
        Role::Number
    } else if stem.ends_with("领导") {
        Role::Leader
    } else if has(CO_WORDS) && !has(&["牵头", "主责"]) {
        Role::Co
    } else if has(LEAD_WORDS) && (ends(BODY_ENDINGS) || LEAD_WORDS.contains(&stem)) {
        Role::Lead
    } else if has(DUE_WORDS) {
        Role::Due
    } else if TASK_HEADERS.contains(&stem)
        || (stem.chars().count() <= 8 && ends(TASK_ENDINGS) && !has(&["完成", "标准", "成效"]))
    {
        Role::Task
    } else if ends(CATEGORY_ENDINGS) {
        Role::Category
    } else {
        Role::Other
    }
}

/// The columns of a task table as its header names them.
#[derive(Debug)]
struct Columns {
    /// The task column: the rightmost one a header calls a task (具体措施 under 重点任务).
    task: usize,
    /// Broader task and category columns, left to right.
    context: Vec<usize>,
    number: Option<usize>,
    lead: Vec<usize>,
    co: Vec<usize>,
    due: Vec<usize>,
    leader: Vec<usize>,
}

impl Columns {
    /// Reads a header row; `None` unless it names a task column and a lead-unit or
    /// deadline column.
    fn of(roles: &[Role]) -> Option<Self> {
        let all = |r: Role| -> Vec<usize> {
            let mut cols: Vec<usize> = (0..roles.len()).filter(|&i| roles[i] == r).collect();
            cols.dedup();
            cols
        };
        let tasks = all(Role::Task);
        let task = *tasks.last()?;
        let (lead, due) = (all(Role::Lead), all(Role::Due));
        if lead.is_empty() && due.is_empty() {
            return None;
        }
        let mut context: Vec<usize> = tasks[..tasks.len() - 1].to_vec();
        context.extend(all(Role::Category).into_iter().filter(|&c| c < task));
        context.sort_unstable();
        Some(Self {
            task,
            context,
            number: all(Role::Number).first().copied(),
            lead,
            co: all(Role::Co),
            due,
            leader: all(Role::Leader),
        })
    }
}

/// How many rows at the top of a table may stand above its header (a title row, a
/// 填报单位 line).
const HEADER_SEARCH_ROWS: usize = 4;

/// The roles of a row's cells read as headers.
fn roles_of(row: &Row) -> Vec<Role> {
    row.cells.iter().map(|c| role(&c.text)).collect()
}

/// Whether a row reads as a header: every cell with text names a known column, and a task
/// column is among them with a lead-unit or deadline column.
fn is_header(row: &Row) -> bool {
    let roles = roles_of(row);
    let named =
        row.cells.iter().zip(&roles).all(|(c, &r)| {
            c.text.trim().is_empty() || r != Role::Other || c.text.chars().count() <= 6
        });
    named && Columns::of(&roles).is_some()
}

/// The header of a table: its columns and the index of the first row below it. A second
/// header row that splits a merged column (责任单位 over 牵头 | 配合) refines the first.
fn header(table: &Table) -> Option<(Columns, usize)> {
    let at = table
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(is_header)?;
    let mut roles = roles_of(&table.rows[at]);
    let mut next = at + 1;
    if let Some(row) = table.rows.get(next) {
        let sub = roles_of(row);
        let refines =
            row.cells.iter().zip(&sub).any(|(c, &r)| {
                c.merged == Merged::No && !c.text.trim().is_empty() && r != Role::Other
            }) && row.cells.iter().zip(&sub).all(|(c, &r)| {
                c.merged != Merged::No || c.text.trim().is_empty() || r != Role::Other
            });
        if refines {
            for (i, (c, &r)) in row.cells.iter().zip(&sub).enumerate() {
                if c.merged == Merged::No && r != Role::Other && i < roles.len() {
                    roles[i] = r;
                }
            }
            next += 1;
        }
    }
    Columns::of(&roles).map(|c| (c, next))
}

/// Which of `tables` are task tables: those with a task header.
#[must_use]
pub fn task_tables(tables: &[Table]) -> Vec<usize> {
    (0..tables.len())
        .filter(|&t| header(&tables[t]).is_some())
        .collect()
}

/// The tasks of the task tables `which` (from [`task_tables`]), in table and row order.
/// `base` dates deadlines written without a year.
#[must_use]
pub fn tasks(tables: &[Table], which: &[usize], base: DueBase) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
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
        for (r, row) in table.rows.iter().enumerate().skip(first) {
            if header_rows.contains(&keys(row)) {
                continue; // the header again, at the top of a page
            }
            if let Some(c) = category_row(row, &cols) {
                category = Some(c);
                continue;
            }
            let task = &row.cells.get(cols.task).map_or("", |c| c.text.trim());
            if task.is_empty() {
                continue;
            }
            let place = TableRow {
                table: t + 1,
                row: r + 1,
            };
            let item = task_of(row, &cols, place, category.as_deref(), base);
            // A task cell merged over several rows is one task shared out among the rows'
            // units: they join the task the merge started with.
            let continues = row.cells[cols.task].merged == Merged::FromAbove;
            match out[from..].last_mut() {
                Some(prev) if continues && prev.text == item.text => join(prev, item),
                _ => out.push(item),
            }
        }
    }
    out
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
    let cell = |c: usize| row.cells.get(c).map_or("", |c| c.text.trim());
    let text = cell(cols.task).to_string();
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
    let (due, mut recurrence) = due_of(&due_chars, base);
    if recurrence.is_none() && !cols.due.is_empty() {
        recurrence = period_of(&due_chars);
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
        recurrence,
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
    super::original_title(&norm, text, s, e)
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
