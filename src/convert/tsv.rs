//! The words tesseract reads on a page image, with their places: its TSV output, one row
//! per page, block, paragraph, line and word (`level` 1 to 5), boxes in pixels. Pure.
//!
//! Read with their places, OCR text is laid out as a PDF's words are
//! ([`crate::extract::decode::placed`]): lines wrapped on the page join into paragraphs,
//! the page number and running header leave, and a table's cells, which tesseract's plain
//! text strings together with spaces, come out as rows. Tesseract boxes each run of
//! characters tightly around its ink, so the gaps inside a line of Chinese are wider than
//! a typeset line's; runs closer than [`JOIN_EMS`] are one piece, as a PDF's word is.

use crate::extract::decode::placed::{is_wide, Piece};

/// Millimetres in a pixel of a page rendered, or scanned, at 300 dpi. Photographs and
/// scans at other resolutions come out larger or smaller; the layout goes by the type's
/// size, not by millimetres.
pub(super) const MM_PER_PX: f64 = 25.4 / 300.0;

/// Runs of a line nearer than this many ems are one piece: the ink of two characters set
/// solid stands about half an em apart, a table's columns an em or more.
const JOIN_EMS: f64 = 0.75;

/// A line whose type is within this share of the page's usual size is set in it: lines of
/// one paragraph measured a little apart (a bracket's ink is taller) must not look set in
/// another size.
const SAME_SIZE: f64 = 0.15;

/// What one page image holds, from `tesseract … tsv`, straightened by `slope` if known
/// (from the page's rulings), else by the text's own. Rows that cannot be read are
/// skipped (tesseract writes none). In millimetres at [`MM_PER_PX`].
pub fn page(tsv: &str, slope: Option<f64>) -> Vec<Piece> {
    // The words of each line, keyed by (block, paragraph, line).
    type Line = ((u32, u32, u32), Vec<(PxBox, String)>);
    let mut lines: Vec<Line> = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let number = |i: usize| f[i].trim().parse::<u32>().ok();
        let (Some(5), Some(block), Some(par), Some(line)) =
            (number(0), number(2), number(3), number(4))
        else {
            continue;
        };
        let Some(b) = PxBox::of(&f[6..10]) else {
            continue;
        };
        // A table's ruling read as a character: Chinese documents do not write `|`.
        let text = f[11..].join("\t").replace('|', "");
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let key = (block, par, line);
        match lines.last_mut() {
            Some((k, words)) if *k == key => words.push((b, text.to_owned())),
            _ => lines.push((key, vec![(b, text.to_owned())])),
        }
    }
    let mut lines: Vec<Vec<Word>> = lines
        .into_iter()
        .map(|(_, words)| words.into_iter().map(Word::of).collect())
        .collect();
    straighten(&mut lines, slope);
    let ems: Vec<f64> = lines.iter().map(|words| em(words)).collect();
    let usual = median(ems.clone());
    lines
        .into_iter()
        .zip(ems)
        .flat_map(|(words, em)| {
            let em = if (em - usual).abs() <= SAME_SIZE * usual {
                usual
            } else {
                em
            };
            line_pieces(words, em)
        })
        .collect()
}

/// A run of text read, its box in pixels (y down).
#[derive(Debug, Clone)]
struct Word {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    text: String,
}

impl Word {
    fn of((b, text): (PxBox, String)) -> Self {
        Self {
            left: f64::from(b.left),
            right: f64::from(b.left + b.width),
            top: f64::from(b.top),
            bottom: f64::from(b.top + b.height),
            text,
        }
    }

    fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// Turns the page back straight: a page scanned or photographed askew has lines that
/// climb or fall, and then the left edge of a paragraph's lines drifts and they look
/// indented. The slope is the median over pairs of runs of a line (characters of the
/// body's height, four ems or more apart with no gap of two ems between: one visual line,
/// where a table's line in tesseract's sense strings cells of different heights together)
/// of their bottoms' rise over their middles' distance. Each run is turned back about the page's corner, by
/// (x + slope·y, y − slope·x).
fn straighten(lines: &mut [Vec<Word>], known: Option<f64>) {
    let slope = known.unwrap_or_else(|| text_slope(lines));
    for w in lines.iter_mut().flatten() {
        let (x, y) = ((w.left + w.right) / 2.0, w.bottom);
        let (dx, dy) = (slope * y, -slope * x);
        w.left += dx;
        w.right += dx;
        w.top += dy;
        w.bottom += dy;
    }
}

fn text_slope(lines: &[Vec<Word>]) -> f64 {
    let heights: Vec<f64> = lines.iter().flatten().map(Word::height).collect();
    let body = median(heights);
    let mut slopes: Vec<f64> = Vec::new();
    for words in lines.iter() {
        let mut sorted: Vec<&Word> = words
            .iter()
            .filter(|w| (w.height() - body).abs() <= 0.25 * body)
            .collect();
        sorted.sort_by(|a, b| a.left.total_cmp(&b.left));
        // Runs far enough apart that a pixel of rise tells (bottoms are whole pixels),
        // near enough in height to stand on one visual line, and no gap wider than two
        // ems between them (a table's cells side by side may not).
        for (i, a) in sorted.iter().enumerate() {
            for pair in sorted[i..].windows(2) {
                if pair[1].left - pair[0].right > 2.0 * body {
                    break;
                }
                let b = pair[1];
                let run = (b.left + b.right - a.left - a.right) / 2.0;
                if run >= 4.0 * body && (b.bottom - a.bottom).abs() < 0.3 * body {
                    slopes.push((b.bottom - a.bottom) / run);
                }
            }
        }
    }
    if slopes.len() < 10 {
        return 0.0;
    }
    // At most about 5 degrees: more is a page the layout would not read anyway.
    median_signed(slopes).clamp(-0.09, 0.09)
}

/// A line's type size in pixels: the lower quartile of its runs' heights. Most boxes are
/// the type's height; a ruling touching a character in a table stretches its box, and in
/// a table's header row that may be most of them.
fn em(words: &[Word]) -> f64 {
    let mut heights: Vec<f64> = words.iter().map(Word::height).collect();
    heights.sort_by(f64::total_cmp);
    heights
        .get(heights.len() / 4)
        .copied()
        .unwrap_or(1.0)
        .max(1.0)
}

fn median(values: Vec<f64>) -> f64 {
    median_signed(values).max(1.0)
}

fn median_signed(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// A line's words as pieces of type `em` pixels high: all on the line's usual bottom
/// (the baseline, give or take a descent), runs nearer than [`JOIN_EMS`] joined.
fn line_pieces(mut words: Vec<Word>, em: f64) -> Vec<Piece> {
    words.sort_by(|a, b| a.left.total_cmp(&b.left));
    let bottom = median_signed(words.iter().map(|w| w.bottom).collect());
    let y = bottom * MM_PER_PX;
    let size = em * MM_PER_PX;
    let mut pieces: Vec<Piece> = Vec::new();
    let mut last_right = f64::NEG_INFINITY;
    for w in words {
        match pieces.last_mut() {
            Some(p) if w.left - last_right < JOIN_EMS * em => {
                let latin = |c: Option<char>| c.is_some_and(|c| !is_wide(c));
                if latin(p.text.chars().last()) && latin(w.text.chars().next()) {
                    p.text.push(' ');
                }
                p.text.push_str(&w.text);
                p.x1 = w.right * MM_PER_PX;
            }
            _ => pieces.push(Piece {
                x0: w.left * MM_PER_PX,
                x1: w.right * MM_PER_PX,
                y,
                size,
                text: w.text,
            }),
        }
        last_right = last_right.max(w.right);
    }
    pieces
}

/// A box in pixels: left, top, width, height.
#[derive(Debug, Clone, Copy)]
struct PxBox {
    left: u32,
    top: u32,
    width: u32,
    height: u32,
}

impl PxBox {
    fn of(fields: &[&str]) -> Option<Self> {
        let n = |i: usize| fields.get(i)?.trim().parse::<u32>().ok();
        let b = Self {
            left: n(0)?,
            top: n(1)?,
            width: n(2)?,
            height: n(3)?,
        };
        (b.width > 0 && b.height > 0).then_some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(tsv: &str) -> Vec<Piece> {
        page(tsv, None)
    }

    const HEADER: &str =
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

    fn tsv(rows: &[&str]) -> String {
        std::iter::once(HEADER)
            .chain(rows.iter().copied())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_runs_of_a_line_close_together_are_one_piece_of_the_lines_size() {
        let page = tsv(&[
            "1\t1\t0\t0\t0\t0\t0\t0\t2481\t3508\t-1\t",
            "4\t1\t2\t1\t1\t0\t463\t743\t725\t64\t-1\t",
            "5\t1\t2\t1\t1\t1\t463\t752\t77\t54\t92.8\t四",
            "5\t1\t2\t1\t1\t2\t539\t739\t64\t92\t92.2\t、",
            "5\t1\t2\t1\t1\t3\t602\t746\t46\t61\t93.1\t关",
            // Ten ems on: another column.
            "5\t1\t2\t1\t1\t4\t1300\t746\t120\t60\t93.1\t办公室",
        ]);
        let pieces = pieces(&page);
        let texts: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["四、关", "办公室"]);
        let p = &pieces[0];
        assert!((p.y - 807.0 * MM_PER_PX).abs() < 1e-9, "the median bottom");
        // Heights 54, 92, 61 and 60: the lower quartile.
        assert!(
            (p.size - 60.0 * MM_PER_PX).abs() < 1e-9,
            "the lower quartile"
        );
        assert!((p.x1 - 648.0 * MM_PER_PX).abs() < 1e-9);
    }

    #[test]
    fn lines_nearly_of_the_pages_usual_size_are_set_in_it_and_a_title_keeps_its_own() {
        let page = tsv(&[
            "5\t1\t1\t1\t1\t1\t100\t100\t180\t90\t90\t纪要",
            "5\t1\t2\t1\t1\t1\t100\t300\t120\t60\t90\t会议",
            "5\t1\t2\t1\t2\t1\t100\t400\t132\t66\t90\t要求",
            "5\t1\t2\t1\t3\t1\t100\t500\t124\t62\t90\t各处",
        ]);
        let sizes: Vec<f64> = pieces(&page).iter().map(|p| p.size / MM_PER_PX).collect();
        assert_eq!(sizes, [90.0, 66.0, 66.0, 66.0]);
    }

    #[test]
    fn latin_words_keep_a_space_and_broken_rows_are_skipped() {
        let page = tsv(&[
            "4\t1\t1\t1\t1\t0\t100\t100\t400\t40\t-1\t",
            "5\t1\t1\t1\t1\t1\t100\t100\t80\t40\t90\tNo.",
            "5\t1\t1\t1\t1\t2\t190\t100\t40\t40\t90\t7",
            "5\t1\t1\t1\t1\t3\tx\t100\t40\t40\t90\t号",
            "5\t1\t1\t1",
        ]);
        let texts: Vec<String> = pieces(&page).into_iter().map(|p| p.text).collect();
        assert_eq!(texts, ["No. 7"], "a box that cannot be read is left");
    }
}

#[cfg(test)]
mod straightening {
    use super::*;

    #[test]
    fn a_page_turned_a_little_is_turned_back_so_its_lines_start_at_one_left_edge() {
        // Two lines of ten characters, the page turned by about 1 degree: each line falls
        // 1.7 px a character, and the lower line starts 3 px further left.
        let mut rows = vec!["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext".to_owned()];
        for (line, (left, top)) in [(400.0_f64, 1000.0_f64), (397.0, 1180.0)]
            .iter()
            .enumerate()
        {
            for i in 0..10 {
                let x = left + 100.0 * f64::from(i);
                let y = top + 1.745 * f64::from(i);
                rows.push(format!(
                    "5\t1\t1\t1\t{}\t{}\t{}\t{}\t90\t90\t95\t字",
                    line + 1,
                    i + 1,
                    x as u32,
                    y as u32
                ));
            }
        }
        let pieces = page(&rows.join("\n"), None);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert!((pieces[0].x0 - pieces[1].x0).abs() < 0.3, "{pieces:?}");
    }
}
