//! Spreadsheets (.xlsx, and .xls or WPS .et: OLE workbooks) to text with calamine: each
//! visible, non-empty worksheet as a line with its name and its used range as one table.
//!
//! calamine reads whatever it is given to the end; the limits are kept around it: the
//! .xlsx parts are measured before calamine opens them (a zip bomb), at most [`MAX_ROWS`]
//! rows and [`MAX_COLS`] columns of a sheet are laid out, and all cell text, merged copies
//! included, stays under [`MAX_TEXT_BYTES`].

use super::table::{Cell, Layout, Merged};
use super::{DecodeError, OtherFormat, MAX_TEXT_BYTES};
use calamine::{
    Data, Dimensions, ExcelDateTime, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsx,
    XlsxError,
};
use chrono::{Datelike, Timelike};
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

/// Rows and columns of a sheet read: a 任务分工表 has tens of rows and a handful of columns;
/// a statistics sheet a few hundred rows. Beyond these a sheet is data, not a document.
pub(crate) const MAX_ROWS: u32 = 20_000;
pub(crate) const MAX_COLS: u32 = 100;

/// Largest uncompressed part of an .xlsx, and of all its XML parts together: calamine reads
/// the shared strings and each sheet whole, so their size is checked first, by
/// decompressing (an archive's declared sizes may lie).
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;

/// True if `bytes` are an OLE file holding a workbook: BIFF8 names its stream `Workbook`,
/// BIFF5 and WPS .et `Book`. A file named as a workbook whose directory cannot be found
/// (cut short: writers put the directory last) is one too, to be reported as a damaged
/// spreadsheet, unless it shows a Word document's stream (.doc files are another reader's).
pub(crate) fn is_ole_workbook(bytes: &[u8], extension: &str) -> bool {
    let named_like_one = matches!(extension, "xls" | "xlt" | "et" | "ett");
    let Some(names) = super::ole::root_entries(bytes) else {
        // A damaged container named as a workbook: the spreadsheet reader says what is wrong.
        return named_like_one;
    };
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    has("Workbook") || has("Book") || (named_like_one && !has("WordDocument"))
}

/// The text of an .xlsx archive.
pub(crate) fn extract_xlsx(bytes: &[u8]) -> Result<Layout, DecodeError> {
    guarded(|| {
        measure_parts(bytes)?;
        let mut book = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
        lay_out(&mut book, |book, name, grid| {
            let mut cells = book.worksheet_cells_reader(name).map_err(xlsx_error)?;
            while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
                let (row, col) = cell.get_position();
                // Cells come row by row: nothing after the last row read is needed.
                if row >= MAX_ROWS {
                    break;
                }
                grid.put(row, col, text_of(&Data::from(cell.get_value().clone())))?;
            }
            drop(cells);
            if let Some(merges) = book.worksheet_merge_cells(name) {
                grid.merges = merges.map_err(xlsx_error)?;
            }
            Ok(())
        })
    })
}

/// The text of an OLE workbook (.xls, .et). Its sheets' extents are checked first (see
/// `biff`); a workbook stream this reader cannot find is not handed to calamine unchecked.
pub(crate) fn extract_xls(bytes: &[u8]) -> Result<Layout, DecodeError> {
    guarded(|| {
        let stream = super::ole::read_stream(bytes, "Workbook")
            .or_else(|| super::ole::read_stream(bytes, "Book"))
            .ok_or_else(|| {
                DecodeError::BadSpreadsheet("the workbook stream cannot be read".into())
            })?;
        super::biff::check_extents(&stream)?;
        let mut book = Xls::new(Cursor::new(bytes)).map_err(xls_error)?;
        lay_out(&mut book, |book, name, grid| {
            let range = book.worksheet_range(name).map_err(xls_error)?;
            let (top, left) = range.start().unwrap_or_default();
            for (r, c, value) in range.used_cells() {
                let (row, col) = (top + r as u32, left + c as u32);
                if row < MAX_ROWS {
                    grid.put(row, col, text_of(value))?;
                }
            }
            grid.merges = book.worksheet_merge_cells(name).unwrap_or_default();
            Ok(())
        })
    })
}

/// calamine is not fuzzed to be panic-free on hostile files: a panic there is a damaged file.
fn guarded(read: impl FnOnce() -> Result<Layout, DecodeError>) -> Result<Layout, DecodeError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(DecodeError::BadSpreadsheet(
            "the file structure is corrupt".into(),
        ))
    })
}

