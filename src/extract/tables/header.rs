//! The header of a task table: which column holds the task, the lead and helping units,
//! the deadline, the leader and the category, read from what the header cells say.

use super::super::decode::table::{Merged, Row, Table};

/// What a column of a task table holds, read from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
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
const BODY_ENDINGS: &[&str] = &[
    "单位", "部门", "处室", "科室", "股室", "站所", "主体", "人", "方", "机构", "处", "科", "股",
    "室",
];
/// Words of a helping-unit header (配合单位, 协办单位, 参与单位).
const CO_WORDS: &[&str] = &["配合", "协办", "参与", "协助", "协同", "协作", "会同"];
/// Words of a deadline header (完成时限, 时间节点, 完成时间, 完成期限, 进度安排).
const DUE_WORDS: &[&str] = &["时限", "时间", "期限", "节点", "进度", "日期"];
/// Category headers (类别, 领域) and their endings (工作类别, 存在问题).
const CATEGORY_ENDINGS: &[&str] = &["类别", "分类", "领域", "板块", "类型", "问题"];

/// The role a header cell gives its column. Spaces are ignored (任  务), and so is a
/// note in brackets after the name (责任单位（排第一的为牵头单位）).
pub(super) fn role(header: &str) -> Role {
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
pub(super) struct Columns {
    /// The task column: the rightmost one a header calls a task (具体措施 under 重点任务).
    pub(super) task: usize,
    /// Broader task and category columns, left to right.
    pub(super) context: Vec<usize>,
    pub(super) number: Option<usize>,
    pub(super) lead: Vec<usize>,
    pub(super) co: Vec<usize>,
    pub(super) due: Vec<usize>,
    pub(super) leader: Vec<usize>,
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
pub(super) fn header(table: &Table) -> Option<(Columns, usize)> {
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
