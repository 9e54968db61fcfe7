//! The rulings drawn on a scanned page: a table's borders, found in the page image as
//! long straight runs of dark pixels. Pure.
//!
//! OCR reads a table's text but not its lines, and a scanned 任务分工表's columns are not
//! typeset to line up as a PDF's are (a ruling touching a character stretches its box).
//! With the borders the shared layout reads the cells from their grid, merged ones too
//! ([`crate::extract::decode::placed`]). A page scanned askew has its lines askew: they
//! are followed along the slope the text's lines have ([`super::tsv`]), and given in the
//! straightened coordinates the text's pieces have.

use crate::extract::decode::placed::{Piece, Ruling};

/// A pixel this dark or darker (of 255) is ink.
const INK: u16 = 128;

/// Light pixels a ruling may have in a row (dropouts, a worn line).
const MAX_GAP: usize = 3;

/// A page image in binary PGM (`P5`), as `pdftoppm -gray` writes it.
pub struct Gray {
    width: usize,
    height: usize,
    max: u16,
    pixels: Vec<u8>,
}

impl Gray {
    /// The image of PGM bytes; `None` for anything else (16-bit, cut short, not P5).
    pub fn of(bytes: &[u8]) -> Option<Self> {
        let mut fields = Vec::with_capacity(3);
        let mut at = 2;
        if !bytes.starts_with(b"P5") {
            return None;
        }
        while fields.len() < 3 {
            while bytes.get(at)?.is_ascii_whitespace() {
                at += 1;
            }
            if bytes[at] == b'#' {
                while *bytes.get(at)? != b'\n' {
                    at += 1;
                }
                continue;
            }
            let start = at;
            while bytes.get(at)?.is_ascii_digit() {
                at += 1;
            }
            fields.push(
                std::str::from_utf8(&bytes[start..at])
                    .ok()?
                    .parse::<usize>()
                    .ok()?,
            );
        }
        at += 1; // the one white space before the pixels
        let (width, height, max) = (fields[0], fields[1], fields[2]);
        if !(1..=255).contains(&max) || width == 0 || height == 0 {
            return None;
        }
        let pixels = bytes
            .get(at..at.checked_add(width.checked_mul(height)?)?)?
            .to_vec();
        Some(Self {
            width,
            height,
            max: max as u16,
            pixels,
        })
    }

    /// The image as PGM bytes.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n{}\n", self.width, self.height, self.max).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }

    /// Paints the rulings of `drawn` white, and the ink that thickens them: tesseract
    /// reads a table's cells better without their borders (a ruling touching a character
    /// is read as part of it, or as `|`).
    pub fn erase(&mut self, drawn: &Drawn) {
        let s = drawn.slope;
        // Back from straightened coordinates: x = x' − s·y', y = y' + s·x' (to first order).
        let back = |x: f64, y: f64| (x - s * y, y + s * x);
        let white = u8::try_from(self.max).unwrap_or(u8::MAX);
        for r in &drawn.rulings {
            let horizontal = r.y0 == r.y1;
            // From a little before its start to a little past its end: the corners where
            // rulings meet.
            let reach = f64::from(ERASE_HALF_WIDTH);
            let len = if horizontal { r.x1 - r.x0 } else { r.y1 - r.y0 } + 2.0 * reach;
            let steps = len.ceil() as usize;
            for i in 0..=steps {
                let t = len * i as f64 / steps.max(1) as f64 - reach;
                let (x, y) = if horizontal {
                    back(r.x0 + t, r.y0)
                } else {
                    back(r.x0, r.y0 + t)
                };
                for d in -ERASE_HALF_WIDTH..=ERASE_HALF_WIDTH {
                    let (px, py) = if horizontal {
                        (x, y + f64::from(d))
                    } else {
                        (x + f64::from(d), y)
                    };
                    let (px, py) = (px.round() as i64, py.round() as i64);
                    if let (Ok(px), Ok(py)) = (usize::try_from(px), usize::try_from(py)) {
                        if px < self.width && py < self.height {
                            self.pixels[py * self.width + px] = white;
                        }
                    }
                }
            }
        }
    }

    fn ink(&self, x: f64, y: f64) -> bool {
        if x < 0.0 || y < 0.0 {
            return false;
        }
        let (x, y) = (x.round() as usize, y.round() as usize);
        x < self.width
            && y < self.height
            && u16::from(self.pixels[y * self.width + x]) * 255 <= INK * self.max
    }

    /// Ink at (x, y) or a pixel above or below it (a ruling 1 to 3 pixels thick, its
    /// straightened line a pixel off here and there).
    fn ink_across_y(&self, x: f64, y: f64) -> bool {
        (-1..=1).any(|d| self.ink(x, y + f64::from(d)))
    }

    fn ink_across_x(&self, x: f64, y: f64) -> bool {
        (-1..=1).any(|d| self.ink(x + f64::from(d), y))
    }
}

