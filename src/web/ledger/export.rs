//! The 督办台账 as files: .xlsx for reading and printing in Excel/WPS, .csv (UTF-8 with a
//! byte order mark, without which Excel reads UTF-8 as the local code page) for other tools.

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::RowView;
use crate::domain::china_time::china_time;

/// The ledger's columns and their widths in Excel character units.
const COLUMNS: [(&str, f64); 12] = [
    ("序号", 6.0),
    ("编号", 18.0),
    ("督办事项", 48.0),
    ("来源（会议/文件、文号、日期）", 30.0),
    ("牵头单位", 16.0),
    ("配合单位", 20.0),
    ("责任领导", 10.0),
    ("完成时限", 14.0),
    ("状态", 14.0),
    ("亮灯", 18.0),
    ("最新进展", 40.0),
    ("更新时间", 17.0),
];

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The most characters an Excel cell holds; a longer text makes the whole workbook invalid.
const XLSX_CELL_MAX: usize = 32_767;

/// A text cut to what an Excel cell holds, marked as cut.
fn fits_a_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= XLSX_CELL_MAX {
        return s.into();
    }
    let mut cut: String = s.chars().take(XLSX_CELL_MAX - 1).collect();
    cut.push('…');
    cut.into()
}

/// A CSV cell that a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage
/// return before one) is written with a leading apostrophe, so a progress note cannot run
/// =HYPERLINK(…) or worse on the reader's machine.
fn inert(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

/// The text cells of a row (everything but 序号, 完成时限 and 更新时间).
fn texts(v: &RowView) -> [String; 8] {
    [
        v.row.register_number.clone().unwrap_or_default(),
        v.row.title.clone(),
        v.source_text(),
        v.lead_text(),
        v.co_text(),
        v.leader_text().to_owned(),
        v.status_label().to_owned(),
        v.light_label().to_owned(),
    ]
}

/// A workbook with a title row, the filter in words, a bold frozen header, and real dates.
pub fn xlsx(rows: &[RowView], summary: &str, today: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("督办台账")?;
    let last_col = (COLUMNS.len() - 1) as u16;

    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    sheet.merge_range(0, 0, 0, last_col, "督办台账", &title)?;
    let note = format!("筛选条件：{summary}    导出日期：{}", super::cn_date(today));
    sheet.merge_range(1, 0, 1, last_col, &note, &Format::new())?;

    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#F2F2F2")
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = cell.clone().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let time = cell.clone().set_num_format("yyyy-mm-dd hh:mm");

    const HEADER_ROW: u32 = 2;
    for (col, (name, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);

    for (i, v) in rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        let [number, title, source, lead, co, leader, status, light] = texts(v);
        sheet.write_number_with_format(r, 0, v.row.ord as f64, &cell)?;
        sheet.write_string_with_format(r, 1, &number, &cell)?;
        sheet.write_string_with_format(r, 2, fits_a_cell(&title).as_ref(), &cell)?;
        sheet.write_string_with_format(r, 3, fits_a_cell(&source).as_ref(), &cell)?;
        sheet.write_string_with_format(r, 4, fits_a_cell(&lead).as_ref(), &cell)?;
        sheet.write_string_with_format(r, 5, fits_a_cell(&co).as_ref(), &cell)?;
        sheet.write_string_with_format(r, 6, fits_a_cell(&leader).as_ref(), &cell)?;
        match v.row.due_date {
            Some(d) => sheet.write_datetime_with_format(r, 7, d, &date)?,
            None => sheet.write_string_with_format(r, 7, "未定", &cell)?,
        };
        sheet.write_string_with_format(r, 8, &status, &cell)?;
        sheet.write_string_with_format(r, 9, &light, &cell)?;
        sheet.write_string_with_format(r, 10, fits_a_cell(v.progress_text()).as_ref(), &cell)?;
        sheet.write_datetime_with_format(r, 11, china_time(v.row.updated_at), &time)?;
    }
    book.save_to_buffer()
}

/// The same columns as CSV; dates in ISO form, which Excel recognises as dates.
pub fn csv(rows: &[RowView]) -> Result<Vec<u8>, csv::Error> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(COLUMNS.iter().map(|(name, _)| *name))?;
        for v in rows {
            let [number, title, source, lead, co, leader, status, light] = texts(v);
            let due = v.row.due_date.map(|d| d.to_string()).unwrap_or_default();
            let updated = china_time(v.row.updated_at)
                .format("%Y-%m-%d %H:%M")
                .to_string();
            w.write_record([
                v.row.ord.to_string(),
                number,
                inert(title),
                inert(source),
                inert(lead),
                inert(co),
                inert(leader),
                due,
                status,
                light,
                inert(v.progress_text().to_owned()),
                updated,
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}
