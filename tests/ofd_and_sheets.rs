//! OFD and spreadsheet fixtures (`tests/fixtures/ofd`, `tests/fixtures/sheets`, each with
//! the script that wrote it) decoded as the importer decodes them.

use duban::extract::decode::table::{Merged, Table};
use duban::extract::decode::{decode, Decoded, SourceFormat};

fn fixture(path: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[track_caller]
fn decoded(path: &str) -> Decoded {
    decode(&fixture(path), path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn cells(table: &Table) -> Vec<Vec<&str>> {
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

/// The row of `table` whose first cell is `first`.
#[track_caller]
fn row<'t>(table: &'t Table, first: &str) -> &'t duban::extract::decode::table::Row {
    table
        .rows
        .iter()
        .find(|r| r.cells[0].text == first)
        .unwrap_or_else(|| panic!("no row {first:?} in {:#?}", cells(table)))
}

// ---- spreadsheets (tests/fixtures/sheets/make.py: openpyxl, then LibreOffice) -----------

const SHEET_FILES: [(&str, SourceFormat); 3] = [
    ("sheets/task_table.xlsx", SourceFormat::Xlsx),
    ("sheets/task_table.xls", SourceFormat::Xls),
    ("sheets/task_table.et", SourceFormat::Et),
];

#[test]
fn each_visible_sheet_is_its_name_then_its_table() {
    for (file, format) in SHEET_FILES {
        let d = decoded(file);
        assert_eq!((d.format, d.encoding), (format, "UTF-8"), "{file}");
        let lines: Vec<&str> = d.text.lines().collect();
        assert_eq!(lines[0], "任务分工", "{file}");
        assert_eq!(lines[1], "2026年重点工作任务分工表\t\t\t\t", "{file}");
        assert_eq!(
            lines[2], "序号\t重点任务\t牵头单位\t配合单位\t完成时限",
            "{file}"
        );
        assert!(lines.contains(&"完成情况统计"), "{file}");
        assert!(
            !d.text.contains("单位列表"),
            "{file}: the hidden sheet is left out"
        );
        assert_eq!(d.tables.len(), 2, "{file}");
        assert_eq!(
            d.tables[0].rows.len(),
            2 + 4 + 16,
            "{file}: title, header, categories, tasks"
        );
    }
}

#[test]
fn a_task_rows_cells_are_its_columns_with_dates_written_in_chinese() {
    for (file, _) in SHEET_FILES {
        let d = decoded(file);
        let tasks = &d.tables[0];
        assert_eq!(
            cells(tasks)[3],
            [
                "1",
                "修订2026级人才培养方案",
                "教务处",
                "各二级学院",
                "2026年4月30日"
            ],
            "{file}"
        );
        assert_eq!(row(tasks, "3").cells[4].text, "2026年9月底前", "{file}");
        // The row's span points at its line in the text.
        let r = row(tasks, "1");
        let line: String = d
            .text
            .chars()
            .skip(r.span.0)
            .take(r.span.1 - r.span.0)
            .collect();
        assert_eq!(
            line,
            "1\t修订2026级人才培养方案\t教务处\t各二级学院\t2026年4月30日"
        );
    }
}

#[test]
fn a_lead_unit_merged_down_three_rows_is_the_lead_of_each() {
    for (file, _) in SHEET_FILES {
        let d = decoded(file);
        let tasks = &d.tables[0];
        let leads: Vec<(&str, Merged)> = ["10", "11", "12"]
            .iter()
            .map(|n| {
                let c = &row(tasks, n).cells[2];
                (c.text.as_str(), c.merged)
            })
            .collect();
        assert_eq!(
            leads,
            [
                ("人事处", Merged::No),
                ("人事处", Merged::FromAbove),
                ("人事处", Merged::FromAbove)
            ],
            "{file}"
        );
        assert!(d
            .text
            .contains("\n11\t开展“双师型”教师认定\t\t教务处\t2026年11月30日\n"));
    }
}

#[test]
fn a_category_row_merged_across_fills_every_column_from_the_left() {
    for (file, _) in SHEET_FILES {
        let d = decoded(file);
        let category = row(&d.tables[0], "二、学生工作");
        assert!(
            category.cells.iter().all(|c| c.text == "二、学生工作"),
            "{file}"
        );
        assert!(category.cells[1..]
            .iter()
            .all(|c| c.merged == Merged::FromLeft));
        assert!(d.text.contains("\n二、学生工作\t\t\t\t\n"), "{file}");
    }
}

#[test]
fn a_cells_line_break_becomes_a_space_in_its_row() {
    for (file, _) in SHEET_FILES {
        let d = decoded(file);
        assert_eq!(
            row(&d.tables[0], "8").cells[1].text,
            "加强心理健康教育 （含新生心理普查）",
            "{file}"
        );
    }
}

#[test]
fn statistics_read_as_written_and_saved_formula_values_are_kept() {
    for (file, _) in SHEET_FILES {
        let d = decoded(file);
        let stats = &d.tables[1];
        assert_eq!(
            cells(stats)[0],
            ["单位", "任务数", "已完成", "完成率", "经费（万元）"]
        );
        assert_eq!(
            cells(stats)[1],
            ["教务处", "3", "2", "0.666666666666667", "120.5"]
        );
        assert_eq!(cells(stats)[3], ["人事处", "4", "4", "1", "210.25"]);
    }
    // LibreOffice saved the totals' values with their formulas; openpyxl saves formulas only
    // (Excel computes them on opening), so the .xlsx has none to show.
    let xls = decoded("sheets/task_table.xls");
    assert_eq!(cells(&xls.tables[1])[4], ["合计", "10", "7", "", "366.75"]);
    let xlsx = decoded("sheets/task_table.xlsx");
    assert_eq!(cells(&xlsx.tables[1])[4], ["合计", "", "", "", ""]);
}

#[test]
fn a_truncated_workbook_is_a_damaged_spreadsheet() {
    for (file, _) in SHEET_FILES {
        let bytes = fixture(file);
        let e = decode(&bytes[..bytes.len() * 2 / 3], file).unwrap_err();
        assert!(
            matches!(e, duban::extract::DecodeError::BadSpreadsheet(_)),
            "{file}: {e:?}"
        );
    }
}

#[test]
fn a_password_protected_workbook_is_the_encrypted_office_answer() {
    use duban::extract::decode::OtherFormat;
    let encrypted = duban::extract::DecodeError::Unsupported(OtherFormat::EncryptedOffice);
    let xlsx = fixture("sheets/task_table_password.xlsx");
    assert_eq!(decode(&xlsx, "task_table.xlsx").unwrap_err(), encrypted);
    // An .xls with a FILEPASS record (0x002F, a nonzero encryption type) in its globals:
    // the fixture's WRITEACCESS record (0x005C, 112 bytes) made into one in place.
    let mut xls = fixture("sheets/task_table.xls");
    let at = xls
        .windows(4)
        .position(|w| w == [0x5C, 0x00, 0x70, 0x00])
        .expect("a WRITEACCESS record");
    xls[at..at + 2].copy_from_slice(&0x002Fu16.to_le_bytes());
    xls[at + 4..at + 6].copy_from_slice(&1u16.to_le_bytes());
    assert_eq!(decode(&xls, "task_table.xls").unwrap_err(), encrypted);
}

#[test]
fn an_xls_whose_dimensions_claim_billions_of_rows_is_refused_before_it_is_read() {
    // Every sheet's DIMENSIONS record (type 0x0200, 14 bytes) made to claim 4,294,967,295
    // rows: read as written, the sheet's grid would take hundreds of gigabytes.
    let mut bytes = fixture("sheets/task_table.xls");
    let mut forged = 0;
    for at in 0..bytes.len() - 12 {
        if bytes[at..at + 4] == [0x00, 0x02, 0x0E, 0x00] {
            bytes[at + 8..at + 12].copy_from_slice(&u32::MAX.to_le_bytes());
            forged += 1;
        }
    }
    assert!(forged >= 2, "{forged}");
    assert_eq!(
        decode(&bytes, "task_table.xls").unwrap_err(),
        duban::extract::DecodeError::TextTooLarge
    );
}

// ---- OFD (tests/fixtures/ofd/make.py: GB/T 33190 XML assembled by the script; easyofd's
// reader, an independent implementation, opens it when it is made) -------------------------

#[test]
fn an_ofd_reads_as_its_paragraphs_in_page_order_without_page_furniture() {
    let d = decoded("ofd/minutes.ofd");
    assert_eq!((d.format, d.encoding), (SourceFormat::Ofd, "UTF-8"));
    let lines: Vec<&str> = d.text.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "党委会会议纪要",
            "〔2026〕第3号",
            "时间：2026年3月10日上午9:00",
            "地点：行政楼三楼第一会议室",
            "主持：张三"
        ]
    );
    assert!(lines.contains(
        &"二、会议研究了新校区建设推进工作。会议要求基建处会同资产处、财务处倒排工期，加强质量安全监管，确保一期工程按期竣工。"
    ), "a paragraph's wrapped lines are one line: {lines:#?}");
    assert!(!d.text.contains('—'), "page numbers are dropped");
    assert!(
        !d.text.contains("内部资料"),
        "the template's running header is no text"
    );
    assert_eq!(lines[lines.len() - 2..], ["党政办公室", "2026年3月12日"]);
}

