use super::*;
use crate::extract::decode::table::Merged;

/// A piece of `size` 5 at (x, y), as wide as its characters.
fn piece(x: f64, y: f64, text: &str) -> Piece {
    piece_sized(x, y, text, 5.0)
}

fn piece_sized(x: f64, y: f64, text: &str, size: f64) -> Piece {
    let width: f64 = text
        .chars()
        .map(|c| super::super::glyph_width(c, size))
        .sum();
    Piece {
        x0: x,
        x1: x + width,
        y,
        size,
        text: text.into(),
    }
}

fn text_of(pages: Vec<Vec<Piece>>) -> (String, Vec<crate::extract::decode::table::Table>) {
    let mut text = PageText::new();
    for pieces in pages {
        text.page(Content {
            pieces,
            rulings: Vec::new(),
        });
    }
    text.finish().finish()
}

/// Body text: 30 characters of 5 mm from x = 20 fill the line to 170.
const FULL: &str = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";

#[test]
fn pieces_are_read_by_line_top_to_bottom_and_left_to_right_whatever_their_order() {
    let (text, _) = text_of(vec![vec![
        piece(45.0, 30.0, "第二行"),
        piece(30.0, 20.1, "会议"),
        piece(40.0, 19.9, "纪要"),
        piece(20.0, 20.0, "党委"),
    ]]);
    assert_eq!(text, "党委会议纪要\n第二行\n");
}

#[test]
fn cjk_pieces_join_without_spaces_and_latin_words_keep_theirs() {
    let (text, _) = text_of(vec![vec![
        piece(20.0, 20.0, "时间："),
        piece(35.0, 20.0, "2026"),
        piece(45.0, 20.0, "年"),
        piece(70.0, 30.0, "Meeting"),
        piece(88.5, 30.0, "minutes"),
    ]]);
    assert_eq!(text, "时间：2026年\nMeeting minutes\n");
}

#[test]
fn a_large_gap_inside_a_lone_line_becomes_one_space() {
    let (text, _) = text_of(vec![vec![
        piece(20.0, 20.0, "党政办公室"),
        piece(120.0, 20.0, "2026年3月12日"),
    ]]);
    assert_eq!(text, "党政办公室 2026年3月12日\n");
}

#[test]
fn wrapped_lines_join_into_their_paragraph_and_indents_or_short_lines_end_it() {
    let (text, _) = text_of(vec![vec![
        piece(30.0, 20.0, &FULL[..28 * 3]),
        piece(20.0, 30.0, FULL),
        piece(20.0, 40.0, "完。"),
        piece(30.0, 50.0, "二、下一段"),
        piece(20.0, 60.0, "短行"),
        piece(20.0, 70.0, "另起"),
    ]]);
    assert_eq!(
        text,
        format!("{}{FULL}完。\n二、下一段\n短行\n另起\n", &FULL[..28 * 3])
    );
}

#[test]
fn a_line_overrunning_the_measure_does_not_make_the_full_lines_look_short() {
    // Body lines end at 170; the first overruns to 190 (digits widened by the reader).
    let (text, _) = text_of(vec![vec![
        piece(
            30.0,
            20.0,
            "２０２６年３月１２日上午，局党组书记主持召开会议会议会议会议会议",
        ),
        piece(20.0, 29.0, FULL),
        piece(20.0, 38.0, FULL),
        piece(20.0, 47.0, "完。"),
        piece(30.0, 56.0, FULL),
        piece(20.0, 65.0, "毕。"),
    ]]);
    let first = "２０２６年３月１２日上午，局党组书记主持召开会议会议会议会议会议";
    assert_eq!(text, format!("{first}{FULL}{FULL}完。\n{FULL}毕。\n"));
}

#[test]
fn a_wide_gap_between_lines_starts_a_paragraph() {
    let (text, _) = text_of(vec![vec![
        piece(20.0, 20.0, FULL),
        piece(20.0, 45.0, "下文"),
    ]]);
    assert_eq!(text, format!("{FULL}\n下文\n"));
}

