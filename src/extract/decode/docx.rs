//! `.docx` (WordprocessingML) to text: body paragraphs in document order, including those in
//! text boxes, one paragraph per line; a table one line per row (see [`super::table`]).

mod grid;

use super::table::{Budget, Layout, Table};
use super::{DecodeError, OtherFormat, MAX_TEXT_BYTES};
use grid::{Block, Grid, VMerge};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Largest uncompressed XML part read from the archive (zip-bomb guard).
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
const DEFAULT_MAIN_PART: &str = "word/document.xml";

/// True if `bytes` start like a zip archive (local file header, or an empty archive).
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Extracts the text and tables of a zip archive that should be a Word document.
/// `named_docx` says the file name claims .docx, so a broken archive is a damaged document
/// rather than some zip.
pub(crate) fn extract(bytes: &[u8], named_docx: bool) -> Result<(String, Vec<Table>), DecodeError> {
    // The zip crate is not fuzzed to be panic-free on hostile archives; a panic there must not
    // take the caller down.
    std::panic::catch_unwind(|| extract_inner(bytes, named_docx))
        .unwrap_or_else(|_| Err(DecodeError::BadDocx("the zip structure is corrupt".into())))
}

fn extract_inner(bytes: &[u8], named_docx: bool) -> Result<(String, Vec<Table>), DecodeError> {
    let claims_docx = named_docx || memmem(bytes, DEFAULT_MAIN_PART.as_bytes());
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(e) if claims_docx => {
            return Err(DecodeError::BadDocx(format!(
                "not a readable zip archive ({e})"
            )))
        }
        Err(_) => return Err(DecodeError::Unsupported(OtherFormat::Archive)),
    };
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    let main = main_part_name(&mut zip, &names);
    if !names.contains(&main) {
        let office = names
            .iter()
            .any(|n| n == "xl/workbook.xml" || n == "ppt/presentation.xml" || n == "mimetype");
        return Err(if office {
            DecodeError::Unsupported(OtherFormat::OtherOffice)
        } else if claims_docx {
            DecodeError::BadDocx(format!("{main} is missing"))
        } else {
            DecodeError::Unsupported(OtherFormat::Archive)
        });
    }
    let xml = read_part(&mut zip, &main)?;
    let numbering = if names.iter().any(|n| n == "word/numbering.xml") {
        // Numbering only adds list labels; a broken numbering part must not lose the text.
        read_part(&mut zip, "word/numbering.xml")
            .ok()
            .and_then(|x| Numbering::parse(&x).ok())
            .unwrap_or_default()
    } else {
        Numbering::default()
    };
    document_text(&xml, numbering)
}

/// The main document part: the target of the officeDocument relationship, else the default.
fn main_part_name(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, names: &[String]) -> String {
    if names.iter().any(|n| n == "_rels/.rels") {
        if let Ok(rels) = read_part(zip, "_rels/.rels") {
            if let Some(target) = office_document_target(&rels) {
                return target;
            }
        }
    }
    DEFAULT_MAIN_PART.to_owned()
}

fn office_document_target(rels: &str) -> Option<String> {
    let mut reader = NsReader::from_str(rels);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let ty = attr(&e, b"Type")?;
                if ty.ends_with("/officeDocument") {
                    let target = attr(&e, b"Target")?;
                    return Some(target.trim_start_matches('/').to_owned());
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, DecodeError> {
    let bad = |what: String| DecodeError::BadDocx(format!("{name}: {what}"));
    let file = zip.by_name(name).map_err(|e| bad(e.to_string()))?;
    if file.size() > MAX_PART_BYTES {
        return Err(bad("too large when uncompressed".into()));
    }
    let mut buf = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| bad(e.to_string()))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(bad("too large when uncompressed".into()));
    }
    // XML parts are UTF-8 (the default) or, rarely, UTF-16 with a BOM.
    match super::encoding::bom(&buf) {
        Some((enc, len)) => super::encoding::decode_with_bom(&buf[len..], enc)
            .map(|t| t.text)
            .map_err(|_| bad("not valid Unicode".into())),
        None => String::from_utf8(buf).map_err(|_| bad("not valid UTF-8".into())),
    }
}

/// Where an element lives: WordprocessingML, markup compatibility, or elsewhere.
#[derive(PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Other,
}