#[test]
fn an_ofd_paragraph_goes_on_across_the_page_break() {
    let d = decoded("ofd/minutes.ofd");
    assert!(d.text.contains(
        "\n四、会议要求各牵头单位于每月25日前向党政办公室报送任务进展情况，党政办公室汇总后向学院领导报告。对工作推进不力、进度明显滞后的单位，由党政办公室予以通报，并纳入年度部门绩效考核。\n出席："
    ), "{}", d.text);
}

#[test]
fn an_ofd_ruled_task_table_is_one_row_per_line_with_wrapped_and_merged_cells_read() {
    // The cells are centred vertically, so a row's cells stand on different baselines; the
    // rulings say which cell each piece is in, and that 资产处 is merged down two rows.
    let d = decoded("ofd/minutes.ofd");
    assert_eq!(d.tables.len(), 1);
    let table = &d.tables[0];
    assert_eq!(
        cells(table),
        [
            ["序号", "任务", "牵头单位", "配合单位", "完成时限"],
            [
                "1",
                "修订学院章程实施细则",
                "党政办公室",
                "各部门",
                "4月30日前"
            ],
            [
                "2",
                "完成新校区一期工程竣工验收并办理移交手续",
                "基建处",
                "资产处、财务处",
                "6月底前"
            ],
            ["3", "开展实验室安全专项检查", "资产处", "保卫处", "每月"],
            ["4", "完善固定资产管理制度", "资产处", "财务处", "5月15日前"],
        ]
    );
    assert_eq!(row(table, "3").cells[2].merged, Merged::No);
    assert_eq!(row(table, "4").cells[2].merged, Merged::FromAbove);
    assert!(d
        .text
        .contains("\n4\t完善固定资产管理制度\t\t财务处\t5月15日前\n"));
    let r = row(table, "2");
    let line: String = d
        .text
        .chars()
        .skip(r.span.0)
        .take(r.span.1 - r.span.0)
        .collect();
    assert_eq!(
        line,
        "2\t完成新校区一期工程竣工验收并办理移交手续\t基建处\t资产处、财务处\t6月底前"
    );
    assert!(d
        .text
        .contains("三、会议明确了近期重点任务分工如下：\n序号\t任务"));
}