/// Lays out the visible worksheets of `book` in workbook order; `read` fills a sheet's grid.
/// Hidden sheets are left out: they hold lookup lists and workings, not what the reader saw.
fn lay_out<B, RS>(
    book: &mut B,
    read: impl Fn(&mut B, &str, &mut Grid) -> Result<(), DecodeError>,
) -> Result<Layout, DecodeError>
where
    B: Reader<RS>,
    RS: Read + std::io::Seek,
{
    let sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut layout = Layout::new();
    let mut budget = MAX_TEXT_BYTES;
    for name in sheets {
        let mut grid = Grid::new(budget);
        read(book, &name, &mut grid)?;
        let rows = grid.rows()?;
        if rows.is_empty() {
            continue;
        }
        if !layout.is_empty() {
            layout.paragraph("");
        }
        layout.paragraph(&name);
        layout.table(rows);
        budget = MAX_TEXT_BYTES.saturating_sub(layout.len());
        if layout.len() > MAX_TEXT_BYTES {
            return Err(DecodeError::TextTooLarge);
        }
    }
    Ok(layout)
}

/// A cell's (row, column), from 0.
type Position = (u32, u32);

/// The non-empty cells of a sheet and its merged regions, absolute positions.
struct Grid {
    cells: BTreeMap<(u32, u32), String>,
    merges: Vec<Dimensions>,
    /// Bytes of cell text still allowed.
    budget: usize,
}

impl Grid {
    fn new(budget: usize) -> Self {
        Self {
            cells: BTreeMap::new(),
            merges: Vec::new(),
            budget,
        }
    }

    fn put(&mut self, row: u32, col: u32, text: String) -> Result<(), DecodeError> {
        let text = text.trim_end().to_owned();
        if text.trim().is_empty() || row >= MAX_ROWS || col >= MAX_COLS {
            return Ok(());
        }
        self.spend(text.len())?;
        self.cells.insert((row, col), text);
        Ok(())
    }

    fn spend(&mut self, bytes: usize) -> Result<(), DecodeError> {
        self.budget = self
            .budget
            .checked_sub(bytes)
            .ok_or(DecodeError::TextTooLarge)?;
        Ok(())
    }

    /// The used range as rows of cells: from the first to the last non-empty row and column
    /// (a merged region whose first cell has text counts as used all over), every cell a
    /// merged region covers repeating its text, rows with no text at all left out.
    fn rows(mut self) -> Result<Vec<Vec<Cell>>, DecodeError> {
        let Some((top, left, bottom, right)) = self.used_range() else {
            return Ok(Vec::new());
        };
        let covered = self.covered(top, left, bottom, right)?;
        let mut rows = Vec::new();
        for row in top..=bottom {
            let mut cells = Vec::with_capacity((right - left + 1) as usize);
            for col in left..=right {
                let cell = match covered.get(&(row, col)) {
                    Some(&(anchor, merged)) => {
                        let text = self.cells.get(&anchor).cloned().unwrap_or_default();
                        self.spend(text.len())?;
                        Cell::merged(text, merged)
                    }
                    None => Cell::new(self.cells.get(&(row, col)).cloned().unwrap_or_default()),
                };
                cells.push(cell);
            }
            if cells.iter().any(|c| !c.text.is_empty()) {
                rows.push(cells);
            }
        }
        Ok(rows)
    }

