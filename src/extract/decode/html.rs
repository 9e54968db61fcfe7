//! `.html` to article text: charset detection, then the main content block chosen by text
//! density (in the manner of readability), with the title and the publication-date line kept
//! and site furniture (navigation, breadcrumbs, sidebars, footers, credits) dropped.
//!
//! Everything here is general structure and wording common to Chinese institutional sites;
//! nothing is keyed to a particular site.

mod grid;

use super::encoding::{self, Text};
use super::table::{Budget, Cell, Layout, Table};
use super::DecodeError;
use encoding_rs::{Encoding, GB18030, GBK, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};
use regex::Regex;
use scraper::{Html, Node};
use std::collections::HashMap;
use std::sync::LazyLock;

/// True if the file name or the first bytes say HTML.
pub(crate) fn looks_like_html(head: &[u8], extension: &str) -> bool {
    if matches!(extension, "htm" | "html" | "xhtml" | "shtml" | "shtm") {
        return true;
    }
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..head.len().min(start + 1024)];
    if head.first() != Some(&b'<') {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
    ]
    .iter()
    .any(|tag| lower.windows(tag.len()).any(|w| w == *tag))
}

/// Decodes HTML bytes without a BOM: valid UTF-8 wins, then the `<meta>` charset, then
/// GB18030 by plausibility.
pub(crate) fn decode_bytes(bytes: &[u8]) -> Result<Text, DecodeError> {
    if encoding::looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Text {
            text: s.to_owned(),
            encoding: "UTF-8",
        });
    }
    let declared = declared_charset(bytes).map(|e| if e == GBK { GB18030 } else { e });
    match declared {
        Some(enc) if enc != GB18030 && enc != UTF_8 => {
            if let Some(text) = encoding::strict(enc, bytes) {
                return Ok(Text {
                    text,
                    encoding: enc.name(),
                });
            }
        }
        _ => {
            if let Some(text) = encoding::decode_gb18030(bytes) {
                return Ok(text);
            }
        }
    }
    // Pages on the web often carry a stray bad byte or two; with a declared charset, tolerate
    // a handful (kept as U+FFFD) rather than refuse the page. Anything more is an error.
    let enc = declared.ok_or(DecodeError::UnknownEncoding)?;
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let chars = text.chars().count();
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    if bad <= 2 || bad * 1000 <= chars {
        let name = if enc == GB18030 {
            "GB18030"
        } else {
            enc.name()
        };
        return Ok(Text {
            text: text.into_owned(),
            encoding: name,
        });
    }
    Err(DecodeError::UnknownEncoding)
}

/// The encoding a `<meta charset>`, `<meta http-equiv content="…; charset=…">` or XML
/// declaration names in the first 16 KiB.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(
            r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_:.\-]+)"#,
        )
        .expect("valid regex")
    });
    let head = &bytes[..bytes.len().min(16 * 1024)];
    let caps = META.captures(head)?;
    let label = caps.get(1).or_else(|| caps.get(2))?.as_bytes();
    let enc = Encoding::for_label(label)?;
    if enc == REPLACEMENT {
        None
    } else if enc == UTF_16LE || enc == UTF_16BE {
        Some(UTF_8) // a meta tag can only be read if the page is ASCII-compatible
    } else {
        Some(enc)
    }
}

/// Start tags that make the HTML parser search the whole stack of open elements (for a `<p>`
/// to close), so deep nesting of them costs quadratic time.
const STACK_SEARCHING_TAGS: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"center",
    b"details",
    b"dialog",
    b"dir",
    b"div",
    b"dl",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"header",
    b"hgroup",
    b"hr",
    b"listing",
    b"main",
    b"menu",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"search",
    b"section",
    b"summary",
    b"table",
    b"ul",
    b"xmp",
];

/// Most parser work nesting may cost (sum of open-element depths at block start tags). Real
/// pages nest a few dozen levels deep and stay far below; a page of 100 000 nested `<div>`s
/// would take minutes.
const MAX_NESTING_WORK: u64 = 20_000_000;