#[test]
fn a_paragraph_goes_on_across_the_page_break_and_page_numbers_are_dropped() {
    let (text, _) = text_of(vec![
        vec![
            piece(30.0, 250.0, "会议要求"),
            piece(20.0, 260.0, FULL),
            piece(80.0, 285.0, "— 1 —"),
        ],
        vec![
            piece(100.0, 15.0, "-2-"),
            piece(20.0, 40.0, "抓好落实。"),
            piece(90.0, 285.0, "第 2 页 共 3 页"),
        ],
    ]);
    assert_eq!(text, format!("会议要求\n{FULL}抓好落实。\n"));
}

#[test]
fn a_number_inside_the_text_is_not_a_page_number() {
    let (text, _) = text_of(vec![vec![
        piece(20.0, 20.0, "一、"),
        piece(20.0, 45.0, "3"),
        piece(20.0, 70.0, "二、"),
    ]]);
    assert_eq!(text, "一、\n3\n二、\n");
}

/// A 任务分工表 set in 4 mm type: columns at 20, 35, 80 and 110; row 2's task wraps.
fn task_table(top: f64) -> Vec<Piece> {
    let row = |y: f64, cells: [&str; 4]| {
        [20.0, 35.0, 80.0, 110.0]
            .iter()
            .zip(cells)
            .filter(|(_, t)| !t.is_empty())
            .map(|(&x, t)| piece_sized(x, y, t, 4.0))
            .collect::<Vec<_>>()
    };
    let mut p = Vec::new();
    p.extend(row(top, ["序号", "任务", "牵头单位", "完成时限"]));
    p.extend(
        row(top + 8.0, ["一、教学改革", "", "", ""])
            .into_iter()
            .map(|mut c| {
                c.x0 = 60.0; // centred across the table
                c.x1 = 84.0;
                c
            }),
    );
    p.extend(row(
        top + 16.0,
        ["1", "修订人才培养方案", "教务处", "4月底前"],
    ));
    p.extend(row(
        top + 24.0,
        ["2", "建设一流课程并完", "教务处", "6月底前"],
    ));
    p.extend(row(top + 29.0, ["", "成验收", "", ""]));
    p
}

#[test]
fn lines_whose_segments_line_up_in_columns_are_a_table_one_row_per_line() {
    let mut page = vec![piece(30.0, 10.0, "任务分工如下：")];
    page.extend(task_table(20.0));
    page.push(piece(30.0, 70.0, "会后抓好落实。"));
    let (text, tables) = text_of(vec![page]);
    assert_eq!(
        text,
        "任务分工如下：\n序号\t任务\t牵头单位\t完成时限\n\t一、教学改革\t\t\n1\t修订人才培养方案\t教务处\t4月底前\n2\t建设一流课程并完成验收\t教务处\t6月底前\n会后抓好落实。\n"
    );
    let rows = &tables[0].rows;
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        cells[3],
        ["2", "建设一流课程并完成验收", "教务处", "6月底前"]
    );
    assert_eq!(
        cells[1],
        ["", "一、教学改革", "一、教学改革", ""],
        "a category row spans the columns it covers"
    );
    assert_eq!(rows[1].cells[2].merged, Merged::FromLeft);
}

#[test]
fn two_lines_whose_gaps_do_not_line_up_are_no_table() {
    // The second line's first part reaches over the first line's gap.
    let (text, tables) = text_of(vec![vec![
        piece(20.0, 20.0, "时间：3月8日"),
        piece(70.0, 20.0, "地点：会议室"),
        piece(20.0, 30.0, "主持人：张三同志等同志"),
        piece(100.0, 30.0, "记录：李四"),
    ]]);
    assert!(tables.is_empty());
    assert_eq!(
        text,
        "时间：3月8日 地点：会议室\n主持人：张三同志等同志 记录：李四\n"
    );
}