/// The rulings drawn on a page image, and the slope they run along.
#[derive(Debug)]
pub struct Drawn {
    /// The horizontal rulings' fall per pixel (the page's skew).
    pub slope: f64,
    /// In pixels, in the straightened coordinates (x + slope·y, y − slope·x).
    pub rulings: Vec<Ruling>,
}

impl Drawn {
    /// The rulings in millimetres at `mm_per_px`.
    pub fn in_mm(&self, mm_per_px: f64) -> Vec<Ruling> {
        self.rulings
            .iter()
            .map(|r| Ruling {
                x0: r.x0 * mm_per_px,
                y0: r.y0 * mm_per_px,
                x1: r.x1 * mm_per_px,
                y1: r.y1 * mm_per_px,
            })
            .collect()
    }
}

/// A horizontal ruling is at least this long (pixels; 8.5 mm at 300 dpi): longer than a
/// stroke of the largest title's characters, shorter than any table's column.
const MIN_HORIZONTAL: usize = 100;

/// A vertical ruling is this long, or at least [`MIN_BETWEEN`] from one horizontal
/// ruling to another (a table row of one line is shorter than a character of a title).
const MIN_VERTICAL: usize = 100;
const MIN_BETWEEN: usize = 30;

/// A vertical run ending this near a horizontal ruling (pixels) meets it.
const MEETS: f64 = 6.0;

/// Pixels painted white on either side of a ruling's middle line.
const ERASE_HALF_WIDTH: i32 = 5;

/// The rulings of `image`; `None` if it has no horizontal one (a page of text).
pub fn find(image: &Gray) -> Option<Drawn> {
    let slope = skew(image)?;
    let straight = |x: f64, y: f64| (x + slope * y, y - slope * x);
    let mut horizontal = Vec::new();
    for y0 in 0..image.height {
        let y_at = |x: usize| y0 as f64 + slope * x as f64;
        for (a, b) in runs(image.width, MIN_HORIZONTAL, |x| {
            image.ink_across_y(x as f64, y_at(x))
        }) {
            let (x0, y) = straight(a as f64, y_at(a));
            let (x1, _) = straight(b as f64, y_at(b));
            horizontal.push(Ruling {
                x0,
                y0: y,
                x1,
                y1: y,
            });
        }
    }
    let horizontal = merged(horizontal);
    if horizontal.is_empty() {
        return None;
    }
    let meets = |x: f64, y: f64| {
        horizontal
            .iter()
            .any(|h| (h.y0 - y).abs() <= MEETS && h.x0 - MEETS <= x && x <= h.x1 + MEETS)
    };
    let mut vertical = Vec::new();
    for x0 in 0..image.width {
        let x_at = |y: usize| x0 as f64 - slope * y as f64;
        for (a, b) in runs(image.height, MIN_BETWEEN, |y| {
            image.ink_across_x(x_at(y), y as f64)
        }) {
            let (x, y0) = straight(x_at(a), a as f64);
            let (_, y1) = straight(x_at(b), b as f64);
            if b + 1 - a >= MIN_VERTICAL || (meets(x, y0) && meets(x, y1)) {
                vertical.push(Ruling {
                    x0: x,
                    y0,
                    x1: x,
                    y1,
                });
            }
        }
    }
    let mut rulings = horizontal;
    rulings.extend(merged(vertical));
    Some(Drawn { slope, rulings })
}

/// The slope along which the page's horizontal lines run longest (the sum of their
/// lengths squared: a line followed at a wrong slope is found as several short runs,
/// and as many as a fine enough slope would find in full): tried from −0.048 to
/// 0.048 (under 3 degrees either way) coarsely, then finely about the best. `None` if no
/// slope finds a run of [`MIN_HORIZONTAL`].
fn skew(image: &Gray) -> Option<f64> {
    let score = |slope: f64| -> usize {
        let mut total = 0;
        // Every third row, each with the rows beside it: every line is met.
        for y0 in (0..image.height).step_by(3) {
            let ink = |x: usize| image.ink_across_y(x as f64, y0 as f64 + slope * x as f64);
            total += runs(image.width, MIN_HORIZONTAL, ink)
                .iter()
                .map(|(a, b)| (b + 1 - a).pow(2))
                .sum::<usize>();
        }
        total
    };
    let best = |candidates: Vec<f64>| {
        candidates
            .into_iter()
            .map(|s| (score(s), s))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.abs().total_cmp(&a.1.abs())))
    };
    let (coarse_score, coarse) = best((-6..=6).map(|i| f64::from(i) * 0.008).collect())?;
    if coarse_score == 0 {
        return None;
    }
    let (_, fine) = best((-8..=8).map(|i| coarse + f64::from(i) * 0.0005).collect())?;
    Some(fine)
}

