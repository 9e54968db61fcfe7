//! Word 97–2003 files (.doc, and .wps as WPS Office saves them) through `antiword`.
//!
//! antiword's DocBook output (`-x db`) is read rather than its plain text: the plain text
//! wraps a long table cell onto continuation lines that look like rows of their own, and
//! catdoc (the other Debian reader) turns cell ends into the tabs paragraphs also use and
//! splits a row at a cell's second paragraph. DocBook names every paragraph, row and cell,
//! so tables reach [`Layout::table`] whole.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::run::Workspace;
use super::{from_run_error, Programs};
use crate::extract::decode;
use crate::extract::decode::table::{Cell, DownMerges, Layout};
use crate::extract::{DecodeError, Decoded, SourceFormat, MAX_TEXT_BYTES};

const INPUT: &str = "input.doc";

/// The text of the Word 97 file `bytes`, reported as `format` (.doc or .wps).
pub fn read(
    bytes: &[u8],
    format: SourceFormat,
    programs: &Programs,
) -> Result<Decoded, DecodeError> {
    let workspace =
        Workspace::new(&programs.fence, bytes, INPUT).map_err(|e| DecodeError::ProgramFailed {
            program: "duban".into(),
            detail: format!("cannot prepare the file for reading: {e}"),
        })?;
    let out = workspace
        .run(&programs.antiword, &["-x", "db", "-w", "0", INPUT])
        .map_err(|e| {
            from_run_error(
                e,
                "Word 97-2003",
                &programs.antiword,
                "antiword",
                &programs.fence,
            )
        })?;
    if !out.success() {
        return Err(failure(&out.stderr));
    }
    let layout = docbook(&out.stdout)?;
    decode::finish_layout(layout, format)
}

/// antiword's complaint as an error: encryption has its own.
fn failure(stderr: &str) -> DecodeError {
    if stderr.contains("Encrypted") {
        return DecodeError::Unsupported(crate::extract::decode::OtherFormat::EncryptedOffice);
    }
    let said = stderr
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("antiword could not read it");
    DecodeError::BadDoc(said.replace(INPUT, "the file"))
}

/// Where the DocBook reader is.
#[derive(Default)]
struct State {
    layout: Layout,
    /// Text of the paragraph or title being read.
    text: Option<String>,
    /// Depth of `informaltable`s: rows and cells of nested ones are text of the outer cell.
    tables: usize,
    rows: Vec<Vec<Cell>>,
    cell: Option<String>,
    /// Inside `bookinfo` (antiword's invented date): skipped.
    skip: usize,
    bytes: usize,
}

impl State {
    fn flush_paragraph(&mut self) {
        if let Some(text) = self.text.take() {
            self.layout.paragraph(trim_markup_space(&text));
        }
    }

    fn start(&mut self, name: &[u8]) {
        match name {
            b"bookinfo" => self.skip = 1,
            b"para" | b"title" if self.tables == 0 => self.text = Some(String::new()),
            b"informaltable" | b"table" => {
                if self.tables == 0 {
                    // A table inside a paragraph ends the paragraph's own text.
                    if self.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                        self.flush_paragraph();
                    }
                    self.text = None;
                    self.rows.clear();
                }
                self.tables += 1;
            }
            b"row" if self.tables == 1 => self.rows.push(Vec::new()),
            b"entry" if self.tables == 1 => self.cell = Some(String::new()),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"para" | b"title" if self.tables == 0 => self.flush_paragraph(),
            b"entry" if self.tables == 1 => {
                let text = self.cell.take().unwrap_or_default();
                if let Some(row) = self.rows.last_mut() {
                    row.push(Cell::new(text.trim()));
                }
            }
            // The cells of a table nested in a cell stay apart in the outer cell's text.
            b"entry" | b"para" => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.push('\n');
                }
            }
            b"informaltable" | b"table" => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    let rows = std::mem::take(&mut self.rows);
                    self.layout.table_with(rows, DownMerges::EmptyBelow);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) -> Result<(), DecodeError> {
        self.bytes += text.len();
        if self.bytes > MAX_TEXT_BYTES {
            return Err(DecodeError::TextTooLarge);
        }
        if let Some(cell) = self.cell.as_mut() {
            cell.push_str(text);
        } else if let Some(para) = self.text.as_mut() {
            para.push_str(text);
        }
        Ok(())
    }
}

