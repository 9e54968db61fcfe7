//! Task tables as a work plan writes them. Rows are written as cells separated by `|`;
//! `^` is a cell covered by the cell above (a vertical merge), `<` one covered by the
//! cell to its left (a horizontal merge).

use chrono::NaiveDate;

use super::header::{role, Role};
use super::*;
use crate::extract::decode::table::{Cell, Layout};
use crate::extract::Recurrence;

/// A table laid out as a decoder lays it out, merged cells repeating their cell's text.
fn table(rows: &[&str]) -> Table {
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    for row in rows {
        let mut cells: Vec<Cell> = Vec::new();
        for (c, raw) in row.split('|').enumerate() {
            let cell = match raw.trim() {
                "^" => Cell::merged(grid.last().unwrap()[c].text.clone(), Merged::FromAbove),
                "<" => Cell::merged(cells[c - 1].text.clone(), Merged::FromLeft),
                text => Cell::new(text.replace("\\n", "\n")),
            };
            cells.push(cell);
        }
        grid.push(cells);
    }
    let mut layout = Layout::new();
    layout.paragraph("附件：重点任务分工表");
    layout.table(grid);
    layout.finish().1.remove(0)
}

fn base() -> DueBase {
    DueBase {
        year: Some(2024),
        anchor: NaiveDate::from_ymd_opt(2024, 3, 1),
    }
}

#[track_caller]
fn tasks_of(rows: &[&str]) -> Vec<Item> {
    let tables = [table(rows)];
    let which = task_tables(&tables);
    read(&tables, &which, base()).tasks
}

fn texts(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.text.as_str()).collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn each_row_under_the_header_is_a_task_with_its_owner_and_place() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|完成时限",
        "1|推进新校区建设|基建处|2024年6月底前",
        "2|修订教学管理制度|教务处|2024年9月底前",
    ]);
    assert_eq!(texts(&found), ["推进新校区建设", "修订教学管理制度"]);
    assert_eq!(found[1].owners, ["教务处"]);
    assert_eq!(found[1].row, Some(TableRow { table: 1, row: 3 }));
    assert_eq!(found[1].kind, ItemKind::Task);
}

#[test]
fn columns_may_stand_in_any_order() {
    let found = tasks_of(&[
        "完成时限|牵头单位|工作任务|序号",
        "2024年6月底前|基建处|推进新校区建设|1",
    ]);
    assert_eq!(texts(&found), ["推进新校区建设"]);
    assert_eq!(found[0].owners, ["基建处"]);
    assert_eq!(found[0].due, date(2024, 6, 30));
}

#[test]
fn headers_are_known_by_their_synonyms_with_spaces_ignored() {
    for header in [
        "序号|任  务|责任单位|时间节点",
        "序号|具体措施|主责单位|完成时间",
        "序号|工作内容|责任部门|时限要求",
        "序号|主要任务|牵头部门|完成期限",
        "序号|整改措施|责任单位（排第一的为牵头单位）|整改时限",
    ] {
        let found = tasks_of(&[header, "1|建立工作台账|办公室|2024年5月底前"]);
        assert_eq!(texts(&found), ["建立工作台账"], "header {header}");
        assert_eq!(found[0].owners, ["办公室"], "header {header}");
        assert_eq!(found[0].due, date(2024, 5, 31), "header {header}");
    }
}

#[test]
fn a_header_needs_a_task_column_and_a_lead_or_deadline_column() {
    assert!(tasks_of(&["序号|工作任务|备注", "1|建立工作台账|无"]).is_empty());
    let by_deadline_only = tasks_of(&["序号|工作任务|完成时限", "1|建立工作台账|5月底前"]);
    assert_eq!(by_deadline_only[0].due, date(2024, 5, 31));
}

#[test]
fn a_header_under_a_title_row_is_found() {
    let found = tasks_of(&[
        "2024年重点工作任务分工表|<|<",
        "重点任务|牵头单位|完成时限",
        "推进新校区建设|基建处|2024年6月底前",
    ]);
    assert_eq!(texts(&found), ["推进新校区建设"]);
    assert_eq!(found[0].row.map(|r| r.row), Some(3));
}

#[test]
fn the_header_repeated_on_a_later_page_is_skipped() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|完成时限",
        "1|推进新校区建设|基建处|2024年6月底前",
        "序号|重点任务|牵头单位|完成时限",
        "2|修订教学管理制度|教务处|2024年9月底前",
    ]);
    assert_eq!(texts(&found), ["推进新校区建设", "修订教学管理制度"]);
    assert_eq!(found[1].row.map(|r| r.row), Some(4));
}

