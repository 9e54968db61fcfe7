//! The rulings of a PDF's pages, from the SVG poppler draws them into (`pdftocairo -svg`).
//! Pure.
//!
//! poppler's text layer has no lines, yet only a table's borders tell a lead unit merged
//! down three rows from one row's unit beside two empty cells. cairo writes every page as
//! `<page>` of a `<pageSet>` (or the `<svg>` itself for one page), glyphs as `<use>`s of
//! outlines kept in `<defs>`, and each drawn line or filled box as a `<path>` of absolute
//! `M`/`L`/`C`/`Z` commands with a `transform` matrix; y runs down from the page's top, in
//! points, as `pdftotext -bbox`'s word boxes do.
//!
//! A ruling is a stroked straight segment, horizontal or vertical, or a box filled thin
//! (Word draws its borders as hairline boxes), taken along its middle. Curves, diagonal
//! strokes, wide boxes (cell shading, a page background), white and anything inside
//! `<defs>` or a clip path are not rulings.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::extract::decode::placed::Ruling;

/// Millimetres in a point.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// A filled box at most this thick (mm) and three times as long is a ruling: borders are
/// drawn up to 3 pt wide (1.06 mm); a shaded cell is a line of text high.
const THIN_BOX: f64 = 1.5;

/// The rulings of each page, in page order. An error is XML cairo would not write.
pub fn pages(svg: &str) -> Result<Vec<Vec<Ruling>>, quick_xml::Error> {
    let mut reader = Reader::from_str(svg);
    let mut pages: Vec<Vec<Ruling>> = Vec::new();
    // The transform of each open element; `None` marks one that draws nothing we read
    // (definitions, clip paths, or a transform we do not know).
    let mut open: Vec<Option<Matrix>> = Vec::new();
    let mut page_set = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name == b"pageSet" {
                    page_set = true;
                } else if name == b"page" || (name == b"svg" && !page_set && pages.is_empty()) {
                    pages.push(Vec::new());
                }
                if name == b"path" {
                    paint(&e, &open, pages.last_mut());
                }
                let parent = open.last().copied().unwrap_or(Some(Matrix::IDENTITY));
                let own = if HIDDEN.contains(&name) {
                    None
                } else {
                    parent.and_then(|m| Some(m.then(own_transform(&e)?)))
                };
                open.push(own);
            }
            Event::Empty(e) if e.local_name().as_ref() == b"path" => {
                paint(&e, &open, pages.last_mut());
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // With a pageSet the `<svg>` was no page of its own.
    if page_set && pages.len() > 1 && pages[0].is_empty() {
        pages.remove(0);
    }
    Ok(pages)
}

/// Elements whose content is not drawn where it stands.
const HIDDEN: [&[u8]; 6] = [
    b"defs",
    b"clipPath",
    b"mask",
    b"pattern",
    b"symbol",
    b"marker",
];

/// The rulings a `<path>` draws onto `page`.
fn paint(e: &BytesStart, open: &[Option<Matrix>], page: Option<&mut Vec<Ruling>>) {
    let parent = match open.last() {
        None => Matrix::IDENTITY,
        Some(Some(m)) => *m,
        Some(None) => return,
    };
    let Some(page) = page else {
        return;
    };
    let Some(m) = own_transform(e).map(|own| parent.then(own)) else {
        return;
    };
    let style = attribute(e, b"style").unwrap_or_default();
    let stroked = painted(&style, "stroke");
    let filled = painted(&style, "fill");
    if !stroked && !filled {
        return;
    }
    let Some(subpaths) = attribute(e, b"d").as_deref().and_then(subpaths) else {
        return;
    };
    for sub in subpaths {
        let points: Vec<(f64, f64)> = sub.points.iter().map(|&p| m.apply(p)).collect();
        if stroked {
            let closing = sub.closed.then(|| (points[points.len() - 1], points[0]));
            let segments = points
                .windows(2)
                .zip(&sub.straight)
                .filter(|(_, &straight)| straight)
                .map(|(w, _)| (w[0], w[1]))
                .chain(closing);
            page.extend(segments.filter_map(|(a, b)| segment(a, b)));
        }
        if filled && !sub.straight.contains(&false) {
            page.extend(thin_box(&points));
        }
    }
}

/// A straight stroke from `a` to `b` (points) as a ruling (mm), if it is horizontal or
/// vertical.
fn segment(a: (f64, f64), b: (f64, f64)) -> Option<Ruling> {
    let r = Ruling {
        x0: a.0.min(b.0) * MM_PER_PT,
        y0: a.1.min(b.1) * MM_PER_PT,
        x1: a.0.max(b.0) * MM_PER_PT,
        y1: a.1.max(b.1) * MM_PER_PT,
    };
    (r.is_horizontal() || r.is_vertical()).then_some(r)
}

