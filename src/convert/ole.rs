//! What an OLE compound file (the container of .doc, .xls, .wps, .et and encrypted OOXML)
//! holds at its root: a `WordDocument` stream makes it a Word file, `Workbook`/`Book` a
//! spreadsheet, `EncryptedPackage` a password-protected .docx/.xlsx.
//!
//! Only the root's own entries count: a Word file with an embedded chart holds a
//! `Workbook` deeper down, in its object pool. Reads the header, the FAT and the directory
//! chain ([MS-CFB]); pure, bounds-checked, never panics.

const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Sector numbers at and above this are markers (end of chain, free, FAT, DIFAT).
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
const NO_STREAM: u32 = 0xFFFF_FFFF;
const HEADER_DIFAT_ENTRIES: usize = 109;

/// Whether `bytes` start like an OLE compound file.
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The names of the streams and storages directly under the root, or `None` when the
/// container cannot be read (truncated, corrupt).
pub fn root_entries(bytes: &[u8]) -> Option<Vec<String>> {
    if !is_ole(bytes) {
        return None;
    }
    let shift = u16_at(bytes, 0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let file = File {
        bytes,
        sector_size: 1 << shift,
    };
    let fat = file.fat()?;
    let directory = file.chain(u32_at(bytes, 0x30)?, &fat)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = entries.first()?;
    if root[66] != 5 {
        return None;
    }
    // The root's children form a tree through their left and right siblings.
    let mut names = Vec::new();
    let mut pending = vec![u32_at(root, 76)?];
    let mut seen = vec![false; entries.len()];
    while let Some(id) = pending.pop() {
        if id == NO_STREAM {
            continue;
        }
        let index = usize::try_from(id).ok()?;
        let entry = entries.get(index)?;
        if std::mem::replace(&mut seen[index], true) {
            return None;
        }
        names.push(entry_name(entry)?);
        pending.push(u32_at(entry, 68)?);
        pending.push(u32_at(entry, 72)?);
    }
    Some(names)
}

struct File<'a> {
    bytes: &'a [u8],
    sector_size: usize,
}

impl File<'_> {
    fn sector(&self, id: u32) -> Option<&[u8]> {
        let start = (usize::try_from(id).ok()? + 1).checked_mul(self.sector_size)?;
        self.bytes.get(start..start.checked_add(self.sector_size)?)
    }

    /// Sectors in the file: the bound on every chain.
    fn sectors(&self) -> usize {
        self.bytes.len() / self.sector_size
    }

    /// The file allocation table, from the sectors the DIFAT lists.
    fn fat(&self) -> Option<Vec<u32>> {
        let count = usize::try_from(u32_at(self.bytes, 0x2C)?).ok()?;
        if count > self.sectors() {
            return None;
        }
        let mut fat_sectors: Vec<u32> = (0..HEADER_DIFAT_ENTRIES)
            .filter_map(|i| u32_at(self.bytes, 0x4C + 4 * i))
            .collect();
        let mut next = u32_at(self.bytes, 0x44)?;
        let mut hops = 0;
        while next < MAX_REGULAR_SECTOR && fat_sectors.len() < count {
            hops += 1;
            let sector = self.sector(next).filter(|_| hops <= self.sectors())?;
            let last = self.sector_size / 4 - 1;
            fat_sectors.extend((0..last).filter_map(|i| u32_at(sector, 4 * i)));
            next = u32_at(sector, 4 * last)?;
        }
        let mut fat = Vec::new();
        for &id in fat_sectors.iter().take(count) {
            let sector = self.sector(id)?;
            fat.extend((0..self.sector_size / 4).filter_map(|i| u32_at(sector, 4 * i)));
        }
        Some(fat)
    }

    /// The bytes of the chain starting at `first`.
    fn chain(&self, first: u32, fat: &[u32]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = first;
        let mut hops = 0;
        while id < MAX_REGULAR_SECTOR {
            hops += 1;
            if hops > self.sectors() {
                return None;
            }
            out.extend_from_slice(self.sector(id)?);
            id = *fat.get(usize::try_from(id).ok()?)?;
        }
        Some(out)
    }
}

/// A directory entry's name: UTF-16LE, its byte length (with the terminating NUL) at 64.
fn entry_name(entry: &[u8]) -> Option<String> {
    let len = usize::from(u16_at(entry, 64)?).min(64);
    let units: Vec<u16> = entry[..len.saturating_sub(2)]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    Some(String::from_utf16_lossy(&units))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &[u8] = include_bytes!("../../tests/fixtures/formats/minutes.doc");

    #[test]
    fn a_word_file_has_a_word_document_stream_at_its_root() {
        let names = root_entries(DOC).expect("readable");
        assert!(names.iter().any(|n| n == "WordDocument"), "{names:?}");
        assert!(!names.iter().any(|n| n == "Workbook"), "{names:?}");
    }

    #[test]
    fn a_truncated_or_foreign_file_has_no_entries_and_does_not_panic() {
        assert_eq!(root_entries(&DOC[..600]), None);
        assert_eq!(root_entries(b"%PDF-1.7"), None);
        for cut in (0..DOC.len()).step_by(97) {
            let _ = root_entries(&DOC[..cut]);
        }
        let mut garbled = DOC.to_vec();
        for i in (512..garbled.len()).step_by(7) {
            garbled[i] = garbled[i].wrapping_mul(31);
        }
        let _ = root_entries(&garbled);
    }
}
