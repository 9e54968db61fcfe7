//! The words of a PDF's text layer with their places, as `pdftotext -bbox` writes them:
//! XHTML with a `<page width height>` per page holding `<word xMin yMin xMax yMax>`s (in
//! points, y down). Pure.
//!
//! A word becomes a [`Piece`]: its box's bottom is taken for the baseline (the words of one
//! line share it; the descent is the same for one font), its size measured as
//! [`height_in_ems`] says, in mm as OFD's are, so that
//! the shared layout ([`crate::extract::decode::placed`]) reads both alike.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::extract::decode::placed::{is_wide, Piece};

/// Millimetres in a point.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// The words of each page, in page order. An error is XML poppler would not write: the
/// caller reads the PDF another way.
pub fn pages(xhtml: &str) -> Result<Vec<Vec<Piece>>, quick_xml::Error> {
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<Vec<(WordBox, String)>> = Vec::new();
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
                        page.push((b, text));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(pages.into_iter().map(pieces).collect())
}

/// A page's words as pieces, their font size the box's height over the page's
/// [`height_in_ems`].
fn pieces(words: Vec<(WordBox, String)>) -> Vec<Piece> {
    let ems = height_in_ems(&words);
    words
        .into_iter()
        .map(|(b, text)| Piece {
            x0: b.x0 * MM_PER_PT,
            x1: b.x1 * MM_PER_PT,
            y: b.y1 * MM_PER_PT,
            size: (b.y1 - b.y0) / ems * MM_PER_PT,
            text,
        })
        .collect()
}

/// How many ems a word's box is high on this page. The box is the font's ascent to
/// descent: an em for STSong, but 1.3 to 1.45 for the Noto CJK and Source Han fonts that
/// LibreOffice and Word embed, which, taken for the size, would make the gap between two
/// table columns look under an em and join them. A Chinese character is an em wide (a
/// Latin letter or digit about half), so the words of several of them tell the ratio; the
/// median is taken, between 1 and 1.6 (justified lines are a little spread out). Every word
/// of the page gets the same ratio, so that a lone digit's size agrees with its line's.
fn height_in_ems(words: &[(WordBox, String)]) -> f64 {
    let mut ratios: Vec<f64> = words
        .iter()
        .filter_map(|(b, text)| {
            let wide = text.chars().filter(|&c| is_wide(c)).count();
            let ems = wide as f64 + 0.5 * (text.chars().count() - wide) as f64;
            (wide >= 2 && b.x1 > b.x0).then(|| (b.y1 - b.y0) / ((b.x1 - b.x0) / ems))
        })
        .collect();
    if ratios.is_empty() {
        return 1.0;
    }
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2].clamp(1.0, 1.6)
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

    #[test]
    fn the_font_size_is_measured_by_the_width_of_chinese_characters_not_the_box_height() {
        // An embedded Noto CJK font: 10 pt characters in boxes 14 pt high; the digit's box
        // is as high and gets the same size.
        let xhtml = r#"<doc><page width="595" height="842">
    <word xMin="72" yMin="100" xMax="112" yMax="114">牵头单位</word>
    <word xMin="122" yMin="100" xMax="152" yMax="114">市财政局</word>
    <word xMin="160" yMin="100" xMax="170" yMax="114">市税务局</word>
    <word xMin="180" yMin="100" xMax="185" yMax="114">7</word>
  </page></doc>"#;
        let page = &pages(xhtml).unwrap()[0];
        // Ratios 1.4, 1.87 (spread out) and 5.6: the median, 1.87, is capped at 1.6.
        let sizes: Vec<f64> = page.iter().map(|p| p.size / MM_PER_PT).collect();
        assert!(
            sizes.iter().all(|s| (s - 14.0 / 1.6).abs() < 1e-9),
            "{sizes:?}"
        );
        let two = r#"<doc><page width="595" height="842">
    <word xMin="72" yMin="100" xMax="112" yMax="114">牵头单位</word>
    <word xMin="122" yMin="100" xMax="162" yMax="114">市财政局</word>
    <word xMin="180" yMin="100" xMax="185" yMax="114">7</word>
  </page></doc>"#;
        let page = &pages(two).unwrap()[0];
        assert!((page[2].size / MM_PER_PT - 10.0).abs() < 1e-9, "{page:?}");
    }
}