/// Paragraphs and tables of antiword's DocBook, laid out one line per paragraph and row.
fn docbook(xml: &[u8]) -> Result<Layout, DecodeError> {
    let bad =
        |e: &dyn std::fmt::Display| DecodeError::BadDoc(format!("antiword wrote bad XML: {e}"));
    let mut reader = Reader::from_reader(xml);
    let mut s = State::default();
    loop {
        match reader.read_event().map_err(|e| bad(&e))? {
            Event::Start(_) if s.skip > 0 => s.skip += 1,
            Event::End(_) if s.skip > 0 => s.skip -= 1,
            Event::Start(e) => s.start(e.local_name().as_ref()),
            Event::End(e) => s.end(e.local_name().as_ref()),
            Event::Text(t) if s.skip == 0 => s.text(&t.unescape().map_err(|e| bad(&e))?)?,
            Event::Eof => return Ok(s.layout),
            _ => {}
        }
    }
}

/// A paragraph without the line breaks and indentation antiword puts around it in the
/// XML (its own line breaks inside are kept; U+3000 indentation is the document's).
fn trim_markup_space(text: &str) -> &str {
    text.trim_matches([' ', '\n', '\r', '\t'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCBOOK: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<book lang='en_US'>\n\
        <bookinfo>\n<date>1600-12-31</date>\n</bookinfo>\n<chapter>\n<title/>\n\
        <para>\n签发人：王明 &amp; 李华\n  </para>\n<para>\n\n  </para>\n\
        <para>\n附表：\n<informaltable><tgroup cols='3'><tbody>\n\
        <row><entry>\n序号\n</entry><entry>\n任务\n</entry><entry>\n牵头单位\n</entry></row>\n\
        <row><entry>\n1\n</entry><entry>\n长任务\n第二段\n</entry><entry>\n办公室\n</entry></row>\n\
        <row><entry>\n\n</entry><entry>\n\n</entry><entry>\n人事处\n</entry></row>\n\
        </tbody></tgroup></informaltable>\n</para>\n<para>\n结束段落\n  </para>\n</chapter>\n</book>\n";

    #[test]
    fn paragraphs_are_lines_and_a_tables_rows_are_lines_of_tab_separated_cells() {
        let (text, tables) = docbook(DOCBOOK.as_bytes()).unwrap().finish();
        assert_eq!(
            text,
            "签发人：王明 & 李华\n\n附表：\n序号\t任务\t牵头单位\n1\t长任务 第二段\t办公室\n\t\t人事处\n结束段落\n"
        );
        assert_eq!(tables.len(), 1);
        let cells: Vec<&str> = tables[0].rows[1]
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(cells, ["1", "长任务 第二段", "办公室"]);
    }

    #[test]
    fn a_table_nested_in_a_cell_is_that_cells_text() {
        let xml = "<book><chapter><informaltable><tgroup><tbody><row><entry>外</entry>\
            <entry><informaltable><tgroup><tbody><row><entry>甲</entry><entry>乙</entry></row>\
            </tbody></tgroup></informaltable></entry></row></tbody></tgroup></informaltable>\
            </chapter></book>";
        let (text, tables) = docbook(xml.as_bytes()).unwrap().finish();
        assert_eq!(text, "外\t甲 乙\n");
        assert_eq!(tables[0].rows.len(), 1);
    }

    #[test]
    fn antiwords_complaints_become_errors_that_say_what_happened() {
        assert_eq!(
            failure("Encrypted documents are not supported\n"),
            DecodeError::Unsupported(crate::extract::decode::OtherFormat::EncryptedOffice)
        );
        assert_eq!(
            failure("input.doc is not a Word Document.\n"),
            DecodeError::BadDoc("the file is not a Word Document.".into())
        );
    }
}
