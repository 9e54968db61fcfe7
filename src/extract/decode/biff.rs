//! A look at an OLE workbook's BIFF records before calamine reads them: calamine sizes each
//! sheet's grid by the sheet's DIMENSIONS record and by the cells' extent, so a few bytes
//! claiming a 65,536 × 256 sheet (or, in a forged record, four billion rows) would make it
//! allocate gigabytes, or abort the process when the allocation fails.

use super::DecodeError;

/// Most cells a sheet's grid may span: the rows and columns read of a sheet
/// ([`super::sheet::MAX_ROWS`] × [`super::sheet::MAX_COLS`]), a few tens of megabytes.
const MAX_GRID_CELLS: u64 = super::sheet::MAX_ROWS as u64 * super::sheet::MAX_COLS as u64;

const BOF: u16 = 0x0809;
const DIMENSIONS: u16 = 0x0200;
/// Records that put a value in a cell: NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA; each
/// starts with the cell's row and column (u16 each).
const CELLS: [u16; 6] = [0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006];
/// MULRK: a row, a first column, values, and the last column in its final two bytes.
const MULRK: u16 = 0x00BD;

/// Refuses a workbook stream with a sheet whose claimed or used extent spans more than
/// [`MAX_GRID_CELLS`].
pub(crate) fn check_extents(stream: &[u8]) -> Result<(), DecodeError> {
    let mut sheet = Extent::default();
    let mut at = 0usize;
    while let Some(head) = stream.get(at..at + 4) {
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            break; // a cut record: calamine will say the file is damaged
        };
        at += 4 + len;
        match typ {
            BOF => sheet = Extent::default(),
            DIMENSIONS => dimensions(data)?,
            t if CELLS.contains(&t) && data.len() >= 4 => {
                sheet.add(u16_at(data, 0), u16_at(data, 2))?;
            }
            MULRK if data.len() >= 6 => {
                let row = u16_at(data, 0);
                sheet.add(row, u16_at(data, 2))?;
                sheet.add(row, u16_at(data, data.len() - 2))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// DIMENSIONS: first row, last row + 1, first column, last column + 1 (BIFF8: rows as u32;
/// BIFF5: all u16). Read as calamine reads it: a first column past 255 counts from 0.
fn dimensions(data: &[u8]) -> Result<(), DecodeError> {
    let (r0, r1, c0, c1) = match data.len() {
        14 => (
            u64::from(u32_at(data, 0)),
            u64::from(u32_at(data, 4)),
            u64::from(u16_at(data, 8)),
            u64::from(u16_at(data, 10)),
        ),
        10 => (
            u64::from(u16_at(data, 0)),
            u64::from(u16_at(data, 2)),
            u64::from(u16_at(data, 4)),
            u64::from(u16_at(data, 6)),
        ),
        _ => return Ok(()), // calamine refuses other lengths itself
    };
    let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
    let rows = r1.saturating_sub(r0) + 1;
    let cols = c1.saturating_sub(c0) + 1;
    within(rows.saturating_mul(cols))
}

/// The rows and columns a sheet's cells cover so far.
#[derive(Default)]
struct Extent {
    rows: Option<(u16, u16)>,
    cols: Option<(u16, u16)>,
}

impl Extent {
    fn add(&mut self, row: u16, col: u16) -> Result<(), DecodeError> {
        let widen = |span: Option<(u16, u16)>, v: u16| {
            let (lo, hi) = span.unwrap_or((v, v));
            Some((lo.min(v), hi.max(v)))
        };
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
        let count = |s: Option<(u16, u16)>| s.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        within(count(self.rows) * count(self.cols))
    }
}

fn within(cells: u64) -> Result<(), DecodeError> {
    if cells > MAX_GRID_CELLS {
        Err(DecodeError::TextTooLarge)
    } else {
        Ok(())
    }
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0; 10]);
        record(0x0203, &d)
    }

    fn dimensions(r0: u32, r1: u32, c0: u16, c1: u16) -> Vec<u8> {
        let mut d = r0.to_le_bytes().to_vec();
        d.extend(r1.to_le_bytes());
        d.extend(c0.to_le_bytes());
        d.extend(c1.to_le_bytes());
        d.extend([0, 0]);
        record(DIMENSIONS, &d)
    }

    #[test]
    fn a_task_table_sized_sheet_passes() {
        let mut s = record(BOF, &[0; 16]);
        s.extend(dimensions(0, 30, 0, 5));
        s.extend(number(0, 0));
        s.extend(number(29, 4));
        assert_eq!(check_extents(&s), Ok(()));
    }

    #[test]
    fn a_dimensions_record_claiming_billions_of_rows_is_refused() {
        let s = dimensions(0, u32::MAX, 0, 255);
        assert_eq!(check_extents(&s), Err(DecodeError::TextTooLarge));
    }

    #[test]
    fn two_cells_at_opposite_corners_are_refused() {
        let mut s = number(0, 0);
        s.extend(number(65_535, 255));
        assert_eq!(check_extents(&s), Err(DecodeError::TextTooLarge));
    }

    #[test]
    fn each_sheet_is_measured_on_its_own() {
        let mut s = record(BOF, &[0; 16]);
        s.extend(number(0, 0));
        s.extend(number(19_000, 0));
        s.extend(record(BOF, &[0; 16]));
        s.extend(number(0, 99));
        assert_eq!(check_extents(&s), Ok(()));
    }
}
