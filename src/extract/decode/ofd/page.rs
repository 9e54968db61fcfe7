//! A page's `Content.xml` to positioned pieces of text.
//!
//! A `TextObject` has a `Boundary` ("x y w h" in mm, page coordinates, y down), a font
//! `Size` (mm) and optionally a `CTM` ("a b c d e f") from its own space to the boundary's;
//! each `TextCode` puts its characters from (`X`, `Y`) (the first glyph's baseline origin,
//! in the object's space; absent, where the previous code ended) with the advances in
//! `DeltaX` ("g N v" repeats v N times). Objects sit in layers and page blocks at any depth.
//! A `PathObject` draws its `AbbreviatedData` ("M x y L x y … C") in the same way: its
//! straight horizontal and vertical strokes are kept as rulings, which may form a table.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::super::placed::{glyph_width, Content, Piece, Ruling};

/// Most rulings a page's tables are looked for in (a page of ruled tables has a few
/// hundred): a page with more is a drawing, and grouping its strokes (pairwise) would cost
/// more than it could tell.
const MAX_RULINGS: usize = 1_000;

/// A gap between glyphs of one code wider than this share of the font size splits the
/// code into pieces: writers set a table row or "时间：…　地点：…" as one code with wide
/// advances, and the columns must stay apart.
const SPLIT_GAP: f64 = 0.8;

/// Font size assumed when an object has none (the standard requires one).
const DEFAULT_SIZE: f64 = 3.5;