#[test]
fn a_page_without_text_adds_nothing() {
    let (text, tables) = text_of(vec![vec![], vec![piece(90.0, 285.0, "— 2 —")]]);
    assert_eq!((text.as_str(), tables.len()), ("", 0));
}

#[test]
fn a_table_that_opens_a_page_goes_on_with_the_one_that_closed_the_last_without_its_repeated_header()
{
    let mut first = vec![piece(30.0, 200.0, "任务分工如下：")];
    first.extend(task_table(210.0));
    let second_rows = [
        ["序号", "任务", "牵头单位", "完成时限"],
        ["3", "开展专项检查", "资产处", "每月"],
        ["4", "完善管理制度", "资产处", "5月底前"],
    ];
    let mut second: Vec<Piece> = Vec::new();
    for (r, cells) in second_rows.iter().enumerate() {
        for (x, t) in [20.0, 35.0, 80.0, 110.0].iter().zip(cells) {
            second.push(piece_sized(*x, 20.0 + 8.0 * r as f64, t, 4.0));
        }
    }
    second.push(piece(30.0, 60.0, "会后抓好落实。"));
    let (text, tables) = text_of(vec![first, second]);
    assert_eq!(tables.len(), 1, "{text}");
    let firsts: Vec<&str> = tables[0]
        .rows
        .iter()
        .map(|r| r.cells[0].text.as_str())
        .collect();
    assert_eq!(firsts, ["序号", "", "1", "2", "3", "4"]);
    assert!(
        text.ends_with("4\t完善管理制度\t资产处\t5月底前\n会后抓好落实。\n"),
        "{text}"
    );
}

#[test]
fn a_category_row_left_at_the_foot_of_a_page_stays_in_the_table_the_next_page_continues() {
    let mut first = vec![piece(30.0, 200.0, "任务分工如下：")];
    first.extend(task_table(210.0));
    // 二、科研管理 at the foot of the page, across the table; its rows on the next page.
    first.push(piece_sized(20.0, 247.0, "二、科研管理", 4.0));
    let mut second: Vec<Piece> = Vec::new();
    for (r, cells) in [
        ["序号", "任务", "牵头单位", "完成时限"],
        ["3", "开展专项检查", "科研处", "每月"],
    ]
    .iter()
    .enumerate()
    {
        for (x, t) in [20.0, 35.0, 80.0, 110.0].iter().zip(cells) {
            second.push(piece_sized(*x, 20.0 + 8.0 * r as f64, t, 4.0));
        }
    }
    let (text, tables) = text_of(vec![first, second]);
    assert_eq!(tables.len(), 1, "{text}");
    let firsts: Vec<&str> = tables[0]
        .rows
        .iter()
        .map(|r| r.cells[0].text.as_str())
        .collect();
    assert_eq!(firsts, ["序号", "", "1", "2", "二、科研管理", "3"]);
    assert_eq!(tables[0].rows[4].cells[1].merged, Merged::FromLeft);
}

#[test]
fn a_paragraph_in_body_type_after_a_table_at_the_foot_of_a_page_is_no_row() {
    let mut page = task_table(210.0);
    page.push(piece(20.0, 250.0, FULL));
    let (text, tables) = text_of(vec![page]);
    assert_eq!(tables[0].rows.len(), 4, "{text}");
    assert!(text.ends_with(&format!("\n{FULL}\n")), "{text}");
}

#[test]
fn a_forged_page_of_many_two_part_lines_is_read_without_quadratic_work() {
    // Every line has two parts that line up with no other line's: each could start a table,
    // none does. Looked at from every line to the page's end, this would not finish.
    let pieces: Vec<Piece> = (0..20_000)
        .flat_map(|i| {
            let y = f64::from(i) * 2.0;
            let x = f64::from(i % 50);
            [
                piece(x, y, "甲"),
                piece(x + 20.0 + f64::from(i % 7), y, "乙"),
            ]
        })
        .collect();
    let (text, _) = text_of(vec![pieces]);
    assert_eq!(text.matches('甲').count(), 20_000);
}

