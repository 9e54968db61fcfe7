//! What an OLE compound file (the container of .doc, .xls, .et, .wps, .ppt and encrypted
//! OOXML) holds, read from its directory entries: which of those it is decides who reads it
//! (the pure decoder, or `crate::convert` for Word files). And the bytes of one stream, for
//! a look at a workbook before calamine reads it. Pure, bounds-checked, never panics.

/// The OLE compound file signature.
pub(crate) const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Directory entries are 128 bytes and fill whole sectors, which start after the 512-byte
/// header at multiples of the sector size (512 or 4096): every entry sits at a multiple of
/// 128. An entry holds its name in UTF-16LE (64 bytes, NUL-terminated), the name's length
/// in bytes including the NUL at 64, and its type at 66 (2 = stream).
const ENTRY: usize = 128;
const STREAM: u8 = 2;

fn entry_is(entry: &[u8], wanted: &[u16]) -> bool {
    let name_len = usize::from(u16::from_le_bytes([entry[64], entry[65]]));
    if entry[66] != STREAM || name_len != (wanted.len() + 1) * 2 {
        return false;
    }
    let units: Vec<u16> = entry[..name_len]
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    let fold = |u: u16| char::from_u32(u.into()).map(|c| c.to_ascii_lowercase());
    units.last() == Some(&0) && units.iter().zip(wanted).all(|(&u, &w)| fold(u) == fold(w))
}

/// No next sector: a chain's end (and the other special values above it).
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const ROOT: u8 = 5;

/// The content of the stream named `name` (case-insensitive), following the header, the
/// allocation tables and the directory ([MS-CFB]). `None` if the file is not that well
/// formed or has no such stream. Every chain is followed at most as many steps as the file
/// has sectors, so a loop in a table ends the reading.
pub(crate) fn read_stream(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let file = Compound::open(bytes)?;
    let directory = file.chain(&file.fat, file.u32_at(48)?, usize::MAX)?;
    let wanted: Vec<u16> = name.encode_utf16().collect();
    let entries: Vec<&[u8]> = directory.chunks_exact(ENTRY).collect();
    let entry = entries.iter().find(|e| entry_is(e, &wanted))?;
    let start = u32::from_le_bytes(entry[116..120].try_into().ok()?);
    let size = usize::try_from(u32::from_le_bytes(entry[120..124].try_into().ok()?)).ok()?;
    let cutoff = usize::try_from(file.u32_at(56)?).ok()?;
    if size >= cutoff {
        return file.chain(&file.fat, start, size);
    }
    // Small streams live in the mini stream (the root entry's), in 64-byte sectors.
    let root = entries.first().filter(|e| e[66] == ROOT)?;
    let mini_stream = file.chain(
        &file.fat,
        u32::from_le_bytes(root[116..120].try_into().ok()?),
        usize::MAX,
    )?;
    let mini_fat = table(&file.chain(&file.fat, file.u32_at(60)?, usize::MAX)?);
    let mini_size = 1usize << file.u16_at(32)?.min(12);
    chain_in(&mini_stream, mini_size, &mini_fat, start, size)
}

/// The names of the streams and storages directly under the root, or `None` when the
/// container cannot be read (truncated, corrupt). Only the root's own entries count: a Word
/// file with an embedded chart holds a `Workbook` deeper down, in its object pool.
pub(crate) fn root_entries(bytes: &[u8]) -> Option<Vec<String>> {
    let file = Compound::open(bytes)?;
    let directory = file.chain(&file.fat, file.u32_at(48)?, usize::MAX)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(ENTRY).collect();
    let root = entries.first().filter(|e| e[66] == ROOT)?;
    // The root's children form a tree through their left and right siblings.
    let mut names = Vec::new();
    let mut pending = vec![u32_in(root, 76)?];
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
        names.push(entry_name(entry));
        pending.push(u32_in(entry, 68)?);
        pending.push(u32_in(entry, 72)?);
    }
    Some(names)
}

/// No sibling or child: the end of a branch of the directory tree.
const NO_STREAM: u32 = 0xFFFF_FFFF;

/// A directory entry's name: UTF-16LE, its byte length (with the terminating NUL) at 64.
fn entry_name(entry: &[u8]) -> String {
    let len = usize::from(u16::from_le_bytes([entry[64], entry[65]])).min(64);
    let units: Vec<u16> = entry[..len.saturating_sub(2)]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn u32_in(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// A compound file's header and sector allocation table.
struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
}

impl<'a> Compound<'a> {
    fn open(bytes: &'a [u8]) -> Option<Self> {
        if !bytes.starts_with(MAGIC) || bytes.len() < 512 {
            return None;
        }
        let shift = u16::from_le_bytes([bytes[30], bytes[31]]);
        if shift != 9 && shift != 12 {
            return None;
        }
        let mut file = Compound {
            bytes,
            sector_size: 1 << shift,
            fat: Vec::new(),
        };
        // The sectors of the allocation table: 109 listed in the header, the rest in a
        // chain of DIFAT sectors whose last entry points to the next.
        let mut fat_sectors: Vec<u32> = table(&bytes[76..512]);
        let mut next = file.u32_at(68)?;
        let per_sector = file.sector_size / 4 - 1;
        for _ in 0..file.sectors() {
            if next >= END_OF_CHAIN {
                break;
            }
            let ids = table(file.sector(next)?);
            fat_sectors.extend_from_slice(&ids[..per_sector]);
            next = ids[per_sector];
        }
        let mut fat = Vec::new();
        for id in fat_sectors.into_iter().filter(|&id| id < END_OF_CHAIN) {
            fat.extend(table(file.sector(id)?));
        }
        file.fat = fat;
        Some(file)
    }

    fn sectors(&self) -> usize {
        self.bytes.len() / self.sector_size
    }

    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (usize::try_from(id).ok()? + 1).checked_mul(self.sector_size)?;
        self.bytes.get(start..start.checked_add(self.sector_size)?)
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        Some(u32::from_le_bytes(
            self.bytes.get(at..at + 4)?.try_into().ok()?,
        ))
    }

    fn u16_at(&self, at: usize) -> Option<u16> {
        Some(u16::from_le_bytes(
            self.bytes.get(at..at + 2)?.try_into().ok()?,
        ))
    }

    /// The bytes of the chain from `start`, at most `size` of them.
    fn chain(&self, fat: &[u32], start: u32, size: usize) -> Option<Vec<u8>> {
        let area = &self.bytes[self.sector_size.min(self.bytes.len())..];
        chain_in(area, self.sector_size, fat, start, size)
    }
}