pub(super) fn content(xml: &str) -> Result<Content, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut pieces = Vec::new();
    let mut rulings = Vec::new();
    let mut object: Option<Object> = None;
    let mut code: Option<Code> = None;
    let mut path: Option<Object> = None;
    let mut in_data = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"TextObject" => object = Some(Object::new(&e)),
                b"TextCode" => code = object.as_ref().map(|o| Code::new(&e, o)),
                b"PathObject" => path = Some(Object::new(&e)),
                b"AbbreviatedData" => in_data = path.is_some(),
                _ => {}
            },
            Event::Text(t) if in_data => {
                if let Some(p) = path.as_ref() {
                    if rulings.len() <= MAX_RULINGS {
                        p.strokes(&t.unescape()?, &mut rulings);
                    }
                }
            }
            Event::Text(t) => {
                if let Some(c) = code.as_mut() {
                    c.text.push_str(&t.unescape()?);
                }
            }
            Event::CData(t) => {
                if let Some(c) = code.as_mut() {
                    c.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"TextCode" => {
                    if let (Some(c), Some(o)) = (code.take(), object.as_mut()) {
                        o.lay_out(c, &mut pieces);
                    }
                }
                b"TextObject" => object = None,
                b"PathObject" => path = None,
                b"AbbreviatedData" => in_data = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if rulings.len() > MAX_RULINGS {
        rulings.clear();
    }
    Ok(Content { pieces, rulings })
}

/// The text object being read.
struct Object {
    origin: (f64, f64),
    size: f64,
    /// a b c d e f: (x, y) → (a x + c y + e, b x + d y + f).
    ctm: [f64; 6],
    /// Where the next code starts when it gives no position.
    next: (f64, f64),
}

struct Code {
    x: f64,
    y: f64,
    delta_x: Vec<f64>,
    text: String,
}

impl Object {
    fn new(e: &BytesStart) -> Self {
        let boundary = numbers(&attr(e, b"Boundary").unwrap_or_default());
        let ctm = numbers(&attr(e, b"CTM").unwrap_or_default());
        let size = attr(e, b"Size")
            .and_then(|s| s.trim().parse().ok())
            .filter(|s: &f64| s.is_finite() && *s > 0.0)
            .unwrap_or(DEFAULT_SIZE);
        Self {
            origin: (
                boundary.first().copied().unwrap_or(0.0),
                boundary.get(1).copied().unwrap_or(0.0),
            ),
            size,
            ctm: ctm.try_into().unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
            next: (0.0, 0.0),
        }
    }

    /// A point of the object's space on the page.
    fn on_page(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.ctm;
        (
            self.origin.0 + a * x + c * y + e,
            self.origin.1 + b * x + d * y + f,
        )
    }

    /// The straight horizontal and vertical strokes of a path: lines (L) and closing lines
    /// (C); curves (Q, B, A) only move the pen.
    fn strokes(&self, data: &str, out: &mut Vec<Ruling>) {
        let tokens: Vec<&str> = data.split_whitespace().collect();
        let number = |i: usize| tokens.get(i).and_then(|t| t.parse::<f64>().ok());
        let (mut pen, mut start) = ((0.0, 0.0), (0.0, 0.0));
        let mut i = 0;
        while i < tokens.len() && out.len() <= MAX_RULINGS {
            let arity = match tokens[i] {
                "S" | "M" | "L" => 2,
                "Q" => 4,
                "B" => 6,
                "A" => 7,
                "C" => 0,
                _ => {
                    i += 1;
                    continue;
                }
            };
            let end = match arity {
                0 => Some(start),
                n => number(i + n - 1).zip(number(i + n)),
            };
            let Some(end) = end else { break };
            match tokens[i] {
                "S" | "M" => start = end,
                "L" | "C" => {
                    let (a, b) = (self.on_page(pen), self.on_page(end));
                    let r = Ruling {
                        x0: a.0.min(b.0),
                        y0: a.1.min(b.1),
                        x1: a.0.max(b.0),
                        y1: a.1.max(b.1),
                    };
                    if (r.is_horizontal() || r.is_vertical())
                        && r.x1.is_finite()
                        && r.y1.is_finite()
                    {
                        out.push(r);
                    }
                }
                _ => {}
            }
            pen = end;
            i += arity + 1;
        }
    }

    /// The code's characters as pieces, split where the advance leaves a wide gap.
    fn lay_out(&mut self, code: Code, out: &mut Vec<Piece>) {
        let [a, b, c, d, ..] = self.ctm;
        let size = self.size * (a * d - b * c).abs().sqrt();
        let chars: Vec<char> = code.text.chars().collect();
        let mut x = code.x;
        let mut start = 0;
        for (i, &ch) in chars.iter().enumerate() {
            let width = glyph_width(ch, self.size);
            let advance = code.delta_x.get(i).copied().unwrap_or(width);
            let last = i + 1 == chars.len();
            if last || advance - width > SPLIT_GAP * self.size {
                let run: String = chars[start..=i].iter().collect();
                let run_width: f64 = chars[start..=i]
                    .iter()
                    .enumerate()
                    .map(|(j, &g)| {
                        let w = glyph_width(g, self.size);
                        if start + j == i {
                            w
                        } else {
                            code.delta_x.get(start + j).copied().unwrap_or(w)
                        }
                    })
                    .sum();
                let (x0, y) = self.on_page((x, code.y));
                let (x1, _) = self.on_page((x + run_width, code.y));
                if !run.trim().is_empty() && x0.is_finite() && x1.is_finite() && y.is_finite() {
                    out.push(Piece {
                        x0: x0.min(x1),
                        x1: x0.max(x1),
                        y,
                        size,
                        text: run,
                    });
                }
                x += run_width - width + advance;
                start = i + 1;
            }
        }
        self.next = (x, code.y);
    }
}

impl Code {
    fn new(e: &BytesStart, object: &Object) -> Self {
        let number = |name: &[u8]| attr(e, name).and_then(|v| v.trim().parse::<f64>().ok());
        Self {
            x: number(b"X").unwrap_or(object.next.0),
            y: number(b"Y").unwrap_or(object.next.1),
            delta_x: deltas(&attr(e, b"DeltaX").unwrap_or_default()),
            text: String::new(),
        }
    }
}

/// Advances as written, "g N v" expanded (N capped: the advances of a code's characters
/// are all that is ever used).
fn deltas(s: &str) -> Vec<f64> {
    const MAX_REPEAT: usize = 100_000;
    let mut out = Vec::new();
    let mut tokens = s.split_whitespace();
    while let Some(t) = tokens.next() {
        if t == "g" {
            let n: usize = tokens.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let v: f64 = tokens.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            out.extend(std::iter::repeat_n(v, n.min(MAX_REPEAT)));
        } else if let Ok(v) = t.parse() {
            out.push(v);
        }
        if out.len() > MAX_REPEAT {
            break;
        }
    }
    out
}

fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .filter_map(|t| t.parse().ok())
        .filter(|v: &f64| v.is_finite())
        .collect()
}