/// True if the page nests block elements so deeply that parsing it would take too long.
pub(crate) fn too_deeply_nested(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut depth: u64 = 0;
    let mut work: u64 = 0;
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = bytes[start..start + len].to_ascii_lowercase();
        if len == 0 || !STACK_SEARCHING_TAGS.contains(&name.as_slice()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            work += depth;
            depth += 1;
            if work > MAX_NESTING_WORK {
                return true;
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------------------
// DOM flattening

/// An element or text node of the page, in document (pre-)order, so a subtree is a
/// contiguous index range.
struct Item {
    parent: Option<usize>,
    children: Vec<usize>,
    kind: Kind,
    /// Subtree is `[index, end)`.
    end: usize,
    removed: bool,
    in_link: bool,
    in_pre: bool,
    /// Non-whitespace characters in the subtree (removed parts excluded).
    chars: usize,
    link_chars: usize,
}

enum Kind {
    Element { tag: String, tokens: Vec<String> },
    Text(String),
    Other,
}

struct Page {
    items: Vec<Item>,
}

/// Tags whose content is never article text.
const DROPPED_TAGS: &[&str] = &[
    "head", "script", "style", "noscript", "iframe", "frame", "frameset", "nav", "aside",
    "template", "svg", "math", "canvas", "object", "embed", "applet", "select", "option", "button",
    "input", "textarea", "map", "audio", "video", "link", "meta", "dialog",
];

/// Tags that start a new line.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// class/id words marking furniture, removed unless the element also carries a content word.
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "footer",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "sidebar",
    "copyright",
    "share",
    "bdshare",
    "bdsharebuttonbox",
    "pagination",
    "pager",
    "banner",
    "login",
    "friendlink",
    "friendlinks",
    "links",
    "header",
    "comment",
    "comments",
    "advert",
    "ads",
];
/// class/id words marking furniture, used only to lower the score (too vague to remove).
const WEAK_FURNITURE_WORDS: &[&str] = &[
    "side", "left", "right", "foot", "bottom", "top", "head", "related", "meta", "list",
    "position", "location", "tool", "tools", "hot", "rank",
];
/// class/id words marking content.
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "main", "body", "entry", "post", "text", "detail", "zoom", "story",
    "arti", "wenzhang", "zhengwen", "neirong", "conn",
];

fn is_block(tag: &str) -> bool {
    BLOCK_TAGS.contains(&tag)
}

fn word_in(tokens: &[String], words: &[&str]) -> bool {
    tokens.iter().any(|t| {
        words.iter().any(|w| {
            t == w || ((w.len() >= 4 || *w == "nav") && (t.starts_with(w) || t.ends_with(w)))
        })
    })
}

fn has_content_word(tokens: &[String]) -> bool {
    tokens
        .iter()
        .any(|t| CONTENT_WORDS.iter().any(|w| t.contains(w)))
}

impl Page {
    fn parse(source: &str) -> Page {
        let doc = Html::parse_document(source);
        let mut index = HashMap::new();
        let mut items: Vec<Item> = Vec::new();
        for node in doc.tree.root().descendants() {
            let parent = node.parent().and_then(|p| index.get(&p.id()).copied());
            let kind = match node.value() {
                Node::Element(e) => {
                    let mut tokens = Vec::new();
                    for value in [e.attr("class"), e.attr("id")].into_iter().flatten() {
                        tokens.extend(
                            value
                                .to_ascii_lowercase()
                                .split(|c: char| !c.is_ascii_alphanumeric())
                                .filter(|t| !t.is_empty())
                                .map(str::to_owned),
                        );
                    }
                    let hidden = e.attr("hidden").is_some()
                        || e.attr("style").is_some_and(|s| {
                            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                            let s = s.to_ascii_lowercase();
                            s.contains("display:none") || s.contains("visibility:hidden")
                        });
                    if hidden {
                        tokens.push("\u{0}hidden".into());
                    }
                    if let Some(start) =
                        e.attr("start").and_then(|s| s.trim().parse::<usize>().ok())
                    {
                        tokens.push(format!("\u{0}start={}", start.min(1_000_000)));
                    }
                    for span in ["rowspan", "colspan"] {
                        if let Some(n) = e.attr(span).and_then(|s| s.trim().parse::<usize>().ok()) {
                            tokens.push(format!("\u{0}{span}={}", n.min(1_000)));
                        }
                    }
                    Kind::Element {
                        tag: e.name().to_ascii_lowercase(),
                        tokens,
                    }
                }
                Node::Text(t) => Kind::Text(t.to_string()),
                _ => Kind::Other,
            };
            let i = items.len();
            index.insert(node.id(), i);
            items.push(Item {
                parent,
                children: Vec::new(),
                kind,
                end: i + 1,
                removed: false,
                in_link: false,
                in_pre: false,
                chars: 0,
                link_chars: 0,
            });
            if let Some(p) = parent {
                items[p].children.push(i);
            }
        }
        let mut page = Page { items };
        page.mark();
        page
    }

    fn tag(&self, i: usize) -> &str {
        match &self.items[i].kind {
            Kind::Element { tag, .. } => tag,
            _ => "",
        }
    }

    fn tokens(&self, i: usize) -> &[String] {
        match &self.items[i].kind {
            Kind::Element { tokens, .. } => tokens,
            _ => &[],
        }
    }

    /// Marks removed subtrees, links and preformatted text (top-down), then counts characters
    /// (bottom-up).
    fn mark(&mut self) {
        let n = self.items.len();
        // Inside <article>, <main> or an element whose class/id says content.
        let mut in_article = vec![false; n];
        for i in 0..n {
            let parent = self.items[i].parent;
            let (p_removed, p_link, p_pre, p_article) =
                parent.map_or((false, false, false, false), |p| {
                    let it = &self.items[p];
                    (it.removed, it.in_link, it.in_pre, in_article[p])
                });
            let tag = self.tag(i).to_owned();
            let tokens = self.tokens(i);
            let removed = p_removed
                || DROPPED_TAGS.contains(&tag.as_str())
                || (tag == "header" && !p_article && !has_content_word(tokens))
                || tag == "footer"
                || tokens.iter().any(|t| t == "\u{0}hidden")
                || (!matches!(tag.as_str(), "html" | "body" | "article" | "main")
                    && word_in(tokens, FURNITURE_WORDS)
                    && !has_content_word(tokens));
            in_article[i] =
                p_article || tag == "article" || tag == "main" || has_content_word(tokens);
            let it = &mut self.items[i];
            it.removed = removed;
            it.in_link = p_link || tag == "a";
            it.in_pre = p_pre || tag == "pre";
        }
        for i in (0..n).rev() {
            let (chars, link) = match &self.items[i].kind {
                Kind::Text(t) if !self.items[i].removed => {
                    let c = t.chars().filter(|c| !c.is_whitespace()).count();
                    (c, if self.items[i].in_link { c } else { 0 })
                }
                _ => (0, 0),
            };
            let it = &mut self.items[i];
            it.chars += chars;
            it.link_chars += link;
            let (chars, link, end) = (it.chars, it.link_chars, it.end);
            if let Some(p) = it.parent {
                let parent = &mut self.items[p];
                parent.chars += chars;
                parent.link_chars += link;
                parent.end = parent.end.max(end);
            }
        }
    }

    /// The `start` attribute of an `<ol>` (default 1).
    fn ol_start(&self, i: usize) -> usize {
        self.tokens(i)
            .iter()
            .find_map(|t| t.strip_prefix("\u{0}start=").and_then(|v| v.parse().ok()))
            .unwrap_or(1)
    }

    fn link_density(&self, i: usize) -> f64 {
        let it = &self.items[i];
        if it.chars == 0 {
            0.0
        } else {
            it.link_chars as f64 / it.chars as f64
        }
    }

    fn contains(&self, ancestor: usize, i: usize) -> bool {
        ancestor <= i && i < self.items[ancestor].end
    }

    fn first_element(&self, tag: &str) -> Option<usize> {
        (0..self.items.len()).find(|&i| self.tag(i) == tag)
    }

    /// Text of a subtree with whitespace collapsed (removed parts included when `all`).
    fn plain_text(&self, root: usize, all: bool) -> String {
        let mut out = String::new();
        for i in root..self.items[root].end {
            if let Kind::Text(t) = &self.items[i].kind {
                if all || !self.items[i].removed {
                    out.push_str(t);
                    out.push(' ');
                }
            }
        }
        collapse_ws(&out)
    }
}

fn collapse_ws(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------
// Main content block

/// Per-block counts of the text directly inside a block (not inside nested blocks).
#[derive(Default, Clone, Copy)]
struct Own {
    plain: usize,
    commas: usize,
}

fn is_comma(c: char) -> bool {
    matches!(c, '，' | '、' | '；' | '。' | ',' | ';')
}

/// Scores candidate containers and returns the best one and the text blocks scored.
fn best_candidate(page: &Page) -> Option<(usize, Vec<usize>, HashMap<usize, f64>)> {
    let n = page.items.len();
    let mut own: HashMap<usize, Own> = HashMap::new();
    let mut nearest_block = vec![None; n];
    for i in 0..n {
        let it = &page.items[i];
        let Some(p) = it.parent else { continue };
        nearest_block[i] = if is_block(page.tag(p)) {
            Some(p)
        } else {
            nearest_block[p]
        };
        if let (Kind::Text(t), false, false, Some(b)) =
            (&it.kind, it.removed, it.in_link, nearest_block[i])
        {
            let o = own.entry(b).or_default();
            o.plain += t.chars().filter(|c| !c.is_whitespace()).count();
            o.commas += t.chars().filter(|&c| is_comma(c)).count();
        }
    }
    let mut scores: HashMap<usize, f64> = HashMap::new();
    let init = |page: &Page, i: usize| -> f64 {
        let base = match page.tag(i) {
            "div" | "article" | "section" | "main" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        let tokens = page.tokens(i);
        let mut weight = 0.0;
        if has_content_word(tokens) {
            weight += 25.0;
        }
        if word_in(tokens, WEAK_FURNITURE_WORDS) || word_in(tokens, FURNITURE_WORDS) {
            weight -= 25.0;
        }
        base + weight
    };
    let mut blocks: Vec<usize> = own
        .iter()
        .filter(|(&b, o)| o.plain >= 10 && !page.items[b].removed && !page.tag(b).starts_with('h'))
        .map(|(&b, _)| b)
        .collect();
    blocks.sort_unstable();
    for &b in &blocks {
        let o = own[&b];
        let score = 1.0 + o.commas as f64 + (o.plain / 100).min(3) as f64;
        // A container holding a long stretch of text itself (paragraphs split by <br>) is a
        // candidate too, not only its ancestors.
        if o.plain >= 100
            && matches!(
                page.tag(b),
                "div" | "td" | "section" | "article" | "pre" | "blockquote" | "center"
            )
        {
            *scores.entry(b).or_insert_with(|| init(page, b)) += score;
        }
        let mut ancestor = page.items[b].parent;
        for level in 0..5 {
            let Some(a) = ancestor else { break };
            if page.tag(a).is_empty() {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            *scores.entry(a).or_insert_with(|| init(page, a)) += score / divider;
            ancestor = page.items[a].parent;
        }
    }
    for (i, s) in scores.iter_mut() {
        *s *= 1.0 - page.link_density(*i);
    }
    let mut best: Option<(usize, f64)> = None;
    let mut keys: Vec<usize> = scores.keys().copied().collect();
    keys.sort_unstable();
    for i in keys {
        let s = scores[&i];
        // Ties go to the deeper (later) element: the tighter block.
        if best.is_none_or(|(_, b)| s >= b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| (i, blocks, scores))
}

/// The best block plus siblings that also look like article text, in document order.
fn content_roots(page: &Page, best: usize, scores: &HashMap<usize, f64>) -> Vec<usize> {
    let Some(parent) = page.items[best].parent else {
        return vec![best];
    };
    let best_score = scores.get(&best).copied().unwrap_or(0.0);
    let threshold = (best_score * 0.2).max(10.0);
    page.items[parent]
        .children
        .iter()
        .copied()
        .filter(|&s| {
            if s == best {
                return true;
            }
            let it = &page.items[s];
            if it.removed || !matches!(it.kind, Kind::Element { .. }) {
                return false;
            }
            if scores.get(&s).is_some_and(|&x| x >= threshold) {
                return true;
            }
            if page.tag(s) == "p" {
                let density = page.link_density(s);
                let text = page.plain_text(s, false);
                let len = it.chars;
                return (len >= 80 && density < 0.25)
                    || (len > 0 && density == 0.0 && text.ends_with('。'));
            }
            false
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Rendering

struct Line {
    text: String,
    chars: usize,
    link_chars: usize,
    /// For a row of a data table: the table (its element) and the row's cells.
    row: Option<(usize, Vec<Cell>)>,
}

#[derive(Default)]
struct Renderer {
    lines: Vec<Line>,
    cur: String,
    chars: usize,
    link_chars: usize,
    /// Whitespace seen since the last character; `Some(true)` if it held a newline.
    pending_ws: Option<bool>,
    /// Next item number of each open `<ol>`.
    ol_counters: Vec<usize>,
    /// What data tables may still spread of merged cells.
    budget: Budget,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

impl Renderer {
    fn flush(&mut self) {
        let text = self.cur.trim().to_owned();
        if !text.is_empty() {
            self.lines.push(Line {
                text,
                chars: self.chars,
                link_chars: self.link_chars,
                row: None,
            });
        }
        self.cur.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.pending_ws = None;
    }

    /// A data table: one line per row, its cells kept.
    fn table(&mut self, page: &Page, i: usize) {
        self.flush();
        for (cells, chars, link_chars) in page.grid(i, &mut self.budget) {
            self.lines.push(Line {
                text: grid::row_line(&cells).trim().to_owned(),
                chars,
                link_chars,
                row: Some((i, cells)),
            });
        }
    }

    fn cell_break(&mut self) {
        if !self.cur.trim().is_empty() {
            self.cur.push('\t');
        }
        self.pending_ws = None;
    }

    fn text(&mut self, t: &str, in_link: bool, in_pre: bool) {
        for c in t.chars() {
            if c == '\n' && in_pre {
                self.flush();
                continue;
            }
            if matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}') {
                continue;
            }
            if c.is_whitespace() {
                let nl = c == '\n' || c == '\r';
                self.pending_ws = Some(self.pending_ws.unwrap_or(false) || nl);
                continue;
            }
            if let Some(nl) = self.pending_ws.take() {
                let prev = self.cur.chars().last();
                let joinable = nl && prev.is_some_and(is_cjk) && is_cjk(c);
                if prev.is_some_and(|p| p != '\t') && !joinable {
                    self.cur.push(' ');
                }
            }
            self.cur.push(c);
            self.chars += 1;
            if in_link {
                self.link_chars += 1;
            }
        }
    }

    fn render(&mut self, page: &Page, root: usize) {
        // (index, entering)
        let mut stack = vec![(root, true)];
        while let Some((i, entering)) = stack.pop() {
            let it = &page.items[i];
            if it.removed {
                continue;
            }
            match &it.kind {
                Kind::Text(t) => self.text(t, it.in_link, it.in_pre),
                Kind::Element { tag, .. } => {
                    let tag = tag.as_str();
                    if entering && tag == "table" && page.is_data_table(i) {
                        self.table(page, i);
                        continue;
                    }
                    if entering {
                        match tag {
                            "br" | "hr" => self.flush(),
                            "td" | "th" => self.cell_break(),
                            "ol" => {
                                self.flush();
                                self.ol_counters.push(page.ol_start(i));
                            }
                            "li" => {
                                self.flush();
                                // Browsers number <ol> items; the numbers are part of the text.
                                let in_ol = it.parent.is_some_and(|p| page.tag(p) == "ol");
                                if let (true, Some(n)) = (in_ol, self.ol_counters.last_mut()) {
                                    let label = format!("{n}.");
                                    *n = n.saturating_add(1);
                                    self.text(&label, false, false);
                                }
                            }
                            t if is_block(t) => self.flush(),
                            _ => {}
                        }
                        stack.push((i, false));
                        stack.extend(it.children.iter().rev().map(|&c| (c, true)));
                    } else if is_block(tag) && !matches!(tag, "td" | "th") {
                        self.flush();
                        if tag == "ol" {
                            self.ol_counters.pop();
                        }
                    }
                }
                Kind::Other => {}
            }
        }
        self.flush();
    }
}

// ---------------------------------------------------------------------------------------
// Furniture lines

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(发布时间|发布日期|发表时间|发表日期|发文时间|发文日期|成文日期|更新时间|更新日期|录入时间|添加时间|时间|日期)\s*([:：])?\s*)?([0-9]{4}\s*[-年/.]\s*[0-9]{1,2}\s*[-月/.]\s*[0-9]{1,2}\s*日?)",
    )
    .expect("valid regex")
});

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(责任编辑|编辑|审核|审稿|审签|审定|编审|初审|复审|终审|一审|二审|三审|校对|责编|作者|来源|摄影|图片|供稿|撰稿|通讯员|记者|点击数|点击量|点击|浏览次数|浏览量|浏览|阅读次数|阅读量|阅读数|阅读|访问量|访问次数|发布者|发布人|发布单位|信息来源|文章来源|稿件来源)\s*[:：]",
    )
    .expect("valid regex")
});

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(【\[]\s*(通讯员|记者|编辑|供稿|撰稿|文|图|文/图|图/文|文图)[^）)】\]]{0,40}[）)】\]]$|^(文|图|文/图|图/文)\s*[/／:：]")
        .expect("valid regex")
});

