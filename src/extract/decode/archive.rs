//! Which document a zip archive packages: OFD, a workbook, or (the rest) a Word document
//! or other archive, for the .docx reader to tell apart.

use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Package {
    /// GB/T 33190: the entry point `OFD.xml` at the root.
    Ofd,
    /// SpreadsheetML: `xl/workbook.xml`.
    Workbook,
    Other,
}

/// The package in `bytes` (a zip). An archive too broken to list goes by its extension, so
/// that a damaged .ofd or .xlsx is reported as that, not as some zip.
pub(crate) fn package_of(bytes: &[u8], extension: &str) -> Package {
    // The zip crate is not fuzzed to be panic-free on hostile archives.
    let names = std::panic::catch_unwind(|| {
        zip::ZipArchive::new(Cursor::new(bytes))
            .ok()
            .map(|z| z.file_names().map(str::to_owned).collect::<Vec<_>>())
    })
    .ok()
    .flatten();
    match names {
        Some(names) if names.iter().any(|n| n.eq_ignore_ascii_case("OFD.xml")) => Package::Ofd,
        Some(names) if names.iter().any(|n| n == "xl/workbook.xml") => Package::Workbook,
        Some(_) => Package::Other,
        None => match extension {
            "ofd" => Package::Ofd,
            "xlsx" | "xlsm" | "xltx" | "xltm" => Package::Workbook,
            _ => Package::Other,
        },
    }
}
