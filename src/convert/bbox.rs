//! The words of a PDF's text layer with their places, as `pdftotext -bbox` writes them:
//! XHTML with a `<page width height>` per page holding `<word xMin yMin xMax yMax>`s (in
//! points, y down). Pure.
//!
//! A word becomes a [`Piece`]: its box's bottom is taken for the baseline (the words of one
//! line share it; the descent is the same for one font) and its height for the font size
//! (poppler's box is the font's ascent to descent, about an em), in mm as OFD's are, so that
//! the shared layout ([`crate::extract::decode::placed`]) reads both alike.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::extract::decode::placed::Piece;

/// Millimetres in a point.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// The words of each page, in page order. An error is XML poppler would not write: the
/// caller reads the PDF another way.
pub fn pages(xhtml: &str) -> Result<Vec<Vec<Piece>>, quick_xml::Error> {
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<Vec<Piece>> = Vec::new();
    let mut word: Option<(WordBox, String)> = None;
    loop {
        match reader.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == b"page" => pages.push(Vec::new()),
            Event::Empty(e) if e.local_name().as_ref() == b"page" => pages.push(Vec::new()),
            Event::Start(e) if e.local_name().as_ref() == b"word" => {
                word = WordBox::of(&e).map(|b| (b, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, text)) = word.as_mut() {
                    text.push_str(&t.unescape()?);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"word" => {
                if let (Some((b, text)), Some(page)) = (word.take(), pages.last_mut()) {
                    if !text.trim().is_empty() {
                        page.push(b.piece(text));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(pages)
}

/// A word's box, in points.
struct WordBox {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl WordBox {
    fn of(e: &BytesStart) -> Option<Self> {
        let number = |name: &[u8]| {
            e.attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == name)
                .and_then(|a| a.unescape_value().ok()?.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite())
        };
        let b = Self {
            x0: number(b"xMin")?,
            y0: number(b"yMin")?,
            x1: number(b"xMax")?,
            y1: number(b"yMax")?,
        };
        (b.x1 >= b.x0 && b.y1 > b.y0).then_some(b)
    }

    fn piece(&self, text: String) -> Piece {
        Piece {
            x0: self.x0 * MM_PER_PT,
            x1: self.x1 * MM_PER_PT,
            y: self.y1 * MM_PER_PT,
            size: (self.y1 - self.y0) * MM_PER_PT,
            text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_read_page_by_page_in_millimetres() {
        let xhtml = r#"<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><doc>
  <page width="595.2756" height="841.8898">
    <word xMin="72" yMin="100" xMax="144" yMax="112">会议纪要</word>
    <word xMin="150" yMin="100" xMax="170" yMax="112">A&amp;B</word>
  </page>
  <page width="595.2756" height="841.8898">
  </page>
  <page width="595.2756" height="841.8898">
    <word xMin="72" yMin="100" xMax="72" yMax="100">bad</word>
    <word xMin="72" yMin="200" xMax="90" yMax="212">３</word>
  </page>
</doc></body></html>"#;
        let pages = pages(xhtml).unwrap();
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].len(), 2);
        let w = &pages[0][0];
        assert_eq!(w.text, "会议纪要");
        assert!((w.x0 - 25.4).abs() < 1e-9 && (w.x1 - 50.8).abs() < 1e-9);
        assert!((w.size - 12.0 * MM_PER_PT).abs() < 1e-9);
        assert_eq!(pages[0][1].text, "A&B");
        assert!(pages[1].is_empty());
        assert_eq!(pages[2].len(), 1, "a box without height is no word");
        assert_eq!(pages[2][0].text, "３", "full-width digits as written");
    }
}