/// `pieces` cut where a vertical ruling crosses them (mm): with the rulings painted out,
/// tesseract may read two cells side by side as one run. The characters are taken as
/// evenly spaced; marks a ruling's remains are read as (`”`, `-`, `'`) are dropped at a
/// cut.
pub fn cut_at_rulings(pieces: Vec<Piece>, rulings: &[Ruling]) -> Vec<Piece> {
    const REMAINS: &[char] = &['“', '”', '"', '\'', '‘', '’', '-', '_', '|', ':'];
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let top = piece.y - piece.size;
        let mut cuts: Vec<f64> = rulings
            .iter()
            .filter(|r| r.is_vertical() && r.y0 <= piece.y && top <= r.y1)
            .map(|r| r.x0)
            .filter(|&x| piece.x0 < x && x < piece.x1)
            .collect();
        if cuts.is_empty() {
            out.push(piece);
            continue;
        }
        cuts.sort_by(f64::total_cmp);
        let chars: Vec<char> = piece.text.chars().collect();
        let step = (piece.x1 - piece.x0) / chars.len().max(1) as f64;
        let mut start = 0;
        for bound in cuts.into_iter().chain([f64::INFINITY]) {
            let end = chars
                .iter()
                .enumerate()
                .skip(start)
                .take_while(|(i, _)| piece.x0 + (*i as f64 + 0.5) * step < bound)
                .count()
                + start;
            let text: String = chars[start..end].iter().collect();
            let text = text.trim_matches(|c: char| c.is_whitespace() || REMAINS.contains(&c));
            if !text.is_empty() {
                out.push(Piece {
                    x0: piece.x0 + start as f64 * step,
                    x1: piece.x0 + end as f64 * step,
                    text: text.to_owned(),
                    ..piece.clone()
                });
            }
            start = end;
        }
    }
    out
}

/// The runs of `ink` over `0..len` at least `min_length` long, bridging gaps of up to
/// [`MAX_GAP`]: (first, last) positions.
fn runs(len: usize, min_length: usize, ink: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_ink = 0;
    for i in 0..len {
        if ink(i) {
            if start.is_none() {
                start = Some(i);
            }
            last_ink = i;
        } else if let Some(s) = start {
            if i - last_ink > MAX_GAP {
                if last_ink + 1 - s >= min_length {
                    out.push((s, last_ink));
                }
                start = None;
            }
        }
    }
    if let Some(s) = start {
        if last_ink + 1 - s >= min_length {
            out.push((s, last_ink));
        }
    }
    out
}

/// A line 1 to 3 pixels thick is found once for each pixel row it covers (and the rows
/// beside, through [`Gray::ink_across_y`]): the runs of neighbouring rows that overlap
/// are one ruling, along their middle. In pixels.
fn merged(found: Vec<Ruling>) -> Vec<Ruling> {
    let (horizontal, vertical): (Vec<Ruling>, Vec<Ruling>) =
        found.into_iter().partition(|r| r.y0 == r.y1);
    let mut out = merged_horizontal(horizontal);
    let vertical = merged_horizontal(vertical.into_iter().map(transposed).collect());
    out.extend(vertical.into_iter().map(transposed));
    out
}

/// A ruling mirrored across the diagonal: a vertical one as a horizontal one, and back.
fn transposed(r: Ruling) -> Ruling {
    Ruling {
        x0: r.y0,
        y0: r.x0,
        x1: r.y1,
        y1: r.x1,
    }
}

