//! 督办通知单: one slip per unit, listing the items it leads or helps with, to be printed (A4
//! in 公文 style) or sent as a .docx. Building the slips and the .docx is pure; the rows come
//! from `store::slips`.

use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Run, RunFonts, Table, TableCell,
    TableRow, WidthType,
};

use crate::domain::{ReportDuty, UnitRole};
use crate::format::cn_date;
use crate::store::slips::SlipRow;

/// What every slip of one batch says about where it comes from.
#[derive(Debug, Clone)]
pub struct SlipHeader {
    /// Who issues the slips (the 督办 office).
    pub issuer: String,
    /// The document the items come from, with its number: 《…》（院党委〔2026〕3号）.
    pub source: String,
    pub date: NaiveDate,
}

/// One unit's slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    pub unit: String,
    pub lines: Vec<SlipLine>,
}

/// One item on a slip, as its columns print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipLine {
    pub number: String,
    pub title: String,
    pub part: &'static str,
    pub leader: String,
    pub due: String,
    pub feedback: String,
}

/// The columns of a slip's table.
pub const COLUMNS: [&str; 6] = [
    "编号",
    "督办事项",
    "承办方式",
    "责任领导",
    "完成时限",
    "反馈要求",
];

/// What the unit must report, and when: the reporting duty in the item page's words.
pub fn feedback(duty: Option<ReportDuty>) -> String {
    match duty {
        Some(d) => format!("{}报送进展，办结后报送结果", d.when()),
        None => "按时限办结并报送结果".to_owned(),
    }
}

/// The slips of `rows` (ordered by unit): one per unit, in the rows' order.
pub fn slips(rows: &[SlipRow]) -> Vec<Slip> {
    let mut out: Vec<Slip> = Vec::new();
    let mut last_unit = None;
    for r in rows {
        if last_unit != Some(r.unit_id) {
            out.push(Slip {
                unit: r.unit_name.clone(),
                lines: Vec::new(),
            });
            last_unit = Some(r.unit_id);
        }
        let line = SlipLine {
            number: r.register_number.clone().unwrap_or_default(),
            title: r.title.clone(),
            part: match r.role {
                UnitRole::Lead => "牵头",
                UnitRole::Co => "配合",
            },
            leader: r.leader.clone().unwrap_or_default(),
            due: r.due_date.map_or_else(|| "未定".to_owned(), cn_date),
            feedback: feedback(ReportDuty::stored(r.recurrence, r.report_day)),
        };
        if let Some(slip) = out.last_mut() {
            slip.lines.push(line);
        }
    }
    out
}

/// The words above a slip's table.
pub fn opening(header: &SlipHeader) -> String {
    format!(
        "根据{}，现将下列督办事项交你单位办理。请按完成时限抓紧落实，按反馈要求在督办系统中报送进展，\
         并于收到本通知单后在签收栏签收。",
        header.source
    )
}

/// Twips (1/20 pt) per centimetre, for page sizes and column widths.
const TWIPS_PER_CM: f64 = 566.93;

fn cm(v: f64) -> usize {
    (v * TWIPS_PER_CM).round() as usize
}

fn text(s: &str, size: usize) -> Run {
    Run::new().add_text(s).size(size)
}

fn cell(s: &str, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(Paragraph::new().add_run(text(s, 24)))
        .width(width, WidthType::Dxa)
}

/// The slips as one .docx, A4 portrait, a page per unit.
pub fn to_docx(slips: &[Slip], header: &SlipHeader) -> Result<Vec<u8>, docx_rs::DocxError> {
    // 公文: 仿宋 for text, 小标宋 (here 宋体, which every office has) for the title.
    let fonts = RunFonts::new().east_asia("仿宋").ascii("Times New Roman");
    let mut doc = Docx::new()
        .page_size(cm(21.0) as u32, cm(29.7) as u32)
        .page_margin(
            PageMargin::new()
                .top(cm(3.7) as i32)
                .bottom(cm(3.5) as i32)
                .left(cm(2.8) as i32)
                .right(cm(2.6) as i32),
        )
        .default_fonts(fonts)
        .default_size(28);
    let widths = [cm(3.2), cm(5.4), cm(1.6), cm(1.8), cm(2.4), cm(2.6)];
    for (k, slip) in slips.iter().enumerate() {
        let mut title = Paragraph::new().align(AlignmentType::Center).add_run(
            text(&format!("{}督办通知单", header.issuer), 44)
                .bold()
                .color("C00000")
                .fonts(RunFonts::new().east_asia("宋体")),
        );
        if k > 0 {
            title = title.page_break_before(true);
        }
        doc = doc
            .add_paragraph(title)
            .add_paragraph(Paragraph::new().add_run(text(&format!("{}：", slip.unit), 32)))
            .add_paragraph(Paragraph::new().add_run(text(&opening(header), 28)));
        let mut rows = vec![TableRow::new(
            COLUMNS
                .iter()
                .zip(widths)
                .map(|(c, w)| cell(c, w))
                .collect(),
        )];
        for l in &slip.lines {
            let cells = [
                l.number.as_str(),
                &l.title,
                l.part,
                &l.leader,
                &l.due,
                &l.feedback,
            ];
            rows.push(TableRow::new(
                cells.iter().zip(widths).map(|(c, w)| cell(c, w)).collect(),
            ));
        }
        doc = doc
            .add_table(Table::new(rows).set_grid(widths.to_vec()))
            .add_paragraph(Paragraph::new())
            .add_paragraph(Paragraph::new().add_run(text(
                "签收人：__________    签收时间：______年____月____日    联系电话：__________",
                28,
            )))
            .add_paragraph(Paragraph::new())
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(text(&header.issuer, 28)),
            )
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(text(&cn_date(header.date), 28)),
            );
    }
    if slips.is_empty() {
        doc = doc
            .add_paragraph(Paragraph::new().add_run(
                text("这份文件还没有交办的事项。", 28).add_break(BreakType::TextWrapping),
            ));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Recurrence, UnitId};

    fn row(unit: i64, name: &str, role: UnitRole, number: &str) -> SlipRow {
        SlipRow {
            unit_id: UnitId(unit),
            unit_name: name.into(),
            role,
            register_number: Some(number.into()),
            title: format!("事项{number}"),
            leader: None,
            due_date: None,
            recurrence: Some(Recurrence::Monthly),
            report_day: Some(28),
        }
    }

    #[test]
    fn each_unit_gets_one_slip_with_its_part_in_each_item() {
        let rows = [
            row(1, "教务处", UnitRole::Lead, "督〔2026〕第1号"),
            row(1, "教务处", UnitRole::Co, "督〔2026〕第3号"),
            row(2, "后勤管理处", UnitRole::Lead, "督〔2026〕第2号"),
        ];

        let got = slips(&rows);

        assert_eq!(got.len(), 2);
        assert_eq!(got[0].unit, "教务处");
        let parts: Vec<&str> = got[0].lines.iter().map(|l| l.part).collect();
        assert_eq!(parts, ["牵头", "配合"]);
        assert_eq!(
            got[0].lines[0].feedback,
            "每月28日前报送进展，办结后报送结果"
        );
        assert_eq!(got[1].lines[0].due, "未定");
    }
}
