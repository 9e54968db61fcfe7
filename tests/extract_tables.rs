//! Task-allocation tables (任务分工表) in real files: a .docx whose merged cells Word's
//! table model wrote (tests/fixtures/tables/make.py) and an HTML page, read end to end by
//! `extract_bytes`.

use chrono::NaiveDate;
use duban::extract::{extract_bytes, DocContext, Extraction, Item, Recurrence, TableRow};

#[track_caller]
fn extract(bytes: &[u8], name: &str) -> (String, Extraction) {
    let (decoded, ex) = extract_bytes(bytes, name, &DocContext::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (decoded.text, ex)
}

fn work_plan() -> (String, Extraction) {
    let bytes = std::fs::read("tests/fixtures/tables/work_plan.docx").expect("fixture");
    extract(&bytes, "work_plan.docx")
}

fn table_tasks(ex: &Extraction) -> Vec<&Item> {
    ex.items.iter().filter(|i| i.row.is_some()).collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The characters of `text` an item's span covers.
fn at(text: &str, item: &Item) -> String {
    text.chars()
        .skip(item.span[0])
        .take(item.span[1] - item.span[0])
        .collect()
}

#[test]
fn every_row_of_a_docx_task_table_is_one_task_and_nothing_else_is() {
    // Act
    let (_, ex) = work_plan();

    // Assert
    let tasks = table_tasks(&ex);
    let texts: Vec<&str> = tasks.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "修订2024版人才培养方案",
            "建设10门在线开放课程",
            "开展课堂教学质量评价",
            "引进博士等高层次人才10名",
            "开展教师信息化教学能力培训 每年不少于两期",
        ]
    );
    let rows: Vec<TableRow> = tasks.iter().filter_map(|i| i.row).collect();
    let at_row = |row| TableRow { table: 1, row };
    assert_eq!(
        rows,
        [at_row(3), at_row(4), at_row(5), at_row(8), at_row(9)]
    );
    // No row gives a second item through the text rules.
    for item in ex.items.iter().filter(|i| i.row.is_none()) {
        assert!(
            !texts.iter().any(|t| item.text.contains(t)),
            "{item:?} repeats a table row"
        );
    }
    assert!(tasks
        .iter()
        .all(|i| i.basis.to_string() == "table" && i.trackable));
}

#[test]
fn a_lead_unit_merged_down_three_rows_leads_each_of_them() {
    let (_, ex) = work_plan();
    let owners: Vec<Vec<String>> = table_tasks(&ex).iter().map(|i| i.owners.clone()).collect();
    assert_eq!(
        owners,
        [
            vec!["教务处"],
            vec!["教务处"],
            vec!["教务处"],
            vec!["人事处"],
            vec!["人事处", "教师发展中心"],
        ]
    );
}

#[test]
fn co_owners_deadlines_and_leaders_come_from_their_columns() {
    let (_, ex) = work_plan();
    let tasks = table_tasks(&ex);
    assert_eq!(tasks[1].co_owners, ["现代教育技术中心", "各二级学院"]);
    let dues: Vec<_> = tasks.iter().map(|i| (i.due, i.recurrence)).collect();
    assert_eq!(
        dues,
        [
            (date(2024, 6, 30), None),
            (date(2024, 12, 31), None),
            (None, Some(Recurrence::Quarterly)),
            (None, None),
            (date(2024, 10, 31), None),
        ]
    );
    assert_eq!(tasks[4].leader.as_deref(), Some("王强"));
}

#[test]
fn a_category_row_merged_across_the_table_heads_the_tasks_under_it() {
    let (_, ex) = work_plan();
    let categories: Vec<Option<&str>> = table_tasks(&ex)
        .iter()
        .map(|i| i.category.as_deref())
        .collect();
    assert_eq!(
        categories,
        [
            Some("一、深化教育教学改革"),
            Some("一、深化教育教学改革"),
            Some("一、深化教育教学改革"),
            Some("二、加强师资队伍建设"),
            Some("二、加强师资队伍建设"),
        ]
    );
}

#[test]
fn a_table_task_points_at_its_task_cell_in_the_decoded_text() {
    let (text, ex) = work_plan();
    for task in table_tasks(&ex) {
        assert_eq!(at(&text, task), task.text);
    }
    assert!(text.contains("\n1\t修订2024版人才培养方案\t教务处\t各二级学院\t2024年6月底前\t李明\n"));
}

#[test]
fn a_statistics_table_gives_nothing() {
    let (text, ex) = work_plan();
    assert!(text.contains("单位\t人数\t占比\n教务处\t12\t10%"), "{text}");
    assert!(
        ex.items.iter().all(|i| !i.text.contains("人数")
            && !i.text.contains("12\t10%")
            && i.row.is_none_or(|r| r.table == 1)),
        "{:#?}",
        ex.items
    );
}