/// Follows `table` from `start` through `area`'s sectors of `sector_size` bytes, collecting
/// `size` bytes (`usize::MAX`: the whole chain).
fn chain_in(
    area: &[u8],
    sector_size: usize,
    table: &[u32],
    start: u32,
    size: usize,
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut id = start;
    // A chain visits each sector once: one that goes on longer loops, and would otherwise
    // collect the table's length in sectors (gigabytes from a forged 10 MB file).
    let mut hops = 0;
    while id < END_OF_CHAIN && out.len() < size {
        hops += 1;
        if hops > area.len() / sector_size {
            return None;
        }
        let at = usize::try_from(id).ok()?.checked_mul(sector_size)?;
        out.extend_from_slice(area.get(at..at.checked_add(sector_size)?)?);
        id = *table.get(usize::try_from(id).ok()?)?;
    }
    if size != usize::MAX {
        if out.len() < size {
            return None;
        }
        out.truncate(size);
    }
    Some(out)
}

/// Little-endian u32s.
fn table(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An OLE file with one sector of directory entries named `names` (type stream), placed
    /// after the header.
    fn ole_with_streams(names: &[&str]) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.resize(512, 0);
        for name in names {
            let mut entry = [0u8; ENTRY];
            let units: Vec<u16> = name.encode_utf16().collect();
            for (i, u) in units.iter().enumerate() {
                entry[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
            }
            entry[64..66].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
            entry[66] = STREAM;
            bytes.extend_from_slice(&entry);
        }
        bytes
    }

    const DOC: &[u8] = include_bytes!("../../../tests/fixtures/formats/minutes.doc");

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

    #[test]
    fn a_chain_that_loops_is_refused_not_followed_for_the_tables_length() {
        // Sector 0 points back to itself: a directory chain that never ends.
        let area = vec![0u8; 4 * 512];
        let table = vec![0u32; 1_000_000];
        assert_eq!(chain_in(&area, 512, &table, 0, usize::MAX), None);
    }

    /// A compound file of 512-byte sectors: 0 the allocation table, 1 the directory, 2 the
    /// mini allocation table, 3 the mini stream (holding "Book", 100 bytes of 0xBB in two
    /// mini sectors), 4-13 "Workbook" (5,000 bytes of 0xAA).
    fn compound() -> Vec<u8> {
        const END: u32 = END_OF_CHAIN;
        const FREE: u32 = 0xFFFF_FFFF;
        let sector = |ids: &[u32]| {
            let mut s: Vec<u8> = ids.iter().flat_map(|i| i.to_le_bytes()).collect();
            s.resize(512, 0xFF);
            s
        };
        let mut header = MAGIC.to_vec();
        header.resize(76, 0);
        header[26] = 3;
        header[28..30].copy_from_slice(&[0xFE, 0xFF]);
        header[30] = 9;
        header[32] = 6;
        header[44] = 1;
        header[48] = 1;
        header[56..60].copy_from_slice(&4096u32.to_le_bytes());
        header[60] = 2;
        header[64] = 1;
        header[68..72].copy_from_slice(&END.to_le_bytes());
        header.extend(0u32.to_le_bytes());
        header.resize(512, 0xFF);
        let mut fat = vec![0xFFFF_FFFD, END, END, END];
        fat.extend(5..14);
        fat.push(END);
        let entry = |name: &str, typ: u8, start: u32, size: u32| {
            let mut e = ole_with_streams(&[name])[512..].to_vec();
            e[66] = typ;
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&size.to_le_bytes());
            e
        };
        let mut directory = entry("Root Entry", ROOT, 3, 128);
        directory.extend(entry("Book", STREAM, 0, 100));
        directory.extend(entry("Workbook", STREAM, 4, 5000));
        directory.resize(512, 0);
        let mut mini = vec![0xBB; 128];
        mini.resize(512, 0);
        let mut file = header;
        file.extend(sector(&fat));
        file.extend(directory);
        file.extend(sector(&[1, END, FREE]));
        file.extend(mini);
        file.extend(vec![0xAA; 5120]);
        file
    }

    #[test]
    fn a_stream_is_read_through_the_allocation_tables() {
        let file = compound();
        assert_eq!(read_stream(&file, "Workbook"), Some(vec![0xAA; 5000]));
        assert_eq!(
            read_stream(&file, "book"),
            Some(vec![0xBB; 100]),
            "from the mini stream"
        );
        assert_eq!(read_stream(&file, "WordDocument"), None);
    }

    #[test]
    fn a_cut_or_looping_file_gives_no_stream_rather_than_hanging() {
        let file = compound();
        assert_eq!(read_stream(&file[..4000], "Workbook"), None);
        let mut looping = file.clone();
        // Sector 13 points back at sector 4.
        looping[512 + 13 * 4..512 + 14 * 4].copy_from_slice(&4u32.to_le_bytes());
        let _ = read_stream(&looping, "Workbook");
    }
}