/// An attribute by local name, in any case: some writers put `size` for `Size`.
fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        a.key
            .local_name()
            .as_ref()
            .eq_ignore_ascii_case(local)
            .then(|| a.unescape_value().ok().map(|v| v.into_owned()))?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content_of(objects: &str) -> Content {
        let xml = format!(
            r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
        );
        content(&xml).unwrap()
    }

    fn page(objects: &str) -> Vec<Piece> {
        content_of(objects).pieces
    }

    #[test]
    fn straight_strokes_of_paths_are_rulings_and_curves_are_not() {
        let c = content_of(
            r#"<ofd:PathObject ID="3" Boundary="20 50 100 30" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L 100 0 L 100 30 B 50 40 20 40 0 30 C</ofd:AbbreviatedData></ofd:PathObject>"#,
        );
        let r = |x0, y0, x1, y1| Ruling { x0, y0, x1, y1 };
        assert_eq!(
            c.rulings,
            [
                r(20.0, 50.0, 120.0, 50.0),
                r(120.0, 50.0, 120.0, 80.0),
                r(20.0, 50.0, 20.0, 80.0)
            ]
        );
    }

    #[test]
    fn a_text_code_is_placed_by_its_boundary_and_advances() {
        let p = page(
            r#"<ofd:TextObject ID="2" Boundary="28 70 30 7" Size="5"><ofd:TextCode X="0" Y="4.25" DeltaX="g 2 5">会议纪</ofd:TextCode></ofd:TextObject>"#,
        );
        assert_eq!(
            p,
            [Piece {
                x0: 28.0,
                x1: 43.0,
                y: 74.25,
                size: 5.0,
                text: "会议纪".into()
            }]
        );
    }

    #[test]
    fn a_wide_advance_splits_a_code_into_pieces() {
        // "时间：" then a 20 mm jump to "地点".
        let p = page(
            r#"<ofd:TextObject ID="2" Boundary="0 0 100 7" Size="5"><ofd:TextCode X="0" Y="4" DeltaX="5 5 25 5">时间：地点</ofd:TextCode></ofd:TextObject>"#,
        );
        let runs: Vec<(&str, f64, f64)> = p.iter().map(|p| (p.text.as_str(), p.x0, p.x1)).collect();
        assert_eq!(runs, [("时间：", 0.0, 15.0), ("地点", 35.0, 45.0)]);
    }

    #[test]
    fn a_code_without_a_position_goes_on_where_the_last_one_ended() {
        let p = page(
            r#"<ofd:TextObject ID="2" Boundary="10 10 100 7" Size="4"><ofd:TextCode X="0" Y="3">第一</ofd:TextCode><ofd:TextCode>2026</ofd:TextCode></ofd:TextObject>"#,
        );
        assert_eq!((p[1].x0, p[1].x1, p[1].y), (18.0, 26.0, 13.0));
    }

    #[test]
    fn a_transformation_matrix_moves_and_scales_the_text() {
        let p = page(
            r#"<ofd:PageBlock><ofd:TextObject ID="2" Boundary="10 10 100 20" Size="4" CTM="2 0 0 2 1 0"><ofd:TextCode X="0" Y="3">文</ofd:TextCode></ofd:TextObject></ofd:PageBlock>"#,
        );
        assert_eq!(
            (p[0].x0, p[0].x1, p[0].y, p[0].size),
            (11.0, 19.0, 16.0, 8.0)
        );
    }

    #[test]
    fn repeated_advances_are_capped() {
        assert_eq!(deltas("g 3 1.5 2"), [1.5, 1.5, 1.5, 2.0]);
        assert!(deltas("g 999999999999 1").len() <= 100_001);
    }
}