    /// First row, first column, last row, last column in use, within the limits.
    fn used_range(&self) -> Option<(u32, u32, u32, u32)> {
        let mut used = self.cells.keys().map(|&(r, c)| (r, c, r, c)).chain(
            self.merges
                .iter()
                .filter(|m| self.cells.contains_key(&m.start))
                .map(|m| (m.start.0, m.start.1, m.end.0, m.end.1)),
        );
        let first = used.next()?;
        let (top, left, bottom, right) = used.fold(first, |a, b| {
            (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
        });
        Some((top, left, bottom.min(MAX_ROWS - 1), right.min(MAX_COLS - 1)))
    }

    /// Cells inside the range covered by a merged region with text, other than its first:
    /// each with the region's first cell and where the text comes from (the first row of a
    /// region from the left, the rows below from above). Merged regions do not overlap, so
    /// together they cover at most the range: a file whose regions cover more is damaged
    /// (and would have this loop run for as long as it likes).
    fn covered(
        &self,
        top: u32,
        left: u32,
        bottom: u32,
        right: u32,
    ) -> Result<HashMap<Position, (Position, Merged)>, DecodeError> {
        let mut covered = HashMap::new();
        let range = u64::from(bottom - top + 1) * u64::from(right - left + 1);
        let mut area = 0u64;
        for m in self
            .merges
            .iter()
            .filter(|m| self.cells.contains_key(&m.start))
        {
            area +=
                overlap(m.start.0, m.end.0, top, bottom) * overlap(m.start.1, m.end.1, left, right);
            if area > range {
                return Err(DecodeError::BadSpreadsheet("merged regions overlap".into()));
            }
            for row in m.start.0.max(top)..=m.end.0.min(bottom) {
                for col in m.start.1.max(left)..=m.end.1.min(right) {
                    let merged = if row > m.start.0 {
                        Merged::FromAbove
                    } else if col > m.start.1 {
                        Merged::FromLeft
                    } else {
                        continue;
                    };
                    covered.insert((row, col), (m.start, merged));
                }
            }
        }
        Ok(covered)
    }
}

/// How many of `lo..=hi` lie within `from..=to`.
fn overlap(lo: u32, hi: u32, from: u32, to: u32) -> u64 {
    let (a, b) = (lo.max(from), hi.min(to));
    if a > b {
        0
    } else {
        u64::from(b - a) + 1
    }
}

/// A cell's value as the sheet shows it: numbers without a trailing ".0", dates as
/// 2026年4月30日, times as 14:30, errors as their code (#DIV/0!).
fn text_of(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            iso_date(s).unwrap_or_else(|| s.clone())
        }
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) => date_time(d),
        Data::Error(e) => e.to_string(),
    }
}

/// Excel keeps 15 significant digits of what was typed; the binary float's tail beyond
/// them (0.1 + 0.2 = 0.30000000000000004) was never written by anyone.
fn number(f: f64) -> String {
    let f: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn date_time(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        return d
            .as_duration()
            .map(|t| format!("{}:{:02}", t.num_hours(), t.num_minutes() % 60))
            .unwrap_or_else(|| number(d.as_f64()));
    }
    match d.as_datetime() {
        // A time without a date is stored as a fraction of the day before 1900-01-01.
        Some(t) if d.as_f64() < 1.0 => format!("{:02}:{:02}", t.hour(), t.minute()),
        Some(t) => cn_date_time(t),
        None => number(d.as_f64()),
    }
}

/// "2026年4月30日", with the time after it when there is one.
fn cn_date_time(t: chrono::NaiveDateTime) -> String {
    let date = format!("{}年{}月{}日", t.year(), t.month(), t.day());
    if t.time() == chrono::NaiveTime::MIN {
        date
    } else {
        format!("{date} {:02}:{:02}", t.hour(), t.minute())
    }
}

/// An ISO 8601 date or date-time (as .ods and some .xlsx writers store dates).
fn iso_date(s: &str) -> Option<String> {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(cn_date_time(d.and_time(chrono::NaiveTime::MIN)));
    }
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(cn_date_time)
}

fn xlsx_error(e: XlsxError) -> DecodeError {
    match e {
        XlsxError::Password => DecodeError::Unsupported(OtherFormat::EncryptedOffice),
        e => DecodeError::BadSpreadsheet(e.to_string()),
    }
}

fn xls_error(e: XlsError) -> DecodeError {
    match e {
        XlsError::Password => DecodeError::Unsupported(OtherFormat::EncryptedOffice),
        e => DecodeError::BadSpreadsheet(e.to_string()),
    }
}