#[test]
fn a_lead_unit_merged_over_three_rows_leads_all_three() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|完成时限",
        "1|修订学籍管理办法|教务处|6月底前",
        "2|修订考试管理办法|^|7月底前",
        "3|修订课程管理办法|^|8月底前",
        "4|完善资助制度|学生处|9月底前",
    ]);
    let owners: Vec<&[String]> = found.iter().map(|i| i.owners.as_slice()).collect();
    assert_eq!(
        owners,
        [
            &["教务处".to_string()][..],
            &["教务处".into()],
            &["教务处".into()],
            &["学生处".into()]
        ]
    );
}

#[test]
fn a_category_row_merged_across_the_table_is_a_category_not_a_task() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|完成时限",
        "一、深化教育教学改革|<|<|<",
        "1|修订人才培养方案|教务处|6月底前",
        "2|建设在线课程|教务处|12月底前",
        "二、加强队伍建设|<|<|<",
        "3|引进高层次人才|人事处|12月底前",
    ]);
    assert_eq!(
        texts(&found),
        ["修订人才培养方案", "建设在线课程", "引进高层次人才"]
    );
    let categories: Vec<Option<&str>> = found.iter().map(|i| i.category.as_deref()).collect();
    assert_eq!(
        categories,
        [
            Some("一、深化教育教学改革"),
            Some("一、深化教育教学改革"),
            Some("二、加强队伍建设")
        ]
    );
}

#[test]
fn a_row_with_text_only_in_the_first_column_is_a_category() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位",
        "（一）安全稳定||",
        "1|开展消防演练|保卫处",
    ]);
    assert_eq!(texts(&found), ["开展消防演练"]);
    assert_eq!(found[0].category.as_deref(), Some("（一）安全稳定"));
}

#[test]
fn a_broader_task_column_is_the_category_of_the_measures_beside_it() {
    let found = tasks_of(&[
        "序号|重点任务|具体措施|责任单位",
        "1|深化改革|修订人才培养方案|教务处",
        "2|^|建设在线课程|现代教育技术中心",
    ]);
    assert_eq!(texts(&found), ["修订人才培养方案", "建设在线课程"]);
    assert_eq!(found[1].category.as_deref(), Some("深化改革"));
}

#[test]
fn a_row_with_an_empty_task_cell_gives_nothing() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位",
        "1||教务处",
        "2|建设在线课程|教务处",
    ]);
    assert_eq!(texts(&found), ["建设在线课程"]);
}

#[test]
fn a_cell_of_several_lines_is_one_cell() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|完成时限",
        "1|推进新校区建设，\\n确保年底前主体完工|基建处\\n后勤处|2024年12月底前",
    ]);
    assert_eq!(texts(&found), ["推进新校区建设， 确保年底前主体完工"]);
    assert_eq!(found[0].owners, ["基建处", "后勤处"]);
    assert_eq!(found[0].title, "推进新校区建设");
}

#[test]
fn a_statistics_table_gives_nothing() {
    assert!(tasks_of(&["单位|人数|占比", "教务处|12|10%", "学生处|8|7%"]).is_empty());
    assert!(tasks_of(&["姓名|单位|签到", "张三|教务处|"]).is_empty());
}

#[test]
fn owners_and_co_owners_are_split_and_kept_as_written() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|配合单位|责任领导",
        "1|开展校园安全排查|保卫处、后勤处|各县（市、区）教育局；团委 学生处/宣传部|王明",
    ]);
    assert_eq!(found[0].owners, ["保卫处", "后勤处"]);
    assert_eq!(
        found[0].co_owners,
        ["各县（市、区）教育局", "团委", "学生处", "宣传部"]
    );
    assert_eq!(found[0].leader.as_deref(), Some("王明"));
}

#[test]
fn due_dates_and_recurrences_are_read_from_the_deadline_cell() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|完成时限",
        "1|修订章程|办公室|2024年6月底前",
        "2|落实意识形态责任制|宣传部|长期坚持",
        "3|报送工作进展|办公室|每季度",
        "4|完成年度考核|人事处|12月31日前",
    ]);
    let dues: Vec<_> = found.iter().map(|i| (i.due, i.recurrence)).collect();
    assert_eq!(
        dues,
        [
            (date(2024, 6, 30), None),
            (None, None),
            (None, Some(Recurrence::Quarterly)),
            (date(2024, 12, 31), None),
        ]
    );
}

#[test]
fn a_task_cell_points_at_its_characters_in_the_text() {
    let tables = [table(&[
        "序号|重点任务|牵头单位",
        "1|推进新校区建设|基建处",
        "推进合作办学|<|外事处",
    ])];
    let found = read(&tables, &[0], base()).tasks;
    let text = "附件：重点任务分工表\n序号\t重点任务\t牵头单位\n1\t推进新校区建设\t基建处\n推进合作办学\t\t外事处\n";
    let at = |i: &Item| {
        text.chars()
            .skip(i.span[0])
            .take(i.span[1] - i.span[0])
            .collect::<String>()
    };
    assert_eq!(at(&found[0]), "推进新校区建设");
    // A task written over the number column too: its cell starts the row.
    assert_eq!(at(&found[1]), "推进合作办学");
    assert_eq!(found[1].owners, ["外事处"]);
}