#[test]
fn an_ofd_is_recognised_by_its_content_whatever_its_name() {
    let d = decode(&fixture("ofd/minutes.ofd"), "upload.zip").unwrap();
    assert_eq!(d.format, SourceFormat::Ofd);
}

#[test]
fn a_truncated_ofd_is_a_damaged_ofd() {
    let bytes = fixture("ofd/minutes.ofd");
    let e = decode(&bytes[..bytes.len() / 2], "minutes.ofd").unwrap_err();
    assert!(matches!(e, duban::extract::DecodeError::BadOfd(_)), "{e:?}");
}

#[test]
fn damaged_ofd_and_spreadsheet_files_give_an_answer_never_a_panic() {
    // Bytes flipped and files cut at places a simple generator picks: every decode returns.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for file in [
        "ofd/minutes.ofd",
        "sheets/task_table.xlsx",
        "sheets/task_table.xls",
    ] {
        let original = fixture(file);
        for _ in 0..150 {
            let mut bytes = original.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() % bytes.len() as u64) as usize;
                bytes[at] = next() as u8;
            }
            let cut = bytes.len() - (next() % 64) as usize;
            let _ = decode(&bytes[..cut], file);
        }
    }
}
#[test]
fn an_ofd_written_by_easyofd_reads_line_by_line() {
    // easyofd's writer (from a PDF made with PyMuPDF): its own namespace, `size` for
    // `Size`, one TextObject per line.
    let d = decoded("ofd/easyofd_notice.ofd");
    assert_eq!(d.format, SourceFormat::Ofd);
    assert_eq!(
        d.text.lines().collect::<Vec<_>>(),
        [
            "关于报送2026年工作计划的通知",
            "各部门：",
            "请于3月20日前将本部门2026年工作计划报送党政办公室。",
            "党政办公室",
        ]
    );
}