/// A filled box drawn as four corners (points), if thin enough to be a border: its middle
/// line, as a ruling (mm).
fn thin_box(points: &[(f64, f64)]) -> Option<Ruling> {
    let corners: &[(f64, f64)] = match points {
        [first, .., last] if points.len() == 5 && first == last => &points[..4],
        _ if points.len() == 4 => points,
        _ => return None,
    };
    let xs = corners.iter().map(|p| p.0);
    let ys = corners.iter().map(|p| p.1);
    let (x0, x1) = (
        xs.clone().fold(f64::MAX, f64::min),
        xs.fold(f64::MIN, f64::max),
    );
    let (y0, y1) = (
        ys.clone().fold(f64::MAX, f64::min),
        ys.fold(f64::MIN, f64::max),
    );
    // Axis-aligned: every corner on the box's edges in both directions.
    let on = |v: f64, lo: f64, hi: f64| (v - lo).abs() < 0.01 || (v - hi).abs() < 0.01;
    if !corners.iter().all(|p| on(p.0, x0, x1) && on(p.1, y0, y1)) {
        return None;
    }
    let (w, h) = ((x1 - x0) * MM_PER_PT, (y1 - y0) * MM_PER_PT);
    let (x0, y0, x1, y1) = (
        x0 * MM_PER_PT,
        y0 * MM_PER_PT,
        x1 * MM_PER_PT,
        y1 * MM_PER_PT,
    );
    if h <= THIN_BOX && w >= 3.0 * h {
        let y = (y0 + y1) / 2.0;
        Some(Ruling {
            x0,
            y0: y,
            x1,
            y1: y,
        })
    } else if w <= THIN_BOX && h >= 3.0 * w {
        let x = (x0 + x1) / 2.0;
        Some(Ruling {
            x0: x,
            y0,
            x1: x,
            y1,
        })
    } else {
        None
    }
}

/// True if `style` paints `property` (`stroke` or `fill`) in a colour other than white.
/// cairo states both on each path it draws.
fn painted(style: &str, property: &str) -> bool {
    style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .find(|(k, _)| k.trim() == property)
        .is_some_and(|(_, v)| {
            let v = v.trim();
            v != "none" && v != "rgb(100%,100%,100%)" && !v.eq_ignore_ascii_case("#ffffff")
        })
}

/// A subpath: its points and, for each segment between two of them, whether it is a line.
struct Subpath {
    points: Vec<(f64, f64)>,
    straight: Vec<bool>,
    closed: bool,
}

/// The subpaths of path data made of absolute `M`, `L`, `C` and `Z` (all cairo writes);
/// `None` for anything else.
fn subpaths(d: &str) -> Option<Vec<Subpath>> {
    let mut tokens = d
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|t| !t.is_empty());
    let mut subpaths: Vec<Subpath> = Vec::new();
    fn number<'a>(tokens: &mut impl Iterator<Item = &'a str>) -> Option<f64> {
        tokens.next()?.parse::<f64>().ok().filter(|v| v.is_finite())
    }
    while let Some(command) = tokens.next() {
        match command {
            "M" => subpaths.push(Subpath {
                points: vec![(number(&mut tokens)?, number(&mut tokens)?)],
                straight: Vec::new(),
                closed: false,
            }),
            "L" | "C" => {
                let sub = subpaths.last_mut()?;
                if command == "C" {
                    for _ in 0..4 {
                        number(&mut tokens)?;
                    }
                }
                sub.points
                    .push((number(&mut tokens)?, number(&mut tokens)?));
                sub.straight.push(command == "L");
            }
            "Z" => subpaths.last_mut()?.closed = true,
            _ => return None,
        }
    }
    Some(subpaths)
}

/// An affine transform, SVG's `matrix(a,b,c,d,e,f)`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn apply(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// `inner` applied first, then `self` (an element's transform inside its parent's).
    fn then(&self, inner: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = inner.0;
        Matrix([
            a * a2 + c * b2,
            b * a2 + d * b2,
            a * c2 + c * d2,
            b * c2 + d * d2,
            a * e2 + c * f2 + e,
            b * e2 + d * f2 + f,
        ])
    }
}

/// An element's own `transform`: the identity if it has none, `None` if it is not one
/// `matrix(...)` or `translate(...)` (cairo writes only those).
fn own_transform(e: &BytesStart) -> Option<Matrix> {
    let Some(t) = attribute(e, b"transform") else {
        return Some(Matrix::IDENTITY);
    };
    let (name, args) = t.trim().strip_suffix(')')?.split_once('(')?;
    let args: Vec<f64> = args
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|a| !a.is_empty())
        .map(|a| a.parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect::<Option<_>>()?;
    match (name.trim(), args.as_slice()) {
        ("matrix", &[a, b, c, d, e, f]) => Some(Matrix([a, b, c, d, e, f])),
        ("translate", &[x]) => Some(Matrix([1.0, 0.0, 0.0, 1.0, x, 0.0])),
        ("translate", &[x, y]) => Some(Matrix([1.0, 0.0, 0.0, 1.0, x, y])),
        _ => None,
    }
}