static BREADCRUMB_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(当前位置|您现在的位置|您当前的位置|您的位置|现在位置|所在位置|当前页面|位置)\s*(是|为)?\s*[:：]")
        .expect("valid regex")
});

static PAGE_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[【\[]?\s*(上一篇|下一篇|上一条|下一条|上一则|下一则|前一篇|后一篇|上篇|下篇)|打印本页|打印此页|打印本文|打印文章|关闭窗口|关闭本页|【\s*打印\s*】|【\s*关闭\s*】|返回顶部|回到顶部|加入收藏|设为首页|收藏本页|收藏本站|分享到|分享至|(字号|字体|文字)\s*[:：]?\s*[【\[]?\s*大\s*中\s*小|^分享\s*[:：]?$",
    )
    .expect("valid regex")
});

static SITE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)版权所有|copyright|©|ICP\s*备|ICP\s*证|公网安备|技术支持\s*[:：]|网站地图|网站标识码|建议使用.{0,20}浏览器|最佳分辨率|分辨率.{0,10}浏览",
    )
    .expect("valid regex")
});

static CONTACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(电话|邮编|传真|邮箱|E-?mail)\s*[:：]").expect("valid regex"));

static WELCOME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^欢迎(您)?(访问|光临|来到|进入|浏览)").expect("valid regex"));