fn ns_of(r: &ResolveResult) -> Ns {
    match r {
        ResolveResult::Bound(ns) if ns.0 == W_NS || ns.0 == W_STRICT_NS => Ns::W,
        ResolveResult::Bound(ns) if ns.0 == MC_NS => Ns::Mc,
        _ => Ns::Other,
    }
}

/// The value of the attribute whose local name is `local` (prefix ignored), unescaped.
fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        (key.as_ref() == local).then(|| a.unescape_value().ok().map(|v| v.into_owned()))?
    })
}

/// One paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// Text and tables of the main document part. Stops as soon as the text passes
/// [`MAX_TEXT_BYTES`]: compressed XML that expands to more than any document holds is
/// refused without building all of it (and the labels of 100,000 list paragraphs).
fn document_text(xml: &str, mut numbering: Numbering) -> Result<(String, Vec<Table>), DecodeError> {
    let bad = |what: String| DecodeError::BadDocx(what);
    let mut reader = NsReader::from_str(xml);
    let mut total = 0usize; // bytes of text so far, labels and line breaks included
    let mut lines: Vec<Block> = Vec::new();
    // The outermost table being read, if any, and what tables may still spread.
    let mut grid: Option<Grid> = None;
    let mut budget = Budget::default();
    let mut paras: Vec<Para> = Vec::new();
    let mut in_text = 0usize; // inside w:t
    let mut in_run = 0usize; // inside w:r
    let mut skip = 0usize; // depth inside a skipped subtree (mc:Fallback, w:moveFrom)
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| bad(format!("bad XML: {e}")))?;
        let ns = ns_of(&ns);
        match event {
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                let local = e.local_name();
                match (ns, local.as_ref()) {
                    (Ns::Mc, b"Fallback") | (Ns::W, b"moveFrom") => skip = 1,
                    (Ns::W, b"p") => paras.push(Para::default()),
                    (Ns::W, b"t") => in_text += 1,
                    (Ns::W, b"r") => in_run += 1,
                    (Ns::W, b"tbl") => match grid.as_mut() {
                        Some(g) => g.enter_table(),
                        None => grid = Some(Grid::new(budget)),
                    },
                    (Ns::W, b"tr") => grid.iter_mut().for_each(Grid::start_row),
                    (Ns::W, b"tc") => grid.iter_mut().for_each(Grid::start_cell),
                    (Ns::W, name) => {
                        cell_property(name, &e, grid.as_mut());
                        inline_mark(name, in_run, &mut paras);
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let local = e.local_name();
                match (ns, local.as_ref()) {
                    (Ns::W, b"p") if grid.is_none() => lines.push(Block::Line(String::new())),
                    (Ns::W, b"p") => {}
                    (Ns::W, b"numId") => {
                        if let Some(p) = paras.last_mut() {
                            p.num_id = attr(&e, b"val");
                        }
                    }
                    (Ns::W, b"ilvl") => {
                        if let Some(p) = paras.last_mut() {
                            p.ilvl = attr(&e, b"val").and_then(|v| v.parse().ok());
                        }
                    }
                    (Ns::W, name) => {
                        cell_property(name, &e, grid.as_mut());
                        inline_mark(name, in_run, &mut paras);
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match (ns, e.local_name().as_ref()) {
                    (Ns::W, b"p") => {
                        if let Some(p) = paras.pop() {
                            let label = p
                                .num_id
                                .as_deref()
                                .map(|id| numbering.label(id, p.ilvl.unwrap_or(0)))
                                .unwrap_or_default();
                            total += label.len() + 1;
                            if total > MAX_TEXT_BYTES {
                                return Err(DecodeError::TextTooLarge);
                            }
                            let line = label + &p.text;
                            // A paragraph in a table cell is part of the cell.
                            if let Some(line) = match grid.as_mut() {
                                Some(g) => g.paragraph(line),
                                None => Some(line),
                            } {
                                lines.push(Block::Line(line));
                            }
                        }
                    }
                    (Ns::W, b"tc") => grid.iter_mut().for_each(Grid::end_cell),
                    (Ns::W, b"tr") => grid.iter_mut().for_each(Grid::end_row),
                    // The end of the outermost table (a nested one's text stays in its cell).
                    (Ns::W, b"tbl") if grid.as_mut().is_some_and(Grid::leave_table) => {
                        if let Some((blocks, left)) = grid.take().map(Grid::finish) {
                            lines.extend(blocks);
                            budget = left;
                        }
                    }
                    (Ns::W, b"t") => in_text = in_text.saturating_sub(1),
                    (Ns::W, b"r") => in_run = in_run.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 && in_text > 0 => {
                let s = t
                    .unescape()
                    .map_err(|e| bad(format!("bad XML text: {e}")))?;
                total += s.len();
                if total > MAX_TEXT_BYTES {
                    return Err(DecodeError::TextTooLarge);
                }
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&s);
                }
            }
            Event::CData(t) if skip == 0 && in_text > 0 => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A table the document never closed still holds text.
    if let Some((blocks, _)) = grid.take().map(Grid::finish) {
        lines.extend(blocks);
    }
    Ok(lay_out(lines))
}

/// A table cell's properties: how far it spans (`w:gridSpan`), whether it merges with the
/// cell above (`w:vMerge`), and a row's skipped leading columns (`w:gridBefore`).
fn cell_property(name: &[u8], e: &BytesStart, grid: Option<&mut Grid>) {
    let Some(grid) = grid else { return };
    let number = || attr(e, b"val").and_then(|v| v.parse::<usize>().ok());
    match name {
        b"gridSpan" => grid.grid_span(number().unwrap_or(1)),
        b"gridBefore" => grid.grid_before(number().unwrap_or(0)),
        // No value means "continue": the cell is covered by the one above.
        b"vMerge" => grid.vmerge(match attr(e, b"val").as_deref() {
            Some("restart") => VMerge::Restart,
            _ => VMerge::Continue,
        }),
        _ => {}
    }
}

/// Run content that stands for a character: tabs, breaks, non-breaking hyphens.
fn inline_mark(name: &[u8], in_run: usize, paras: &mut [Para]) {
    if in_run == 0 {
        return; // e.g. w:tab inside w:tabs (tab stop definitions)
    }
    let c = match name {
        b"tab" | b"ptab" => '\t',
        b"br" | b"cr" => '\n',
        b"noBreakHyphen" => '-',
        _ => return,
    };
    if let Some(p) = paras.last_mut() {
        p.text.push(c);
    }
}

/// Paragraph lines joined by newlines and tables one line per row; runs of empty lines
/// collapse to one, none at the ends.
fn lay_out(blocks: Vec<Block>) -> (String, Vec<Table>) {
    let mut layout = Layout::new();
    let mut blank_pending = false;
    for block in blocks {
        match block {
            Block::Line(line) => {
                let line = line.trim_end();
                if line.trim().is_empty() {
                    blank_pending = !layout.is_empty();
                    continue;
                }
                if blank_pending {
                    layout.paragraph("");
                }
                blank_pending = false;
                layout.paragraph(line);
            }
            Block::Table(rows) if rows.is_empty() => {}
            Block::Table(rows) => {
                if blank_pending {
                    layout.paragraph("");
                }
                blank_pending = false;
                layout.table(rows);
            }
        }
    }
    let (mut text, tables) = layout.finish();
    // Every line ends with a newline as laid out; the text does not.
    if text.ends_with('\n') {
        text.pop();
    }
    (text, tables)
}

fn memmem(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Automatic list numbering from word/numbering.xml, so that "一、" or "1." labels Word
/// generates appear in the text as the reader sees them.
#[derive(Default)]
struct Numbering {
    /// abstractNumId → levels.
    abstract_levels: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides per level).
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
    /// numId → current counter per level.
    counters: HashMap<String, Vec<Option<u32>>>,
}

#[derive(Default, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
    suffix: String,
}

const MAX_LEVELS: usize = 9;

impl Numbering {
    fn parse(xml: &str) -> Result<Self, quick_xml::Error> {
        let mut n = Numbering::default();
        let mut reader = NsReader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut num: Option<(String, String, HashMap<usize, u32>)> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let (ns, event) = reader.read_resolved_event()?;
            let is_w = ns_of(&ns) == Ns::W;
            match event {
                Event::Start(e) | Event::Empty(e) if is_w => {
                    let val = || attr(&e, b"val");
                    match e.local_name().as_ref() {
                        b"abstractNum" => abstract_id = attr(&e, b"abstractNumId"),
                        b"lvl" if num.is_none() => {
                            let ilvl = attr(&e, b"ilvl").and_then(|v| v.parse().ok());
                            level = ilvl.filter(|&i| i < MAX_LEVELS).map(|i| {
                                (
                                    i,
                                    Level {
                                        start: 1,
                                        suffix: "tab".into(),
                                        ..Level::default()
                                    },
                                )
                            });
                        }
                        b"start" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.start = val().and_then(|v| v.parse().ok()).unwrap_or(1);
                            }
                        }
                        b"numFmt" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.format = val().unwrap_or_default();
                            }
                        }
                        b"lvlText" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.text = val().unwrap_or_default();
                            }
                        }
                        b"suff" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.suffix = val().unwrap_or_default();
                            }
                        }
                        b"num" => {
                            num = attr(&e, b"numId").map(|id| (id, String::new(), HashMap::new()))
                        }
                        b"abstractNumId" => {
                            if let Some((_, a, _)) = num.as_mut() {
                                *a = val().unwrap_or_default();
                            }
                        }
                        b"lvlOverride" => {
                            override_level = attr(&e, b"ilvl").and_then(|v| v.parse().ok())
                        }
                        b"startOverride" => {
                            if let (Some((_, _, o)), Some(i)) = (num.as_mut(), override_level) {
                                if let Some(s) = val().and_then(|v| v.parse().ok()) {
                                    o.insert(i, s);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) if is_w => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let (Some(id), Some((i, l))) = (abstract_id.as_ref(), level.take()) {
                            let levels = n.abstract_levels.entry(id.clone()).or_default();
                            if levels.len() <= i {
                                levels.resize(i + 1, Level::default());
                            }
                            levels[i] = l;
                        }
                    }
                    b"abstractNum" => abstract_id = None,
                    b"num" => {
                        if let Some((id, a, o)) = num.take() {
                            n.nums.insert(id, (a, o));
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(n)
    }

    /// Advances the counter of list `num_id` at level `ilvl` and returns its label, e.g. "一、".
    fn label(&mut self, num_id: &str, ilvl: usize) -> String {
        let Some((abstract_id, overrides)) = self.nums.get(num_id) else {
            return String::new(); // numId 0 or unknown: not numbered
        };
        let Some(levels) = self.abstract_levels.get(abstract_id) else {
            return String::new();
        };
        if ilvl >= levels.len() {
            return String::new();
        }
        let counters = self
            .counters
            .entry(num_id.to_owned())
            .or_insert_with(|| vec![None; MAX_LEVELS]);
        let start = |i: usize| overrides.get(&i).copied().unwrap_or(levels[i].start);
        let next = counters[ilvl].map_or(start(ilvl), |c| c.saturating_add(1));
        counters[ilvl] = Some(next);
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        let level = &levels[ilvl];
        if level.format == "bullet" || level.format == "none" {
            return String::new();
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d)) if (1..=MAX_LEVELS as u32).contains(&d) => {
                    chars.next();
                    let i = d as usize - 1;
                    let value = counters[i].unwrap_or_else(|| start(i));
                    let format = levels.get(i).map_or("decimal", |l| l.format.as_str());
                    out.push_str(&format_number(value, format));
                }
                _ => out.push(c),
            }
        }
        match level.suffix.as_str() {
            "nothing" => {}
            "space" => out.push(' '),
            // A tab after "一、" or "1." is layout; keep the label joined to its text.
            _ if out.ends_with(|c: char| !c.is_alphanumeric()) => {}
            _ => out.push(' '),
        }
        out
    }
}

/// Formats a list counter in a WordprocessingML number format.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographTraditional" => chinese_counting(n),
        "chineseLegalSimplified" => chinese_counting(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                other => other,
            })
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(u32::from(d) - u32::from('0') + 0xFF10))
            .collect(),
        "lowerLetter" | "upperLetter" => {
            let letter = char::from(b'a' + ((n.max(1) - 1) % 26) as u8);
            let s = letter
                .to_string()
                .repeat(((n.max(1) - 1) / 26 + 1) as usize);
            if format == "upperLetter" {
                s.to_uppercase()
            } else {
                s
            }
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (counting style, up to 9999).
pub(super) fn chinese_counting(n: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let units = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut out = String::new();
    let mut zero_pending = false;
    for (value, unit) in units {
        let d = (n / value % 10) as usize;
        if d == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        // 十一 rather than 一十一 when ten is the leading unit.
        if !(value == 10 && d == 1 && out.is_empty()) {
            out.push(DIGITS[d]);
        }
        if value > 1 {
            out.push(unit);
        }
    }
    out
}

fn roman(n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, s) in table {
        while n >= value {
            out.push_str(s);
            n -= value;
        }
    }
    out
}