fn attribute(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok())
        .map(|v| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mm(pt: f64) -> f64 {
        pt * MM_PER_PT
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn stroked_lines_of_each_page_are_rulings_in_millimetres_with_y_down() {
        // As cairo writes a page of a LibreOffice PDF: y flipped by the path's matrix.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="612pt" height="792pt" version="1.2">
<defs><g><symbol overflow="visible" id="glyph0-1"><path style="stroke:none;" d="M 1 0 L 10 0 L 10 -1 Z"/></symbol></g></defs>
<pageSet><page><g id="surface1">
<g style="fill:rgb(0%,0%,0%);fill-opacity:1;"><use xlink:href="#glyph0-1" x="90" y="100"/></g>
<path style="fill:none;stroke-width:0.5;stroke:rgb(0%,0%,0%);" d="M 84 475 L 516 475 " transform="matrix(1,0,0,-1,0,792)"/>
<path style="fill:none;stroke-width:0.5;stroke:rgb(0%,0%,0%);" d="M 84 475 L 84 300 " transform="matrix(1,0,0,-1,0,792)"/>
<path style="fill:none;stroke-width:0.5;stroke:rgb(0%,0%,0%);" d="M 84 475 L 300 300 "/>
</g></page>
<page><g id="surface2">
<path style="fill:none;stroke:rgb(0%,0%,0%);" d="M 10 20 L 110 20 "/>
</g></page></pageSet></svg>"##;
        let pages = pages(svg).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(
            pages[0].len(),
            2,
            "the diagonal is no ruling: {:?}",
            pages[0]
        );
        let h = pages[0][0];
        assert!(h.is_horizontal());
        assert!(close(h.y0, mm(317.0)) && close(h.x0, mm(84.0)) && close(h.x1, mm(516.0)));
        let v = pages[0][1];
        assert!(v.is_vertical());
        assert!(close(v.y0, mm(317.0)) && close(v.y1, mm(492.0)));
        assert!(close(pages[1][0].y0, mm(20.0)));
    }

    #[test]
    fn a_stroked_box_gives_its_four_sides_and_a_thin_filled_box_its_middle_line() {
        let svg = r#"<svg width="100pt" height="100pt">
<g transform="translate(10,0)">
<path style="fill:none;stroke:rgb(0%,0%,0%);" d="M 0 0 L 50 0 L 50 20 L 0 20 Z"/>
<path style="stroke:none;fill-rule:nonzero;fill:rgb(0%,0%,0%);" d="M 0 40 L 50 40 L 50 41 L 0 41 Z M 0 40 "/>
<path style="stroke:none;fill:rgb(80%,80%,80%);" d="M 0 50 L 50 50 L 50 70 L 0 70 Z"/>
<path style="stroke:none;fill:rgb(100%,100%,100%);" d="M 0 80 L 50 80 L 50 80.5 L 0 80.5 Z"/>
<path style="stroke:none;fill:rgb(0%,0%,0%);" d="M 0 90 C 10 90 20 90 50 90 L 50 91 L 0 91 Z"/>
</g></svg>"#;
        let page = &pages(svg).unwrap()[0];
        assert_eq!(page.len(), 5, "{page:?}");
        assert_eq!(page.iter().filter(|r| r.is_horizontal()).count(), 3);
        let hairline = page[4];
        assert!(close(hairline.y0, mm(40.5)) && close(hairline.y1, mm(40.5)));
        assert!(close(hairline.x0, mm(10.0)) && close(hairline.x1, mm(60.0)));
    }

    #[test]
    fn lines_in_definitions_and_clip_paths_and_under_unknown_transforms_are_not_drawn() {
        let svg = r#"<svg width="100pt" height="100pt">
<clipPath id="c"><path style="stroke:rgb(0%,0%,0%);" d="M 0 0 L 50 0"/></clipPath>
<g transform="rotate(30)"><path style="stroke:rgb(0%,0%,0%);" d="M 0 0 L 50 0"/></g>
<path style="stroke:rgb(0%,0%,0%);" d="M 0 0 Q 5 5 50 0"/>
<path style="stroke:rgb(0%,0%,0%);" d="M 0 10 L 50 10"/>
</svg>"#;
        let page = &pages(svg).unwrap()[0];
        assert_eq!(page.len(), 1, "{page:?}");
        assert!(close(page[0].y0, mm(10.0)));
    }

    #[test]
    fn broken_svg_is_an_error_not_a_panic() {
        // Cut short inside a path: whatever quick-xml makes of it, no ruling and no panic.
        let cut = pages("<svg><page><path style=\"stroke:red\" d=\"M 0");
        assert!(cut.map_or(true, |p| p.iter().all(Vec::is_empty)));
        assert!(pages("").unwrap().is_empty());
    }
}