/// Rows of a table whose cells are centred vertically, 4 mm type: lines 5 mm apart inside
/// a cell, rows 8 mm apart; a row's one-line cells stand on its middle line.
fn centred_table() -> Vec<Piece> {
    let cell = |x: f64, y: f64, t: &str| piece_sized(x, y, t, 4.0);
    vec![
        cell(20.0, 20.0, "序号"),
        cell(35.0, 20.0, "任务"),
        cell(80.0, 20.0, "牵头单位"),
        // Row 1: a task over three lines, the rest on the middle one.
        cell(35.0, 28.0, "修订人才培养方"),
        cell(20.0, 33.0, "1"),
        cell(35.0, 33.0, "案并报校长办公"),
        cell(80.0, 33.0, "教务处"),
        cell(35.0, 38.0, "会审定"),
        // Row 2: one line.
        cell(20.0, 46.0, "2"),
        cell(35.0, 46.0, "建设一流课程"),
        cell(80.0, 46.0, "教务处"),
        // Row 3: the lead unit over two lines, the rest between them.
        cell(80.0, 54.0, "后勤保障"),
        cell(20.0, 56.5, "3"),
        cell(35.0, 56.5, "改造学生宿舍"),
        cell(80.0, 59.0, "处"),
    ]
}

#[test]
fn rows_whose_cells_are_centred_vertically_are_told_apart_by_the_wider_gaps_between_rows() {
    let (text, tables) = text_of(vec![centred_table()]);
    let cells: Vec<Vec<&str>> = tables[0]
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        cells,
        [
            vec!["序号", "任务", "牵头单位"],
            vec!["1", "修订人才培养方案并报校长办公会审定", "教务处"],
            vec!["2", "建设一流课程", "教务处"],
            vec!["3", "改造学生宿舍", "后勤保障处"],
        ],
        "{text}"
    );
}

#[test]
fn top_aligned_cells_with_wider_gaps_inside_them_keep_their_rows() {
    // A cell of two paragraphs (more space between them than between rows) in a table whose
    // cells are aligned to their top: the first-column rule holds.
    let cell = |x: f64, y: f64, t: &str| piece_sized(x, y, t, 4.0);
    let (text, tables) = text_of(vec![vec![
        cell(20.0, 20.0, "序号"),
        cell(35.0, 20.0, "任务"),
        cell(80.0, 20.0, "牵头单位"),
        cell(20.0, 26.0, "1"),
        cell(35.0, 26.0, "修订方案"),
        cell(80.0, 26.0, "教务处"),
        cell(35.0, 34.0, "报校长办公会"),
        cell(20.0, 40.0, "2"),
        cell(35.0, 40.0, "建设课程"),
        cell(80.0, 40.0, "教务处"),
    ]]);
    let firsts: Vec<(&str, &str)> = tables[0]
        .rows
        .iter()
        .map(|r| (r.cells[0].text.as_str(), r.cells[1].text.as_str()))
        .collect();
    assert_eq!(
        firsts,
        [
            ("序号", "任务"),
            ("1", "修订方案报校长办公会"),
            ("2", "建设课程")
        ],
        "{text}"
    );
}

