//! OFD (GB/T 33190-2016, the fixed-layout format of electronic 公文) to text: every page in
//! page order, its text objects put back into lines, paragraphs and tables (see
//! [`super::placed`]).
//!
//! The package is a zip of XML: `OFD.xml` names the documents (`DocBody/DocRoot`), each
//! of whose
//! `Document.xml` lists the pages (`Pages/Page/@BaseLoc`), whose `Content.xml` holds the
//! text objects (see `page`). Templates (`TemplatePage`) are not read: they carry what
//! repeats on every page (running headers, rules), which is no part of the text.

mod page;

use super::placed;
use super::table::Layout;
use super::DecodeError;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::{Cursor, Read};

/// Largest uncompressed XML part read from the package, and all parts together (a page's
/// Content.xml can be referenced by every page): zip-bomb guards, as for .docx.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// The text of an OFD package.
pub(crate) fn extract(bytes: &[u8]) -> Result<Layout, DecodeError> {
    // The zip crate is not fuzzed to be panic-free on hostile archives.
    std::panic::catch_unwind(|| extract_inner(bytes))
        .unwrap_or_else(|_| Err(bad("the zip structure is corrupt")))
}

fn bad(what: impl Into<String>) -> DecodeError {
    DecodeError::BadOfd(what.into())
}

fn extract_inner(bytes: &[u8]) -> Result<Layout, DecodeError> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("not a readable zip archive ({e})")))?;
    let mut package = Package { zip, read: 0 };
    let entry = package.find("", "OFD.xml")?;
    // A package may bind several documents (a notice and its attachment): each is read,
    // in the order OFD.xml names them.
    let doc_roots = texts_of(&package.read_part(&entry)?, b"DocRoot")?;
    if doc_roots.is_empty() {
        return Err(bad("OFD.xml names no document (DocBody/DocRoot)"));
    }
    let mut contents = Vec::new();
    // Where each document after the first starts, in `contents`.
    let mut starts = Vec::new();
    for doc_root in doc_roots {
        if !contents.is_empty() {
            starts.push(contents.len());
        }
        let document = package.find("", &doc_root)?;
        for location in page_locations(&package.read_part(&document)?)? {
            let name = package.find(parent(&document), &location)?;
            let xml = package.read_part(&name)?;
            contents.push(page::content(&xml).map_err(|e| bad(format!("{name}: {e}")))?);
        }
    }
    // Running headers are judged across pages (a writer that converts from PDF puts them
    // on every page rather than in a template).
    Ok(placed::lay_out(contents, &starts)?.layout)
}

struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Uncompressed bytes read so far.
    read: u64,
}

impl Package<'_> {
    /// The entry that `location` names, relative to the folder `base` or, starting with
    /// "/", to the package root. Writers differ in case and in whether a path inside a
    /// document is relative to it or to the root, so both are tried.
    fn find(&self, base: &str, location: &str) -> Result<String, DecodeError> {
        let candidates = [resolve(base, location), resolve("", location)];
        for wanted in &candidates {
            if let Some(name) = self
                .zip
                .file_names()
                .find(|n| n.trim_start_matches('/').eq_ignore_ascii_case(wanted))
            {
                return Ok(name.to_owned());
            }
        }
        Err(bad(format!("{} is missing", candidates[0])))
    }

    fn read_part(&mut self, name: &str) -> Result<String, DecodeError> {
        let file = self
            .zip
            .by_name(name)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        let mut buf = Vec::new();
        file.take(MAX_PART_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        self.read += buf.len() as u64;
        if buf.len() as u64 > MAX_PART_BYTES || self.read > MAX_TOTAL_BYTES {
            return Err(DecodeError::TextTooLarge);
        }
        // XML parts are UTF-8 (the default) or, rarely, UTF-16 with a BOM.
        match super::encoding::bom(&buf) {
            Some((enc, len)) => super::encoding::decode_with_bom(&buf[len..], enc)
                .map(|t| t.text)
                .map_err(|_| bad(format!("{name}: not valid Unicode"))),
            None => String::from_utf8(buf).map_err(|_| bad(format!("{name}: not valid UTF-8"))),
        }
    }
}

/// The folder of an entry name ("Doc_0/Document.xml" → "Doc_0").
fn parent(name: &str) -> &str {
    name.trim_start_matches('/')
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
}

/// `location` resolved against the folder `base`: "/" starts from the root, "." and ".."
/// are followed, backslashes (written by some Windows tools) are separators.
fn resolve(base: &str, location: &str) -> String {
    let location = location.trim().replace('\\', "/");
    let mut parts: Vec<&str> = if location.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in location.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The texts of the elements whose local name is `local`, in document order.
fn texts_of(xml: &str, local: &[u8]) -> Result<Vec<String>, DecodeError> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut texts = Vec::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| bad(format!("bad XML: {e}")))?
        {
            Event::Start(e) if e.local_name().as_ref() == local => inside = true,
            Event::Text(t) if inside => {
                let text = t.unescape().map_err(|e| bad(format!("bad XML: {e}")))?;
                texts.push(text.trim().to_owned());
                inside = false;
            }
            Event::End(e) if e.local_name().as_ref() == local => inside = false,
            Event::Eof => return Ok(texts),
            _ => {}
        }
    }
}

/// The pages of Document.xml, in order (`Pages/Page/@BaseLoc`).
fn page_locations(xml: &str) -> Result<Vec<String>, DecodeError> {
    let mut reader = Reader::from_str(xml);
    let mut in_pages = false;
    let mut pages = Vec::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| bad(format!("Document.xml: {e}")))?
        {
            Event::Start(e) if e.local_name().as_ref() == b"Pages" => in_pages = true,
            Event::End(e) if e.local_name().as_ref() == b"Pages" => in_pages = false,
            Event::Start(e) | Event::Empty(e) if in_pages && e.local_name().as_ref() == b"Page" => {
                let location = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == b"BaseLoc")
                    .and_then(|a| a.unescape_value().ok())
                    .ok_or_else(|| bad("Document.xml: a page without BaseLoc"))?;
                pages.push(location.into_owned());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if pages.is_empty() {
        return Err(bad("Document.xml lists no pages"));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests;