fn merged_horizontal(mut found: Vec<Ruling>) -> Vec<Ruling> {
    const NEAR: f64 = 4.0; // a thick line's rows, not two lines
    found.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    // Each group: its ruling (y1 the last row joined), the sum of its rows, their count.
    let mut groups: Vec<(Ruling, f64, usize)> = Vec::new();
    for r in found {
        match groups
            .iter_mut()
            .rev()
            .take_while(|(g, _, _)| r.y0 - g.y1 <= NEAR)
            .find(|(g, _, _)| r.x0 <= g.x1 && g.x0 <= r.x1)
        {
            Some((g, sum, n)) => {
                g.x0 = g.x0.min(r.x0);
                g.x1 = g.x1.max(r.x1);
                g.y1 = r.y0;
                *sum += r.y0;
                *n += 1;
            }
            None => groups.push((r, r.y0, 1)),
        }
    }
    groups
        .into_iter()
        .map(|(g, sum, n)| {
            let y = sum / n as f64;
            Ruling {
                x0: g.x0,
                y0: y,
                x1: g.x1,
                y1: y,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white PGM of `w`×`h` with `ink` pixels black.
    fn pgm(w: usize, h: usize, ink: impl Fn(usize, usize) -> bool) -> Vec<u8> {
        let mut bytes = format!("P5\n# drawn\n{w} {h}\n255\n").into_bytes();
        for y in 0..h {
            for x in 0..w {
                bytes.push(if ink(x, y) { 0 } else { 250 });
            }
        }
        bytes
    }

    #[test]
    fn a_ruled_box_gives_its_four_sides_once_each_whatever_their_thickness() {
        // A box from (20, 30) to (180, 130), its top line 3 pixels thick, its others 1,
        // a word's strokes inside it shorter than a ruling.
        let bytes = pgm(200, 160, |x, y| {
            let on_x = (20..=180).contains(&x);
            let on_y = (30..=130).contains(&y);
            (on_x && ((30..=32).contains(&y) || y == 130))
                || (on_y && (x == 20 || x == 180))
                || ((60..=90).contains(&x) && y == 80)
                || (x == 100 && (60..=95).contains(&y))
        });
        let image = Gray::of(&bytes).unwrap();
        let drawn = find(&image).unwrap();
        assert_eq!(drawn.slope, 0.0);
        let (h, v): (Vec<&Ruling>, Vec<&Ruling>) = drawn.rulings.iter().partition(|r| r.y0 == r.y1);
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(v.len(), 2, "{v:?}");
        assert!((h[0].y0 - 31.0).abs() < 1.0, "{h:?}");
        assert!(h[0].x0 <= 21.0 && h[0].x1 >= 179.0);
    }

    #[test]
    fn a_short_vertical_between_two_horizontals_is_a_ruling_and_a_page_of_text_has_none() {
        // A table row of one line: 40 pixels between its two rulings.
        let bytes = pgm(300, 100, |x, y| {
            ((10..=290).contains(&x) && (y == 20 || y == 60))
                || ((20..=60).contains(&y) && (x == 10 || x == 150 || x == 290))
        });
        let drawn = find(&Gray::of(&bytes).unwrap()).unwrap();
        assert_eq!(drawn.rulings.iter().filter(|r| r.x0 == r.x1).count(), 3);
        let text = pgm(300, 100, |x, y| (x % 7 < 3) && (y % 9 < 5));
        assert!(find(&Gray::of(&text).unwrap()).is_none());
    }

    #[test]
    fn a_page_scanned_askew_has_its_slope_found_and_its_lines_followed_along_it() {
        // Two lines falling 1 pixel in 50 (over a degree), with a dropout, and a vertical
        // leaning the other way.
        let bytes = pgm(400, 200, |x, y| {
            (x != 150 && (y == 20 + x / 50 || y == 150 + x / 50))
                || (x + (y / 50) == 300 && (20..=150).contains(&y))
        });
        let mut image = Gray::of(&bytes).unwrap();
        let drawn = find(&image).unwrap();
        // Any slope that follows the lines within a pixel either way will do.
        assert!((drawn.slope - 0.02).abs() <= 0.005, "{drawn:?}");
        let (h, v): (Vec<&Ruling>, Vec<&Ruling>) = drawn.rulings.iter().partition(|r| r.y0 == r.y1);
        assert_eq!(h.len(), 2, "{drawn:?}");
        assert!(h[0].x1 - h[0].x0 > 390.0);
        assert_eq!(v.len(), 1, "{drawn:?}");
        // Erased, the page is blank.
        image.erase(&drawn);
        let left: Vec<(usize, usize)> = (0..image.pixels.len())
            .filter(|&i| image.pixels[i] <= 128)
            .map(|i| (i % 400, i / 400))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_run_read_across_a_ruling_is_cut_there_and_the_rulings_remains_dropped() {
        let piece = Piece {
            x0: 0.0,
            x1: 100.0,
            y: 50.0,
            size: 10.0,
            text: "市政务服务局”市大数据中心".into(),
        };
        let wall = Ruling {
            x0: 54.0,
            y0: 30.0,
            x1: 54.0,
            y1: 80.0,
        };
        let elsewhere = Ruling {
            y0: 60.0,
            y1: 90.0,
            ..wall
        };
        let cut = cut_at_rulings(vec![piece.clone()], &[wall]);
        let texts: Vec<&str> = cut.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["市政务服务局", "市大数据中心"]);
        assert!(cut[0].x1 <= 54.0 && cut[1].x0 >= 50.0);
        assert_eq!(
            cut_at_rulings(vec![piece], &[elsewhere]).len(),
            1,
            "below the line"
        );
    }

    #[test]
    fn anything_but_an_8_bit_binary_pgm_is_refused() {
        assert!(Gray::of(b"P2\n2 2\n255\n0 0 0 0").is_none());
        assert!(Gray::of(b"P5\n2 2\n65535\n\0\0\0\0\0\0\0\0").is_none());
        assert!(Gray::of(b"P5\n20 20\n255\n\0\0").is_none(), "cut short");
        assert!(Gray::of(b"P5\n99999999999 99999999999\n255\n").is_none());
    }
}