#[test]
fn two_centred_rows_with_a_merged_cell_in_the_gap_between_them_part_at_the_widest_gap() {
    let cell = |x: f64, y: f64, t: &str| piece_sized(x, y, t, 4.0);
    // Rows 8 mm apart, lines of a cell 5 mm; 教务处 merged down rows 1 and 2, centred.
    let (text, tables) = text_of(vec![vec![
        cell(20.0, 20.0, "序号"),
        cell(35.0, 20.0, "任务"),
        cell(80.0, 20.0, "牵头单位"),
        cell(35.0, 28.0, "修订人才培养方"),
        cell(20.0, 30.5, "1"),
        cell(35.0, 33.0, "案"),
        cell(80.0, 37.5, "教务处"),
        cell(20.0, 41.0, "2"),
        cell(35.0, 41.0, "建设一流课程"),
        cell(20.0, 49.0, "3"),
        cell(35.0, 49.0, "改造宿舍"),
        cell(80.0, 49.0, "后勤处"),
    ]]);
    let cells: Vec<Vec<&str>> = tables[0]
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        cells,
        [
            vec!["序号", "任务", "牵头单位"],
            vec!["1", "修订人才培养方案", ""],
            vec!["2", "建设一流课程", "教务处"],
            vec!["3", "改造宿舍", "后勤处"],
        ],
        "{text}"
    );
}

fn cells(texts: &[&str]) -> Vec<Cell> {
    texts.iter().map(|t| Cell::new(*t)).collect()
}

fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<&str>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

#[test]
fn a_row_cut_by_the_page_break_is_joined_and_a_merged_block_goes_on_with_its_text() {
    // The last page ends inside row 7 (its lead unit merged down into the next page);
    // the next opens with the rest of row 7, then row 8 under the same merged unit.
    let mut held = vec![cells(&[
        "7",
        "组织开展教师",
        "基建处",
        "后勤管理处、",
        "2027年5月底",
    ])];
    let mut rows = vec![
        cells(&["", "队伍建设三年行动计划", "", "图书馆", "前"]),
        vec![
            Cell::new("8"),
            Cell::new("督促检查经费管理"),
            Cell::merged("", Merged::FromAbove),
            Cell::new("办公室"),
            Cell::new("2027年6月底前"),
        ],
    ];
    go_on(&mut held, &mut rows);
    assert_eq!(
        texts(&held),
        [[
            "7",
            "组织开展教师队伍建设三年行动计划",
            "基建处",
            "后勤管理处、图书馆",
            "2027年5月底前"
        ]]
    );
    assert_eq!(
        texts(&rows),
        [["8", "督促检查经费管理", "基建处", "办公室", "2027年6月底前"]]
    );
    assert_eq!(rows[0][2].merged, Merged::FromAbove);
}

#[test]
fn a_category_merged_down_the_first_column_goes_on_and_its_rows_are_their_own() {
    // A category merged down the first column, over the page break: the page's first
    // rows have no first cell of their own, yet are rows of their own.
    let mut held = vec![cells(&[
        "一、党建",
        "制定方案",
        "办公室",
        "组织部",
        "3月底前",
    ])];
    let mut rows = vec![
        cells(&["", "完善制度", "人事处", "", "4月底前"]),
        vec![
            Cell::merged("", Merged::FromAbove),
            Cell::new("开展培训"),
            Cell::new("组织部"),
            Cell::new("办公室"),
            Cell::new("5月底前"),
        ],
    ];
    go_on(&mut held, &mut rows);
    assert_eq!(held.len(), 1);
    assert_eq!(
        texts(&rows),
        [
            ["一、党建", "完善制度", "人事处", "", "4月底前"],
            ["一、党建", "开展培训", "组织部", "办公室", "5月底前"]
        ]
    );
}

#[test]
fn an_empty_cell_of_a_row_that_opens_a_page_stays_empty() {
    // An empty cell not merged down is no block (an empty 配合单位 is common).
    let mut held = vec![cells(&["1", "制定方案", "办公室", "组织部", "3月底前"])];
    let mut rows = vec![cells(&["2", "完善制度", "人事处", "", "4月底前"])];
    go_on(&mut held, &mut rows);
    assert_eq!(
        texts(&held),
        [["1", "制定方案", "办公室", "组织部", "3月底前"]]
    );
    assert_eq!(texts(&rows), [["2", "完善制度", "人事处", "", "4月底前"]]);
}
