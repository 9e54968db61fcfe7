//! What an OLE compound file (the container of .doc, .xls, .et, .ppt and encrypted OOXML)
//! holds, read from its directory entries: which of those it is decides who reads it.

/// The OLE compound file signature.
pub(crate) const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Directory entries are 128 bytes and fill whole sectors, which start after the 512-byte
/// header at multiples of the sector size (512 or 4096): every entry sits at a multiple of
/// 128. An entry holds its name in UTF-16LE (64 bytes, NUL-terminated), the name's length
/// in bytes including the NUL at 64, and its type at 66 (2 = stream).
const ENTRY: usize = 128;
const STREAM: u8 = 2;

/// True if `bytes` are an OLE file with a stream named `name` (case-insensitive, as the
/// format compares names). The directory is found by its entries' shape rather than by
/// following the sector chains: a stream's content that merely mentions the name (a Word
/// file whose text says "Workbook") is not at an entry's place with an entry's length.
pub(crate) fn has_stream(bytes: &[u8], name: &str) -> bool {
    if !bytes.starts_with(MAGIC) {
        return false;
    }
    let wanted: Vec<u16> = name.encode_utf16().collect();
    bytes
        .chunks_exact(ENTRY)
        .skip(512 / ENTRY)
        .any(|entry| entry_is(entry, &wanted))
}

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An OLE file with one sector of directory entries named `names` (type stream), placed
    /// after the header.
    pub(crate) fn ole_with_streams(names: &[&str]) -> Vec<u8> {
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

    #[test]
    fn a_stream_is_found_by_its_directory_entry_whatever_its_case() {
        let bytes = ole_with_streams(&["Root Entry", "WORKBOOK"]);
        assert!(has_stream(&bytes, "Workbook"));
        assert!(!has_stream(&bytes, "Book"), "a name is matched whole");
        assert!(!has_stream(&bytes, "WordDocument"));
    }

    #[test]
    fn a_name_in_a_streams_content_is_not_an_entry() {
        let mut bytes = ole_with_streams(&["WordDocument"]);
        // Text that spells the name in UTF-16 at an unaligned place, as a .doc's text would.
        bytes.extend([0u8; 7]);
        bytes.extend("Workbook\0".encode_utf16().flat_map(u16::to_le_bytes));
        bytes.resize(bytes.len() + 256, 0);
        assert!(!has_stream(&bytes, "Workbook"));
        assert!(has_stream(&bytes, "WordDocument"));
    }

    #[test]
    fn bytes_that_are_not_ole_have_no_streams() {
        assert!(!has_stream(b"PK\x03\x04", "Workbook"));
    }
}