#[test]
fn a_second_header_row_splits_a_merged_column_into_lead_and_helping_units() {
    let found = tasks_of(&[
        "序号|重点任务|责任单位|<|完成时限",
        "^|^|牵头单位|配合单位|^",
        "1|开展校园安全排查|保卫处|后勤处|5月底前",
    ]);
    assert_eq!(texts(&found), ["开展校园安全排查"]);
    assert_eq!(found[0].owners, ["保卫处"]);
    assert_eq!(found[0].co_owners, ["后勤处"]);
}

#[test]
fn a_task_merged_down_two_rows_is_one_task_led_by_both_rows_units() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|完成时限",
        "1|推进智慧校园建设|信息中心|6月底前",
        "^|^|后勤处|^",
        "2|建设在线课程|教务处|12月底前",
    ]);
    assert_eq!(texts(&found), ["推进智慧校园建设", "建设在线课程"]);
    assert_eq!(found[0].owners, ["信息中心", "后勤处"]);
}

#[test]
fn a_header_cell_is_read_for_what_it_names() {
    let cases = [
        ("序号", Role::Number),
        ("重点任务", Role::Task),
        ("具体措施", Role::Task),
        ("整改措施", Role::Task),
        ("牵头单位", Role::Lead),
        ("责任单位（排第一的为牵头单位）", Role::Lead),
        ("责任人", Role::Lead),
        ("责任股室", Role::Lead),
        ("牵头处", Role::Lead),
        ("配合单位", Role::Co),
        ("协办单位", Role::Co),
        ("完成时限", Role::Due),
        ("时间节点", Role::Due),
        ("责任领导", Role::Leader),
        ("牵头领导", Role::Leader),
        ("类别", Role::Category),
        ("存在问题", Role::Category),
        ("工作目标", Role::Other),
        ("完成标准", Role::Other),
        ("备注", Role::Other),
        ("人数", Role::Other),
    ];
    for (header, want) in cases {
        assert_eq!(role(header), want, "{header}");
    }
}

#[test]
fn a_task_written_across_the_lead_unit_column_names_no_lead_unit() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|完成时限",
        "1|各部门开展安全自查|<|5月底前",
    ]);
    assert_eq!(texts(&found), ["各部门开展安全自查"]);
    assert!(found[0].owners.is_empty(), "{:?}", found[0].owners);
    assert_eq!(found[0].due, date(2024, 5, 31));
}

#[test]
fn a_date_alone_in_the_deadline_column_is_the_deadline() {
    let found = tasks_of(&[
        "序号|重点任务|牵头单位|完成时限",
        "1|修订人才培养方案|教务处|2024年4月30日",
        "2|完成实训基地建设|资产处|6月底",
        "3|开展课堂教学督导|督导室|长期坚持",
    ]);
    let dues: Vec<_> = found.iter().map(|i| i.due).collect();
    assert_eq!(dues, [date(2024, 4, 30), date(2024, 6, 30), None]);
}

#[test]
fn where_merges_down_are_not_told_an_empty_lead_deadline_or_leader_cell_is_the_one_above() {
    // As antiword reads a Word 97 table, or a table pasted as text: a lead unit, a deadline
    // and a leader merged down rows stand in their first row, the cells below empty.
    let mut table = table(&[
        "序号|重点任务|牵头单位|配合单位|完成时限|责任领导",
        "一、深化改革|<|<|<|<|<",
        "1|制定改革方案|发展改革委|财政局|3月底前|张明",
        "2|清理审批事项||||",
        "二、改善民生|<|<|<|<|<",
        "3|扩大就业|人社局||6月底前|",
    ]);
    table.down_merges = DownMerges::EmptyBelow;
    let tasks = read(&[table], &[0], base()).tasks;
    type Read<'a> = (
        &'a str,
        Vec<String>,
        Vec<String>,
        Option<String>,
        Option<&'a str>,
    );
    let read: Vec<Read> = tasks
        .iter()
        .map(|t| {
            (
                t.text.as_str(),
                t.owners.clone(),
                t.co_owners.clone(),
                t.due.map(|d| d.to_string()),
                t.leader.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "制定改革方案",
                vec!["发展改革委".into()],
                vec!["财政局".into()],
                Some("2024-03-31".into()),
                Some("张明")
            ),
            (
                "清理审批事项",
                vec!["发展改革委".into()],
                vec![],
                Some("2024-03-31".into()),
                Some("张明")
            ),
            // A category row ends the blocks above it.
            (
                "扩大就业",
                vec!["人社局".into()],
                vec![],
                Some("2024-06-30".into()),
                None
            ),
        ]
    );
}