/// True if the line is a breadcrumb trail: "学院首页 > 新闻中心 > 正文".
fn is_breadcrumb(line: &str) -> bool {
    if BREADCRUMB_LABEL.is_match(line) {
        return true;
    }
    let parts: Vec<&str> = line
        .split(['>', '›', '»', '→', '＞', '≫'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 2
        && parts.iter().all(|p| p.chars().count() <= 20)
        && (parts[0].contains("首页")
            || parts[0].contains("主页")
            || parts[0].eq_ignore_ascii_case("home")
            || matches!(
                parts[parts.len() - 1],
                "正文" | "详情" | "内容" | "正文内容"
            ))
}

/// True if the line is a site's address line ("地址：… 邮编：… 电话：…"), not a notice's
/// contact person ("联系人：… 联系电话：…").
fn is_site_contact(text: &str) -> bool {
    text.contains("地址")
        && CONTACT.is_match(text)
        && (text.contains("邮编") || !text.contains("联系"))
}

/// True if a rendered line is site furniture rather than article text.
fn is_furniture(line: &Line) -> bool {
    let text = line.text.as_str();
    let len = text.chars().count();
    if line.link_chars * 10 >= line.chars * 9 {
        return true; // a line that is all links: menus, related-article lists
    }
    let sentence = text.ends_with('。');
    is_breadcrumb(text)
        || (len <= 60 && WELCOME.is_match(text))
        || (len <= 80 && PAGE_ACTION.is_match(text))
        || (len <= 200 && SITE_FOOTER.is_match(text))
        || (len <= 200 && !sentence && is_site_contact(text))
        || (len <= 100 && !sentence && CREDIT.is_match(text))
        || (len <= 60 && BYLINE.is_match(text))
}

/// The publication-date line made from a meta line: "发布时间：2022-11-10".
fn date_line(text: &str) -> Option<String> {
    let caps = DATE.captures(text)?;
    let date = caps.get(3)?.as_str().trim();
    match caps.get(1) {
        Some(label) => Some(format!(
            "{}{}{}",
            label.as_str(),
            caps.get(2).map_or("：", |c| c.as_str()),
            date
        )),
        // A bare date counts only on a short meta line, not inside a sentence.
        None if text.chars().count() <= 60 && !text.ends_with('。') => {
            Some(format!("发布时间：{date}"))
        }
        None => None,
    }
}

/// True if the line is only a date (with an optional label and time): already given on top.
fn is_only_date(text: &str) -> bool {
    DATE.find(text).is_some_and(|m| {
        let rest = format!("{}{}", &text[..m.start()], &text[m.end()..]);
        rest.chars().all(|c| {
            c.is_whitespace()
                || c.is_ascii_digit()
                || matches!(
                    c,
                    ':' | '：' | '[' | ']' | '【' | '】' | '(' | ')' | '（' | '）'
                )
        })
    })
}

// ---------------------------------------------------------------------------------------
// Title and date

/// Splits a `<title>` into parts ("标题-新闻中心-某某学院").
fn title_parts(title: &str) -> Vec<String> {
    title
        .split(['-', '_', '|', '—', '–', '－', '｜', '·'])
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

fn is_heading(page: &Page, i: usize) -> bool {
    let tag = page.tag(i);
    matches!(tag, "h1" | "h2" | "h3")
        || page
            .tokens(i)
            .iter()
            .any(|t| t.contains("tit") || t.contains("headline") || t == "bt" || t == "biaoti")
}

/// The article title element (or `None`) and the title text.
fn find_title(page: &Page, best: usize, content_start: usize) -> (Option<usize>, Option<String>) {
    let doc_title = page
        .first_element("title")
        .map(|t| page.plain_text(t, true))
        .unwrap_or_default();
    let parts = title_parts(&doc_title);
    let longest = parts.iter().max_by_key(|p| p.chars().count()).cloned();
    // Look near the content: within a few levels above the best block, before the text starts.
    let mut scope = best;
    for _ in 0..3 {
        if let Some(p) = page.items[scope].parent {
            scope = p;
        }
    }
    let n = page.items.len();
    let mut wraps_heading = vec![false; n];
    for i in (0..n).rev() {
        if let Some(p) = page.items[i].parent {
            if wraps_heading[i] || (is_heading(page, i) && !page.items[i].removed) {
                wraps_heading[p] = true;
            }
        }
    }
    let mut matching = None;
    let mut nearest = None;
    let stop = page.items[scope].end.min(content_start + 1);
    for (i, it) in page.items.iter().enumerate().take(stop).skip(scope) {
        if it.removed || it.in_link || !is_heading(page, i) {
            continue;
        }
        // Skip a heading wrapping other headings (the inner one is the title) and anything
        // too big to be a title.
        if it.chars > 300 || it.end - i > 500 || wraps_heading[i] {
            continue;
        }
        let text = page.plain_text(i, false);
        let len = text.chars().count();
        if !(4..=150).contains(&len) || it.link_chars * 2 > it.chars {
            continue;
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let doc_compact: String = doc_title.chars().filter(|c| !c.is_whitespace()).collect();
        let matches = doc_compact.contains(&compact)
            || longest
                .as_deref()
                .is_some_and(|l| l.chars().count() >= 4 && compact.contains(&l.replace(' ', "")));
        if matches {
            matching = Some((i, text.clone()));
        }
        nearest = Some((i, text));
    }
    if let Some((i, t)) = matching.or(nearest) {
        return (Some(i), Some(t));
    }
    (None, longest)
}

/// Looks for the publication date just after the title (or at the top of the content).
fn find_date(page: &Page, from: usize, lines: &[Line]) -> Option<String> {
    // Walk the text after `from`, one block line at a time, for about 200 characters.
    let mut budget = 200usize;
    let mut r = Renderer::default();
    let mut i = from;
    while i < page.items.len() && budget > 0 {
        let it = &page.items[i];
        if let Kind::Text(t) = &it.kind {
            if !it.removed && !it.in_link {
                r.text(t, false, false);
                budget = budget.saturating_sub(it.chars);
            }
        } else if is_block(page.tag(i)) || page.tag(i) == "br" {
            r.flush();
        }
        i += 1;
    }
    r.flush();
    r.lines
        .iter()
        .map(|l| l.text.as_str())
        .chain(lines.iter().take(3).map(|l| l.text.as_str()))
        .find_map(date_line)
}

/// The article text of an HTML page: title, publication-date line, then one line per block
/// (a data table one line per row, see [`super::table`]), and the data tables.
pub(crate) fn article_text(source: &str) -> Result<(String, Vec<Table>), DecodeError> {
    if too_deeply_nested(source) {
        return Err(DecodeError::HtmlTooDeep);
    }
    let page = Page::parse(source);
    let body = page.first_element("body").unwrap_or(0);
    let (roots, best, content_start) = match best_candidate(&page) {
        Some((best, blocks, scores)) => {
            let start = blocks
                .iter()
                .copied()
                .find(|&b| page.contains(best, b))
                .unwrap_or(best);
            (content_roots(&page, best, &scores), best, start)
        }
        None => (vec![body], body, body),
    };
    let mut r = Renderer::default();
    for &root in &roots {
        r.render(&page, root);
    }
    let (title_el, title) = find_title(&page, best, content_start);
    let date_from = title_el.map_or(roots[0], |t| page.items[t].end);
    let date = find_date(&page, date_from, &r.lines);

    let mut out: Vec<Block> = Vec::new();
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let title_compact = title.as_deref().map(compact);
    if let Some(t) = &title {
        out.push(Block::Line(t.clone()));
    }
    if let Some(d) = &date {
        out.push(Block::Line(d.clone()));
    }
    let head = out.len();
    for line in r.lines {
        if is_furniture(&line) {
            continue;
        }
        if title_compact.as_deref() == Some(compact(&line.text).as_str()) {
            continue;
        }
        // A date-only line at the top repeats the date line; further down (a notice's date
        // under its signature) it is text.
        if date.is_some() && out.len() < head + 2 && is_only_date(&line.text) {
            continue;
        }
        out.push(match line.row {
            Some((table, cells)) => Block::Row(table, cells),
            None => Block::Line(line.text),
        });
    }
    Ok(lay_out(out))
}

/// A line of the article, or a row of one of its data tables.
enum Block {
    Line(String),
    /// The table (its element) and the row's cells.
    Row(usize, Vec<Cell>),
}

/// The article's lines joined by newlines, the rows of each data table laid out as a table.
fn lay_out(blocks: Vec<Block>) -> (String, Vec<Table>) {
    let mut layout = Layout::new();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut table = None;
    for block in blocks {
        match block {
            Block::Row(t, cells) if table == Some(t) || rows.is_empty() => {
                table = Some(t);
                rows.push(cells);
            }
            block => {
                if !rows.is_empty() {
                    layout.table(std::mem::take(&mut rows));
                }
                table = None;
                match block {
                    Block::Line(line) => layout.paragraph(&line),
                    Block::Row(t, cells) => {
                        table = Some(t);
                        rows.push(cells);
                    }
                }
            }
        }
    }
    if !rows.is_empty() {
        layout.table(rows);
    }
    let (mut text, tables) = layout.finish();
    // Every line ends with a newline as laid out; the text does not.
    if text.ends_with('\n') {
        text.pop();
    }
    (text, tables)
}