/// Decompresses every XML part of the archive into nothing, counting: a part or a total
/// beyond the limits is refused before calamine reads it whole.
fn measure_parts(bytes: &[u8]) -> Result<(), DecodeError> {
    let bad = |what: String| DecodeError::BadSpreadsheet(what);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("not a readable zip archive ({e})")))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
        let name = part.name().to_owned();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue; // images and other media: calamine does not read them
        }
        let size = std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| bad(format!("{name}: {e}")))?;
        total += size;
        if size > MAX_PART_BYTES || total > MAX_XML_BYTES {
            return Err(DecodeError::TextTooLarge);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: &[(Position, &str)], merges: &[(Position, Position)]) -> Grid {
        let mut g = Grid::new(MAX_TEXT_BYTES);
        for &((r, c), t) in cells {
            g.put(r, c, t.to_owned()).unwrap();
        }
        g.merges = merges.iter().map(|&(s, e)| Dimensions::new(s, e)).collect();
        g
    }

    fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn a_lead_unit_merged_down_is_in_every_row_it_spans() {
        let g = grid(
            &[
                ((0, 0), "1"),
                ((0, 1), "制定方案"),
                ((0, 2), "教务处"),
                ((1, 0), "2"),
                ((1, 1), "组织实施"),
                ((2, 0), "3"),
                ((2, 1), "总结评估"),
            ],
            &[((0, 2), (2, 2))],
        );
        let rows = g.rows().unwrap();
        assert_eq!(
            texts(&rows),
            [
                ["1", "制定方案", "教务处"],
                ["2", "组织实施", "教务处"],
                ["3", "总结评估", "教务处"]
            ]
        );
        assert_eq!(rows[0][2].merged, Merged::No);
        assert_eq!(rows[1][2].merged, Merged::FromAbove);
        assert_eq!(rows[2][2].merged, Merged::FromAbove);
    }

    #[test]
    fn a_category_row_merged_across_is_spread_from_the_left() {
        let g = grid(
            &[((0, 0), "序号"), ((0, 1), "任务"), ((1, 0), "一、教学改革")],
            &[((1, 0), (1, 1))],
        );
        let rows = g.rows().unwrap();
        assert_eq!(texts(&rows)[1], ["一、教学改革", "一、教学改革"]);
        assert_eq!(rows[1][1].merged, Merged::FromLeft);
    }

    #[test]
    fn empty_leading_and_trailing_rows_and_columns_are_dropped() {
        let g = grid(&[((3, 2), "甲"), ((5, 4), "乙")], &[]);
        assert_eq!(
            texts(&g.rows().unwrap()),
            [["甲", "", ""], ["", "", "乙"]],
            "the empty row between is left out, the empty column kept"
        );
        assert!(grid(&[((0, 0), "  ")], &[]).rows().unwrap().is_empty());
    }

    #[test]
    fn a_merged_region_reaching_past_the_limits_is_cut_at_them() {
        let g = grid(
            &[((0, 0), "甲"), ((0, 2), "乙")],
            &[((0, 0), (1_048_575, 1)), ((0, 2), (0, 16_383))],
        );
        let rows = g.rows().unwrap();
        assert_eq!(rows.len(), MAX_ROWS as usize);
        assert_eq!(rows[0].len(), MAX_COLS as usize);
    }

    #[test]
    fn merged_regions_covering_more_than_the_sheet_are_a_damaged_file() {
        let g = grid(&[((0, 0), "甲"), ((5, 5), "乙")], &[((0, 0), (5, 5)); 1000]);
        assert!(matches!(g.rows(), Err(DecodeError::BadSpreadsheet(_))));
    }

    #[test]
    fn merged_copies_count_against_the_text_limit() {
        let long = "长".repeat(100_000);
        let g = grid(&[((0, 0), &long)], &[((0, 0), (100, 0))]);
        assert_eq!(g.rows(), Err(DecodeError::TextTooLarge));
    }

    #[test]
    fn numbers_dates_and_times_read_as_the_sheet_shows_them() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        assert_eq!(text_of(&Data::Float(3.0)), "3");
        assert_eq!(text_of(&Data::Float(-0.0)), "0");
        assert_eq!(text_of(&Data::Float(12.5)), "12.5");
        assert_eq!(text_of(&Data::Float(0.1 + 0.2)), "0.3");
        assert_eq!(text_of(&Data::Float(2.0 / 3.0)), "0.666666666666667");
        assert_eq!(text_of(&Data::Int(42)), "42");
        // 46142 is 2026-04-30 in the 1900 date system.
        let date = ExcelDateTime::new(46142.0, DateTime, false);
        assert_eq!(text_of(&Data::DateTime(date)), "2026年4月30日");
        let with_time = ExcelDateTime::new(46142.5, DateTime, false);
        assert_eq!(text_of(&Data::DateTime(with_time)), "2026年4月30日 12:00");
        let time = ExcelDateTime::new(0.6041666666666666, DateTime, false);
        assert_eq!(text_of(&Data::DateTime(time)), "14:30");
        let hours = ExcelDateTime::new(1.5, TimeDelta, false);
        assert_eq!(text_of(&Data::DateTime(hours)), "36:00");
        assert_eq!(
            text_of(&Data::DateTimeIso("2026-04-30".into())),
            "2026年4月30日"
        );
        assert_eq!(
            text_of(&Data::Error(calamine::CellErrorType::Div0)),
            "#DIV/0!"
        );
    }
}