#[test]
fn an_html_task_table_with_rowspan_and_colspan_gives_a_task_per_row() {
    // Arrange
    let page = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于印发重点任务分工的通知</title></head>
<body><div class="content">
<p>各部门：现将重点任务分工印发给你们，请认真抓好落实。</p>
<table border="1">
<tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>配合单位</th><th>时间节点</th></tr>
<tr><td colspan="5">一、安全稳定</td></tr>
<tr><td>1</td><td>开展消防安全检查</td><td rowspan="2">保卫处</td><td>后勤处</td><td>2025年5月底前</td></tr>
<tr><td>2</td><td>组织应急疏散演练</td><td>学生处、各学院</td><td>每学期</td></tr>
</table>
<p>某某学院办公室</p>
</div></body></html>"#;

    // Act
    let (text, ex) = extract(page.as_bytes(), "notice.html");

    // Assert
    let tasks = table_tasks(&ex);
    let got: Vec<(&str, &[String], &[String])> = tasks
        .iter()
        .map(|i| (i.text.as_str(), &i.owners[..], &i.co_owners[..]))
        .collect();
    assert_eq!(
        got,
        [
            (
                "开展消防安全检查",
                &["保卫处".to_string()][..],
                &["后勤处".to_string()][..]
            ),
            (
                "组织应急疏散演练",
                &["保卫处".to_string()][..],
                &["学生处".to_string(), "各学院".to_string()][..]
            ),
        ]
    );
    assert_eq!(tasks[0].due, date(2025, 5, 31));
    assert_eq!(tasks[1].category.as_deref(), Some("一、安全稳定"));
    assert_eq!(at(&text, tasks[1]), "组织应急疏散演练");
}

#[test]
fn a_table_task_stands_in_the_section_the_table_stands_in() {
    // Arrange
    let page = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于印发教育工作要点的通知</title></head>
<body><div class="content">
<p>各学校：现将2025年教育工作要点印发给你们，请认真贯彻落实。</p>
<p>一、指导思想</p><p>坚持立德树人根本任务，办好人民满意的教育。</p>
<p>二、重点任务</p><p>具体任务分工见下表。</p>
<table><tr><td>工作内容</td><td>责任股室</td><td>时间安排</td></tr>
<tr><td>完成校舍安全排查</td><td>安全股</td><td>2025年5月20日前</td></tr></table>
<p>三、工作要求</p><p>各学校要高度重视，于6月底前报送工作总结。</p>
</div></body></html>"#;

    // Act
    let (_, ex) = extract(page.as_bytes(), "plan.html");

    // Assert
    let tasks = table_tasks(&ex);
    assert_eq!(tasks.len(), 1, "{:#?}", ex.items);
    assert_eq!(tasks[0].section, Some(2));
    assert_eq!(tasks[0].owners, ["安全股"]);
}

/// A .docx (deflated, as Word writes it) whose body is `body` (WordprocessingML).
fn docx_of(body: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_long_cell_merged_down_twenty_thousand_rows_is_not_copied_into_each() {
    // Arrange: a task table whose lead-unit cell holds 3,000 characters and is merged
    // down 20,000 rows (a few bytes of compressed XML each).
    let cell = |text: &str, merge: &str| {
        format!("<w:tc><w:tcPr>{merge}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    };
    let mut body = String::from("<w:p><w:r><w:t>任务分工</w:t></w:r></w:p><w:tbl>");
    body += &format!(
        "<w:tr>{}{}</w:tr>",
        cell("重点任务", ""),
        cell("牵头单位", "")
    );
    let long = "教务处".repeat(1000);
    body += &format!(
        "<w:tr>{}{}</w:tr>",
        cell("修订方案", ""),
        cell(&long, r#"<w:vMerge w:val="restart"/>"#)
    );
    let row = format!(
        "<w:tr>{}{}</w:tr>",
        cell("任务", ""),
        cell("", "<w:vMerge/>")
    );
    body += &row.repeat(20_000);
    body += "</w:tbl>";

    // Act
    let (decoded, _) =
        extract_bytes(&docx_of(&body), "hostile.docx", &DocContext::default()).expect("decodes");

    // Assert: the copies stop at the text limit instead of running to 180 MB.
    let copied: usize = decoded.tables[0]
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| c.text.len())
        .sum();
    assert!(copied <= 5 * 1024 * 1024, "{copied} bytes of cells");
    assert_eq!(decoded.tables[0].rows.len(), 20_002);
}
